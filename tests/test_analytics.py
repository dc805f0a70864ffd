"""Test the daily, weekly and per-technique aggregations behind the Progress page."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from hipdash import analytics, spans
from hipdash.catalog import Catalog
from hipdash.demo import generate_dense_history
from hipdash.records import SessionRecord, StepOutcome, StrengthSet, TensionCheckIn
from tests.factories import make_technique

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def small_catalog() -> Catalog:
    return Catalog(
        (
            make_technique("ball-glute", "ball_release"),
            make_technique("lunge-stretch", "stretch", ("hip_flexors",)),
            make_technique("pigeon", "yoga", ("deep_rotators",)),
            make_technique("belly-breath", "breathwork", ("lower_back",)),
        )
    )


def _at(text: str, tz: ZoneInfo = BERLIN) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=tz)


def _checkin(at: datetime, level: int, area: str = "glutes", **fields: object) -> TensionCheckIn:
    return TensionCheckIn(at=at, area=area, level=level, **fields)  # type: ignore[arg-type]


def _session(
    at: datetime,
    before: dict[str, int],
    after: dict[str, int],
    done: tuple[str, ...],
    skipped: tuple[str, ...] = (),
    active_seconds: float = 600.0,
) -> tuple[SessionRecord, list[TensionCheckIn]]:
    """Return a session that completed ``done`` and its before/after check-ins, linked by id."""
    befores = [_checkin(at - timedelta(minutes=1), lvl, area) for area, lvl in before.items()]
    afters = [_checkin(at + timedelta(minutes=20), lvl, area) for area, lvl in after.items()]
    steps = tuple(StepOutcome(tid, "done", 30.0) for tid in done)
    steps += tuple(StepOutcome(tid, "skipped") for tid in skipped)
    session = SessionRecord(
        started_at=at,
        ended_at=at + timedelta(minutes=20),
        routine_name="Test",
        steps=steps,
        stop_reason="completed",
        active_seconds=active_seconds,
        before_checkin_ids=tuple(c.id for c in befores),
        after_checkin_ids=tuple(c.id for c in afters),
    )
    return session, befores + afters


class _Snapshot:
    """Stand in for the store's Snapshot: plain tuples of records."""

    def __init__(
        self,
        checkins: Iterable[TensionCheckIn] = (),
        sets: Iterable[StrengthSet] = (),
        sessions: Iterable[SessionRecord] = (),
    ) -> None:
        self.checkins, self.sets, self.sessions = tuple(checkins), tuple(sets), tuple(sessions)
        self.notes, self.routines = (), ()


def _snapshot(*pairs: tuple[SessionRecord, list[TensionCheckIn]]) -> _Snapshot:
    return _Snapshot(
        checkins=[c for _, checkins in pairs for c in checkins],
        sessions=[session for session, _ in pairs],
    )


ALL_TIME = (_at("2000-01-01T00:00"), _at("2100-01-01T00:00"))


# --- ranges, days and weeks ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        ("2025-03-24T00:00", "2025-03-31T00:00", 7),  # spring forward: a 167-hour week
        ("2025-10-20T00:00", "2025-10-27T00:00", 7),  # fall back: a 169-hour week
        ("2025-12-29T00:00", "2026-01-05T00:00", 7),  # across New Year
        ("2025-06-18T00:00", "2025-06-18T00:00", 0),  # empty
        ("2025-06-18T00:00", "2025-06-18T20:30", 1),  # ends mid-day
    ],
)
def test_range_days_counts_local_calendar_days(start: str, end: str, days: int) -> None:
    assert len(analytics.range_days(_at(start), _at(end), BERLIN)) == days


