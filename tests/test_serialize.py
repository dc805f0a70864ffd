"""Test that records survive the trip to plain dicts and JSON, and bad shapes are named."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hipdash.records import (
    CHECKIN_CONTEXTS,
    LOAD_UNITS,
    SIDES,
    Note,
    RoutineStep,
    SavedRoutine,
    StepOutcome,
    StrengthSet,
    TensionCheckIn,
)
from hipdash.serialize import KINDS, field_names, from_dict, record_hook, to_dict, to_json
from hipdash.validation import ValidationError, problems_of
from hipdash.vocabulary import AREAS
from tests.store_fixtures import (
    NOW,
    make_checkin,
    make_note,
    make_routine,
    make_session,
    make_set,
)

RECORDS = {
    "checkins": make_checkin(),
    "sets": make_set(),
    "sessions": make_session(),
    "notes": make_note(),
    "routines": make_routine(),
}

offsets = st.integers(-12 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
moments = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(2025, 5, 30), timezones=offsets
)
notes_text = st.text(max_size=200)
record_ids = st.from_regex(r"[A-Za-z0-9_-]{1,64}", fullmatch=True)

valid_checkins = st.builds(
    TensionCheckIn,
    at=moments,
    area=st.sampled_from(list(AREAS)),
    level=st.integers(0, 10),
    side=st.sampled_from(SIDES),
    context=st.sampled_from(CHECKIN_CONTEXTS),
    note=notes_text,
    session_id=st.none() | record_ids,
    id=record_ids,
)
valid_sets = st.builds(
    StrengthSet,
    at=moments,
    exercise_name=st.text(min_size=1, max_size=80).filter(lambda s: s.strip()),
    exercise_id=st.none() | st.from_regex(r"[a-z0-9][a-z0-9-]{0,30}", fullmatch=True),
    side=st.sampled_from(SIDES),
    reps=st.integers(1, 1000),
    load=st.none() | st.floats(0, 1000),
    unit=st.sampled_from(LOAD_UNITS),
    hold_seconds=st.none() | st.floats(0, 3600),
    rpe=st.none() | st.floats(1, 10),
    note=notes_text,
    id=record_ids,
)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_round_trips_through_json(kind: str) -> None:
    record = RECORDS[kind]
    assert from_dict(kind, json.loads(json.dumps(to_dict(record)))) == record


@pytest.mark.parametrize("kind", KINDS)
def test_to_dict_writes_the_fields_in_the_published_order(kind: str) -> None:
    assert list(to_dict(RECORDS[kind])) == field_names(kind)


def test_times_are_written_as_iso_8601_with_their_offset() -> None:
    assert to_dict(make_checkin())["at"] == "2025-06-01T17:30:00+02:00"


def test_a_read_time_keeps_its_offset() -> None:
    back = from_dict("checkins", to_dict(make_checkin()))
    assert back.at.utcoffset() == timedelta(hours=2)


def test_whole_number_loads_come_back_as_floats() -> None:
    row = to_dict(make_set()) | {"load": 20, "rpe": 7}
    back = from_dict("sets", row)
    assert type(back.load) is float and type(back.rpe) is float


def test_optional_fields_may_be_left_out_of_an_import_row() -> None:
    row = {"id": "abc", "at": "2025-05-01T08:00:00+02:00", "area": "glutes", "level": 3}
    back = from_dict("checkins", row)
    assert (back.side, back.context, back.note, back.session_id) == ("both", "standalone", "", None)


@pytest.mark.parametrize(
    ("kind", "row", "message"),
    [
        ("checkins", ["not", "a", "dict"], "must be a JSON object"),
        ("checkins", {**to_dict(make_checkin()), "colour": "red"}, "Unknown field 'colour'."),
        (
            "checkins",
            {k: v for k, v in to_dict(make_checkin()).items() if k != "level"},
            "Missing field 'level'.",
        ),
        (
            "checkins",
            {k: v for k, v in to_dict(make_checkin()).items() if k != "id"},
            "Missing field 'id'.",
        ),
        ("checkins", {**to_dict(make_checkin()), "level": "7"}, "'level' must be a whole number."),
        ("checkins", {**to_dict(make_checkin()), "at": "yesterday"}, "'at' must be an ISO 8601"),
        ("checkins", {**to_dict(make_checkin()), "at": 1717000000}, "'at' must be text."),
        ("sets", {**to_dict(make_set()), "load": "heavy"}, "'load' must be a number or empty."),
        ("sets", {**to_dict(make_set()), "reps": True}, "'reps' must be a whole number or empty."),
        ("sessions", {**to_dict(make_session()), "steps": "all"}, "'steps' must be a list."),
        (
            "sessions",
            {**to_dict(make_session()), "steps": [{"technique_id": "a"}]},
            "Missing field 'status'.",
        ),
        ("routines", {**to_dict(make_routine()), "steps": [7]}, "steps[0] must be a JSON object."),
    ],
)
def test_a_badly_shaped_row_is_rejected_with_the_field_named(
    kind: str, row: Any, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        from_dict(kind, row)
    assert message in str(caught.value)


def test_an_unknown_record_type_cannot_be_written() -> None:
    with pytest.raises(TypeError):
        to_dict("a string")  # type: ignore[arg-type]


@settings(deadline=None, max_examples=150)
@given(checkin=valid_checkins)
def test_any_valid_checkin_round_trips_through_serialize(checkin: TensionCheckIn) -> None:
    assert problems_of(checkin, NOW) == []
    back = from_dict("checkins", json.loads(json.dumps(to_dict(checkin))))
    assert back == checkin
    assert back.at.utcoffset() == checkin.at.utcoffset()


@settings(deadline=None, max_examples=150)
@given(strength_set=valid_sets)
def test_any_valid_set_round_trips_through_serialize(strength_set: StrengthSet) -> None:
    assert problems_of(strength_set, NOW) == []
    back = from_dict("sets", json.loads(json.dumps(to_dict(strength_set))))
    assert back == strength_set


def _fast_read(record: Any) -> Any:
    """Return what the fast path builds from the record's JSON, or None if it declines."""
    return json.loads(json.dumps(to_dict(record)), object_hook=record_hook({}))


