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
        best = _simplex(spec, key_index, params, best, bases)
        for param, value in best.items():
            current = _set(current, key_index, param, value)
    return best


def _bounds(param: str) -> tuple[float, float]:
    joint = _expand_joint(param, "fit")[0].split(".")[0]
    return (-180.0, 180.0) if joint == "root" else motion_range(joint, param.split(".")[1])


def _simplex(
    spec: Mapping[str, Any],
    key_index: int,
    params: Sequence[str],
    start: Mapping[str, float],
    bases: Mapping[str, Any],
    iterations: int = 400,
) -> dict[str, float]:
    """Refine all parameters together (Nelder-Mead), since they pull on each other."""
    limits = [_bounds(p) for p in params]

    def cost(x: Sequence[float]) -> float:
        current = dict(spec)
        for p, v, (low, high) in zip(params, x, limits, strict=True):
            current = _set(current, key_index, p, min(max(v, low), high))
        return _cost(current, BASES | dict(bases), key_index)

    x0 = [start[p] for p in params]
    simplex = [x0] + [
        [v + (8.0 if i == j else 0.0) for j, v in enumerate(x0)] for i in range(len(x0))
    ]
    scored = sorted((cost(x), x) for x in simplex)
    for _ in range(iterations):
        (f_best, best), (f_worst, worst) = scored[0], scored[-1]
        centroid = [sum(x[i] for _, x in scored[:-1]) / (len(scored) - 1) for i in range(len(x0))]
        reflected = [c + (c - w) for c, w in zip(centroid, worst, strict=True)]
        f_ref = cost(reflected)
        if f_ref < f_best:
            expanded = [c + 2 * (c - w) for c, w in zip(centroid, worst, strict=True)]
            f_exp = cost(expanded)
            scored[-1] = (f_exp, expanded) if f_exp < f_ref else (f_ref, reflected)
        elif f_ref < scored[-2][0]:
            scored[-1] = (f_ref, reflected)
        else:
            contracted = [c + 0.5 * (w - c) for c, w in zip(centroid, worst, strict=True)]
            f_con = cost(contracted)
            if f_con < f_worst:
                scored[-1] = (f_con, contracted)
            else:
                scored = [scored[0]] + [
                    (cost(y), y)
                    for y in (
                        [b + 0.5 * (v - b) for b, v in zip(best, x, strict=True)]
                        for _, x in scored[1:]
                    )
                ]
        scored.sort(key=lambda item: item[0])
        if scored[-1][0] - scored[0][0] < 1e-12:
            break
    _, x = scored[0]
    return {
        p: round(min(max(v, low), high), 1)
        for p, v, (low, high) in zip(params, x, limits, strict=True)
    }
