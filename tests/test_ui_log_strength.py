"""The Log page's strength form: the sets its values describe, or why none can be saved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hipdash.catalog import Catalog
from hipdash.ui.log_strength import strength_sets
from tests.factories import make_technique

MOMENT = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
BRIDGE = make_technique("glute-bridge", modality="strength", hold=None, reps=12)
CATALOG = Catalog((BRIDGE,))


def test_a_catalog_exercise_gives_as_many_sets_as_asked_one_second_apart() -> None:
    form = {
        "log_strength_source": "catalog",
        "log_strength_exercise": BRIDGE.id,
        "log_strength_count": 3,
        "log_strength_reps": 12,
        "log_strength_load": 10,
        "log_strength_note": "  felt strong ",
    }
    sets, problems = strength_sets(form, CATALOG, MOMENT)
    assert problems == []
    assert [s.at for s in sets] == [MOMENT + timedelta(seconds=n) for n in range(3)]
    assert {(s.exercise_name, s.exercise_id, s.reps, s.load) for s in sets} == {
        (BRIDGE.name, BRIDGE.id, 12, 10.0)
    }
    # The note belongs to the whole exercise, so only the first set carries it.
    assert [s.note for s in sets] == ["felt strong", "", ""]
    assert len({s.id for s in sets}) == 3


def test_a_custom_exercise_is_saved_under_its_typed_name_without_a_catalog_id() -> None:
    form = {
        "log_strength_source": "custom",
        "log_strength_custom": " Cossack squat ",
        "log_strength_hold": 30,
    }
    sets, problems = strength_sets(form, CATALOG, MOMENT)
    assert problems == []
    assert [(s.exercise_name, s.exercise_id, s.hold_seconds) for s in sets] == [
        ("Cossack squat", None, 30.0)
    ]
    assert sets[0].unit == "kg" and sets[0].side == "both"


def test_a_form_without_an_exercise_asks_for_one_in_the_way_it_is_chosen() -> None:
    assert strength_sets({"log_strength_source": "custom"}, CATALOG, MOMENT) == (
        [],
        ["Type the name of your exercise first."],
    )
    assert strength_sets({"log_strength_exercise": "gone"}, CATALOG, MOMENT) == (
        [],
        ["Choose an exercise from the list first."],
    )


def test_an_invalid_set_gives_its_problems_and_no_sets() -> None:
    form = {"log_strength_exercise": BRIDGE.id, "log_strength_rpe": 11}
    sets, problems = strength_sets(form, CATALOG, MOMENT)
    assert sets == []
    assert "A set needs reps or a hold time." in problems
    assert "Effort (RPE) must be a number from 1 to 10." in problems
