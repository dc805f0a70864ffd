"""Test the built-in routines, the routine builder and the step-editing helpers."""

from __future__ import annotations

import pytest

from hipdash.catalog import (
    HOLD_RANGE,
    REPS_RANGE,
    SETS_RANGE,
    TRIGGER_POINT_HOLD_RANGE,
    Catalog,
    load_catalog,
)
from hipdash.plan import GET_READY_SECONDS
from hipdash.records import RoutineStep, SavedRoutine
from hipdash.routines import (
    BLOCKS,
    BUILT_IN_ROUTINES,
    build_routine,
    default_step,
    get_built_in,
    move_step,
    remove_step,
    routine_seconds,
    set_hold,
    set_reps,
    set_sets,
)
from hipdash.vocabulary import EQUIPMENT

BLOCK_OF = {modality: rank for rank, block in enumerate(BLOCKS) for modality in block}
CALM = {"breathwork", "somatic"}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def assert_dose_within_catalog_limits(catalog: Catalog, step: RoutineStep) -> None:
    technique = catalog.get(step.technique_id)
    assert technique is not None, f"unknown technique id {step.technique_id}"
    assert SETS_RANGE[0] <= step.sets <= SETS_RANGE[1]
    assert (step.hold_seconds is None) != (step.reps is None)
    if step.hold_seconds is not None:
        low, high = TRIGGER_POINT_HOLD_RANGE if technique.modality == "ball_release" else HOLD_RANGE
        assert low <= step.hold_seconds <= high, step
    if step.reps is not None:
        assert REPS_RANGE[0] <= step.reps <= REPS_RANGE[1], step


def block_ranks(catalog: Catalog, steps: list[RoutineStep]) -> list[int]:
    return [BLOCK_OF[catalog.get(step.technique_id).modality] for step in steps]


# -- built-in routines -----------------------------------------------------------------


def test_there_are_at_least_five_built_in_routines_with_the_promised_names():
    names = {routine.name for routine in BUILT_IN_ROUTINES}
    assert {
        "Desk-day hip reset",
        "Post-run release",
        "Evening wind-down",
        "Hip strength A",
        "Hip strength B",
    } <= names
    assert len({routine.id for routine in BUILT_IN_ROUTINES}) == len(BUILT_IN_ROUTINES)


@pytest.mark.parametrize("routine", BUILT_IN_ROUTINES, ids=lambda r: r.id)
def test_every_built_in_step_names_a_real_technique_at_a_valid_dose(catalog, routine):
    for step in routine.steps:
        assert_dose_within_catalog_limits(catalog, step)


@pytest.mark.parametrize("routine", BUILT_IN_ROUTINES, ids=lambda r: r.id)
def test_every_built_in_routine_takes_the_minutes_it_states(catalog, routine):
    assert abs(routine_seconds(routine.steps, catalog) - routine.minutes * 60) <= 60


@pytest.mark.parametrize("routine", BUILT_IN_ROUTINES, ids=lambda r: r.id)
def test_every_built_in_routine_flows_release_stretch_strength_calm(catalog, routine):
    ranks = block_ranks(catalog, list(routine.steps))
    assert ranks == sorted(ranks)
    assert catalog.get(routine.steps[-1].technique_id).modality in CALM


def test_the_desk_day_reset_takes_ten_minutes():
    assert get_built_in("desk-day-hip-reset").minutes == 10


@pytest.mark.parametrize(
    ("routine_id", "modalities"),
    [
        ("evening-wind-down", CALM),
        ("hip-strength-a", {"strength"} | CALM),
        ("hip-strength-b", {"strength"} | CALM),
        ("post-run-release", {"ball_release", "stretch", "yoga"} | CALM),
    ],
)
def test_each_built_in_routine_matches_its_name(catalog, routine_id, modalities):
    routine = get_built_in(routine_id)
    used = {catalog.get(step.technique_id).modality for step in routine.steps}
    assert used <= modalities


def test_a_built_in_routine_can_be_saved_as_the_persons_own():
    routine = BUILT_IN_ROUTINES[0]
    saved = routine.to_saved()
    assert isinstance(saved, SavedRoutine)
    assert (saved.name, saved.steps) == (routine.name, routine.steps)


def test_an_unknown_built_in_id_gives_none():
    assert get_built_in("marathon") is None


# -- the routine builder ---------------------------------------------------------------

AREA_CHOICES = [
    (),
    ("glutes",),
    ("hip_flexors",),
    ("outer_hip",),
    ("inner_thigh",),
    ("hamstrings", "lower_back"),
    ("deep_rotators",),
]
EQUIPMENT_CHOICES = [("none",), ("mat",), ("ball", "mat"), ("chair",), tuple(EQUIPMENT)]


@pytest.mark.parametrize("minutes", [5, 10, 15, 20, 30, 45])
@pytest.mark.parametrize("equipment", EQUIPMENT_CHOICES, ids="+".join)
@pytest.mark.parametrize("areas", AREA_CHOICES, ids=lambda a: "+".join(a) or "all")
def test_a_built_routine_fits_the_budget_the_kit_and_the_order(catalog, areas, minutes, equipment):
    steps = build_routine(catalog, areas, minutes, equipment)
    assert steps
    assert abs(routine_seconds(steps, catalog) - minutes * 60) <= 60
    have = set(equipment) | {"none"}
    for step in steps:
        assert set(catalog.get(step.technique_id).equipment) <= have
        assert_dose_within_catalog_limits(catalog, step)
    ranks = block_ranks(catalog, steps)
    assert ranks == sorted(ranks), "release, stretch, strength, calm"
    assert len({step.technique_id for step in steps}) == len(steps)
    assert catalog.get(steps[-1].technique_id).modality in CALM, "a session ends calm"


