"""Define the records a person logs: tension check-ins, strength sets, sessions and notes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

SIDES = ("left", "right", "both")
CHECKIN_CONTEXTS = ("standalone", "before_session", "after_session")
LOAD_UNITS = ("kg", "lb")
STEP_STATUSES = ("done", "skipped", "not_reached")
STOP_REASONS = ("completed", "stopped_early", "red_flag")
MOOD_TAGS = ("calm", "stressed", "tired", "energised", "sore", "stiff", "hopeful", "low")


def new_id() -> str:
    """Return a fresh random record id; ids make imports idempotent."""
    return uuid.uuid4().hex


@dataclass(frozen=True, slots=True)
class TensionCheckIn:
    """How tense one area felt, 0 (none) to 10 (worst), at one moment."""

    at: datetime  # timezone-aware
    area: str  # an id from vocabulary.AREAS
    level: int  # 0-10
    side: str = "both"
    context: str = "standalone"
    note: str = ""
    session_id: str | None = None
    id: str = field(default_factory=new_id)


@dataclass(frozen=True, slots=True)
class StrengthSet:
    """One set of a strength or balance exercise."""

    at: datetime  # timezone-aware
    exercise_name: str
    exercise_id: str | None = None  # a catalog id, or None for a custom exercise
    side: str = "both"
    reps: int | None = None
    load: float | None = None  # None for bodyweight
    unit: str = "kg"
    hold_seconds: float | None = None  # holds and balance work
    rpe: float | None = None  # rate of perceived exertion, 1-10
    note: str = ""
    session_id: str | None = None
    id: str = field(default_factory=new_id)


@dataclass(frozen=True, slots=True)
class StepOutcome:
    """What happened to one step of a session."""

    technique_id: str
    status: str  # one of STEP_STATUSES
    active_seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One guided session, whole or stopped early."""

    started_at: datetime  # timezone-aware
    ended_at: datetime
    routine_name: str
    steps: tuple[StepOutcome, ...]
    stop_reason: str  # one of STOP_REASONS
    active_seconds: float = 0.0
    before_checkin_ids: tuple[str, ...] = ()
    after_checkin_ids: tuple[str, ...] = ()
    id: str = field(default_factory=new_id)

    @property
    def minutes(self) -> float:
        """Return the active minutes, paused time excluded."""
        return self.active_seconds / 60


@dataclass(frozen=True, slots=True)
class Note:
    """A free-text note with optional mood tags."""

    at: datetime  # timezone-aware
    text: str
    mood_tags: tuple[str, ...] = ()
    id: str = field(default_factory=new_id)


@dataclass(frozen=True, slots=True)
class SavedRoutine:
    """A named list of technique steps a person saved to reuse."""

    name: str
    steps: tuple[RoutineStep, ...]
    id: str = field(default_factory=new_id)


@dataclass(frozen=True, slots=True)
class RoutineStep:
    """One technique in a routine, with the dose the person chose."""

    technique_id: str
    sets: int
    hold_seconds: int | None = None
    reps: int | None = None
