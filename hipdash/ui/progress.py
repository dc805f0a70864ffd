"""Draw the pieces of the Progress page: headline numbers, the tabs' charts, the empty state.

The page opens on the headline numbers and the overview, both built without pandas
(``hipdash.summary``) and drawn without plotly (``hipdash.overview_chart``). pandas and
plotly load only when another tab is opened: ``hipdash.analytics`` and ``hipdash.charts``
are imported inside the functions that draw those tabs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo
from html import escape
from typing import TYPE_CHECKING, Any, TypeVar

import streamlit as st

from hipdash import overview_chart
from hipdash.bodymap import heat_colour
from hipdash.collector import paused
from hipdash.datauri import svg_data_uri
from hipdash.spans import RANGE_CHOICES, date_range
from hipdash.store import Snapshot
from hipdash.summary import Timeline, kpi_weeks, weekly_kpis, weekly_overview
from hipdash.ui.bodymap import body_map, map_theme
from hipdash.ui.shell import get_catalog, in_demo, start_demo
from hipdash.vocabulary import AREA_SHORT_LABELS, AREAS

if TYPE_CHECKING:
    from hipdash.analytics import Frames, GroupBy

DEFAULT_RANGE = "12w"
CHART_CONFIG = {"displayModeBar": False}
TABS = ("Overview", "Tension", "What helps me", "Strength", "Consistency")
# Views kept per data version; a few ranges and tabs' worth is plenty.
MEMO_ENTRIES = 64
T = TypeVar("T")
ViewKey = tuple[datetime, datetime]


@st.cache_resource(show_spinner=False, max_entries=2)
def _memo(revision: str) -> dict[tuple[Any, ...], Any]:
    # One memo per data version (file and stat signature): the frames and every figure
    # built from them. A short string key means a rerun hashes almost nothing, and one
    # cached function instead of one per view keeps the per-run decorator cost small.
    return {}


class Views:
    """The frames and figures of one data version, each built once and shared by every tab."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self._views: dict[tuple[Any, ...], Any] | None = None

    def get(self, key: tuple[Any, ...], build: Callable[[], T]) -> T:
        """Return the view stored under ``key`` for this data version, building it once."""
        if self._views is None:
            # Looked up once per run: each cached call costs more than the view lookups.
            self._views = _memo(self.snapshot.revision)
        memo = self._views
        if key not in memo:
            if len(memo) >= MEMO_ENTRIES:
                memo.clear()
            memo[key] = build()
        result: T = memo[key]
        return result

    def timeline(self) -> Timeline:
        """Return the records in time order, for the headline numbers and the overview."""
        return self.get(("timeline",), lambda: Timeline(self.snapshot))

    def frames(self) -> Frames:
        """Return the analytics frames of the data."""
        from hipdash import analytics

        def build() -> Frames:
            with paused():
                return analytics.frames(self.snapshot)

        return self.get(("frames",), build)


def has_logs(snapshot: Snapshot) -> bool:
    """Return True when anything Progress charts has been logged."""
    return bool(snapshot.checkins or snapshot.sets or snapshot.sessions)


def empty_state() -> None:
    """Explain what will show here once something is logged, and offer the demo."""
    st.info(
        "Nothing logged yet. Once you check in on your tension, log strength sets or finish "
        "a guided session, this page shows how things change week by week: tension per area, "
        "what actually helps you, strength and hold times, and how consistent you have been.",
        icon=":material/monitoring:",
    )
    with st.container(horizontal=True):
        st.page_link("pages/log.py", label="Log a check-in", icon=":material/edit_note:")
        st.page_link("pages/session.py", label="Start a session", icon=":material/timer:")
    st.markdown("Curious what it looks like after a few weeks?")
    st.button(
        "Try with demo data",
        key="progress_demo",
        on_click=start_demo,
        icon=":material/science:",
        help="Fills a separate demo file with 12 weeks of made-up logs. Your own data is "
        "not touched, and a button at the top brings you back.",
    )


