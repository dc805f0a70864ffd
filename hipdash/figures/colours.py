"""Take the target-area colours from the body map, so a figure tints what the map shows."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import hipdash.bodymap as bodymap

_CSS = Path(bodymap.__file__).resolve().parent / "components" / "bodymap.css"
# Without the stylesheet the tint follows the text colour rather than a copied value.
_FALLBACK = "currentColor"


@cache
def area_colour(area: str) -> str:
    """Return the colour the body map fills ``area`` with when it is chosen.

    The body map owns its colours: a per-area table in hipdash.bodymap wins (AREA_COLOURS
    or AREA_FILLS, if it has one), otherwise the chosen-region fill of its stylesheet.
    """
    for name in ("AREA_COLOURS", "AREA_COLORS", "AREA_FILLS"):
        table = getattr(bodymap, name, None)
        if isinstance(table, dict) and isinstance(table.get(area), str):
            return str(table[area])
    return _chosen_fill()


@cache
def _chosen_fill() -> str:
    try:
        css = _CSS.read_text(encoding="utf-8")
    except OSError:
        return _FALLBACK
    found = re.search(r"\.region\.chosen\s*\{[^}]*?fill:\s*(#[0-9a-fA-F]{3,8})", css)
    return found.group(1) if found else _FALLBACK