@pytest.mark.parametrize("kind", KINDS)
def test_the_fast_path_builds_the_same_record_as_the_checked_path(kind: str) -> None:
    record = RECORDS[kind]
    fast = _fast_read(record)
    assert type(fast) is type(record)
    assert fast == from_dict(kind, to_dict(record)) == record


@pytest.mark.parametrize("kind", KINDS)
def test_to_json_writes_exactly_what_json_dumps_writes(kind: str) -> None:
    record = RECORDS[kind]
    assert to_json(record) == json.dumps(to_dict(record), separators=(",", ":"), ensure_ascii=False)


def test_to_json_escapes_quotes_newlines_and_control_characters_and_keeps_other_text() -> None:
    checkin = make_checkin(note='Said "ouch"\n\tthen \x01 — Größe ✓ \\ /')
    text = to_json(checkin)
    assert text == json.dumps(to_dict(checkin), separators=(",", ":"), ensure_ascii=False)
    assert json.loads(text)["note"] == checkin.note


def test_to_json_writes_numbers_that_are_not_finite_as_json_dumps_does() -> None:
    # Validation refuses them, but a hand-edited file can hold NaN and still load.
    strength_set = make_set(load=float("nan"), hold_seconds=float("inf"), rpe=None, reps=None)
    assert to_json(strength_set) == json.dumps(
        to_dict(strength_set), separators=(",", ":"), ensure_ascii=False
    )


def test_a_document_with_a_wrong_type_is_left_as_a_dict_for_the_checked_path() -> None:
    doc = to_dict(make_checkin())
    doc["level"] = "6"
    assert json.loads(json.dumps(doc), object_hook=record_hook({})) == doc


def test_a_time_without_a_timezone_is_left_for_the_checked_path() -> None:
    doc = to_dict(make_note())
    doc["at"] = "2025-05-01T10:00:00"
    assert json.loads(json.dumps(doc), object_hook=record_hook({})) == doc


def test_a_session_whose_step_is_not_a_step_outcome_is_left_as_a_dict() -> None:
    doc = to_dict(make_session())
    doc["steps"][0]["status"] = 3
    assert type(json.loads(json.dumps(doc), object_hook=record_hook({}))) is dict


def test_records_read_together_share_their_repeated_words_and_timezones() -> None:
    first, second = make_checkin(), make_checkin(at=NOW - timedelta(hours=3))
    text = json.dumps([to_dict(first), to_dict(second)])
    a, b = json.loads(text, object_hook=record_hook({}))
    assert a.area is b.area and a.side is b.side and a.context is b.context
    assert a.at.tzinfo is b.at.tzinfo


def test_records_cannot_be_changed_and_hold_no_instance_dict() -> None:
    checkin = _fast_read(make_checkin())
    with pytest.raises(dataclasses.FrozenInstanceError):
        checkin.level = 3
    assert not hasattr(checkin, "__dict__")


@settings(deadline=None, max_examples=150)
@given(checkin=valid_checkins)
def test_any_valid_checkin_reads_the_same_by_the_fast_path_and_writes_as_json_dumps(
    checkin: TensionCheckIn,
) -> None:
    assert _fast_read(checkin) == checkin
    assert to_json(checkin) == json.dumps(
        to_dict(checkin), separators=(",", ":"), ensure_ascii=False
    )


@settings(deadline=None, max_examples=150)
@given(strength_set=valid_sets)
def test_any_valid_set_reads_the_same_by_the_fast_path_and_writes_as_json_dumps(
    strength_set: StrengthSet,
) -> None:
    assert _fast_read(strength_set) == strength_set
    assert to_json(strength_set) == json.dumps(
        to_dict(strength_set), separators=(",", ":"), ensure_ascii=False
    )


def _read_all(*records: Any) -> list[Any]:
    """Return what one fast-path read builds from the records' JSON, as one list."""
    text = json.dumps([to_dict(record) for record in records])
    read: list[Any] = json.loads(text, object_hook=record_hook({}))
    return read