def demo_switch() -> None:
    """Offer the demo at any time; while it shows, the banner at the top leads back."""
    if in_demo():
        return
    st.button(
        "See the demo data",
        key="progress_demo_any",
        on_click=start_demo,
        icon=":material/science:",
        help="Shows 12 weeks of made-up logs, up to today, from a separate demo file. Your "
        "own data is not touched; a button at the top brings you back.",
    )


def range_choice(timeline: Timeline, moment: datetime, tz: tzinfo) -> ViewKey:
    """Let the person pick the span shown; return it as local midnights [start, end)."""
    choice = st.segmented_control(
        "Show",
        list(RANGE_CHOICES),
        format_func=RANGE_CHOICES.__getitem__,
        default=DEFAULT_RANGE,
        required=True,
        key="progress_range",
        persist_state="session",
    )
    # A view depends on the data (see Views) and the range; the range moves at midnight.
    return date_range(choice or DEFAULT_RANGE, moment, tz, earliest=timeline.earliest)


def kpi_row(views: Views, moment: datetime, tz: tzinfo) -> None:
    """Render this week's headline numbers against last week's."""
    timeline = views.timeline()
    # Without new data the numbers change only as the hour moves the compared span along.
    hour = moment.replace(minute=0, second=0, microsecond=0)
    weeks = views.get(("kpi_weeks", hour), lambda: kpi_weeks(timeline, moment, tz))
    if weeks is not None:
        st.caption(weeks.caption())
    columns = st.columns(4)
    kpis = views.get(("kpis", hour), lambda: weekly_kpis(timeline, moment, tz, weeks))
    for column, kpi in zip(columns, kpis, strict=False):
        column.metric(
            kpi.label,
            kpi.value_text,
            kpi.delta_text,
            delta_color=kpi.delta_color,  # type: ignore[arg-type]
            help=kpi.help,
            border=True,
        )


def overview_view(views: Views, key: ViewKey) -> None:
    """Render tension and strength together, week by week, as a picture drawn in code."""
    tz = _range_tz(key)
    weeks = views.get(("overview", *key), lambda: weekly_overview(views.timeline(), *key, tz))
    st.header(overview_chart.TITLE)
    if not overview_chart.has_data(weeks):
        st.info("No check-ins or sets in this range.", icon=":material/date_range:")
        return
    theme = map_theme()
    # Built once per data version, range and theme: a warm rerun only sends it again.
    overview = views.get(
        ("overview_html", *key, theme),
        lambda: overview_html(
            overview_chart.overview_svg(weeks, theme, overview_chart.WIDE),
            overview_chart.overview_svg(weeks, theme, overview_chart.NARROW),
            overview_chart.describe(weeks),
            overview_chart.table_rows(weeks),
        ),
    )
    # How to read it comes first: the numbers behind it open under the drawing.
    st.caption(
        "The orange line is your average tension across all areas each week; the bars are the "
        "strength and balance sets you logged. Over weeks, the line drifting down while the "
        "bars hold steady is what progress usually looks like. Details per area are under "
        "Tension; per exercise under Strength."
    )
    with st.container(key="progress_overview_chart"):
        st.html(overview)


# Phones get the narrow drawing: the wide one scaled to a phone's width would shrink its
# text below a readable size. The page's own stylesheet shows exactly one of the two.
_OVERVIEW_CSS = (
    "<style>.hd-overview{width:100%;max-width:900px;height:auto;display:block}"
    ".hd-overview-narrow{display:none}"
    "@media (max-width: 640px){.hd-overview-wide{display:none}"
    ".hd-overview-narrow{display:block}}"
    ".hd-overview-numbers{margin-top:.75rem}"
    ".hd-overview-numbers summary{cursor:pointer;padding:.25rem 0}"
    ".hd-overview-numbers table{border-collapse:collapse;margin-top:.5rem}"
    ".hd-overview-numbers th,.hd-overview-numbers td{padding:.25rem .75rem;text-align:left;"
    "border-bottom:1px solid color-mix(in srgb,currentColor 25%,transparent)}</style>"
)
OVERVIEW_TABLE_HEADER = ("Week of", "Average tension", "Strength sets")


