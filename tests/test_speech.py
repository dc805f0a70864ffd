"""Test the words a guided session speaks and when it speaks them."""

from __future__ import annotations

import pytest

from hipdash.plan import build_plan
from hipdash.records import RoutineStep
from hipdash.speech import CLOSING_LINE, seconds_words, spoken_script
from tests.factories import make_technique

TECHNIQUES = {
    t.id: t
    for t in (
        make_technique("figure-four", per_side=True, hold=30),
        make_technique("glute-ball", "ball_release", sets=2, rest=5, hold=20),
        make_technique(
            "bridge", "strength", hold=None, reps=10, position="standing", sets=2, rest=10
        ),
    )
}


def _script(steps: list[RoutineStep], **plan_options) -> list[tuple[float, str, str | None]]:
    plan = build_plan(steps, TECHNIQUES, **plan_options)
    return [tuple(u.to_list()) for u in spoken_script(plan, TECHNIQUES)]  # type: ignore[misc]


def test_a_whole_routine_is_spoken_in_this_exact_sequence() -> None:
    steps = [RoutineStep(t.id, sets=t.dose.sets) for t in TECHNIQUES.values()]
    assert _script(steps) == [
        (0.0, "Step 1 of 3: Figure Four. Start on the floor. Right side first.", None),
        (7.0, "3.", None),
        (8.0, "2.", None),
        (9.0, "1.", None),
        (10.0, "Right side, hold for 30 seconds.", "phase_start"),
        (25.0, "Halfway.", "halfway"),
        (37.0, "3.", None),
        (38.0, "2.", None),
        (39.0, "1.", None),
        (40.0, "Switch sides. Left side next.", "switch_sides"),
        (45.0, "Left side, hold for 30 seconds.", "phase_start"),
        (60.0, "Halfway.", "halfway"),
        (72.0, "3.", None),
        (73.0, "2.", None),
        (74.0, "1.", None),
        (75.0, "Step 2 of 3: Glute Ball. Start on the floor.", "rest"),
        (87.0, "3.", None),
        (88.0, "2.", None),
        (89.0, "1.", None),
        (90.0, "Point 1 of 2, hold for 20 seconds.", "phase_start"),
        (100.0, "Halfway.", "halfway"),
        (107.0, "3.", None),
        (108.0, "2.", None),
        (109.0, "1.", None),
        (110.0, "Find the next point.", "rest"),
        (115.0, "Point 2 of 2, hold for 20 seconds.", "phase_start"),
        (125.0, "Halfway.", "halfway"),
        (132.0, "3.", None),
        (133.0, "2.", None),
        (134.0, "1.", None),
        (135.0, "Step 3 of 3: Bridge. Start standing.", "rest"),
        (147.0, "3.", None),
        (148.0, "2.", None),
        (149.0, "1.", None),
        (150.0, "Set 1 of 2, 10 reps.", "phase_start"),
        (177.0, "3.", None),
        (178.0, "2.", None),
        (179.0, "1.", None),
        (180.0, "Rest for 10 seconds.", "rest"),
        (187.0, "3.", None),
        (188.0, "2.", None),
        (189.0, "1.", None),
        (190.0, "Set 2 of 2, 10 reps.", "phase_start"),
        (217.0, "3.", None),
        (218.0, "2.", None),
        (219.0, "1.", None),
        (
            220.0,
            "That is the end of the session. Well done. Take a moment before you get up.",
            "done",
        ),
    ]


def test_the_tighter_side_first_is_announced_and_spoken_first() -> None:
    script = _script([RoutineStep("figure-four", sets=1)], first_sides={"figure-four": "left"})
    texts = [text for _, text, _ in script]
    assert texts[0].endswith("Left side first.")
    assert "Left side, hold for 30 seconds." in texts
    assert texts.index("Left side, hold for 30 seconds.") < texts.index(
        "Right side, hold for 30 seconds."
    )
    assert "Switch sides. Right side next." in texts


def test_short_parts_get_no_countdown_and_short_holds_no_halfway() -> None:
    brief = {"brief": make_technique("brief", hold=6)}
    plan = build_plan([RoutineStep("brief", sets=1)], brief, get_ready_seconds=5)
    texts = [u.text for u in spoken_script(plan, brief)]
    assert texts == ["Step 1 of 1: Brief. Start on the floor.", "Hold for 6 seconds.", CLOSING_LINE]


def test_an_empty_plan_says_nothing() -> None:
    assert spoken_script(build_plan([], TECHNIQUES), TECHNIQUES) == ()


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(1, "1 second"), (30, "30 seconds"), (60, "1 minute"), (120, "2 minutes"), (90, "90 seconds")],
)
def test_lengths_of_time_are_said_in_plain_words(seconds: float, words: str) -> None:
    assert seconds_words(seconds) == words
