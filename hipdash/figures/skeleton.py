"""Describe the articulated figure: joints, segment lengths, motion ranges and forward kinematics.

Coordinates are in units of standing height H (1.0), in a right-handed world frame: x
forward, y to the person's left, z up, the floor at z = 0. A body frame starts the same
way for a person standing upright and facing +x.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

Vec = tuple[float, float, float]
Mat = tuple[Vec, Vec, Vec]

# Segment lengths as a fraction of standing height H: Drillis & Contini (1966), tabulated
# in Winter, Biomechanics and Motor Control of Human Movement (see /work/shared/FIGURES.md).
HEAD = 0.130
NECK = 0.052
TRUNK = 0.288  # shoulder line to hip joint
LUMBAR = 0.12  # the lower part of the trunk, pelvis to the thoracolumbar joint ("chest")
THORAX = TRUNK - LUMBAR
SHOULDER_HALF = 0.115  # joint centres sit just inside the 0.259 biacromial width
HIP_HALF = 0.05  # hip joint centres; the drawn pelvis spans the 0.191 hip width
UPPER_ARM = 0.186
FOREARM = 0.146
HAND = 0.108
THIGH = 0.245
SHANK = 0.246
FOOT = 0.152
ANKLE_HEIGHT = 0.039
HEEL_BEHIND_ANKLE = 0.035

SIDES = ("r", "l")

# Every joint, with the motions it has.
JOINT_MOTIONS: dict[str, tuple[str, ...]] = {
    "spine": ("flex", "side", "rot"),
    "neck": ("flex", "side", "rot"),
    "shoulder_r": ("flex", "abd", "rot"),
    "shoulder_l": ("flex", "abd", "rot"),
    "elbow_r": ("flex",),
    "elbow_l": ("flex",),
    "hip_r": ("flex", "abd", "rot"),
    "hip_l": ("flex", "abd", "rot"),
    "knee_r": ("flex",),
    "knee_l": ("flex",),
    "ankle_r": ("dorsi",),
    "ankle_l": ("dorsi",),
}
ROOT_MOTIONS = ("pitch", "roll", "yaw")
NECK_MOTIONS = JOINT_MOTIONS["neck"]

# Normal adult active range of motion, in degrees, as (lowest, highest) of each motion.
# Source: American Academy of Orthopaedic Surgeons, Joint Motion: Method of Measuring and
# Recording (1965) and Greene & Heckman, The Clinical Measurement of Joint Motion (AAOS,
# 1994), as listed in /work/shared/FIGURES.md. Sign conventions:
#   flex  + flexion, - extension     abd  + abduction, - adduction
#   rot   hips and shoulders: + external, - internal rotation
#   dorsi + dorsiflexion, - plantarflexion
#   spine/neck side: + bend to the right; spine/neck rot: + turn to the left
# The figure's trunk is one bending segment from pelvis to shoulder line, so "spine" uses
# AAOS's thoracolumbar figures (flexion 80, extension 25, side bend 35, rotation 45); the
# lumbar share alone (FIGURES.md: 60 / 25 / 25 / 5-15) is smaller.
RANGES: dict[str, dict[str, tuple[float, float]]] = {
    "spine": {"flex": (-25, 80), "side": (-35, 35), "rot": (-45, 45)},
    "neck": {"flex": (-45, 45), "side": (-45, 45), "rot": (-60, 60)},  # AAOS cervical
    "shoulder": {"flex": (-60, 180), "abd": (-50, 180), "rot": (-70, 90)},
    "elbow": {"flex": (0, 150)},
    "hip": {"flex": (-30, 120), "abd": (-30, 45), "rot": (-45, 45)},
    "knee": {"flex": (0, 135)},
    "ankle": {"dorsi": (-50, 20)},
}


def joint_kind(joint: str) -> str:
    """Return the joint's kind, such as 'hip' for 'hip_r'."""
    return joint.split("_")[0]


def motion_range(joint: str, motion: str) -> tuple[float, float]:
    """Return the normal range of one motion of one joint."""
    return RANGES[joint_kind(joint)][motion]


# --- small vector algebra (pure Python keeps the engine free of numpy) ---


