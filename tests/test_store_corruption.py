"""Test that a damaged or foreign data file is reported, never overwritten, never backed up."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

import hipdash.store as store_module
from hipdash.backup import latest_backup, list_backups
from hipdash.store import DatabaseError, Snapshot, Store, file_loads
from hipdash.transfer import export_json, parse_import
from tests.store_fixtures import (
    NOW,
    fixed_now,
    make_checkin,
    make_note,
    make_routine,
    make_session,
    make_set,
    seed,
)


def _edit(good: bytes, change: Callable[[dict], object], raw: bytes = b"") -> bytes:
    """Return good with one change made to its JSON; ``raw`` replaces a "RAW" placeholder."""
    data = json.loads(good)
    change(data)
    return json.dumps(data).encode().replace(b'"RAW"', raw)


def _first(table: str, name: str, value: object) -> Callable[[dict], object]:
    def change(data: dict) -> None:
        data[table][next(iter(data[table]))][name] = value

    return change


def _rekey(data: dict) -> None:
    data["notes"]["\u00b2"] = data["notes"].pop(next(iter(data["notes"])))


# One entry damaged by hand: the file parses, but not every record builds.
ENTRY_DAMAGES: dict[str, Callable[[bytes], bytes]] = {
    "a note whose text is a number": lambda good: _edit(good, _first("notes", "text", 5)),
    "a time without a timezone": lambda good: _edit(
        good, _first("notes", "at", "2025-05-01T08:00:00")
    ),
    "a table key that is not an ASCII number": lambda good: _edit(good, _rekey),
    "a number of 5,000 digits": lambda good: _edit(
        good, _first("checkins", "level", "RAW"), b"9" * 5000
    ),
    "a number too large for a float": lambda good: _edit(
        good, _first("sets", "load", "RAW"), b"1" + b"0" * 400
    ),
    "a lone surrogate in a note": lambda good: _edit(
        good, _first("notes", "text", "RAW"), b'"\\ud800 alone"'
    ),
}
# Of those, the ones that parse: only building the records finds them.
RECORD_DAMAGES = (
    "a note whose text is a number",
    "a time without a timezone",
    "a number too large for a float",
)
DAMAGES: dict[str, Callable[[bytes], bytes]] = {
    "truncated JSON": lambda good: good[: len(good) // 2],
    "a foreign JSON object": lambda good: b'{"hello": 1}',
    "a JSON list": lambda good: b"[1, 2, 3]",
    "an empty file": lambda good: b"",
    "only whitespace": lambda good: b"  \n",
    "a newer schema version": lambda good: good.replace(
        b'"schema_version":2', b'"schema_version":3'
    ),
    "a schema version that is text": lambda good: good.replace(
        b'"schema_version":2', b'"schema_version":"2"'
    ),
    "an unexpected section": lambda good: good[:-1] + b',"moods":{}}',
    "a section that is not a table": lambda good: good.replace(b'"notes":{', b'"notes":[{', 1),
    "bytes that are not UTF-8": lambda good: b"\xff\xfe\x00garbage",
    **ENTRY_DAMAGES,
}
REASONS = {
    "truncated JSON": "it is not valid JSON",
    "a foreign JSON object": "it is not a hipdash data file (it has no schema version)",
    "a JSON list": "it is not a hipdash data file (it holds a JSON list, not tables)",
    "an empty file": "the file is empty",
    "only whitespace": "the file is empty",
    "a newer schema version": "written by a newer version of hipdash (data format 3",
    "a schema version that is text": "its schema version is missing or not a whole number",
    "an unexpected section": "it has an unexpected section 'moods'",
    "a section that is not a table": "",
    "bytes that are not UTF-8": "it is not valid JSON",
    "a note whose text is a number": "entry 1 in notes is damaged ('text' must be text.)",
    "a time without a timezone": "entry 1 in notes is damaged (its 'at' time has no timezone)",
    "a table key that is not an ASCII number": "its section 'notes' is not a table of entries",
    "a number of 5,000 digits": "it holds a number too long to read",
    "a number too large for a float": "entry 1 in sets is damaged ('load' is too large a number.)",
    "a lone surrogate in a note": "it holds text that is not valid Unicode",
}

WRITES: dict[str, Callable[[Store, Snapshot], object]] = {
    "add_checkins": lambda s, snap: s.add_checkins([make_checkin()]),
    "add_sets": lambda s, snap: s.add_sets([make_set()]),
    "add_session": lambda s, snap: s.add_session(make_session(), [make_checkin()]),
    "add_note": lambda s, snap: s.add_note(make_note()),
    "update_checkin": lambda s, snap: s.update_checkin(snap.checkins[0]),
    "update_set": lambda s, snap: s.update_set(snap.sets[0]),
    "update_note": lambda s, snap: s.update_note(snap.notes[0]),
    "delete": lambda s, snap: s.delete("checkins", snap.checkins[0].id),
    "save_routine": lambda s, snap: s.save_routine(make_routine(name="Other")),
    "delete_routine": lambda s, snap: s.delete_routine(snap.routines[0].id),
    "set_active_session": lambda s, snap: s.set_active_session({"step": 1}),
    "clear_active_session": lambda s, snap: s.clear_active_session(),
    "apply_import": lambda s, snap: s.apply_import(parse_import(export_json(snap), NOW).records),
    "replace_all": lambda s, snap: s.replace_all(Snapshot()),
    "active_session": lambda s, snap: s.active_session(),
    "snapshot": lambda s, snap: s.snapshot(),
}


@pytest.fixture
def good_store(db_path: Path) -> Store:
    """Return a store whose valid file already has a daily backup."""
    store = Store(db_path, now=fixed_now)
    seed(store)
    assert latest_backup(db_path) is not None
    return store


def damage(path: Path, how: str) -> bytes:
    damaged = DAMAGES[how](path.read_bytes())
    path.write_bytes(damaged)
    return damaged


@pytest.mark.parametrize("how", DAMAGES)
def test_a_damaged_file_raises_a_database_error_naming_path_reason_and_backup(
    good_store: Store, db_path: Path, how: str
) -> None:
    damage(db_path, how)
    with pytest.raises(DatabaseError) as caught:
        Store(db_path, now=fixed_now).snapshot()
    error = caught.value
    assert error.path == db_path
    assert REASONS[how] in error.reason
    assert error.backup == latest_backup(db_path) and error.backup is not None
    hint = error.recovery_hint()
    assert str(db_path) in hint and str(error.backup) in hint
    assert "It has not been changed." in hint
    assert str(error) == hint


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize(
    "how",
    [
        "truncated JSON",
        "a foreign JSON object",
        "an empty file",
        "a newer schema version",
        "a JSON list",
        *ENTRY_DAMAGES,
    ],
)
def test_every_call_on_a_damaged_file_is_refused_and_leaves_its_bytes_alone(
    good_store: Store, db_path: Path, how: str, write: str
) -> None:
    snapshot = good_store.snapshot()
    damaged = damage(db_path, how)
    for store in (good_store, Store(db_path, now=fixed_now)):
        if how in RECORD_DAMAGES and write == "active_session":
            # Reading the resumable session builds no entry, so one bad entry does not stop it.
            store.active_session()
        else:
            with pytest.raises(DatabaseError):
                WRITES[write](store, snapshot)
        assert db_path.read_bytes() == damaged


@pytest.mark.parametrize("how", ["truncated JSON", *ENTRY_DAMAGES])
def test_a_damaged_file_is_never_backed_up(good_store: Store, db_path: Path, how: str) -> None:
    backups = {path: path.read_bytes() for path in list_backups(db_path)}
    damage(db_path, how)
    tomorrow = Store(db_path, now=lambda: NOW + timedelta(days=1))
    for attempt in (tomorrow.snapshot, lambda: tomorrow.add_note(make_note())):
        with pytest.raises(DatabaseError):
            attempt()
    assert {path: path.read_bytes() for path in list_backups(db_path)} == backups


def test_without_a_backup_the_hint_says_so(db_path: Path) -> None:
    db_path.write_bytes(b"{not json")
    with pytest.raises(DatabaseError) as caught:
        Store(db_path, now=fixed_now).add_note(make_note())
    assert caught.value.backup is None
    assert "no automatic backup exists yet" in caught.value.recovery_hint()
    assert db_path.read_bytes() == b"{not json"


def test_a_damaged_entry_is_reported_by_position_and_kind(good_store: Store, db_path: Path) -> None:
    data = json.loads(db_path.read_bytes())
    first_key = next(iter(data["checkins"]))
    data["checkins"][first_key]["level"] = "high"
    db_path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DatabaseError, match="entry 1 in checkins is damaged"):
        Store(db_path, now=fixed_now).snapshot()


def test_a_hand_edited_time_without_timezone_is_reported(good_store: Store, db_path: Path) -> None:
    data = json.loads(db_path.read_bytes())
    first_key = next(iter(data["checkins"]))
    data["checkins"][first_key]["at"] = "2025-05-01T08:00:00"
    db_path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(
        DatabaseError, match="entry 1 in checkins is damaged \\(its 'at' time has no timezone\\)"
    ):
        Store(db_path, now=fixed_now).snapshot()


def test_a_repaired_file_is_read_again(good_store: Store, db_path: Path) -> None:
    good = db_path.read_bytes()
    expected = good_store.snapshot()
    damage(db_path, "an empty file")
    with pytest.raises(DatabaseError):
        good_store.snapshot()
    db_path.write_bytes(good)
    assert good_store.snapshot() == expected


def test_a_file_that_cannot_be_opened_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "hipdash.json"
    folder.mkdir()
    with pytest.raises(DatabaseError, match="could not be"):
        Store(folder, now=fixed_now).snapshot()


@pytest.mark.parametrize("how", ENTRY_DAMAGES)
def test_every_write_refuses_with_the_same_error_as_the_snapshot(
    good_store: Store, db_path: Path, how: str
) -> None:
    snapshot = good_store.snapshot()
    damage(db_path, how)
    with pytest.raises(DatabaseError) as read:
        good_store.snapshot()
    for write in ("add_note", "add_checkins", "apply_import", "set_active_session"):
        with pytest.raises(DatabaseError) as refused:
            WRITES[write](good_store, snapshot)
        assert refused.value.reason == read.value.reason


def test_the_recovery_message_names_the_newest_backup_that_loads(
    good_store: Store, db_path: Path
) -> None:
    good_backup = latest_backup(db_path)
    assert good_backup is not None
    damaged = damage(db_path, "a note whose text is a number")
    # A copy of the damage made by an older version, dated after the good backup.
    newer = good_backup.with_name(f"{db_path.stem}-{(NOW + timedelta(days=1)).date()}.json")
    newer.write_bytes(damaged)
    with pytest.raises(DatabaseError) as caught:
        Store(db_path, now=lambda: NOW + timedelta(days=2)).snapshot()
    assert caught.value.backup == good_backup
    assert str(good_backup) in caught.value.recovery_hint()


def test_rotation_keeps_the_newest_backup_that_loads_behind_newer_damaged_ones(
    good_store: Store, db_path: Path
) -> None:
    good_backup = latest_backup(db_path)
    damaged = DAMAGES["a note whose text is a number"](db_path.read_bytes())
    # Seven damaged copies dated after the good backup, as an older version (and a clock
    # set wrong) would have left them.
    for days in range(1, 8):
        stamp = (NOW + timedelta(days=days)).date()
        (db_path.parent / "backups" / f"{db_path.stem}-{stamp}.json").write_bytes(damaged)
    yesterday = NOW - timedelta(days=1)
    Store(db_path, now=lambda: yesterday).add_note(make_note(at=yesterday - timedelta(hours=1)))
    assert good_backup is not None and good_backup.exists()
    assert latest_backup(db_path, loads=file_loads) == good_backup


def test_a_table_key_like_superscript_two_leaves_the_store_working_once_repaired(
    good_store: Store, db_path: Path
) -> None:
    good = db_path.read_bytes()
    damage(db_path, "a table key that is not an ASCII number")
    for call in (
        lambda: good_store.has("notes", "x"),
        lambda: good_store.add_note(make_note()),
        good_store.snapshot,
    ):
        with pytest.raises(DatabaseError):
            call()
    db_path.write_bytes(good)
    assert good_store.has("notes", good_store.snapshot().notes[0].id)
    good_store.add_note(make_note())
    assert len(good_store.snapshot().notes) == 2


def test_asking_again_about_an_unchanged_damaged_file_does_not_read_every_entry_again(
    good_store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damage(db_path, "a note whose text is a number")
    backup = latest_backup(db_path)
    assert backup is not None and file_loads(backup)  # its verdict is remembered from here
    builds: list[int] = []
    real = store_module._build_tables

    def counted(raw):
        builds.append(1)
        return real(raw)

    monkeypatch.setattr(store_module, "_build_tables", counted)
    reasons = set()
    for attempt in (
        good_store.snapshot,
        good_store.snapshot,
        lambda: good_store.add_note(make_note()),
    ):
        with pytest.raises(DatabaseError) as caught:
            attempt()
        reasons.add(caught.value.reason)
    assert len(builds) == 1 and len(reasons) == 1


def test_a_backup_is_read_in_full_once_while_it_is_unchanged(
    good_store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = latest_backup(db_path)
    assert backup is not None
    reads: list[bytes] = []
    real = store_module.parse_database

    def counted(content, *args):
        reads.append(content)
        return real(content, *args)

    monkeypatch.setattr(store_module, "parse_database", counted)
    assert file_loads(backup) and file_loads(backup)
    assert len(reads) <= 1  # none when an earlier check of this version is remembered
    backup.write_bytes(b"{not json")
    assert not file_loads(backup)
