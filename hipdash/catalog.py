"""Load the technique catalog from YAML and validate every field of it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, cast

import yaml

from hipdash.vocabulary import AREAS, BENEFITS, EQUIPMENT, MODALITIES, POSITIONS

DEFAULT_CATALOG_DIR = Path(__file__).resolve().parent.parent / "data" / "techniques"

# A rep is timed at this pace unless the technique's dose names its own tempo.
SECONDS_PER_REP = 3
# The pause a person gets to change sides in a per-side technique.
SWITCH_SIDES_SECONDS = 5

# Trigger points are held until they ease, which the sources put at 20-30 s.
TRIGGER_POINT_HOLD_RANGE = (20, 30)
HOLD_RANGE = (5, 600)
SETS_RANGE = (1, 10)
REPS_RANGE = (1, 50)
REST_RANGE = (0, 180)
MIN_STEPS = 3
STEP_SIDES = ("right", "left")
REP_SECONDS_RANGE = (1, 15)
_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-")


# libyaml's loader parses the catalog several times faster than the pure-Python one,
# which matters for the app's cold start; both are the safe loader.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CatalogError(ValueError):
    """A catalog file is unreadable or breaks a rule; the message names file, id and field."""


@dataclass(frozen=True)
class Dose:
    """How much of a technique to do: a timed hold or sets of reps."""

    sets: int
    rest_seconds: int
    per_side: bool
    hold_seconds: int | None = None
    reps: int | None = None
    # For per-side work: the side the steps describe (the leg that moves, stretches or
    # takes the ball), so a guided session starts there. None when the dose is not per side.
    steps_side: str | None = None
    # Seconds one rep takes at the pace the steps describe; the planner and timer use it.
    rep_seconds: int = SECONDS_PER_REP

    @property
    def work_seconds(self) -> int:
        """Return the seconds of one set on one side."""
        if self.hold_seconds is not None:
            return self.hold_seconds
        return (self.reps or 0) * self.rep_seconds

    @property
    def total_seconds(self) -> int:
        """Return the whole time the dose takes, rests and side switches included."""
        one_side = self.sets * self.work_seconds + (self.sets - 1) * self.rest_seconds
        if self.per_side:
            return 2 * one_side + SWITCH_SIDES_SECONDS
        return one_side

    def describe(self) -> str:
        """Return the dose in words, such as '3 × 10 reps, 45 s rest, each side'."""
        if self.hold_seconds is not None:
            work = f"hold {self.hold_seconds} s"
            text = work if self.sets == 1 else f"{self.sets} × {work}"
        else:
            text = f"{self.sets} × {self.reps} reps"
        if self.sets > 1 and self.rest_seconds:
            text += f", {self.rest_seconds} s rest"
        if self.per_side:
            text += ", each side"
        return text


@dataclass(frozen=True)
class Technique:
    """One self-care technique from the catalog."""

    id: str
    name: str
    modality: str
    primary_areas: tuple[str, ...]
    secondary_areas: tuple[str, ...]
    equipment: tuple[str, ...]
    position: str
    difficulty: int
    dose: Dose
    steps: tuple[str, ...]
    breathing_cue: str
    attention_cue: str
    cautions: tuple[str, ...]
    contraindications: tuple[str, ...]
    benefits: tuple[str, ...]
    summary: str

    @property
    def areas(self) -> tuple[str, ...]:
        """Return primary then secondary areas."""
        return self.primary_areas + self.secondary_areas

    @property
    def total_seconds(self) -> int:
        """Return how long the technique takes at its catalog dose."""
        return self.dose.total_seconds


@dataclass(frozen=True)
class Catalog:
    """All techniques, in file order, with lookup by id."""

    techniques: tuple[Technique, ...]

    def get(self, technique_id: str) -> Technique | None:
        """Return the technique with this id, or None."""
        return self._by_id.get(technique_id)

    @property
    def _by_id(self) -> dict[str, Technique]:
        # Built lazily and cached on the frozen instance.
        cached = self.__dict__.get("_by_id_cache")
        if cached is None:
            cached = {t.id: t for t in self.techniques}
            object.__setattr__(self, "_by_id_cache", cached)
        return cached

    def __len__(self) -> int:
        return len(self.techniques)

    def __iter__(self) -> Iterator[Technique]:
        return iter(self.techniques)


def load_catalog(directory: Path = DEFAULT_CATALOG_DIR) -> Catalog:
    """Read every ``*.yaml`` file in ``directory`` and return the validated catalog."""
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise CatalogError(f"{directory}: no technique files (*.yaml) found")
    techniques: list[Technique] = []
    seen: dict[str, Path] = {}
    for path in files:
        for technique in parse_file(path):
            if technique.id in seen:
                raise CatalogError(
                    f"{path.name}: technique '{technique.id}', field 'id': duplicate id, "
                    f"already used in {seen[technique.id].name}"
                )
            seen[technique.id] = path
            techniques.append(technique)
    return Catalog(tuple(techniques))


def parse_file(path: Path) -> list[Technique]:
    """Parse and validate one catalog file."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CatalogError(f"{path.name}: cannot be read as YAML ({exc})") from exc
    entries = raw.get("techniques") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise CatalogError(f"{path.name}: expected a top-level 'techniques:' list")
    return [parse_technique(entry, path.name, index) for index, entry in enumerate(entries)]