def _rot(axis: str, degrees: float) -> Mat:
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    if axis == "x":
        return ((1.0, 0.0, 0.0), (0.0, c, -s), (0.0, s, c))
    if axis == "y":
        return ((c, 0.0, s), (0.0, 1.0, 0.0), (-s, 0.0, c))
    return ((c, -s, 0.0), (s, c, 0.0), (0.0, 0.0, 1.0))


def matmul(a: Mat, b: Mat) -> Mat:
    """Return the product of two 3x3 matrices."""
    (b00, b01, b02), (b10, b11, b12), (b20, b21, b22) = b
    return tuple(
        (
            r0 * b00 + r1 * b10 + r2 * b20,
            r0 * b01 + r1 * b11 + r2 * b21,
            r0 * b02 + r1 * b12 + r2 * b22,
        )
        for r0, r1, r2 in a
    )  # type: ignore[return-value]


def apply(m: Mat, v: Vec) -> Vec:
    """Return the matrix ``m`` applied to the vector ``v``."""
    return (
        m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
        m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
        m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2],
    )


def add(a: Vec, b: Vec) -> Vec:
    """Return a + b."""
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def chain(*mats: Mat) -> Mat:
    """Return the product of several matrices, left to right."""
    out = mats[0]
    for m in mats[1:]:
        out = matmul(out, m)
    return out


IDENTITY: Mat = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))


@dataclass(frozen=True)
class Frame:
    """A segment's origin and orientation in the world."""

    origin: Vec
    basis: Mat

    def point(self, local: Vec) -> Vec:
        """Return a point given in this frame's coordinates, in world coordinates."""
        return add(self.origin, apply(self.basis, local))


Angles = Mapping[str, float]  # "hip_r.flex" -> degrees; missing motions are 0


def _a(angles: Angles, joint: str, motion: str) -> float:
    return float(angles.get(f"{joint}.{motion}", 0.0))


def _side_sign(side: str) -> float:
    # Lateral motions point to -y for the right side and +y for the left.
    return -1.0 if side == "r" else 1.0


def _ball_joint(flex: float, side: float, rot: float) -> tuple[Mat, Mat, Mat]:
    # A ball joint turns in this order: bending about y, then sideways about x, then a twist
    # about the segment's own z. The spine, the neck, shoulders and hips all share it.
    return _rot("y", flex), _rot("x", side), _rot("z", rot)


def _limb_root(angles: Angles, joint: str, sign: float) -> tuple[Mat, Mat, Mat]:
    # Flexion swings a limb forward, which is a negative turn about y; abduction and
    # rotation mirror between the sides.
    flex, abd, rot = (_a(angles, joint, m) for m in ("flex", "abd", "rot"))
    return _ball_joint(-flex, sign * abd, sign * rot)


def root_basis(angles: Angles) -> Mat:
    """Return the pelvis orientation: yaw about z, then pitch about y, then roll about x."""
    return chain(
        _rot("z", _a(angles, "root", "yaw")),
        _rot("y", _a(angles, "root", "pitch")),
        _rot("x", _a(angles, "root", "roll")),
    )


