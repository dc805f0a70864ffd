"""Turn a guided session into what the page shows and what the store keeps.

Everything here is pure: time comes in as ``now`` (wall-clock seconds since the epoch),
so a fake clock can drive it in tests.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from hipdash.catalog import Technique
from hipdash.plan import Phase, PlanError, TechniqueLookup
from hipdash.records import (
    RoutineStep,
    SessionRecord,
    TensionCheckIn,
)
from hipdash.routines import default_step
from hipdash.timer import Timer, TimerStateError
from hipdash.validation import NAME_MAX_CHARS, TENSION_RANGE
from hipdash.vocabulary import AREA_SHORT_LABELS, AREAS

RESUMABLE_VERSION = 1
DEFAULT_LEVEL = 5
# Breathing is paced through holds and breathwork, not through counted reps.
PACED_MODALITIES = ("breathwork",)


class ResumeError(ValueError):
    """A stored unfinished session cannot be read back; the message says why."""


# -- routine steps ---------------------------------------------------------------------


def steps_to_plain(steps: Iterable[RoutineStep]) -> list[dict[str, Any]]:
    """Return routine steps as plain dicts that session state can hold."""
    return [asdict(step) for step in steps]


def steps_from_plain(rows: Iterable[Mapping[str, Any]]) -> list[RoutineStep]:
    """Return routine steps from ``steps_to_plain`` output; raise ValueError if malformed."""
    try:
        return [
            RoutineStep(
                technique_id=str(row["technique_id"]),
                sets=int(row["sets"]),
                hold_seconds=None if row["hold_seconds"] is None else int(row["hold_seconds"]),
                reps=None if row["reps"] is None else int(row["reps"]),
            )
            for row in rows
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"a routine step is malformed ({exc})") from exc


def queue_steps(queue: Iterable[str], catalog: TechniqueLookup) -> tuple[list[RoutineStep], int]:
    """Return a step at the catalog dose for each known id in ``queue``, and how many were unknown.

    A technique queued twice runs once.
    """
    steps: list[RoutineStep] = []
    seen: set[str] = set()
    unknown = 0
    for technique_id in queue:
        technique = catalog.get(technique_id)
        if technique is None:
            unknown += 1
        elif technique_id not in seen:
            seen.add(technique_id)
            steps.append(default_step(technique))
    return steps, unknown


def targeted_areas(technique_ids: Iterable[str], catalog: TechniqueLookup) -> list[str]:
    """Return the primary areas the techniques work on, in the body map's order."""
    wanted: set[str] = set()
    for technique_id in technique_ids:
        technique = catalog.get(technique_id)
        if technique is not None:
            wanted.update(technique.primary_areas)
    return [area for area in AREAS if area in wanted]


def builder_name(areas: Sequence[str], minutes: int) -> str:
    """Return a name for a routine the builder made, such as '15-minute routine: Glutes'."""
    where = ", ".join(AREA_SHORT_LABELS[a] for a in areas if a in AREA_SHORT_LABELS)
    name = f"{minutes}-minute routine" + (f": {where}" if where else ": whole hip")
    return name if len(name) <= NAME_MAX_CHARS else name[: NAME_MAX_CHARS - 1] + "…"


def clean_routine_name(text: str) -> str:
    """Return ``text`` as a routine name; raise ValueError saying what is wrong with it."""
    name = " ".join(text.split())
    if not name:
        raise ValueError("Give the routine a name.")
    if len(name) > NAME_MAX_CHARS:
        raise ValueError(f"A routine name can be at most {NAME_MAX_CHARS} characters.")
    return name


# -- check-ins -------------------------------------------------------------------------


def latest_levels(
    checkins: Sequence[TensionCheckIn], areas: Iterable[str], default: int = DEFAULT_LEVEL
) -> dict[str, int]:
    """Return the most recent tension level logged for each area, or ``default``.

    ``checkins`` are in time order, as the store gives them: the walk starts at the newest
    and stops once every area has its level, so years of logs cost a few steps.
    """
    wanted = list(dict.fromkeys(areas))
    latest: dict[str, int] = {}
    for checkin in reversed(checkins):
        if checkin.area in wanted:
            latest.setdefault(checkin.area, checkin.level)
            if len(latest) == len(wanted):
                break
    return {area: latest.get(area, default) for area in wanted}


