"""Build the calm plotly figures of the Progress page from the analytics tables."""

from __future__ import annotations

import html
import math
from collections.abc import Iterable
from datetime import datetime, timedelta, tzinfo
from typing import Any, cast

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from hipdash import analytics
from hipdash.analytics import CheckinsLike, GroupBy, SessionsLike, SetsLike
from hipdash.catalog import Catalog
from hipdash.vocabulary import AREA_SHORT_LABELS, AREAS

NO_DATA = "No data in this range"
# Figures carry no named template: Streamlit's theme styles fonts and backgrounds, light
# or dark, and applying a plotly template costs more than building the whole figure.
MUTED = "#78909c"
GRID = "rgba(120, 144, 156, 0.22)"
EMPTY_DAY = "rgba(120, 144, 156, 0.14)"
EASED = "#3f8f85"  # less tension afterwards
WORSE = "#c9855b"  # more tension afterwards
FEW = "#b0bec5"  # too few sessions to trust
VOLUME = "#8ccbbe"
LINE = "#546e7a"
# Muted, colour-blind-friendly hues; every chart gives an area the same colour.
AREA_COLORS: dict[str, str] = {
    "glutes": "#4e79a7",
    "hip_flexors": "#59a14f",
    "outer_hip": "#e0a040",
    "inner_thigh": "#b07aa1",
    "hamstrings": "#5fb0ab",
    "deep_rotators": "#9c755f",
    "lower_back": "#d86f6f",
}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# Every weekly number in hipdash covers Monday to Sunday (ISO weeks); the axes say so.
WEEK_NOTE = "weeks run Monday to Sunday"
_DAY_MS = 86_400_000
# Weekly marks sit mid-week so they line up with the days they summarise.
_MID_WEEK = pd.Timedelta(days=3, hours=12)
_MAX_DAYS_WITH_DOTS = 371
_TENSION_RANGE = (-0.3, 10.3)  # a hair beyond 0-10 so dots on the limits stay whole


def tension_figure(
    checkins: CheckinsLike,
    areas: Iterable[str] | None,
    start: datetime,
    end: datetime,
    tz: tzinfo,
) -> go.Figure:
    """Return tension per area over time: daily means, a 7-day rolling mean and weekly means.

    ``areas`` is an iterable of area ids; None or empty shows every area with data.
    """
    title = "Tension over time"
    chosen = list(areas) if areas else None
    daily = analytics.daily_tension(checkins, start, end, tz, chosen)
    if not len(daily):
        return _empty_figure(title)
    weekly = analytics.weekly_tension(checkins, start, end, tz, chosen)
    present = set(daily["area"])
    shown = [area for area in AREAS if area in present] + sorted(present - set(AREAS))
    # Two decimals are plenty on a 0-10 scale and keep the page's payload small.
    daily = daily.round({"mean": 2, "rolling7": 2})
    weekly = weekly.round({"mean": 2})
    daily_by_area = dict(tuple(daily.groupby("area", sort=False)))
    weekly_by_area = dict(tuple(weekly.groupby("area", sort=False)))
    # Beyond a year, thousands of daily dots only blur the lines and slow the browser.
    with_dots = len(analytics.range_days(start, end, tz)) <= _MAX_DAYS_WITH_DOTS
    traces = [
        trace
        for area in shown
        for trace in _area_traces(
            area, daily_by_area[area], weekly_by_area[area], len(shown) > 1, with_dots
        )
    ]
    subtitle = "line: 7-day mean · diamonds: weekly mean"
    layout = _layout(
        title,
        subtitle=f"Dots: daily mean · {subtitle}" if with_dots else subtitle.capitalize(),
        xaxis=_date_axis("Date", start, end, tz),
        yaxis={
            "title": {"text": "Tension (0 = none, 10 = worst)"},
            "range": list(_TENSION_RANGE),
            "tickvals": list(range(0, 11, 2)),
            "fixedrange": True,
        },
    )
    return FrozenFigure(data=traces, layout=layout)


