"""The figure's skeleton: proportions, joint directions, colours and the authors' fit helper."""

from __future__ import annotations

import re

import pytest

from hipdash.figures.bases import BASES
from hipdash.figures.colours import area_colour
from hipdash.figures.fit import fit_key
from hipdash.figures.skeleton import frames, joint_points, landmark_point


def test_standing_heights_match_the_tabled_proportions() -> None:
    points = joint_points(frames({}, (0.0, 0.0, 0.530)))
    # FIGURES.md: hip joint 0.530 H, shoulder 0.818 H, knee 0.285 H when standing.
    assert points["shoulder_r"][2] == pytest.approx(0.818, abs=1e-9)
    assert points["knee_r"][2] == pytest.approx(0.530 - 0.245, abs=1e-9)
    assert landmark_point("head_top", frames({}, (0.0, 0.0, 0.530)))[2] == pytest.approx(1.0)


def test_flexion_brings_the_knee_forward_and_abduction_takes_it_outward() -> None:
    bent = joint_points(frames({"hip_r.flex": 90}))
    assert bent["knee_r"][0] == pytest.approx(0.245)
    out = joint_points(frames({"hip_r.abd": 30, "hip_l.abd": 30}))
    assert out["knee_r"][1] < -0.05 and out["knee_l"][1] > 0.05


def test_external_rotation_of_a_bent_hip_swings_the_foot_inward() -> None:
    seated = {"hip_r.flex": 90, "knee_r.flex": 90}
    turned = joint_points(frames({**seated, "hip_r.rot": 45}))["ankle_r"]
    straight = joint_points(frames(seated))["ankle_r"]
    assert turned[1] > straight[1]  # towards the left, the midline of a right leg


def test_area_colours_come_from_the_body_map_palette() -> None:
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", area_colour("glutes"))


def test_the_fit_helper_rests_a_hook_lying_pose_on_its_feet() -> None:
    spec = {
        "view": "side",
        "label": "Lying on your back, knees bent",
        "keys": [
            {"base": "supine_knees_bent", "joints": {"knee.flex": 80}},
            {"base": "supine_knees_bent"},
        ],
    }
    values = fit_key(spec, 0, ["knee.flex"], BASES, rounds=1)
    assert values["knee.flex"] == pytest.approx(
        BASES["supine_knees_bent"]["joints"]["knee.flex"], abs=6
    )
