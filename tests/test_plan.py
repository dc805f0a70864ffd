"""Test how routine steps expand into timed session phases."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from hipdash.catalog import SECONDS_PER_REP, SWITCH_SIDES_SECONDS, Technique
from hipdash.plan import (
    GET_READY_SECONDS,
    TIME_SCALE_ENV,
    TRANSITION_SECONDS,
    Plan,
    PlanError,
    build_plan,
    time_scale_from_env,
)
from hipdash.records import RoutineStep
from tests.factories import make_technique


@pytest.fixture
def techniques() -> dict[str, Technique]:
    made = [
        make_technique("figure-four", per_side=True, hold=30),
        make_technique("glute-ball", "ball_release", sets=3, rest=10, hold=25),
        make_technique("bridge", "strength", sets=3, rest=30, hold=None, reps=10),
        make_technique("side-ball", "ball_release", sets=2, rest=5, per_side=True, hold=20),
        make_technique("belly-breath", "breathwork", hold=120),
    ]
    return {t.id: t for t in made}


def kinds_and_labels(plan: Plan) -> list[tuple[str, str]]:
    return [(phase.kind, phase.label) for phase in plan.phases]


def test_per_side_hold_starts_on_the_side_the_steps_describe_then_switches(techniques):
    plan = build_plan([RoutineStep("figure-four", sets=1)], techniques)
    assert kinds_and_labels(plan) == [
        ("get_ready", "Get ready"),
        ("work", "Right side · hold"),
        ("switch_sides", "Switch sides"),
        ("work", "Left side · hold"),
    ]
    assert [p.side for p in plan.phases] == [None, "right", None, "left"]
    assert plan.phases[2].duration_seconds == SWITCH_SIDES_SECONDS


def test_steps_written_for_the_left_side_start_on_the_left() -> None:
    stance = make_technique("stance", per_side=True, hold=30, steps_side="left")
    plan = build_plan([RoutineStep("stance", sets=1)], {"stance": stance})
    assert [p.side for p in plan.phases] == [None, "left", None, "right"]


@pytest.mark.parametrize("tempo", [3, 5])
def test_a_rep_lasts_the_tempo_the_technique_names(tempo: int) -> None:
    slow = make_technique("slow", "strength", hold=None, reps=10)
    slow = replace(slow, dose=replace(slow.dose, rep_seconds=tempo))
    plan = build_plan([RoutineStep("slow", sets=1)], {"slow": slow})
    (work,) = [p for p in plan.phases if p.kind == "work"]
    assert work.duration_seconds == 10 * tempo


def test_sets_of_reps_rest_between_sets_but_not_after_the_last(techniques):
    plan = build_plan([RoutineStep("bridge", sets=3)], techniques)
    assert kinds_and_labels(plan)[1:] == [
        ("work", "Set 1 of 3 · 10 reps"),
        ("rest", "Rest"),
        ("work", "Set 2 of 3 · 10 reps"),
        ("rest", "Rest"),
        ("work", "Set 3 of 3 · 10 reps"),
    ]
    work = [p for p in plan.phases if p.kind == "work"]
    assert [p.set_number for p in work] == [1, 2, 3]
    assert all(p.reps == 10 and p.duration_seconds == 10 * SECONDS_PER_REP for p in work)


def test_each_massage_ball_set_is_one_tender_point(techniques):
    plan = build_plan([RoutineStep("glute-ball", sets=3)], techniques)
    work_labels = [p.label for p in plan.phases if p.kind == "work"]
    assert work_labels == ["Point 1 of 3 · hold", "Point 2 of 3 · hold", "Point 3 of 3 · hold"]
    assert [p.label for p in plan.phases if p.kind == "rest"] == ["Find the next point"] * 2


def test_per_side_ball_release_counts_points_on_each_side(techniques):
    plan = build_plan([RoutineStep("side-ball", sets=2)], techniques)
    assert [p.label for p in plan.phases if p.kind == "work"] == [
        "Right side · point 1 of 2 · hold",
        "Right side · point 2 of 2 · hold",
        "Left side · point 1 of 2 · hold",
        "Left side · point 2 of 2 · hold",
    ]


def test_a_transition_comes_between_steps_and_a_get_ready_before_each(techniques):
    steps = [RoutineStep("belly-breath", sets=1), RoutineStep("figure-four", sets=1)]
    plan = build_plan(steps, techniques)
    assert [(p.step_index, p.kind) for p in plan.phases] == [
        (0, "get_ready"),
        (0, "work"),
        (1, "transition"),
        (1, "get_ready"),
        (1, "work"),
        (1, "switch_sides"),
        (1, "work"),
    ]
    assert plan.technique_ids == ("belly-breath", "figure-four")
    assert plan.step_names == ("Belly Breath", "Figure Four")


@pytest.mark.parametrize(
    ("technique_id", "sets", "expected_work_seconds"),
    [
        ("figure-four", 1, 2 * 30 + SWITCH_SIDES_SECONDS),
        ("figure-four", 2, 2 * (30 + 0 + 30) + SWITCH_SIDES_SECONDS),
        ("glute-ball", 3, 3 * 25 + 2 * 10),
        ("bridge", 3, 3 * 10 * SECONDS_PER_REP + 2 * 30),
        ("side-ball", 2, 2 * (20 + 5 + 20) + SWITCH_SIDES_SECONDS),
        ("belly-breath", 1, 120),
    ],
)
def test_total_is_the_sum_of_lead_in_and_catalog_dose(
    techniques, technique_id, sets, expected_work_seconds
):
    plan = build_plan([RoutineStep(technique_id, sets=sets)], techniques)
    assert plan.total_seconds == GET_READY_SECONDS + expected_work_seconds
    assert plan.total_seconds == sum(p.duration_seconds for p in plan.phases)


def test_catalog_dose_total_matches_the_plan_without_lead_ins(techniques):
    for technique in techniques.values():
        step = RoutineStep(technique.id, sets=technique.dose.sets)
        plan = build_plan([step], techniques, get_ready_seconds=0)
        assert plan.total_seconds == technique.total_seconds


@pytest.mark.parametrize(
    ("step", "expected_work"),
    [
        (RoutineStep("bridge", sets=1, reps=5), (5 * SECONDS_PER_REP, 5)),
        (RoutineStep("bridge", sets=1, hold_seconds=40), (40.0, None)),
        (RoutineStep("belly-breath", sets=1, hold_seconds=60), (60.0, None)),
        (RoutineStep("belly-breath", sets=1), (120.0, None)),
    ],
)
def test_the_step_dose_overrides_the_catalog_dose(techniques, step, expected_work):
    work = next(p for p in build_plan([step], techniques).phases if p.kind == "work")
    assert (work.duration_seconds, work.reps) == expected_work


def test_time_scale_shortens_every_phase_in_proportion(techniques):
    steps = [RoutineStep("bridge", sets=3), RoutineStep("figure-four", sets=2)]
    full = build_plan(steps, techniques)
    fast = build_plan(steps, techniques, time_scale=0.01)
    assert fast.total_seconds == pytest.approx(full.total_seconds * 0.01)
    assert [p.label for p in fast.phases] == [p.label for p in full.phases]


@pytest.mark.parametrize("bad_scale", [0, -1, float("nan"), float("inf")])
def test_a_time_scale_that_is_not_positive_and_finite_is_refused(techniques, bad_scale):
    with pytest.raises(PlanError, match="time_scale"):
        build_plan([RoutineStep("bridge", sets=1)], techniques, time_scale=bad_scale)


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (RoutineStep("no-such-thing", sets=1), "unknown technique id 'no-such-thing'"),
        (RoutineStep("bridge", sets=0), "sets must be at least 1"),
    ],
)
def test_a_bad_step_names_itself_in_the_error(techniques, step, message):
    with pytest.raises(PlanError, match=message):
        build_plan([RoutineStep("belly-breath", sets=1), step], techniques)


def test_an_empty_routine_gives_an_empty_plan(techniques):
    plan = build_plan([], techniques)
    assert plan.phases == ()
    assert plan.total_seconds == 0


def test_step_offsets_mark_the_transition_entry_and_first_work(techniques):
    steps = [RoutineStep("belly-breath", sets=1), RoutineStep("bridge", sets=2)]
    plan = build_plan(steps, techniques)
    first_end = GET_READY_SECONDS + 120
    assert plan.step_spans == ((0.0, first_end), (first_end, plan.total_seconds))
    assert plan.step_entries == (0.0, first_end + TRANSITION_SECONDS)
    assert plan.step_work_starts == (
        GET_READY_SECONDS,
        first_end + TRANSITION_SECONDS + GET_READY_SECONDS,
    )
    assert plan.step_seconds(0) == first_end


def test_a_plan_survives_a_json_round_trip(techniques):
    steps = [RoutineStep("side-ball", sets=2), RoutineStep("bridge", sets=3)]
    plan = build_plan(steps, techniques, time_scale=0.1)
    again = Plan.from_dict(json.loads(json.dumps(plan.to_dict())))
    assert again == plan
    assert again.total_seconds == plan.total_seconds


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d.pop("phases"),
        lambda d: d["phase_columns"].pop(),
        lambda d: d["phases"][0].__setitem__(1, "nap"),
        lambda d: d["phases"][0].__setitem__(3, -3),
        lambda d: d["phases"][0].__setitem__(3, "ten"),
        lambda d: d["phases"][0].__setitem__(0, 7),
        lambda d: d["phases"][0].__setitem__(0, "first"),
        lambda d: d["phases"][0].append("red"),
        lambda d: d["step_names"].pop(),
        lambda d: d.update(phases="none"),
    ],
)
def test_a_malformed_stored_plan_raises_plan_error(techniques, breakage):
    data = build_plan([RoutineStep("bridge", sets=2)], techniques).to_dict()
    breakage(data)
    with pytest.raises(PlanError):
        Plan.from_dict(data)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, 1.0),
        ({TIME_SCALE_ENV: "0.05"}, 0.05),
        ({TIME_SCALE_ENV: "fast"}, 1.0),
        ({TIME_SCALE_ENV: "0"}, 1.0),
        ({TIME_SCALE_ENV: "-2"}, 1.0),
        ({TIME_SCALE_ENV: "nan"}, 1.0),
    ],
)
def test_time_scale_comes_from_the_environment_only_when_valid(environ, expected):
    assert time_scale_from_env(environ) == expected


def test_every_per_side_technique_in_the_catalog_starts_on_the_side_its_steps_describe():
    from hipdash.catalog import load_catalog

    per_side = [t for t in load_catalog() if t.dose.per_side]
    assert per_side, "the catalog has per-side techniques"
    for technique in per_side:
        plan = build_plan([RoutineStep(technique.id, sets=1)], {technique.id: technique})
        first = next(p.side for p in plan.phases if p.side is not None)
        assert first == technique.dose.steps_side, technique.id


def _checkin(area: str, side: str, level: int, minute: int):
    from datetime import UTC, datetime

    from hipdash.records import TensionCheckIn

    return TensionCheckIn(
        at=datetime(2026, 1, 1, 9, minute, tzinfo=UTC), area=area, level=level, side=side
    )


@pytest.mark.parametrize(
    ("checkins", "expected"),
    [
        ([], None),
        ([("glutes", "left", 6, 1), ("glutes", "right", 3, 2)], "left"),
        ([("glutes", "left", 2, 1), ("glutes", "right", 5, 2)], "right"),
        ([("glutes", "left", 4, 1), ("glutes", "right", 4, 2)], None),
        ([("glutes", "left", 7, 1)], None),
        ([("glutes", "both", 9, 1), ("glutes", "left", 3, 2)], None),
        ([("hamstrings", "left", 9, 1), ("hamstrings", "right", 1, 2)], None),
        # The newest rating of each side counts, not an older one.
        (
            [("glutes", "left", 8, 1), ("glutes", "right", 5, 2), ("glutes", "left", 2, 3)],
            "right",
        ),
    ],
)
def test_the_tighter_side_comes_from_the_latest_per_side_check_in(checkins, expected):
    from hipdash.plan import tighter_side

    made = [_checkin(*row) for row in checkins]
    assert tighter_side(made, ["glutes"]) == expected


def test_starting_on_the_tighter_side_overrides_the_steps_side(techniques):
    from hipdash.plan import tighter_first_sides

    checkins = [_checkin("glutes", "left", 7, 1), _checkin("glutes", "right", 2, 2)]
    first_sides = tighter_first_sides(["figure-four", "bridge"], techniques, checkins)
    assert first_sides == {"figure-four": "left"}
    plan = build_plan([RoutineStep("figure-four", sets=1)], techniques, first_sides=first_sides)
    assert [p.side for p in plan.phases] == [None, "left", None, "right"]
