"""Technique figures: valid accessible SVG, exact mirror images, one figure per technique."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from hipdash.catalog import load_catalog
from hipdash.figures import all_poses, figure_drawing, technique_figure
from hipdash.figures.colours import area_colour
from hipdash.figures.poses import place
from hipdash.figures.render import Drawing
from hipdash.figures.skeleton import joint_points

CATALOG = load_catalog()
DRAWN = [t for t in CATALOG if t.id in all_poses()]
PER_SIDE = [t for t in DRAWN if t.dose.per_side]
SNAPSHOTS = Path(__file__).parent / "snapshots"
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("technique", DRAWN, ids=lambda t: t.id)
def test_every_figure_is_svg_that_parses_as_xml_with_a_name(technique) -> None:
    for size in ("small", "large"):
        figure = technique_figure(technique, size=size)
        root = ET.fromstring(figure.svg)
        assert root.tag == f"{SVG_NS}svg"
        assert root.get("role") == "img"
        assert root.get("aria-label") == figure.label
        assert root.find(f"{SVG_NS}title").text == figure.label
        assert len(figure.label) > 20


def test_the_large_figure_animates_and_stops_under_reduced_motion() -> None:
    bridge = CATALOG.get("glute-bridge")
    figure = technique_figure(bridge)
    root = ET.fromstring(figure.svg)
    frames = root.findall(f".//{SVG_NS}g[@class='fr']") + root.findall(
        f".//{SVG_NS}g[@class='fr still']"
    )
    assert len(frames) > 4
    # The animation is only switched on when the reader has not asked for less motion.
    assert "@media (prefers-reduced-motion:no-preference)" in figure.svg
    assert len(root.findall(f".//{SVG_NS}g[@class='fr still']")) == 1


def test_rep_techniques_cycle_at_the_planners_rep_tempo() -> None:
    bridge = CATALOG.get("glute-bridge")
    assert bridge.dose.reps is not None
    assert f"animation-duration:{bridge.dose.rep_seconds}s" in technique_figure(bridge).svg


def test_thumbnails_are_still_pictures() -> None:
    figure = technique_figure(CATALOG.get("glute-bridge"), size="small")
    assert "animation" not in figure.svg


def test_the_target_area_is_tinted_in_the_body_maps_colour() -> None:
    figure = technique_figure(CATALOG.get("glute-bridge"), animated=False)
    assert f"fill:{area_colour('glutes')}" in figure.svg


def test_text_from_the_pose_file_is_escaped_in_the_svg() -> None:
    figure = technique_figure(CATALOG.get("glute-bridge"))
    assert "<script" not in figure.svg
    ET.fromstring(figure.svg)


def _geometry(drawing: Drawing, flip_axis: int | None = None) -> list[list[tuple[float, float]]]:
    shapes = []
    for shape in drawing.frames[0]:
        points = []
        for x, y in shape.points:
            if flip_axis == 0:
                x = -x
            elif flip_axis == 1:
                y = -y
            points.append((round(x, 9) + 0.0, round(y, 9) + 0.0))
        shapes.append(sorted(points))
    return sorted(shapes)


@pytest.mark.parametrize("technique", PER_SIDE, ids=lambda t: t.id)
def test_the_other_side_is_the_exact_mirror_image(technique) -> None:
    other = "left" if technique.dose.steps_side == "right" else "right"
    drawn, label = figure_drawing(technique, side=technique.dose.steps_side)
    mirrored, mirrored_label = figure_drawing(technique, side=other)
    flip = 1 if all_poses()[technique.id].view == "top" else 0
    assert _geometry(mirrored) == _geometry(drawn, flip)
    assert f"{other} " in mirrored_label and mirrored_label != label


def _fingerprint(technique) -> tuple:
    scene = place(all_poses()[technique.id])
    return tuple(
        tuple(round(c, 3) for p in sorted(joint_points(k.segs).items()) for c in p[1])
        for k in scene.keys
    )


def test_no_two_techniques_share_a_figure() -> None:
    seen: dict[tuple, str] = {}
    for technique in DRAWN:
        print_ = _fingerprint(technique)
        assert print_ not in seen, f"{technique.id} draws the same figure as {seen[print_]}"
        seen[print_] = technique.id


def _snapshot(technique_id: str) -> str:
    scene = place(all_poses()[technique_id])
    lines = [
        f"# {technique_id}: joint centres per key, in cm for a 170 cm person (x fwd, y left, z up)"
    ]
    for key, placed in zip(scene.poses.keys, scene.keys, strict=True):
        lines.append(f"## {key.name}")
        for name, (x, y, z) in sorted(joint_points(placed.segs).items()):
            lines.append(f"{name:<12}{x * 170:8.1f}{y * 170:8.1f}{z * 170:8.1f}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "technique_id",
    ["glute-bridge", "piriformis-ball-release-lying", "fire-hydrant", "seated-figure-four-chair"],
)
def test_snapshot_of_joint_positions_matches_the_reviewed_table(technique_id: str) -> None:
    path = SNAPSHOTS / f"{technique_id}.txt"
    if os.environ.get("HIPDASH_UPDATE_SNAPSHOTS"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(_snapshot(technique_id), encoding="utf-8")
    assert _snapshot(technique_id) == path.read_text(encoding="utf-8")


def test_a_technique_without_poses_gets_a_named_placeholder() -> None:
    import dataclasses

    stranger = dataclasses.replace(CATALOG.techniques[0], id="not-drawn-yet", name="Mystery")
    figure = technique_figure(stranger)
    root = ET.fromstring(figure.svg)
    assert root.get("aria-label") == "No picture yet for Mystery"


def test_a_bad_side_or_size_is_refused() -> None:
    bridge = CATALOG.get("glute-bridge")
    with pytest.raises(ValueError, match="side"):
        technique_figure(bridge, side="middle")
    with pytest.raises(ValueError, match="size"):
        technique_figure(bridge, size="huge")


def _frames_shown_at(svg: str, t: float) -> list[int]:
    """Return which frames' CSS animations show at time t, worked out as a browser does."""
    root = ET.fromstring(svg)
    style = root.find(f"{SVG_NS}style").text
    shares = {
        m[0]: float(m[1]) / 100
        for m in re.findall(r"@keyframes (hdw\d+)\{0%\{visibility:visible\}([\d.]+)%", style)
    }
    shown = []
    frames = [g for g in root.iter(f"{SVG_NS}g") if "fr" in (g.get("class") or "").split()]
    for index, frame in enumerate(frames):
        props = dict(p.split(":", 1) for p in frame.get("style").split(";"))
        cycle = float(props["animation-duration"].rstrip("s"))
        delay = float(props["animation-delay"].rstrip("s"))
        local = (t - delay) % cycle
        if local < shares[props["--hdw"]] * cycle - 1e-6:
            shown.append(index)
    return shown


@pytest.mark.parametrize("technique_id", ["glute-supported-pigeon", "glute-bridge", "cat-cow"])
def test_an_animated_figure_shows_one_frame_at_a_time_in_order(technique_id: str) -> None:
    svg = technique_figure(CATALOG.get(technique_id)).svg
    cycle = float(re.search(r"animation-duration:([\d.]+)s", svg).group(1))
    order = []
    for step in range(200):
        shown = _frames_shown_at(svg, cycle * (step + 0.5) / 200)
        assert len(shown) == 1, shown
        if not order or order[-1] != shown[0]:
            order.append(shown[0])
    assert order == sorted(order) and len(order) > 2