@pytest.mark.parametrize(
    ("utc_moment", "local_day"),
    [
        ("2025-03-29T22:59", "2025-03-29"),  # 23:59 winter time
        ("2025-03-29T23:00", "2025-03-30"),  # 00:00 winter time
        ("2025-03-30T00:59", "2025-03-30"),  # 01:59, just before the clocks jump
        ("2025-03-30T01:00", "2025-03-30"),  # 03:00 summer time, just after
        ("2025-03-30T21:59", "2025-03-30"),  # 23:59 summer time
        ("2025-03-30T22:00", "2025-03-31"),
        ("2025-10-25T21:59", "2025-10-25"),
        ("2025-10-25T22:00", "2025-10-26"),
        ("2025-10-26T00:30", "2025-10-26"),  # the first 02:30
        ("2025-10-26T01:30", "2025-10-26"),  # the repeated 02:30
        ("2025-10-26T22:59", "2025-10-26"),  # 23:59 winter time
        ("2025-10-26T23:00", "2025-10-27"),
        ("2025-12-31T23:30", "2026-01-01"),
    ],
)
def test_an_entry_lands_on_its_local_day(utc_moment: str, local_day: str) -> None:
    moments = pd.Series([pd.Timestamp(utc_moment, tz="UTC")])
    assert analytics.local_days(moments, BERLIN)[0] == pd.Timestamp(local_day)


@pytest.mark.parametrize(
    ("day", "monday"),
    [
        ("2025-12-28", "2025-12-22"),  # a Sunday belongs to the week before
        ("2025-12-29", "2025-12-29"),
        ("2025-12-31", "2025-12-29"),
        ("2026-01-01", "2025-12-29"),  # New Year's Day stays in the December week
        ("2026-01-04", "2025-12-29"),
        ("2026-01-05", "2026-01-05"),
        ("2025-03-30", "2025-03-24"),  # the day the clocks change
    ],
)
def test_weeks_start_on_monday(day: str, monday: str) -> None:
    assert analytics.week_start(pd.Series([pd.Timestamp(day)]))[0] == pd.Timestamp(monday)


def test_a_week_across_new_year_is_one_weekly_mean() -> None:
    checkins = [
        _checkin(_at("2025-12-29T08:00"), 6),
        _checkin(_at("2025-12-31T23:30"), 4),
        _checkin(_at("2026-01-04T21:00"), 2),
        _checkin(_at("2026-01-05T08:00"), 9),
    ]
    weekly = analytics.weekly_tension(checkins, *ALL_TIME, BERLIN)
    assert weekly["week"].tolist() == [pd.Timestamp("2025-12-29"), pd.Timestamp("2026-01-05")]
    assert weekly["mean"].tolist() == [4.0, 9.0]
    assert weekly["n"].tolist() == [3, 1]


def test_sessions_around_the_spring_clock_change_fill_a_seven_day_week() -> None:
    sessions = [
        _session(_at("2025-03-30T01:50"), {}, {}, ())[0],  # before 02:00 winter time
        _session(_at("2025-03-30T03:10"), {}, {}, ())[0],  # after the jump to 03:00
        _session(_at("2025-03-29T23:59"), {}, {}, ())[0],
    ]
    start, end = _at("2025-03-24T00:00"), _at("2025-03-31T00:00")
    daily = analytics.daily_activity(sessions, start, end, BERLIN)
    assert len(daily) == 7
    assert daily.set_index("day")["sessions"].to_dict() == {
        pd.Timestamp(f"2025-03-{day}"): {29: 1, 30: 2}.get(day, 0) for day in range(24, 31)
    }
    weekly = analytics.weekly_consistency(sessions, start, end, BERLIN)
    assert weekly["sessions"].tolist() == [3]


