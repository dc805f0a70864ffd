"""Choose the techniques that fit a person's areas, equipment, time, level and position."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from hipdash.catalog import Technique
from hipdash.vocabulary import AREAS, EQUIPMENT, MODALITIES, POSITIONS


@dataclass(frozen=True)
class Filters:
    """What the person asked for; an empty tuple or None means 'any'."""

    areas: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    equipment: tuple[str, ...] | None = None  # what the person has; None: don't filter
    max_minutes: int | None = None
    max_difficulty: int | None = None
    positions: tuple[str, ...] = ()

    @property
    def active(self) -> list[str]:
        """Return the names of the filters that narrow the results."""
        return [f.name for f in fields(self) if getattr(self, f.name) not in (None, ())]


# How to tell a person which filter to loosen, by filter name.
LOOSEN_HINTS: dict[str, str] = {
    "areas": "choose another area or clear the area selection",
    "modalities": "allow more kinds of technique",
    "equipment": "tick more of the equipment you have",
    "max_minutes": "allow more time",
    "max_difficulty": "allow a harder level",
    "positions": "allow more positions",
}

# The filters' names as the Explore page shows them, so advice can point at one.
FILTER_LABELS: dict[str, str] = {
    "areas": "Where does it feel tense?",
    "modalities": "Kind of technique",
    "equipment": "Equipment you have",
    "max_minutes": "Time for one technique",
    "max_difficulty": "Level, up to",
    "positions": "Positions you can do",
}
# Time limits worth offering, in minutes; minute_limits keeps those that change the list.
MINUTE_CANDIDATES = (2, 3, 5, 10, 15, 20, 30, 45, 60)

_VOCABULARIES: dict[str, Mapping[str, str]] = {
    "areas": AREAS,
    "modalities": MODALITIES,
    "equipment": EQUIPMENT,
    "positions": POSITIONS,
}


def matches(technique: Technique, filters: Filters) -> bool:
    """Return True when ``technique`` passes every filter."""
    # Nearly every hip technique touches the glutes in passing, so an area
    # matches only techniques aimed at it (primary), or the filter means little.
    if filters.areas and not set(technique.primary_areas) & set(filters.areas):
        return False
    if filters.modalities and technique.modality not in filters.modalities:
        return False
    if filters.equipment is not None and not fits_equipment(technique, filters.equipment):
        return False
    if filters.max_minutes is not None and technique.total_seconds > filters.max_minutes * 60:
        return False
    if filters.max_difficulty is not None and technique.difficulty > filters.max_difficulty:
        return False
    return not filters.positions or technique.position in filters.positions


# Every home has a floor (a mat only adds comfort) and a clear wall, so these
# never hide a technique; "I only have a tennis ball" must still find floor work.
ALWAYS_AT_HAND = frozenset({"none", "mat", "wall"})
CHOOSABLE_EQUIPMENT = tuple(item for item in EQUIPMENT if item not in ALWAYS_AT_HAND)


def fits_equipment(technique: Technique, available: Iterable[str]) -> bool:
    """Return True when the person has everything the technique needs."""
    have = set(available) | ALWAYS_AT_HAND
    return set(technique.equipment) <= have


def select(techniques: Iterable[Technique], filters: Filters) -> list[Technique]:
    """Return the matching techniques in catalog order."""
    return [t for t in techniques if matches(t, filters)]


def minute_limits(
    techniques: Iterable[Technique], candidates: Iterable[int] = MINUTE_CANDIDATES
) -> list[int]:
    """Return the time limits that each let at least one more technique through.

    A limit no technique fits in, or one that shows the same techniques as a shorter
    limit, is left out, so every step of the time filter changes what a person sees.
    """
    lengths = sorted(t.total_seconds for t in techniques)
    limits: list[int] = []
    seen = 0
    for minutes in sorted(set(candidates)):
        fitting = sum(1 for length in lengths if length <= minutes * 60)
        if fitting > seen:
            limits.append(minutes)
            seen = fitting
    return limits


@dataclass(frozen=True)
class Loosening:
    """How many techniques a person would see with one filter removed."""

    filter_name: str
    hint: str
    count: int


@dataclass(frozen=True)
class EmptyResultAdvice:
    """Why nothing matched and which filters to loosen, most helpful first."""

    loosenings: list[Loosening] = field(default_factory=list)

    @property
    def message(self) -> str:
        """Return one plain sentence for the page."""
        useful = [item for item in self.loosenings if item.count > 0]
        if not useful:
            named = " and ".join(f"“{FILTER_LABELS[i.filter_name]}”" for i in self.loosenings)
            where = f" Loosen {named}, or clear" if named else " Clear"
            return f"No technique matches these filters.{where} some filters to see more."
        parts = [
            f"{item.hint} under “{FILTER_LABELS[item.filter_name]}” ({item.count} would match)"
            for item in useful[:2]
        ]
        return "No technique matches all of these filters. Try to " + ", or ".join(parts) + "."


def advise_on_empty(techniques: Iterable[Technique], filters: Filters) -> EmptyResultAdvice:
    """Return, for each active filter, how many techniques would match without it."""
    pool = list(techniques)
    loosenings = []
    for name in filters.active:
        # The field is chosen by name at run time, so its value can't be typed precisely.
        cleared: dict[str, Any] = {name: getattr(_NO_FILTERS, name)}
        relaxed = replace(filters, **cleared)
        count = sum(1 for t in pool if matches(t, relaxed))
        loosenings.append(Loosening(name, LOOSEN_HINTS[name], count))
    loosenings.sort(key=lambda item: -item.count)
    return EmptyResultAdvice(loosenings)


# Each field's "any" value, to clear one filter at a time.
_NO_FILTERS = Filters()


def parse_filters(query: Mapping[str, list[str]]) -> tuple[Filters, list[str]]:
    """Read filters from URL query values, dropping unknown values with a note for each."""
    problems: list[str] = []

    def known(name: str) -> tuple[str, ...]:
        values = [v for raw in query.get(_QUERY_KEYS[name], []) for v in raw.split(",") if v]
        kept = tuple(dict.fromkeys(v for v in values if v in _VOCABULARIES[name]))
        problems.extend(
            f"Ignored an unknown {_QUERY_KEYS[name]} {_quoted(v)} in the link."
            for v in values
            if v not in _VOCABULARIES[name]
        )
        return kept

    def number(name: str, low: int, high: int) -> int | None:
        values = query.get(_QUERY_KEYS[name])
        raw = values[-1] if values else None
        if raw is None:
            return None
        if raw.isdigit() and low <= int(raw) <= high:
            return int(raw)
        problems.append(
            f"Ignored the {_QUERY_KEYS[name]} {_quoted(raw)} in the link: expected {low}-{high}."
        )
        return None

    equipment = known("equipment")
    filters = Filters(
        areas=known("areas"),
        modalities=known("modalities"),
        equipment=equipment or None,
        max_minutes=number("max_minutes", 1, 120),
        max_difficulty=number("max_difficulty", 1, 3),
        positions=known("positions"),
    )
    return filters, problems


_PLAIN_WORD = re.compile(r"[A-Za-z0-9_-]{1,40}")


def _quoted(value: str) -> str:
    # Anyone can put anything in a link, and the page shows these messages as
    # Markdown: echo only plain words, never text that could become a link or image.
    return f"'{value}'" if _PLAIN_WORD.fullmatch(value) else "value"


def to_query(filters: Filters) -> dict[str, str]:
    """Return the URL query values that reproduce ``filters``; empty filters are left out."""
    query: dict[str, str] = {}
    for name in filters.active:
        value = getattr(filters, name)
        key = _QUERY_KEYS[name]
        query[key] = ",".join(value) if isinstance(value, tuple) else str(value)
    return query


_QUERY_KEYS = {
    "areas": "area",
    "modalities": "modality",
    "equipment": "equipment",
    "max_minutes": "minutes",
    "max_difficulty": "level",
    "positions": "position",
}


def browser_catalog(techniques: Iterable[Technique]) -> tuple[dict[str, Any], ...]:
    """Return, in catalog order, each technique's attributes that ``matches`` looks at.

    The Explore page filters in the browser with these and ``browser_rules``; a parity
    test checks the browser's choice against ``select``.
    """
    return tuple(
        {
            "id": t.id,
            "primary_areas": tuple(t.primary_areas),
            "modality": t.modality,
            "equipment": tuple(t.equipment),
            "total_seconds": t.total_seconds,
            "difficulty": t.difficulty,
            "position": t.position,
        }
        for t in techniques
    )


def browser_rules() -> dict[str, Any]:
    """Return the constants the browser's copy of ``matches`` and the empty advice need."""
    return {
        "always_at_hand": tuple(sorted(ALWAYS_AT_HAND)),
        # Filters' field order: advice for equally helpful filters keeps this order.
        "filter_order": tuple(f.name for f in fields(Filters)),
        "hints": tuple(LOOSEN_HINTS.items()),
        "labels": tuple(FILTER_LABELS.items()),
        "query_keys": tuple(_QUERY_KEYS.items()),
    }