def _area_traces(
    area: str, daily: pd.DataFrame, weekly: pd.DataFrame, show_legend: bool, with_dots: bool
) -> list[dict[str, Any]]:
    color = AREA_COLORS.get(area, MUTED)
    name = AREA_SHORT_LABELS.get(area, area)
    shared = {"type": "scatter", "name": name, "legendgroup": area}
    dots, line, diamonds = [
        {
            **shared,
            "x": daily["day"],
            "y": daily["mean"],
            "customdata": daily["n"],
            "mode": "markers",
            "marker": {"color": color, "size": 5, "opacity": 0.35},
            "showlegend": False,
            "hovertemplate": f"<b>{name}</b><br>%{{x|%a %d %b %Y}}<br>"
            "Day's mean %{y:.1f} (%{customdata} check-ins)<extra></extra>",
        },
        {
            **shared,
            **_with_gaps(daily["day"], daily["rolling7"]),
            "mode": "lines",
            "line": {"color": color, "width": 2.5},
            "showlegend": show_legend,
            "hovertemplate": f"<b>{name}</b><br>%{{x|%a %d %b %Y}}<br>"
            "7-day mean %{y:.1f}<extra></extra>",
        },
        {
            **shared,
            "x": weekly["week"] + _MID_WEEK,
            "y": weekly["mean"],
            "customdata": np.column_stack([_week_labels(weekly["week"]), weekly["n"]]),
            "mode": "markers",
            "marker": {"color": color, "size": 9, "symbol": "diamond-open", "line": {"width": 2}},
            "showlegend": False,
            "hovertemplate": f"<b>{name}</b><br>Week of %{{customdata[0]}}<br>"
            "Weekly mean %{y:.1f} (%{customdata[1]} check-ins)<extra></extra>",
        },
    ]
    return [dots, line, diamonds] if with_dots else [line, diamonds]


def what_helps_figure(
    data: Any,
    catalog: Catalog,
    start: datetime,
    end: datetime,
    by: GroupBy = "technique",
    limit: int | None = 12,
) -> go.Figure:
    """Return horizontal bars of the average tension change per technique, biggest drop on top.

    Bars for fewer than three sessions are grey, hatched and labelled "few samples".
    """
    table = analytics.what_helps_table(data, catalog, start, end, by=by)
    return what_helps_figure_of(table, by, limit)


def what_helps_figure_of(
    table: pd.DataFrame, by: GroupBy = "technique", limit: int | None = 12
) -> go.Figure:
    """Return the "what helps me" bars for a table from ``analytics.what_helps_table``."""
    title = "What helps me" + (" (by kind of technique)" if by == "modality" else "")
    if not len(table):
        return _empty_figure(title)
    if limit is not None:
        table = table.head(limit)
    few = table["few_samples"].to_numpy()
    change = table["mean_change"].to_numpy()
    colors = np.where(few, FEW, np.where(change <= 0, EASED, WORSE))
    text = [
        f"{value:+.1f} · n={n}" + (" · few samples" if is_few else "")
        for value, n, is_few in zip(change, table["sessions"], few, strict=True)
    ]
    bars = {
        "type": "bar",
        "x": change,
        "y": table["label"],
        "orientation": "h",
        "marker": {
            "color": colors.tolist(),
            "pattern": {"shape": ["/" if is_few else "" for is_few in few], "fgcolor": MUTED},
        },
        "customdata": np.column_stack(
            [table["mean_before"], table["mean_after"], table["sessions"]]
        ),
        "hovertemplate": "<b>%{y}</b><br>Average change %{x:+.1f}<br>"
        "Before %{customdata[0]:.1f} → after %{customdata[1]:.1f}<br>"
        "%{customdata[2]} sessions<extra></extra>",
        "showlegend": False,
    }
    # Labels sit just right of each bar's end (or of zero), never over the
    # technique names on the left; the right side gets room for them.
    left = min(0.0, float(change.min())) * 1.1 - 0.2
    right = max(0.0, float(change.max())) + max(1.6, -left * 0.9)
    labels = {
        "type": "scatter",
        "mode": "text",
        "x": np.maximum(change, 0) + (right - left) * 0.01,
        "y": table["label"],
        "text": text,
        "textposition": "middle right",
        # No colour of its own: the theme's text colour reads on light and dark pages.
        "textfont": {"size": 11},
        "hoverinfo": "skip",
        "showlegend": False,
        "cliponaxis": False,
    }
    layout = _layout(
        title,
        subtitle="Average change from before to after a session. Below zero: less tension.",
        height=140 + 36 * len(table),
        xaxis={
            "title": {"text": "Change in tension (points on the 0-10 scale)"},
            "range": [left, right],
            "zeroline": True,
            "zerolinecolor": MUTED,
            "zerolinewidth": 1,
        },
        yaxis={"autorange": "reversed", "showgrid": False},
    )
    return FrozenFigure(data=[bars, labels], layout=layout)


