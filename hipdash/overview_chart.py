"""Draw the Progress overview, tension and strength week by week, as an SVG made in code.

It is the page's first chart. Drawn here rather than with plotly, it shows without the
browser first loading and starting plotly.js (4.7 MB), which on a modest machine takes
longer than everything else on the page together. The other tabs keep plotly's hover and
zoom; this one has a summary in words (``describe``) and its numbers as a table
(``table_rows``) instead.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from hipdash.spans import day_text
from hipdash.summary import OverviewWeek

TITLE = "Tension and strength, week by week"

# Every colour per theme. The tension line and the bars keep 3:1 against the page, and the
# text 4.5:1 (WCAG 1.4.11 and 1.4.3); tests/test_overview_chart.py computes the ratios.
PALETTES: dict[str, dict[str, str]] = {
    "light": {
        "page": "#fbfaf7",
        "text": "#3d4a46",
        "grid": "#dde3e0",
        "axis": "#7d8a85",
        "line": "#a9532a",
        "bar": "#3f8f85",
    },
    "dark": {
        "page": "#131a17",
        "text": "#c9d3cf",
        "grid": "#2c3833",
        "axis": "#7d8a85",
        "line": "#eb9c6e",
        "bar": "#3f8f85",
    },
}


@dataclass(frozen=True)
class Layout:
    """The drawing's size in its own units, and how many week labels fit along the bottom."""

    width: int
    height: int
    max_labels: int
    font: int


# The wide drawing fills a desktop column; the narrow one is for phones, where the wide
# one scaled down would shrink its text below a readable size.
WIDE = Layout(width=760, height=330, max_labels=9, font=13)
NARROW = Layout(width=380, height=300, max_labels=4, font=12)

_LEFT, _RIGHT, _TOP, _BOTTOM = 48, 46, 44, 50
_TENSION_TOP = 10.4  # a hair above 10 so a point on the limit stays whole
_MIN_BAR_SLOT = 6.0  # below this width per week, sets are drawn as one stepped area


def has_data(weeks: Sequence[OverviewWeek]) -> bool:
    """Return True when any week in the range has a check-in or a set."""
    return any(w.tension is not None or w.sets for w in weeks)


def overview_svg(weeks: Sequence[OverviewWeek], theme: str, layout: Layout = WIDE) -> str:
    """Return the overview as SVG markup: weekly mean tension as a line, sets as bars."""
    colours = PALETTES.get(theme, PALETTES["light"])
    plot_w = layout.width - _LEFT - _RIGHT
    plot_h = layout.height - _TOP - _BOTTOM
    bottom = _TOP + plot_h
    slot = plot_w / max(len(weeks), 1)
    per_line = sets_step(max((w.sets for w in weeks), default=0))

    def x(i: int) -> float:
        return _LEFT + slot * (i + 0.5)

    def y_tension(level: float) -> float:
        return bottom - plot_h * level / _TENSION_TOP

    def y_sets(count: float) -> float:
        return y_tension(count / per_line * 10 / _GRID_LINES)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {layout.width} {layout.height}" '
        f'width="{layout.width}" height="{layout.height}" font-family="sans-serif" '
        f'font-size="{layout.font}" fill="{colours["text"]}">'
    ]
    # One grid for both axes: tension 0-10 on the left, sets on the same lines on the right.
    for line in range(_GRID_LINES + 1):
        y = y_tension(line * 10 / _GRID_LINES)
        parts.append(_line(_LEFT, y, _LEFT + plot_w, y, colours["grid"]))
        parts.append(_text(_LEFT - 6, y + 4, str(line * 10 // _GRID_LINES), anchor="end"))
        parts.append(_text(_LEFT + plot_w + 6, y + 4, str(line * per_line)))
    parts.append(_line(_LEFT, bottom, _LEFT + plot_w, bottom, colours["axis"]))
    # Bars first, so the line is drawn over them.
    if slot >= _MIN_BAR_SLOT:
        # Narrow, so the tension line, the main measure, stays the first thing the eye meets.
        bar_w = min(slot * 0.42, 24.0)
        for i, week in enumerate(weeks):
            if week.sets:
                top = y_sets(week.sets)
                parts.append(
                    f'<rect x="{x(i) - bar_w / 2:.1f}" y="{top:.1f}" width="{bar_w:.1f}" '
                    f'height="{bottom - top:.1f}" fill="{colours["bar"]}"/>'
                )
    else:
        # Years of weeks would leave each bar under a pixel wide: one stepped area, pale
        # inside so the line over it keeps its contrast, with its edge drawn at full strength.
        steps = [f"{_LEFT:.1f},{bottom:.1f}"]
        for i, week in enumerate(weeks):
            top = y_sets(week.sets)
            steps += [f"{x(i) - slot / 2:.1f},{top:.1f}", f"{x(i) + slot / 2:.1f},{top:.1f}"]
        steps.append(f"{_LEFT + plot_w:.1f},{bottom:.1f}")
        parts.append(
            f'<polygon points="{" ".join(steps)}" fill="{colours["bar"]}" fill-opacity="0.25" '
            f'stroke="{colours["bar"]}" stroke-width="1.5" stroke-linejoin="round"/>'
        )
    parts.extend(_tension_line(weeks, x, y_tension, colours["line"], dots=slot >= 6))
    for i, label in week_labels(weeks, layout.max_labels):
        parts.append(_line(x(i), bottom, x(i), bottom + 4, colours["axis"]))
        parts.append(_text(x(i), bottom + 18, label, anchor="middle"))
    parts.append(
        _text(_LEFT + plot_w / 2, layout.height - 8, "Week (Monday to Sunday)", anchor="middle")
    )
    parts.append(_axis_title(14, _TOP + plot_h / 2, "Tension (0-10)"))
    parts.append(_axis_title(layout.width - 8, _TOP + plot_h / 2, "Strength sets"))
    parts.extend(_legend(colours))
    parts.append("</svg>")
    return "".join(parts)


def _tension_line(
    weeks: Sequence[OverviewWeek],
    x: Callable[[int], float],
    y: Callable[[float], float],
    colour: str,
    *,
    dots: bool,
) -> list[str]:
    # A week without check-ins breaks the line: a gap, not a fall to zero.
    runs: list[list[str]] = [[]]
    marks = []
    for i, week in enumerate(weeks):
        if week.tension is None:
            runs.append([])
            continue
        point = f"{x(i):.1f},{y(week.tension):.1f}"
        runs[-1].append(point)
        if dots:
            marks.append(
                f'<circle cx="{x(i):.1f}" cy="{y(week.tension):.1f}" r="3.5" fill="{colour}"/>'
            )
    lines = [
        f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" '
        f'stroke-width="2.5" stroke-linejoin="round"/>'
        for run in runs
        if len(run) > 1
    ]
    return lines + marks


def _legend(colours: dict[str, str]) -> list[str]:
    return [
        _line(_LEFT, 16, _LEFT + 22, 16, colours["line"], width=2.5),
        f'<circle cx="{_LEFT + 11}" cy="16" r="3.5" fill="{colours["line"]}"/>',
        _text(_LEFT + 28, 20, "Average tension (left)"),
        f'<rect x="{_LEFT + 190}" y="9" width="14" height="14" fill="{colours["bar"]}"/>',
        _text(_LEFT + 210, 20, "Strength sets (right)"),
    ]


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, width: float = 1) -> str:
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
        f'stroke="{colour}" stroke-width="{width}"/>'
    )


def _text(x: float, y: float, text: str, anchor: str = "start") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{escape(text)}</text>'


def _axis_title(x: float, y: float, text: str) -> str:
    return (
        f'<text transform="translate({x:.1f} {y:.1f}) rotate(-90)" text-anchor="middle">'
        f"{escape(text)}</text>"
    )


_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000)
_GRID_LINES = 5  # tension's grid: 0, 2, 4, 6, 8 and 10


