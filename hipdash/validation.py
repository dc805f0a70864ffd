"""Check every field of a record before it is stored, in words a person can act on."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from hipdash.records import (
    CHECKIN_CONTEXTS,
    LOAD_UNITS,
    MOOD_TAGS,
    SIDES,
    STEP_STATUSES,
    STOP_REASONS,
    Note,
    RoutineStep,
    SavedRoutine,
    SessionRecord,
    StepOutcome,
    StrengthSet,
    TensionCheckIn,
)
from hipdash.vocabulary import AREAS

Problem = tuple[str, str]
Record = TensionCheckIn | StrengthSet | SessionRecord | Note | SavedRoutine

TENSION_RANGE = (0, 10)
REPS_RANGE = (1, 1000)
LOAD_RANGE = (0, 1000)
HOLD_SECONDS_RANGE = (0, 3600)
RPE_RANGE = (1, 10)
ROUTINE_SETS_RANGE = (1, 20)
ROUTINE_HOLD_RANGE = (1, 3600)
ROUTINE_STEPS_RANGE = (1, 50)
SESSION_STEPS_MAX = 200
SESSION_MAX_SECONDS = 24 * 3600
NOTE_MAX_CHARS = 2000
NAME_MAX_CHARS = 80
ACTIVE_SESSION_MAX_BYTES = 64_000
FUTURE_TOLERANCE = timedelta(days=1)
# Dates before this are typos (a year of 0024), not a log someone kept.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)

_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
# A lone surrogate (from a "\\ud800" escape in a JSON file) can't be written as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")
_CATALOG_ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,79}")


class ValidationError(ValueError):
    """One or more fields are wrong; `problems` lists (field, message) pairs."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return " ".join(message for _, message in self.problems)

    def messages(self) -> list[str]:
        """Return the messages alone, one per problem, for showing in a list."""
        return [message for _, message in self.problems]


def _is_int(value: object) -> bool:
    return type(value) is int


def _is_number(value: object) -> bool:
    # bool is an int subclass, and NaN or infinity can't be ranged or stored as JSON.
    return type(value) in (int, float) and math.isfinite(value)  # type: ignore[arg-type]


def _check_int(
    problems: list[Problem], name: str, value: object, bounds: tuple[int, int], message: str
) -> None:
    if not (_is_int(value) and bounds[0] <= value <= bounds[1]):  # type: ignore[operator]
        problems.append((name, message))


def _check_number(
    problems: list[Problem],
    name: str,
    value: object,
    bounds: tuple[float, float],
    message: str,
    optional: bool = True,
) -> None:
    if value is None and optional:
        return
    if not (_is_number(value) and bounds[0] <= value <= bounds[1]):  # type: ignore[operator]
        problems.append((name, message))


def _check_choice(
    problems: list[Problem], name: str, value: object, choices: Iterable[str], message: str
) -> None:
    if not (isinstance(value, str) and value in choices):
        problems.append((name, message))


def _check_text(
    problems: list[Problem], name: str, value: object, label: str, min_chars: int, max_chars: int
) -> None:
    if not isinstance(value, str):
        problems.append((name, f"{label} must be text."))
    elif _SURROGATE.search(value):
        problems.append((name, f"{label} holds a character that is not valid text."))
    elif len(value.strip()) < min_chars or len(value) > max_chars:
        if min_chars:
            problems.append((name, f"{label} must be {min_chars} to {max_chars} characters."))
        else:
            problems.append((name, f"{label} can be at most {max_chars} characters."))


def _check_id(
    problems: list[Problem], name: str, value: object, label: str = "Id", optional: bool = False
) -> None:
    if value is None and optional:
        return
    if not (isinstance(value, str) and _ID_PATTERN.fullmatch(value)):
        problems.append((name, f"{label} must be 1 to 64 letters, digits, '-' or '_'."))


def _aware(moment: datetime) -> datetime:
    # A naive clock is taken as local time rather than crashing the comparison.
    return moment if moment.tzinfo is not None else moment.astimezone()


def _check_time(
    problems: list[Problem], name: str, value: object, label: str, now: datetime
) -> None:
    if not isinstance(value, datetime):
        problems.append((name, f"{label} must be a date and time."))
    elif value.tzinfo is None or value.utcoffset() is None:
        problems.append((name, f"{label} must include a timezone."))
    elif value > _aware(now) + FUTURE_TOLERANCE:
        problems.append((name, f"{label} can't be more than a day in the future."))
    elif value < EARLIEST:
        problems.append((name, f"{label} must be in 1970 or later."))


def _words(choices: Iterable[str]) -> str:
    names = [choice.replace("_", " ") for choice in choices]
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else "".join(names)


_SIDE_MESSAGE = f"Side must be {_words(SIDES)}."
_CONTEXT_MESSAGE = f"Check-in context must be {_words(CHECKIN_CONTEXTS)}."
_AREA_MESSAGE = "Area must be one of the hip areas: " + ", ".join(AREAS) + "."
_TENSION_MESSAGE = "Tension must be a whole number from 0 to 10."