def clean_levels(levels: Mapping[str, Any]) -> dict[str, int]:
    """Return tension levels keyed by area; raise ValueError for an unknown area or bad level."""
    low, high = TENSION_RANGE
    clean: dict[str, int] = {}
    for area, level in levels.items():
        if area not in AREAS:
            raise ValueError(f"unknown area {area!r}")
        if type(level) is not int or not low <= level <= high:
            raise ValueError(f"tension for {area} must be a whole number from {low} to {high}")
        clean[area] = level
    return clean


def _moment_at(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC).astimezone()


def checkins_for(
    levels: Mapping[str, int], at: float, context: str, session_id: str
) -> list[TensionCheckIn]:
    """Return one check-in per area rated, all at wall time ``at``, tied to the session."""
    moment = _moment_at(at)
    return [
        TensionCheckIn(at=moment, area=area, level=level, context=context, session_id=session_id)
        for area, level in levels.items()
    ]


# -- the finished session --------------------------------------------------------------


def finished(timer: Timer, now: float, reason: str | None = None) -> Timer:
    """Return the timer stopped: for ``reason``, else 'completed' or 'stopped_early' by position.

    A timer already stopped keeps its own reason.
    """
    if timer.state == "stopped":
        return timer
    if reason is None:
        reason = "completed" if timer.is_finished(now) else "stopped_early"
    return timer.stop(now, reason)


@dataclass(frozen=True)
class SessionResult:
    """The record and check-ins to store for one session, in one write."""

    record: SessionRecord
    checkins: tuple[TensionCheckIn, ...]
    # The step that was under way when Stop was pressed: the record counts it skipped
    # (begun, not finished), but the person stopped it rather than skipping it.
    stopped_in: int | None = None


def session_result(
    timer: Timer,
    now: float,
    *,
    session_id: str,
    routine_name: str,
    before: Mapping[str, int],
    before_at: float | None,
    after: Mapping[str, int] | None,
) -> SessionResult:
    """Return the SessionRecord and before/after check-ins of a session ending at ``now``.

    ``after`` is None when the person skipped the after-rating.
    """
    stopped = finished(timer, now)
    ended_at = stopped.ended_at if stopped.ended_at is not None else now
    started_at = stopped.started_at if stopped.started_at is not None else ended_at
    before_checkins = checkins_for(
        before, before_at if before_at is not None else started_at, "before_session", session_id
    )
    after_checkins = (
        checkins_for(after, max(now, ended_at), "after_session", session_id) if after else []
    )
    record = SessionRecord(
        started_at=_moment_at(started_at),
        ended_at=_moment_at(ended_at),
        routine_name=routine_name,
        steps=tuple(stopped.outcomes(ended_at)),
        stop_reason=stopped.stop_reason or "stopped_early",
        active_seconds=round(stopped.elapsed_active(ended_at), 1),
        before_checkin_ids=tuple(c.id for c in before_checkins),
        after_checkin_ids=tuple(c.id for c in after_checkins),
        id=session_id,
    )
    return SessionResult(record, (*before_checkins, *after_checkins), _stopped_in(stopped, record))


def _stopped_in(timer: Timer, record: SessionRecord) -> int | None:
    if timer.stop_reason == "completed":
        return None
    index = timer.phase_index_at(timer.anchor_offset)  # where the session stood at the stop
    if index is None:
        return None
    step = timer.plan.phases[index].step_index
    pressed_skip = timer.skipped[step]
    return step if record.steps[step].status == "skipped" and not pressed_skip else None


def summary(result: SessionResult) -> dict[str, Any]:
    """Return what the page says about a saved session, as plain values."""
    record = result.record
    counts = {status: 0 for status in ("done", "skipped", "stopped", "not_reached")}
    for index, step in enumerate(record.steps):
        counts["stopped" if index == result.stopped_in else step.status] += 1
    before = {c.area: c.level for c in result.checkins if c.context == "before_session"}
    after = {c.area: c.level for c in result.checkins if c.context == "after_session"}
    return {
        "routine_name": record.routine_name,
        "stop_reason": record.stop_reason,
        "active_seconds": record.active_seconds,
        **counts,
        "changes": [[area, before[area], after[area]] for area in before if area in after],
    }


def outcome_text(counts: Mapping[str, int]) -> str:
    """Return how the techniques of a session went, such as '1 done, 1 skipped, 1 stopped'."""
    parts = [f"{counts.get('done', 0)} of {sum(counts.get(k, 0) for k in _STATUSES)} done"]
    if counts.get("skipped"):
        parts.append(f"{counts['skipped']} skipped")
    if counts.get("stopped"):
        parts.append(f"{counts['stopped']} stopped part-way")
    if counts.get("not_reached"):
        parts.append(f"{counts['not_reached']} not reached")
    return ", ".join(parts)


