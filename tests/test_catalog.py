"""The technique catalog: loading, validation messages, and every technique's content."""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path

import pytest
import yaml

from hipdash.catalog import (
    DEFAULT_CATALOG_DIR,
    SWITCH_SIDES_SECONDS,
    CatalogError,
    Dose,
    load_catalog,
    parse_technique,
)
from hipdash.vocabulary import AREAS, MODALITIES

CATALOG = load_catalog()

VALID = {
    "id": "test-bridge",
    "name": "Test bridge",
    "summary": "Lift the hips.",
    "modality": "strength",
    "areas": {"primary": ["glutes"], "secondary": ["hamstrings"]},
    "equipment": ["mat"],
    "position": "lying",
    "difficulty": 1,
    "dose": {"reps": 10, "sets": 3, "rest_seconds": 45, "per_side": False},
    "steps": ["Lie down.", "Lift.", "Lower."],
    "cues": {"breathing": "Breathe out as you lift.", "attention": "Feel the glutes."},
    "cautions": ["Stop on sharp pain."],
    "contraindications": [],
    "benefits": ["back_pain"],
}


def _with(path: str, value: object) -> dict:
    entry = copy.deepcopy(VALID)
    *parents, last = path.split(".")
    target = entry
    for key in parents:
        target = target[key]
    if value is _DELETE:
        del target[last]
    else:
        target[last] = value
    return entry


_DELETE = object()


def test_the_catalog_has_at_least_sixty_techniques() -> None:
    assert len(CATALOG) >= 60


@pytest.mark.parametrize("area", list(AREAS))
def test_every_area_has_six_techniques_across_three_modalities(area: str) -> None:
    aimed = [t for t in CATALOG if area in t.primary_areas]
    assert len(aimed) >= 6
    assert len({t.modality for t in aimed}) >= 3


@pytest.mark.parametrize("modality", list(MODALITIES))
def test_every_modality_is_represented(modality: str) -> None:
    assert any(t.modality == modality for t in CATALOG)


def test_ids_and_names_are_unique() -> None:
    assert not [i for i, n in Counter(t.id for t in CATALOG).items() if n > 1]
    assert not [i for i, n in Counter(t.name for t in CATALOG).items() if n > 1]


@pytest.mark.parametrize("technique", CATALOG.techniques, ids=lambda t: t.id)
def test_technique_is_complete_and_carries_its_cautions(technique) -> None:
    assert technique.name and technique.summary
    assert len(technique.steps) >= 3
    assert technique.cautions, "every technique needs at least one caution"
    assert technique.breathing_cue and technique.attention_cue
    assert 1 <= technique.difficulty <= 3
    assert technique.total_seconds > 0
    if technique.modality == "ball_release":
        assert 20 <= technique.dose.hold_seconds <= 30
        assert "ball" in technique.equipment


def test_no_advertising_from_the_sources_reaches_the_catalog() -> None:
    text = " ".join(p.read_text().lower() for p in DEFAULT_CATALOG_DIR.glob("*.yaml"))
    for word in ("coupon", "discount", "promo code", "shop now", "amazon", "http"):
        assert word not in text


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("areas.primary", ["knees"], "field 'areas.primary': unknown value 'knees'"),
        ("areas.primary", [], "field 'areas.primary': must be a list of at least 1"),
        ("steps", ["Only one.", "Two."], "field 'steps': must be a list of at least 3"),
        ("steps", _DELETE, "field 'steps'"),
        ("cautions", [], "field 'cautions': must be a list of at least 1"),
        ("dose.reps", 0, "field 'dose.reps': 0 is out of range 1-50"),
        ("dose.sets", 11, "field 'dose.sets': 11 is out of range 1-10"),
        ("dose.rest_seconds", -5, "field 'dose.rest_seconds'"),
        ("dose.per_side", "yes", "field 'dose.per_side': must be true or false"),
        ("dose.per_side", True, "field 'dose.steps_side': per-side work must say which side"),
        ("dose.steps_side", "right", "field 'dose.steps_side': only per-side work names a side"),
        ("dose.hold_seconds", 30, "field 'dose': give exactly one of hold_seconds or reps"),
        ("difficulty", 4, "field 'difficulty': 4 is out of range 1-3"),
        ("modality", "pilates", "field 'modality': unknown value 'pilates'"),
        ("position", "upside_down", "field 'position'"),
        ("equipment", ["none", "ball"], "field 'equipment': 'none' cannot be combined"),
        ("equipment", ["trampoline"], "field 'equipment': unknown value 'trampoline'"),
        ("benefits", ["flying"], "field 'benefits': unknown value 'flying'"),
        ("id", "Has Spaces", "field 'id': use only lowercase"),
        ("name", "", "field 'name': missing or empty text"),
        ("cues.breathing", _DELETE, "field 'cues.breathing'"),
    ],
)
def test_a_bad_field_is_named_in_one_clear_message(path: str, value: object, expected: str) -> None:
    with pytest.raises(CatalogError) as raised:
        parse_technique(_with(path, value), "glutes.yaml")
    message = str(raised.value)
    assert message.startswith("glutes.yaml: technique ")
    assert expected in message