def checkin_problems(checkin: TensionCheckIn, now: datetime) -> list[Problem]:
    """Return what is wrong with a tension check-in (empty when it is fine)."""
    problems: list[Problem] = []
    _check_id(problems, "id", checkin.id)
    _check_time(problems, "at", checkin.at, "Check-in time", now)
    _check_choice(problems, "area", checkin.area, AREAS, _AREA_MESSAGE)
    _check_int(problems, "level", checkin.level, TENSION_RANGE, _TENSION_MESSAGE)
    _check_choice(problems, "side", checkin.side, SIDES, _SIDE_MESSAGE)
    _check_choice(problems, "context", checkin.context, CHECKIN_CONTEXTS, _CONTEXT_MESSAGE)
    _check_text(problems, "note", checkin.note, "Note", 0, NOTE_MAX_CHARS)
    _check_id(problems, "session_id", checkin.session_id, "Session id", optional=True)
    return problems


def set_problems(strength_set: StrengthSet, now: datetime) -> list[Problem]:
    """Return what is wrong with a strength or balance set (empty when it is fine)."""
    s = strength_set
    problems: list[Problem] = []
    _check_id(problems, "id", s.id)
    _check_time(problems, "at", s.at, "Set time", now)
    _check_text(problems, "exercise_name", s.exercise_name, "Exercise name", 1, NAME_MAX_CHARS)
    if s.exercise_id is not None and not (
        isinstance(s.exercise_id, str) and _CATALOG_ID_PATTERN.fullmatch(s.exercise_id)
    ):
        problems.append(
            ("exercise_id", "Exercise id must be a catalog id: lowercase letters, digits, '-'.")
        )
    _check_choice(problems, "side", s.side, SIDES, _SIDE_MESSAGE)
    if s.reps is not None:
        _check_int(
            problems, "reps", s.reps, REPS_RANGE, "Reps must be a whole number from 1 to 1000."
        )
    _check_number(problems, "load", s.load, LOAD_RANGE, "Load must be a number from 0 to 1000.")
    _check_choice(problems, "unit", s.unit, LOAD_UNITS, f"Unit must be {_words(LOAD_UNITS)}.")
    _check_number(
        problems,
        "hold_seconds",
        s.hold_seconds,
        HOLD_SECONDS_RANGE,
        "Hold time must be from 0 to 3600 seconds.",
    )
    _check_number(problems, "rpe", s.rpe, RPE_RANGE, "Effort (RPE) must be a number from 1 to 10.")
    if s.reps is None and s.hold_seconds is None:
        problems.append(("reps", "A set needs reps or a hold time."))
    _check_text(problems, "note", s.note, "Note", 0, NOTE_MAX_CHARS)
    _check_id(problems, "session_id", s.session_id, "Session id", optional=True)
    return problems


def _step_technique_problems(where: str, label: str, technique_id: object) -> list[Problem]:
    problems: list[Problem] = []
    _check_text(
        problems, f"{where}.technique_id", technique_id, f"{label} technique id", 1, NAME_MAX_CHARS
    )
    return problems


def _step_problems(index: int, step: object) -> list[Problem]:
    where = f"steps[{index}]"
    label = f"Step {index + 1}"
    if not isinstance(step, StepOutcome):
        return [(where, f"{label} must be a step outcome.")]
    problems = _step_technique_problems(where, label, step.technique_id)
    _check_choice(
        problems,
        f"{where}.status",
        step.status,
        STEP_STATUSES,
        f"{label} status must be {_words(STEP_STATUSES)}.",
    )
    _check_number(
        problems,
        f"{where}.active_seconds",
        step.active_seconds,
        (0, SESSION_MAX_SECONDS),
        f"{label} active time must be 0 to 86400 seconds.",
        optional=False,
    )
    return problems


def _id_list_problems(name: str, label: str, ids: object) -> list[Problem]:
    if not isinstance(ids, tuple):
        return [(name, f"{label} must be a list of check-in ids.")]
    problems: list[Problem] = []
    for value in ids:
        _check_id(problems, name, value, label)
    return problems[:1]


def session_problems(session: SessionRecord, now: datetime) -> list[Problem]:
    """Return what is wrong with a session record (empty when it is fine)."""
    s = session
    problems: list[Problem] = []
    _check_time(problems, "started_at", s.started_at, "Start time", now)
    _check_time(problems, "ended_at", s.ended_at, "End time", now)
    if not problems:
        elapsed = (s.ended_at - s.started_at).total_seconds()
        if elapsed < 0:
            problems.append(("ended_at", "End time can't be before the start time."))
        elif elapsed > SESSION_MAX_SECONDS:
            problems.append(("ended_at", "A session can last at most 24 hours."))
    _check_id(problems, "id", s.id)
    _check_text(problems, "routine_name", s.routine_name, "Routine name", 1, NAME_MAX_CHARS)
    if not isinstance(s.steps, tuple):
        problems.append(("steps", "Steps must be a list of step outcomes."))
    elif len(s.steps) > SESSION_STEPS_MAX:
        problems.append(("steps", f"A session can have at most {SESSION_STEPS_MAX} steps."))
    else:
        for index, step in enumerate(s.steps):
            problems.extend(_step_problems(index, step))
    _check_choice(
        problems,
        "stop_reason",
        s.stop_reason,
        STOP_REASONS,
        f"Stop reason must be {_words(STOP_REASONS)}.",
    )
    _check_number(
        problems,
        "active_seconds",
        s.active_seconds,
        (0, SESSION_MAX_SECONDS),
        "Active time must be 0 to 86400 seconds.",
        optional=False,
    )
    problems.extend(
        _id_list_problems("before_checkin_ids", "Before check-in ids", s.before_checkin_ids)
    )
    problems.extend(
        _id_list_problems("after_checkin_ids", "After check-in ids", s.after_checkin_ids)
    )
    return problems