def strength_figure(
    sets: SetsLike, exercise_name: str, start: datetime, end: datetime, tz: tzinfo
) -> go.Figure:
    """Return one exercise's best set per day, weekly volume and, if logged, longest holds."""
    frame = analytics.set_frame(sets)
    daily = analytics.strength_daily(frame, exercise_name, start, end, tz)
    if not len(daily):
        return _empty_figure(exercise_name or "Strength")
    kind = analytics.exercise_kind(frame, exercise_name)
    unit = analytics.load_unit(frame, exercise_name)
    weekly = analytics.strength_weekly(frame, exercise_name, start, end, tz)
    best_title, volume_title, best_hover = {
        "load": (
            f"Best set ({unit} lifted × reps)",
            f"Weekly volume ({unit} lifted × reps)",
            f"Best set %{{customdata[1]:g}} {unit} × %{{customdata[0]:g}} reps = %{{y:,.0f}}",
        ),
        "reps": ("Best set (reps)", "Weekly volume (reps)", "Best set %{y:g} reps"),
        "hold": ("Longest hold (s)", "Weekly volume (hold s)", "Longest hold %{y:g} s"),
    }[kind]
    traces: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "x": daily["day"],
            "y": daily["best"],
            "customdata": np.column_stack([daily["best_reps"], daily["best_load"]]),
            "mode": "lines+markers",
            "line": {"color": EASED, "width": 2},
            "marker": {"size": 6},
            "name": best_title,
            "hovertemplate": f"%{{x|%a %d %b %Y}}<br>{best_hover}<extra></extra>",
            "showlegend": False,
        },
        {
            **_week_bars(
                weekly["week"],
                weekly["volume"],
                volume_title,
                np.column_stack([_week_labels(weekly["week"]), weekly["sets"]]),
                "Week of %{customdata[0]}<br>Volume %{y:,.0f}<br>"
                "%{customdata[1]} sets<extra></extra>",
            ),
            "showlegend": False,
            "yaxis": "y2",
        },
    ]
    titles = [best_title, volume_title]
    held = daily[daily["max_hold"].notna()]
    if kind != "hold" and len(held):
        traces.append(
            {
                "type": "scatter",
                "x": held["day"],
                "y": held["max_hold"],
                "mode": "lines+markers",
                "line": {"color": MUTED, "width": 2, "dash": "dot"},
                "name": "Longest hold (s)",
                "hovertemplate": "%{x|%a %d %b %Y}<br>Longest hold %{y:g} s<extra></extra>",
                "showlegend": False,
                "yaxis": "y3",
            }
        )
        titles.append("Longest hold (s)")
    # Stacked panels share one date axis: the top panel is the tallest.
    domains = (
        [[0.42, 1.0], [0.0, 0.34]] if len(titles) == 2 else [[0.5, 1], [0.25, 0.44], [0, 0.19]]
    )
    tops = [float(daily["best"].max()), float(weekly["volume"].max())]
    if len(titles) == 3:
        tops.append(float(held["max_hold"].max()))
    counts = [kind == "reps", kind == "reps", False]
    # Loosely typed: these become keyword arguments of _layout, named only at run time.
    axes: dict[str, Any] = {
        f"yaxis{'' if i == 0 else i + 1}": {
            **(count_axis if is_count else measure_axis)(top, text),
            "domain": domain,
            "gridcolor": GRID,
        }
        for i, (text, domain, top, is_count) in enumerate(
            zip(titles, domains, tops, counts, strict=False)
        )
    }
    layout = _layout(
        exercise_name,
        height=420 if len(titles) == 2 else 520,
        # The date axis sits under the bottom panel.
        xaxis={**_date_axis("Date", start, end, tz), "anchor": f"y{len(titles)}"},
        **axes,
    )
    return FrozenFigure(data=traces, layout=layout)