@pytest.mark.parametrize("minutes", [7, 12, 25, 40])
def test_odd_budgets_fit_too(catalog, minutes):
    steps = build_routine(catalog, ["glutes"], minutes, ["ball", "mat"])
    assert abs(routine_seconds(steps, catalog) - minutes * 60) <= 60


@pytest.mark.parametrize(
    ("areas", "equipment"),
    [(("glutes",), ("ball", "mat", "chair")), (("hip_flexors",), ("mat", "cushion"))],
)
def test_with_enough_choice_every_step_works_a_chosen_area_or_calms(catalog, areas, equipment):
    for step in build_routine(catalog, areas, 20, equipment):
        technique = catalog.get(step.technique_id)
        assert set(technique.areas) & set(areas) or technique.modality in CALM


@pytest.mark.parametrize("minutes", [5, 15])
def test_even_a_short_session_ends_calm_after_a_release(catalog, minutes):
    steps = build_routine(catalog, ["glutes"], minutes, ["ball", "mat"])
    assert catalog.get(steps[-1].technique_id).modality in CALM
    assert catalog.get(steps[0].technique_id).modality == "ball_release"


def test_release_comes_before_stretch(catalog):
    steps = build_routine(catalog, ["outer_hip"], 20, ["ball", "mat", "wall"])
    modalities = [catalog.get(step.technique_id).modality for step in steps]
    assert "ball_release" in modalities and "stretch" in modalities
    last_release = max(i for i, m in enumerate(modalities) if m == "ball_release")
    assert last_release < min(i for i, m in enumerate(modalities) if m in ("stretch", "yoga"))


def test_without_a_ball_there_is_no_ball_release(catalog):
    steps = build_routine(catalog, [], 30, ["mat", "chair"])
    assert all(catalog.get(s.technique_id).modality != "ball_release" for s in steps)


@pytest.mark.parametrize("positions", [("standing",), ("seated", "standing"), ("lying",)])
def test_only_allowed_positions_are_used(catalog, positions):
    steps = build_routine(catalog, [], 15, list(EQUIPMENT), positions_allowed=positions)
    assert steps
    assert all(catalog.get(s.technique_id).position in positions for s in steps)


def test_the_builder_is_deterministic(catalog):
    first = build_routine(catalog, ["glutes", "outer_hip"], 20, ["ball", "mat"])
    assert build_routine(catalog, ["glutes", "outer_hip"], 20, ["ball", "mat"]) == first


def test_nothing_that_fits_gives_an_empty_routine(catalog):
    assert build_routine(catalog, [], 10, ["none"], positions_allowed=()) == []


@pytest.mark.parametrize("minutes", [0, -5])
def test_a_budget_of_no_time_is_refused(catalog, minutes):
    with pytest.raises(ValueError, match="minutes"):
        build_routine(catalog, [], minutes, ["none"])


# -- editing helpers -------------------------------------------------------------------

A = RoutineStep("a", sets=1, hold_seconds=30)
B = RoutineStep("b", sets=3, reps=10)
C = RoutineStep("c", sets=2, hold_seconds=20)


@pytest.mark.parametrize(
    ("index", "new_index", "expected"),
    [(0, 2, [B, C, A]), (2, 0, [C, A, B]), (1, 1, [A, B, C]), (1, 2, [A, C, B])],
)
def test_move_step_reorders_without_touching_the_input(index, new_index, expected):
    steps = [A, B, C]
    assert move_step(steps, index, new_index) == expected
    assert steps == [A, B, C]


@pytest.mark.parametrize(("index", "expected"), [(0, [B, C]), (1, [A, C]), (2, [A, B])])
def test_remove_step_drops_one_step(index, expected):
    assert remove_step([A, B, C], index) == expected


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda s: set_sets(s, 1, 5), RoutineStep("b", sets=5, reps=10)),
        (lambda s: set_hold(s, 0, 45), RoutineStep("a", sets=1, hold_seconds=45)),
        (lambda s: set_reps(s, 1, 12), RoutineStep("b", sets=3, reps=12)),
        (lambda s: set_hold(s, 1, 40), RoutineStep("b", sets=3, hold_seconds=40)),
    ],
)
def test_changing_a_dose_changes_only_that_step(change, expected):
    steps = [A, B]
    changed = change(steps)
    assert expected in changed
    assert len(changed) == 2 and steps == [A, B]


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda s: set_sets(s, 0, 0), ValueError),
        (lambda s: set_sets(s, 0, 11), ValueError),
        (lambda s: set_hold(s, 0, 2), ValueError),
        (lambda s: set_hold(s, 0, 30.5), ValueError),
        (lambda s: set_reps(s, 0, 51), ValueError),
        (lambda s: set_sets(s, 5, 2), IndexError),
        (lambda s: remove_step(s, -1), IndexError),
        (lambda s: move_step(s, 0, 3), IndexError),
    ],
)
def test_out_of_range_edits_are_refused(change, error):
    with pytest.raises(error):
        change([A, B])


def test_default_step_uses_the_catalog_dose(catalog):
    technique = next(iter(catalog))
    step = default_step(technique)
    assert (step.sets, step.hold_seconds, step.reps) == (
        technique.dose.sets,
        technique.dose.hold_seconds,
        technique.dose.reps,
    )
    assert routine_seconds([step], catalog) == technique.total_seconds + GET_READY_SECONDS
