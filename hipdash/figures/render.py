"""Draw a placed scene as SVG: project the body and props, depth-sort them and animate keys."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from hipdash.figures import props as P
from hipdash.figures.colours import area_colour
from hipdash.figures.poses import PlacedKey, Scene
from hipdash.figures.skeleton import (
    LANDMARKS,
    NECK,
    SIDES,
    THORAX,
    Frame,
    Vec,
    apply,
    frames,
    joint_points,
    landmark_point,
)

Point = tuple[float, float]

# Camera axes (screen right, screen up, towards the viewer) for each named view.
CAMERAS: dict[str, tuple[Vec, Vec, Vec]] = {
    "side": ((1, 0, 0), (0, 0, 1), (0, -1, 0)),  # from the person's right
    "side_left": ((-1, 0, 0), (0, 0, 1), (0, 1, 0)),  # the mirror image: from the left
    "front": ((0, 1, 0), (0, 0, 1), (1, 0, 0)),
    "back": ((0, -1, 0), (0, 0, 1), (-1, 0, 0)),
    "top": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
}
SCALE = 100.0  # SVG units per standing height
FRAMES_PER_CYCLE = 16
HOLD_CYCLE_SECONDS = 6.0
ASPECT = 4 / 3

# Drawn half-thickness of each limb at its two ends, in H.
_LIMBS: tuple[tuple[str, str, str, float, float], ...] = (
    ("thigh", "hip", "knee", 0.052, 0.038),
    ("shank", "knee", "ankle", 0.037, 0.026),
    ("foot", "heel", "toes", 0.022, 0.018),
    ("upper_arm", "shoulder", "elbow", 0.030, 0.025),
    ("forearm", "elbow", "wrist", 0.024, 0.019),
    ("hand", "wrist", "hand", 0.020, 0.020),
)
# The trunk as a tube: (segment, local point, half-width across, half-depth).
_TRUNK: tuple[tuple[str, Vec, float, float], ...] = (
    ("pelvis", (-0.01, 0.0, -0.05), 0.08, 0.06),
    ("pelvis", (0.0, 0.0, 0.02), 0.095, 0.072),
    ("thorax", (0.0, 0.0, 0.0), 0.088, 0.066),
    ("thorax", (0.0, 0.0, THORAX - 0.035), 0.112, 0.062),
)
# Target-area tints: (segment, local start, segment, local end, radius); "L" in y is the
# worked side's outward direction.
_TINTS: dict[str, tuple[tuple[str, Vec, str, Vec, float], ...]] = {
    "glutes": (("pelvis", (-0.022, 0.05, 0.03), "pelvis", (-0.022, 0.05, -0.04), 0.042),),
    # Piriformis runs from the sacrum out to the greater trochanter.
    "deep_rotators": (("pelvis", (-0.06, 0.02, 0.02), "pelvis", (-0.012, 0.085, -0.005), 0.024),),
    "hamstrings": (("thigh", (-0.018, 0.0, -0.05), "thigh", (-0.015, 0.0, -0.2), 0.028),),
    "hip_flexors": (("lumbar", (0.025, 0.035, 0.05), "thigh", (0.02, 0.0, -0.07), 0.026),),
    "inner_thigh": (("thigh", (0.0, -0.022, -0.04), "thigh", (0.0, -0.018, -0.2), 0.026),),
    "outer_hip": (("pelvis", (0.0, 0.06, 0.04), "thigh", (0.0, 0.022, -0.14), 0.028),),
    "lower_back": (("lumbar", (-0.03, 0.0, 0.0), "thorax", (-0.03, 0.0, 0.03), 0.042),),
}
_MIDLINE = {"lower_back"}

STYLE = (
    ".hdfig{width:100%;height:auto;display:block}"
    ".hdfig .b{fill:#c9d1d5;stroke:#33424a;stroke-linejoin:round}"
    ".hdfig .bf{fill:#a6b2b8;stroke:#33424a;stroke-linejoin:round}"
    ".hdfig .t{stroke:#33424a}"
    ".hdfig .tb{opacity:.55}"
    ".hdfig .p{fill:#e4e6e4;stroke:#7b8487}"
    ".hdfig .pd{fill:#b9bfc1;stroke:#6b7376}"
    ".hdfig .fl{stroke:#6b7376;fill:none}"
    ".hdfig .ball{fill:#5f6a70;stroke:#263036}"
    ".hdfig .band{fill:none;stroke:#6b5e7d;stroke-linecap:round;stroke-linejoin:round}"
    ".hdfig .wt{fill:#5d666b;stroke:#2f383d}"
)
_ANIM_STYLE = (
    ".hdfig{width:100%;height:auto;display:block}"
    ".hdfig .fr{visibility:hidden}.hdfig .fr.still{visibility:visible}"
    "@media (prefers-reduced-motion:no-preference){.hdfig .fr{animation-name:var(--hdw);"
    "animation-timing-function:linear;animation-iteration-count:infinite}}"
)


@dataclass(frozen=True)
class Shape:
    """One drawable: a filled outline, a circle or an open line, in H units, y up."""

    kind: str  # "path", "circle" or "line"
    points: tuple[Point, ...]
    cls: str
    depth: float = 0.0
    r: float = 0.0
    fill: str | None = None


def _dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


class _Camera:
    def __init__(self, view: str) -> None:
        self.right, self.up, self.toward = CAMERAS[view]

    def xy(self, p: Vec) -> Point:
        return (_dot(p, self.right), _dot(p, self.up))

    def depth(self, p: Vec) -> float:
        return _dot(p, self.toward)

    def lift(self, n: Point) -> Vec:
        r, u = self.right, self.up
        return (n[0] * r[0] + n[1] * u[0], n[0] * r[1] + n[1] * u[1], n[0] * r[2] + n[1] * u[2])


def _arc(c: Point, r: float, start: float, stop: float, steps: int) -> list[Point]:
    return [
        (c[0] + r * math.cos(a), c[1] + r * math.sin(a))
        for a in (start + (stop - start) * i / steps for i in range(steps + 1))
    ]


def capsule(p1: Point, p2: Point, r1: float, r2: float, steps: int = 6) -> tuple[Point, ...]:
    """Return the outline of a rounded limb from p1 (radius r1) to p2 (radius r2)."""
    dx, dy = p2[0] - p1[0], p2[1] - p1[1]
    theta = math.atan2(dy, dx) if abs(dx) + abs(dy) > 1e-9 else 0.0
    half = math.pi / 2
    return tuple(
        _arc(p2, r2, theta - half, theta + half, steps)
        + _arc(p1, r1, theta + half, theta + 3 * half, steps)
    )


def _tube(
    centres: Sequence[Point], widths: Sequence[tuple[float, float]], steps: int
) -> tuple[Point, ...]:
    """Return the outline of a tube through centres with a half-width on each side."""
    left: list[Point] = []
    right: list[Point] = []
    n = len(centres)
    for i, c in enumerate(centres):
        a, b = centres[max(i - 1, 0)], centres[min(i + 1, n - 1)]
        dx, dy = b[0] - a[0], b[1] - a[1]
        length = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / length, dx / length
        wl, wr = widths[i]
        left.append((c[0] + nx * wl, c[1] + ny * wl))
        right.append((c[0] - nx * wr, c[1] - ny * wr))
    top, bottom = centres[-1], centres[0]
    t_theta = math.atan2(top[1] - centres[-2][1], top[0] - centres[-2][0])
    b_theta = math.atan2(bottom[1] - centres[1][1], bottom[0] - centres[1][0])
    cap_top = _arc(
        top,
        (widths[-1][0] + widths[-1][1]) / 2,
        t_theta + math.pi / 2,
        t_theta - math.pi / 2,
        steps,
    )
    cap_bottom = _arc(
        bottom,
        (widths[0][0] + widths[0][1]) / 2,
        b_theta + math.pi / 2,
        b_theta - math.pi / 2,
        steps,
    )
    return tuple(left[1:-1] + cap_top[::1] + right[::-1][1:-1] + cap_bottom)


def _half_width(frame: Frame, across: float, deep: float, normal: Vec) -> float:
    ey = apply(frame.basis, (0.0, 1.0, 0.0))
    ex = apply(frame.basis, (1.0, 0.0, 0.0))
    return math.hypot(across * _dot(ey, normal), deep * _dot(ex, normal))


def body_shapes(
    segs: Mapping[str, Frame],
    cam: _Camera,
    tints: Iterable[tuple[str, str]],
    ball: Vec | None,
    band: Sequence[str],
    weight: Sequence[str],
    steps: int,
    squeeze: Sequence[str] = (),
) -> list[Shape]:
    """Return the body's shapes for one frame, with tints, the ball, band, weight and cushion."""
    pts = joint_points(segs)
    shapes: list[Shape] = []
    centre_depth = cam.depth(segs["pelvis"].origin)
    for side in SIDES:
        for _seg, start, end, r1, r2 in _LIMBS:
            pa, pb = pts[f"{start}_{side}"], pts[f"{end}_{side}"]
            depth = (cam.depth(pa) + cam.depth(pb)) / 2
            far = depth < centre_depth - 1e-6
            cls = "bf" if far else "b"
            shapes.append(Shape("path", capsule(cam.xy(pa), cam.xy(pb), r1, r2, steps), cls, depth))
    # The trunk: a tube whose width follows each section's orientation to the camera.
    centres3 = [segs[s].point(local) for s, local, _, _ in _TRUNK]
    centres = [cam.xy(p) for p in centres3]
    widths: list[tuple[float, float]] = []
    for i, (s, _, across, deep) in enumerate(_TRUNK):
        before, after = centres[max(i - 1, 0)], centres[min(i + 1, len(centres) - 1)]
        dx, dy = after[0] - before[0], after[1] - before[1]
        length = math.hypot(dx, dy) or 1.0
        normal = cam.lift((-dy / length, dx / length))
        w = _half_width(segs[s], across, deep, normal)
        widths.append((w, w))
    shapes.append(Shape("path", _tube(centres, widths, steps), "b", centre_depth))
    neck_base = segs["head"].origin
    neck_top = segs["head"].point((0.0, 0.0, NECK + 0.02))
    shapes.append(
        Shape(
            "path",
            capsule(cam.xy(neck_base), cam.xy(neck_top), 0.028, 0.026, steps),
            "b",
            centre_depth + 0.0005,
        )
    )
    head = pts["head"]
    shapes.append(Shape("circle", (cam.xy(head),), "b", cam.depth(head) + 0.001, r=0.066))
    for area, side in tints:
        colour = area_colour(area)
        for seg_a, local_a, seg_b, local_b, radius in _TINTS[area]:
            lat = -1.0 if side == "r" else 1.0

            def place(seg: str, local: Vec, lat: float = lat, side: str = side) -> Vec:
                name = seg if seg in ("pelvis", "lumbar", "thorax") else f"{seg}_{side}"
                return segs[name].point((local[0], lat * local[1], local[2]))

            pa, pb = place(seg_a, local_a), place(seg_b, local_b)
            limb = seg_b if seg_b not in ("pelvis", "lumbar", "thorax") else None
            host = (
                (cam.depth(pts[f"hip_{side}"]) + cam.depth(pts[f"knee_{side}"])) / 2
                if limb
                else centre_depth
            )
            # A tint on a surface facing away from the camera shows through, paler.
            facing = (
                cam.depth(pa)
                + cam.depth(pb)
                - 2 * cam.depth(segs["pelvis"].origin if not limb else pts[f"hip_{side}"])
            )
            cls = "t" if facing >= -0.04 else "t tb"
            shapes.append(
                Shape(
                    "path",
                    capsule(cam.xy(pa), cam.xy(pb), radius, radius, steps),
                    cls,
                    host + 0.0002,
                    fill=colour,
                )
            )
    if squeeze:
        # A folded cushion held between two body points, drawn over the nearer one: it is
        # what the picture is about, and it bulges out between the knees that squeeze it.
        a, b = (landmark_point(m, segs) for m in squeeze)
        r = P.SQUEEZE_RADIUS
        outline = capsule(cam.xy(a), cam.xy(b), r, r, steps)
        shapes.append(Shape("path", outline, "pd", max(cam.depth(a), cam.depth(b)) + 0.01))
    if ball is not None:
        # Always on top: the ball is the point of the picture even where a leg hides it.
        shapes.append(Shape("circle", (cam.xy(ball),), "ball", 5.0, r=P.BALL_RADIUS))
    if weight:
        hands = [landmark_point(m, segs) for m in weight]
        n = len(hands)
        centre: Vec = (
            sum(h[0] for h in hands) / n,
            sum(h[1] for h in hands) / n,
            sum(h[2] for h in hands) / n,
        )
        # Hands together hold one weight (a goblet hold); hands apart hold one each.
        apart = max(math.dist(h, centre) for h in hands) > 0.08
        for c in hands if apart else [centre]:
            bell = (c[0], c[1], c[2] - P.WEIGHT_RADIUS * 0.9)
            shapes.append(
                Shape("circle", (cam.xy(bell),), "wt", cam.depth(bell) + 0.05, r=P.WEIGHT_RADIUS)
            )
    if band:
        line = tuple(cam.xy(landmark_point(m, segs)) for m in band)
        shapes.append(Shape("line", line, "band", 10.0))
    return shapes


