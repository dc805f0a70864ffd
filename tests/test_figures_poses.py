"""Pose data: every technique has poses that load, and broken poses fail with clear messages."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import pytest

import hipdash.figures.props as P
from hipdash.catalog import DEFAULT_CATALOG_DIR, load_catalog
from hipdash.figures.poses import (
    DEFAULT_POSES_DIR,
    PoseError,
    load_poses,
    mirror,
    place,
    read_file,
    swap_side_words,
)
from hipdash.figures.skeleton import landmark_point

CATALOG = load_catalog()
CATALOG_FILES = sorted(p.stem for p in DEFAULT_CATALOG_DIR.glob("*.yaml"))


def _ids_in(catalog_file: str) -> list[str]:
    import yaml

    raw = yaml.safe_load((DEFAULT_CATALOG_DIR / f"{catalog_file}.yaml").read_text("utf-8"))
    return [entry["id"] for entry in raw["techniques"]]


@pytest.mark.parametrize("catalog_file", CATALOG_FILES)
def test_every_technique_of_a_catalog_file_has_poses_in_its_pose_file(catalog_file: str) -> None:
    pose_file = DEFAULT_POSES_DIR / f"{catalog_file}.yaml"
    assert pose_file.exists(), f"data/poses/{catalog_file}.yaml is missing"
    poses = read_file(pose_file, CATALOG)
    missing = [tid for tid in _ids_in(catalog_file) if tid not in poses]
    assert missing == []


def test_every_pose_file_loads_and_validates_against_the_catalog() -> None:
    poses = load_poses(CATALOG)
    assert poses
    for tid, entry in poses.items():
        assert CATALOG.get(tid) is not None
        assert len(entry.keys) >= 2


def test_pose_files_are_named_after_catalog_files() -> None:
    for path in DEFAULT_POSES_DIR.glob("*.yaml"):
        assert (DEFAULT_CATALOG_DIR / path.name).exists(), path.name


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "glutes.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


BRIDGE = """
    techniques:
      glute-bridge:
        view: side
        label: Lying on your back, knees bent and feet flat, lifting the hips into a bridge
        keys:
          - name: start
            base: supine_knees_bent
          - name: top
            base: supine_knees_bent
            {override}