def _week_bars(
    weeks: pd.Series, values: pd.Series, name: str, customdata: Any, hover: str
) -> dict[str, Any]:
    """Return a bar per week, centred on the week and nearly as wide."""
    return {
        "type": "bar",
        "x": weeks + _MID_WEEK,
        "y": values,
        "width": 6 * _DAY_MS,
        "marker": {"color": VOLUME},
        "name": name,
        "customdata": customdata,
        "hovertemplate": hover,
    }


def _week_line(
    weeks: pd.Series,
    values: pd.Series,
    name: str,
    customdata: Any,
    hover: str,
    *,
    color: str,
    width: float,
) -> dict[str, Any]:
    """Return a line with a dot per week, on the second y-axis."""
    return {
        "type": "scatter",
        "x": weeks + _MID_WEEK,
        "y": values,
        "mode": "lines+markers",
        "line": {"color": color, "width": width},
        "marker": {"size": 7},
        "name": name,
        "customdata": customdata,
        "hovertemplate": hover,
        "yaxis": "y2",
    }


def consistency_figure(
    sessions: SessionsLike, start: datetime, end: datetime, tz: tzinfo
) -> go.Figure:
    """Return active minutes (bars) and sessions (dots) for every week in the range."""
    title = "Sessions and minutes per week"
    weekly = analytics.weekly_consistency(sessions, start, end, tz)
    if not int(weekly["sessions"].sum()):
        return _empty_figure(title)
    labels = _week_labels(weekly["week"])
    traces = [
        _week_bars(
            weekly["week"],
            weekly["minutes"],
            "Active minutes",
            np.column_stack([labels, weekly["sessions"]]),
            "Week of %{customdata[0]}<br>%{y:.1f} active minutes<br>"
            "%{customdata[1]} sessions<extra></extra>",
        ),
        _week_line(
            weekly["week"],
            weekly["sessions"],
            "Sessions",
            labels,
            "Week of %{customdata}<br>%{y} sessions<extra></extra>",
            color=LINE,
            width=1.5,
        ),
    ]
    layout = _layout(
        title,
        xaxis=_date_axis("Week", start, end, tz),
        # Whole minutes, rounded as the Minutes figure above the tabs rounds them.
        yaxis=count_axis(float(weekly["minutes"].max()), "Active minutes"),
        yaxis2=count_axis(
            float(weekly["sessions"].max()),
            "Sessions",
            overlaying="y",
            side="right",
            showgrid=False,
        ),
    )
    return FrozenFigure(data=traces, layout=layout)