def _box(cam: _Camera, lo: Vec, hi: Vec, cls: str, depth: float = -10.0) -> Shape:
    corners = [(x, y, z) for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])]
    xs = [cam.xy(c) for c in corners]
    x0, x1 = min(p[0] for p in xs), max(p[0] for p in xs)
    y0, y1 = min(p[1] for p in xs), max(p[1] for p in xs)
    return Shape("path", ((x0, y0), (x1, y0), (x1, y1), (x0, y1)), cls, depth)


def furniture_shapes(scene: Scene, cam: _Camera) -> list[Shape]:
    """Return the chairs, steps, cushions and walls of a scene (drawn behind the body)."""
    out: list[Shape] = []
    for f in scene.furniture:
        if f.kind == "chair":
            d, w, t = P.SEAT_DEPTH / 2, P.SEAT_WIDTH / 2, P.SEAT_THICKNESS
            rear = f.x - f.facing * d
            leg = 0.012
            for lx in (f.x - d + leg, f.x + d - leg):
                for ly in (-w + leg, w - leg):
                    out.append(
                        _box(
                            cam,
                            (lx - leg, ly - leg, 0.0),
                            (lx + leg, ly + leg, P.SEAT_HEIGHT),
                            "pd",
                        )
                    )
            back_lo = (min(rear, rear + f.facing * 0.025), -w, P.SEAT_HEIGHT)
            back_hi = (max(rear, rear + f.facing * 0.025), w, P.CHAIR_BACK_HEIGHT)
            out.append(_box(cam, back_lo, back_hi, "pd"))
            out.append(
                _box(cam, (f.x - d, -w, P.SEAT_HEIGHT - t), (f.x + d, w, P.SEAT_HEIGHT), "p")
            )
        elif f.kind in ("step", "cushion"):
            depth_half = (P.STEP_DEPTH if f.kind == "step" else P.CUSHION_DEPTH) / 2
            width_half = (P.STEP_WIDTH if f.kind == "step" else P.CUSHION_WIDTH) / 2
            top = P.TOP_HEIGHTS[f.kind]
            lo = (f.x - depth_half, f.y - width_half, 0.0)
            hi = (f.x + depth_half, f.y + width_half, top)
            out.append(_box(cam, lo, hi, "p"))
        elif f.kind == "wall":
            near, far = f.x, f.x + f.facing * P.WALL_THICKNESS
            lo_a, hi_a = min(near, far), max(near, far)
            if f.axis == "x":
                out.append(_box(cam, (lo_a, -0.4, 0.0), (hi_a, 0.4, 1.15), "pd"))
            else:
                out.append(_box(cam, (-0.4, lo_a, 0.0), (0.4, hi_a, 1.15), "pd"))
    return out


