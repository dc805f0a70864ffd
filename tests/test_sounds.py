"""Test that the cue tones are valid, distinct WAV clips."""

from __future__ import annotations

import io
import wave

import pytest

from hipdash.sounds import SAMPLE_RATE, TONES, tone_seconds, tone_wav


@pytest.mark.parametrize("kind", list(TONES))
def test_each_tone_is_a_valid_mono_wav_of_its_length(kind):
    with wave.open(io.BytesIO(tone_wav(kind))) as clip:
        assert clip.getnchannels() == 1
        assert clip.getsampwidth() == 2
        assert clip.getframerate() == SAMPLE_RATE
        assert clip.getnframes() == pytest.approx(tone_seconds(kind) * SAMPLE_RATE, abs=3)
        assert 0.05 < clip.getnframes() / SAMPLE_RATE < 1.0


@pytest.mark.parametrize("kind", list(TONES))
def test_each_tone_is_audible_but_not_clipped(kind):
    with wave.open(io.BytesIO(tone_wav(kind))) as clip:
        frames = clip.readframes(clip.getnframes())
    samples = memoryview(frames).cast("h")
    loudest = max(abs(s) for s in samples)
    assert 5_000 < loudest < 32_767
    assert abs(samples[0]) < 500 and abs(samples[-1]) < 500  # faded, so no click


def test_the_cue_tones_all_differ():
    clips = [tone_wav(kind) for kind in TONES]
    assert len(set(clips)) == len(clips)


@pytest.mark.parametrize("kind", ["phase_start", "switch_sides", "halfway", "rest", "done"])
def test_every_named_cue_has_a_tone(kind):
    assert tone_wav(kind).startswith(b"RIFF")


def test_an_unknown_tone_is_refused():
    with pytest.raises(ValueError, match="unknown tone"):
        tone_wav("fanfare")
