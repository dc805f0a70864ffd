"""Draw the hip-region body map (front and back) as SVG, and find the area under a point."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from html import escape

from hipdash.vocabulary import AREA_SHORT_LABELS

Point = tuple[float, float]

# The back view is the front view's outline moved right by this much.
BACK_OFFSET = 11.0

_OUTLINE: tuple[Point, ...] = (
    (3.0, 12.5), (2.6, 11.0), (1.8, 9.4), (1.6, 8.4), (1.7, 6.5), (2.0, 3.5), (2.2, 0.5),
    (4.4, 0.5), (4.7, 3.5), (5.0, 5.8), (5.3, 3.5), (5.6, 0.5), (7.8, 0.5), (8.0, 3.5),
    (8.3, 6.5), (8.4, 8.4), (8.2, 9.4), (7.4, 11.0), (7.0, 12.5),
)  # fmt: skip


@dataclass(frozen=True)
class Region:
    """One clickable patch of the map; an area may have several patches."""

    area: str
    view: str  # "front" or "back"
    polygon: tuple[Point, ...]
    side: str = "left"  # the person's side, not the viewer's

    @property
    def name(self) -> str:
        """Return the patch's unique accessible name, such as "Outer hip, right, back"."""
        name = f"{MAP_NAMES[self.area]}, {self.side}"
        in_both_views = {r.view for r in regions() if r.area == self.area} == {"front", "back"}
        return f"{name}, {self.view}" if in_both_views else name


def _mirror(polygon: Sequence[Point], centre: float) -> tuple[Point, ...]:
    return tuple((2 * centre - x, y) for x, y in polygon)


def _shift(polygon: Sequence[Point], dx: float) -> tuple[Point, ...]:
    return tuple((x + dx, y) for x, y in polygon)


def _oval(
    centre: Point, rx: float, ry: float, degrees: float, points: int = 16
) -> tuple[Point, ...]:
    """Return a tilted ellipse as a polygon."""
    cx, cy = centre
    turn = math.radians(degrees)
    found = []
    for step in range(points):
        a = 2 * math.pi * step / points
        x, y = rx * math.cos(a), ry * math.sin(a)
        found.append(
            (
                round(cx + x * math.cos(turn) - y * math.sin(turn), 3),
                round(cy + x * math.sin(turn) + y * math.cos(turn), 3),
            )
        )
    return tuple(found)


# Left half of each view, drawn in front-view coordinates (centre x = 5).
# Order matters: a point inside two patches belongs to the first one. The deep rotators
# (piriformis) lie under the glutes, so they get their own small, outlined and labelled
# zone above the buttock's centre; every other point of the buttock is Glutes.
_FRONT_HALF: dict[str, tuple[Point, ...]] = {
    "hip_flexors": ((2.5, 9.0), (3.3, 10.0), (4.7, 8.0), (4.8, 6.6), (3.9, 6.3), (2.6, 7.4)),
    "inner_thigh": ((3.9, 6.3), (4.8, 6.6), (5.0, 5.8), (4.7, 3.5), (4.4, 2.2), (3.7, 2.2),
                    (3.55, 4.5)),
    "outer_hip": ((1.8, 9.4), (2.5, 9.0), (2.6, 7.4), (2.4, 4.2), (1.95, 4.2), (1.7, 6.5),
                  (1.6, 8.4)),
}  # fmt: skip
_BACK_HALF: dict[str, tuple[Point, ...]] = {
    "lower_back": ((3.0, 12.5), (5.0, 12.5), (5.0, 10.3), (2.4, 10.3), (2.6, 11.0)),
    "deep_rotators": _oval((3.55, 9.5), 0.95, 0.36, 21.0),
    "outer_hip": ((1.8, 9.4), (2.3, 9.2), (2.3, 7.0), (2.4, 4.2), (1.95, 4.2), (1.7, 6.5),
                  (1.6, 8.4)),
    "glutes": ((2.3, 10.3), (5.0, 10.3), (5.0, 6.2), (3.6, 6.0), (2.3, 7.0), (2.3, 9.2)),
    "hamstrings": ((2.4, 6.9), (3.6, 6.0), (4.75, 6.0), (4.6, 3.5), (4.35, 1.8), (2.35, 1.8),
                   (2.3, 4.4)),
}  # fmt: skip