_STATUSES = ("done", "skipped", "stopped", "not_reached")


def queue_after(queue: Sequence[str], result: SessionResult) -> list[str]:
    """Return the queue once a session is saved: the techniques done in it leave the queue."""
    done = {step.technique_id for step in result.record.steps if step.status == "done"}
    return [technique_id for technique_id in queue if technique_id not in done]


# -- what the runner shows -------------------------------------------------------------


@dataclass(frozen=True)
class Moment:
    """Where a session stands at one instant, ready to render."""

    state: str
    phase_index: int | None
    phase: Phase | None
    step_index: int | None
    step_name: str
    step_count: int
    phase_elapsed: float
    phase_remaining: float
    phase_fraction: float
    session_fraction: float
    session_remaining: float
    next_text: str


def moment(timer: Timer, now: float) -> Moment:
    """Return what the runner should show at ``now``."""
    plan = timer.plan
    index = timer.current_phase_index(now)
    phase = None if index is None else plan.phases[index]
    step = None if phase is None else phase.step_index
    elapsed = 0.0 if index is None else timer.position(now) - plan.boundaries[index]
    return Moment(
        state=timer.state,
        phase_index=index,
        phase=phase,
        step_index=step,
        step_name="" if step is None else plan.step_names[step],
        step_count=plan.step_count,
        phase_elapsed=max(0.0, elapsed),
        phase_remaining=timer.remaining_in_phase(now),
        phase_fraction=timer.phase_fraction(now),
        session_fraction=timer.session_fraction(now),
        session_remaining=timer.remaining_seconds(now),
        next_text=next_text(timer, index),
    )


def next_text(timer: Timer, phase_index: int | None) -> str:
    """Return what comes after the phase at ``phase_index``, in words."""
    plan = timer.plan
    if phase_index is None:
        return ""
    if phase_index + 1 >= len(plan.phases):
        return "Then you are done."
    current, upcoming = plan.phases[phase_index], plan.phases[phase_index + 1]
    if upcoming.step_index != current.step_index:
        return f"Next: {plan.step_names[upcoming.step_index]}"
    if current.kind == "transition":
        return f"Next: {plan.step_names[current.step_index]}, get ready"
    return f"Next: {upcoming.label}"


def countdown_text(seconds: float) -> str:
    """Return seconds left as 'm:ss', rounded up so '0:00' shows only at the very end."""
    whole = max(0, math.ceil(round(seconds, 6)))
    return f"{whole // 60}:{whole % 60:02d}"


def paces_breath(phase: Phase | None, technique: Technique | None) -> bool:
    """Return whether the breathing pacer belongs on screen during ``phase``."""
    if phase is None or phase.kind != "work":
        return False
    in_breathwork = technique is not None and technique.modality in PACED_MODALITIES
    return phase.reps is None or in_breathwork


# -- controls from the runner ----------------------------------------------------------

# Every control the runner sends, in words for its button; "toggle" is Space and the
# main button: start, pause or resume, whichever the session needs.
CONTROLS = {
    "toggle": "Start, pause or resume",
    "next_part": "Next part",
    "previous_part": "Previous part",
    "next_technique": "Next technique",
    "stop": "Stop",
    "red_flag": "Sharp pain, numbness or tingling: stop",
}
# A press the browser timed this long before the server heard of it is still honoured
# at its own moment, so a pause freezes the countdown the person saw.
CONTROL_LAG_SECONDS = 5.0


def control_time(pressed_at: object, now: float) -> float:
    """Return when a control takes effect: the browser's press time if recent, else ``now``."""
    if isinstance(pressed_at, bool) or not isinstance(pressed_at, int | float):
        return now
    if not math.isfinite(pressed_at) or not now - CONTROL_LAG_SECONDS <= pressed_at <= now:
        return now
    return float(pressed_at)


def apply_control(timer: Timer, action: str, at: float) -> Timer:
    """Return the timer after the runner's control ``action`` at wall time ``at``.

    Raise ValueError for an action that is not one of CONTROLS.
    """
    if action == "toggle":
        if timer.state == "idle":
            return timer.start(at)
        return timer.resume(at) if timer.is_paused else timer.pause(at)
    if action == "next_part":
        return timer.skip_phase(at)
    if action == "previous_part":
        return timer.back_phase(at)
    if action == "next_technique":
        return timer.skip(at)
    if action == "stop":
        return timer.stop(at, "stopped_early")
    if action == "red_flag":
        return timer.stop(at, "red_flag")
    raise ValueError(f"unknown control {action!r}")