def test_checkins_around_the_autumn_clock_change_land_on_the_right_days() -> None:
    checkins = [
        _checkin(datetime(2025, 10, 26, 0, 30, tzinfo=UTC), 8),  # 02:30 summer time
        _checkin(datetime(2025, 10, 26, 1, 30, tzinfo=UTC), 4),  # 02:30 winter time
        _checkin(datetime(2025, 10, 26, 22, 59, tzinfo=UTC), 6),  # 23:59 winter time
        _checkin(datetime(2025, 10, 26, 23, 0, tzinfo=UTC), 1),  # Monday 00:00
    ]
    daily = analytics.daily_tension(checkins, *ALL_TIME, BERLIN)
    assert daily[["day", "mean", "n"]].values.tolist() == [
        [pd.Timestamp("2025-10-26"), 6.0, 3],
        [pd.Timestamp("2025-10-27"), 1.0, 1],
    ]


# --- tension ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moments", "expected_levels"),
    [
        ([], []),
        (["2025-06-02T00:00"], [5.0]),  # the first instant of the range is in
        (["2025-06-01T23:59:59.999999"], []),  # the last instant before it is out
        (["2025-06-09T00:00"], []),  # the end is exclusive
        (["2025-06-08T23:59"], [5.0]),
        (["2025-05-01T12:00", "2025-06-04T12:00", "2025-07-01T12:00"], [5.0]),
    ],
)
def test_only_entries_inside_the_range_are_counted(
    moments: list[str], expected_levels: list[float]
) -> None:
    checkins = [_checkin(_at(moment), 5) for moment in moments]
    start, end = _at("2025-06-02T00:00"), _at("2025-06-09T00:00")
    daily = analytics.daily_tension(checkins, start, end, BERLIN)
    assert daily["mean"].tolist() == expected_levels
    assert analytics.weekly_tension(checkins, start, end, BERLIN)["mean"].tolist() == (
        expected_levels
    )


def test_a_single_checkin_is_its_own_daily_rolling_and_weekly_mean() -> None:
    checkins = [_checkin(_at("2025-06-04T08:00"), 7, "outer_hip")]
    daily = analytics.daily_tension(checkins, *ALL_TIME, BERLIN)
    assert daily[["area", "mean", "n", "rolling7"]].values.tolist() == [["outer_hip", 7.0, 1, 7.0]]
    weekly = analytics.weekly_tension(checkins, *ALL_TIME, BERLIN)
    assert weekly[["week", "mean"]].values.tolist() == [[pd.Timestamp("2025-06-02"), 7.0]]


def test_the_rolling_mean_covers_the_last_seven_days_per_area() -> None:
    checkins = [
        _checkin(_at("2025-06-01T08:00"), 8),
        _checkin(_at("2025-06-01T20:00"), 6),  # daily mean 7
        _checkin(_at("2025-06-03T08:00"), 3),
        _checkin(_at("2025-06-08T08:00"), 5),  # June 1 has left the window
        _checkin(_at("2025-06-02T08:00"), 1, "hamstrings"),
    ]
    daily = analytics.daily_tension(checkins, *ALL_TIME, BERLIN)
    glutes = daily[daily["area"] == "glutes"]
    assert glutes["mean"].tolist() == [7.0, 3.0, 5.0]
    assert glutes["rolling7"].tolist() == [7.0, 5.0, 4.0]
    assert daily[daily["area"] == "hamstrings"]["rolling7"].tolist() == [1.0]


def test_choosing_areas_leaves_the_others_out() -> None:
    checkins = [
        _checkin(_at("2025-06-02T08:00"), 4, "glutes"),
        _checkin(_at("2025-06-02T08:00"), 9, "lower_back"),
    ]
    daily = analytics.daily_tension(checkins, *ALL_TIME, BERLIN, areas=["lower_back"])
    assert daily["area"].tolist() == ["lower_back"]


