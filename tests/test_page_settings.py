"""The Data & settings page under AppTest: where the data is, export, import, a damaged file."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from hipdash.catalog import load_catalog
from hipdash.demo import generate_demo
from hipdash.store import Snapshot, Store
from hipdash.transfer import MAX_IMPORT_MB, export_json
from tests.store_fixtures import seed as seed_records
from tests.support import as_read, open_page


def seed(db_path: Path) -> Snapshot:
    demo = generate_demo(load_catalog(), datetime.now().astimezone(), weeks=2)
    store = Store(db_path)
    store.replace_all(
        Snapshot(checkins=demo.checkins, sets=demo.sets, sessions=demo.sessions, notes=demo.notes)
    )
    return store.snapshot()


def upload(app: AppTest, name: str, content: bytes) -> AppTest:
    app.file_uploader[0].set_value((name, content, "application/json"))
    return app.run()


def shown_code(app: AppTest) -> list[str]:
    return [c.value for c in app.code]


def table_with(app: AppTest, column: str) -> list:
    """Return the values of ``column`` in the first table that has it, or an empty list."""
    for frame in app.dataframe:
        if column in frame.value.columns:
            return list(frame.value[column])
    return []


@pytest.mark.parametrize("seeded", [False, True], ids=["empty store", "seeded store"])
def test_the_page_shows_the_data_file_and_its_backups(db_path: Path, seeded: bool) -> None:
    if seeded:
        seed(db_path)
    app = open_page("pages/settings.py")
    assert not app.exception
    assert str(db_path) in shown_code(app)
    assert str(db_path.parent / "backups") in shown_code(app)
    assert any("HIPDASH_DB" in c.value for c in app.caption)
    labels = [b.label for b in app.get("download_button")]
    assert "Download everything (JSON)" in labels
    assert "Tension check-ins (CSV)" in labels
    if seeded:
        names = [p.name for p in (db_path.parent / "backups").iterdir()]
        assert names and table_with(app, "file") == names


def test_a_damaged_file_shows_its_path_reason_and_recovery_and_is_left_alone(
    db_path: Path,
) -> None:
    damaged = b"[1, 2, 3]"
    db_path.write_bytes(damaged)
    app = open_page("pages/settings.py")
    assert not app.exception
    (error,) = app.error
    assert str(db_path) in as_read(error.value)
    assert "not a hipdash data file" in error.value
    assert "move the file aside" in error.value
    assert str(db_path) in shown_code(app)
    assert not app.get("download_button"), "no export of a file that can't be read"
    assert db_path.read_bytes() == damaged


def test_an_export_imports_into_a_fresh_store_once(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = seed(db_path)
    exported = export_json(original).encode("utf-8")
    fresh = tmp_path / "fresh" / "hipdash.json"
    monkeypatch.setenv("HIPDASH_DB", str(fresh))

    app = upload(open_page("pages/settings.py"), "hipdash-export.json", exported)
    total = original.count()
    assert app.button(key="settings_import_confirm").label == f"Import {total} records"
    app.button(key="settings_import_confirm").click().run()
    assert not app.exception
    assert Store(fresh).snapshot() == original
    assert any(f"Imported {total} records" in s.value for s in app.success)

    app = upload(app, "hipdash-export.json", exported)
    assert any(f"{total} of them are already in your data" in c.value for c in app.caption)
    app.button(key="settings_import_confirm").click().run()
    assert any(
        f"Imported 0 records; {total} already present, skipped." in s.value for s in app.success
    )
    assert Store(fresh).snapshot() == original


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"not json at all", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not a text file in UTF-8"),
        (json.dumps({"hello": 1}).encode(), "not a hipdash export"),
    ],
    ids=["not JSON", "not UTF-8", "foreign JSON"],
)
def test_an_unreadable_import_file_is_refused_in_plain_words(
    db_path: Path, content: bytes, problem: str
) -> None:
    app = upload(open_page("pages/settings.py"), "upload.json", content)
    assert not app.exception
    (error,) = app.error
    assert "Nothing was imported" in error.value and problem in as_read(error.value)
    assert not app.get("arrow_data_frame"), "one problem needs no table"
    assert not db_path.exists()


def test_an_import_with_bad_rows_lists_them_and_imports_nothing(db_path: Path) -> None:
    good = {"at": "2025-05-01T10:00:00+02:00", "area": "glutes", "level": 4, "id": "a1"}
    payload = {
        "format": "hipdash-export",
        "schema_version": 2,
        "checkins": [good, {**good, "id": "a2", "level": 42}, {**good, "id": "a3", "area": "toe"}],
    }
    app = upload(open_page("pages/settings.py"), "bad.json", json.dumps(payload).encode())
    assert not app.exception
    assert any("Nothing was imported" in e.value and "2 problems" in e.value for e in app.error)
    problems = table_with(app, "Problem")
    assert problems[0].startswith("checkins row 2:") and "Tension" in problems[0]
    assert problems[1].startswith("checkins row 3:")
    assert not [b for b in app.button if b.key == "settings_import_confirm"]
    assert not db_path.exists()


def test_a_path_with_markdown_characters_is_shown_literally(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "__my__ *hips* [x](y)"
    folder.mkdir()
    db = folder / "hipdash.json"
    db.write_text("{oops")
    monkeypatch.setenv("HIPDASH_DB", str(db))
    app = open_page("pages/settings.py")
    (error,) = app.error
    assert str(db) in as_read(error.value), "the path to copy reads exactly as it is"
    assert "*hips*" not in error.value and "[x](y)" not in error.value


def test_the_export_counts_each_kind_in_the_right_number(db_path: Path) -> None:
    store = Store(db_path)
    seed_records(store)
    counts = store.snapshot()
    assert len(counts.sessions) == 1 and len(counts.checkins) > 1
    app = open_page("pages/settings.py")
    text = " ".join(m.value for m in app.markdown)
    assert "1 session," in text and f"{len(counts.checkins)} tension check-ins" in text


def test_an_import_onto_a_folder_that_cannot_be_written_says_why_and_the_app_carries_on(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exported = export_json(seed(db_path)).encode("utf-8")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("HIPDASH_DB", str(blocker / "hipdash.json"))

    app = upload(open_page("pages/settings.py"), "hipdash-export.json", exported)
    app.button(key="settings_import_confirm").click().run()
    assert not app.exception
    (error,) = app.error
    assert as_read(error.value).startswith("Nothing was imported, and your data file is unchanged.")
    assert "is a file instead of a folder" in as_read(error.value)
    assert blocker.read_text() == "a file where the data folder should be"


def test_the_import_states_its_size_limit(db_path: Path) -> None:
    app = open_page("pages/settings.py")
    assert app.file_uploader[0].proto.max_upload_size_mb == MAX_IMPORT_MB
    assert any(f"Files up to {MAX_IMPORT_MB} MB" in c.value for c in app.caption)
