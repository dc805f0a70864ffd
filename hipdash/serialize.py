"""Turn records into plain JSON-safe dicts and back, checking the shape on the way in."""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
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
# linked record ids), timezones and equal step outcomes are shared. A document of any other
# shape stays a dict, and the caller takes the checked path above.
#
# This runs once for every JSON object in the file, so it is written for speed. The hook
# picks a builder by the number of keys alone; the builder then takes each value by its
# name, so a missing name means another shape, and with the count right no key is extra.
# Types are checked inline, only what repeats is pooled, only a whole number where a float
# belongs is converted, and the three commonest records fill their slots without a call in
# between. Everything shared is immutable.

Pool = dict[Any, Any]
Share = Callable[[Any, Any], Any]  # a pool's setdefault
# The step outcomes one read has built, by their fields, so equal ones are shared.
Outcomes = dict[tuple[str, str, float], StepOutcome]
Builder = Callable[[dict[str, Any], Share, Outcomes], Any]
_from_iso = datetime.fromisoformat
_new = object.__new__


def _aware_time(text: str, share: Share) -> datetime | None:
    """Return the timezone-aware time the text names, or None."""
    # Each record parses its own time. Reusing times by their text (a third repeat) saved no
    # time, and holding every text to the end of the read left the process 3 MB larger at
    # ten years of logs.
    try:
        moment = _from_iso(text)
    except ValueError:
        return None
    zone = moment.tzinfo
    if zone is None:
        return None
    # A zero offset parses to the one timezone.utc; any other offset gets a timezone object
    # of its own, so equal offsets are made to share one.
    if zone is not UTC:
        shared = share(zone, zone)
        if shared is not zone:
            moment = moment.replace(tzinfo=shared)
    return moment


def _words(values: list[Any], share: Share) -> tuple[Any, ...]:
    return tuple([share(v, v) if type(v) is str else v for v in values])


def _exact(cls: type, doc: dict[str, Any]) -> tuple[Any, ...] | None:
    """Return doc's values in cls's stored key order if doc has exactly cls's keys, each of
    a JSON type the store writes there; else None."""
    names = _KEY_ORDER[cls]
    if len(doc) != len(names):
        return None
    try:
        values = tuple(map(doc.__getitem__, names))
    except KeyError:
        return None
    return values if tuple(map(type, values)) in _EXACT_TYPES[cls] else None


def _slot_setters(cls: type) -> tuple[Callable[[Any, Any], None], ...]:
    """Return the setter of each of cls's slots, in field order.

    A frozen dataclass's __init__ sets each field through object.__setattr__, which costs
    more than the rest of reading a record. A slot's own setter writes the field directly,
    as object.__setattr__ ends up doing; the record is complete once every slot is set.
    """
    return tuple(cls.__dict__[f.name].__set__ for f in dataclasses.fields(cls))


def _maker(cls: type) -> Callable[..., Any]:
    """Return a function that builds a record of cls from every field, in field order,
    through its slot setters (_slot_setters says why)."""
    names = [f.name for f in dataclasses.fields(cls)]
    setters = zip(names, _slot_setters(cls), strict=True)
    namespace: dict[str, Any] = {"new": _new, "cls": cls}
    namespace.update({f"set_{name}": setter for name, setter in setters})
    lines = [f"def make({', '.join(names)}):", "    record = new(cls)"]
    lines += [f"    set_{name}(record, {name})" for name in names]
    exec("\n".join([*lines, "    return record"]), namespace)  # noqa: S102
    maker: Callable[..., Any] = namespace["make"]
    return maker


# The commonest records are filled in their builders, slot by slot (these unpack to fail at
# import, not on someone's data, should a record gain or lose a field).
(
    _checkin_at,
    _checkin_area,
    _checkin_level,
    _checkin_side,
    _checkin_context,
    _checkin_note,
    _checkin_session_id,
    _checkin_id,
) = _slot_setters(TensionCheckIn)
(
    _set_at,
    _set_exercise_name,
    _set_exercise_id,
    _set_side,
    _set_reps,
    _set_load,
    _set_unit,
    _set_hold_seconds,
    _set_rpe,
    _set_note,
    _set_session_id,
    _set_id,
) = _slot_setters(StrengthSet)
_step_technique_id, _step_status, _step_active_seconds = _slot_setters(StepOutcome)
_make_session = _maker(SessionRecord)
_make_note = _maker(Note)
_make_routine_step = _maker(RoutineStep)
_make_routine = _maker(SavedRoutine)