# -- the resumable copy kept in the store ----------------------------------------------


@dataclass(frozen=True)
class ActiveSession:
    """An unfinished guided session, as kept in the store so a reload can resume it."""

    session_id: str
    routine_name: str
    timer: Timer
    areas: tuple[str, ...]
    before: dict[str, int]
    before_at: float | None

    def to_dict(self) -> dict[str, Any]:
        """Return the session as plain JSON-safe data for ``Store.set_active_session``."""
        return {
            "version": RESUMABLE_VERSION,
            "session_id": self.session_id,
            "routine_name": self.routine_name,
            "timer": self.timer.to_dict(),
            "areas": list(self.areas),
            "before": dict(self.before),
            "before_at": self.before_at,
        }

    def result(self, now: float, after: Mapping[str, int] | None) -> SessionResult:
        """Return the session as it ends at ``now``, with ``after``-ratings unless None."""
        return session_result(
            self.timer,
            now,
            session_id=self.session_id,
            routine_name=self.routine_name,
            before=self.before,
            before_at=self.before_at,
            after=after,
        )

    @classmethod
    def from_dict(cls, data: Any) -> ActiveSession:
        """Rebuild an ActiveSession from ``to_dict`` output; raise ResumeError if malformed."""
        try:
            if not isinstance(data, Mapping):
                raise ResumeError("it is not a table of values")
            if data.get("version") != RESUMABLE_VERSION:
                raise ResumeError(f"it has an unknown version {data.get('version')!r}")
            session_id = data["session_id"]
            routine_name = data["routine_name"]
            if not (isinstance(session_id, str) and session_id):
                raise ResumeError("its session id is missing")
            if not (isinstance(routine_name, str) and routine_name.strip()):
                raise ResumeError("its routine name is missing")
            areas = tuple(data["areas"])
            if not all(isinstance(a, str) and a in AREAS for a in areas):
                raise ResumeError("it names an unknown area")
            before_at = data["before_at"]
            if before_at is not None and (
                type(before_at) not in (int, float) or not math.isfinite(before_at)
            ):
                raise ResumeError("its check-in time is not a number")
            return cls(
                session_id=session_id,
                routine_name=routine_name,
                timer=Timer.from_dict(data["timer"]),
                areas=areas,
                before=clean_levels(data["before"]),
                before_at=None if before_at is None else float(before_at),
            )
        except ResumeError:
            raise
        except (KeyError, TypeError, ValueError, PlanError, TimerStateError, AttributeError) as exc:
            raise ResumeError(str(exc)) from exc


# What this tab says when another tab has taken over its running session.
TAKEN_ELSEWHERE = {
    "saved": "This session was ended and saved in another tab.",
    "moved": (
        "This session was carried on in another tab, so it stopped here. "
        "Resume it below to take it back."
    ),
}


def taken_elsewhere(
    session_id: str,
    kept_timer: Mapping[str, Any] | None,
    stored: Mapping[str, Any] | None,
    saved: bool,
) -> str | None:
    """Return what another tab did with this tab's running session: 'saved', 'moved' or None.

    ``kept_timer`` is the timer this tab last wrote to the store, ``stored`` the store's
    resumable session now, and ``saved`` whether the store holds the session as saved.
    Comparing with what this tab wrote, not with its current timer, means a write of ours
    that failed is never mistaken for another tab's.
    """
    if saved:
        return "saved"
    if (
        kept_timer is not None
        and stored is not None
        and stored.get("session_id") == session_id
        and stored.get("timer") != kept_timer
    ):
        return "moved"
    return None


def resume_text(active: ActiveSession, now: float) -> str:
    """Return where an unfinished session stands, such as 'Step 2 of 3 ... 0:18 left'."""
    timer = active.timer
    if timer.is_finished(now):
        return "It has reached its end and only needs to be saved."
    where = moment(timer, now)
    if where.phase is None:
        return "It has not started yet."
    status = {"running": "still running", "paused": "paused", "idle": "not started"}
    return (
        f"Step {where.step_index + 1 if where.step_index is not None else 1} of "
        f"{where.step_count}, {where.step_name}: {where.phase.label}, "
        f"{countdown_text(where.phase_remaining)} left in this part "
        f"({status.get(timer.state, timer.state)}; "
        f"{countdown_text(where.session_remaining)} left in all)."
    )
