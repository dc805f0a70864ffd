"""The shared Streamlit pieces that can be checked without running a page."""

from __future__ import annotations

import pytest

from hipdash.ui import escape_markdown


@pytest.mark.parametrize(
    ("typed", "escaped"),
    [
        ("Split squat", "Split squat"),
        ("![x](http://example.invalid/a.png)", r"\!\[x\]\(http\://example\.invalid/a\.png\)"),
        ("**bold** _it_", r"\*\*bold\*\* \_it\_"),
        ("<img src=x>", r"\<img src=x\>"),
        ("a\\b", "a\\\\b"),
    ],
)
def test_typed_text_is_escaped_for_markdown(typed: str, escaped: str) -> None:
    assert escape_markdown(typed) == escaped