def calendar_heatmap_figure(
    sessions: SessionsLike, start: datetime, end: datetime, tz: tzinfo
) -> go.Figure:
    """Return a GitHub-style calendar of active days: weeks as columns, Monday on top."""
    title = "Active days"
    daily = analytics.daily_activity(sessions, start, end, tz)
    if not int(daily["sessions"].sum()):
        return _empty_figure(title)
    daily = daily.assign(
        week=analytics.week_start(daily["day"]),
        weekday=daily["day"].dt.day_of_week,
        label=daily["day"].dt.strftime("%a %d %b %Y"),
    )
    grid = daily.pivot(index="weekday", columns="week").reindex(range(7))
    minutes = grid["minutes"].to_numpy(dtype="float64")
    peak = max(float(np.nanmax(minutes)), 1.0)
    heatmap = {
        "type": "heatmap",
        "z": minutes,
        "x": grid["minutes"].columns,
        "y": list(WEEKDAYS),
        "customdata": np.dstack(
            [grid["label"].fillna("").to_numpy(), grid["sessions"].fillna(0).to_numpy()]
        ),
        # Inactive days keep a pale cell of their own so a gap reads as a gap.
        "colorscale": [[0.0, EMPTY_DAY], [0.5 / peak, "#d3ebe5"], [1.0, "#2f7d73"]],
        "zmin": 0,
        "zmax": peak,
        "xgap": 3,
        "ygap": 3,
        "hoverongaps": False,
        "hovertemplate": "%{customdata[0]}<br>%{z:.0f} active minutes<br>"
        "%{customdata[1]} sessions<extra></extra>",
        "colorbar": {"title": {"text": "Minutes"}, "thickness": 10, "len": 0.9},
    }
    layout = _layout(
        title,
        height=260,
        xaxis=_week_start_axis(grid["minutes"].columns),
        yaxis={"autorange": "reversed", "showgrid": False, "fixedrange": True},
    )
    return FrozenFigure(data=[heatmap], layout=layout)


# plotly ships no type information, so go.Figure is Any to mypy.
class FrozenFigure(go.Figure):  # type: ignore[misc]
    """A figure nobody changes once it is built, so its dict form is computed only once.

    Streamlit turns a figure into a dict on every rerun; for a cached figure on years of
    logs that walk is most of a rerun's cost.
    """

    def to_dict(self) -> dict[str, Any]:
        """Return the figure as a dict, built on the first call and shared after it."""
        frozen: dict[str, Any] | None = getattr(self, "_frozen_dict", None)
        if frozen is None:
            frozen = super().to_dict()
            self._frozen_dict = frozen
        return frozen


def _layout(title: str, subtitle: str = "", height: int = 380, **axes: Any) -> dict[str, Any]:
    for name, axis in axes.items():
        if name.startswith(("xaxis", "yaxis")):
            axis.setdefault("gridcolor", GRID)
    return {
        "title": {
            # A title may be an exercise name a person typed; plotly reads a few HTML
            # tags in titles, so it is escaped to show as the plain text it is.
            "text": html.escape(title, quote=False),
            "x": 0,
            "xanchor": "left",
            "font": {"size": 16},
            # Text takes the theme's colour, which keeps AA contrast in light and dark.
            "subtitle": {"text": subtitle, "font": {"size": 12}},
        },
        "height": height,
        "margin": {"l": 64, "r": 24, "t": 72 if subtitle else 56, "b": 48},
        "paper_bgcolor": "rgba(0, 0, 0, 0)",
        "plot_bgcolor": "rgba(0, 0, 0, 0)",
        "hovermode": "closest",
        # Above the plot, right-aligned: clear of the title and the x-axis title.
        "legend": {"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom"},
        "bargap": 0.15,
        **axes,
    }


def _empty_figure(title: str) -> go.Figure:
    annotation = {
        "text": NO_DATA,
        "x": 0.5,
        "y": 0.5,
        "xref": "paper",
        "yref": "paper",
        "showarrow": False,
        "font": {"size": 15},
    }
    layout = _layout(
        title,
        height=260,
        xaxis={"visible": False},
        yaxis={"visible": False},
    )
    return FrozenFigure(layout={**layout, "annotations": [annotation]})