def _ease(t: float) -> float:
    return 0.5 - 0.5 * math.cos(math.pi * t)


def _blend(a: Mapping[str, float], b: Mapping[str, float], u: float) -> dict[str, float]:
    names = set(a) | set(b)
    return {n: a.get(n, 0.0) + (b.get(n, 0.0) - a.get(n, 0.0)) * u for n in names}


def _lerp(a: Vec, b: Vec, u: float) -> Vec:
    return (a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u, a[2] + (b[2] - a[2]) * u)


def timeline(n_keys: int, reps: bool) -> list[tuple[float, float]]:
    """Return (time fraction, key position) stops of one cycle: 1.5 means halfway key 1 to 2.

    Reps go start -> end -> start evenly; holds ease in, rest in the hold, then ease out.
    """
    last = float(n_keys - 1)
    if reps:
        return [(0.0, 0.0), (0.5, last), (1.0, 0.0)]
    return [(0.0, 0.0), (0.12, 0.0), (0.45, last), (0.88, last), (1.0, 0.0)]


def key_position(t: float, stops: Sequence[tuple[float, float]]) -> float:
    """Return the key position at time fraction t along the stops, eased between them."""
    for (t0, k0), (t1, k1) in zip(stops, stops[1:], strict=False):
        if t0 <= t <= t1:
            u = 0.0 if t1 == t0 else (t - t0) / (t1 - t0)
            return k0 + (k1 - k0) * _ease(u)
    return stops[-1][1]


