"""Test the headline numbers and the overview's weeks, built from the records without pandas."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from hipdash import analytics, summary
from hipdash.catalog import Catalog
from hipdash.demo import generate_dense_history
from hipdash.records import StrengthSet, TensionCheckIn
from hipdash.summary import OverviewWeek, Timeline
from tests.factories import make_technique
from tests.test_analytics import BERLIN, _at, _checkin, _session, _set, _Snapshot

# --- headline numbers ------------------------------------------------------------------------


def test_weekly_kpis_compare_this_week_with_last_week() -> None:
    now = _at("2025-06-18T20:00")  # a Wednesday
    this_week, last_week = _at("2025-06-16T09:00"), _at("2025-06-10T09:00")
    snapshot = _Snapshot(
        checkins=[_checkin(this_week, 3), _checkin(this_week, 4), _checkin(last_week, 6)],
        sets=[
            _set("2025-06-17T18:00", "Balance", hold_seconds=40.0),
            _set("2025-06-11T18:00", "Balance", hold_seconds=30.0),
        ],
        sessions=[
            _session(this_week, {}, {}, (), active_seconds=900.0)[0],
            _session(last_week, {}, {}, (), active_seconds=600.0)[0],
            _session(last_week + timedelta(days=1), {}, {}, (), active_seconds=600.0)[0],
            _session(_at("2025-06-01T09:00"), {}, {}, (), active_seconds=600.0)[0],  # older
        ],
    )
    kpis = {kpi.label: kpi for kpi in summary.weekly_kpis(Timeline(snapshot), now, BERLIN)}
    assert list(kpis) == ["Average tension", "Sessions", "Minutes", "Best hold"]
    assert (kpis["Average tension"].value, kpis["Average tension"].delta) == (3.5, -2.5)
    assert kpis["Average tension"].lower_is_better
    assert kpis["Average tension"].delta_color == "inverse"
    assert (kpis["Sessions"].value, kpis["Sessions"].delta) == (1, -1)
    assert (kpis["Minutes"].value, kpis["Minutes"].delta) == (15, -5)
    assert (kpis["Best hold"].value_text, kpis["Best hold"].delta_text) == ("40 s", "+10 s")
    assert kpis["Best hold"].delta_color == "normal"


def test_weekly_kpis_have_no_delta_without_last_week() -> None:
    now = _at("2025-06-18T20:00")
    kpis = summary.weekly_kpis(
        Timeline(_Snapshot([_checkin(_at("2025-06-17T08:00"), 5)])), now, BERLIN
    )
    tension, sessions, _, hold = kpis
    assert (tension.value_text, tension.delta_text) == ("5.0", None)
    assert (sessions.value, sessions.delta) == (0, None)
    assert (hold.value_text, hold.delta) == ("–", None)


def test_an_empty_current_week_shows_the_latest_week_with_data_against_the_one_before() -> None:
    now = _at("2025-06-16T07:00")  # Monday morning, nothing logged yet this week
    snapshot = _Snapshot(
        sessions=[
            _session(_at("2025-06-11T09:00"), {}, {}, (), active_seconds=600.0)[0],
            _session(_at("2025-06-12T09:00"), {}, {}, (), active_seconds=600.0)[0],
            # the week of 2 June is empty; the week of 26 May has one session
            _session(_at("2025-05-27T09:00"), {}, {}, (), active_seconds=300.0)[0],
        ]
    )
    weeks = summary.kpi_weeks(Timeline(snapshot), now, BERLIN)
    assert weeks is not None and not weeks.shown_is_current
    assert weeks.shown[0] == _at("2025-06-09T00:00")
    assert weeks.compared is not None and weeks.compared[0] == _at("2025-05-26T00:00")
    assert "week of 9 Jun 2025" in weeks.caption()
    assert "week of 26 May 2025" in weeks.caption()
    kpis = {kpi.label: kpi for kpi in summary.weekly_kpis(Timeline(snapshot), now, BERLIN)}
    assert (kpis["Sessions"].value, kpis["Sessions"].delta) == (2, 1)
    assert (kpis["Minutes"].value, kpis["Minutes"].delta) == (20, 15)


def test_kpi_weeks_are_none_before_anything_is_logged() -> None:
    assert summary.kpi_weeks(Timeline(_Snapshot()), _at("2025-06-16T07:00"), BERLIN) is None
    assert all(
        k.value is None or k.value == 0
        for k in summary.weekly_kpis(Timeline(_Snapshot()), _at("2025-06-16T07:00"), BERLIN)
    )


def test_the_weekly_overview_has_every_week_with_gaps_for_weeks_without_checkins() -> None:
    start, end = _at("2025-06-02T00:00"), _at("2025-06-23T00:00")  # three Monday weeks
    checkins = [
        TensionCheckIn(at=_at("2025-06-03T09:00"), area="glutes", level=6),
        TensionCheckIn(at=_at("2025-06-04T09:00"), area="hamstrings", level=4),
    ]
    sets = [
        StrengthSet(at=_at("2025-06-17T18:00"), exercise_name="Bridge", reps=10),
        StrengthSet(at=_at("2025-06-17T18:05"), exercise_name="Bridge", reps=10),
    ]

    class Data:
        pass

    data = Data()
    data.checkins, data.sets, data.sessions = checkins, sets, []
    overview = summary.weekly_overview(Timeline(data), start, end, BERLIN)
    assert overview == [
        OverviewWeek(date(2025, 6, 2), 5.0, 0),
        OverviewWeek(date(2025, 6, 9), None, 0),
        OverviewWeek(date(2025, 6, 16), None, 2),
    ]


def test_a_week_half_gone_is_compared_with_the_same_days_of_an_earlier_week() -> None:
    now = _at("2025-06-18T20:00")  # Wednesday evening
    snapshot = _Snapshot(
        sessions=[
            _session(_at("2025-06-16T09:00"), {}, {}, (), active_seconds=600.0)[0],
            _session(_at("2025-06-10T09:00"), {}, {}, (), active_seconds=600.0)[0],  # Tue
            # Thursday to Sunday of last week are not yet comparable
            *[
                _session(_at(f"2025-06-{day}T09:00"), {}, {}, (), active_seconds=600.0)[0]
                for day in (12, 13, 14, 15)
            ],
        ]
    )
    weeks = summary.kpi_weeks(Timeline(snapshot), now, BERLIN)
    assert weeks is not None and weeks.compared is not None
    assert weeks.compared[0] == _at("2025-06-09T00:00")
    assert weeks.compared[1] - weeks.compared[0] == weeks.shown[1] - weeks.shown[0]
    assert "the same days of the week of 9 Jun 2025" in weeks.caption()
    kpis = {kpi.label: kpi for kpi in summary.weekly_kpis(Timeline(snapshot), now, BERLIN)}
    assert (kpis["Sessions"].value, kpis["Sessions"].delta) == (1, 0)


# --- the timeline ------------------------------------------------------------------------------


def test_the_timeline_finds_records_from_the_start_up_to_but_not_at_the_end() -> None:
    moments = [_at("2025-06-16T09:00"), _at("2025-06-02T09:00"), _at("2025-06-09T09:00")]
    timeline = Timeline(_Snapshot(checkins=[_checkin(m, i) for i, m in enumerate(moments)]))
    found = timeline.checkins.within(_at("2025-06-02T09:00"), _at("2025-06-16T09:00"))
    assert [c.at for c in found] == [_at("2025-06-02T09:00"), _at("2025-06-09T09:00")]
    assert timeline.earliest == _at("2025-06-02T09:00")


def test_the_timeline_orders_moments_across_time_zones_by_the_instant() -> None:
    berlin_nine = _at("2025-06-16T09:00")  # 07:00 UTC
    utc_eight = datetime(2025, 6, 16, 8, 0, tzinfo=UTC)
    timeline = Timeline(
        _Snapshot(
            checkins=[_checkin(utc_eight, 1)],
            sets=[StrengthSet(at=berlin_nine, exercise_name="Bridge", reps=5)],
        )
    )
    assert timeline.earliest == berlin_nine
    assert timeline.moments == sorted([berlin_nine.timestamp(), utc_eight.timestamp()])


def test_an_empty_timeline_has_no_earliest_moment() -> None:
    assert Timeline(_Snapshot()).earliest is None
    assert Timeline(Catalog(())).earliest is None  # no record attributes at all


def _reference_kpi_weeks(snapshot: _Snapshot, now: datetime) -> summary.KpiWeeks | None:
    """The rule as first written: every week with data, newest first, checked one by one."""
    from hipdash.spans import local_midnight, monday, whole_week

    moments = [c.at for c in snapshot.checkins] + [s.at for s in snapshot.sets]
    moments += [s.started_at for s in snapshot.sessions]
    moments = [m for m in moments if m <= now]
    if not moments:
        return None
    weeks = sorted({monday(m.astimezone(BERLIN).date()) for m in moments}, reverse=True)
    latest, earlier = weeks[0], weeks[1:]
    if latest != monday(now.astimezone(BERLIN).date()):
        compared = whole_week(earlier[0], BERLIN) if earlier else None
        return summary.KpiWeeks(whole_week(latest, BERLIN), compared, shown_is_current=False)
    start = local_midnight(latest, BERLIN)
    elapsed = now + timedelta(microseconds=1) - start
    found = None
    for week in earlier:
        span = (local_midnight(week, BERLIN), local_midnight(week, BERLIN) + elapsed)
        if any(span[0] <= m < span[1] for m in moments):
            found = span
            break
    return summary.KpiWeeks((start, start + elapsed), found, shown_is_current=True)


@pytest.mark.parametrize("seed", range(40))
def test_the_compared_weeks_match_the_rule_checked_week_by_week(seed: int) -> None:
    rng = random.Random(seed)
    base = _at("2025-03-03T00:00")  # spans the spring and autumn clock changes
    spread = timedelta(days=rng.choice((10, 60, 300)))

    def moment() -> datetime:
        return base + timedelta(seconds=rng.uniform(0, spread.total_seconds()))

    snapshot = _Snapshot(
        checkins=[_checkin(moment(), rng.randint(0, 10)) for _ in range(rng.randint(0, 30))],
        sets=[_set(moment().isoformat()[:16], "Bridge", reps=5) for _ in range(rng.randint(0, 5))],
        sessions=[_session(moment(), {}, {}, ())[0] for _ in range(rng.randint(0, 5))],
    )
    timeline = Timeline(snapshot)
    for _ in range(10):
        now = moment() + timedelta(days=rng.choice((0, 3, 20)))
        assert summary.kpi_weeks(timeline, now, BERLIN) == _reference_kpi_weeks(snapshot, now)


def test_the_overview_matches_the_weekly_means_of_the_frames() -> None:
    catalog = Catalog((make_technique("ball-glute", "ball_release"),))
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    history = generate_dense_history(catalog, now, years=0.5)
    start, end = _at("2025-11-03T00:00"), _at("2026-03-02T00:00")
    overview = summary.weekly_overview(Timeline(history), start, end, BERLIN)

    checkins = analytics._within(analytics.checkin_frame(history.checkins), "at", start, end)
    weeks = analytics.week_start(analytics.local_days(checkins["at"], BERLIN))
    means = checkins.groupby(weeks)["level"].mean()
    sets = analytics._within(analytics.set_frame(history.sets), "at", start, end)
    counts = sets.groupby(analytics.week_start(analytics.local_days(sets["at"], BERLIN))).size()
    days = analytics.range_days(start, end, BERLIN)
    assert [w.monday for w in overview] == [w.date() for w in analytics.week_start(days).unique()]
    for week in overview:
        key = datetime.combine(week.monday, datetime.min.time())
        assert week.tension == pytest.approx(means.get(key)), week
        assert week.sets == counts.get(key, 0), week


def test_best_hold_is_the_longest_hold_of_any_exercise_in_the_range() -> None:
    records = [
        _set("2025-06-02T18:00", "Single-leg balance", hold_seconds=35.0),
        _set("2025-06-03T18:00", "Side plank", hold_seconds=50.0),
        _set("2025-06-03T18:00", "Bridge", reps=12),
        _set("2025-07-03T18:00", "Side plank", hold_seconds=90.0),
    ]
    timeline = Timeline(_Snapshot(sets=records))

    def best_hold(start: str, end: str) -> float | None:
        weeks = summary.KpiWeeks((_at(start), _at(end)), None, shown_is_current=False)
        kpis = {k.label: k for k in summary.weekly_kpis(timeline, _at(end), BERLIN, weeks)}
        return kpis["Best hold"].value

    assert best_hold("2025-06-01T00:00", "2025-06-08T00:00") == 50.0
    assert best_hold("2025-08-01T00:00", "2025-08-08T00:00") is None
