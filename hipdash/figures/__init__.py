"""Draw every technique's figure from pose data: a still thumbnail or an animated SVG.

The one entry point for pages is :func:`technique_figure`; it is pure and cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from html import escape

from hipdash.catalog import Catalog, Technique, load_catalog
from hipdash.figures.poses import (
    PoseError,
    Scene,
    TechniquePoses,
    load_poses,
    mirror,
    place,
)
from hipdash.figures.render import HOLD_CYCLE_SECONDS, Drawing, draw, svg

__all__ = ["Figure", "PoseError", "all_poses", "figure_drawing", "figure_tints", "technique_figure"]

SIZES = ("large", "small")


@dataclass(frozen=True)
class Figure:
    """A technique's picture as SVG markup, with its accessible name."""

    svg: str
    label: str


@cache
def _catalog() -> Catalog:
    return load_catalog()


@cache
def all_poses() -> dict[str, TechniquePoses]:
    """Return every technique's poses, read and checked once per process."""
    return load_poses(_catalog())


def figure_tints(technique: Technique, side: str | None, tint: str) -> tuple[tuple[str, str], ...]:
    if side is None or tint == "both":
        sides: tuple[str, ...] = ("r", "l")
    elif tint == "other":
        sides = ("l",) if side == "right" else ("r",)
    else:
        sides = (side[0],)
    return tuple((area, s) for area in technique.primary_areas for s in sides)


@cache
def _scene(technique_id: str, side: str | None) -> tuple[Scene, str]:
    poses = all_poses()[technique_id]
    if side is not None and poses.side is not None and side != poses.side:
        poses = mirror(poses)
    return place(poses), poses.label


def figure_drawing(
    technique: Technique, *, side: str | None = None, animated: bool = False, size: str = "large"
) -> tuple[Drawing, str]:
    """Return the projected drawing of a technique's figure and its label (for tests, tools)."""
    per_side = technique.dose.per_side
    drawn_side = (side or technique.dose.steps_side) if per_side else None
    scene, label = _scene(technique.id, drawn_side)
    view = scene.poses.view
    if view == "side" and drawn_side is not None and drawn_side != technique.dose.steps_side:
        # The mirrored body is seen from its own working side: the picture's mirror image.
        view = "side_left"
    tints = figure_tints(technique, drawn_side, scene.poses.tint)
    drawing = draw(
        scene,
        view,
        tints,
        animated=animated,
        reps=technique.dose.reps is not None,
        small=size == "small",
        mat="mat" in technique.equipment,
    )
    return drawing, label


@cache
def _figure(technique: Technique, side: str | None, animated: bool, size: str) -> Figure:
    if technique.id not in all_poses():
        label = f"No picture yet for {technique.name}"
        name = escape(label, quote=True)
        return Figure(
            f'<svg xmlns="http://www.w3.org/2000/svg" class="hdfig" viewBox="0 0 120 90" '
            f'role="img" aria-label="{name}"><title>{name}</title></svg>',
            label,
        )
    drawing, label = figure_drawing(technique, side=side, animated=animated, size=size)
    dose = technique.dose
    cycle = dose.rep_seconds if dose.reps is not None else HOLD_CYCLE_SECONDS
    markup = svg(
        drawing, label, cycle_seconds=cycle, small=size == "small", css_class=f"hdfig-{size}"
    )
    return Figure(markup, label)


def technique_figure(
    technique: Technique, *, side: str | None = None, animated: bool = True, size: str = "large"
) -> Figure:
    """Return the technique's figure: SVG with role="img" and the position in words.

    ``side`` ("right" or "left") mirrors per-side work to the side being worked; None
    shows the side the steps describe. ``size`` is "large" or "small" (a thumbnail, which
    is always still). Rendering is cached per technique, side, motion and size.
    """
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
    if side is not None and side not in ("right", "left"):
        raise ValueError(f"side must be 'right' or 'left', not {side!r}")
    if not technique.dose.per_side:
        side = None
    return _figure(technique, side, animated and size == "large", size)