def in_between(scene: Scene, position: float) -> PlacedKey:
    """Return the body between two placed keys (joint angles blended, position moved)."""
    keys = scene.keys
    i = min(int(position), len(keys) - 1)
    u = position - i
    if u < 1e-9 or i + 1 >= len(keys):
        return keys[i]
    a, b = keys[i], keys[i + 1]
    angles = _blend(a.angles, b.angles, u)
    origin = _lerp(a.origin, b.origin, u)
    segs = frames(angles, origin)
    ball = None
    if a.ball is not None and b.ball is not None:
        ball = _lerp(a.ball, b.ball, u)
    elif (a.ball if u < 0.5 else b.ball) is not None:
        ball = a.ball if u < 0.5 else b.ball
    return PlacedKey(segs, ball, angles, origin)


def _fmt(v: float) -> str:
    text = f"{v * SCALE:.1f}"
    return "0" if text in ("-0.0", "0.0") else text.removesuffix(".0")


def _svg_shape(s: Shape, stroke: float) -> str:
    style = f' style="fill:{s.fill}"' if s.fill else ""
    if s.kind == "circle":
        (c,) = s.points
        return (
            f'<circle class="{s.cls}" cx="{_fmt(c[0])}" cy="{_fmt(-c[1])}" r="{_fmt(s.r)}"'
            f' stroke-width="{stroke:g}"{style}/>'
        )
    d = "M" + "L".join(f"{_fmt(x)} {_fmt(-y)}" for x, y in s.points)
    if s.kind == "line":
        return f'<path class="{s.cls}" d="{d}" stroke-width="{stroke * 2:g}"/>'
    return f'<path class="{s.cls}" d="{d}Z" stroke-width="{stroke:g}"{style}/>'