def note_problems(note: Note, now: datetime) -> list[Problem]:
    """Return what is wrong with a note (empty when it is fine)."""
    problems: list[Problem] = []
    _check_id(problems, "id", note.id)
    _check_time(problems, "at", note.at, "Note time", now)
    _check_text(problems, "text", note.text, "Note text", 1, NOTE_MAX_CHARS)
    tags = note.mood_tags
    if not (isinstance(tags, tuple) and all(isinstance(t, str) and t in MOOD_TAGS for t in tags)):
        problems.append(("mood_tags", f"Mood tags must come from: {', '.join(MOOD_TAGS)}."))
    elif len(set(tags)) != len(tags):
        problems.append(("mood_tags", "Mood tags can't repeat."))
    return problems


def _routine_step_problems(index: int, step: object) -> list[Problem]:
    where = f"steps[{index}]"
    label = f"Step {index + 1}"
    if not isinstance(step, RoutineStep):
        return [(where, f"{label} must be a routine step.")]
    problems = _step_technique_problems(where, label, step.technique_id)
    _check_int(
        problems,
        f"{where}.sets",
        step.sets,
        ROUTINE_SETS_RANGE,
        f"{label} sets must be a whole number from 1 to 20.",
    )
    if step.hold_seconds is not None:
        _check_int(
            problems,
            f"{where}.hold_seconds",
            step.hold_seconds,
            ROUTINE_HOLD_RANGE,
            f"{label} hold must be a whole number of seconds from 1 to 3600.",
        )
    if step.reps is not None:
        _check_int(
            problems,
            f"{where}.reps",
            step.reps,
            REPS_RANGE,
            f"{label} reps must be a whole number from 1 to 1000.",
        )
    return problems


def routine_problems(routine: SavedRoutine, now: datetime | None = None) -> list[Problem]:
    """Return what is wrong with a saved routine (empty when it is fine); `now` is unused."""
    problems: list[Problem] = []
    _check_id(problems, "id", routine.id)
    _check_text(problems, "name", routine.name, "Routine name", 1, NAME_MAX_CHARS)
    steps = routine.steps
    low, high = ROUTINE_STEPS_RANGE
    if not isinstance(steps, tuple) or not low <= len(steps) <= high:
        problems.append(("steps", f"A routine needs {low} to {high} steps."))
    else:
        for index, step in enumerate(steps):
            problems.extend(_routine_step_problems(index, step))
    return problems


def active_session_problems(state: object) -> list[Problem]:
    """Return what is wrong with the resumable session state (a small JSON-safe dict)."""
    if not isinstance(state, Mapping) or not all(isinstance(k, str) for k in state):
        return [("active_session", "The session state must be a dict with text keys.")]
    try:
        text = json.dumps(state, allow_nan=False, ensure_ascii=False)
        # A lone surrogate can't be written as UTF-8 (UnicodeEncodeError is a ValueError).
        size = len(text.encode("utf-8"))
    except (TypeError, ValueError, RecursionError):
        return [("active_session", "The session state must hold only plain JSON values.")]
    if size > ACTIVE_SESSION_MAX_BYTES:
        return [("active_session", "The session state is too large to keep.")]
    return []


# Each checker takes its own record type; keying by ``type(record)`` pairs them up.
_CHECKERS: dict[type, Callable[[Any, datetime], list[Problem]]] = {
    TensionCheckIn: checkin_problems,
    StrengthSet: set_problems,
    SessionRecord: session_problems,
    Note: note_problems,
    SavedRoutine: routine_problems,
}


def problems_of(record: Record, now: datetime) -> list[Problem]:
    """Return what is wrong with any stored record type."""
    checker = _CHECKERS.get(type(record))
    if checker is None:
        return [("record", f"A {type(record).__name__} can't be stored.")]
    return checker(record, now)


def validate(record: Record, now: datetime) -> None:
    """Raise ValidationError when the record has any problem."""
    problems = problems_of(record, now)
    if problems:
        raise ValidationError(problems)


def validate_all(records: Iterable[Record], now: datetime) -> None:
    """Raise one ValidationError naming every bad record by its position, or return."""
    problems: list[Problem] = []
    for index, record in enumerate(records):
        problems.extend(
            (f"[{index}].{field}", message) for field, message in problems_of(record, now)
        )
    if problems:
        raise ValidationError(problems)
