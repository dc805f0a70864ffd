"""Test JSON and CSV export, and the all-or-nothing, idempotent import."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from pathlib import Path

import pytest

from hipdash.serialize import KINDS, field_names
from hipdash.store import SCHEMA_VERSION, Snapshot, Store
from hipdash.transfer import (
    EXPORT_FORMAT,
    MAX_IMPORT_BYTES,
    MAX_IMPORT_MB,
    ImportPlan,
    escape_cell,
    export_csv,
    export_json,
    parse_import,
)
from tests.store_fixtures import (
    NOW,
    fixed_now,
    make_checkin,
    make_note,
    make_routine,
    make_set,
    seed,
)
from tests.support import ROOT


@pytest.fixture
def seeded_store(db_path: Path) -> Store:
    """Return a store holding records of every kind."""
    store = Store(db_path, now=fixed_now)
    seed(store)
    return store


@pytest.fixture
def other_store(tmp_path: Path) -> Store:
    """Return an empty store in a second file, to import into."""
    return Store(tmp_path / "other" / "hipdash.json", now=fixed_now)


@pytest.fixture
def fresh_db(tmp_path: Path) -> Path:
    """Return a data file path with nothing in it yet."""
    return tmp_path / "fresh" / "hipdash.json"


def test_the_json_export_is_complete_and_names_its_format(seeded_store: Store) -> None:
    data = json.loads(export_json(seeded_store.snapshot()))
    assert data["format"] == EXPORT_FORMAT
    assert data["schema_version"] == SCHEMA_VERSION
    assert [len(data[kind]) for kind in KINDS] == [3, 2, 1, 1, 1]


def test_export_then_import_gives_back_the_same_snapshot(
    seeded_store: Store, other_store: Store
) -> None:
    original = seeded_store.snapshot()
    plan = parse_import(export_json(original), NOW)
    assert plan.ok and plan.records == original
    assert plan.counts() == {"checkins": 3, "sets": 2, "sessions": 1, "notes": 1, "routines": 1}
    other_store.apply_import(plan.records)
    assert other_store.snapshot() == original


def test_importing_the_same_file_twice_adds_nothing_the_second_time(
    seeded_store: Store, other_store: Store
) -> None:
    plan = parse_import(export_json(seeded_store.snapshot()), NOW)
    first = other_store.apply_import(plan.records)
    second = other_store.apply_import(plan.records)
    assert sum(first.added.values()) == 8
    assert sum(second.added.values()) == 0 and sum(second.skipped.values()) == 8
    assert other_store.snapshot() == seeded_store.snapshot()


def test_importing_into_the_same_store_adds_only_new_records(seeded_store: Store) -> None:
    text = export_json(Snapshot(checkins=(*seeded_store.snapshot().checkins, make_checkin())))
    result = seeded_store.apply_import(parse_import(text, NOW).records)
    assert result.added["checkins"] == 1 and result.skipped["checkins"] == 3


def test_one_bad_row_rejects_the_whole_import_with_a_message_per_row(
    seeded_store: Store, other_store: Store
) -> None:
    data = json.loads(export_json(seeded_store.snapshot()))
    data["checkins"][2]["level"] = 14
    data["sets"][0]["unit"] = "stone"
    data["notes"][0]["mood_tags"] = "calm"
    plan = parse_import(json.dumps(data), NOW)
    assert not plan.ok
    assert plan.errors == (
        "checkins row 3: Tension must be a whole number from 0 to 10.",
        "sets row 1: Unit must be kg or lb.",
        "notes row 1: 'mood_tags' must be a list.",
    )
    assert plan.records == Snapshot()


def test_a_repeated_id_inside_the_file_is_an_error(seeded_store: Store) -> None:
    data = json.loads(export_json(seeded_store.snapshot()))
    data["checkins"].append(data["checkins"][0])
    plan = parse_import(json.dumps(data), NOW)
    assert plan.errors == (
        f"checkins row 4: the id {data['checkins'][0]['id']} appears more than once in the file.",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json at all", "The file is not valid JSON (line 1, column 1)."),
        ("[1, 2]", "The file is not a hipdash export"),
        ('{"hello": 1}', "The file is not a hipdash export"),
        ('{"format": "hipdash-export", "schema_version": 9}', "data format 9"),
        (
            '{"format": "hipdash-export", "schema_version": 2, "checkins": {}}',
            "The section 'checkins' must be a list of entries.",
        ),
        (
            '{"format": "hipdash-export", "schema_version": 2, "moods": []}',
            "unknown section 'moods'",
        ),
        ('{"_meta": {"1": {"schema_version": 5}}}', "The file can't be imported: it was written"),
    ],
)
def test_a_file_that_is_not_an_export_is_refused_with_a_reason(text: str, message: str) -> None:
    plan = parse_import(text, NOW)
    assert not plan.ok
    assert message in plan.errors[0]


def test_an_empty_export_imports_nothing(other_store: Store) -> None:
    plan = parse_import(export_json(Snapshot()), NOW)
    assert plan == ImportPlan(records=Snapshot())
    assert sum(other_store.apply_import(plan.records).added.values()) == 0


def test_a_data_file_or_backup_can_be_imported(
    seeded_store: Store, db_path: Path, other_store: Store
) -> None:
    plan = parse_import(db_path.read_text(encoding="utf-8"), NOW)
    assert plan.ok
    other_store.apply_import(plan.records)
    assert other_store.snapshot() == seeded_store.snapshot()


def test_a_routine_whose_name_exists_is_skipped_not_doubled(
    seeded_store: Store, other_store: Store
) -> None:
    other_store.save_routine(make_routine(name="MORNING"))
    result = other_store.apply_import(
        parse_import(export_json(seeded_store.snapshot()), NOW).records
    )
    assert result.skipped["routines"] == 1
    assert [r.name for r in other_store.snapshot().routines] == ["MORNING"]


@pytest.mark.parametrize(
    ("cell", "escaped"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("plain text", "plain text"),
        ("a=b", "a=b"),
        ("", ""),
        ("'already quoted", "'already quoted"),
        (" =1+1", "' =1+1"),
        ("   +1", "'   +1"),
        ("\n-1", "'\n-1"),
        ("\r\n@SUM(A1)", "'\r\n@SUM(A1)"),
        ("\u00a0=1", "'\u00a0=1"),
        ("\u2003\u3000=1", "'\u2003\u3000=1"),
        ("\u200b=1", "'\u200b=1"),
        ("\ufeff =1", "'\ufeff =1"),
        ("\uff1dSUM(A1)", "'\uff1dSUM(A1)"),
        ("\uff0b1", "'\uff0b1"),
        ("\uff0d1", "'\uff0d1"),
        ("\uff20SUM(A1)", "'\uff20SUM(A1)"),
        (" \uff1d1", "' \uff1d1"),
        ("  plain", "  plain"),
        ("\u00a0a=b", "\u00a0a=b"),
        ("   ", "   "),
    ],
)
def test_csv_cells_that_would_run_as_formulas_are_escaped(cell: str, escaped: str) -> None:
    assert escape_cell(cell) == escaped


def test_the_csv_export_has_one_table_per_kind_with_a_header(seeded_store: Store) -> None:
    tables = export_csv(seeded_store.snapshot())
    assert list(tables) == list(KINDS)
    for kind, text in tables.items():
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == field_names(kind)
        assert len(rows) == 1 + len(seeded_store.snapshot().records(kind))


def test_formula_text_in_any_record_is_escaped_in_the_csv(fresh_db: Path) -> None:
    store = Store(fresh_db, now=fixed_now)
    store.add_note(make_note(text="=cmd|' /C calc'!A0", mood_tags=("calm", "hopeful")))
    store.add_sets([make_set(exercise_name="@evil", note="-1")])
    tables = export_csv(store.snapshot())
    note_row = list(csv.DictReader(io.StringIO(tables["notes"])))[0]
    assert note_row["text"] == "'=cmd|' /C calc'!A0"
    assert note_row["mood_tags"] == "calm hopeful"
    set_row = list(csv.DictReader(io.StringIO(tables["sets"])))[0]
    assert (set_row["exercise_name"], set_row["note"]) == ("'@evil", "'-1")
    assert set_row["at"] == "2025-06-01T17:30:00+02:00"


def test_an_empty_log_exports_headers_only() -> None:
    tables = export_csv(Snapshot())
    assert tables["checkins"].splitlines() == [",".join(field_names("checkins"))]


def test_the_servers_upload_limit_is_the_importers_limit() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == MAX_IMPORT_MB
    assert MAX_IMPORT_BYTES == MAX_IMPORT_MB * 1024 * 1024


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ('"\\ud800"', "The file holds text that is not valid Unicode (a lone surrogate escape)."),
        (
            '"a \\udfff b"',
            "The file holds text that is not valid Unicode (a lone surrogate escape).",
        ),
        ("9" * 4301, "The file holds a number too long to be a hipdash entry."),
        ("1" + "0" * 400, "notes row 1: 'text' must be text."),
    ],
)
def test_values_that_used_to_crash_the_import_are_import_problems(raw: str, problem: str) -> None:
    payload = json.loads(export_json(Snapshot(notes=(make_note(),))))
    payload["notes"][0]["text"] = "RAW"
    plan = parse_import(json.dumps(payload).replace('"RAW"', raw), NOW)
    assert plan.errors == (problem,)


def test_a_load_too_large_for_a_float_is_a_row_problem() -> None:
    payload = json.loads(export_json(Snapshot(sets=(make_set(),))))
    payload["sets"][0]["load"] = "RAW"
    plan = parse_import(json.dumps(payload).replace('"RAW"', "1" + "0" * 400), NOW)
    assert plan.errors == ("sets row 1: 'load' is too large a number.",)


def test_an_escaped_emoji_pair_is_imported_as_the_emoji() -> None:
    payload = json.loads(export_json(Snapshot(notes=(make_note(),))))
    payload["notes"][0]["text"] = "RAW"
    plan = parse_import(json.dumps(payload).replace('"RAW"', '"calm \\ud83d\\ude00"'), NOW)
    assert plan.ok and plan.records.notes[0].text == "calm \U0001f600"
