"""Synthesize the session's short cue tones as WAV bytes, with no sound files to ship."""

from __future__ import annotations

import io
import math
import struct
import wave
from functools import cache

SAMPLE_RATE = 22_050
AMPLITUDE = 0.35  # of full scale: clear but not startling
# Short fades stop the clicks a tone makes when it starts or ends abruptly.
FADE_SECONDS = 0.012

# Each tone is a few (frequency in Hz, seconds) notes; 0 Hz is a silent gap.
TONES: dict[str, tuple[tuple[float, float], ...]] = {
    "phase_start": ((880.0, 0.18),),
    "switch_sides": ((660.0, 0.12), (0.0, 0.06), (660.0, 0.12)),
    "halfway": ((587.33, 0.10),),
    "rest": ((523.25, 0.16), (392.0, 0.22)),
    "done": ((523.25, 0.14), (659.25, 0.14), (783.99, 0.28)),
}


def tone_seconds(kind: str) -> float:
    """Return how long the tone for ``kind`` plays."""
    return sum(seconds for _, seconds in _notes(kind))


@cache
def tone_wav(kind: str) -> bytes:
    """Return a mono 16-bit WAV of the cue tone for ``kind`` (one of TONES)."""
    samples: list[int] = []
    for frequency, seconds in _notes(kind):
        samples.extend(_note_samples(frequency, seconds))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    return buffer.getvalue()


def _notes(kind: str) -> tuple[tuple[float, float], ...]:
    try:
        return TONES[kind]
    except KeyError:
        raise ValueError(f"unknown tone {kind!r}; expected one of {', '.join(TONES)}") from None


def _note_samples(frequency: float, seconds: float) -> list[int]:
    count = round(seconds * SAMPLE_RATE)
    if frequency <= 0:
        return [0] * count
    fade = max(1, round(FADE_SECONDS * SAMPLE_RATE))
    peak = AMPLITUDE * 32_767
    samples = []
    for index in range(count):
        envelope = min(1.0, index / fade, (count - 1 - index) / fade)
        value = peak * envelope * math.sin(2 * math.pi * frequency * index / SAMPLE_RATE)
        samples.append(round(value))
    return samples