def _bounds(shapes: Iterable[Shape]) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for s in shapes:
        for x, y in s.points:
            xs += [x - s.r, x + s.r]
            ys += [y - s.r, y + s.r]
    return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True)
class Drawing:
    """A scene drawn for one camera: static props, and the body's frames with timings."""

    props: tuple[Shape, ...]
    frames: tuple[tuple[Shape, ...], ...]
    windows: tuple[tuple[float, float], ...]  # each frame's share of the cycle: (start, end)
    still: int
    bounds: tuple[float, float, float, float]


def draw(
    scene: Scene,
    view: str,
    tints: Sequence[tuple[str, str]],
    *,
    animated: bool,
    reps: bool,
    small: bool,
    mat: bool,
) -> Drawing:
    """Project a scene into shapes: one still frame, or a cycle of frames."""
    cam = _Camera(view)
    steps = 3 if small else 6
    poses = scene.poses

    def body(placed: PlacedKey, key_index: int) -> tuple[Shape, ...]:
        key = poses.keys[key_index]
        shapes = body_shapes(
            placed.segs, cam, tints, placed.ball, key.band, key.weight, steps, key.squeeze
        )
        return tuple(sorted(shapes, key=lambda s: s.depth))

    bodies: list[tuple[Shape, ...]] = []
    windows: list[tuple[float, float]] = []
    still = 0
    if not animated:
        bodies.append(body(scene.keys[poses.still], poses.still))
        windows.append((0.0, 1.0))
    else:
        stops = timeline(len(scene.keys), reps)
        previous: float | None = None
        for k in range(FRAMES_PER_CYCLE):
            t = k / FRAMES_PER_CYCLE
            pos = key_position(t, stops)
            if previous is not None and abs(pos - previous) < 1e-6:
                windows[-1] = (windows[-1][0], (k + 1) / FRAMES_PER_CYCLE)
                continue
            previous = pos
            placed = in_between(scene, pos)
            if abs(pos - poses.still) < 1e-6:
                still = len(bodies)
            bodies.append(body(placed, min(round(pos), len(poses.keys) - 1)))
            windows.append((t, (k + 1) / FRAMES_PER_CYCLE))
    furniture = furniture_shapes(scene, cam)
    everything = [s for b in bodies for s in b] + furniture
    x0, y0, x1, y1 = _bounds(everything)
    props: list[Shape] = list(furniture)
    if view != "top":
        ground = -P.MAT_THICKNESS if mat else 0.0
        pad = 0.15
        if mat and any(k for k in scene.keys):
            props.insert(
                0,
                Shape(
                    "path",
                    (
                        (x0 - 0.05, -P.MAT_THICKNESS),
                        (x1 + 0.05, -P.MAT_THICKNESS),
                        (x1 + 0.05, 0.0),
                        (x0 - 0.05, 0.0),
                    ),
                    "pd",
                ),
            )
        props.insert(
            0, Shape("line", ((x0 - pad, ground - 0.006), (x1 + pad, ground - 0.006)), "fl")
        )
        y0 = min(y0, ground - 0.03)
    elif mat:
        props.insert(
            0,
            Shape(
                "path",
                (
                    (x0 - 0.04, y0 - 0.04),
                    (x1 + 0.04, y0 - 0.04),
                    (x1 + 0.04, y1 + 0.04),
                    (x0 - 0.04, y1 + 0.04),
                ),
                "p",
            ),
        )
    return Drawing(tuple(props), tuple(bodies), tuple(windows), still, (x0, y0, x1, y1))