@cache
def regions() -> tuple[Region, ...]:
    """Return every patch of both views, in click-priority order."""
    found: list[Region] = []
    for view, halves, dx in (("front", _FRONT_HALF, 0.0), ("back", _BACK_HALF, BACK_OFFSET)):
        # Seen from the front, the person's right side is on the viewer's left.
        drawn, mirrored = ("right", "left") if view == "front" else ("left", "right")
        for area, half in halves.items():
            for polygon, side in ((half, drawn), (_mirror(half, 5.0), mirrored)):
                found.append(Region(area, view, _shift(polygon, dx), side))
    return tuple(found)


def contains(polygon: Sequence[Point], point: Point) -> bool:
    """Return True when ``point`` lies inside ``polygon`` (even-odd rule)."""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, (*polygon[1:], polygon[0]), strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def area_at(point: Point) -> str | None:
    """Return the area whose patch holds ``point``, or None for empty space."""
    for region in regions():
        if contains(region.polygon, point):
            return region.area
    return None


# The map's names: the short labels, but the piriformis zone keeps its group's name.
MAP_NAMES: dict[str, str] = {**AREA_SHORT_LABELS, "deep_rotators": "Deep rotators"}

# Every colour of the map per theme. Region fills (plain, hover, chosen, the deep-rotator
# zone and each heat stop) keep 3:1 against both the body and the page (WCAG 1.4.11);
# tests/test_bodymap.py computes the ratios from this table.
PALETTES: dict[str, dict[str, str]] = {
    "light": {
        "page": "#fbfaf7",
        "body": "#f3f1ec",
        "body_edge": "#7d918a",
        "region": "#737d79",
        "hover": "#4f7468",
        "chosen": "#1d5247",
        "zone": "#7d7590",
        "edge": "#ffffff",
        "text": "#23302c",
        "focus": "#111111",
        "focus_halo": "#ffd23f",
    },
    "dark": {
        "page": "#131a17",
        "body": "#27302c",
        "body_edge": "#7d918a",
        "region": "#7a8480",
        "hover": "#9cb8ad",
        "chosen": "#8fe0c8",
        "zone": "#a49cbc",
        "edge": "#131a17",
        "text": "#e6ece9",
        "focus": "#ffffff",
        "focus_halo": "#0a0a0a",
    },
}
# Calm green to amber to red, for 0-10 tension, per theme.
HEAT_SCALES: dict[str, tuple[tuple[float, tuple[int, int, int]], ...]] = {
    "light": ((0.0, (60, 138, 92)), (0.5, (168, 104, 10)), (1.0, (192, 57, 43))),
    "dark": ((0.0, (92, 196, 138)), (0.5, (226, 169, 58)), (1.0, (255, 138, 117))),
}
# The colours a region can take, by what they mean; heat stops are checked separately.
FILL_ROLES = ("region", "hover", "chosen", "zone")


def heat_colour(value: float, theme: str = "light") -> str:
    """Return the map colour for a 0-10 tension value in the light or dark theme."""
    scale = HEAT_SCALES.get(theme, HEAT_SCALES["light"])
    t = min(max(value / 10, 0.0), 1.0)
    for (t0, c0), (t1, c1) in zip(scale, scale[1:], strict=False):
        if t <= t1:
            f = (t - t0) / (t1 - t0)
            r, g, b = (round(a + (b - a) * f) for a, b in zip(c0, c1, strict=True))
            return f"rgb({r},{g},{b})"
    raise AssertionError("unreachable: t is clamped to 0-1")


def palette_css() -> str:
    """Return CSS custom properties for both themes; the component picks one by data-theme."""
    rules = []
    for theme, colours in PALETTES.items():
        props = "; ".join(
            f"--map-{role.replace('_', '-')}: {colour}" for role, colour in colours.items()
        )
        rules.append(f'.bodymap[data-theme="{theme}"] {{ {props}; }}')
    return "\n".join(rules)


