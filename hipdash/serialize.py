"""Turn records into plain JSON-safe dicts and back, checking the shape on the way in."""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
from collections.abc import Callable, Mapping
from datetime import datetime
from json.encoder import encode_basestring
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


# The fast path: json.loads calls `record_hook` on every JSON object as it closes, so a
# document exactly as the store writes it becomes its record at once and its dict is
# dropped; the file is never held as dicts. Repeated words (areas, sides, technique ids,
# linked record ids) and timezones are shared through a pool. A document of any other
# shape stays a dict, and the caller takes the checked path above.

Pool = dict[Any, Any]
Share = Callable[[Any, Any], Any]  # a pool's setdefault
_from_iso = datetime.fromisoformat


def _aware_time(text: str, share: Share) -> datetime | None:
    try:
        moment = _from_iso(text)
    except ValueError:
        return None
    zone = moment.tzinfo
    if zone is None:
        return None
    # Each parsed time carries its own timezone object; equal offsets share one.
    shared = share(zone, zone)
    return moment if shared is zone else moment.replace(tzinfo=shared)


def _words(values: list[Any], share: Share) -> tuple[Any, ...]:
    return tuple([share(v, v) if type(v) is str else v for v in values])


def _float(value: int | float | None) -> float | None:
    return None if value is None else float(value)


def _maker(cls: type) -> Callable[..., Any]:
    """Return a function that builds a record of cls from every field, in field order.

    It fills the slots directly: a frozen dataclass's __init__ sets each field through
    object.__setattr__, which costs more than the rest of reading a record.
    """
    names = [f.name for f in dataclasses.fields(cls)]
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls}
    namespace.update({f"set_{name}": cls.__dict__[name].__set__ for name in names})
    lines = [f"def make({', '.join(names)}):", "    record = new(cls)"]
    lines += [f"    set_{name}(record, {name})" for name in names]
    exec("\n".join([*lines, "    return record"]), namespace)  # noqa: S102
    maker: Callable[..., Any] = namespace["make"]
    return maker


_make_checkin = _maker(TensionCheckIn)
_make_set = _maker(StrengthSet)
_make_step = _maker(StepOutcome)
_make_session = _maker(SessionRecord)
_make_note = _maker(Note)
_make_routine_step = _maker(RoutineStep)
_make_routine = _maker(SavedRoutine)


def _typed(cls: type, doc: dict[str, Any]) -> bool:
    return tuple(map(type, doc.values())) in _EXACT_TYPES[cls]


def _fast_checkin(doc: dict[str, Any], share: Share) -> TensionCheckIn | None:
    record_id, at, area, level, side, context, note, session_id = doc.values()
    # The commonest record, so its types are checked inline (the same as _typed).
    if (
        type(record_id) is not str
        or type(at) is not str
        or type(area) is not str
        or type(level) is not int
        or type(side) is not str
        or type(context) is not str
        or type(note) is not str
        or (session_id is not None and type(session_id) is not str)
    ):
        return None
    moment = _aware_time(at, share)
    if moment is None:
        return None
    return _make_checkin(  # type: ignore[no-any-return]
        moment,
        share(area, area),
        level,
        share(side, side),
        share(context, context),
        note,
        None if session_id is None else share(session_id, session_id),
        share(record_id, record_id),
    )


_NUMBER = (int, float)


def _fast_set(doc: dict[str, Any], share: Share) -> StrengthSet | None:
    (record_id, at, name, exercise_id, side, reps, load, unit, hold, rpe, note, session_id) = (
        doc.values()
    )
    # Checked inline, the same as _typed: sets are the second commonest record.
    if (
        type(record_id) is not str
        or type(at) is not str
        or type(name) is not str
        or (exercise_id is not None and type(exercise_id) is not str)
        or type(side) is not str
        or (reps is not None and type(reps) is not int)
        or (load is not None and type(load) not in _NUMBER)
        or type(unit) is not str
        or (hold is not None and type(hold) not in _NUMBER)
        or (rpe is not None and type(rpe) not in _NUMBER)
        or type(note) is not str
        or (session_id is not None and type(session_id) is not str)
    ):
        return None
    moment = _aware_time(at, share)
    if moment is None:
        return None
    try:
        load, hold, rpe = _float(load), _float(hold), _float(rpe)
    except OverflowError:
        return None
    return _make_set(  # type: ignore[no-any-return]
        moment,
        share(name, name),
        None if exercise_id is None else share(exercise_id, exercise_id),
        share(side, side),
        reps,
        load,
        share(unit, unit),
        hold,
        rpe,
        note,
        None if session_id is None else share(session_id, session_id),
        share(record_id, record_id),
    )


def _fast_step(doc: dict[str, Any], share: Share) -> StepOutcome | None:
    technique_id, status, seconds = doc.values()
    if type(technique_id) is not str or type(status) is not str or type(seconds) not in _NUMBER:
        return None
    try:
        seconds = float(seconds)
    except OverflowError:
        return None
    step: StepOutcome = _make_step(
        share(technique_id, technique_id), share(status, status), seconds
    )
    return step


def _fast_session(doc: dict[str, Any], share: Share) -> SessionRecord | None:
    if not _typed(SessionRecord, doc):
        return None
    (record_id, started, ended, name, steps, reason, active, before, after) = doc.values()
    if not all(type(step) is StepOutcome for step in steps):
        return None
    started_at, ended_at = _aware_time(started, share), _aware_time(ended, share)
    if started_at is None or ended_at is None:
        return None
    try:
        active = float(active)
    except OverflowError:
        return None
    return _make_session(  # type: ignore[no-any-return]
        started_at,
        ended_at,
        share(name, name),
        tuple(steps),
        share(reason, reason),
        active,
        _words(before, share),
        _words(after, share),
        share(record_id, record_id),
    )


