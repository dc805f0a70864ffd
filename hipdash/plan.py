"""Expand routine steps into the timed phases of a guided session."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import accumulate
from typing import Any, Protocol

from hipdash.catalog import SWITCH_SIDES_SECONDS, Technique
from hipdash.records import RoutineStep

PHASE_KINDS = ("get_ready", "work", "rest", "switch_sides", "transition")
SIDES = ("left", "right")
GET_READY_SECONDS = 10.0
# A short breather to change position between two techniques.
TRANSITION_SECONDS = 5.0
# The page reads this variable and passes it on as ``time_scale``; only tests set it.
TIME_SCALE_ENV = "HIPDASH_TEST_TIME_SCALE"


class PlanError(ValueError):
    """A routine cannot be turned into a plan; the message says which step and why."""


class TechniqueLookup(Protocol):
    """Anything that finds a technique by id, such as a Catalog or a dict."""

    def get(self, technique_id: str, /) -> Technique | None: ...


@dataclass(frozen=True)
class Phase:
    """One timed stretch of a session: a lead-in, a hold or set, a rest or a side switch."""

    step_index: int
    technique_id: str
    kind: str  # one of PHASE_KINDS
    label: str
    duration_seconds: float
    side: str | None = None  # "left", "right" or None
    set_number: int | None = None  # 1-based, work and the rest after it
    reps: int | None = None  # reps-based work only


@dataclass(frozen=True)
class Plan:
    """Every phase of a session in order, with the technique of each step."""

    phases: tuple[Phase, ...]
    technique_ids: tuple[str, ...] = ()
    step_names: tuple[str, ...] = ()

    @property
    def total_seconds(self) -> float:
        """Return the planned length of the session, the sum of all phase durations."""
        return self.boundaries[-1]

    @property
    def step_count(self) -> int:
        """Return how many routine steps the plan holds."""
        return len(self.technique_ids)

    @cached_property
    def boundaries(self) -> tuple[float, ...]:
        """Return the offset of every phase start, then the session end."""
        return (0.0, *accumulate(phase.duration_seconds for phase in self.phases))

    @cached_property
    def step_spans(self) -> tuple[tuple[float, float], ...]:
        """Return the (start, end) offsets of each step, its transition included."""
        return tuple(
            (self.boundaries[first], self.boundaries[last + 1])
            for first, last in self._step_phase_ranges
        )

    @cached_property
    def step_entries(self) -> tuple[float, ...]:
        """Return where each step begins once its transition is over: its get-ready lead-in."""
        return tuple(
            self._first_offset(step, lambda p: p.kind != "transition")
            for step in range(self.step_count)
        )

    @cached_property
    def step_work_starts(self) -> tuple[float, ...]:
        """Return the offset of each step's first work phase."""
        return tuple(
            self._first_offset(step, lambda p: p.kind == "work") for step in range(self.step_count)
        )

    def step_seconds(self, step_index: int) -> float:
        """Return the planned length of one step, its transition included."""
        start, end = self.step_spans[step_index]
        return end - start

    def to_dict(self) -> dict[str, Any]:
        """Return the plan as plain JSON-safe data, one compact row per phase."""
        # Rows instead of dicts keep a long plan well inside the store's size limit
        # for a resumable session; each phase's technique id is its step's.
        return {
            "phase_columns": list(_PHASE_COLUMNS),
            "phases": [[getattr(phase, name) for name in _PHASE_COLUMNS] for phase in self.phases],
            "technique_ids": list(self.technique_ids),
            "step_names": list(self.step_names),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Plan:
        """Rebuild a plan from ``to_dict`` output; raise PlanError if it is malformed."""
        try:
            if list(data["phase_columns"]) != list(_PHASE_COLUMNS):
                raise PlanError("stored plan has unexpected phase columns")
            ids = tuple(data["technique_ids"])
            rows = [dict(zip(_PHASE_COLUMNS, row, strict=True)) for row in data["phases"]]
            phases = tuple(
                Phase(technique_id=_id_of(ids, row["step_index"]), **row) for row in rows
            )
            plan = cls(phases, ids, tuple(data["step_names"]))
        except PlanError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise PlanError(f"stored plan is malformed ({exc})") from exc
        _check_consistent(plan)
        return plan

    @cached_property
    def _step_phase_ranges(self) -> tuple[tuple[int, int], ...]:
        ranges: dict[int, list[int]] = {}
        for index, phase in enumerate(self.phases):
            ranges.setdefault(phase.step_index, [index, index])[1] = index
        return tuple((ranges[step][0], ranges[step][1]) for step in range(self.step_count))

    def _first_offset(self, step_index: int, wanted: Callable[[Phase], bool]) -> float:
        first, last = self._step_phase_ranges[step_index]
        for index in range(first, last + 1):
            if wanted(self.phases[index]):
                return self.boundaries[index]
        return self.boundaries[first]


def build_plan(
    steps: Iterable[RoutineStep],
    techniques: TechniqueLookup,
    *,
    time_scale: float = 1.0,
    get_ready_seconds: float = GET_READY_SECONDS,
    transition_seconds: float = TRANSITION_SECONDS,
    first_sides: Mapping[str, str] | None = None,
) -> Plan:
    """Return the timed phases for ``steps``, looking each technique up in ``techniques``.

    ``time_scale`` multiplies every duration. It exists only so that tests can run a
    session in seconds (the page reads it from ``HIPDASH_TEST_TIME_SCALE``); people always
    get 1.0. ``first_sides`` maps a technique id to the side its per-side work starts on;
    techniques not named start on the side their steps describe.
    """
    if not (math.isfinite(time_scale) and time_scale > 0):
        raise PlanError(f"time_scale must be a positive number, not {time_scale!r}")
    phases: list[Phase] = []
    ids: list[str] = []
    names: list[str] = []
    for index, step in enumerate(steps):
        technique = techniques.get(step.technique_id)
        if technique is None:
            raise PlanError(f"step {index + 1}: unknown technique id '{step.technique_id}'")
        if step.sets < 1:
            raise PlanError(f"step {index + 1} ({technique.name}): sets must be at least 1")
        ids.append(technique.id)
        names.append(technique.name)
        if index > 0:
            phases.append(_lead(index, technique.id, "transition", "Next up", transition_seconds))
        phases.append(_lead(index, technique.id, "get_ready", "Get ready", get_ready_seconds))
        first = (first_sides or {}).get(technique.id)
        phases.extend(_step_phases(index, step, technique, first))
    scaled = tuple(_scaled(phase, time_scale) for phase in phases if phase.duration_seconds > 0)
    return Plan(scaled, tuple(ids), tuple(names))


def time_scale_from_env(environ: Mapping[str, str]) -> float:
    """Return the test-only time scale from ``environ``, or 1.0 when unset or invalid."""
    raw = environ.get(TIME_SCALE_ENV, "")
    try:
        value = float(raw)
    except ValueError:
        return 1.0
    return value if math.isfinite(value) and value > 0 else 1.0


def side_order(technique: Technique, first: str | None = None) -> tuple[str, str]:
    """Return the sides of per-side work in session order: ``first``, else the steps' side."""
    if first not in SIDES:
        first = technique.dose.steps_side or "right"
    return (first, "left" if first == "right" else "right")


class SideCheckIn(Protocol):
    """A tension check-in as far as choosing a side goes (records.TensionCheckIn fits)."""

    @property
    def area(self) -> str: ...
    @property
    def side(self) -> str: ...
    @property
    def level(self) -> int: ...


def tighter_side(checkins: Sequence[SideCheckIn], areas: Iterable[str]) -> str | None:
    """Return the side rated tenser in the latest per-side check-in of ``areas``, else None.

    ``checkins`` are in time order. Per area, the newest left and right ratings are
    compared; the area checked in most recently decides. Equal ratings, or no rating of
    both sides, give None so the steps' own side stays first.
    """
    wanted = set(areas)
    latest: dict[str, dict[str, int]] = {}
    for checkin in reversed(checkins):
        if checkin.area not in wanted or checkin.side not in SIDES:
            continue
        sides = latest.setdefault(checkin.area, {})
        sides.setdefault(checkin.side, checkin.level)
        if len(sides) == len(SIDES):
            left, right = sides["left"], sides["right"]
            if left == right:
                return None
            return "left" if left > right else "right"
    return None


def tighter_first_sides(
    technique_ids: Iterable[str], techniques: TechniqueLookup, checkins: Sequence[SideCheckIn]
) -> dict[str, str]:
    """Return, for each per-side technique with a tighter side on record, that side."""
    chosen: dict[str, str] = {}
    for technique_id in technique_ids:
        technique = techniques.get(technique_id)
        if technique is None or not technique.dose.per_side:
            continue
        side = tighter_side(checkins, technique.primary_areas)
        if side is not None:
            chosen[technique_id] = side
    return chosen


def step_dose(step: RoutineStep, technique: Technique) -> tuple[int | None, int | None]:
    """Return the (hold seconds, reps) a step runs: its own, else the catalog's; a hold wins."""
    if step.hold_seconds is None and step.reps is None:
        return technique.dose.hold_seconds, technique.dose.reps
    return (step.hold_seconds, None) if step.hold_seconds is not None else (None, step.reps)


def _step_phases(
    index: int, step: RoutineStep, technique: Technique, first_side: str | None = None
) -> list[Phase]:
    dose = technique.dose
    hold, reps = step_dose(step, technique)
    work_seconds = float(hold) if hold is not None else float((reps or 0) * dose.rep_seconds)
    sides: Sequence[str | None] = side_order(technique, first_side) if dose.per_side else (None,)
    rest_label = "Find the next point" if technique.modality == "ball_release" else "Rest"
    phases: list[Phase] = []
    for side_number, side in enumerate(sides):
        if side_number > 0:
            phases.append(
                Phase(index, technique.id, "switch_sides", "Switch sides", SWITCH_SIDES_SECONDS)
            )
        for set_number in range(1, step.sets + 1):
            if set_number > 1:
                rest = Phase(
                    index,
                    technique.id,
                    "rest",
                    rest_label,
                    dose.rest_seconds,
                    side=side,
                    set_number=set_number - 1,
                )
                phases.append(rest)
            label = _work_label(technique.modality, side, set_number, step.sets, reps)
            work = Phase(
                index,
                technique.id,
                "work",
                label,
                work_seconds,
                side=side,
                set_number=set_number,
                reps=reps,
            )
            phases.append(work)
    return phases


def _work_label(
    modality: str, side: str | None, set_number: int, sets: int, reps: int | None
) -> str:
    parts = [f"{side} side"] if side else []
    if modality == "ball_release":
        parts.append(f"point {set_number} of {sets}" if sets > 1 else "trigger point")
    elif sets > 1:
        parts.append(f"set {set_number} of {sets}")
    parts.append("hold" if reps is None else f"{reps} reps")
    text = " · ".join(parts)
    return text[0].upper() + text[1:]


def _lead(index: int, technique_id: str, kind: str, label: str, seconds: float) -> Phase:
    return Phase(index, technique_id, kind, label, float(seconds))


def _scaled(phase: Phase, time_scale: float) -> Phase:
    return replace(phase, duration_seconds=float(phase.duration_seconds) * time_scale)


_PHASE_COLUMNS = ("step_index", "kind", "label", "duration_seconds", "side", "set_number", "reps")


def _id_of(technique_ids: tuple[str, ...], step_index: object) -> str:
    if isinstance(step_index, bool) or not isinstance(step_index, int):
        raise TypeError(f"step index {step_index!r} is not a whole number")
    if not 0 <= step_index < len(technique_ids):
        raise PlanError(f"stored plan: step index {step_index} is out of range")
    return technique_ids[step_index]


def _check_consistent(plan: Plan) -> None:
    if len(plan.step_names) != plan.step_count:
        raise PlanError("stored plan is malformed (step names and ids differ in number)")
    seen_steps: set[int] = set()
    for position, phase in enumerate(plan.phases):
        if phase.kind not in PHASE_KINDS:
            raise PlanError(f"stored plan phase {position + 1}: unknown kind {phase.kind!r}")
        if not 0 <= phase.step_index < plan.step_count:
            raise PlanError(f"stored plan phase {position + 1}: step index out of range")
        duration = phase.duration_seconds
        if (
            isinstance(duration, bool)
            or not isinstance(duration, int | float)
            or not (math.isfinite(duration) and duration > 0)
        ):
            raise PlanError(f"stored plan phase {position + 1}: bad duration {duration!r}")
        if seen_steps and phase.step_index < max(seen_steps):
            raise PlanError(f"stored plan phase {position + 1}: steps are out of order")
        seen_steps.add(phase.step_index)
    if len(seen_steps) != plan.step_count:
        raise PlanError("stored plan is malformed (a step has no phases)")
