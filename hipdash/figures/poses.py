"""Load technique poses from data/poses/*.yaml, place them on their props and validate them."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from hipdash.catalog import Catalog, Technique
from hipdash.figures import props as P
from hipdash.figures.bases import BASES
from hipdash.figures.skeleton import (
    JOINT_MOTIONS,
    LANDMARKS,
    ROOT_MOTIONS,
    SIDES,
    SOLE_PARTS,
    Frame,
    Vec,
    frames,
    joint_points,
    landmark_point,
    motion_range,
)

DEFAULT_POSES_DIR = Path(__file__).resolve().parent.parent.parent / "data" / "poses"
VIEWS = ("side", "front", "back", "top")
# How far a contact point may sit off its support, in units of H (about 2 cm).
CONTACT_TOLERANCE = 0.012
# Two body points that touch may be this far apart (the surfaces between them), in H.
BODY_TOUCH = 0.03
# How far any body point may dip below the floor before it counts as sunk into it.
SINK_TOLERANCE = 0.012
# Angles may stray this far past the table (rounding in authored numbers).
RANGE_SLACK = 0.5
KEY_FIELDS = {"name", "base", "root", "joints", "contacts", "ball", "band", "weight", "squeeze"}
TECHNIQUE_FIELDS = {
    "view",
    "label",
    "keys",
    "still",
    "ball",
    "band",
    "weight",
    "squeeze",
    "tint",
    "beyond_range",
}
# A stated reason lets a motion go this far past the table (FIGURES.md: "or needs a stated
# reason"), and no further.
BEYOND_RANGE_LIMIT = 30.0
TINT_SIDES = ("same", "other", "both")
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_LATERAL = {"spine.side", "spine.rot", "neck.side", "neck.rot", "root.roll", "root.yaw"}


class PoseError(ValueError):
    """A pose file breaks a rule; the message names the file, the technique and the joint."""


@dataclass(frozen=True)
class KeyPose:
    """One key pose: joint angles plus what the body rests on and holds."""

    name: str
    angles: Mapping[str, float]  # "hip_r.flex" -> degrees, "root.pitch" -> degrees
    contacts: tuple[tuple[str, str], ...]  # (landmark, support), sides expanded
    ball: tuple[str, str] | None = None  # (landmark on the target, what the ball rests on)
    band: tuple[str, ...] = ()  # landmarks a band or strap runs through
    weight: tuple[str, ...] = ()  # hand landmarks holding a weight
    squeeze: tuple[str, ...] = ()  # two body points holding a folded cushion between them


@dataclass(frozen=True)
class TechniquePoses:
    """Every key pose of one technique, as authored (for the side its steps describe)."""

    technique_id: str
    source: str
    view: str
    label: str
    keys: tuple[KeyPose, ...]
    still: int  # the key a still picture shows
    side: str | None  # "right" or "left" for per-side work
    tint: str = "same"  # which side's target area is tinted: the drawn side, the other, both
    # Motions allowed past the normal range, each with the reason the pose needs it.
    beyond_range: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PlacedKey:
    """A key pose placed in the world: its segment frames and where the ball sits."""

    segs: Mapping[str, Frame]
    ball: Vec | None
    angles: Mapping[str, float]
    origin: Vec


@dataclass(frozen=True)
class Scene:
    """A technique's placed key poses and the furniture they share."""

    poses: TechniquePoses
    keys: tuple[PlacedKey, ...]
    furniture: tuple[P.Furniture, ...] = field(default=())
    uses_floor: bool = True


# --- reading ---------------------------------------------------------------------------


def _side_names(name: str) -> list[str]:
    """Expand 'foot' to ['foot_r', 'foot_l'] when only sided names exist."""
    return [f"{name}_{s}" for s in SIDES]


def _expand_landmark(name: str, where: str) -> list[str]:
    if name in LANDMARKS:
        return [name]
    if name.startswith("foot_") and name[5:] in SIDES:
        return [f"{part}_{name[5:]}" for part in SOLE_PARTS]
    if name == "foot":
        return [f"{part}_{s}" for s in SIDES for part in SOLE_PARTS]
    both = _side_names(name)
    if all(n in LANDMARKS for n in both):
        return both
    raise PoseError(f"{where}, contact '{name}': unknown body point")