# Where each area's label sits (outside the body) and the point its leader touches:
# front labels on the left of the front view, back labels on the right of the back view.
_LABEL_ANCHORS: dict[tuple[str, str], tuple[Point, Point]] = {
    ("hip_flexors", "front"): ((0.9, 10.2), (3.4, 8.6)),
    ("outer_hip", "front"): ((0.9, 7.2), (2.05, 7.0)),
    ("inner_thigh", "front"): ((0.9, 3.6), (4.1, 4.2)),
    ("lower_back", "back"): ((20.1, 12.2), (17.4, 11.4)),
    ("deep_rotators", "back"): ((20.1, 10.6), (17.6, 9.6)),
    ("glutes", "back"): ((20.1, 8.6), (17.6, 8.2)),
    ("outer_hip", "back"): ((20.1, 6.6), (18.95, 6.6)),
    ("hamstrings", "back"): ((20.1, 3.6), (17.5, 4.0)),
}
# Each view is its own SVG, so on a phone they stack and the labels stay readable.
_VIEW_BOXES = {"front": (-3.6, 13.4), "back": (BACK_OFFSET + 1.0, 13.4)}

# The SVG map is drawn in the same coordinates, with y flipped (SVG y runs down).
_SVG_TOP = 13.6


def _svg_points(polygon: Sequence[Point]) -> str:
    return " ".join(f"{x:.2f},{_SVG_TOP - y:.2f}" for x, y in polygon)


@cache
def body_map_svg() -> str:
    """Return the clickable front and back map as markup: one SVG per view in a wrapper.

    Every region is a polygon with ``data-area`` set to its area id and a unique name.
    Each label carries ``data-label`` so a click on it picks its area. The markup holds
    only this module's fixed labels, never user text.
    """
    parts = ['<div class="bodymap" data-theme="light">']
    for view, dx in (("front", 0.0), ("back", BACK_OFFSET)):
        x0, width = _VIEW_BOXES[view]
        parts.append(
            f'<svg class="bodymap-view" viewBox="{x0:.1f} 0 {width:.1f} {_SVG_TOP:.1f}" '
            f'role="group" aria-label="Body map of the hip region, {view} view" '
            'xmlns="http://www.w3.org/2000/svg">'
        )
        parts.append(f'<polygon class="outline" points="{_svg_points(_shift(_OUTLINE, dx))}"/>')
        for region in reversed(regions()):
            if region.view != view:
                continue
            name = escape(region.name)
            zone = " zone" if region.area == "deep_rotators" else ""
            parts.append(
                f'<polygon class="region{zone}" data-area="{region.area}" tabindex="0" '
                f'role="button" aria-label="{name}" points="{_svg_points(region.polygon)}">'
                f"<title>{name}</title></polygon>"
            )
        title = view.capitalize()
        parts.append(
            f'<text class="view" x="{dx + 5.0}" y="0.75" aria-hidden="true">{title}</text>'
        )
        for (area, label_view), (text_at, points_to) in _LABEL_ANCHORS.items():
            if label_view != view:
                continue
            parts.append(_label(area, view, text_at, points_to))
        parts.append('<polygon class="focus-ring" points=""/></svg>')
    parts.append("</div>")
    return "".join(parts)


def _label(area: str, view: str, text_at: Point, points_to: Point) -> str:
    tx, ty = text_at
    px, py = points_to
    anchor = "end" if view == "front" else "start"
    gap = -0.1 if view == "front" else 0.1
    # Labels are pointer targets only (aria-hidden): the shapes carry the names and focus.
    return (
        f'<line class="leader" x1="{tx:.2f}" y1="{_SVG_TOP - ty:.2f}" '
        f'x2="{px:.2f}" y2="{_SVG_TOP - py:.2f}"/>'
        f'<text class="label" data-label="{area}" aria-hidden="true" x="{tx + gap:.2f}" '
        f'y="{_SVG_TOP - ty + 0.2:.2f}" text-anchor="{anchor}">'
        f"{escape(MAP_NAMES[area])}</text>"
    )