"""


def _bridge(tmp_path: Path, override: str) -> Path:
    return _write(tmp_path, BRIDGE.format(override=override))


def test_a_valid_pose_file_loads(tmp_path: Path) -> None:
    poses = read_file(_bridge(tmp_path, "joints: {neck.flex: 10}"), CATALOG)
    assert list(poses) == ["glute-bridge"]


def test_a_joint_past_its_range_names_file_technique_key_and_joint(tmp_path: Path) -> None:
    path = _bridge(tmp_path, "joints: {knee_r.flex: 150}")
    with pytest.raises(PoseError) as caught:
        read_file(path, CATALOG)
    message = str(caught.value)
    assert message.startswith("glutes.yaml: technique 'glute-bridge', key 'top'")
    assert "joint 'knee_r.flex': 150° is outside the normal range 0..135°" in message


def test_a_stated_reason_lets_a_motion_past_the_range_but_only_so_far(tmp_path: Path) -> None:
    reason = "beyond_range: {hip_r.rot: a reason long enough to read}\n"

    def body(override: str) -> str:
        text = BRIDGE.format(override=override)
        return text.replace("        keys:", f"        {reason}        keys:")

    rest = "\n            contacts: {sacrum: floor, upper_back: floor, foot_l: floor}"
    path = _write(tmp_path, body("joints: {hip_r.rot: 60}" + rest))
    assert read_file(path, CATALOG)
    path = _write(tmp_path, body("joints: {hip_r.rot: 80}" + rest))
    with pytest.raises(PoseError, match="joint 'hip_r.rot': 80°"):
        read_file(path, CATALOG)


def test_a_contact_off_its_support_is_reported_as_floating(tmp_path: Path) -> None:
    path = _bridge(tmp_path, "joints: {knee.flex: 40}")
    with pytest.raises(PoseError, match=r"key 'top', contact 'heel_r': floating [\d.]+ cm off"):
        read_file(path, CATALOG)


def test_a_body_below_the_floor_is_reported_as_sunk(tmp_path: Path) -> None:
    path = _bridge(
        tmp_path, "contacts: {upper_back: floor, foot: floor}\n            root: {pitch: -60}"
    )
    with pytest.raises(PoseError, match=r"key 'top', (contact|joint) '\w+': sunk [\d.]+ cm into"):
        read_file(path, CATALOG)


def test_a_technique_whose_equipment_no_pose_shows_fails(tmp_path: Path) -> None:
    body = """
        techniques:
          glute-ball-release-chair:
            view: side
            label: Sitting on a chair, feet flat, ball on the seat under the right buttock
            keys:
              - base: seated_chair
              - base: seated_chair
                joints: {spine.flex: 10}
    """
    with pytest.raises(PoseError, match="props: the technique needs 'ball' but no pose shows it"):
        read_file(_write(tmp_path, body), CATALOG)


def test_a_ball_away_from_the_target_area_fails(tmp_path: Path) -> None:
    body = """
        techniques:
          glute-ball-release-chair:
            view: side
            label: Sitting on a chair, feet flat, ball on the seat under the right buttock
            ball: {at: hamstring_r, against: chair}
            keys:
              - base: seated_chair
                contacts: {hamstring_r: ball, foot: floor}
              - base: seated_chair
                contacts: {hamstring_r: ball, foot: floor}
    """
    with pytest.raises(PoseError, match="ball: 'hamstring_r' is not on the technique's target"):
        read_file(_write(tmp_path, body), CATALOG)


def test_an_unknown_joint_or_base_is_named(tmp_path: Path) -> None:
    with pytest.raises(PoseError, match="joint 'tail.flex': unknown joint"):
        read_file(_bridge(tmp_path, "joints: {tail.flex: 10}"), CATALOG)
    with pytest.raises(PoseError, match="unknown base posture 'handstand'"):
        read_file(_bridge(tmp_path, "base: handstand"), CATALOG)


def test_a_technique_missing_from_the_catalog_is_an_error(tmp_path: Path) -> None:
    body = BRIDGE.replace("glute-bridge:", "glute-moonwalk:").format(override="joints: {}")
    with pytest.raises(PoseError, match="technique 'glute-moonwalk': not in the catalog"):
        read_file(_write(tmp_path, body), CATALOG)


def test_a_per_side_label_must_name_its_side(tmp_path: Path) -> None:
    body = """
        techniques:
          reclined-pigeon-thread-the-needle:
            view: side
            label: Lying on your back with one ankle resting on the other thigh
            keys:
              - base: supine_knees_bent
              - base: supine_knees_bent
    """
    with pytest.raises(PoseError, match="label: name the right side"):
        read_file(_write(tmp_path, body), CATALOG)


def test_a_hand_pressed_ball_lies_on_the_body_point_towards_the_pressing_hand() -> None:
    poses = load_poses(CATALOG)["hip-flexor-ball-release-seated"]
    assert poses.keys[0].ball == ("front_thigh_r", "hand_r")
    for placed in place(poses).keys:
        assert placed.ball is not None
        thigh = landmark_point("front_thigh_r", placed.segs)
        hand = landmark_point("hand_r", placed.segs)
        assert math.dist(placed.ball, thigh) == pytest.approx(P.BALL_RADIUS)
        # On the straight line from the thigh to the hand: the ball is between them.
        assert math.dist(thigh, placed.ball) + math.dist(placed.ball, hand) == pytest.approx(
            math.dist(thigh, hand)
        )


def test_a_hand_pressed_ball_needs_the_hand_on_it(tmp_path: Path) -> None:
    body = """
        techniques:
          hip-flexor-ball-release-seated:
            view: side
            label: Sitting on a chair, hands pressing a ball onto the front of the right thigh
            ball: {at: front_thigh_r, against: hand_r}
            keys:
              - base: seated_chair
                contacts: {seat: chair, front_thigh_r: ball, foot: floor}
              - base: seated_chair
                contacts: {seat: chair, front_thigh_r: ball, foot: floor}
    """
    with pytest.raises(PoseError, match="add the contact 'hand_r: ball' so the hand presses it"):
        read_file(_write(tmp_path, body), CATALOG)


def test_mirroring_swaps_the_hand_that_presses_the_ball() -> None:
    poses = load_poses(CATALOG)["inner-thigh-ball-release-seated"]
    assert mirror(poses).keys[0].ball == ("inner_thigh_l", "hand_l")


def test_mirroring_swaps_sides_in_angles_contacts_and_words() -> None:
    poses = load_poses(CATALOG)["glute-figure-four-stretch-lying"]
    mirrored = mirror(poses)
    assert mirrored.side == "left"
    assert "left ankle" in mirrored.label
    key = mirrored.keys[-1]
    assert key.angles["hip_l.rot"] == poses.keys[-1].angles["hip_r.rot"]
    assert ("ankle_outer_l", "above_knee_r") in key.contacts
    assert mirror(mirrored) == poses


def test_swapping_side_words_keeps_capitals_and_other_words() -> None:
    assert swap_side_words("Right knee over the left; bright light") == (
        "Left knee over the right; bright light"
    )


SQUEEZE = """
    techniques:
      inner-thigh-squeeze-lying:
        view: top
        label: Lying on your back, knees bent, squeezing a folded cushion between the knees
        squeeze: [knee_inner_r, knee_inner_l]
        keys:
          - base: supine_knees_bent
            joints: {{hip.abd: {abd}}}
            contacts: {{sacrum: floor, foot: floor}}
          - base: supine_knees_bent
            joints: {{hip.abd: {abd}}}
            contacts: {{sacrum: floor, foot: floor}}
"""


def test_a_cushion_squeezed_between_the_knees_needs_room_for_it(tmp_path: Path) -> None:
    with pytest.raises(PoseError, match="squeeze: 'knee_inner_r' and 'knee_inner_l' are 1.7 cm"):
        read_file(_write(tmp_path, SQUEEZE.format(abd=0)), CATALOG)
    loaded = read_file(_write(tmp_path, SQUEEZE.format(abd=6)), CATALOG)
    assert loaded["inner-thigh-squeeze-lying"].keys[0].squeeze == ("knee_inner_r", "knee_inner_l")


def test_mirroring_swaps_the_points_that_squeeze_the_cushion() -> None:
    poses = load_poses(CATALOG)["inner-thigh-squeeze-seated"]
    assert poses.keys[0].squeeze == ("knee_inner_r", "knee_inner_l")
    assert mirror(poses).keys[0].squeeze == ("knee_inner_l", "knee_inner_r")