def test_a_trigger_point_hold_outside_twenty_to_thirty_seconds_is_rejected() -> None:
    entry = _with("modality", "ball_release")
    entry["equipment"] = ["ball"]
    entry["dose"] = {
        "hold_seconds": 60,
        "sets": 2,
        "rest_seconds": 10,
        "per_side": True,
        "steps_side": "right",
    }
    with pytest.raises(CatalogError, match="'dose.hold_seconds': 60 is out of range 20-30"):
        parse_technique(entry, "glutes.yaml")


def _write(directory: Path, name: str, entries: list[dict]) -> None:
    (directory / name).write_text(yaml.safe_dump({"techniques": entries}))


def test_a_duplicate_id_across_files_names_both_files(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", [VALID])
    _write(tmp_path, "b.yaml", [VALID])
    with pytest.raises(CatalogError, match=r"b.yaml: technique 'test-bridge'.*already used in a"):
        load_catalog(tmp_path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("techniques: [\n  - id: broken", "a.yaml: cannot be read as YAML"),
        ("just: a mapping", "a.yaml: expected a top-level 'techniques:' list"),
        ("techniques:\n  - 42", "a.yaml: entry #1 is not a mapping"),
    ],
)
def test_an_unreadable_file_is_named(tmp_path: Path, content: str, expected: str) -> None:
    (tmp_path / "a.yaml").write_text(content)
    with pytest.raises(CatalogError, match=expected):
        load_catalog(tmp_path)


def test_an_empty_catalog_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="no technique files"):
        load_catalog(tmp_path)


@pytest.mark.parametrize(
    ("dose", "seconds", "words"),
    [
        (Dose(sets=1, rest_seconds=0, per_side=False, hold_seconds=30), 30, "hold 30 s"),
        (
            Dose(sets=3, rest_seconds=10, per_side=True, hold_seconds=25),
            2 * (3 * 25 + 2 * 10) + SWITCH_SIDES_SECONDS,
            "3 × hold 25 s, 10 s rest, each side",
        ),
        (
            Dose(sets=2, rest_seconds=45, per_side=False, reps=10),
            2 * 30 + 45,
            "2 × 10 reps, 45 s rest",
        ),
    ],
)
def test_a_dose_knows_its_total_time_and_words(dose: Dose, seconds: int, words: str) -> None:
    assert dose.total_seconds == seconds
    assert dose.describe() == words


def test_lookup_by_id_returns_the_technique_or_none() -> None:
    first = CATALOG.techniques[0]
    assert CATALOG.get(first.id) is first
    assert CATALOG.get("no-such-technique") is None


@pytest.mark.parametrize(
    "technique", [t for t in CATALOG.techniques if t.dose.per_side], ids=lambda t: t.id
)
def test_per_side_work_names_the_side_its_steps_describe(technique) -> None:
    assert technique.dose.steps_side in ("right", "left")