def _date_axis(title: str, start: datetime, end: datetime, tz: tzinfo) -> dict[str, Any]:
    """Return a date axis over whole Monday-to-Sunday weeks, so this week's marks fit."""
    axis: dict[str, Any] = {"title": {"text": f"{title} · {WEEK_NOTE}"}, "type": "date"}
    days = analytics.range_days(start, end, tz)
    if len(days):
        # Weekly marks sit mid-week, so the axis runs to the end of the current week;
        # half a day of margin keeps the first and last dots off the frame.
        first = analytics.week_start(days[:1])[0]
        last = analytics.week_start(days[-1:])[0] + pd.Timedelta(days=7)
        axis["range"] = [first - timedelta(hours=12), last + timedelta(hours=12)]
        # Ticks on Mondays, where the weeks start, a week or a few weeks apart.
        weeks = (last - first).days // 7
        axis.update(tick0=first, dtick=7 * _DAY_MS * max(1, math.ceil(weeks / 8)))
        axis["tickformat"] = "%-d %b\n%Y" if weeks > 52 else "%-d %b"
    return axis


def count_axis(top: float, title: str, **extra: Any) -> dict[str, Any]:
    """Return a y-axis for whole-number counts from 0: whole, unique ticks and room at the top."""
    step = nice_step(max(top, 1.0))
    ceiling = step * math.ceil(max(top, 1.0) / step)
    return {
        "title": {"text": title},
        "range": [0, ceiling * 1.08],
        "tickmode": "array",
        "tickvals": list(range(0, int(ceiling) + 1, int(step))),
        "tickformat": "d",
        **extra,
    }


def measure_axis(top: float, title: str, **extra: Any) -> dict[str, Any]:
    """Return a y-axis from 0 that holds values up to ``top`` with a little room above."""
    step = nice_step(max(top, 1e-9)) if top > 0 else 1.0
    ceiling = step * math.ceil(top / step) if top > 0 else 1.0
    return {"title": {"text": title}, "range": [0, ceiling * 1.08], "dtick": step, **extra}


def nice_step(top: float, ticks: int = 5) -> float:
    """Return a 1-2-5 step that splits 0..``top`` into at most about ``ticks`` parts.

    Steps for values of 1 or more are whole numbers, so counts never get a tick such as 1.5.
    """
    raw = top / ticks
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            step = factor * magnitude
            break
    return float(max(1, round(step))) if top >= 1 else step


def _week_start_axis(mondays: pd.Index) -> dict[str, Any]:
    """Return an x-axis whose ticks fall on the Mondays the heatmap's columns start on."""
    every = max(1, math.ceil(len(mondays) / 8))
    shown = list(mondays[::every])
    half_week = pd.Timedelta(days=3, hours=12)
    return {
        "title": {"text": "Week starting Monday"},
        "type": "date",
        "showgrid": False,
        "tickmode": "array",
        "tickvals": shown,
        "ticktext": [day.strftime("%-d %b") for day in shown],
        "range": [mondays[0] - half_week, mondays[-1] + half_week],
    }


def _with_gaps(days: pd.Series, values: pd.Series) -> dict[str, Any]:
    """Return x and y with a blank after every silence of over a week, so no line bridges it."""
    after_gap = (days.diff() > pd.Timedelta(days=7)).to_numpy()
    if not after_gap.any():
        return {"x": days, "y": values}
    blanks = pd.DataFrame({"x": days[after_gap] - pd.Timedelta(days=1), "y": np.nan})
    joined = pd.concat([pd.DataFrame({"x": days, "y": values}), blanks]).sort_values("x")
    return {"x": joined["x"], "y": joined["y"]}


def _week_labels(weeks: pd.Series) -> np.ndarray:
    # pandas-stubs types ``.dt`` of a Series of unknown dtype as Any.
    return cast(np.ndarray, weeks.dt.strftime("%d %b %Y").to_numpy())
