"""Read the HTML, CSS and JS of hipdash's browser components, kept in ui/components/."""

from __future__ import annotations

from pathlib import Path

COMPONENT_DIR = Path(__file__).resolve().parent / "components"


def component_source(filename: str) -> str:
    """Return the text of one component file, such as ``"explore.js"``."""
    return (COMPONENT_DIR / filename).read_text(encoding="utf-8")
