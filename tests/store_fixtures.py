"""Give the store tests a fixed clock, valid record factories and a seeding helper."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Any

from hipdash.records import (
    Note,
    RoutineStep,
    SavedRoutine,
    SessionRecord,
    StepOutcome,
    StrengthSet,
    TensionCheckIn,
)
from hipdash.store import Store

BERLIN_SUMMER = timezone(timedelta(hours=2))
NOW = datetime(2025, 6, 1, 18, 30, tzinfo=BERLIN_SUMMER)


def fixed_now() -> datetime:
    """Return the tests' fixed moment."""
    return NOW


def make_checkin(**changes: Any) -> TensionCheckIn:
    """Return a valid check-in, with any field changed."""
    return replace(TensionCheckIn(at=NOW - timedelta(hours=1), area="glutes", level=6), **changes)


def make_set(**changes: Any) -> StrengthSet:
    """Return a valid strength set, with any field changed."""
    base = StrengthSet(
        at=NOW - timedelta(hours=1),
        exercise_name="Glute bridge",
        exercise_id="glute-bridge",
        reps=12,
        load=10.0,
        rpe=6.0,
    )
    return replace(base, **changes)


def make_session(**changes: Any) -> SessionRecord:
    """Return a valid session record, with any field changed."""
    base = SessionRecord(
        started_at=NOW - timedelta(minutes=20),
        ended_at=NOW - timedelta(minutes=5),
        routine_name="Evening hips",
        steps=(
            StepOutcome("figure-four-stretch", "done", 120.0),
            StepOutcome("clamshell", "skipped", 0.0),
        ),
        stop_reason="completed",
        active_seconds=600.0,
    )
    return replace(base, **changes)


def make_note(**changes: Any) -> Note:
    """Return a valid note, with any field changed."""
    return replace(
        Note(
            at=NOW - timedelta(hours=2), text="Stiff after the drive.", mood_tags=("stiff", "tired")
        ),
        **changes,
    )


def make_routine(**changes: Any) -> SavedRoutine:
    """Return a valid saved routine, with any field changed."""
    base = SavedRoutine(
        name="Morning",
        steps=(RoutineStep("figure-four-stretch", 2, 30), RoutineStep("clamshell", 3, reps=12)),
    )
    return replace(base, **changes)


def seed(store: Store) -> None:
    """Store one or more records of every kind."""
    session = make_session()
    store.add_session(
        session,
        [
            make_checkin(context="before_session", session_id=session.id, level=7),
            make_checkin(context="after_session", session_id=session.id, level=4, side="left"),
        ],
    )
    store.add_checkins([make_checkin(area="hip_flexors", at=NOW - timedelta(days=3))])
    store.add_sets([make_set(), make_set(reps=None, load=None, hold_seconds=45.0, side="right")])
    store.add_note(make_note())
    store.save_routine(make_routine())


def make_step_state() -> dict[str, Any]:
    """Return a resumable session state holding a dict shaped like a stored step outcome."""
    return {
        "step": 1,
        "last": {"technique_id": "clamshell", "status": "done", "active_seconds": 30},
        "log": [{"technique_id": "figure-four", "sets": 2, "hold_seconds": 30, "reps": None}],
    }
