"""Load the technique catalog from YAML and validate every field of it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, cast

import yaml

from hipdash.vocabulary import AREAS, BENEFITS, EQUIPMENT, FLAGS, MODALITIES, POSITIONS

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
DAYS_RANGE = (1, 7)

# ACSM's ranges. A dose outside them is accepted only with a stated dose.reason.
STRETCH_HOLD_RANGE = (10, 30)  # seconds a stretch is held
STRETCH_SETS_RANGE = (2, 4)  # repetitions of a stretch
STRETCH_TOTAL_SECONDS = 60  # about this much stretching in total, per side
STRENGTH_SETS_RANGE = (1, 3)  # sets for a beginner
STRENGTH_REPS_RANGE = (8, 12)  # repetitions per set for a beginner
STRENGTH_REST_RANGE = (60, 120)  # rest between sets: 1-2 min
HEAVY_REST_RANGE = (120, 180)  # 2-3 min for heavy multi-joint sets

# Wording the catalog review fixed, so every technique of a kind says the same thing.
PAIN_LIMIT = (
    "Mild discomfort up to about 3 out of 10 is fine; sharp pain, numbness or tingling means stop."
)
PREGNANCY_RULE = (
    "Pregnancy after about 16 weeks, unless your midwife or doctor has cleared lying on your back"
)
HIP_REPLACEMENT_RULE = "Hip replacement in the last year"
OSTEOPOROSIS_RULE = "Osteoporosis"
SCIATIC_RULE = (
    "Tingling, numbness or shooting pain down the leg means the sciatic nerve is under strain: "
    "ease off at once"
)
BALL_HOLD = "20–30 s"
AFTERWARDS_STEP = "Afterwards, stretch the"
# Which list must hold a line starting with which rule, for each flag.
_FLAG_RULES: dict[str, tuple[str, str]] = {
    "back_lying": ("contraindications", PREGNANCY_RULE),
    "hip_replacement": ("contraindications", HIP_REPLACEMENT_RULE),
    "spinal_flexion": ("contraindications", OSTEOPOROSIS_RULE),
    "sciatic_nerve": ("cautions", SCIATIC_RULE),
}
_STRETCHES = ("stretch", "yoga")
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
    # Why this dose leaves ACSM's ranges (a yin-style long hold, slow reps), or None.
    reason: str | None = None

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
class Frequency:
    """How many days a week to do a technique: a range a planner can use."""

    min_days: int
    max_days: int

    def describe(self) -> str:
        """Return the range in words, such as '2–3 days a week' or 'every day'."""
        if self.min_days == self.max_days == 7:
            return "every day"
        if self.min_days == self.max_days:
            return f"{self.min_days} day{'' if self.min_days == 1 else 's'} a week"
        return f"{self.min_days}–{self.max_days} days a week"


DEFAULT_FREQUENCY = Frequency(2, 3)


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
    frequency: Frequency = DEFAULT_FREQUENCY
    # One line: what a person notices when the technique is doing its job.
    working: str = ""
    # Safety and dose flags (see vocabulary.FLAGS); each carries a rule the loader checks.
    flags: tuple[str, ...] = ()
    easier: tuple[str, ...] = ()
    harder: tuple[str, ...] = ()
    # Another way to work the same area, for someone who should skip this one.
    instead: tuple[str, ...] = ()
    # For a ball release: the stretch for the same area to do afterwards.
    afterwards: str | None = None
    # Ids this technique replaced; saved data naming them still finds it.
    aliases: tuple[str, ...] = ()

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
        """Return the technique with this id (or one it replaced), or None."""
        return self._by_id.get(technique_id)

    @property
    def _by_id(self) -> dict[str, Technique]:
        # Built lazily and cached on the frozen instance.
        cached = self.__dict__.get("_by_id_cache")
        if cached is None:
            cached = {alias: t for t in self.techniques for alias in t.aliases}
            cached.update({t.id: t for t in self.techniques})
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
            for name in (technique.id, *technique.aliases):
                if name in seen:
                    raise CatalogError(
                        f"{path.name}: technique '{technique.id}', field 'id': duplicate id "
                        f"'{name}', already used in {seen[name].name}"
                    )
                seen[name] = path
            techniques.append(technique)
    by_id = {t.id: t for t in techniques}
    for technique in techniques:
        _check_links(technique, by_id, seen[technique.id].name)
    return Catalog(tuple(techniques))


def _check_links(technique: Technique, by_id: Mapping[str, Technique], source: str) -> None:
    """Check that a technique's links name real techniques, and that variants link back."""
    check = _Checker(source, f"technique '{technique.id}'", {})
    for field, back in (("easier", "harder"), ("harder", "easier")):
        for other_id in getattr(technique, field):
            other = by_id.get(other_id)
            if other is None:
                check.fail(f"variants.{field}", f"no technique has the id '{other_id}'")
            if technique.id not in getattr(other, back):
                check.fail(
                    f"variants.{field}",
                    f"'{other_id}' must list '{technique.id}' under variants.{back} too",
                )
    for other_id in technique.instead:
        if other_id not in by_id:
            check.fail("variants.instead", f"no technique has the id '{other_id}'")
    if technique.afterwards is None:
        return
    target = by_id.get(technique.afterwards)
    if target is None or target.modality not in _STRETCHES:
        check.fail("afterwards", f"'{technique.afterwards}' is not a stretch in the catalog")
    if not set(target.primary_areas) & set(technique.primary_areas):
        check.fail("afterwards", f"'{target.id}' stretches a different area")
    named = target.name.lower()
    if not any(s.startswith(AFTERWARDS_STEP) and named in s.lower() for s in technique.steps):
        check.fail("steps", f"a step must begin '{AFTERWARDS_STEP}' and name '{target.name}'")


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
    flags = check.choices("flags", FLAGS, entry.get("flags", []), minimum=0)
    dose = _parse_dose(check, modality, flags)
    steps = check.texts("steps", entry.get("steps"), minimum=MIN_STEPS)
    cautions = check.texts("cautions", entry.get("cautions"), minimum=1)
    contraindications = check.texts(
        "contraindications", entry.get("contraindications", []), minimum=0
    )
    _check_flags(check, flags, {"cautions": cautions, "contraindications": contraindications})
    easier, harder, instead = _parse_variants(check, technique_id)
    afterwards = _parse_afterwards(check, modality, steps)
    aliases = check.ids("aliases", entry.get("aliases", []))
    if technique_id in aliases:
        check.fail("aliases", "lists the technique's own id")
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
        cautions=cautions,
        contraindications=contraindications,
        benefits=check.choices("benefits", BENEFITS, entry.get("benefits", []), minimum=0),
        summary=check.text("summary"),
        frequency=_parse_frequency(check),
        working=check.text("working"),
        flags=flags,
        easier=easier,
        harder=harder,
        instead=instead,
        afterwards=afterwards,
        aliases=aliases,
    )