def svg(
    drawing: Drawing,
    label: str,
    *,
    cycle_seconds: float,
    small: bool,
    css_class: str = "",
) -> str:
    """Return the drawing as one SVG element with role="img" and the label as its name."""
    x0, y0, x1, y1 = drawing.bounds
    margin = 0.05
    w, h = x1 - x0 + 2 * margin, y1 - y0 + 2 * margin
    if w / h < ASPECT:
        grow = h * ASPECT - w
        x0, w = x0 - grow / 2, h * ASPECT
    else:
        grow = w / ASPECT - h
        y1, h = y1 + grow, w / ASPECT  # extra room goes above, so the floor stays low
    stroke = 1.6 if small else 0.9
    name = escape(label, quote=True)
    animated = len(drawing.frames) > 1
    style = STYLE + (_ANIM_STYLE if animated else "")
    classes = f"hdfig {css_class}".strip()
    # An intrinsic size, so the picture also works as an <img> (SCALE units are about px).
    px_w, px_h = (160, 120) if small else (480, 360)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{classes}" width="{px_w}" '
        f'height="{px_h}" viewBox="{_fmt(x0 - margin)} {_fmt(-(y1 + margin))} {_fmt(w)} {_fmt(h)}" '
        f'role="img" aria-label="{name}"><title>{name}</title><style>{style}</style>',
    ]
    parts.append("<g>" + "".join(_svg_shape(s, stroke) for s in drawing.props) + "</g>")
    if not animated:
        parts.append("<g>" + "".join(_svg_shape(s, stroke) for s in drawing.frames[0]) + "</g>")
    else:
        keyframes: dict[str, str] = {}
        for i, (frame, (start, end)) in enumerate(
            zip(drawing.frames, drawing.windows, strict=True)
        ):
            # Exact shares (6.25%, not 6%), so one frame hands over to the next without a gap.
            share = max(0.01, round((end - start) * 100, 2))
            kf = f"hdw{round(share * 100)}"
            keyframes[kf] = (
                f"@keyframes {kf}{{0%{{visibility:visible}}{share:g}%{{visibility:hidden}}"
                f"100%{{visibility:hidden}}}}"
            )
            cls = "fr still" if i == drawing.still else "fr"
            # A frame shows from its start: at time t its animation is at t - delay, so a
            # delay of start - cycle puts the visible 0% at t = start (a delay of -start
            # would play the frames backwards and leave gaps where their shares differ).
            delay = (start - 1.0) * cycle_seconds if start > 0 else 0.0
            parts.append(
                f'<g class="{cls}" style="--hdw:{kf};animation-duration:{cycle_seconds:g}s;'
                f'animation-delay:{delay:.3f}s">'
                + "".join(_svg_shape(s, stroke) for s in frame)
                + "</g>"
            )
        parts[0] = parts[0].replace("</style>", "".join(keyframes.values()) + "</style>")
    parts.append("</svg>")
    return "".join(parts)


def landmark_names() -> list[str]:
    """Return every body point a pose may name."""
    return sorted(LANDMARKS)
