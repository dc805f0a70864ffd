"""Sum up the logs week by week without pandas: the headline numbers and the overview's weeks.

Progress opens on these. Built from the records directly, its first view costs neither a
pandas import nor DataFrames, however many years of logs there are; the other tabs build
frames (``hipdash.analytics``) only when opened.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, Generic, Literal, TypedDict, TypeVar

from hipdash.records import SessionRecord, StrengthSet, TensionCheckIn
from hipdash.spans import day_text, local_midnight, monday, range_mondays, whole_week

R = TypeVar("R")


class _Sorted(Generic[R]):
    """Records of one kind ordered by their moment, with the moments as POSIX seconds."""

    def __init__(self, records: Sequence[R], moment: Callable[[R], datetime]) -> None:
        # Logs are mostly stored in time order already, which sorting handles in one pass.
        keyed = sorted(((moment(r).timestamp(), i) for i, r in enumerate(records)))
        self.keys = [key for key, _ in keyed]
        self.records = [records[i] for _, i in keyed]
        self.first = moment(self.records[0]) if self.records else None

    def within(self, start: datetime, end: datetime) -> list[R]:
        """Return the records at ``start`` or later and before ``end``."""
        low = bisect_left(self.keys, start.timestamp())
        return self.records[low : bisect_left(self.keys, end.timestamp(), low)]


class Timeline:
    """A snapshot's check-ins, sets and sessions in time order, for quick questions by span."""

    def __init__(self, snapshot: Any) -> None:
        self.checkins = _Sorted[TensionCheckIn](getattr(snapshot, "checkins", ()), _at)
        self.sets = _Sorted[StrengthSet](getattr(snapshot, "sets", ()), _at)
        self.sessions = _Sorted[SessionRecord](getattr(snapshot, "sessions", ()), _started)
        # Every moment of any kind, for "which weeks have data".
        self.moments = sorted(self.checkins.keys + self.sets.keys + self.sessions.keys)

    @property
    def earliest(self) -> datetime | None:
        """Return the moment of the first record of any kind, or None when nothing is logged."""
        firsts = [k.first for k in (self.checkins, self.sets, self.sessions) if k.first]
        return min(firsts) if firsts else None


def _at(record: TensionCheckIn | StrengthSet) -> datetime:
    return record.at


def _started(record: SessionRecord) -> datetime:
    return record.started_at


# --- headline numbers ------------------------------------------------------------------------


@dataclass(frozen=True)
class Kpi:
    """One headline number for this week, with its change from last week."""

    label: str
    value: float | None
    delta: float | None
    unit: str = ""
    lower_is_better: bool = False
    decimals: int = 0
    help: str = ""

    @property
    def value_text(self) -> str:
        """Return the value ready to show, or an en dash when there is none."""
        if self.value is None:
            return "–"
        return f"{self.value:.{self.decimals}f}{self.unit}"

    @property
    def delta_text(self) -> str | None:
        """Return the signed change from last week, or None when it cannot be compared."""
        if self.delta is None:
            return None
        return f"{self.delta:+.{self.decimals}f}{self.unit}"

    @property
    def delta_color(self) -> str:
        """Return the Streamlit ``delta_color`` that paints an improvement green."""
        return "inverse" if self.lower_is_better else "normal"


@dataclass(frozen=True)
class KpiWeeks:
    """Which two spans of Monday-started weeks the headline numbers show and compare."""

    shown: tuple[datetime, datetime]  # half-open; this week ends at ``now``
    compared: tuple[datetime, datetime] | None  # None when no earlier week has data
    shown_is_current: bool

    def caption(self) -> str:
        """Return one sentence that says which weeks the numbers are from."""
        shown = (
            "This week so far"
            if self.shown_is_current
            else "Nothing logged yet this week; showing the week of "
            + day_text(self.shown[0].date())
        )
        if self.compared is None:
            return f"{shown}. No earlier week with data to compare with."
        days = "the same days of " if self.shown_is_current else ""
        return f"{shown}, compared with {days}the week of {day_text(self.compared[0].date())}."


