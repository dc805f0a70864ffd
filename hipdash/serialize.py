"""Turn records into plain JSON-safe dicts and back, checking the shape on the way in."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping
from datetime import datetime
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
from hipdash.validation import Problem, Record, ValidationError

KINDS = ("checkins", "sets", "sessions", "notes", "routines")
RECORD_TYPES: dict[str, type] = {
    "checkins": TensionCheckIn,
    "sets": StrengthSet,
    "sessions": SessionRecord,
    "notes": Note,
    "routines": SavedRoutine,
}
KIND_OF_TYPE: dict[type, str] = {cls: kind for kind, cls in RECORD_TYPES.items()}

_NONE = type(None)
_TYPE_WORDS = {
    (str,): "text",
    (str, _NONE): "text or empty",
    (int,): "a whole number",
    (int, _NONE): "a whole number or empty",
    (int, float): "a number",
    (int, float, _NONE): "a number or empty",
    (list,): "a list",
}
# JSON types each field may hold; datetimes travel as ISO 8601 text.
_SHAPES: dict[type, dict[str, tuple[type, ...]]] = {
    TensionCheckIn: {
        "id": (str,),
        "at": (str,),
        "area": (str,),
        "level": (int,),
        "side": (str,),
        "context": (str,),
        "note": (str,),
        "session_id": (str, _NONE),
    },
    StrengthSet: {
        "id": (str,),
        "at": (str,),
        "exercise_name": (str,),
        "exercise_id": (str, _NONE),
        "side": (str,),
        "reps": (int, _NONE),
        "load": (int, float, _NONE),
        "unit": (str,),
        "hold_seconds": (int, float, _NONE),
        "rpe": (int, float, _NONE),
        "note": (str,),
        "session_id": (str, _NONE),
    },
    SessionRecord: {
        "id": (str,),
        "started_at": (str,),
        "ended_at": (str,),
        "routine_name": (str,),
        "steps": (list,),
        "stop_reason": (str,),
        "active_seconds": (int, float),
        "before_checkin_ids": (list,),
        "after_checkin_ids": (list,),
    },
    Note: {"id": (str,), "at": (str,), "text": (str,), "mood_tags": (list,)},
    SavedRoutine: {"id": (str,), "name": (str,), "steps": (list,)},
    StepOutcome: {"technique_id": (str,), "status": (str,), "active_seconds": (int, float)},
    RoutineStep: {
        "technique_id": (str,),
        "sets": (int,),
        "hold_seconds": (int, _NONE),
        "reps": (int, _NONE),
    },
}


def _required(cls: type) -> frozenset[str]:
    # The id is required although it has a default: an import without ids could not be
    # deduplicated, so importing a file twice would double it.
    return frozenset(
        f.name
        for f in dataclasses.fields(cls)
        if f.name == "id"
        or (f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
    )


_REQUIRED = {cls: _required(cls) for cls in _SHAPES}
_TIME_FIELDS = frozenset({"at", "started_at", "ended_at"})
# Fields that hold lists of words or ids (a CSV cell lists them with spaces).
LIST_FIELDS = frozenset({"mood_tags", "before_checkin_ids", "after_checkin_ids"})
# Numbers that the records hold as floats; JSON may carry them as whole numbers.
_FLOAT_FIELDS: dict[type, frozenset[str]] = {
    StrengthSet: frozenset({"load", "hold_seconds", "rpe"}),
    SessionRecord: frozenset({"active_seconds"}),
    StepOutcome: frozenset({"active_seconds"}),
}


def field_names(kind: str) -> list[str]:
    """Return the stored field names of a record kind, in the order they are written."""
    return list(_SHAPES[RECORD_TYPES[kind]])


def _time(value: datetime) -> str:
    return value.isoformat()


def to_dict(record: Record) -> dict[str, Any]:
    """Return the record as a JSON-safe dict; datetimes become ISO 8601 with their offset."""
    if isinstance(record, TensionCheckIn):
        return {
            "id": record.id,
            "at": _time(record.at),
            "area": record.area,
            "level": record.level,
            "side": record.side,
            "context": record.context,
            "note": record.note,
            "session_id": record.session_id,
        }
    if isinstance(record, StrengthSet):
        return {
            "id": record.id,
            "at": _time(record.at),
            "exercise_name": record.exercise_name,
            "exercise_id": record.exercise_id,
            "side": record.side,
            "reps": record.reps,
            "load": record.load,
            "unit": record.unit,
            "hold_seconds": record.hold_seconds,
            "rpe": record.rpe,
            "note": record.note,
            "session_id": record.session_id,
        }
    if isinstance(record, SessionRecord):
        return {
            "id": record.id,
            "started_at": _time(record.started_at),
            "ended_at": _time(record.ended_at),
            "routine_name": record.routine_name,
            "steps": [
                {
                    "technique_id": s.technique_id,
                    "status": s.status,
                    "active_seconds": s.active_seconds,
                }
                for s in record.steps
            ],
            "stop_reason": record.stop_reason,
            "active_seconds": record.active_seconds,
            "before_checkin_ids": list(record.before_checkin_ids),
            "after_checkin_ids": list(record.after_checkin_ids),
        }
    if isinstance(record, Note):
        return {
            "id": record.id,
            "at": _time(record.at),
            "text": record.text,
            "mood_tags": list(record.mood_tags),
        }
    if isinstance(record, SavedRoutine):
        return {
            "id": record.id,
            "name": record.name,
            "steps": [
                {
                    "technique_id": s.technique_id,
                    "sets": s.sets,
                    "hold_seconds": s.hold_seconds,
                    "reps": s.reps,
                }
                for s in record.steps
            ],
        }
    raise TypeError(f"A {type(record).__name__} is not a stored record.")


def _exact_types(cls: type) -> frozenset[tuple[type, ...]]:
    return frozenset(itertools.product(*_SHAPES[cls].values()))


_KEY_ORDER = {cls: tuple(shape) for cls, shape in _SHAPES.items()}
# Every tuple of value types a complete, well-typed document can have, in key order.
_EXACT_TYPES = {cls: _exact_types(cls) for cls in _SHAPES}
_TIMES = {
    cls: tuple(name for name in shape if name in _TIME_FIELDS) for cls, shape in _SHAPES.items()
}
_FLOATS = {cls: tuple(_FLOAT_FIELDS.get(cls, ())) for cls in _SHAPES}
_TUPLES = {
    cls: tuple(name for name in shape if name in LIST_FIELDS) for cls, shape in _SHAPES.items()
}
_STEP_TYPES: dict[type, type] = {SessionRecord: StepOutcome, SavedRoutine: RoutineStep}


def _check_shape(cls: type, data: object, where: str) -> list[Problem]:
    prefix = f"{where}." if where else ""
    if not isinstance(data, Mapping):
        return [(where or "record", f"{where or 'The entry'} must be a JSON object.")]
    # The common case, a document as the store writes it, is checked at C speed.
    if tuple(map(type, data.values())) in _EXACT_TYPES[cls] and tuple(data) == _KEY_ORDER[cls]:
        return []
    shape = _SHAPES[cls]
    problems: list[Problem] = []
    for name in sorted(data.keys() - shape.keys(), key=str):
        problems.append((f"{prefix}{name}", f"Unknown field '{name}'."))
    for name in sorted(_REQUIRED[cls] - data.keys()):
        problems.append((f"{prefix}{name}", f"Missing field '{name}'."))
    for name, types in shape.items():
        if name in data and type(data[name]) not in types:
            problems.append((f"{prefix}{name}", f"'{name}' must be {_TYPE_WORDS[types]}."))
    return problems


def _build(cls: type, data: Mapping[str, Any], where: str = "") -> tuple[Any, list[Problem]]:
    problems = _check_shape(cls, data, where)
    if problems:
        return None, problems
    values: dict[str, Any] = dict(data)
    for name in _TIMES[cls]:
        if name in values:
            try:
                values[name] = datetime.fromisoformat(values[name])
            except ValueError:
                problems.append((name, f"'{name}' must be an ISO 8601 date and time."))
    for name in _FLOATS[cls]:
        if values.get(name) is not None:
            try:
                values[name] = float(values[name])
            except OverflowError:
                problems.append((name, f"'{name}' is too large a number."))
    step_cls = _STEP_TYPES.get(cls)
    if step_cls is not None and "steps" in values:
        steps = []
        for index, raw_step in enumerate(values["steps"]):
            step, step_problems = _build(step_cls, raw_step, f"steps[{index}]")
            problems.extend(step_problems)
            steps.append(step)
        values["steps"] = tuple(steps)
    for name in _TUPLES[cls]:
        if name in values:
            values[name] = tuple(values[name])
    if problems:
        return None, problems
    return cls(**values), problems


def from_dict(kind: str, data: Mapping[str, Any]) -> Any:
    """Return the record of `kind` (one of KINDS) built from a plain dict.

    Check the shape only (fields present, JSON types right, times parse); ranges and
    choices are the job of `validation`. Raise ValidationError on a bad shape.
    """
    record, problems = _build(RECORD_TYPES[kind], data)
    if problems:
        raise ValidationError(problems)
    return record
