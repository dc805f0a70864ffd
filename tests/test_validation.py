"""Test that every field of every record is checked, with messages a person can act on."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hipdash.records import RoutineStep, StepOutcome
from hipdash.validation import (
    ValidationError,
    active_session_problems,
    checkin_problems,
    note_problems,
    problems_of,
    routine_problems,
    session_problems,
    set_problems,
    validate,
    validate_all,
)
from hipdash.vocabulary import AREAS
from tests.store_fixtures import (
    NOW,
    make_checkin,
    make_note,
    make_routine,
    make_session,
    make_set,
)

NAIVE = datetime(2025, 5, 1, 9, 0)


def fields_of(problems: list[tuple[str, str]]) -> list[str]:
    return [field for field, _ in problems]


@pytest.mark.parametrize(
    "record",
    [
        make_checkin(),
        make_set(),
        make_session(),
        make_note(),
        make_routine(),
        make_set(reps=None, load=None, hold_seconds=30.0),
        make_checkin(level=0),
        make_checkin(level=10),
        make_set(load=0.0, unit="lb"),
        make_set(rpe=1.0),
        make_checkin(at=NOW + timedelta(hours=23)),
    ],
)
def test_a_valid_record_has_no_problems(record: Any) -> None:
    assert problems_of(record, NOW) == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"level": 11}, "level", "Tension must be a whole number from 0 to 10."),
        ({"level": -1}, "level", "Tension must be a whole number from 0 to 10."),
        ({"level": 5.5}, "level", "Tension must be a whole number from 0 to 10."),
        ({"level": True}, "level", "Tension must be a whole number from 0 to 10."),
        ({"level": "5"}, "level", "Tension must be a whole number from 0 to 10."),
        ({"area": "knees"}, "area", "Area must be one of the hip areas"),
        ({"side": "middle"}, "side", "Side must be left, right or both."),
        ({"context": "during"}, "context", "Check-in context must be"),
        ({"note": "x" * 2001}, "note", "Note can be at most 2000 characters."),
        ({"note": None}, "note", "Note must be text."),
        ({"at": NAIVE}, "at", "Check-in time must include a timezone."),
        ({"at": "2025-05-01"}, "at", "Check-in time must be a date and time."),
        ({"at": NOW + timedelta(days=1, seconds=1)}, "at", "more than a day in the future"),
        ({"at": datetime(1969, 12, 31, tzinfo=NOW.tzinfo)}, "at", "1970 or later"),
        ({"id": ""}, "id", "Id must be 1 to 64"),
        ({"id": "has space"}, "id", "Id must be 1 to 64"),
        ({"session_id": "bad id!"}, "session_id", "Session id must be"),
    ],
)
def test_a_bad_checkin_field_is_named_with_a_plain_message(
    changes: dict[str, Any], field: str, message: str
) -> None:
    problems = checkin_problems(make_checkin(**changes), NOW)
    assert fields_of(problems) == [field]
    assert message in problems[0][1]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reps": 0}, "reps", "Reps must be a whole number from 1 to 1000."),
        ({"reps": 1001}, "reps", "Reps must be a whole number from 1 to 1000."),
        ({"reps": 3.0}, "reps", "Reps must be a whole number"),
        ({"load": -0.5}, "load", "Load must be a number from 0 to 1000."),
        ({"load": 1000.5}, "load", "Load must be a number from 0 to 1000."),
        ({"load": math.nan}, "load", "Load must be a number"),
        ({"load": math.inf}, "load", "Load must be a number"),
        ({"unit": "stone"}, "unit", "Unit must be kg or lb."),
        ({"hold_seconds": 3601.0}, "hold_seconds", "Hold time must be from 0 to 3600 seconds."),
        ({"hold_seconds": -1.0}, "hold_seconds", "Hold time must be from 0 to 3600 seconds."),
        ({"rpe": 0.5}, "rpe", "Effort (RPE) must be a number from 1 to 10."),
        ({"rpe": 11}, "rpe", "Effort (RPE) must be a number from 1 to 10."),
        ({"exercise_name": ""}, "exercise_name", "Exercise name must be 1 to 80 characters."),
        ({"exercise_name": "   "}, "exercise_name", "Exercise name must be 1 to 80 characters."),
        ({"exercise_name": "x" * 81}, "exercise_name", "Exercise name must be 1 to 80"),
        ({"exercise_id": "Glute Bridge"}, "exercise_id", "Exercise id must be a catalog id"),
        ({"side": "up"}, "side", "Side must be left, right or both."),
        ({"reps": None, "hold_seconds": None}, "reps", "A set needs reps or a hold time."),
        ({"at": NAIVE}, "at", "Set time must include a timezone."),
    ],
)
def test_a_bad_set_field_is_named_with_a_plain_message(
    changes: dict[str, Any], field: str, message: str
) -> None:
    problems = set_problems(make_set(**changes), NOW)
    assert fields_of(problems) == [field]
    assert message in problems[0][1]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ended_at": NOW - timedelta(hours=1)}, "ended_at", "End time can't be before"),
        ({"started_at": NOW - timedelta(hours=25)}, "ended_at", "at most 24 hours"),
        ({"started_at": NAIVE}, "started_at", "Start time must include a timezone."),
        ({"ended_at": NOW + timedelta(days=2)}, "ended_at", "more than a day in the future"),
        ({"routine_name": ""}, "routine_name", "Routine name must be 1 to 80 characters."),
        ({"stop_reason": "bored"}, "stop_reason", "Stop reason must be"),
        ({"active_seconds": -1.0}, "active_seconds", "Active time must be 0 to 86400 seconds."),
        ({"steps": [StepOutcome("a", "done")]}, "steps", "Steps must be a list"),
        ({"steps": (StepOutcome("a", "maybe"),)}, "steps[0].status", "Step 1 status must be"),
        ({"steps": (StepOutcome("", "done"),)}, "steps[0].technique_id", "Step 1 technique id"),
        ({"steps": (StepOutcome("a", "done", -3.0),)}, "steps[0].active_seconds", "Step 1"),
        ({"steps": ("stretch",)}, "steps[0]", "Step 1 must be a step outcome."),
        ({"before_checkin_ids": ("ok", "not ok")}, "before_checkin_ids", "Before check-in ids"),
        ({"after_checkin_ids": ["abc"]}, "after_checkin_ids", "must be a list of check-in ids"),
    ],
)
def test_a_bad_session_field_is_named_with_a_plain_message(
    changes: dict[str, Any], field: str, message: str
) -> None:
    problems = session_problems(make_session(**changes), NOW)
    assert fields_of(problems) == [field]
    assert message in problems[0][1]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"text": ""}, "text", "Note text must be 1 to 2000 characters."),
        ({"text": "x" * 2001}, "text", "Note text must be 1 to 2000 characters."),
        ({"mood_tags": ("grumpy",)}, "mood_tags", "Mood tags must come from"),
        ({"mood_tags": ["calm"]}, "mood_tags", "Mood tags must come from"),
        ({"mood_tags": ("calm", "calm")}, "mood_tags", "Mood tags can't repeat."),
        ({"at": NOW + timedelta(days=5)}, "at", "Note time can't be more than a day"),
    ],
)
def test_a_bad_note_field_is_named_with_a_plain_message(
    changes: dict[str, Any], field: str, message: str
) -> None:
    problems = note_problems(make_note(**changes), NOW)
    assert fields_of(problems) == [field]
    assert message in problems[0][1]


def test_a_note_of_exactly_2000_characters_is_fine() -> None:
    assert note_problems(make_note(text="x" * 2000), NOW) == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": " "}, "name", "Routine name must be 1 to 80 characters."),
        ({"steps": ()}, "steps", "A routine needs 1 to 50 steps."),
        ({"steps": (RoutineStep("a", 1),) * 51}, "steps", "A routine needs 1 to 50 steps."),
        ({"steps": (RoutineStep("a", 0),)}, "steps[0].sets", "Step 1 sets must be"),
        ({"steps": (RoutineStep("a", 21),)}, "steps[0].sets", "Step 1 sets must be"),
        ({"steps": (RoutineStep("a", 1, hold_seconds=0),)}, "steps[0].hold_seconds", "hold"),
        ({"steps": (RoutineStep("a", 1, reps=2000),)}, "steps[0].reps", "Step 1 reps"),
        ({"steps": (RoutineStep("", 1),)}, "steps[0].technique_id", "technique id"),
    ],
)
def test_a_bad_routine_field_is_named_with_a_plain_message(
    changes: dict[str, Any], field: str, message: str
) -> None:
    problems = routine_problems(make_routine(**changes))
    assert fields_of(problems) == [field]
    assert message in problems[0][1]


@pytest.mark.parametrize(
    ("state", "ok"),
    [
        ({"step": 2, "remaining": 12.5, "plan": ["a", "b"]}, True),
        ({}, True),
        ({"at": datetime(2025, 1, 1)}, False),
        ({1: "x"}, False),
        (["not", "a", "dict"], False),
        ({"x": math.nan}, False),
        ({"blob": "x" * 70_000}, False),
    ],
)
def test_active_session_state_must_be_a_small_json_dict(state: Any, ok: bool) -> None:
    assert (active_session_problems(state) == []) is ok


def test_validation_error_reads_as_sentences_and_keeps_each_problem() -> None:
    with pytest.raises(ValidationError) as caught:
        validate(make_checkin(level=12, side="up"), NOW)
    assert str(caught.value) == (
        "Tension must be a whole number from 0 to 10. Side must be left, right or both."
    )
    assert caught.value.problems == [
        ("level", "Tension must be a whole number from 0 to 10."),
        ("side", "Side must be left, right or both."),
    ]
    assert caught.value.messages()[0].startswith("Tension")


def test_validate_all_names_the_position_of_each_bad_record() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_all([make_checkin(), make_checkin(level=99)], NOW)
    assert caught.value.problems == [("[1].level", "Tension must be a whole number from 0 to 10.")]


def test_an_unknown_record_type_is_a_problem() -> None:
    assert fields_of(problems_of("not a record", NOW)) == ["record"]  # type: ignore[arg-type]


def test_a_naive_clock_is_read_as_local_time_instead_of_crashing() -> None:
    assert checkin_problems(make_checkin(), datetime.now()) == []


def test_validation_uses_the_now_it_is_given() -> None:
    later = make_checkin(at=NOW + timedelta(days=3))
    assert checkin_problems(later, NOW) != []
    assert checkin_problems(later, NOW + timedelta(days=2)) == []


@settings(deadline=None, max_examples=200)
@given(level=st.integers().filter(lambda n: not 0 <= n <= 10))
def test_any_whole_number_outside_0_to_10_is_rejected_as_tension(level: int) -> None:
    assert fields_of(checkin_problems(make_checkin(level=level), NOW)) == ["level"]


@settings(deadline=None, max_examples=100)
@given(level=st.integers(0, 10), area=st.sampled_from(list(AREAS)))
def test_any_whole_number_from_0_to_10_is_accepted_as_tension(level: int, area: str) -> None:
    assert checkin_problems(make_checkin(level=level, area=area), NOW) == []


@settings(deadline=None, max_examples=200)
@given(
    ahead=st.timedeltas(min_value=timedelta(days=1, microseconds=1), max_value=timedelta(days=3650))
)
def test_any_time_more_than_a_day_ahead_is_rejected(ahead: timedelta) -> None:
    record = make_note(at=NOW + ahead)
    assert fields_of(note_problems(record, NOW)) == ["at"]


@settings(deadline=None, max_examples=200)
@given(load=st.floats(allow_nan=True, allow_infinity=True).filter(lambda x: not (0 <= x <= 1000)))
def test_any_load_outside_0_to_1000_is_rejected(load: float) -> None:
    assert fields_of(set_problems(make_set(load=load), NOW)) == ["load"]


@settings(deadline=None, max_examples=200)
@given(reps=st.integers().filter(lambda n: not 1 <= n <= 1000))
def test_any_reps_outside_1_to_1000_are_rejected(reps: int) -> None:
    assert fields_of(set_problems(make_set(reps=reps), NOW)) == ["reps"]


def test_text_with_a_lone_surrogate_is_refused_before_it_is_stored() -> None:
    assert note_problems(make_note(text="half \ud800 a pair"), NOW) == [
        ("text", "Note text holds a character that is not valid text.")
    ]


def test_a_session_state_with_a_lone_surrogate_is_refused() -> None:
    assert active_session_problems({"step_name": "\udc00"}) == [
        ("active_session", "The session state must hold only plain JSON values.")
    ]
