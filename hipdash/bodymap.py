"""Draw the hip-region body map (front and back) as SVG, and find the area under a point."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from html import escape

from hipdash.vocabulary import AREA_SHORT_LABELS, AREAS

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


def _mirror(polygon: Sequence[Point], centre: float) -> tuple[Point, ...]:
    return tuple((2 * centre - x, y) for x, y in polygon)


def _shift(polygon: Sequence[Point], dx: float) -> tuple[Point, ...]:
    return tuple((x + dx, y) for x, y in polygon)


# Left half of each view, drawn in front-view coordinates (centre x = 5).
# Order matters: a grid point inside two patches belongs to the first one, so
# the small piriformis band sits before the glutes it lies under.
_FRONT_HALF: dict[str, tuple[Point, ...]] = {
    "hip_flexors": ((2.5, 9.0), (3.3, 10.0), (4.7, 8.0), (4.8, 6.6), (3.9, 6.3), (2.6, 7.4)),
    "inner_thigh": ((3.9, 6.3), (4.8, 6.6), (5.0, 5.8), (4.7, 3.5), (4.4, 2.2), (3.7, 2.2),
                    (3.55, 4.5)),
    "outer_hip": ((1.8, 9.4), (2.5, 9.0), (2.6, 7.4), (2.4, 4.2), (1.95, 4.2), (1.7, 6.5),
                  (1.6, 8.4)),
}  # fmt: skip
_BACK_HALF: dict[str, tuple[Point, ...]] = {
    "lower_back": ((3.0, 12.5), (5.0, 12.5), (5.0, 10.3), (2.4, 10.3), (2.6, 11.0)),
    "deep_rotators": ((4.8, 9.3), (4.8, 8.55), (2.5, 7.6), (2.4, 8.35)),
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
        for area, half in halves.items():
            for polygon in (half, _mirror(half, 5.0)):
                found.append(Region(area, view, _shift(polygon, dx)))
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


# Calm green to amber to red, for 0-10 tension.
_HEAT_SCALE = ((0.0, (120, 190, 150)), (0.5, (240, 200, 90)), (1.0, (214, 84, 64)))


def heat_colour(value: float) -> str:
    """Return the map colour for a 0-10 tension value."""
    t = min(max(value / 10, 0.0), 1.0)
    for (t0, c0), (t1, c1) in zip(_HEAT_SCALE, _HEAT_SCALE[1:], strict=False):
        if t <= t1:
            f = (t - t0) / (t1 - t0)
            r, g, b = (round(a + (b - a) * f) for a, b in zip(c0, c1, strict=True))
            return f"rgb({r},{g},{b})"
    raise AssertionError("unreachable: t is clamped to 0-1")


# Where each area's label sits (outside the body) and the point its arrow
# touches: front labels on the left of the front view, back labels on the right.
_LABEL_ANCHORS: dict[tuple[str, str], tuple[Point, Point]] = {
    ("hip_flexors", "front"): ((0.9, 10.2), (3.4, 8.6)),
    ("outer_hip", "front"): ((0.9, 7.2), (2.05, 7.0)),
    ("inner_thigh", "front"): ((0.9, 3.6), (4.1, 4.2)),
    ("lower_back", "back"): ((20.1, 11.8), (17.4, 11.4)),
    ("glutes", "back"): ((20.1, 10.2), (17.2, 9.85)),
    ("deep_rotators", "back"): ((20.1, 8.6), (17.5, 8.45)),
    ("outer_hip", "back"): ((20.1, 6.6), (18.95, 6.6)),
    ("hamstrings", "back"): ((20.1, 3.6), (17.5, 4.0)),
}


# The SVG map is drawn in the same coordinates, with y flipped (SVG y runs down).
_SVG_TOP = 13.6


def _svg_points(polygon: Sequence[Point]) -> str:
    return " ".join(f"{x:.2f},{_SVG_TOP - y:.2f}" for x, y in polygon)


@cache
def body_map_svg() -> str:
    """Return the clickable front and back map as SVG markup.

    Every region is a polygon with ``data-area`` set to its area id. The markup
    holds only this module's fixed labels, never user text.
    """
    width = BACK_OFFSET + 12.9 + 2.9
    parts = [
        f'<svg class="bodymap" viewBox="-2.9 0 {width:.1f} {_SVG_TOP:.1f}" role="group" '
        'aria-label="Body map of the hip region, front and back" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    for dx in (0.0, BACK_OFFSET):
        parts.append(f'<polygon class="outline" points="{_svg_points(_shift(_OUTLINE, dx))}"/>')
    for region in reversed(regions()):
        label = escape(AREAS[region.area])
        parts.append(
            f'<polygon class="region" data-area="{region.area}" tabindex="0" role="button" '
            f'aria-label="{label}" points="{_svg_points(region.polygon)}">'
            f"<title>{label}</title></polygon>"
        )
    for title, x in (("Front", 5.0), ("Back", BACK_OFFSET + 5.0)):
        parts.append(f'<text class="view" x="{x}" y="0.55">{title}</text>')
    for (area, view), (text_at, points_to) in _LABEL_ANCHORS.items():
        tx, ty = text_at
        px, py = points_to
        anchor = "end" if view == "front" else "start"
        gap = -0.1 if view == "front" else 0.1
        parts.append(
            f'<line class="leader" x1="{tx:.2f}" y1="{_SVG_TOP - ty:.2f}" '
            f'x2="{px:.2f}" y2="{_SVG_TOP - py:.2f}"/>'
            f'<text class="label" data-label="{area}" x="{tx + gap:.2f}" '
            f'y="{_SVG_TOP - ty + 0.12:.2f}" text-anchor="{anchor}">'
            f"{escape(AREA_SHORT_LABELS[area])}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
