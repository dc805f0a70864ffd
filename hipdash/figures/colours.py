"""Take the target-area colours from the body map, so a figure tints what the map shows."""

from __future__ import annotations

from functools import cache

import hipdash.bodymap as bodymap

# Without a body-map colour the tint follows the text colour rather than a copied value.
_FALLBACK = "currentColor"


@cache
def area_colour(area: str) -> str:
    """Return the colour the body map fills ``area`` with when it is chosen.

    The body map owns its colours: a per-area table in hipdash.bodymap wins (AREA_COLOURS
    or AREA_FILLS, if it has one), otherwise the chosen-region fill of its light palette
    (figures are drawn on a light card in both themes).
    """
    for name in ("AREA_COLOURS", "AREA_COLORS", "AREA_FILLS"):
        table = getattr(bodymap, name, None)
        if isinstance(table, dict) and isinstance(table.get(area), str):
            return str(table[area])
    palettes = getattr(bodymap, "PALETTES", None)
    if isinstance(palettes, dict):
        chosen = palettes.get("light", {}).get("chosen")
        if isinstance(chosen, str):
            return chosen
    return _FALLBACK
