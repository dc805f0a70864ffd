"""Test the breathing pacer's stages and timing."""

from __future__ import annotations

import pytest

from hipdash.pacer import DEFAULT_PATTERN, PATTERNS, BreathPattern, breath_at, lung_fill


@pytest.mark.parametrize(
    ("pattern", "elapsed", "stage", "fraction", "seconds_left"),
    [
        ("4-6", 0, "inhale", 0.0, 4.0),
        ("4-6", 2, "inhale", 0.5, 2.0),
        ("4-6", 4, "exhale", 0.0, 6.0),
        ("4-6", 7, "exhale", 0.5, 3.0),
        ("4-6", 10, "inhale", 0.0, 4.0),
        ("box", 5, "hold", 0.25, 3.0),
        ("box", 9, "exhale", 0.25, 3.0),
        ("box", 14, "hold", 0.5, 2.0),
        ("box", 16, "inhale", 0.0, 4.0),
        ("4-7-8", 4, "hold", 0.0, 7.0),
        ("4-7-8", 11, "exhale", 0.0, 8.0),
        ("4-7-8", 17, "exhale", 0.75, 2.0),
        ("4-7-8", 19, "inhale", 0.0, 4.0),
        ("coherent", 2.75, "inhale", 0.5, 2.75),
        ("coherent", 5.5, "exhale", 0.0, 5.5),
        ("coherent", 11.0, "inhale", 0.0, 5.5),
    ],
)
def test_breath_at_names_the_stage_and_how_far_into_it(
    pattern, elapsed, stage, fraction, seconds_left
):
    breath = breath_at(elapsed, pattern)
    assert breath.stage == stage
    assert breath.fraction == pytest.approx(fraction)
    assert breath.seconds_left == pytest.approx(seconds_left)


def test_the_result_unpacks_as_stage_fraction_and_seconds_left():
    stage, fraction, seconds_left = breath_at(1.0)
    assert (stage, fraction, seconds_left) == ("inhale", 0.25, 3.0)


@pytest.mark.parametrize(
    ("pattern", "cycle", "per_minute"),
    [("4-6", 10, 6), ("box", 16, 3.75), ("4-7-8", 19, 60 / 19), ("coherent", 11, 60 / 11)],
)
def test_each_pattern_has_its_cycle_length(pattern, cycle, per_minute):
    assert PATTERNS[pattern].cycle_seconds == cycle
    assert PATTERNS[pattern].breaths_per_minute == pytest.approx(per_minute)


def test_the_default_during_holds_is_four_in_six_out():
    assert PATTERNS[DEFAULT_PATTERN].inhale == 4
    assert PATTERNS[DEFAULT_PATTERN].exhale == 6


def test_negative_time_counts_as_the_start():
    assert breath_at(-3, "box") == breath_at(0, "box")


def test_a_custom_pattern_can_be_passed_directly():
    slow = BreathPattern("slow", "Slow", inhale=3, exhale=9)
    assert breath_at(6, slow).stage == "exhale"


def test_an_unknown_pattern_id_is_refused():
    with pytest.raises(ValueError, match="unknown breath pattern"):
        breath_at(1, "panting")


def test_a_pattern_without_length_is_refused():
    with pytest.raises(ValueError, match="no length"):
        breath_at(1, BreathPattern("none", "None", inhale=0, exhale=0))


@pytest.mark.parametrize(
    ("pattern", "elapsed", "fill"),
    [
        ("4-6", 2, 0.5),
        ("4-6", 7, 0.5),
        ("box", 6, 1.0),  # holding full
        ("box", 14, 0.0),  # holding empty
        ("4-7-8", 8, 1.0),
    ],
)
def test_lung_fill_rises_holds_and_falls(pattern, elapsed, fill):
    assert lung_fill(elapsed, pattern) == pytest.approx(fill)


@pytest.mark.parametrize("pattern", list(PATTERNS))
def test_a_long_session_stays_in_step_with_the_cycle(pattern):
    cycle = PATTERNS[pattern].cycle_seconds
    assert breath_at(cycle * 1000 + 0.5, pattern) == pytest.approx(breath_at(0.5, pattern))