def _expand_joint(key: str, where: str) -> list[str]:
    joint, _, motion = key.partition(".")
    if joint == "root":
        if motion not in ROOT_MOTIONS:
            raise PoseError(f"{where}, joint '{key}': the root has only {', '.join(ROOT_MOTIONS)}")
        return [key]
    names = [joint] if joint in JOINT_MOTIONS else [f"{joint}_{s}" for s in SIDES]
    for name in names:
        if name not in JOINT_MOTIONS:
            raise PoseError(f"{where}, joint '{key}': unknown joint")
        if motion not in JOINT_MOTIONS[name]:
            raise PoseError(
                f"{where}, joint '{key}': {name} moves only by {', '.join(JOINT_MOTIONS[name])}"
            )
    return [f"{name}.{motion}" for name in names]


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise PoseError(f"{where}: {value!r} is not a number of degrees")
    return float(value)


def _resolve(
    spec: Mapping[str, Any], bases: Mapping[str, Any], where: str, depth: int = 0
) -> dict[str, Any]:
    """Merge a spec onto its base chain: angles add up per motion, contacts replace."""
    if depth > 8:
        raise PoseError(f"{where}: bases refer to each other in a loop")
    base_name = spec.get("base")
    merged: dict[str, Any] = {
        "angles": {},
        "contacts": None,
        "ball": None,
        "band": None,
        "weight": None,
        "squeeze": None,
    }
    if base_name is not None:
        if base_name not in bases:
            raise PoseError(f"{where}: unknown base posture '{base_name}'")
        merged = _resolve(bases[base_name], bases, where, depth + 1)
    for section in ("root", "joints"):
        raw = spec.get(section) or {}
        if not isinstance(raw, Mapping):
            raise PoseError(f"{where}: '{section}' must be a mapping")
        for key, value in raw.items():
            full = f"root.{key}" if section == "root" else str(key)
            for name in _expand_joint(full, where):
                merged["angles"][name] = _number(value, f"{where}, joint '{name}'")
    if "contacts" in spec:
        raw_contacts = spec["contacts"]
        if not isinstance(raw_contacts, Mapping) or not raw_contacts:
            raise PoseError(f"{where}: 'contacts' must map body points to supports")
        merged["contacts"] = dict(raw_contacts)
    for extra in ("ball", "band", "weight", "squeeze"):
        if extra in spec:
            merged[extra] = spec[extra]
    return {**merged, "angles": dict(merged["angles"])}


def _key_pose(spec: Any, bases: Mapping[str, Any], where: str, index: int) -> KeyPose:
    if not isinstance(spec, Mapping):
        raise PoseError(f"{where}: key pose #{index + 1} must be a mapping")
    unknown = set(spec) - KEY_FIELDS
    if unknown:
        raise PoseError(f"{where}: key pose #{index + 1} has unknown fields {sorted(unknown)}")
    name = str(spec.get("name", f"key {index + 1}"))
    where = f"{where}, key '{name}'"
    merged = _resolve(spec, bases, where)
    if not merged["contacts"]:
        raise PoseError(f"{where}: no contacts: say what carries the body")
    contacts: list[tuple[str, str]] = []
    for mark, support in merged["contacts"].items():
        if support not in P.SUPPORTS and support not in LANDMARKS:
            raise PoseError(
                f"{where}, contact '{mark}': unknown support '{support}' "
                f"(use {', '.join(P.SUPPORTS)} or a body point)"
            )
        contacts.extend((m, str(support)) for m in _expand_landmark(str(mark), where))
    ball = None
    if merged["ball"] is not None:
        raw = merged["ball"]
        if not isinstance(raw, Mapping) or "at" not in raw:
            raise PoseError(f"{where}: 'ball' needs 'at' (a body point) and 'against'")
        on = str(raw.get("against", "floor"))
        if on not in P.BALL_SUPPORTS:
            raise PoseError(f"{where}, ball: 'against' must be one of {', '.join(P.BALL_SUPPORTS)}")
        (at,) = _expand_landmark(str(raw["at"]), where)[:1]
        ball = (at, on)
    band = _landmark_list(merged["band"], where, "band")
    weight = _landmark_list(merged["weight"], where, "weight")
    squeeze = _landmark_list(merged["squeeze"], where, "squeeze")
    if squeeze and len(squeeze) != 2:
        raise PoseError(f"{where}, squeeze: name the two body points that hold the cushion")
    return KeyPose(name, merged["angles"], tuple(contacts), ball, band, weight, squeeze)


