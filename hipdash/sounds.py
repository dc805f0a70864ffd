"""Name the session's short cue tones; the browser synthesizes them, so no sound file ships."""

from __future__ import annotations

# Each tone is a few (frequency in Hz, seconds) notes; 0 Hz is a silent gap.
TONES: dict[str, tuple[tuple[float, float], ...]] = {
    "phase_start": ((880.0, 0.18),),
    "switch_sides": ((660.0, 0.12), (0.0, 0.06), (660.0, 0.12)),
    "halfway": ((587.33, 0.10),),
    "rest": ((523.25, 0.16), (392.0, 0.22)),
    "done": ((523.25, 0.14), (659.25, 0.14), (783.99, 0.28)),
}


def tone_seconds(kind: str) -> float:
    """Return how long the tone for ``kind`` plays; raise KeyError for an unknown kind."""
    return sum(seconds for _, seconds in TONES[kind])