def overview_html(wide: str, narrow: str, description: str, rows: Sequence[Sequence[str]]) -> str:
    """Return the two drawings, with the chart in words as their alt text, and its numbers.

    One element, so a warm rerun sends one piece: the images and the table that opens under
    them ("The numbers behind the chart"), a native <details> a keyboard opens too.
    """
    alt = escape(description, quote=True)
    images = "".join(
        f'<img class="hd-overview hd-overview-{kind}" src="{svg_data_uri(svg)}" alt="{alt}">'
        for kind, svg in (("wide", wide), ("narrow", narrow))
    )
    return (
        _OVERVIEW_CSS
        + images
        + '<details class="hd-overview-numbers"><summary>The numbers behind the chart</summary>'
        + html_table(OVERVIEW_TABLE_HEADER, rows)
        + "</details>"
    )


def html_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Return a table with a header row; every cell's text is escaped."""
    head = "".join(f'<th scope="col">{escape(cell)}</th>' for cell in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _range_tz(key: ViewKey) -> tzinfo:
    """Return the timezone of a view's range (its bounds are local midnights)."""
    tz = key[0].tzinfo
    assert tz is not None
    return tz


def _chart(figure: Any, key: str, caption: str) -> None:
    """Render one plotly chart and, under it, how to read it."""
    st.plotly_chart(figure, key=key, config=CHART_CONFIG)
    st.caption(caption)


def tension_view(views: Views, key: ViewKey, moment: datetime) -> None:
    """Render tension over time per area, and the body heatmap of the last two weeks."""
    from hipdash import analytics, charts

    frames = views.frames()
    present = views.get(("areas",), lambda: set(frames.checkins["area"].unique()))
    logged = [a for a in AREAS if a in present]
    if not logged:
        st.info(
            "No tension check-ins yet. Log one on the Log page to see it here.",
            icon=":material/edit_note:",
        )
        return
    kept = st.session_state.get("progress_areas")
    if kept and not set(kept) <= set(logged):
        # Demo and real data log different areas; drop what this data doesn't have.
        st.session_state["progress_areas"] = [a for a in kept if a in logged]
    chosen = st.pills(
        "Areas",
        logged,
        format_func=AREA_SHORT_LABELS.__getitem__,
        selection_mode="multi",
        key="progress_areas",
        persist_state="session",
        help="Leave all unselected to see every area you have logged.",
    )
    areas = tuple(a for a in logged if a in (chosen or ()))
    tz = _range_tz(key)
    _chart(
        views.get(
            ("tension", *key, areas),
            lambda: charts.tension_figure(frames.checkins, areas, *key, tz),
        ),
        "progress_tension_chart",
        "Each line is the average of the last 7 days for one area; diamonds mark each "
        "week's average, and faint dots each day's. Lower is better. Lines break where "
        "you logged nothing for over a week.",
    )
    st.header("Where it is tense now")
    heat = views.get(
        ("heat", moment.date()),
        lambda: analytics.current_tension_by_area(frames.checkins, moment),
    )
    if not heat:
        st.caption("No check-ins in the last 14 days.")
        return
    map_column, text_column = st.columns([3, 2], gap="large", vertical_alignment="center")
    with map_column:
        body_map(
            "progress_body_map",
            fills={area: heat_colour(level, map_theme()) for area, level in heat.items()},
        )
    with text_column:
        st.markdown(
            "Your average tension over the last 14 days, area by area: green is easy, "
            "amber moderate, red tense. Grey areas had no check-in in that time."
        )
        ranked = sorted(heat.items(), key=lambda item: -item[1])
        st.markdown(
            "\n".join(f"- **{AREAS[a]}**: {level:.1f}" for a, level in ranked if a in AREAS)
        )


def what_helps_view(views: Views, key: ViewKey) -> None:
    """Render the average before/after change per technique or per kind of technique."""
    from hipdash import analytics, charts

    frames = views.frames()
    by = st.segmented_control(
        "Group by",
        ["technique", "modality"],
        format_func={"technique": "Technique", "modality": "Kind of technique"}.__getitem__,
        default="technique",
        required=True,
        key="progress_helps_by",
    )
    group: GroupBy = "modality" if by == "modality" else "technique"
    catalog = get_catalog()

    def build() -> tuple[Any, Any]:
        table = analytics.what_helps_table(frames, catalog, *key, by=group)
        return charts.what_helps_figure_of(table, group), table

    figure, table = views.get(("helps", *key, group), build)
    if not len(table):
        st.info(
            "Nothing to compare yet. Rate your tension before and after a guided session, and "
            "after a few sessions this shows which techniques ease it most for you.",
            icon=":material/compare_arrows:",
        )
        return
    _chart(
        figure,
        "progress_helps_chart",
        "How much your tension changed, on average, from before to after the sessions that "
        "included each technique. Bars to the left mean less tension afterwards. Grey, hatched "
        f"bars rest on fewer than {analytics.FEW_SAMPLES} sessions: read them as a hint, not a "
        "finding.",
    )
    with st.expander("The numbers behind the chart"):
        shown = table[["label", "sessions", "mean_before", "mean_after", "mean_change"]]
        st.dataframe(
            shown.assign(few=table["few_samples"].map({True: "few samples", False: ""})),
            hide_index=True,
            column_config={
                "label": "Technique" if group == "technique" else "Kind",
                "sessions": st.column_config.NumberColumn("Sessions"),
                "mean_before": st.column_config.NumberColumn("Before", format="%.1f"),
                "mean_after": st.column_config.NumberColumn("After", format="%.1f"),
                "mean_change": st.column_config.NumberColumn("Change", format="%+.1f"),
                "few": "Note",
            },
        )


def strength_view(views: Views, key: ViewKey) -> None:
    """Render one exercise's best sets, weekly volume and holds."""
    from hipdash import analytics, charts

    frames = views.frames()
    exercises = views.get(("exercises",), lambda: analytics.strength_exercises(frames.sets))
    if not exercises:
        st.info(
            "No strength or balance sets yet. Log them on the Log page to follow your progress.",
            icon=":material/fitness_center:",
        )
        return
    if st.session_state.get("progress_exercise") not in exercises:
        st.session_state.pop("progress_exercise", None)
    exercise = st.selectbox(
        "Exercise", exercises, key="progress_exercise", help="Most often logged first."
    )
    name = exercise or exercises[0]
    tz = _range_tz(key)
    _chart(
        views.get(
            ("strength", *key, name),
            lambda: charts.strength_figure(frames.sets, name, *key, tz),
        ),
        "progress_strength_chart",
        "Top: your best set of each day: the most reps, the longest hold, or for loaded "
        "moves the load lifted times the reps (8 reps at 10 kg count as 80). Below: the "
        "week's volume, the same measure added up over all sets, Monday to Sunday. A dotted "
        "line shows the longest hold, when you logged one.",
    )


def consistency_view(views: Views, key: ViewKey) -> None:
    """Render sessions and minutes per week, and the calendar of active days."""
    from hipdash import charts

    frames = views.frames()
    if not len(frames.sessions):
        st.info(
            "No guided sessions yet. Sessions you finish on the Session page count here.",
            icon=":material/timer:",
        )
        return
    tz = _range_tz(key)
    weekly, calendar = views.get(
        ("consistency", *key),
        lambda: (
            charts.consistency_figure(frames.sessions, *key, tz),
            charts.calendar_heatmap_figure(frames.sessions, *key, tz),
        ),
    )
    _chart(
        weekly,
        "progress_consistency_chart",
        "Bars: active minutes each week, pauses left out. Dots: how many sessions you did.",
    )
    _chart(
        calendar,
        "progress_calendar_chart",
        "Each square is a day; the darker it is, the more minutes you practised.",
    )