def sets_step(largest: int) -> int:
    """Return the sets per grid line: a round number, so the top line holds the busiest week.

    The sets axis shares tension's five grid lines, so its ticks sit on the same lines.
    """
    return next((s for s in _STEPS if largest <= s * _GRID_LINES), math.ceil(largest / 5))


def week_labels(weeks: Sequence[OverviewWeek], most: int) -> list[tuple[int, str]]:
    """Return which weeks get a label along the bottom, and the label, at most ``most``.

    Up to a year, evenly spaced weeks ("14 Sep"); beyond, the first week of evenly spaced
    months ("Jan 2025"), and beyond three labels' worth of months, of years ("2025").
    """
    if len(weeks) <= 52:
        step = max(1, math.ceil(len(weeks) / most))
        return [(i, f"{w.monday.day} {w.monday:%b}") for i, w in enumerate(weeks)][::step]
    months = [(i, w) for i, w in enumerate(weeks) if w.monday.day <= 7]
    if len(months) <= 3 * most:
        step = max(1, math.ceil(len(months) / most))
        return [(i, f"{w.monday:%b %Y}") for i, w in months][::step]
    years = [(i, w) for i, w in months if w.monday.month == 1]
    step = max(1, math.ceil(len(years) / most))
    return [(i, f"{w.monday.year}") for i, w in years][::step]


def describe(weeks: Sequence[OverviewWeek]) -> str:
    """Return the chart in words, for people who cannot see it."""
    if not weeks:
        return f"{TITLE}: no weeks in this range."
    first_week, last_week = day_text(weeks[0].monday), day_text(weeks[-1].monday)
    span = f"{len(weeks)} weeks from {first_week} to {last_week}"
    rated = [w for w in weeks if w.tension is not None]
    if rated:
        first, last = rated[0], rated[-1]
        tension = f"Average tension was {first.tension:.1f} in the week of {day_text(first.monday)}"
        if last is not first:
            tension += f" and {last.tension:.1f} in the week of {day_text(last.monday)}"
        tension += "."
    else:
        tension = "No tension check-ins."
    total = sum(w.sets for w in weeks)
    most = max(w.sets for w in weeks)
    sets = f"{total} strength sets in all, at most {most} in a week." if total else "No sets."
    return f"{TITLE}, {span}. {tension} {sets}"


def table_rows(weeks: Sequence[OverviewWeek]) -> list[tuple[str, str, str]]:
    """Return each week's numbers as text: the week, its mean tension and its sets."""
    return [
        (
            day_text(w.monday),
            "no check-ins" if w.tension is None else f"{w.tension:.1f}",
            str(w.sets),
        )
        for w in weeks
    ]