def _landmark_list(raw: Any, where: str, what: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw:
        raise PoseError(f"{where}, {what}: give a list of body points")
    out: list[str] = []
    for item in raw:
        if str(item) not in LANDMARKS:
            raise PoseError(f"{where}, {what}: unknown body point '{item}'")
        out.append(str(item))
    return tuple(out)


def parse_entry(
    technique_id: str, spec: Any, source: str, bases: Mapping[str, Any], side: str | None
) -> TechniquePoses:
    """Read one technique's pose entry (not yet placed or checked against its props)."""
    where = f"{source}: technique '{technique_id}'"
    if not isinstance(spec, Mapping):
        raise PoseError(f"{where}: expected a mapping with view, label and keys")
    unknown = set(spec) - TECHNIQUE_FIELDS
    if unknown:
        raise PoseError(f"{where}: unknown fields {sorted(map(str, unknown))}")
    view = spec.get("view", "side")
    if view not in VIEWS:
        raise PoseError(f"{where}, view: '{view}' is not one of {', '.join(VIEWS)}")
    label = spec.get("label")
    if not isinstance(label, str) or len(label.strip()) < 10:
        raise PoseError(f"{where}, label: describe the position in words")
    raw_keys = spec.get("keys")
    if not isinstance(raw_keys, list) or len(raw_keys) < 2:
        raise PoseError(f"{where}, keys: give at least a start and an end or hold pose")
    shared = {k: spec[k] for k in ("ball", "band", "weight", "squeeze") if k in spec}
    keys = tuple(
        _key_pose({**shared, **k} if isinstance(k, Mapping) else k, bases, where, i)
        for i, k in enumerate(raw_keys)
    )
    still = spec.get("still", len(keys) - 1)
    if not isinstance(still, int) or not 0 <= still < len(keys):
        raise PoseError(f"{where}, still: must be the index of a key (0-{len(keys) - 1})")
    tint = spec.get("tint", "same")
    if tint not in TINT_SIDES:
        raise PoseError(f"{where}, tint: must be one of {', '.join(TINT_SIDES)}")
    beyond = spec.get("beyond_range") or {}
    if not isinstance(beyond, Mapping) or not all(
        isinstance(v, str) and len(v) > 10 for v in beyond.values()
    ):
        raise PoseError(f"{where}, beyond_range: map 'joint.motion' to the reason, in words")
    for name in beyond:
        _expand_joint(str(name), where)
    return TechniquePoses(
        technique_id, source, view, label.strip(), keys, still, side, tint, dict(beyond)
    )


# --- placing ---------------------------------------------------------------------------


def _points(segs: Mapping[str, Frame], names: Iterable[str]) -> dict[str, Vec]:
    return {n: landmark_point(n, segs) for n in names}


def _shift(segs: Mapping[str, Frame], d: Vec) -> dict[str, Frame]:
    return {
        k: Frame((f.origin[0] + d[0], f.origin[1] + d[1], f.origin[2] + d[2]), f.basis)
        for k, f in segs.items()
    }


def _ball_top(on: str) -> float | None:
    if on == "wall" or on in P.HAND_BALL:
        return None
    return P.TOP_HEIGHTS[on] + 2 * P.BALL_RADIUS


def _support_top(support: str, key: KeyPose) -> float | None:
    if support in P.TOP_HEIGHTS:
        return P.TOP_HEIGHTS[support]
    if support == "ball" and key.ball is not None:
        return _ball_top(key.ball[1])
    return None


def _wall_axis(view: str) -> str:
    return "y" if view in ("front", "back") else "x"


def place(poses: TechniquePoses) -> Scene:
    """Place every key pose on its supports and put the furniture where the body meets it.

    Each key is moved so its first contact on a floor, seat, step, cushion or ball rests
    exactly on it; that point stays where it was in the first key, so feet or hips do
    not slide between keys. Furniture is placed by the first key that touches it.
    """
    placed: list[PlacedKey] = []
    furniture: dict[str, P.Furniture] = {}
    first: Mapping[str, Frame] | None = None
    axis = _wall_axis(poses.view)
    for key in poses.keys:
        segs = frames(key.angles)
        anchor = next(((m, s) for m, s in key.contacts if _support_top(s, key) is not None), None)
        shift: Vec = (0.0, 0.0, 0.0)
        if anchor is not None:
            mark, support = anchor
            p = landmark_point(mark, segs)
            top = _support_top(support, key)
            assert top is not None
            fixed = landmark_point(mark, first) if first is not None else None
            dx, dy = (fixed[0] - p[0], fixed[1] - p[1]) if fixed else (0.0, 0.0)
            shift = (dx, dy, top - p[2])
        segs = _shift(segs, shift)
        if first is None:
            first = segs
        pelvis = segs["pelvis"].origin
        for mark, support in key.contacts:
            kind = "chair" if support == "chair_back" else support
            # Cushions may lie under each knee: one per side of the body.
            slot = (
                f"cushion_{mark[-1]}" if kind == "cushion" and mark[-2:] in ("_r", "_l") else kind
            )
            if kind in ("chair", "step", "cushion", "wall") and slot not in furniture:
                if (
                    kind == "cushion"
                    and any(k.startswith("cushion") for k in furniture)
                    and (slot == "cushion")
                ):
                    continue
                furniture[slot] = _furniture(kind, support, mark, segs, pelvis, axis)
        ball = None
        if key.ball is not None:
            mark, on = key.ball
            if on in P.HAND_BALL:
                ball = _hand_ball_centre(landmark_point(mark, segs), landmark_point(on, segs))
            else:
                if on != "floor" and on not in furniture:
                    furniture[on] = _furniture(on, "ball", mark, segs, pelvis, axis)
                ball = _ball_centre(landmark_point(mark, segs), on, furniture.get(on))
        placed.append(PlacedKey(segs, ball, key.angles, segs["pelvis"].origin))
    return Scene(poses, tuple(placed), tuple(furniture.values()))


def _furniture(
    kind: str, support: str, mark: str, segs: Mapping[str, Frame], pelvis: Vec, axis: str
) -> P.Furniture:
    p = landmark_point(mark, segs)
    if mark.startswith(("heel_", "toes_")):
        # A flat foot: centre the prop under the whole foot.
        foot = mark[-1]
        heel, toes = landmark_point(f"heel_{foot}", segs), landmark_point(f"toes_{foot}", segs)
        p = ((heel[0] + toes[0]) / 2, (heel[1] + toes[1]) / 2, p[2])
    if kind == "wall":
        i = 0 if axis == "x" else 1
        side = 1.0 if p[i] >= pelvis[i] else -1.0
        gap = 2 * P.BALL_RADIUS if support == "ball" else 0.0
        return P.Furniture("wall", p[i] + side * gap, 0.0, side, axis)
    if kind == "chair":
        forward = segs["pelvis"].basis[0][0]  # world x of the pelvis' forward axis
        seated = support in ("chair", "ball") and mark in (
            "seat",
            "sacrum",
            *(f"{n}_{s}" for n in ("sit_bone", "glute", "hamstring", "piriformis") for s in SIDES),
        )
        if seated:
            facing = 1.0 if forward >= 0 else -1.0
            # The sitter's hips sit over the back half of the seat.
            return P.Furniture("chair", p[0] + facing * (P.SEAT_DEPTH / 2 - 0.06), 0.0, facing)
        if support == "chair_back":
            facing = 1.0 if p[0] >= pelvis[0] else -1.0
            return P.Furniture("chair", p[0] + facing * P.SEAT_DEPTH / 2, 0.0, facing)
        facing = -1.0 if p[0] >= pelvis[0] else 1.0
        return P.Furniture("chair", p[0], 0.0, facing)
    return P.Furniture(kind, p[0], p[1] if axis == "y" or kind == "cushion" else 0.0)


def _hand_ball_centre(p: Vec, hand: Vec) -> Vec:
    """Return the centre of a ball lying on body point ``p`` under a hand pressing it in."""
    d = math.dist(p, hand)
    if d < 1e-9:
        return p
    f = P.BALL_RADIUS / d
    return (p[0] + (hand[0] - p[0]) * f, p[1] + (hand[1] - p[1]) * f, p[2] + (hand[2] - p[2]) * f)


def _ball_centre(p: Vec, on: str, wall: P.Furniture | None) -> Vec:
    if on == "wall" and wall is not None:
        i = 0 if wall.axis == "x" else 1
        c = list(p)
        c[i] = wall.x - wall.facing * P.BALL_RADIUS
        return (c[0], c[1], c[2])
    top = P.TOP_HEIGHTS.get(on, 0.0)
    return (p[0], p[1], top + P.BALL_RADIUS)


# --- checking --------------------------------------------------------------------------


def support_gap(mark_point: Vec, support: str, scene: Scene, placed: PlacedKey) -> float | None:
    """Return how far a body point sits above (+) or inside (-) a support, in H."""
    if support in P.TOP_HEIGHTS:
        return mark_point[2] - P.TOP_HEIGHTS[support]
    if support == "wall":
        wall = next((f for f in scene.furniture if f.kind == "wall"), None)
        if wall is None:
            return None
        i = 0 if wall.axis == "x" else 1
        return (wall.x - mark_point[i]) * wall.facing
    if support == "ball" and placed.ball is not None:
        c = placed.ball
        return math.dist(mark_point, c) - P.BALL_RADIUS
    if support in LANDMARKS:
        # Two body points touch (a hand on a knee, an ankle on a thigh): both lie on
        # surfaces, so they may be up to a limb's thickness apart.
        return max(0.0, math.dist(mark_point, landmark_point(support, placed.segs)) - BODY_TOUCH)
    return None


def _cm(value: float) -> str:
    return f"{abs(value) * P.PERSON_HEIGHT_M * 100:.1f} cm"


def check(scene: Scene, technique: Technique | None) -> None:
    """Raise PoseError for the first broken rule: range, contact, sinking, ball or props."""
    poses = scene.poses
    where = f"{poses.source}: technique '{poses.technique_id}'"
    for key, placed in zip(poses.keys, scene.keys, strict=True):
        kw = f"{where}, key '{key.name}'"
        for name, value in key.angles.items():
            joint, motion = name.split(".")
            if joint == "root":
                if not -180 <= value <= 180:
                    raise PoseError(f"{kw}, joint '{name}': {value:g}° is outside -180..180°")
                continue
            low, high = motion_range(joint, motion)
            if name in poses.beyond_range:
                low, high = low - BEYOND_RANGE_LIMIT, high + BEYOND_RANGE_LIMIT
            if not low - RANGE_SLACK <= value <= high + RANGE_SLACK:
                raise PoseError(
                    f"{kw}, joint '{name}': {value:g}° is outside the normal range "
                    f"{low:g}..{high:g}° (AAOS)"
                )
        if key.ball is not None:
            mark, on = key.ball
            area = LANDMARKS[mark].area
            if technique is not None and area not in technique.areas:
                raise PoseError(
                    f"{kw}, ball: '{mark}' is not on the technique's target areas "
                    f"({', '.join(technique.areas)})"
                )
            if (mark, "ball") not in key.contacts:
                raise PoseError(
                    f"{kw}, ball: add the contact '{mark}: ball' so the body rests on it"
                )
            if on in P.HAND_BALL and (on, "ball") not in key.contacts:
                raise PoseError(f"{kw}, ball: add the contact '{on}: ball' so the hand presses it")
        for mark, support in key.contacts:
            gap = support_gap(landmark_point(mark, placed.segs), support, scene, placed)
            if gap is None:
                raise PoseError(f"{kw}, contact '{mark}': no {support} to rest on in this pose")
            if gap > CONTACT_TOLERANCE:
                raise PoseError(f"{kw}, contact '{mark}': floating {_cm(gap)} off the {support}")
            if gap < -CONTACT_TOLERANCE:
                raise PoseError(f"{kw}, contact '{mark}': sunk {_cm(gap)} into the {support}")
        if key.squeeze:
            a, b = (landmark_point(m, placed.segs) for m in key.squeeze)
            gap = math.dist(a, b)
            if not P.SQUEEZE_GAP[0] <= gap <= P.SQUEEZE_GAP[1]:
                raise PoseError(
                    f"{kw}, squeeze: '{key.squeeze[0]}' and '{key.squeeze[1]}' are {_cm(gap)} "
                    f"apart; a folded cushion between them needs {_cm(P.SQUEEZE_GAP[0])} to "
                    f"{_cm(P.SQUEEZE_GAP[1])}"
                )
        _check_not_sunk(kw, scene, placed)
    if technique is not None:
        _check_props(where, poses, technique)


def _check_not_sunk(kw: str, scene: Scene, placed: PlacedKey) -> None:
    low_points = {**joint_points(placed.segs), **_points(placed.segs, LANDMARKS)}
    has_wall = any(f.kind == "wall" for f in scene.furniture)
    for name, p in low_points.items():
        if p[2] < -SINK_TOLERANCE:
            raise PoseError(f"{kw}, joint '{name}': sunk {_cm(p[2])} into the floor")
        gap = support_gap(p, "wall", scene, placed) if has_wall else None
        if gap is not None and gap < -SINK_TOLERANCE:
            raise PoseError(f"{kw}, joint '{name}': sunk {_cm(gap)} into the wall")


def _check_props(where: str, poses: TechniquePoses, technique: Technique) -> None:
    used: set[str] = set()
    for key in poses.keys:
        used.update(s for _, s in key.contacts)
        if key.ball is not None:
            used.update(("ball", key.ball[1]))
        if key.band:
            used.add("band")
        if key.weight:
            used.add("weight")
        if key.squeeze:
            used.add("cushion")
    for item in technique.equipment:
        wanted = P.EQUIPMENT_PROPS.get(item, ())
        if wanted and not used & set(wanted):
            raise PoseError(f"{where}, props: the technique needs '{item}' but no pose shows it")
    if poses.side is not None and poses.side not in poses.label.lower():
        raise PoseError(f"{where}, label: name the {poses.side} side the figure shows")


# --- mirroring -------------------------------------------------------------------------

_SWAP = {"right": "left", "left": "right", "Right": "Left", "Left": "Right"}


def swap_side_words(text: str) -> str:
    """Return text with the words right and left swapped."""
    return re.sub(r"\b(right|left|Right|Left)\b", lambda m: _SWAP[m.group(1)], text)


def _swap_name(name: str) -> str:
    if name.endswith("_r"):
        return name[:-2] + "_l"
    if name.endswith("_l"):
        return name[:-2] + "_r"
    return name


def mirror(poses: TechniquePoses) -> TechniquePoses:
    """Return the same technique done on the other side (a reflection through the body)."""

    def angles(a: Mapping[str, float]) -> dict[str, float]:
        out: dict[str, float] = {}
        for name, value in a.items():
            joint, motion = name.split(".")
            out[f"{_swap_name(joint)}.{motion}"] = -value if name in _LATERAL else value
        return out

    keys = tuple(
        KeyPose(
            k.name,
            angles(k.angles),
            tuple((_swap_name(m), _swap_name(s) if s in LANDMARKS else s) for m, s in k.contacts),
            None
            if k.ball is None
            else (
                _swap_name(k.ball[0]),
                _swap_name(k.ball[1]) if k.ball[1] in P.HAND_BALL else k.ball[1],
            ),
            tuple(_swap_name(m) for m in k.band),
            tuple(_swap_name(m) for m in k.weight),
            tuple(_swap_name(m) for m in k.squeeze),
        )
        for k in poses.keys
    )
    side = {"right": "left", "left": "right"}.get(poses.side or "")
    return TechniquePoses(
        poses.technique_id,
        poses.source,
        poses.view,
        swap_side_words(poses.label),
        keys,
        poses.still,
        side,
        poses.tint,
        {
            f"{_swap_name(n.split('.')[0])}.{n.split('.')[1]}": r
            for n, r in poses.beyond_range.items()
        },
    )


# --- loading ---------------------------------------------------------------------------


def read_file(path: Path, catalog: Catalog | None = None) -> dict[str, TechniquePoses]:
    """Read, place and check one pose file; return its techniques' poses by id."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PoseError(f"{path.name}: cannot be read as YAML ({exc})") from exc
    if not isinstance(raw, Mapping) or not isinstance(raw.get("techniques"), Mapping):
        raise PoseError(f"{path.name}: expected a top-level 'techniques:' mapping")
    local = raw.get("bases") or {}
    if not isinstance(local, Mapping):
        raise PoseError(f"{path.name}: 'bases' must map names to postures")
    bases = {**BASES, **local}
    out: dict[str, TechniquePoses] = {}
    for tid, spec in raw["techniques"].items():
        technique = catalog.get(str(tid)) if catalog is not None else None
        if catalog is not None and technique is None:
            raise PoseError(f"{path.name}: technique '{tid}': not in the catalog")
        side = technique.dose.steps_side if technique is not None else None
        poses = parse_entry(str(tid), spec, path.name, bases, side)
        check(place(poses), technique)
        out[str(tid)] = poses
    return out


def load_poses(
    catalog: Catalog | None = None, directory: Path = DEFAULT_POSES_DIR
) -> dict[str, TechniquePoses]:
    """Read every pose file; return poses by technique id, raising PoseError on a mistake."""
    out: dict[str, TechniquePoses] = {}
    for path in sorted(directory.glob("*.yaml")):
        for tid, poses in read_file(path, catalog).items():
            if tid in out:
                raise PoseError(
                    f"{path.name}: technique '{tid}': poses already given in {out[tid].source}"
                )
            out[tid] = poses
    return out
