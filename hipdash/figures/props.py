"""Size the props a figure uses, in units of standing height H (a 1.70 m person)."""

from __future__ import annotations

from dataclasses import dataclass

PERSON_HEIGHT_M = 1.70


def metres(value: float) -> float:
    """Return a length in metres as a fraction of the figure's height."""
    return value / PERSON_HEIGHT_M


BALL_RADIUS = metres(0.065) / 2  # a massage or lacrosse ball, about 6.5 cm across
SEAT_HEIGHT = metres(0.42)  # a chair seat a little below knee height (0.285 H = 48 cm)
SEAT_DEPTH = metres(0.42)
SEAT_WIDTH = metres(0.44)
SEAT_THICKNESS = metres(0.04)
CHAIR_BACK_HEIGHT = metres(0.85)  # top of the backrest, where a hand rests for balance
STEP_HEIGHT = metres(0.17)  # a step or low box, 15-20 cm
STEP_DEPTH = metres(0.30)
STEP_WIDTH = metres(0.60)
CUSHION_HEIGHT = metres(0.10)  # a cushion, block or folded blanket
CUSHION_DEPTH = metres(0.36)
CUSHION_WIDTH = metres(0.40)
MAT_THICKNESS = metres(0.012)
WEIGHT_RADIUS = metres(0.075)  # a kettlebell's bell or a dumbbell's head
WALL_THICKNESS = metres(0.06)
# A folded cushion squeezed between two body points (the knees): how far apart they may be,
# and the half-size of its outline around them.
SQUEEZE_GAP = (metres(0.04), metres(0.16))
SQUEEZE_RADIUS = metres(0.07)

# Supports a body landmark may rest on, with the height of their top surface.
TOP_HEIGHTS: dict[str, float] = {
    "floor": 0.0,
    "chair": SEAT_HEIGHT,
    "chair_back": CHAIR_BACK_HEIGHT,
    "step": STEP_HEIGHT,
    "cushion": CUSHION_HEIGHT,
}
SUPPORTS = (*TOP_HEIGHTS, "wall", "ball")
# Where a ball may rest between the body and a support, or under a hand that presses it in.
BALL_SUPPORTS = ("floor", "wall", "chair", "hand_r", "hand_l")
HAND_BALL = ("hand_r", "hand_l")
# Which catalog equipment each drawn prop stands for.
EQUIPMENT_PROPS: dict[str, tuple[str, ...]] = {
    "ball": ("ball",),
    "chair": ("chair", "chair_back"),
    "wall": ("wall",),
    "step": ("step",),
    "cushion": ("cushion",),
    "band": ("band",),
    "weight": ("weight",),
    "mat": ("floor",),
}


@dataclass(frozen=True)
class Furniture:
    """A placed box-shaped prop: chair, step or cushion, or a wall plane."""

    kind: str  # chair, step, cushion, wall
    x: float  # centre along world x (for a wall: the plane's position on its axis)
    y: float
    facing: float = 1.0  # chair: +1 when the backrest is at -x; wall: side of the body it is on
    axis: str = "x"  # wall only: the world axis the wall is perpendicular to
