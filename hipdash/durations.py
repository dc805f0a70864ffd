"""Say how long something takes, with one rounding rule for cards, sessions and charts."""

from __future__ import annotations

import math

# Below this, seconds are worth saying; above it, whole minutes read better.
SECONDS_LIMIT = 90


def duration_text(seconds: float) -> str:
    """Return a duration as "45 s" under 90 seconds, else as whole minutes ("4 min").

    Halves round up, so 150 s is "3 min" and 235 s is "4 min"; negative input is refused.
    """
    if seconds < 0 or math.isnan(seconds):
        raise ValueError(f"a duration must be zero or more seconds, not {seconds!r}")
    whole = math.floor(seconds + 0.5)
    if whole < SECONDS_LIMIT:
        return f"{whole} s"
    return f"{math.floor(whole / 60 + 0.5)} min"
