"""Generate believable demo logs, and a dense benchmark history, from the loaded catalog."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo
from typing import NotRequired, TypedDict

from hipdash.catalog import Catalog, Technique
from hipdash.records import (
    Note,
    SavedRoutine,
    SessionRecord,
    StepOutcome,
    StrengthSet,
    TensionCheckIn,
)
from hipdash.store import Snapshot
from hipdash.vocabulary import AREAS, MODALITIES

DEMO_SEED = 20240601
# Today's demo logs fall within this share of the time since midnight, leaving room for a
# session and its sets to end before now.
_TODAY_SHARE = 0.7

# How much a session of each modality eases tension on average (points on the 0-10 scale).
# The demo only needs some techniques to help more than others; these are not findings.
_MODALITY_EFFECT = {
    "ball_release": -1.6,
    "stretch": -1.1,
    "yoga": -1.0,
    "somatic": -0.8,
    "breathwork": -0.6,
    "strength": -0.3,
}
_NOTES = (
    ("Stiff after a long day at the desk.", ("stiff", "tired")),
    ("The ball work on the right side felt good today.", ("calm",)),
    ("Short on time, did a quick round.", ("stressed",)),
    ("Walked a lot, hips feel looser.", ("energised", "hopeful")),
    ("Sore after the weekend run.", ("sore",)),
    ("Slept badly, kept it gentle.", ("tired", "low")),
)


@dataclass(frozen=True)
class _Exercise:
    """A strength or balance exercise the demo logs, with where it starts and ends up."""

    name: str
    technique_id: str | None
    keywords: tuple[str, ...]
    measure: str  # "reps", "hold" or "load"
    first: float
    last: float
    sets: int
    per_side: bool
    reps: int = 0  # fixed reps for loaded sets


class _SetSpec(TypedDict):
    """The StrengthSet fields a demo set fills in, passed on as keyword arguments."""

    exercise_name: str
    exercise_id: str | None
    side: str
    reps: NotRequired[int]
    hold_seconds: NotRequired[float]
    load: NotRequired[float]
    unit: NotRequired[str]
    rpe: NotRequired[float]


# Keywords are tried in order, so the first names the closest match in the catalog.
_EXERCISES = (
    _Exercise("Glute bridge", None, ("glute bridge", "bridge"), "reps", 10, 16, 3, False),
    _Exercise("Clamshell", None, ("clamshell", "clam"), "reps", 12, 20, 2, True),
    _Exercise(
        "Single-leg balance", None, ("single-leg stance", "balance"), "hold", 20, 45, 2, True
    ),
    _Exercise("Split squat", None, ("split squat",), "load", 4, 12, 2, True, reps=8),
)


@dataclass(frozen=True)
class DemoData:
    """Generated records, shaped like a store snapshot so analytics accepts them directly."""

    checkins: tuple[TensionCheckIn, ...]
    sets: tuple[StrengthSet, ...]
    sessions: tuple[SessionRecord, ...]
    notes: tuple[Note, ...]
    routines: tuple[SavedRoutine, ...] = ()

    @property
    def record_count(self) -> int:
        """Return how many records there are of every kind together."""
        return len(self.checkins) + len(self.sets) + len(self.sessions) + len(self.notes)

    def snapshot(self) -> Snapshot:
        """Return the records as a store snapshot, ready for ``Store.replace_all``."""
        return Snapshot(
            checkins=self.checkins,
            sets=self.sets,
            sessions=self.sessions,
            notes=self.notes,
            routines=self.routines,
        )


def generate_demo(
    catalog: Catalog, now: datetime, weeks: int = 12, seed: int = DEMO_SEED
) -> DemoData:
    """Return ``weeks`` weeks of realistic, slowly improving logs ending at ``now``.

    Sessions come most days, with a skipped week and scattered missed days; tension eases
    with noise; strength and balance progress; several check-ins fall on some days.
    """
    rng = random.Random(seed)
    days = _days_until(now, weeks * 7)
    # One whole Monday-to-Sunday week off, away from both ends, shows as a gap in consistency.
    mondays = sorted({day - timedelta(days=day.weekday()) for day in days})[2:-2]
    missed_monday = rng.choice(mondays) if mondays else None
    generator = _Generator(catalog, now, rng, dense=False)
    for index, day in enumerate(days):
        if day - timedelta(days=day.weekday()) == missed_monday:
            continue
        generator.day(day, progress=index / max(1, len(days) - 1))
    return generator.result()


def generate_dense_history(
    catalog: Catalog, now: datetime, years: float = 10, seed: int = DEMO_SEED
) -> DemoData:
    """Return ``years`` years of daily logs for benchmarks: 6 check-ins, 3 sets, 1 session a day."""
    rng = random.Random(seed)
    days = _days_until(now, round(years * 365.25))
    generator = _Generator(catalog, now, rng, dense=True)
    for index, day in enumerate(days):
        generator.day(day, progress=index / max(1, len(days) - 1))
    return generator.result()


def _days_until(now: datetime, count: int) -> list[date]:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    today = now.date()
    return [today - timedelta(days=back) for back in range(count - 1, -1, -1)]


class _Generator:
    """Accumulate one person's records day by day."""

    def __init__(self, catalog: Catalog, now: datetime, rng: random.Random, dense: bool) -> None:
        techniques = sorted((t for t in catalog if t.modality != "strength"), key=lambda t: t.id)
        if not techniques:
            raise ValueError("the catalog needs at least one technique that is not strength work")
        self.now, self.rng, self.dense = now, rng, dense
        self.tz: tzinfo | None = now.tzinfo
        self.pool = _pick_pool(techniques, rng)
        self.effect = {
            t.id: _MODALITY_EFFECT.get(t.modality, -0.5) + rng.uniform(-0.5, 0.5) for t in self.pool
        }
        # One favourite clearly works best, so "what helps me" has a story to tell.
        self.effect[rng.choice(self.pool).id] -= 2.0
        # One technique is tried only twice: the chart must flag it rather than rank it.
        others = [t for t in techniques if t not in self.pool]
        self.tried_twice = None if dense or not others else rng.choice(others)
        if self.tried_twice is not None:
            self.effect[self.tried_twice.id] = -2.0
        self.exercises = _match_exercises(catalog)
        covered = [area for area in AREAS if any(area in t.areas for t in self.pool)]
        focus = rng.sample(covered or list(AREAS), k=min(3, len(covered or AREAS)))
        # One side tighter than the other, as it often is; the third area is logged as both.
        first_side = rng.choice(("left", "right"))
        sides = (first_side, "left" if first_side == "right" else "right", "both")
        self.focus = list(zip(focus, sides, strict=False))
        # Where each focus area starts and how far it eases by the end.
        self.baseline = {area: (rng.uniform(6.0, 7.5), rng.uniform(2.8, 3.8)) for area in focus}
        self.checkins: list[TensionCheckIn] = []
        self.sets: list[StrengthSet] = []
        self.sessions: list[SessionRecord] = []
        self.notes: list[Note] = []

    def result(self) -> DemoData:
        return DemoData(
            checkins=tuple(self.checkins),
            sets=tuple(self.sets),
            sessions=tuple(self.sessions),
            notes=tuple(self.notes),
        )

    def day(self, day: date, progress: float) -> None:
        rng = self.rng
        missed = not self.dense and rng.random() < 0.22
        if missed and day != self.now.date():
            return  # a missed day; never today, so the demo reaches the present
        if self.dense or rng.random() < 0.35:
            self._standalone(day, progress, count=2 if self.dense else rng.randint(1, 2))
        strength_day = self.dense or day.weekday() in (0, 2, 4, 5)
        self._session(day, progress, with_strength=strength_day)
        if not self.dense and rng.random() < 0.12:
            self._note(day)

    def _id(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def _at(self, day: date, hour: float) -> datetime:
        midnight = datetime.combine(day, time(0), tzinfo=self.tz)
        if day == self.now.date():
            # Today's logs happen in the part of the day already gone, so the demo runs
            # up to the present moment instead of stopping the evening before.
            hour *= _TODAY_SHARE * (self.now - midnight) / timedelta(hours=24)
        return midnight + timedelta(hours=hour)

    def _tension(self, area: str, progress: float) -> float:
        first, last = self.baseline[area]
        # Most of the easing comes early, as it does when a habit starts to pay off.
        eased = (1 - math.exp(-2 * progress)) / (1 - math.exp(-2))
        wave = 0.4 * math.sin(progress * 40)  # good and bad stretches of days
        return first + (last - first) * eased + wave

    def _level(self, value: float) -> int:
        return max(0, min(10, round(value)))

    def _standalone(self, day: date, progress: float, count: int) -> None:
        at = self._at(day, self.rng.uniform(7.0, 9.5))
        if at > self.now:
            return
        for area, side in self.rng.sample(self.focus, k=min(count, len(self.focus))):
            level = self._level(self._tension(area, progress) + self.rng.gauss(0.3, 0.9))
            self.checkins.append(
                TensionCheckIn(at=at, area=area, level=level, side=side, id=self._id())
            )

    def _session(self, day: date, progress: float, with_strength: bool) -> None:
        rng = self.rng
        start = self._at(day, rng.uniform(17.5, 20.5))
        chosen = rng.sample(
            self.pool, k=min(3 if self.dense else rng.randint(3, 4), len(self.pool))
        )
        statuses = ["done" if self.dense or rng.random() < 0.9 else "skipped" for _ in chosen]
        stop_reason = "completed"
        if not self.dense and rng.random() < 0.05:
            statuses[-1], stop_reason = "not_reached", "stopped_early"
        if self.tried_twice is not None and len(self.sessions) in (6, 25):
            chosen, statuses = [self.tried_twice, *chosen], ["done", *statuses]
        steps = tuple(
            StepOutcome(t.id, status, float(t.total_seconds) if status == "done" else 0.0)
            for t, status in zip(chosen, statuses, strict=True)
        )
        active = sum(step.active_seconds for step in steps) * rng.uniform(0.95, 1.1)
        end = start + timedelta(seconds=active * rng.uniform(1.05, 1.25))
        planned_sets = self._strength_sets(progress) if with_strength else []
        last_moment = end + timedelta(minutes=2 + 2 * len(planned_sets))
        if last_moment > self.now:
            return
        session_id = self._id()
        done = [t for t, status in zip(chosen, statuses, strict=True) if status == "done"]
        before_ids: list[str] = []
        after_ids: list[str] = []
        areas = (
            self.focus
            if self.dense
            else rng.sample(self.focus, k=min(len(self.focus), rng.randint(1, 2)))
        )
        for area, side in areas[:2]:
            before = self._tension(area, progress) + rng.gauss(0.6, 0.9)
            after = before + self._relief(done, area) + rng.gauss(0, 0.7)
            before_level = self._level(before)
            for phase, level, at in (
                ("before_session", before_level, start - timedelta(minutes=1)),
                ("after_session", min(self._level(after), before_level + 1), end),
            ):
                checkin = TensionCheckIn(
                    at=at,
                    area=area,
                    level=level,
                    side=side,
                    context=phase,
                    session_id=session_id,
                    id=self._id(),
                )
                self.checkins.append(checkin)
                (before_ids if phase == "before_session" else after_ids).append(checkin.id)
        for offset, spec in enumerate(planned_sets):
            self.sets.append(
                StrengthSet(
                    at=end + timedelta(minutes=1 + 2 * offset),
                    session_id=session_id,
                    id=self._id(),
                    **spec,
                )
            )
        self.sessions.append(
            SessionRecord(
                started_at=start,
                ended_at=end,
                routine_name="Evening hip reset",
                steps=steps,
                stop_reason=stop_reason,
                active_seconds=round(active, 1),
                before_checkin_ids=tuple(before_ids),
                after_checkin_ids=tuple(after_ids),
                id=session_id,
            )
        )

    def _relief(self, done: list[Technique], area: str) -> float:
        # Work aimed at the area eases it most; the rest of the session helps a little.
        weights = [0.6 if area in t.areas else 0.25 for t in done]
        return sum(self.effect[t.id] * w for t, w in zip(done, weights, strict=True))

    def _strength_sets(self, progress: float) -> list[_SetSpec]:
        rng = self.rng
        if self.dense:
            exercise = self.exercises[rng.randrange(len(self.exercises))]
            return [self._one_set(exercise, progress, side) for side in ("left", "right", "left")]
        specs: list[_SetSpec] = []
        for exercise in rng.sample(self.exercises, k=2):
            sides = ("left", "right") if exercise.per_side else ("both",)
            for _ in range(exercise.sets):
                specs.extend(self._one_set(exercise, progress, side) for side in sides)
        return specs

    def _one_set(self, exercise: _Exercise, progress: float, side: str) -> _SetSpec:
        target = exercise.first + (exercise.last - exercise.first) * progress
        spec: _SetSpec = {
            "exercise_name": exercise.name,
            "exercise_id": exercise.technique_id,
            "side": side,
        }
        if exercise.measure == "reps":
            spec["reps"] = max(1, round(target + self.rng.gauss(0, 1.2)))
        elif exercise.measure == "hold":
            spec["hold_seconds"] = float(max(5, round(target + self.rng.gauss(0, 4))))
        else:
            spec["reps"] = exercise.reps + self.rng.choice((0, 0, 1, 2))
            # Loads go up in 2 kg steps, as dumbbells do.
            spec["load"] = float(2 * max(1, round(target / 2 + self.rng.gauss(0, 0.3))))
            spec["unit"] = "kg"
        spec["rpe"] = float(self.rng.choice((5, 6, 6, 7, 7, 8)))
        return spec

    def _note(self, day: date) -> None:
        at = self._at(day, self.rng.uniform(21.0, 22.5))
        if at > self.now:
            return
        text, tags = self.rng.choice(_NOTES)
        self.notes.append(Note(at=at, text=text, mood_tags=tags, id=self._id()))


def _pick_pool(techniques: list[Technique], rng: random.Random) -> list[Technique]:
    """Pick up to two techniques of each modality so every modality shows up in the log."""
    pool: list[Technique] = []
    for modality in MODALITIES:
        matching = [t for t in techniques if t.modality == modality]
        pool.extend(rng.sample(matching, k=min(2, len(matching))))
    return pool


def _match_exercises(catalog: Catalog) -> list[_Exercise]:
    """Use the catalog's own name and id for each demo exercise when it has a matching one."""
    strength = sorted((t for t in catalog if t.modality == "strength"), key=lambda t: t.id)
    matched = []
    for exercise in _EXERCISES:
        found = next(
            (
                t
                for keyword in exercise.keywords
                for t in strength
                if keyword in t.name.lower() or keyword.replace(" ", "-") in t.id
            ),
            None,
        )
        if found is not None:
            exercise = replace(exercise, name=found.name, technique_id=found.id)
        matched.append(exercise)
    return matched