def test_current_tension_averages_each_area_over_the_last_days() -> None:
    now = _at("2025-06-18T20:00")
    checkins = [
        _checkin(now - timedelta(days=1), 6, "glutes"),
        _checkin(now - timedelta(days=3), 4, "glutes"),
        _checkin(now - timedelta(days=20), 10, "glutes"),  # too old
        _checkin(now - timedelta(days=2), 3, "inner_thigh"),
        _checkin(now + timedelta(hours=1), 10, "inner_thigh"),  # a clock glitch, not yet
    ]
    assert analytics.current_tension_by_area(checkins, now) == {"glutes": 5.0, "inner_thigh": 3.0}
    # The window is half-open: a check-in exactly two days old has just left it.
    assert analytics.current_tension_by_area(checkins, now, days=2) == {"glutes": 6.0}
    assert analytics.current_tension_by_area([], now) == {}


# --- strength --------------------------------------------------------------------------------


def _set(at: str, name: str, **fields: object) -> StrengthSet:
    return StrengthSet(at=_at(at), exercise_name=name, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sets", "kind", "volume", "best"),
    [
        (  # loaded: volume is load x reps, the best set the heaviest load x reps
            [{"reps": 8, "load": 10.0}, {"reps": 10, "load": 8.0}, {"reps": 5, "load": 12.0}],
            "load",
            80 + 80 + 60,
            80.0,
        ),
        (  # bodyweight: volume falls back to total reps, the best set to the most reps
            [{"reps": 12}, {"reps": 15}, {"reps": 10}],
            "reps",
            37,
            15.0,
        ),
        (  # holds: volume falls back to total hold seconds
            [{"hold_seconds": 30.0}, {"hold_seconds": 45.0}, {"hold_seconds": 20.0}],
            "hold",
            95,
            45.0,
        ),
        (  # a bodyweight set of a loaded move adds no load volume
            [{"reps": 10, "load": 6.0}, {"reps": 12}],
            "load",
            60,
            60.0,
        ),
    ],
)
def test_volume_and_best_set_follow_how_the_exercise_is_measured(
    sets: list[dict[str, object]], kind: str, volume: float, best: float
) -> None:
    records = [_set(f"2025-06-0{2 + i}T18:00", "Move", **fields) for i, fields in enumerate(sets)]
    assert analytics.exercise_kind(records, "Move") == kind
    weekly = analytics.strength_weekly(records, "Move", *ALL_TIME, BERLIN)
    assert weekly["volume"].tolist() == [volume]
    daily = analytics.strength_daily(records, "Move", *ALL_TIME, BERLIN)
    assert daily["best"].max() == best


def test_the_best_set_of_a_day_keeps_its_reps_and_load() -> None:
    records = [
        _set("2025-06-02T18:00", "Split squat", reps=10, load=8.0),
        _set("2025-06-02T18:05", "Split squat", reps=8, load=12.0),
        _set("2025-06-02T18:10", "Split squat", reps=6, load=12.0),
    ]
    daily = analytics.strength_daily(records, "Split squat", *ALL_TIME, BERLIN)
    assert daily[["best", "best_reps", "best_load", "sets"]].values.tolist() == [[96, 8, 12, 3]]


def test_pounds_are_shown_in_pounds_when_most_sets_use_them() -> None:
    records = [
        _set("2025-06-02T18:00", "Deadlift", reps=5, load=100.0, unit="lb"),
        _set("2025-06-03T18:00", "Deadlift", reps=5, load=50.0, unit="kg"),
        _set("2025-06-04T18:00", "Deadlift", reps=5, load=110.0, unit="lb"),
    ]
    assert analytics.load_unit(records, "Deadlift") == "lb"
    daily = analytics.strength_daily(records, "Deadlift", *ALL_TIME, BERLIN)
    assert daily["best"].round(1).tolist() == [500.0, round(50 * 2.20462262 * 5, 1), 550.0]


def test_exercises_are_listed_most_logged_first() -> None:
    records = [
        _set("2025-06-02T18:00", "Clamshell", reps=12),
        _set("2025-06-02T18:00", "Bridge", reps=12),
        _set("2025-06-03T18:00", "Bridge", reps=12),
    ]
    assert analytics.strength_exercises(records) == ["Bridge", "Clamshell"]
    assert analytics.strength_exercises([]) == []


