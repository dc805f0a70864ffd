"""Test that every browser component's files are found where the UI modules read them."""

from __future__ import annotations

import pytest

from hipdash.ui.component_files import COMPONENT_DIR, component_source


@pytest.mark.parametrize(
    "filename",
    [
        "bodymap.css",
        "bodymap.js",
        "explore.css",
        "explore.html",
        "explore.js",
        "session.css",
        "session.html",
        "session.js",
        "theme.js",
    ],
)
def test_each_component_file_reads_as_text(filename: str) -> None:
    assert component_source(filename) == (COMPONENT_DIR / filename).read_text(encoding="utf-8")
    assert component_source(filename).strip()


def test_a_missing_component_file_is_an_error_not_an_empty_component() -> None:
    with pytest.raises(FileNotFoundError):
        component_source("no-such-component.js")
