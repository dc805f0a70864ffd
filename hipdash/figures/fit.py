"""Help pose authors: find joint angles that put every contact on its support."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hipdash.figures.bases import BASES
from hipdash.figures.poses import (
    SINK_TOLERANCE,
    _expand_joint,
    parse_entry,
    place,
    support_gap,
)
from hipdash.figures.skeleton import LANDMARKS, landmark_point, motion_range


def _cost(spec: Mapping[str, Any], bases: Mapping[str, Any], key_index: int) -> float:
    poses = parse_entry("fit", spec, "fit", bases, None)
    scene = place(poses)
    placed, key = scene.keys[key_index], poses.keys[key_index]
    total = 0.0
    for mark, support in key.contacts:
        gap = support_gap(landmark_point(mark, placed.segs), support, scene, placed)
        total += 1.0 if gap is None else gap * gap
    for mark in LANDMARKS:
        z = landmark_point(mark, placed.segs)[2]
        if z < -SINK_TOLERANCE:
            total += 4 * z * z
    return total


def _set(spec: dict[str, Any], key_index: int, param: str, value: float) -> dict[str, Any]:
    keys = [dict(k) for k in spec["keys"]]
    key = keys[key_index]
    joint, _, motion = param.partition(".")
    if joint == "root":
        key["root"] = {**key.get("root", {}), motion: round(value, 1)}
    else:
        key["joints"] = {**key.get("joints", {}), param: round(value, 1)}
    return {**spec, "keys": keys}


def fit_key(
    spec: Mapping[str, Any],
    key_index: int,
    params: Sequence[str],
    bases: Mapping[str, Any] = BASES,
    rounds: int = 3,
) -> dict[str, float]:
    """Return values for ``params`` (such as 'root.pitch', 'knee.flex') that best rest the key.

    A coordinate search over each parameter's normal range; the author copies the numbers
    into the pose file, so nothing is fitted when the app loads.
    """
    current = dict(spec)
    best: dict[str, float] = {}
    for _ in range(rounds):
        for param in params:
            joint = _expand_joint(param, "fit")[0].split(".")[0]
            motion = param.split(".")[1]
            low, high = (-180.0, 180.0) if joint == "root" else motion_range(joint, motion)
            candidates = [low + (high - low) * i / 72 for i in range(73)]
            if param in best:
                centre = best[param]
                candidates += [centre + d / 4 for d in range(-12, 13)]
            scored = []
            for value in candidates:
                if not low <= value <= high:
                    continue
                scored.append(
                    (
                        _cost(
                            _set(current, key_index, param, value), BASES | dict(bases), key_index
                        ),
                        value,
                    )
                )
            _, value = min(scored)
            best[param] = round(value, 1)
            current = _set(current, key_index, param, value)
    return best
