"""Test the cue tones the session runner plays: short, audible and told apart."""

from __future__ import annotations

import pytest

from hipdash.plan import build_plan
from hipdash.records import RoutineStep
from hipdash.sounds import TONES, tone_seconds
from hipdash.speech import spoken_script
from tests.factories import make_technique


@pytest.mark.parametrize("kind", list(TONES))
def test_each_tone_is_short_and_made_of_audible_notes(kind: str) -> None:
    assert 0.05 < tone_seconds(kind) < 1.0
    assert all(frequency == 0 or 200 <= frequency <= 2000 for frequency, _ in TONES[kind])


def test_the_cue_tones_all_differ() -> None:
    assert len(set(TONES.values())) == len(TONES)


def test_every_tone_the_spoken_script_asks_for_exists() -> None:
    stretch = make_technique("stretch", per_side=True, hold=30, sets=2, rest=10)
    plan = build_plan([RoutineStep("stretch", sets=2)], {"stretch": stretch})
    asked = {utterance.tone for utterance in spoken_script(plan, {"stretch": stretch})}
    assert asked - {None} <= set(TONES)
    assert {"switch_sides", "halfway", "done"} <= asked


def test_an_unknown_tone_is_refused() -> None:
    with pytest.raises(KeyError):
        tone_seconds("fanfare")
