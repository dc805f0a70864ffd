"""The shared wording: counts with nouns in the right number."""

from __future__ import annotations

import pytest

from hipdash.serialize import KINDS
from hipdash.vocabulary import RECORD_NOUNS, counted


@pytest.mark.parametrize(
    ("count", "one", "many", "expected"),
    [
        (0, "record", None, "0 records"),
        (1, "record", None, "1 record"),
        (2, "record", None, "2 records"),
        (1, "tension check-in", "tension check-ins", "1 tension check-in"),
        (3, "tension check-in", "tension check-ins", "3 tension check-ins"),
        (1, "session", "sessions", "1 session"),
    ],
)
def test_a_count_takes_its_noun_in_the_right_number(count, one, many, expected) -> None:
    assert counted(count, one, many) == expected


def test_every_stored_kind_has_its_nouns() -> None:
    assert set(RECORD_NOUNS) == set(KINDS)