def _parse_frequency(check: _Checker) -> Frequency:
    raw = check.mapping("frequency")
    low = check.integer("frequency.min_days", raw.get("min_days"), DAYS_RANGE)
    high = check.integer("frequency.max_days", raw.get("max_days"), DAYS_RANGE)
    if high < low:
        check.fail("frequency", "max_days is less than min_days")
    return Frequency(low, high)


_VARIANT_KINDS = ("easier", "harder", "instead")


def _parse_variants(check: _Checker, technique_id: str) -> tuple[tuple[str, ...], ...]:
    raw = check.entry.get("variants", {})
    if not isinstance(raw, Mapping) or set(raw) - set(_VARIANT_KINDS):
        check.fail("variants", "must be a mapping of 'easier', 'harder' and 'instead' lists")
    found = tuple(check.ids(f"variants.{key}", raw.get(key, [])) for key in _VARIANT_KINDS)
    if any(technique_id in ids for ids in found):
        check.fail("variants", "a technique cannot be its own variant")
    return found


def _parse_afterwards(check: _Checker, modality: str, steps: tuple[str, ...]) -> str | None:
    value = check.entry.get("afterwards")
    if modality != "ball_release":
        if value is not None:
            check.fail("afterwards", "only a ball release names a stretch for afterwards")
        return None
    if not any(BALL_HOLD in step for step in steps):
        check.fail("steps", f"a ball release must say to hold a spot for {BALL_HOLD}")
    if not isinstance(value, str) or not value:
        check.fail("afterwards", "a ball release must name a stretch for the same area")
    return value


def _check_flags(
    check: _Checker, flags: tuple[str, ...], texts: Mapping[str, tuple[str, ...]]
) -> None:
    for flag, (field, rule) in _FLAG_RULES.items():
        carried = any(line.startswith(rule) for line in texts[field])
        if flag in flags and not carried:
            check.fail(field, f"the '{flag}' flag needs a line that begins '{rule}'")
        # Osteoporosis is also a reason to skip pressure near bone, so only that one
        # rule's line may appear without its flag.
        if carried and flag not in flags and flag != "spinal_flexion":
            check.fail("flags", f"a line begins '{rule}', so add the '{flag}' flag")
    mentions = [line for line in texts["contraindications"] if "hip replacement" in line.lower()]
    if any(not line.startswith(HIP_REPLACEMENT_RULE) for line in mentions):
        check.fail("contraindications", f"word a hip replacement as '{HIP_REPLACEMENT_RULE}...'")


