"""One rounding rule for durations, wherever hipdash says how long something takes."""

from __future__ import annotations

import pytest

from hipdash.durations import duration_text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (45, "45 s"),
        (44.5, "45 s"),
        (89, "89 s"),
        (89.6, "2 min"),
        (90, "2 min"),
        (150, "3 min"),  # halves round up, not to the even number
        (235, "4 min"),  # the session's "3 min 55 s" and the card's "4 min" agree
        (3600, "60 min"),
    ],
)
def test_durations_read_as_seconds_below_ninety_and_whole_minutes_above(
    seconds: float, text: str
) -> None:
    assert duration_text(seconds) == text


@pytest.mark.parametrize("seconds", [-1, float("nan")])
def test_a_negative_or_missing_duration_is_refused(seconds: float) -> None:
    with pytest.raises(ValueError, match="zero or more seconds"):
        duration_text(seconds)