def frames(angles: Angles, origin: Vec = (0.0, 0.0, 0.0)) -> dict[str, Frame]:
    """Return every segment's frame for these joint angles (forward kinematics).

    Frames are named after the segment they carry: pelvis, lumbar, thorax, head,
    upper_arm_r, forearm_r, thigh_r, shank_r, foot_r and the left ones. Each limb
    segment hangs along its own -z; the foot points along its +x.
    """
    pelvis = Frame(origin, root_basis(angles))
    out: dict[str, Frame] = {"pelvis": pelvis}
    # Half of the spine's motion at the lumbar joint, half at the thoracolumbar one,
    # so the drawn back curves instead of hinging.
    flex, side, rot = (_a(angles, "spine", m) / 2 for m in ("flex", "side", "rot"))
    spine_half = chain(*_ball_joint(flex, side, rot))
    lumbar = Frame(origin, matmul(pelvis.basis, spine_half))
    out["lumbar"] = lumbar
    thorax = Frame(lumbar.point((0.0, 0.0, LUMBAR)), matmul(lumbar.basis, spine_half))
    out["thorax"] = thorax
    neck_base = thorax.point((0.0, 0.0, THORAX))
    head = chain(thorax.basis, *_ball_joint(*(_a(angles, "neck", m) for m in NECK_MOTIONS)))
    out["head"] = Frame(neck_base, head)
    for s in SIDES:
        sign = _side_sign(s)
        shoulder = thorax.point((0.0, sign * SHOULDER_HALF, THORAX))
        upper = chain(thorax.basis, *_limb_root(angles, f"shoulder_{s}", sign))
        upper_frame = Frame(shoulder, upper)
        out[f"upper_arm_{s}"] = upper_frame
        fore = matmul(upper, _rot("y", -_a(angles, f"elbow_{s}", "flex")))
        out[f"forearm_{s}"] = Frame(upper_frame.point((0.0, 0.0, -UPPER_ARM)), fore)

        hip = pelvis.point((0.0, sign * HIP_HALF, 0.0))
        thigh = chain(pelvis.basis, *_limb_root(angles, f"hip_{s}", sign))
        thigh_frame = Frame(hip, thigh)
        out[f"thigh_{s}"] = thigh_frame
        shank = matmul(thigh, _rot("y", _a(angles, f"knee_{s}", "flex")))
        shank_frame = Frame(thigh_frame.point((0.0, 0.0, -THIGH)), shank)
        out[f"shank_{s}"] = shank_frame
        foot = matmul(shank, _rot("y", -_a(angles, f"ankle_{s}", "dorsi")))
        out[f"foot_{s}"] = Frame(shank_frame.point((0.0, 0.0, -SHANK)), foot)
    return out


@dataclass(frozen=True)
class Landmark:
    """A named point on the body surface, in one segment's frame."""

    segment: str
    local: Vec
    area: str | None = None  # the body-map area under this point, for ball placement


def _landmarks() -> dict[str, Landmark]:
    marks: dict[str, Landmark] = {
        "head": Landmark("head", (-0.02, 0.0, NECK + 0.065 - 0.065)),  # back of the head
        "head_top": Landmark("head", (0.0, 0.0, NECK + HEAD)),
        "forehead": Landmark("head", (0.07, 0.0, NECK + 0.075)),
        "upper_back": Landmark("thorax", (-0.065, 0.0, 0.09)),
        "chest": Landmark("thorax", (0.07, 0.0, 0.09)),
        "lower_back": Landmark("lumbar", (-0.065, 0.0, 0.06), "lower_back"),
        "sacrum": Landmark("pelvis", (-0.075, 0.0, 0.0), "glutes"),
        "belly": Landmark("lumbar", (0.06, 0.0, 0.06)),
        "seat": Landmark("pelvis", (-0.03, 0.0, -0.055)),
    }
    for s in SIDES:
        lat = _side_sign(s)  # outward for this side
        marks.update(
            {
                f"shoulder_{s}": Landmark("thorax", (-0.03, lat * (SHOULDER_HALF + 0.03), THORAX)),
                f"side_chest_{s}": Landmark("thorax", (0.0, lat * 0.11, 0.09)),
                f"elbow_{s}": Landmark(f"upper_arm_{s}", (0.0, 0.0, -UPPER_ARM - 0.025)),
                f"forearm_{s}": Landmark(f"forearm_{s}", (0.0, 0.0, -0.06), None),
                f"hand_{s}": Landmark(f"forearm_{s}", (0.0, 0.0, -FOREARM - 0.025)),
                f"glute_{s}": Landmark("pelvis", (-0.075, lat * 0.05, -0.02), "glutes"),
                f"piriformis_{s}": Landmark("pelvis", (-0.07, lat * 0.06, 0.0), "deep_rotators"),
                # The upper outer buttock (gluteus medius and upper maximus), a hand's width
                # below the rim of the pelvis: higher and further out than the piriformis.
                f"glute_upper_{s}": Landmark("pelvis", (-0.062, lat * 0.065, 0.04), "glutes"),
                # Under the buttock when sitting: where a ball on a seat presses.
                f"glute_under_{s}": Landmark("pelvis", (-0.05, lat * 0.055, -0.055), "glutes"),
                f"piriformis_under_{s}": Landmark(
                    "pelvis", (-0.045, lat * 0.065, -0.055), "deep_rotators"
                ),
                f"sit_bone_{s}": Landmark("pelvis", (-0.03, lat * 0.05, -0.055)),
                f"hip_side_{s}": Landmark("pelvis", (0.0, lat * 0.095, -0.01), "outer_hip"),
                f"hip_front_{s}": Landmark(f"thigh_{s}", (0.055, 0.0, -0.05), "hip_flexors"),
                f"front_thigh_{s}": Landmark(f"thigh_{s}", (0.055, 0.0, -0.11), "hip_flexors"),
                f"hamstring_{s}": Landmark(f"thigh_{s}", (-0.055, 0.0, -0.14), "hamstrings"),
                f"outer_thigh_{s}": Landmark(f"thigh_{s}", (0.0, lat * 0.055, -0.08), "outer_hip"),
                f"inner_thigh_{s}": Landmark(
                    f"thigh_{s}", (0.0, -lat * 0.05, -0.12), "inner_thigh"
                ),
                f"knee_{s}": Landmark(f"shank_{s}", (0.045, 0.0, -0.02)),  # front of the knee
                f"above_knee_{s}": Landmark(f"thigh_{s}", (0.045, 0.0, -0.2)),
                f"knee_back_{s}": Landmark(f"thigh_{s}", (-0.04, 0.0, -THIGH)),
                f"knee_outer_{s}": Landmark(f"thigh_{s}", (0.0, lat * 0.045, -THIGH)),
                f"knee_inner_{s}": Landmark(f"thigh_{s}", (0.0, -lat * 0.045, -THIGH)),
                f"shin_{s}": Landmark(f"shank_{s}", (0.035, 0.0, -0.14)),
                f"calf_{s}": Landmark(f"shank_{s}", (-0.045, 0.0, -0.11)),
                f"ankle_outer_{s}": Landmark(f"shank_{s}", (0.0, lat * 0.03, -SHANK)),
                f"ankle_inner_{s}": Landmark(f"shank_{s}", (0.0, -lat * 0.03, -SHANK)),
                f"heel_{s}": Landmark(f"foot_{s}", (-HEEL_BEHIND_ANKLE, 0.0, -ANKLE_HEIGHT)),
                f"heel_back_{s}": Landmark(f"foot_{s}", (-HEEL_BEHIND_ANKLE - 0.01, 0.0, -0.02)),
                f"toes_{s}": Landmark(
                    f"foot_{s}", (FOOT - HEEL_BEHIND_ANKLE, 0.0, -ANKLE_HEIGHT + 0.004)
                ),
                f"instep_{s}": Landmark(f"foot_{s}", (0.05, 0.0, 0.0)),
            }
        )
    return marks