@pytest.mark.parametrize(
    "offset", ["+00:00", "-00:00", "+05:45", "-03:30", "+14:00", "-12:00", "+01:00:30"]
)
def test_a_time_with_any_offset_reads_as_the_time_it_names(offset: str) -> None:
    doc = to_dict(make_note())
    doc["at"] = f"2025-03-30T01:30:00.250000{offset}"
    note = json.loads(json.dumps(doc), object_hook=record_hook({}))
    expected = datetime.fromisoformat(doc["at"])
    assert note.at == expected
    assert note.at.utcoffset() == expected.utcoffset()
    assert note.at.isoformat() == expected.isoformat()


def test_times_with_one_offset_but_different_texts_share_one_timezone() -> None:
    zone = timezone(timedelta(hours=-3, minutes=-30))
    first = make_checkin(at=datetime(2025, 5, 1, 9, 0, tzinfo=zone))
    second = make_checkin(at=datetime(2025, 5, 2, 9, 0, tzinfo=zone))
    a, b = _read_all(first, second)
    assert (a, b) == (first, second)
    assert a.at is not b.at and a.at.tzinfo is b.at.tzinfo


def test_a_linked_checkin_shares_its_ids_with_its_session() -> None:
    session = make_session()
    checkin = make_checkin(context="before_session", session_id=session.id)
    session = dataclasses.replace(session, before_checkin_ids=(checkin.id,))
    read_checkin, read_session = _read_all(checkin, session)
    assert (read_checkin, read_session) == (checkin, session)
    assert read_session.before_checkin_ids[0] is read_checkin.id
    assert read_checkin.session_id is read_session.id


@pytest.mark.parametrize("kind", KINDS)
def test_a_document_with_its_keys_in_another_order_builds_the_same_record(kind: str) -> None:
    record = RECORDS[kind]
    doc = dict(reversed(list(to_dict(record).items())))
    fast = json.loads(json.dumps(doc), object_hook=record_hook({}))
    assert type(fast) is type(record) and fast == record


@pytest.mark.parametrize("kind", KINDS)
def test_a_document_with_an_unknown_key_in_place_of_a_known_one_is_left_as_a_dict(
    kind: str,
) -> None:
    doc = to_dict(RECORDS[kind])
    doc["surprise"] = doc.pop("id")  # the same number of keys, one of them unknown
    read = json.loads(json.dumps(doc), object_hook=record_hook({}))
    # (A session's or routine's steps inside it still become records.)
    assert type(read) is dict and list(read) == list(doc)


@pytest.mark.parametrize("kind", KINDS)
def test_a_document_with_one_key_too_many_is_left_as_a_dict(kind: str) -> None:
    doc = {**to_dict(RECORDS[kind]), "extra": 1}
    read = json.loads(json.dumps(doc), object_hook=record_hook({}))
    assert type(read) is dict and list(read) == list(doc)


def test_three_and_four_field_records_are_told_apart_at_the_top_level() -> None:
    session, routine, note = make_session(), make_routine(), make_note()
    documents = [
        to_dict(session)["steps"][0],
        to_dict(routine),
        to_dict(routine)["steps"][0],
        to_dict(note),
    ]
    read = json.loads(json.dumps(documents), object_hook=record_hook({}))
    assert read == [session.steps[0], routine, routine.steps[0], note]
    assert [type(r) for r in read] == [StepOutcome, SavedRoutine, RoutineStep, Note]


def test_a_whole_number_where_a_float_belongs_reads_as_a_float() -> None:
    doc = to_dict(make_set())
    doc["load"], doc["hold_seconds"], doc["rpe"] = 20, 30, 7
    strength_set = json.loads(json.dumps(doc), object_hook=record_hook({}))
    assert (strength_set.load, strength_set.hold_seconds, strength_set.rpe) == (20.0, 30.0, 7.0)
    assert {type(strength_set.load), type(strength_set.hold_seconds)} == {float}


def test_a_whole_number_too_large_for_a_float_is_left_for_the_checked_path() -> None:
    doc = to_dict(make_set())
    doc["load"] = 10**400
    assert json.loads(json.dumps(doc), object_hook=record_hook({})) == doc


def test_equal_steps_of_different_sessions_share_one_record() -> None:
    first, second = make_session(), make_session()
    a, b = _read_all(first, second)
    assert (a, b) == (first, second)
    assert a.steps[0] is b.steps[0] and a.steps[1] is b.steps[1]
    assert a.steps[0] is not a.steps[1]


def test_a_step_with_negative_zero_seconds_keeps_its_sign_and_shares_nothing() -> None:
    step = StepOutcome("clamshell", "skipped", 0.0)
    signed = StepOutcome("clamshell", "skipped", -0.0)
    first = make_session(steps=(step,))
    second = make_session(steps=(signed,))
    a, b = _read_all(first, second)
    assert a.steps[0] is not b.steps[0]
    assert to_json(b) == to_json(second) and '"active_seconds":-0.0' in to_json(b)
    c, d = _read_all(second, first)
    assert to_json(c) == to_json(second) and to_json(d) == to_json(first)
