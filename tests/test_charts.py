"""Test that every Progress chart builds a calm, labelled figure from empty and real logs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hipdash import analytics, charts, spans
from hipdash.catalog import Catalog, Technique
from hipdash.demo import DemoData, generate_demo, generate_dense_history
from hipdash.records import SessionRecord, StepOutcome, StrengthSet, TensionCheckIn
from tests.chart_checks import figure_problems
from tests.factories import make_technique

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2025, 6, 18, 20, 30, tzinfo=BERLIN)


def _technique(tid: str, modality: str, area: str) -> Technique:
    name = tid.replace("-", " ").capitalize()
    return make_technique(tid, modality, (area,), sets=2, rest=10, per_side=True, name=name)


@pytest.fixture(scope="module")
def small_catalog() -> Catalog:
    return Catalog(
        (
            _technique("ball-glute", "ball_release", "glutes"),
            _technique("lunge-stretch", "stretch", "hip_flexors"),
            _technique("pigeon", "yoga", "deep_rotators"),
            _technique("belly-breath", "breathwork", "lower_back"),
            _technique("pelvic-rock", "somatic", "lower_back"),
            _technique("butterfly", "yoga", "inner_thigh"),
        )
    )


class _Empty:
    checkins: tuple[object, ...] = ()
    sets: tuple[object, ...] = ()
    sessions: tuple[object, ...] = ()


@pytest.fixture(scope="module")
def demo_frames(small_catalog: Catalog) -> analytics.Frames:
    return analytics.frames(generate_demo(small_catalog, NOW))


@pytest.fixture(scope="module")
def empty_frames() -> analytics.Frames:
    return analytics.frames(_Empty())


def _builders(catalog: Catalog) -> dict[str, Callable[..., go.Figure]]:
    """Return every builder as a function of (frames, start, end)."""
    return {
        "tension": lambda f, s, e: charts.tension_figure(f.checkins, None, s, e, BERLIN),
        "tension, two areas": lambda f, s, e: charts.tension_figure(
            f.checkins, ["glutes", "lower_back"], s, e, BERLIN
        ),
        "what helps": lambda f, s, e: charts.what_helps_figure(f, catalog, s, e),
        "what helps by modality": lambda f, s, e: charts.what_helps_figure(
            f, catalog, s, e, by="modality"
        ),
        "strength": lambda f, s, e: charts.strength_figure(f.sets, "Glute bridge", s, e, BERLIN),
        "loaded strength": lambda f, s, e: charts.strength_figure(
            f.sets, "Split squat", s, e, BERLIN
        ),
        "balance": lambda f, s, e: charts.strength_figure(
            f.sets, "Single-leg balance", s, e, BERLIN
        ),
        "consistency": lambda f, s, e: charts.consistency_figure(f.sessions, s, e, BERLIN),
        "calendar": lambda f, s, e: charts.calendar_heatmap_figure(f.sessions, s, e, BERLIN),
    }


BUILDERS = list(_builders(Catalog(())))


def _annotations(fig: go.Figure) -> list[str]:
    return [annotation.text for annotation in fig.layout.annotations]


@pytest.mark.parametrize("builder", BUILDERS)
def test_every_builder_draws_real_data(
    builder: str, demo_frames: analytics.Frames, small_catalog: Catalog
) -> None:
    fig = _builders(small_catalog)[builder](demo_frames, *spans.date_range("12w", NOW, BERLIN))
    assert isinstance(fig, go.Figure)
    assert fig.data, "a figure with data has traces"
    assert charts.NO_DATA not in _annotations(fig)
    assert fig.layout.title.text
    axes = [fig.layout[name] for name in fig.layout if name.startswith(("xaxis", "yaxis"))]
    assert any(axis.title.text for axis in axes if axis.title)
    fig.to_json()  # the page serialises it; a bad property would fail here


@pytest.mark.parametrize("builder", BUILDERS)
@pytest.mark.parametrize("data", ["nothing logged", "logged but outside the range"])
def test_every_builder_says_no_data_instead_of_raising(
    builder: str,
    data: str,
    demo_frames: analytics.Frames,
    empty_frames: analytics.Frames,
    small_catalog: Catalog,
) -> None:
    frames = empty_frames if data == "nothing logged" else demo_frames
    start, end = spans.date_range("4w", NOW - timedelta(weeks=52), BERLIN)
    fig = _builders(small_catalog)[builder](frames, start, end)
    assert isinstance(fig, go.Figure)
    assert charts.NO_DATA in _annotations(fig)
    fig.to_json()


@pytest.mark.parametrize("builder", BUILDERS)
def test_every_builder_accepts_plain_records(builder: str, small_catalog: Catalog) -> None:
    records = generate_demo(small_catalog, NOW, weeks=4, seed=5)
    fig = _builders(small_catalog)[builder](records, *spans.date_range("4w", NOW, BERLIN))
    assert isinstance(fig, go.Figure)


def test_tension_has_a_fixed_zero_to_ten_axis_and_one_legend_entry_per_area(
    demo_frames: analytics.Frames,
) -> None:
    fig = charts.tension_figure(
        demo_frames.checkins, None, *spans.date_range("12w", NOW, BERLIN), BERLIN
    )
    low, high = fig.layout.yaxis.range
    assert low <= 0 and high >= 10 and high - low <= 11
    assert fig.layout.yaxis.fixedrange
    assert "Tension" in fig.layout.yaxis.title.text
    areas = {trace.legendgroup for trace in fig.data}
    assert len(areas) >= 2
    assert sum(bool(trace.showlegend) for trace in fig.data) == len(areas)
    assert all(trace.hovertemplate for trace in fig.data)


def test_a_single_area_needs_no_legend(demo_frames: analytics.Frames) -> None:
    area = demo_frames.checkins["area"].iloc[0]
    fig = charts.tension_figure(
        demo_frames.checkins, [area], *spans.date_range("12w", NOW, BERLIN), BERLIN
    )
    assert len(fig.data) == 3
    assert not any(trace.showlegend for trace in fig.data)


def _session(day: int, change: int, technique: str) -> tuple[SessionRecord, list[TensionCheckIn]]:
    at = NOW - timedelta(days=day)
    before = TensionCheckIn(at=at, area="glutes", level=6)
    after = TensionCheckIn(at=at + timedelta(minutes=15), area="glutes", level=6 + change)
    session = SessionRecord(
        started_at=at,
        ended_at=at + timedelta(minutes=15),
        routine_name="Test",
        steps=(StepOutcome(technique, "done", 60.0),),
        stop_reason="completed",
        active_seconds=600.0,
        before_checkin_ids=(before.id,),
        after_checkin_ids=(after.id,),
    )
    return session, [before, after]


def test_what_helps_puts_the_biggest_drop_on_top_and_hatches_few_samples(
    small_catalog: Catalog,
) -> None:
    pairs = [_session(day, -1, "pigeon") for day in range(1, 4)]
    pairs += [_session(day, -3, "ball-glute") for day in range(4, 8)]
    pairs += [_session(day, +1, "lunge-stretch") for day in range(8, 11)]
    pairs += [_session(11, -4, "belly-breath")]

    class Snapshot:
        checkins = [c for _, checkins in pairs for c in checkins]
        sessions = [session for session, _ in pairs]
        sets = ()

    fig = charts.what_helps_figure(Snapshot(), small_catalog, *spans.date_range("4w", NOW, BERLIN))
    bars, labels = fig.data
    assert list(bars.y) == ["Ball glute", "Pigeon", "Lunge stretch", "Belly breath"]
    assert labels.text[3].endswith("few samples")
    assert all(x >= 0 for x in labels.x)  # labels right of zero, clear of the names
    assert list(bars.x) == [-3, -1, 1, -4]
    assert fig.layout.yaxis.autorange == "reversed"  # the first row is drawn on top
    colors, patterns = list(bars.marker.color), list(bars.marker.pattern.shape)
    assert colors[:3] == [charts.EASED, charts.EASED, charts.WORSE]
    assert (colors[3], patterns[3]) == (charts.FEW, "/")
    assert patterns[:3] == ["", "", ""]
    assert "few samples" in labels.text[3] and "n=1" in labels.text[3]
    assert "few samples" not in labels.text[0] and "n=4" in labels.text[0]
    assert fig.layout.xaxis.title.text


def test_the_calendar_has_weekdays_as_rows_and_weeks_as_columns(
    demo_frames: analytics.Frames,
) -> None:
    start, end = spans.date_range("12w", NOW, BERLIN)
    fig = charts.calendar_heatmap_figure(demo_frames.sessions, start, end, BERLIN)
    (heatmap,) = fig.data
    assert list(heatmap.y) == list(charts.WEEKDAYS)
    assert fig.layout.yaxis.autorange == "reversed"  # Monday on top
    assert len(heatmap.x) == 12
    assert len(heatmap.z) == 7 and all(len(row) == 12 for row in heatmap.z)


def test_strength_shows_best_set_and_weekly_volume_with_titled_axes(
    demo_frames: analytics.Frames,
) -> None:
    start, end = spans.date_range("12w", NOW, BERLIN)
    fig = charts.strength_figure(demo_frames.sets, "Split squat", start, end, BERLIN)
    best, volume = fig.data
    assert (best.type, volume.type) == ("scatter", "bar")
    assert "kg lifted × reps" in fig.layout.yaxis.title.text
    assert "volume" in fig.layout.yaxis2.title.text.lower()
    balance = charts.strength_figure(demo_frames.sets, "Single-leg balance", start, end, BERLIN)
    assert "hold" in balance.layout.yaxis.title.text.lower()


@pytest.fixture(scope="module")
def dense_history(small_catalog: Catalog) -> DemoData:
    return generate_dense_history(small_catalog, NOW, years=3, seed=11)


@pytest.mark.parametrize("choice", ["4w", "52w", "all"])
def test_no_trace_has_more_points_than_days_in_the_range(
    choice: str, dense_history: DemoData, small_catalog: Catalog
) -> None:
    frames = analytics.frames(dense_history)
    start, end = spans.date_range(choice, NOW, BERLIN, frames.earliest)
    days = len(analytics.range_days(start, end, BERLIN))
    exercise = analytics.strength_exercises(frames.sets)[0]
    figures = [
        charts.tension_figure(frames.checkins, None, start, end, BERLIN),
        charts.strength_figure(frames.sets, exercise, start, end, BERLIN),
        charts.consistency_figure(frames.sessions, start, end, BERLIN),
    ]
    for fig in figures:
        for trace in fig.data:
            assert len(trace.x) <= days
    calendar = charts.calendar_heatmap_figure(frames.sessions, start, end, BERLIN)
    cells = sum(value == value for row in calendar.data[0].z for value in row)  # not NaN
    assert cells == days


def test_the_seven_day_line_breaks_over_a_silent_week() -> None:
    checkins = [
        TensionCheckIn(at=NOW - timedelta(days=days), area="glutes", level=5)
        for days in (1, 2, 20, 21)
    ]
    fig = charts.tension_figure(checkins, None, *spans.date_range("4w", NOW, BERLIN), BERLIN)
    (line,) = [trace for trace in fig.data if trace.mode == "lines"]
    assert [value != value for value in line.y] == [False, False, True, False, False]


@pytest.mark.parametrize(("choice", "traces_per_area"), [("52w", 3), ("all", 2)])
def test_daily_dots_are_left_out_beyond_a_year(
    choice: str, traces_per_area: int, dense_history: DemoData
) -> None:
    frames = analytics.frames(dense_history)
    start, end = spans.date_range(choice, NOW, BERLIN, frames.earliest)
    fig = charts.tension_figure(frames.checkins, None, start, end, BERLIN)
    areas = {trace.legendgroup for trace in fig.data}
    assert len(fig.data) == traces_per_area * len(areas)


def test_a_frozen_figure_builds_its_dict_once_and_serialises_the_same() -> None:
    import plotly.io as pio

    bars = [{"type": "bar", "x": [1, 2], "y": [3, 4]}]
    figure = charts.FrozenFigure(data=bars)
    first = figure.to_dict()
    assert figure.to_dict() is first
    plain = pio.to_json(go.Figure(data=bars), validate=False)
    assert pio.to_json(figure, validate=False) == plain
    assert pio.to_json(figure, validate=False) == plain  # the shared dict was not changed


@pytest.mark.parametrize("name", ["<b>Bold</b> squat", "Split squat & hold", "<img src=x>"])
def test_a_typed_exercise_name_is_shown_as_plain_text_in_the_title(name: str) -> None:
    figure = charts.strength_figure([], name, *spans.date_range("4w", NOW, BERLIN), BERLIN)
    assert "<" not in figure.layout.title.text.replace("&lt;", "")


# --- every mark inside its axis, counts on whole ticks ---------------------------------------

# Which y-axes of each builder count whole things (sets, sessions, reps).
COUNT_AXES = {
    "consistency": ("yaxis", "yaxis2"),
    "strength": ("yaxis", "yaxis2"),
}


def _truth_problems(frames: object, catalog: Catalog, now: datetime) -> list[str]:
    """Return what any Progress figure gets wrong, for every range choice, built at ``now``."""
    problems = []
    earliest = analytics.as_frames(frames).earliest
    for choice in spans.RANGE_CHOICES:
        start, end = spans.date_range(choice, now, BERLIN, earliest)
        for name, build in _builders(catalog).items():
            fig = build(frames, start, end)
            found = figure_problems(fig, COUNT_AXES.get(name, ()) if fig.data else ())
            problems += [f"{choice} {name}: {problem}" for problem in found]
    return problems


def _set(at: datetime, reps: int = 12) -> StrengthSet:
    return StrengthSet(at=at, exercise_name="Glute bridge", reps=reps)


def _one_session(at: datetime, seconds: float = 36.0) -> SessionRecord:
    return SessionRecord(
        started_at=at,
        ended_at=at + timedelta(seconds=seconds),
        routine_name="Test",
        steps=(StepOutcome("pigeon", "done", seconds),),
        stop_reason="completed",
        active_seconds=seconds,
    )


class _Records:
    def __init__(self, checkins=(), sets=(), sessions=()) -> None:
        self.checkins, self.sets, self.sessions = tuple(checkins), tuple(sets), tuple(sessions)


def _day_one(now: datetime) -> _Records:
    """Return what a person logs on their first day: a session, a check-in and a few sets."""
    at = now - timedelta(hours=1)
    return _Records(
        checkins=[TensionCheckIn(at=at, area="glutes", level=7)],
        sets=[_set(at + timedelta(minutes=m), reps) for m, reps in enumerate((10, 12, 12))],
        sessions=[_one_session(at)],
    )


def _single_point(now: datetime) -> _Records:
    return _Records(
        checkins=[TensionCheckIn(at=now - timedelta(minutes=5), area="glutes", level=10)]
    )


# A Monday just after midnight, a Thursday evening and a Sunday night: this week's marks sit
# at Thursday noon, which is still ahead on Monday and behind on Sunday.
MOMENTS = [
    datetime(2025, 6, 16, 0, 20, tzinfo=BERLIN),
    NOW,
    datetime(2025, 6, 22, 23, 50, tzinfo=BERLIN),
]


@pytest.mark.parametrize("now", MOMENTS, ids=["monday", "wednesday", "sunday"])
@pytest.mark.parametrize("data", ["empty", "single point", "day one", "twelve weeks", "demo"])
def test_every_progress_chart_keeps_its_data_inside_the_axes_and_counts_whole(
    data: str, now: datetime, small_catalog: Catalog
) -> None:
    records = {
        "empty": lambda: _Empty(),
        "single point": lambda: _single_point(now),
        "day one": lambda: _day_one(now),
        "twelve weeks": lambda: generate_demo(small_catalog, now, weeks=12, seed=3),
        "demo": lambda: generate_demo(small_catalog, now),
    }[data]()
    assert _truth_problems(analytics.frames(records), small_catalog, now) == []


def test_the_checker_catches_a_point_past_the_axis_and_a_half_tick() -> None:
    fig = go.Figure(
        data=[{"type": "scatter", "x": [1, 5], "y": [1, 12]}],
        layout={"xaxis": {"range": [0, 4]}, "yaxis": {"range": [0, 10], "tickvals": [0, 1.5, 3]}},
    )
    problems = figure_problems(fig, ["yaxis"])
    assert any("x values outside" in p for p in problems)
    assert any("y values outside" in p for p in problems)
    assert any("fractional ticks" in p for p in problems)


def test_a_best_set_of_twelve_reps_sits_on_an_axis_that_reaches_twelve() -> None:
    now = NOW
    fig = charts.strength_figure(
        [_set(now - timedelta(hours=2), 12)],
        "Glute bridge",
        *spans.date_range("4w", now, BERLIN),
        BERLIN,
    )
    assert fig.layout.yaxis.range[1] >= 12
    assert 12 in fig.layout.yaxis.tickvals or fig.layout.yaxis.tickvals[-1] >= 12


def test_the_consistency_minutes_axis_reaches_the_minute_the_kpi_rounds_to() -> None:
    records = _Records(sessions=[_one_session(NOW - timedelta(hours=1), seconds=36.0)])
    fig = charts.consistency_figure(records.sessions, *spans.date_range("4w", NOW, BERLIN), BERLIN)
    assert list(fig.layout.yaxis.tickvals) == [0, 1]


def test_the_calendar_ticks_fall_on_mondays_and_the_axis_says_so(
    demo_frames: analytics.Frames,
) -> None:
    start, end = spans.date_range("12w", NOW, BERLIN)
    fig = charts.calendar_heatmap_figure(demo_frames.sessions, start, end, BERLIN)
    ticks = [pd.Timestamp(value) for value in fig.layout.xaxis.tickvals]
    assert ticks and all(tick.day_of_week == 0 for tick in ticks)
    assert "Monday" in fig.layout.xaxis.title.text


def test_date_axes_say_weeks_run_monday_to_sunday(demo_frames: analytics.Frames) -> None:
    start, end = spans.date_range("12w", NOW, BERLIN)
    fig = charts.consistency_figure(demo_frames.sessions, start, end, BERLIN)
    assert "Monday to Sunday" in fig.layout.xaxis.title.text


_MINUTES = st.integers(min_value=0, max_value=60 * 24 * 200)


@st.composite
def _logs(draw: st.DrawFn) -> _Records:
    """Draw a few check-ins, sets and sessions at any moment of the last 200 days."""

    def at(minutes: int) -> datetime:
        return NOW - timedelta(minutes=minutes)

    checkins = draw(
        st.lists(
            st.builds(
                lambda m, area, level: TensionCheckIn(at=at(m), area=area, level=level),
                _MINUTES,
                st.sampled_from(["glutes", "lower_back", "hip_flexors"]),
                st.integers(0, 10),
            ),
            max_size=12,
        )
    )
    sets = draw(
        st.lists(
            st.builds(
                lambda m, name, reps: StrengthSet(at=at(m), exercise_name=name, reps=reps),
                _MINUTES,
                st.sampled_from(["Glute bridge", "Clamshell"]),
                st.integers(1, 60),
            ),
            max_size=12,
        )
    )
    sessions = draw(
        st.lists(
            st.builds(lambda m, s: _one_session(at(m), float(s)), _MINUTES, st.integers(1, 7200)),
            max_size=8,
        )
    )
    return _Records(checkins, sets, sessions)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=_logs())
def test_generated_logs_always_stay_inside_the_axes(records: _Records) -> None:
    catalog = Catalog((_technique("pigeon", "yoga", "deep_rotators"),))
    assert _truth_problems(analytics.frames(records), catalog, NOW) == []


@pytest.mark.parametrize("choice", ["4w", "12w", "52w"])
def test_date_axes_tick_on_mondays(choice: str, demo_frames: analytics.Frames) -> None:
    start, end = spans.date_range(choice, NOW, BERLIN)
    axis = charts.consistency_figure(demo_frames.sessions, start, end, BERLIN).layout.xaxis
    assert pd.Timestamp(axis.tick0).day_of_week == 0
    assert axis.dtick % (7 * 86_400_000) == 0