def _parse_dose(check: _Checker, modality: str, flags: tuple[str, ...] = ()) -> Dose:
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
    reason = raw.get("reason")
    if reason is not None:
        reason = check.text("dose.reason", reason)
    dose = Dose(
        sets=check.integer("dose.sets", raw.get("sets", 1), SETS_RANGE),
        rest_seconds=check.integer("dose.rest_seconds", raw.get("rest_seconds", 0), REST_RANGE),
        per_side=per_side,
        hold_seconds=None if hold is None else check.integer("dose.hold_seconds", hold, hold_range),
        reps=None if reps is None else check.integer("dose.reps", reps, REPS_RANGE),
        steps_side=steps_side,
        rep_seconds=check.integer(
            "dose.rep_seconds", raw.get("rep_seconds", SECONDS_PER_REP), REP_SECONDS_RANGE
        ),
        reason=reason,
    )
    outside = dose_outside_acsm(dose, modality, "heavy" in flags)
    if outside and reason is None:
        check.fail(outside[0], f"{outside[1]}; change it or give a dose.reason")
    if reason is not None and not outside:
        check.fail("dose.reason", "the dose is within ACSM's ranges, so it needs no reason")
    return dose


def dose_outside_acsm(dose: Dose, modality: str, heavy: bool = False) -> tuple[str, str] | None:
    """Return the field and problem where a dose leaves ACSM's ranges, or None if it keeps them.

    Stretches and yoga holds: 10-30 s, 2-4 times, about 60 s in all. Strength reps: 1-3 sets
    of 8-12, with 1-2 min rest between sets (2-3 min for heavy multi-joint sets).
    """
    if modality in _STRETCHES and dose.hold_seconds is not None:
        if not _within(dose.hold_seconds, STRETCH_HOLD_RANGE):
            return "dose.hold_seconds", _outside(
                "a stretch hold", dose.hold_seconds, STRETCH_HOLD_RANGE, "s"
            )
        if not _within(dose.sets, STRETCH_SETS_RANGE):
            return "dose.sets", _outside("stretch repetitions", dose.sets, STRETCH_SETS_RANGE)
        if dose.sets * dose.hold_seconds < STRETCH_TOTAL_SECONDS:
            return "dose", f"under {STRETCH_TOTAL_SECONDS} s of stretching in total"
    if modality == "strength" and dose.reps is not None:
        if not _within(dose.sets, STRENGTH_SETS_RANGE):
            return "dose.sets", _outside("strength sets", dose.sets, STRENGTH_SETS_RANGE)
        if not _within(dose.reps, STRENGTH_REPS_RANGE):
            return "dose.reps", _outside("reps", dose.reps, STRENGTH_REPS_RANGE)
        rest = HEAVY_REST_RANGE if heavy else STRENGTH_REST_RANGE
        if dose.sets > 1 and not _within(dose.rest_seconds, rest):
            kind = "heavy multi-joint sets" if heavy else "strength sets"
            return "dose.rest_seconds", _outside(
                f"rest between {kind}", dose.rest_seconds, rest, "s"
            )
    return None


def _within(value: int, bounds: tuple[int, int]) -> bool:
    return bounds[0] <= value <= bounds[1]


def _outside(what: str, value: int, bounds: tuple[int, int], unit: str = "") -> str:
    unit = f" {unit}" if unit else ""
    return f"{value}{unit} is outside ACSM's {bounds[0]}–{bounds[1]}{unit} for {what}"


_MISSING = object()


class _Checker:
    """Check raw values and raise CatalogError naming file, technique and field."""

    def __init__(self, source: str, label: str, entry: Mapping[str, Any]) -> None:
        self._source, self._label, self.entry = source, label, entry

    def fail(self, field: str, problem: str) -> NoReturn:
        raise CatalogError(f"{self._source}: {self._label}, field '{field}': {problem}")

    def text(self, field: str, value: Any = _MISSING) -> str:
        value = self.entry.get(field) if value is _MISSING else value
        if not isinstance(value, str) or not value.strip():
            self.fail(field, "missing or empty text")
        return value.strip()

    def mapping(self, field: str) -> Mapping[str, Any]:
        value = self.entry.get(field)
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
        value = self.entry.get(field)
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

    def ids(self, field: str, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail(field, "must be a list of technique ids")
        if any(not item or not set(item) <= _ID_CHARS for item in value):
            self.fail(field, "use only lowercase letters, digits and hyphens in ids")
        if len(set(value)) != len(value):
            self.fail(field, "lists an id twice")
        return tuple(value)

    def texts(self, field: str, value: Any, minimum: int) -> tuple[str, ...]:
        if not isinstance(value, list) or len(value) < minimum:
            self.fail(field, f"must be a list of at least {minimum} text items")
        if not all(isinstance(item, str) and item.strip() for item in value):
            self.fail(field, "every item must be non-empty text")
        return tuple(item.strip() for item in value)
