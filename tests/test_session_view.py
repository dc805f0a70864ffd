"""Test the plain data the session runner component draws from."""

from __future__ import annotations

import json

from hipdash.plan import build_plan
from hipdash.records import RoutineStep
from hipdash.session_view import SETUP_STEPS, runner_data, step_data
from hipdash.sounds import TONES
from hipdash.speech import spoken_script
from hipdash.timer import Timer
from tests.factories import make_technique

T0 = 1_700_000_000.0
TECHNIQUES = {
    t.id: t
    for t in (
        make_technique("figure-four", per_side=True, hold=30, steps=("a", "b", "c", "d")),
        make_technique("belly-breath", "breathwork", hold=None, reps=6),
    )
}
STEPS = [RoutineStep("figure-four", 1), RoutineStep("belly-breath", 1)]


def _data(timer: Timer, **options) -> dict:
    return runner_data(timer, TECHNIQUES, session_id="s1", routine_name="Mine", **options)


def test_the_runner_gets_every_phase_with_its_times_label_step_pacer_and_next_text() -> None:
    plan = build_plan(STEPS, TECHNIQUES)
    data = _data(Timer(plan))
    assert [row[:5] for row in data["phases"][:2]] == [
        [0.0, 10.0, "get_ready", "Get ready", 0],
        [10.0, 40.0, "work", "Right side · hold", 0],
    ]
    paced = {row[3]: row[5] for row in data["phases"]}
    assert paced["Right side · hold"] is True and paced["Get ready"] is False
    assert paced["6 reps"] is True, "breathwork reps are paced"
    assert data["phases"][1][6] == "Next: Switch sides"
    assert data["timer"]["total"] == plan.total_seconds


def test_the_runner_gets_the_whole_spoken_script_and_the_tones() -> None:
    plan = build_plan(STEPS, TECHNIQUES)
    data = _data(Timer(plan))
    assert data["script"] == [u.to_list() for u in spoken_script(plan, TECHNIQUES)]
    assert set(data["tones"]) == set(TONES)


def test_the_timer_state_places_the_runner_on_the_wall_clock() -> None:
    timer = Timer(build_plan(STEPS, TECHNIQUES)).start(T0).pause(T0 + 12)
    assert _data(timer)["timer"] | {"total": 0} == {
        "state": "paused",
        "anchor_at": None,
        "anchor_offset": 12.0,
        "jump_at": T0,
        "jump_offset": 0.0,
        "total": 0,
    }


def test_get_ready_gets_the_first_steps_and_a_figure_where_one_exists() -> None:
    technique = TECHNIQUES["figure-four"]
    plain = step_data(technique, technique.name, None)
    assert plain["setup"] == ["a", "b"][:SETUP_STEPS]
    assert plain["figure_svg"] is None
    drawn = step_data(technique, technique.name, lambda t, side: ("<svg/>", f"{t.name}, {side}"))
    assert (drawn["figure_svg"], drawn["figure_label"]) == ("<svg/>", "Figure Four, None")


def test_per_side_work_gets_each_sides_figure_and_each_phase_its_side() -> None:
    technique = TECHNIQUES["figure-four"]
    drawn = step_data(technique, technique.name, lambda t, side: (f"<svg>{side}</svg>", side))
    assert drawn["figure_sides"] == {
        "right": ["<svg>right</svg>", "right"],
        "left": ["<svg>left</svg>", "left"],
    }
    breath = TECHNIQUES["belly-breath"]
    assert step_data(breath, breath.name, lambda t, side: ("<svg/>", "x"))["figure_sides"] == {}
    sides = [row[7] for row in _data(Timer(build_plan(STEPS, TECHNIQUES)))["phases"]]
    assert sides[:4] == [None, "right", None, "left"]


def test_the_runner_data_is_plain_json() -> None:
    data = _data(Timer(build_plan(STEPS, TECHNIQUES)).start(T0))
    assert json.loads(json.dumps(data)) == data