def parse_technique(entry: Any, source: str, index: int = 0) -> Technique:
    """Validate one raw mapping and return it as a Technique."""
    if not isinstance(entry, Mapping):
        raise CatalogError(f"{source}: entry #{index + 1} is not a mapping")
    tid = entry.get("id")
    label = f"technique '{tid}'" if isinstance(tid, str) else f"entry #{index + 1}"
    check = _Checker(source, label, entry)

    technique_id = check.text("id")
    if not set(technique_id) <= _ID_CHARS:
        check.fail("id", "use only lowercase letters, digits and hyphens")
    modality = check.choice("modality", MODALITIES)
    areas = check.mapping("areas")
    primary = check.choices("areas.primary", AREAS, areas.get("primary"), minimum=1)
    secondary = check.choices("areas.secondary", AREAS, areas.get("secondary", []), minimum=0)
    if set(primary) & set(secondary):
        check.fail("areas.secondary", "repeats a primary area")
    equipment = check.choices("equipment", EQUIPMENT, entry.get("equipment"), minimum=1)
    if "none" in equipment and len(equipment) > 1:
        check.fail("equipment", "'none' cannot be combined with other equipment")
    cues = check.mapping("cues")
    dose = _parse_dose(check, modality)
    steps = check.texts("steps", entry.get("steps"), minimum=MIN_STEPS)
    return Technique(
        id=technique_id,
        name=check.text("name"),
        modality=modality,
        primary_areas=primary,
        secondary_areas=secondary,
        equipment=equipment,
        position=check.choice("position", POSITIONS),
        difficulty=check.integer("difficulty", entry.get("difficulty"), (1, 3)),
        dose=dose,
        steps=steps,
        breathing_cue=check.text("cues.breathing", cues.get("breathing")),
        attention_cue=check.text("cues.attention", cues.get("attention")),
        cautions=check.texts("cautions", entry.get("cautions"), minimum=1),
        contraindications=check.texts(
            "contraindications", entry.get("contraindications", []), minimum=0
        ),
        benefits=check.choices("benefits", BENEFITS, entry.get("benefits", []), minimum=0),
        summary=check.text("summary"),
    )


def _parse_dose(check: _Checker, modality: str) -> Dose:
    raw = check.mapping("dose")
    hold, reps = raw.get("hold_seconds"), raw.get("reps")
    if (hold is None) == (reps is None):
        check.fail("dose", "give exactly one of hold_seconds or reps")
    hold_range = TRIGGER_POINT_HOLD_RANGE if modality == "ball_release" else HOLD_RANGE
    per_side = raw.get("per_side")
    if not isinstance(per_side, bool):
        check.fail("dose.per_side", "must be true or false")
    steps_side = raw.get("steps_side")
    if per_side and steps_side not in STEP_SIDES:
        check.fail(
            "dose.steps_side",
            "per-side work must say which side its steps describe: 'right' or 'left'",
        )
    if not per_side and steps_side is not None:
        check.fail("dose.steps_side", "only per-side work names a side")
    return Dose(
        sets=check.integer("dose.sets", raw.get("sets", 1), SETS_RANGE),
        rest_seconds=check.integer("dose.rest_seconds", raw.get("rest_seconds", 0), REST_RANGE),
        per_side=per_side,
        hold_seconds=None if hold is None else check.integer("dose.hold_seconds", hold, hold_range),
        reps=None if reps is None else check.integer("dose.reps", reps, REPS_RANGE),
        steps_side=steps_side,
        rep_seconds=check.integer(
            "dose.rep_seconds", raw.get("rep_seconds", SECONDS_PER_REP), REP_SECONDS_RANGE
        ),
    )


_MISSING = object()


class _Checker:
    """Check raw values and raise CatalogError naming file, technique and field."""

    def __init__(self, source: str, label: str, entry: Mapping[str, Any]) -> None:
        self._source, self._label, self._entry = source, label, entry

    def fail(self, field: str, problem: str) -> NoReturn:
        raise CatalogError(f"{self._source}: {self._label}, field '{field}': {problem}")

    def text(self, field: str, value: Any = _MISSING) -> str:
        value = self._entry.get(field) if value is _MISSING else value
        if not isinstance(value, str) or not value.strip():
            self.fail(field, "missing or empty text")
        return value.strip()

    def mapping(self, field: str) -> Mapping[str, Any]:
        value = self._entry.get(field)
        if not isinstance(value, Mapping):
            self.fail(field, "missing or not a mapping")
        return value

    def integer(self, field: str, value: object, bounds: tuple[int, int]) -> int:
        low, high = bounds
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(field, f"must be a whole number from {low} to {high}")
        if not low <= value <= high:
            self.fail(field, f"{value} is out of range {low}-{high}")
        return value

    def choice(self, field: str, allowed: Mapping[str, str]) -> str:
        value = self._entry.get(field)
        if value not in allowed:
            self.fail(field, f"unknown value {value!r}; expected one of {', '.join(allowed)}")
        # Being a key of ``allowed`` makes it one of its strings.
        return cast(str, value)

    def choices(
        self, field: str, allowed: Mapping[str, str], value: Any, minimum: int
    ) -> tuple[str, ...]:
        if not isinstance(value, list) or len(value) < minimum:
            self.fail(field, f"must be a list of at least {minimum}")
        for item in value:
            if item not in allowed:
                self.fail(field, f"unknown value {item!r}; expected one of {', '.join(allowed)}")
        if len(set(value)) != len(value):
            self.fail(field, "lists a value twice")
        return tuple(value)

    def texts(self, field: str, value: Any, minimum: int) -> tuple[str, ...]:
        if not isinstance(value, list) or len(value) < minimum:
            self.fail(field, f"must be a list of at least {minimum} text items")
        if not all(isinstance(item, str) and item.strip() for item in value):
            self.fail(field, "every item must be non-empty text")
        return tuple(item.strip() for item in value)