# Each builder returns the record, or the document itself when it is not exactly as the
# store writes it. The hook calls it only for a document with its record's number of keys.


def _fast_checkin(doc: dict[str, Any], share: Share, outcomes: Outcomes) -> Any:
    try:
        record_id = doc["id"]
        at = doc["at"]
        area = doc["area"]
        level = doc["level"]
        side = doc["side"]
        context = doc["context"]
        note = doc["note"]
        session_id = doc["session_id"]
    except KeyError:
        return doc
    # The commonest record, so its types are checked inline (the same test as _exact's);
    # one chain of `is` runs fewer steps than a test per field.
    if not (
        type(record_id) is type(at) is type(area) is type(side) is type(context) is str
        and type(note) is str
        and type(level) is int
        and (session_id is None or type(session_id) is str)
    ):
        return doc
    moment = _aware_time(at, share)
    if moment is None:
        return doc
    if session_id is not None:
        # A linked check-in's id is listed again by its session, later in the file, and its
        # session id is the session's own: pooled, each text is held once. An unlinked
        # check-in's id is listed nowhere else.
        session_id = share(session_id, session_id)
        record_id = share(record_id, record_id)
    record = _new(TensionCheckIn)
    _checkin_at(record, moment)
    _checkin_area(record, share(area, area))
    _checkin_level(record, level)
    _checkin_side(record, share(side, side))
    _checkin_context(record, share(context, context))
    _checkin_note(record, note)
    _checkin_session_id(record, session_id)
    _checkin_id(record, record_id)
    return record


_NUMBER = (int, float)


def _fast_set(doc: dict[str, Any], share: Share, outcomes: Outcomes) -> Any:
    try:
        record_id = doc["id"]
        at = doc["at"]
        name = doc["exercise_name"]
        exercise_id = doc["exercise_id"]
        side = doc["side"]
        reps = doc["reps"]
        load = doc["load"]
        unit = doc["unit"]
        hold = doc["hold_seconds"]
        rpe = doc["rpe"]
        note = doc["note"]
        session_id = doc["session_id"]
    except KeyError:
        return doc
    # Checked inline, the same as _exact: sets are the second commonest record.
    if not (
        type(record_id) is type(at) is type(name) is type(side) is type(unit) is str
        and type(note) is str
        and (exercise_id is None or type(exercise_id) is str)
        and (reps is None or type(reps) is int)
        and (load is None or type(load) in _NUMBER)
        and (hold is None or type(hold) in _NUMBER)
        and (rpe is None or type(rpe) in _NUMBER)
        and (session_id is None or type(session_id) is str)
    ):
        return doc
    moment = _aware_time(at, share)
    if moment is None:
        return doc
    try:
        # The store writes these as floats; only a whole number (a hand edit) needs turning
        # into one, and a huge one can't be.
        if type(load) is int:
            load = float(load)
        if type(hold) is int:
            hold = float(hold)
        if type(rpe) is int:
            rpe = float(rpe)
    except OverflowError:
        return doc
    if exercise_id is not None:
        exercise_id = share(exercise_id, exercise_id)
    if session_id is not None:
        session_id = share(session_id, session_id)
    record = _new(StrengthSet)
    _set_at(record, moment)
    _set_exercise_name(record, share(name, name))
    _set_exercise_id(record, exercise_id)
    _set_side(record, share(side, side))
    _set_reps(record, reps)
    _set_load(record, load)
    _set_unit(record, share(unit, unit))
    _set_hold_seconds(record, hold)
    _set_rpe(record, rpe)
    _set_note(record, note)
    _set_session_id(record, session_id)
    _set_id(record, record_id)  # listed nowhere else, so not pooled
    return record


