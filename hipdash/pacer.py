"""Pace breathing: say which stage of a breath pattern falls at a given moment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

STAGES = ("inhale", "hold", "exhale")


@dataclass(frozen=True)
class BreathPattern:
    """One breath cycle: inhale, hold full, exhale, hold empty, in seconds."""

    id: str
    name: str
    inhale: float
    exhale: float
    hold_in: float = 0.0
    hold_out: float = 0.0

    @property
    def cycle_seconds(self) -> float:
        """Return the length of one full breath."""
        return self.inhale + self.hold_in + self.exhale + self.hold_out

    @property
    def breaths_per_minute(self) -> float:
        """Return how many breaths the pattern paces in a minute."""
        return 60.0 / self.cycle_seconds

    @property
    def stages(self) -> tuple[tuple[str, float], ...]:
        """Return the (stage, seconds) parts of one cycle, empty parts left out."""
        parts = (
            ("inhale", self.inhale),
            ("hold", self.hold_in),
            ("exhale", self.exhale),
            ("hold", self.hold_out),
        )
        return tuple(part for part in parts if part[1] > 0)


class Breath(NamedTuple):
    """Where in the breath a moment falls."""

    stage: str  # one of STAGES
    fraction: float  # how much of the stage has passed, 0.0 to 1.0
    seconds_left: float  # until the stage changes


PATTERNS: dict[str, BreathPattern] = {
    pattern.id: pattern
    for pattern in (
        # A longer out-breath than in-breath is the calming default during holds.
        BreathPattern("4-6", "4 in · 6 out", inhale=4, exhale=6),
        BreathPattern("box", "Box 4-4-4-4", inhale=4, hold_in=4, exhale=4, hold_out=4),
        BreathPattern("4-7-8", "4-7-8", inhale=4, hold_in=7, exhale=8),
        BreathPattern("coherent", "Coherent 5.5 · 5.5", inhale=5.5, exhale=5.5),
    )
}
DEFAULT_PATTERN = "4-6"


def get_pattern(pattern: BreathPattern | str) -> BreathPattern:
    """Return ``pattern`` itself, or the built-in pattern with that id."""
    if isinstance(pattern, BreathPattern):
        return pattern
    try:
        return PATTERNS[pattern]
    except KeyError:
        known = ", ".join(PATTERNS)
        raise ValueError(f"unknown breath pattern {pattern!r}; expected one of {known}") from None


def breath_at(elapsed_seconds: float, pattern: BreathPattern | str = DEFAULT_PATTERN) -> Breath:
    """Return the stage, the fraction of it passed and its seconds left at ``elapsed_seconds``."""
    chosen = get_pattern(pattern)
    cycle = chosen.cycle_seconds
    if cycle <= 0:
        raise ValueError(f"breath pattern {chosen.id!r} has no length")
    into_cycle = max(0.0, elapsed_seconds) % cycle
    for stage, seconds in chosen.stages:
        if into_cycle < seconds:
            return Breath(stage, into_cycle / seconds, seconds - into_cycle)
        into_cycle -= seconds
    # Floating-point remainders can land a hair past the last stage.
    stage, seconds = chosen.stages[-1]
    return Breath(stage, 1.0, 0.0)


def lung_fill(elapsed_seconds: float, pattern: BreathPattern | str = DEFAULT_PATTERN) -> float:
    """Return how full the lungs are, 0.0 to 1.0, to size a pacer circle."""
    chosen = get_pattern(pattern)
    breath = breath_at(elapsed_seconds, chosen)
    if breath.stage == "inhale":
        return breath.fraction
    if breath.stage == "exhale":
        return 1.0 - breath.fraction
    into_cycle = max(0.0, elapsed_seconds) % chosen.cycle_seconds
    # A hold after the in-breath stays full; one after the out-breath stays empty.
    return 1.0 if into_cycle < chosen.inhale + chosen.hold_in else 0.0