LANDMARKS: dict[str, Landmark] = _landmarks()
# A "foot" contact means the sole is flat: heel and toes both on the support.
SOLE_PARTS = ("heel", "toes")


def landmark_point(name: str, segs: Mapping[str, Frame]) -> Vec:
    """Return the world position of a named landmark."""
    mark = LANDMARKS[name]
    return segs[mark.segment].point(mark.local)


def joint_points(segs: Mapping[str, Frame]) -> dict[str, Vec]:
    """Return the world position of every joint centre, for drawing and checks."""
    pts: dict[str, Vec] = {
        "pelvis": segs["pelvis"].origin,
        "chest": segs["thorax"].origin,
        "neck": segs["head"].origin,
        "head": segs["head"].point((0.012, 0.0, NECK + HEAD / 2)),
    }
    for s in SIDES:
        pts[f"shoulder_{s}"] = segs[f"upper_arm_{s}"].origin
        pts[f"elbow_{s}"] = segs[f"forearm_{s}"].origin
        pts[f"wrist_{s}"] = segs[f"forearm_{s}"].point((0.0, 0.0, -FOREARM))
        pts[f"hand_{s}"] = segs[f"forearm_{s}"].point((0.0, 0.0, -FOREARM - 0.035))
        pts[f"hip_{s}"] = segs[f"thigh_{s}"].origin
        pts[f"knee_{s}"] = segs[f"shank_{s}"].origin
        pts[f"ankle_{s}"] = segs[f"foot_{s}"].origin
        pts[f"heel_{s}"] = segs[f"foot_{s}"].point((-HEEL_BEHIND_ANKLE, 0.0, -ANKLE_HEIGHT * 0.5))
        pts[f"toes_{s}"] = segs[f"foot_{s}"].point(
            (FOOT - HEEL_BEHIND_ANKLE - 0.02, 0.0, -ANKLE_HEIGHT * 0.5)
        )
    return pts