# --- what helps ------------------------------------------------------------------------------


def test_techniques_are_ranked_by_their_average_drop_and_few_samples_are_flagged(
    small_catalog: Catalog,
) -> None:
    day = _at("2025-06-02T18:00")
    pairs = [
        _session(day, {"glutes": 7}, {"glutes": 5}, ("ball-glute", "pigeon")),
        _session(day + timedelta(days=1), {"glutes": 7}, {"glutes": 4}, ("ball-glute",)),
        _session(day + timedelta(days=2), {"glutes": 6}, {"glutes": 5}, ("ball-glute", "pigeon")),
        _session(day + timedelta(days=3), {"glutes": 6}, {"glutes": 5}, ("pigeon",)),
        _session(
            day + timedelta(days=4),
            {"glutes": 6},
            {"glutes": 5},
            ("lunge-stretch",),
            skipped=("ball-glute",),
        ),
        # Five points off, but one session proves little: it is flagged and ranked last.
        _session(day + timedelta(days=5), {"glutes": 8}, {"glutes": 3}, ("belly-breath",)),
    ]
    table = analytics.what_helps_table(_snapshot(*pairs), small_catalog, *ALL_TIME)
    assert table["key"].tolist() == ["ball-glute", "pigeon", "belly-breath", "lunge-stretch"]
    assert table["sessions"].tolist() == [3, 3, 1, 1]
    assert table["mean_change"].tolist() == [-2.0, pytest.approx(-4 / 3), -5.0, -1.0]
    assert table["few_samples"].tolist() == [False, False, True, True]
    assert table["label"].tolist()[0] == "Ball Glute"
    assert table["modality"].tolist()[0] == "ball_release"


def test_modalities_count_a_session_once_however_many_of_their_techniques_it_did(
    small_catalog: Catalog,
) -> None:
    day = _at("2025-06-02T18:00")
    pairs = [
        _session(day + timedelta(days=i), {"glutes": 6}, {"glutes": 4}, ("ball-glute", "pigeon"))
        for i in range(3)
    ]
    table = analytics.what_helps_table(_snapshot(*pairs), small_catalog, *ALL_TIME, by="modality")
    assert table[["key", "label", "sessions", "mean_change"]].values.tolist() == [
        ["ball_release", "Massage-ball release", 3, -2.0],
        ["yoga", "Yoga hip opener", 3, -2.0],
    ]


def test_before_and_after_are_paired_by_area(small_catalog: Catalog) -> None:
    pair = _session(
        _at("2025-06-02T18:00"), {"glutes": 6, "hip_flexors": 5}, {"glutes": 3}, ("ball-glute",)
    )
    changes = analytics.session_changes(_snapshot(pair), *ALL_TIME)
    assert changes[["change", "areas"]].values.tolist() == [[-3.0, 1]]


def test_checkins_that_name_their_session_are_linked_without_ids() -> None:
    session = SessionRecord(
        started_at=_at("2025-06-02T18:00"),
        ended_at=_at("2025-06-02T18:20"),
        routine_name="Test",
        steps=(StepOutcome("pigeon", "done", 60.0),),
        stop_reason="completed",
    )
    checkins = [
        _checkin(_at("2025-06-02T17:59"), 7, context="before_session", session_id=session.id),
        _checkin(_at("2025-06-02T18:21"), 4, context="after_session", session_id=session.id),
        _checkin(_at("2025-06-02T18:30"), 1, session_id=session.id),  # standalone: ignored
    ]
    changes = analytics.session_changes(_Snapshot(checkins, (), [session]), *ALL_TIME)
    assert changes["change"].tolist() == [-3.0]


