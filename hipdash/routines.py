"""Offer built-in routines, build one to fit a time budget, and edit routine steps."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TypedDict, Unpack

from hipdash.catalog import (
    HOLD_RANGE,
    REPS_RANGE,
    SETS_RANGE,
    TRIGGER_POINT_HOLD_RANGE,
    Catalog,
    Technique,
)
from hipdash.plan import GET_READY_SECONDS, TRANSITION_SECONDS, TechniqueLookup, build_plan
from hipdash.records import RoutineStep, SavedRoutine
from hipdash.vocabulary import AREAS

# A session flows from releasing, to lengthening, to strengthening, and ends calm.
BLOCKS: tuple[tuple[str, ...], ...] = (
    ("ball_release",),
    ("stretch", "yoga"),
    ("strength",),
    ("breathwork", "somatic"),
)
_BLOCK_OF = {modality: rank for rank, block in enumerate(BLOCKS) for modality in block}
_RELEASE, _STRETCH, _STRENGTH, _CALM = range(len(BLOCKS))
# The order blocks take turns in as a routine grows. The calm ending is chosen first,
# so even a five-minute session ends settled; it still runs last (see build_routine).
_ROTATION = (
    _CALM,
    _RELEASE,
    _STRETCH,
    _STRENGTH,
    _STRETCH,
    _RELEASE,
    _STRENGTH,
    _STRETCH,
    _STRENGTH,
    _CALM,
)
# A built routine is fitted to within this of its budget; tests allow a full minute.
FIT_TOLERANCE_SECONDS = 20.0


@dataclass(frozen=True)
class Routine:
    """A named built-in routine and the minutes it is meant to take."""

    id: str
    name: str
    minutes: int
    summary: str
    steps: tuple[RoutineStep, ...]

    def to_saved(self) -> SavedRoutine:
        """Return the routine as a SavedRoutine a person can keep and edit."""
        return SavedRoutine(name=self.name, steps=self.steps)


def _s(
    technique_id: str, sets: int, hold: int | None = None, reps: int | None = None
) -> RoutineStep:
    return RoutineStep(technique_id, sets=sets, hold_seconds=hold, reps=reps)


BUILT_IN_ROUTINES: tuple[Routine, ...] = (
    Routine(
        "desk-day-hip-reset",
        "Desk-day hip reset",
        10,
        "Undo a day in a chair: free the glutes and front of the hips, then breathe out slowly.",
        (
            _s("glute-ball-release-chair", 2, hold=25),
            _s("hip-flexor-chair-stretch", 2, hold=30),
            _s("glute-figure-four-stretch-chair", 2, hold=30),
            _s("glute-sit-to-stand", 1, reps=10),
            _s("long-exhale-breathing", 1, hold=60),
        ),
    ),
    Routine(
        "post-run-release",
        "Post-run release",
        15,
        "After a run, ease glutes and outer hip with a ball, then stretch what running tightens.",
        (
            _s("glute-ball-release-floor", 2, hold=30),
            _s("outer-hip-ball-release-side-lying", 2, hold=25),
            _s("hip-flexor-half-kneeling-stretch", 2, hold=30),
            _s("knee-to-opposite-shoulder-stretch", 2, hold=30),
            _s("hamstring-soft-knee-forward-fold", 2, hold=30),
            _s("diaphragmatic-breathing-knees-bent", 1, hold=180),
        ),
    ),
    Routine(
        "evening-wind-down",
        "Evening wind-down",
        15,
        "Slow, small movements and long breaths to let the hips settle before sleep.",
        (
            _s("pelvic-tilts-lying", 1, hold=120),
            _s("slow-knee-drops-windshield-wipers", 1, hold=120),
            _s("hip-flexor-heel-slides", 1, hold=150),
            _s("supported-butterfly-breath", 1, hold=180),
            _s("constructive-rest-body-scan", 1, hold=260),
        ),
    ),
    Routine(
        "hip-strength-a",
        "Hip strength A",
        20,
        "Two-sided basics: bridges, hinges, squats and side work for the glutes.",
        (
            _s("glute-bridge", 3, reps=12),
            _s("hip-hinge-bodyweight", 2, reps=10),
            _s("glute-bodyweight-squat", 3, reps=10),
            _s("outer-hip-clamshell", 1, reps=12),
            _s("outer-hip-side-plank-knees", 2, hold=20),
            _s("long-exhale-breathing", 1, hold=120),
        ),
    ),
    Routine(
        "hip-strength-b",
        "Hip strength B",
        20,
        "One leg at a time: lunges, single-leg bridges and balance for steadier hips.",
        (
            _s("hip-flexor-reverse-lunge", 2, reps=8),
            _s("glute-bridge-single-leg", 2, reps=8),
            _s("single-leg-balance-hip-turns", 2, hold=30),
            _s("fire-hydrant", 1, reps=10),
            _s("bird-dog", 1, reps=8),
            _s("long-exhale-breathing", 1, hold=120),
        ),
    ),
)


def get_built_in(routine_id: str) -> Routine | None:
    """Return the built-in routine with this id, or None."""
    return next((r for r in BUILT_IN_ROUTINES if r.id == routine_id), None)


def routine_seconds(steps: Iterable[RoutineStep], techniques: TechniqueLookup) -> float:
    """Return how long ``steps`` take as a guided session, lead-ins included."""
    return build_plan(steps, techniques).total_seconds


def default_step(technique: Technique) -> RoutineStep:
    """Return a step that does ``technique`` at its catalog dose."""
    dose = technique.dose
    return RoutineStep(technique.id, dose.sets, dose.hold_seconds, dose.reps)


def build_routine(
    catalog: Catalog,
    areas: Collection[str],
    minutes: float,
    equipment: Collection[str],
    positions_allowed: Collection[str] | None = None,
) -> list[RoutineStep]:
    """Return a routine for ``areas`` that fills ``minutes`` with the equipment at hand.

    Steps run release, then stretch and yoga, then strength, then breathing or somatic
    work, so a session ends calm. Only techniques whose equipment is all in
    ``equipment`` are used ("none" always fits). Sets, holds and reps are adjusted
    within sensible limits so the whole plan lands within a minute of the budget; if
    the chosen areas cannot fill it, other hip work that fits is added. An empty
    ``areas`` means every area. Returns [] if nothing fits at all.
    """
    if minutes <= 0:
        raise ValueError(f"minutes must be more than 0, not {minutes!r}")
    budget = float(minutes) * 60
    have = set(equipment) | {"none"}
    pool = [
        t
        for t in catalog
        if set(t.equipment) <= have
        and (positions_allowed is None or t.position in positions_allowed)
        and t.modality in _BLOCK_OF
    ]
    wanted = set(areas) or set(AREAS)
    relevant = [t for t in pool if set(t.areas) & wanted or _BLOCK_OF[t.modality] == _CALM]
    chosen = _choose(relevant, wanted, budget, [])
    fitted = _fit(chosen, budget)
    if _total(fitted) < budget - FIT_TOLERANCE_SECONDS:
        # The wanted areas ran out of techniques: round the session out with other hip work.
        chosen = _choose(pool, wanted, budget, [technique for technique, _ in fitted])
        fitted = _fit(chosen, budget)
    ordered = sorted(enumerate(fitted), key=lambda pair: (_BLOCK_OF[pair[1][0].modality], pair[0]))
    return [step for _, (_, step) in ordered]


def move_step(steps: Sequence[RoutineStep], index: int, new_index: int) -> list[RoutineStep]:
    """Return the steps with the one at ``index`` moved to ``new_index``."""
    _check_index(steps, index)
    _check_index(steps, new_index)
    moved = list(steps)
    moved.insert(new_index, moved.pop(index))
    return moved


def remove_step(steps: Sequence[RoutineStep], index: int) -> list[RoutineStep]:
    """Return the steps without the one at ``index``."""
    _check_index(steps, index)
    return [step for position, step in enumerate(steps) if position != index]


def set_sets(steps: Sequence[RoutineStep], index: int, sets: int) -> list[RoutineStep]:
    """Return the steps with the set count of one step changed."""
    _check_range("sets", sets, SETS_RANGE)
    return _changed(steps, index, sets=sets)


def set_hold(steps: Sequence[RoutineStep], index: int, seconds: int) -> list[RoutineStep]:
    """Return the steps with one step turned into a hold of ``seconds``."""
    _check_range("hold seconds", seconds, HOLD_RANGE)
    return _changed(steps, index, hold_seconds=seconds, reps=None)


def set_reps(steps: Sequence[RoutineStep], index: int, reps: int) -> list[RoutineStep]:
    """Return the steps with one step turned into sets of ``reps`` reps."""
    _check_range("reps", reps, REPS_RANGE)
    return _changed(steps, index, reps=reps, hold_seconds=None)


# -- choosing techniques ---------------------------------------------------------------


def _choose(
    pool: Sequence[Technique], wanted: set[str], budget: float, already: list[Technique]
) -> list[Technique]:
    chosen = list(already)
    by_block: dict[int, list[Technique]] = {rank: [] for rank in range(len(BLOCKS))}
    for technique in pool:
        if technique not in chosen:
            by_block[_BLOCK_OF[technique.modality]].append(technique)
    turn = 0
    misses = 0
    while misses < len(_ROTATION):
        if chosen and _total([(t, default_step(t)) for t in chosen]) >= budget:
            break
        block = _ROTATION[turn % len(_ROTATION)]
        turn += 1
        pick = _best(by_block[block], wanted, chosen)
        if pick is None or _total([(t, _smallest_step(t)) for t in [*chosen, pick]]) > budget:
            misses += 1
            continue
        misses = 0
        chosen.append(pick)
        by_block[block].remove(pick)
    return chosen


def _best(
    candidates: list[Technique], wanted: set[str], chosen: list[Technique]
) -> Technique | None:
    if not candidates:
        return None
    covered = {area for t in chosen for area in t.primary_areas}

    def score(technique: Technique) -> tuple[int, int, int]:
        primary = set(technique.primary_areas) & wanted
        secondary = set(technique.secondary_areas) & wanted
        fresh = len(primary - covered)
        return (fresh, 3 * len(primary) + len(secondary), -technique.difficulty)

    return max(candidates, key=score)


# -- fitting the doses to the budget ---------------------------------------------------


def _fit(chosen: Sequence[Technique], budget: float) -> list[tuple[Technique, RoutineStep]]:
    fitted = [(t, default_step(t)) for t in chosen]
    base = [_step_cost(t, step) for t, step in fitted]
    costs = list(base)
    total = _overhead(len(fitted)) + sum(costs)
    while abs(total - budget) > FIT_TOLERANCE_SECONDS / 4:
        grow = total < budget
        best: tuple[tuple[float, float], int, RoutineStep, float] | None = None
        for index, (technique, step) in enumerate(fitted):
            ratio = costs[index] / base[index]
            for option in _moves(technique, step, grow):
                cost = _step_cost(technique, option)
                new_total = total - costs[index] + cost
                if abs(new_total - budget) >= abs(total - budget):
                    continue
                # Grow the least-grown step first and shrink the most-grown, in big moves.
                key = (ratio if grow else -ratio, -abs(cost - costs[index]))
                if best is None or key < best[0]:
                    best = (key, index, option, cost)
        if best is None:
            break
        _, index, option, cost = best
        total += cost - costs[index]
        costs[index] = cost
        fitted[index] = (fitted[index][0], option)
    if len(fitted) > 1 and total > budget + FIT_TOLERANCE_SECONDS:
        # Even the smallest doses overflow the budget: drop the last technique chosen.
        return _fit(chosen[:-1], budget)
    return fitted


def _moves(technique: Technique, step: RoutineStep, grow: bool) -> list[RoutineStep]:
    sign = 1 if grow else -1
    low_sets, high_sets = _sets_limits(technique)
    options = []
    if low_sets <= step.sets + sign <= high_sets:
        options.append(replace(step, sets=step.sets + sign))
    if step.hold_seconds is not None:
        low, high = _hold_limits(technique)
        for change in (30, 5, 1):
            hold = step.hold_seconds + sign * change
            if low <= hold <= high:
                options.append(replace(step, hold_seconds=hold))
    if step.reps is not None:
        low, high = _reps_limits(technique)
        for change in (2, 1):
            reps = step.reps + sign * change
            if low <= reps <= high:
                options.append(replace(step, reps=reps))
    return options


def _sets_limits(technique: Technique) -> tuple[int, int]:
    sets = technique.dose.sets
    if _BLOCK_OF[technique.modality] == _CALM:
        return 1, sets
    return 1, min(SETS_RANGE[1], max(sets + 1, 3 if technique.dose.per_side else 4))


def _hold_limits(technique: Technique) -> tuple[int, int]:
    hold = technique.dose.hold_seconds or 0
    block = _BLOCK_OF[technique.modality]
    if block == _RELEASE:
        return TRIGGER_POINT_HOLD_RANGE
    if block == _CALM:
        return min(hold, 60), min(HOLD_RANGE[1], max(hold * 2, 300))
    if block == _STRETCH:
        return min(hold, 20), max(hold, 90)
    return min(hold, 10), max(hold, min(60, hold * 2))


def _reps_limits(technique: Technique) -> tuple[int, int]:
    reps = technique.dose.reps or REPS_RANGE[0]
    return min(reps, max(3, reps // 2)), min(REPS_RANGE[1], max(reps, 15))


def _smallest_step(technique: Technique) -> RoutineStep:
    step = replace(default_step(technique), sets=_sets_limits(technique)[0])
    if step.hold_seconds is not None:
        return replace(step, hold_seconds=_hold_limits(technique)[0])
    if step.reps is not None:
        return replace(step, reps=_reps_limits(technique)[0])
    return step


def _step_cost(technique: Technique, step: RoutineStep) -> float:
    lookup = {technique.id: technique}
    return build_plan([step], lookup, get_ready_seconds=0).total_seconds


def _overhead(step_count: int) -> float:
    if step_count == 0:
        return 0.0
    return step_count * GET_READY_SECONDS + (step_count - 1) * TRANSITION_SECONDS


def _total(fitted: Sequence[tuple[Technique, RoutineStep]]) -> float:
    return _overhead(len(fitted)) + sum(_step_cost(t, step) for t, step in fitted)


# -- editing helpers -------------------------------------------------------------------


class _DoseChanges(TypedDict, total=False):
    sets: int
    hold_seconds: int | None
    reps: int | None


def _changed(
    steps: Sequence[RoutineStep], index: int, **changes: Unpack[_DoseChanges]
) -> list[RoutineStep]:
    _check_index(steps, index)
    return [replace(step, **changes) if i == index else step for i, step in enumerate(steps)]


def _check_index(steps: Sequence[RoutineStep], index: int) -> None:
    if not 0 <= index < len(steps):
        raise IndexError(f"no step {index + 1}: the routine has {len(steps)} steps")


def _check_range(name: str, value: int, bounds: tuple[int, int]) -> None:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, not {value!r}")
