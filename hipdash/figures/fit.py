"""Help pose authors: find joint angles that put every contact on its support."""

from __future__ import annotations

import random
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
    rounds: int = 2,
    reach: float = 25.0,
    samples: int = 0,
) -> dict[str, float]:
    """Return values for ``params`` (such as 'root.pitch', 'knee.flex') that best rest the key.

    The search stays within ``reach`` degrees of the authored values, so the pose keeps
    its shape: a local coordinate scan, then a simplex over all of them together. The
    author copies the numbers into the pose file; nothing is fitted when the app loads.
    """
    every = BASES | dict(bases)
    authored = parse_entry("fit", spec, "fit", every, None).keys[key_index].angles
    best = {p: float(authored.get(_expand_joint(p, "fit")[0], 0.0)) for p in params}
    current = dict(spec)
    if samples:
        # A seeded random search over the whole ranges first, for poses far from resting.
        rng = random.Random(1)
        scored_samples = []
        for _ in range(samples):
            trial_values = {p: rng.uniform(*_bounds(p)) for p in params}
            trial = current
            for p, v in trial_values.items():
                trial = _set(trial, key_index, p, v)
            scored_samples.append((_cost(trial, every, key_index), trial_values))
        _, chosen = min(scored_samples, key=lambda item: item[0])
        best = {p: round(v, 1) for p, v in chosen.items()}
        for p, v in best.items():
            current = _set(current, key_index, p, v)
    for _ in range(rounds):
        for param in params:
            low, high = _bounds(param)
            centre = best[param]
            scored = []
            for step in range(-20, 21):
                value = centre + reach * step / 20
                if low <= value <= high:
                    trial = _set(current, key_index, param, value)
                    scored.append((_cost(trial, every, key_index), value))
            _, value = min(scored)
            best[param] = round(value, 1)
            current = _set(current, key_index, param, value)
        best = _simplex(spec, key_index, params, best, every)
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