def _fast_step(doc: dict[str, Any], share: Share, outcomes: Outcomes) -> Any:
    try:
        technique_id = doc["technique_id"]
        status = doc["status"]
        seconds = doc["active_seconds"]
    except KeyError:
        return _fast_routine(doc, share, outcomes)  # a routine has three fields too
    if type(technique_id) is not str or type(status) is not str:
        return doc
    if type(seconds) is not float:
        if type(seconds) is not int:
            return doc
        try:
            seconds = float(seconds)
        except OverflowError:
            return doc
    # Steps repeat: a routine's techniques, done in full, take the same time every day. An
    # outcome is immutable, so equal ones share one record. A negative zero is left out: it
    # equals 0.0 but writes back differently.
    shareable = seconds != 0.0 or math.copysign(1.0, seconds) > 0
    key = (technique_id, status, seconds)
    step = outcomes.get(key) if shareable else None
    if step is None:
        step = _new(StepOutcome)
        _step_technique_id(step, share(technique_id, technique_id))
        _step_status(step, share(status, status))
        _step_active_seconds(step, seconds)
        if shareable:
            outcomes[key] = step
    return step


def _fast_session(doc: dict[str, Any], share: Share, outcomes: Outcomes) -> Any:
    values = _exact(SessionRecord, doc)
    if values is None:
        return doc
    (record_id, started, ended, name, steps, reason, active, before, after) = values
    for step in steps:
        if type(step) is not StepOutcome:
            return doc
    started_at = _aware_time(started, share)
    ended_at = _aware_time(ended, share)
    if started_at is None or ended_at is None:
        return doc
    try:
        active = float(active)
    except OverflowError:
        return doc
    return _make_session(
        started_at,
        ended_at,
        share(name, name),
        tuple(steps),
        share(reason, reason),
        active,
        _words(before, share),
        _words(after, share),
        share(record_id, record_id),  # linked check-ins and sets name it too
    )


def _fast_note(doc: dict[str, Any], share: Share, outcomes: Outcomes) -> Any:
    values = _exact(Note, doc)
    if values is None:
        return _fast_routine_step(doc, share, outcomes)  # a routine step has four fields too
    record_id, at, text, tags = values
    moment = _aware_time(at, share)
    if moment is None:
        return doc
    return _make_note(moment, text, _words(tags, share), record_id)


def _fast_routine_step(doc: dict[str, Any], share: Share, outcomes: Outcomes) -> Any:
    values = _exact(RoutineStep, doc)
    if values is None:
        return doc
    technique_id, sets, hold, reps = values
    return _make_routine_step(share(technique_id, technique_id), sets, hold, reps)


def _fast_routine(doc: dict[str, Any], share: Share, outcomes: Outcomes) -> Any:
    values = _exact(SavedRoutine, doc)
    if values is None:
        return doc
    record_id, name, steps = values
    for step in steps:
        if type(step) is not RoutineStep:
            return doc
    return _make_routine(name, tuple(steps), record_id)


# The builder to try for a document with this many keys.
_BUILDERS_BY_SIZE: dict[int, Builder] = {
    len(_KEY_ORDER[TensionCheckIn]): _fast_checkin,
    len(_KEY_ORDER[StrengthSet]): _fast_set,
    len(_KEY_ORDER[StepOutcome]): _fast_step,  # or a routine
    len(_KEY_ORDER[SessionRecord]): _fast_session,
    len(_KEY_ORDER[Note]): _fast_note,  # or a routine step
}
if sorted(map(len, _KEY_ORDER.values())) != [3, 3, 4, 4, 8, 9, 12]:
    # The pairs above share a builder; a record gaining a field needs its own entry.
    raise TypeError("The record types' field counts changed; update _BUILDERS_BY_SIZE.")


def record_hook(pool: Pool) -> Callable[[dict[str, Any]], Any]:
    """Return a json.loads object hook that turns documents as the store writes them
    into records, sharing repeated words through ``pool``; other objects stay dicts."""
    share = pool.setdefault
    outcomes: Outcomes = {}
    builder = _BUILDERS_BY_SIZE.get

    def hook(doc: dict[str, Any]) -> Any:
        build = builder(len(doc))
        return doc if build is None else build(doc, share, outcomes)

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
