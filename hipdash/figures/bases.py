"""Name the base postures that technique poses start from and override.

Each base is a key-pose spec in the same form as data/poses/*.yaml (see docs/poses.md):
``root`` angles, ``joints`` angles ("hip.flex" sets both hips), ``contacts`` (landmark ->
support) and optionally ``base`` to build on another base. Angles follow
hipdash.figures.skeleton: flexion, abduction and external rotation are positive.
"""

from __future__ import annotations

from typing import Any

_ARMS_DOWN = {"shoulder.abd": 8, "elbow.flex": 10}

BASES: dict[str, dict[str, Any]] = {
    "standing": {
        "root": {"pitch": 0},
        "joints": {**_ARMS_DOWN},
        "contacts": {"foot": "floor"},
    },
    "supine": {
        # Lying on the back, legs long, arms by the sides.
        "root": {"pitch": -90},
        "joints": {"shoulder.abd": 12, "elbow.flex": 5, "ankle.dorsi": -25},
        "contacts": {"sacrum": "floor", "upper_back": "floor", "calf": "floor"},
    },
    "supine_knees_bent": {
        # Hook lying: on the back, knees bent, feet flat on the floor.
        "root": {"pitch": -90},
        "joints": {
            "hip.flex": 44,
            "knee.flex": 101,
            "ankle.dorsi": -35,
            "shoulder.abd": 12,
            "elbow.flex": 5,
        },
        "contacts": {"sacrum": "floor", "upper_back": "floor", "foot": "floor"},
    },
    "figure_four_supine": {
        # Hook lying with the right ankle crossed over the left knee.
        "base": "supine_knees_bent",
        "joints": {"hip_r.flex": 100.7, "hip_r.abd": 10, "hip_r.rot": 45, "knee_r.flex": 120.6},
        "contacts": {
            "sacrum": "floor",
            "upper_back": "floor",
            "foot_l": "floor",
            "ankle_outer_r": "above_knee_l",
        },
    },
    "prone": {
        # Lying face down, forehead on the hands.
        "root": {"pitch": 88.8},
        "joints": {
            "shoulder.flex": 150,
            "shoulder.abd": 35,
            "elbow.flex": 120,
            "ankle.dorsi": -45,
        },
        "contacts": {"belly": "floor", "front_thigh": "floor"},
    },
    "quadruped": {
        # On hands and knees, hands under shoulders, knees under hips.
        "root": {"pitch": 76},
        "joints": {"hip.flex": 76, "knee.flex": 90, "shoulder.flex": 76, "ankle.dorsi": -50},
        "contacts": {"knee": "floor", "hand": "floor"},
    },
    "seated_chair": {
        # Sitting tall on a chair, feet flat, hands on the thighs.
        "root": {"pitch": 0},
        "joints": {
            "hip.flex": 86,
            "knee.flex": 83,
            "ankle.dorsi": -5.5,
            "shoulder.flex": 25,
            "elbow.flex": 50,
        },
        "contacts": {"seat": "chair", "foot": "floor"},
    },
    "long_sitting": {
        # Sitting on the floor, legs long, hands beside the hips.
        "root": {"pitch": 0},
        "joints": {"hip.flex": 90, "ankle.dorsi": -20, "shoulder.flex": -16, "shoulder.abd": 10},
        "contacts": {"seat": "floor", "hand": "floor"},
    },
    "half_kneeling": {
        # Right knee down, left foot forward, trunk upright.
        "root": {"pitch": 0},
        "joints": {
            "hip_r.flex": -10,
            "knee_r.flex": 100,
            "ankle_r.dorsi": -45,
            "hip_l.flex": 90,
            "knee_l.flex": 90,
            **_ARMS_DOWN,
        },
        "contacts": {"knee_r": "floor", "foot_l": "floor"},
    },
    "side_lying": {
        # Lying on the left side, head on the lower arm, hips and knees a little bent.
        "root": {"roll": -90},
        "joints": {
            "spine.side": 12,
            "hip.flex": 40,
            "knee.flex": 70,
            "shoulder_l.flex": 170,
            "elbow_l.flex": 20,
            "shoulder_r.flex": 20,
            "elbow_r.flex": 60,
        },
        "contacts": {"hip_side_l": "floor", "shoulder_l": "floor"},
    },
    "wall_lean": {
        # Standing with the back against a wall, feet a foot's length out.
        "root": {"pitch": -6},
        "joints": {"hip.flex": -6, "ankle.dorsi": -6, **_ARMS_DOWN},
        "contacts": {"foot": "floor", "upper_back": "wall"},
    },
}