@pytest.mark.parametrize(
    "snapshot",
    [
        _Snapshot(),
        _snapshot(_session(_at("2025-06-02T18:00"), {"glutes": 5}, {}, ("pigeon",))),
        _snapshot(_session(_at("2025-06-02T18:00"), {}, {"glutes": 5}, ("pigeon",))),
        _snapshot(_session(_at("2025-06-02T18:00"), {"glutes": 5}, {"glutes": 3}, ())),
    ],
    ids=["nothing logged", "no after", "no before", "nothing completed"],
)
def test_what_helps_is_empty_without_a_completed_paired_session(
    snapshot: _Snapshot, small_catalog: Catalog
) -> None:
    for by in ("technique", "modality"):
        assert analytics.what_helps_table(snapshot, small_catalog, *ALL_TIME, by=by).empty


def test_sessions_outside_the_range_do_not_count(small_catalog: Catalog) -> None:
    pairs = [_session(_at("2025-06-02T18:00"), {"glutes": 6}, {"glutes": 4}, ("pigeon",))]
    start, end = _at("2025-06-03T00:00"), _at("2025-06-10T00:00")
    assert analytics.what_helps_table(_snapshot(*pairs), small_catalog, start, end).empty


def test_a_technique_gone_from_the_catalog_keeps_its_id_as_label(small_catalog: Catalog) -> None:
    pairs = [_session(_at("2025-06-02T18:00"), {"glutes": 6}, {"glutes": 4}, ("retired-move",))]
    table = analytics.what_helps_table(_snapshot(*pairs), small_catalog, *ALL_TIME)
    assert table["label"].tolist() == ["retired-move"]
    assert analytics.what_helps_table(
        _snapshot(*pairs), small_catalog, *ALL_TIME, by="modality"
    ).empty


# --- frames and scale ------------------------------------------------------------------------


def test_frames_pass_through_to_every_aggregation(small_catalog: Catalog) -> None:
    pair = _session(_at("2025-06-02T18:00"), {"glutes": 6}, {"glutes": 4}, ("pigeon",))
    snapshot = _snapshot(pair)
    frames = analytics.frames(snapshot)
    assert analytics.as_frames(frames) is frames
    assert len(frames.links) == 2
    assert frames.earliest == _at("2025-06-02T17:59")
    assert analytics.frames(_Snapshot()).earliest is None
    from_records = analytics.what_helps_table(snapshot, small_catalog, *ALL_TIME)
    from_frames = analytics.what_helps_table(frames, small_catalog, *ALL_TIME)
    pd.testing.assert_frame_equal(from_records, from_frames)


@pytest.fixture(scope="module")
def dense_frames() -> analytics.Frames:
    catalog = Catalog(
        (
            make_technique("ball-glute", "ball_release", ("glutes", "deep_rotators")),
            make_technique("lunge-stretch", "stretch", ("hip_flexors",)),
            make_technique("pigeon", "yoga", ("deep_rotators",)),
        )
    )
    history = generate_dense_history(catalog, _at("2025-06-18T21:00"), years=2, seed=3)
    return analytics.frames(history)


@pytest.mark.parametrize("choice", ["4w", "12w", "52w", "all"])
def test_series_never_have_more_points_than_days_in_the_range(
    dense_frames: analytics.Frames, choice: str
) -> None:
    now = _at("2025-06-18T21:00")
    start, end = spans.date_range(choice, now, BERLIN, dense_frames.earliest)
    days = len(analytics.range_days(start, end, BERLIN))
    weeks = len(spans.range_mondays(start, end, BERLIN))
    daily = analytics.daily_tension(dense_frames.checkins, start, end, BERLIN)
    assert daily.groupby("area").size().max() <= days
    weekly = analytics.weekly_tension(dense_frames.checkins, start, end, BERLIN)
    assert weekly.groupby("area").size().max() <= weeks
    assert len(analytics.daily_activity(dense_frames.sessions, start, end, BERLIN)) == days
    assert len(analytics.weekly_consistency(dense_frames.sessions, start, end, BERLIN)) == weeks
    for name in analytics.strength_exercises(dense_frames.sets):
        assert len(analytics.strength_daily(dense_frames.sets, name, start, end, BERLIN)) <= days
        assert len(analytics.strength_weekly(dense_frames.sets, name, start, end, BERLIN)) <= weeks
    assert days <= 7 * {"4w": 4, "12w": 12, "52w": 52}.get(choice, 10_000)