def kpi_weeks(timeline: Timeline, now: datetime, tz: tzinfo) -> KpiWeeks | None:
    """Return the spans to compare: the latest week with data and the latest one before it.

    A week has data when anything (check-in, set or session) was logged in it. This week,
    from Monday 00:00 up to ``now``, is shown when it has data, and compared with the same
    days and hours of the latest earlier week that has data in them, so a week half gone
    is never set against a whole one. Otherwise the latest earlier week with data is shown
    whole, against the whole latest week with data before it. Return None when nothing is
    logged up to ``now``.
    """
    moments = timeline.moments
    logged = bisect_right(moments, now.timestamp())  # moments[:logged] are up to now
    if not logged:
        return None
    latest = _week_of(moments[logged - 1], tz)
    start = local_midnight(latest, tz)
    before = bisect_left(moments, start.timestamp(), 0, logged)  # moments[:before] are earlier
    if latest != monday(now.astimezone(tz).date()):
        compared = whole_week(_week_of(moments[before - 1], tz), tz) if before else None
        return KpiWeeks(whole_week(latest, tz), compared, shown_is_current=False)
    elapsed = now + timedelta(microseconds=1) - start
    found = None
    # Walk back week by week: the latest moment before each week's cut-off decides it.
    while before:
        week = local_midnight(_week_of(moments[before - 1], tz), tz)
        span = (week, week + elapsed)
        cut = bisect_left(moments, span[1].timestamp(), 0, before)
        if cut and moments[cut - 1] >= week.timestamp():
            found = span
            break
        before = bisect_left(moments, week.timestamp(), 0, cut)
    return KpiWeeks((start, start + elapsed), found, shown_is_current=True)


def _week_of(moment: float, tz: tzinfo) -> date:
    return monday(datetime.fromtimestamp(moment, tz).date())


class _KpiStyle(TypedDict, total=False):
    """The Kpi display fields a headline number sets, passed on as keyword arguments."""

    unit: str
    lower_is_better: bool
    decimals: int


_Measure = Callable[[Timeline, datetime, datetime], float | None]


def weekly_kpis(
    timeline: Timeline,
    now: datetime,
    tz: tzinfo,
    weeks: KpiWeeks | None | Literal["find"] = "find",
) -> list[Kpi]:
    """Return average tension, sessions, minutes and best hold of the weeks ``kpi_weeks`` picks.

    Each delta is the change from the compared week; None when there is no such week or one
    of the two weeks lacks that measure. Pass ``weeks`` when ``kpi_weeks`` was already asked.
    """
    if weeks == "find":
        weeks = kpi_weeks(timeline, now, tz)
    measures: list[tuple[str, _Measure, _KpiStyle, str]] = [
        (
            "Average tension",
            _mean_tension,
            {"lower_is_better": True, "decimals": 1},
            "Mean of the week's check-ins, 0-10.",
        ),
        ("Sessions", _session_count, {}, "Guided sessions started in the week."),
        ("Minutes", _active_minutes, {"unit": " min"}, "Active minutes, pauses left out."),
        ("Best hold", _best_hold, {"unit": " s"}, "Longest hold or balance hold of the week."),
    ]
    kpis = []
    for label, measure, style, help_text in measures:
        decimals = int(style.get("decimals", 0))
        current = _rounded(measure(timeline, *weeks.shown), decimals) if weeks else None
        previous = (
            _rounded(measure(timeline, *weeks.compared), decimals)
            if weeks and weeks.compared
            else None
        )
        delta = None if current is None or previous is None else round(current - previous, 6)
        kpis.append(Kpi(label, current, delta, help=help_text, **style))
    return kpis


def _mean_tension(timeline: Timeline, start: datetime, end: datetime) -> float | None:
    levels = [c.level for c in timeline.checkins.within(start, end)]
    return math.fsum(levels) / len(levels) if levels else None


def _session_count(timeline: Timeline, start: datetime, end: datetime) -> float:
    return float(len(timeline.sessions.within(start, end)))


def _active_minutes(timeline: Timeline, start: datetime, end: datetime) -> float:
    return math.fsum(s.minutes for s in timeline.sessions.within(start, end))


def _best_hold(timeline: Timeline, start: datetime, end: datetime) -> float | None:
    held = [s.hold_seconds for s in timeline.sets.within(start, end) if s.hold_seconds is not None]
    return float(max(held)) if held else None


def _rounded(value: float | None, decimals: int) -> float | None:
    return None if value is None else round(value, decimals)


# --- the overview ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OverviewWeek:
    """One Monday-started week of the overview: mean tension of every check-in, sets logged."""

    monday: date
    tension: float | None  # None in a week without check-ins: a gap, not a zero
    sets: int


def weekly_overview(
    timeline: Timeline, start: datetime, end: datetime, tz: tzinfo
) -> list[OverviewWeek]:
    """Return every week that overlaps [start, end), with its mean tension and sets logged."""
    levels: dict[date, list[int]] = {}
    for checkin in timeline.checkins.within(start, end):
        levels.setdefault(monday(checkin.at.astimezone(tz).date()), []).append(checkin.level)
    sets: dict[date, int] = {}
    for logged in timeline.sets.within(start, end):
        week = monday(logged.at.astimezone(tz).date())
        sets[week] = sets.get(week, 0) + 1
    return [
        OverviewWeek(
            week,
            math.fsum(levels[week]) / len(levels[week]) if week in levels else None,
            sets.get(week, 0),
        )
        for week in range_mondays(start, end, tz)
    ]