def _fast_note(doc: dict[str, Any], share: Share) -> Note | None:
    if not _typed(Note, doc):
        return None
    record_id, at, text, tags = doc.values()
    moment = _aware_time(at, share)
    if moment is None:
        return None
    note: Note = _make_note(moment, text, _words(tags, share), share(record_id, record_id))
    return note


def _fast_routine_step(doc: dict[str, Any], share: Share) -> RoutineStep | None:
    if not _typed(RoutineStep, doc):
        return None
    technique_id, sets, hold, reps = doc.values()
    step: RoutineStep = _make_routine_step(share(technique_id, technique_id), sets, hold, reps)
    return step


def _fast_routine(doc: dict[str, Any], share: Share) -> SavedRoutine | None:
    if not _typed(SavedRoutine, doc):
        return None
    record_id, name, steps = doc.values()
    if not all(type(step) is RoutineStep for step in steps):
        return None
    routine: SavedRoutine = _make_routine(name, tuple(steps), record_id)
    return routine


# Each record type's keys, in the order the store writes them, name its builder.
_FAST_BUILDERS: dict[tuple[str, ...], Callable[[dict[str, Any], Share], Any]] = {
    _KEY_ORDER[TensionCheckIn]: _fast_checkin,
    _KEY_ORDER[StrengthSet]: _fast_set,
    _KEY_ORDER[StepOutcome]: _fast_step,
    _KEY_ORDER[SessionRecord]: _fast_session,
    _KEY_ORDER[Note]: _fast_note,
    _KEY_ORDER[RoutineStep]: _fast_routine_step,
    _KEY_ORDER[SavedRoutine]: _fast_routine,
}


def record_hook(pool: Pool) -> Callable[[dict[str, Any]], Any]:
    """Return a json.loads object hook that turns documents as the store writes them
    into records, sharing repeated words through ``pool``; other objects stay dicts."""
    builders = _FAST_BUILDERS.get
    share = pool.setdefault

    def hook(doc: dict[str, Any]) -> Any:
        build = builders(tuple(doc))
        if build is None:
            return doc
        record = build(doc, share)
        return doc if record is None else record

    return hook


# Writing: a record's JSON text straight from its fields, the same text json.dumps gives
# for to_dict(record) with compact separators and ensure_ascii=False, in a third of the time.

_text = encode_basestring  # the json module's own string encoder (C)


def _number(value: float | None) -> str:
    if value is None:
        return "null"
    if value != value or value in (math.inf, -math.inf):
        return json.dumps(value)  # NaN and infinities, as json.dumps writes them
    return repr(value)


def _optional_text(value: str | None) -> str:
    return "null" if value is None else _text(value)


def _checkin_json(c: TensionCheckIn) -> str:
    return (
        f'{{"id":{_text(c.id)},"at":"{c.at.isoformat()}","area":{_text(c.area)},'
        f'"level":{_number(c.level)},"side":{_text(c.side)},"context":{_text(c.context)},'
        f'"note":{_text(c.note)},"session_id":{_optional_text(c.session_id)}}}'
    )


def _set_json(s: StrengthSet) -> str:
    return (
        f'{{"id":{_text(s.id)},"at":"{s.at.isoformat()}",'
        f'"exercise_name":{_text(s.exercise_name)},'
        f'"exercise_id":{_optional_text(s.exercise_id)},"side":{_text(s.side)},'
        f'"reps":{_number(s.reps)},"load":{_number(s.load)},"unit":{_text(s.unit)},'
        f'"hold_seconds":{_number(s.hold_seconds)},"rpe":{_number(s.rpe)},'
        f'"note":{_text(s.note)},"session_id":{_optional_text(s.session_id)}}}'
    )


def _session_json(s: SessionRecord) -> str:
    steps = ",".join(
        f'{{"technique_id":{_text(step.technique_id)},"status":{_text(step.status)},'
        f'"active_seconds":{_number(step.active_seconds)}}}'
        for step in s.steps
    )
    before = ",".join(map(_text, s.before_checkin_ids))
    after = ",".join(map(_text, s.after_checkin_ids))
    return (
        f'{{"id":{_text(s.id)},"started_at":"{s.started_at.isoformat()}",'
        f'"ended_at":"{s.ended_at.isoformat()}","routine_name":{_text(s.routine_name)},'
        f'"steps":[{steps}],"stop_reason":{_text(s.stop_reason)},'
        f'"active_seconds":{_number(s.active_seconds)},'
        f'"before_checkin_ids":[{before}],"after_checkin_ids":[{after}]}}'
    )


_JSON_WRITERS: dict[type, Callable[[Any], str]] = {
    TensionCheckIn: _checkin_json,
    StrengthSet: _set_json,
    SessionRecord: _session_json,
}
_COMPACT = (",", ":")


def to_json(record: Record) -> str:
    """Return the record's compact JSON text: json.dumps(to_dict(record)), only faster."""
    writer = _JSON_WRITERS.get(type(record))
    if writer is None:
        return json.dumps(to_dict(record), separators=_COMPACT, ensure_ascii=False)
    return writer(record)