@pytest.mark.parametrize(
    "aggregate",
    [
        lambda f, s, e: analytics.daily_tension(f.checkins, s, e, BERLIN),
        lambda f, s, e: analytics.weekly_tension(f.checkins, s, e, BERLIN),
        lambda f, s, e: analytics.daily_activity(f.sessions, s, e, BERLIN),
        lambda f, s, e: analytics.weekly_consistency(f.sessions, s, e, BERLIN),
        lambda f, s, e: analytics.strength_daily(f.sets, "Glute bridge", s, e, BERLIN),
        lambda f, s, e: analytics.strength_weekly(f.sets, "Glute bridge", s, e, BERLIN),
        lambda f, s, e: analytics.session_changes(f, s, e),
        lambda f, s, e: analytics.what_helps_table(f, Catalog(()), s, e),
    ],
    ids=[
        "daily tension",
        "weekly tension",
        "daily activity",
        "weekly consistency",
        "strength daily",
        "strength weekly",
        "session changes",
        "what helps",
    ],
)
def test_an_empty_range_gives_an_empty_table(
    dense_frames: analytics.Frames, aggregate: Callable[..., pd.DataFrame]
) -> None:
    moment = _at("2025-06-02T00:00")
    assert len(aggregate(dense_frames, moment, moment)) == 0


def test_frames_keep_repeated_words_as_categories_and_share_ids_with_the_records(
    small_catalog: Catalog,
) -> None:
    history = generate_dense_history(small_catalog, datetime(2026, 3, 1, tzinfo=UTC), years=1)
    frames = analytics.frames(history)
    for frame, columns in (
        (frames.checkins, ("area", "side", "context")),
        (frames.sets, ("exercise_name", "side", "unit")),
        (frames.sessions, ("routine_name", "stop_reason")),
        (frames.steps, ("status",)),
        (frames.links, ("phase",)),
    ):
        for column in columns:
            assert isinstance(frame[column].dtype, pd.CategoricalDtype), column
    # Ids are the records' own strings, not copies.
    assert frames.checkins["id"].iloc[0] is history.checkins[0].id
    assert frames.sets["id"].iloc[-1] is history.sets[-1].id
    assert frames.sessions["id"].iloc[0] is history.sessions[0].id


@pytest.mark.parametrize(
    "values",
    [[], ["right", "left", None, "right"], [None, None], ["kg", "lb", "kg"], [1, "a"]],
)
def test_word_columns_equal_what_pandas_categorical_builds(values: list[object]) -> None:
    built = analytics._words(values)
    expected = pd.Categorical(values)
    assert list(built.categories) == list(expected.categories)
    assert built.categories.dtype == expected.categories.dtype
    assert built.codes.tolist() == expected.codes.tolist()


def test_frames_of_nothing_have_every_column_and_no_rows() -> None:
    frames = analytics.frames(Catalog(()))  # no checkins, sets or sessions attributes
    assert list(frames.checkins.columns) == list(analytics.CHECKIN_COLUMNS)
    assert list(frames.sets.columns) == [*analytics.SET_COLUMNS, "load_kg"]
    assert list(frames.sessions.columns) == list(analytics.SESSION_COLUMNS)
    assert list(frames.steps.columns) == list(analytics.STEP_COLUMNS)
    assert list(frames.links.columns) == list(analytics.LINK_COLUMNS)
    assert not any(len(f) for f in (frames.checkins, frames.sets, frames.sessions, frames.links))
    assert frames.earliest is None
