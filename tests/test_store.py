"""Test the store's records API, its read cache, and migration from data format 1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from filelock import FileLock

import hipdash.store as store_module
from hipdash.backup import backup_dir
from hipdash.paths import lock_path
from hipdash.records import Note, SavedRoutine, TensionCheckIn
from hipdash.store import (
    SCHEMA_VERSION,
    RecordNotFoundError,
    Snapshot,
    Store,
    StoreBusyError,
    kind_of,
)
from hipdash.validation import ValidationError
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

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh_store(db_path: Path) -> Store:
    """Return a store whose file does not exist yet."""
    return Store(db_path, now=fixed_now)


@pytest.fixture
def seeded_store(fresh_store: Store) -> Store:
    """Return a store holding records of every kind."""
    seed(fresh_store)
    return fresh_store


def stored(path: Path) -> dict:
    return json.loads(path.read_bytes())


def test_a_missing_file_reads_as_an_empty_log_and_is_not_created(
    fresh_store: Store, db_path: Path
) -> None:
    assert fresh_store.snapshot() == Snapshot()
    assert fresh_store.active_session() is None
    assert not db_path.exists()


def test_the_first_write_creates_the_folder_and_a_compact_file(tmp_path: Path) -> None:
    path = tmp_path / "not" / "yet" / "hipdash.json"
    Store(path, now=fixed_now).add_checkins([make_checkin()])
    text = path.read_text(encoding="utf-8")
    assert stored(path)["_meta"] == {"1": {"schema_version": SCHEMA_VERSION}}
    assert "\n" not in text and ", " not in text


def test_times_are_stored_as_iso_8601_with_offset(fresh_store: Store, db_path: Path) -> None:
    fresh_store.add_checkins([make_checkin()])
    (doc,) = stored(db_path)["checkins"].values()
    assert doc["at"] == "2025-06-01T17:30:00+02:00"


def test_several_entries_a_day_are_kept_and_sorted_by_time(fresh_store: Store) -> None:
    times = [NOW - timedelta(hours=h) for h in (1, 5, 3)]
    fresh_store.add_checkins([make_checkin(at=t) for t in times])
    assert [c.at for c in fresh_store.snapshot().checkins] == sorted(times)


def test_the_snapshot_holds_every_kind_as_frozen_records(seeded_store: Store) -> None:
    snapshot = seeded_store.snapshot()
    assert [len(snapshot.records(kind)) for kind in store_module.KINDS] == [3, 2, 1, 1, 1]
    assert snapshot.count() == 8
    assert isinstance(snapshot.checkins, tuple)
    assert all(isinstance(c, TensionCheckIn) for c in snapshot.checkins)
    with pytest.raises(AttributeError):
        snapshot.checkins[0].level = 1  # type: ignore[misc]
    assert kind_of(snapshot.notes[0]) == "notes"


def test_an_unknown_kind_is_refused(seeded_store: Store) -> None:
    with pytest.raises(ValueError, match="Unknown record kind"):
        seeded_store.snapshot().records("moods")
    with pytest.raises(ValueError, match="Unknown record kind"):
        seeded_store.delete("moods", "x")


def test_an_unchanged_file_gives_the_very_same_snapshot(seeded_store: Store) -> None:
    assert seeded_store.snapshot() is seeded_store.snapshot()


def test_a_write_gives_a_new_snapshot_that_reuses_unchanged_records(seeded_store: Store) -> None:
    before = seeded_store.snapshot()
    seeded_store.add_note(make_note(text="New one"))
    after = seeded_store.snapshot()
    assert after is not before
    assert len(after.notes) == 2
    assert after.checkins[0] is before.checkins[0]


def test_a_write_by_another_store_changes_the_snapshot(seeded_store: Store, db_path: Path) -> None:
    before = seeded_store.snapshot()
    Store(db_path, now=fixed_now).add_checkins([make_checkin(level=1)])
    after = seeded_store.snapshot()
    assert len(after.checkins) == len(before.checkins) + 1


def test_a_write_by_another_process_changes_the_snapshot(
    seeded_store: Store, db_path: Path
) -> None:
    before = seeded_store.snapshot()
    assert seeded_store.snapshot() is before
    code = (
        "import sys; from datetime import datetime, timezone;"
        "from hipdash.store import Store; from hipdash.records import Note;"
        "Store(sys.argv[1]).add_note(Note(at=datetime.now(timezone.utc), text='from afar'))"
    )
    subprocess.run([sys.executable, "-c", code, str(db_path)], cwd=ROOT, check=True, timeout=60)
    after = seeded_store.snapshot()
    assert after is not before
    assert "from afar" in [note.text for note in after.notes]


def test_adding_a_record_twice_stores_it_once(fresh_store: Store) -> None:
    checkin = make_checkin()
    assert fresh_store.add_checkins([checkin, checkin]) == 1
    assert fresh_store.add_checkins([checkin]) == 0
    assert fresh_store.snapshot().checkins == (checkin,)


def test_one_bad_record_stops_the_whole_batch(fresh_store: Store, db_path: Path) -> None:
    fresh_store.add_checkins([make_checkin()])
    before = db_path.read_bytes()
    with pytest.raises(ValidationError) as caught:
        fresh_store.add_checkins([make_checkin(), make_checkin(level=11), make_checkin()])
    assert caught.value.problems == [("[1].level", "Tension must be a whole number from 0 to 10.")]
    assert db_path.read_bytes() == before


def test_a_bad_session_checkin_stops_the_session_too(fresh_store: Store, db_path: Path) -> None:
    with pytest.raises(ValidationError):
        fresh_store.add_session(make_session(), [make_checkin(area="elbow")])
    assert not db_path.exists()


def test_a_record_of_the_wrong_type_is_refused(fresh_store: Store) -> None:
    with pytest.raises(ValidationError, match="Expected a TensionCheckIn"):
        fresh_store.add_checkins([make_set()])  # type: ignore[list-item]


def test_a_future_record_is_refused_by_the_store_clock(db_path: Path) -> None:
    store = Store(db_path, now=lambda: NOW - timedelta(days=30))
    with pytest.raises(ValidationError, match="future"):
        store.add_note(make_note())


def test_a_session_and_its_checkins_reach_disk_in_one_write(
    fresh_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes = []
    real = store_module.write_file_atomic
    monkeypatch.setattr(
        store_module,
        "write_file_atomic",
        lambda path, content: writes.append(path) or real(path, content),
    )
    session = make_session()
    added = fresh_store.add_session(
        session,
        [
            make_checkin(context="before_session", session_id=session.id),
            make_checkin(context="after_session", session_id=session.id),
        ],
    )
    assert added is True
    assert len(writes) == 1
    snapshot = fresh_store.snapshot()
    assert snapshot.sessions == (session,)
    assert {c.session_id for c in snapshot.checkins} == {session.id}


def test_a_session_saved_twice_adds_nothing_the_second_time(fresh_store: Store) -> None:
    session = make_session()
    before = make_checkin(context="before_session", session_id=session.id)
    assert not fresh_store.has("sessions", session.id)
    assert fresh_store.add_session(session, [before]) is True
    assert fresh_store.has("sessions", session.id)
    after = make_checkin(context="after_session", session_id=session.id)
    assert fresh_store.add_session(session, [before, after]) is False
    assert fresh_store.snapshot().checkins == (before,)


@pytest.mark.parametrize(
    ("update", "kind", "changed"),
    [
        ("update_checkin", "checkins", {"level": 2, "note": "eased off"}),
        ("update_set", "sets", {"reps": 15, "load": 12.5}),
        ("update_note", "notes", {"text": "Better today.", "mood_tags": ("calm",)}),
    ],
)
def test_an_update_replaces_the_record_with_the_same_id(
    seeded_store: Store, update: str, kind: str, changed: dict
) -> None:
    original = seeded_store.snapshot().records(kind)[0]
    count = len(seeded_store.snapshot().records(kind))
    getattr(seeded_store, update)(replace(original, **changed))
    records = seeded_store.snapshot().records(kind)
    assert len(records) == count
    (updated,) = [r for r in records if r.id == original.id]
    assert updated == replace(original, **changed)


def test_updating_a_missing_record_raises_and_writes_nothing(
    seeded_store: Store, db_path: Path
) -> None:
    before = db_path.read_bytes()
    with pytest.raises(RecordNotFoundError):
        seeded_store.update_note(make_note())
    assert db_path.read_bytes() == before
    assert seeded_store.snapshot().notes[0].text == "Stiff after the drive."


def test_an_invalid_update_is_refused(seeded_store: Store) -> None:
    original = seeded_store.snapshot().checkins[0]
    with pytest.raises(ValidationError):
        seeded_store.update_checkin(replace(original, level=-4))
    assert seeded_store.snapshot().checkins[0] == original


@pytest.mark.parametrize("kind", ["checkins", "sets", "sessions", "notes", "routines"])
def test_delete_removes_one_record_by_id(seeded_store: Store, kind: str) -> None:
    victim = seeded_store.snapshot().records(kind)[0]
    count = len(seeded_store.snapshot().records(kind))
    assert seeded_store.delete(kind, victim.id) is True
    remaining = seeded_store.snapshot().records(kind)
    assert len(remaining) == count - 1 and victim not in remaining
    assert seeded_store.delete(kind, victim.id) is False


def test_saving_a_routine_replaces_one_of_the_same_name(seeded_store: Store) -> None:
    seeded_store.save_routine(make_routine(name=" morning ", steps=make_routine().steps[:1]))
    (routine,) = seeded_store.snapshot().routines
    assert routine.name == " morning " and len(routine.steps) == 1


def test_saving_a_routine_again_under_a_new_name_renames_it(seeded_store: Store) -> None:
    (routine,) = seeded_store.snapshot().routines
    seeded_store.save_routine(replace(routine, name="Desk break"))
    assert [r.name for r in seeded_store.snapshot().routines] == ["Desk break"]


def test_routines_are_listed_by_name_and_deleted_by_id(fresh_store: Store) -> None:
    for name in ("b-side", "Alpha", "cool down"):
        fresh_store.save_routine(make_routine(name=name))
    routines = fresh_store.snapshot().routines
    assert [r.name for r in routines] == ["Alpha", "b-side", "cool down"]
    assert fresh_store.delete_routine(routines[0].id) is True
    assert len(fresh_store.snapshot().routines) == 2


def test_an_invalid_routine_is_refused(fresh_store: Store) -> None:
    with pytest.raises(ValidationError, match="A routine needs 1 to 50 steps."):
        fresh_store.save_routine(SavedRoutine(name="Empty", steps=()))


def test_the_active_session_is_kept_until_cleared(seeded_store: Store, db_path: Path) -> None:
    state = {"plan": ["a", "b"], "step": 1, "remaining": 12.5}
    seeded_store.set_active_session(state)
    state["step"] = 99
    assert Store(db_path, now=fixed_now).active_session() == {
        "plan": ["a", "b"],
        "step": 1,
        "remaining": 12.5,
    }
    returned = seeded_store.active_session()
    assert returned is not None
    returned["step"] = 42
    assert seeded_store.active_session()["step"] == 1  # type: ignore[index]
    seeded_store.set_active_session({"step": 2})
    assert seeded_store.active_session() == {"step": 2}
    seeded_store.clear_active_session()
    assert seeded_store.active_session() is None
    assert seeded_store.snapshot().count() == 8


def test_setting_the_active_session_returns_what_a_later_read_gives(
    fresh_store: Store,
) -> None:
    state = {"timer": {"skipped": (True, False), "at": 12.5}}
    kept = fresh_store.set_active_session(state)
    assert kept == fresh_store.active_session()
    assert kept["timer"]["skipped"] == [True, False], "the copy is the JSON form"


def test_a_session_state_that_is_not_plain_json_is_refused(fresh_store: Store) -> None:
    with pytest.raises(ValidationError):
        fresh_store.set_active_session({"started": datetime.now(UTC)})


def test_replace_all_swaps_every_record_in_one_write(seeded_store: Store) -> None:
    note = make_note(text="Only this")
    seeded_store.replace_all(Snapshot(notes=(note,)))
    assert seeded_store.snapshot() == Snapshot(notes=(note,))


# Version 1 stored naive local times, no side on check-ins, and a notes string on sessions.
VERSION_1 = {
    "_meta": {"1": {"schema_version": 1}},
    "checkins": {
        "1": {
            "id": "c1",
            "at": "2024-03-01T08:30:00",
            "area": "glutes",
            "level": 6,
            "context": "before_session",
            "note": "",
            "session_id": "s1",
        },
        "2": {
            "id": "c2",
            "at": "2024-03-01T09:00:00+01:00",
            "area": "glutes",
            "level": 3,
            "context": "after_session",
            "note": "",
            "session_id": "s1",
        },
    },
    "sets": {
        "1": {
            "id": "t1",
            "at": "2024-03-01T09:05:00",
            "exercise_name": "Bridge",
            "exercise_id": None,
            "side": "both",
            "reps": 10,
            "load": None,
            "unit": "kg",
            "hold_seconds": None,
            "rpe": None,
            "note": "",
            "session_id": None,
        },
    },
    "sessions": {
        "1": {
            "id": "s1",
            "started_at": "2024-03-01T08:31:00",
            "ended_at": "2024-03-01T08:58:00",
            "routine_name": "Morning",
            "steps": [{"technique_id": "clamshell", "status": "done", "active_seconds": 60}],
            "stop_reason": "completed",
            "active_seconds": 1500,
            "before_checkin_ids": ["c1"],
            "after_checkin_ids": ["c2"],
            "notes": "Left side tighter than right.",
        },
    },
    "notes": {
        "1": {
            "id": "n1",
            "at": "2024-03-02T20:00:00",
            "text": "Slept badly.",
            "mood_tags": ["tired"],
        }
    },
}
LOCAL = timezone(timedelta(hours=1))


@pytest.fixture
def version_1_path(db_path: Path) -> Path:
    """Return a data file in format 1, as the first release of hipdash wrote it."""
    db_path.write_text(json.dumps(VERSION_1), encoding="utf-8")
    return db_path


def test_a_version_1_file_is_migrated_when_opened(version_1_path: Path) -> None:
    original = version_1_path.read_bytes()
    store = Store(version_1_path, now=fixed_now, localize=lambda t: t.replace(tzinfo=LOCAL))
    snapshot = store.snapshot()

    first = snapshot.checkins[0]
    assert first.side == "both"
    assert first.at == datetime(2024, 3, 1, 8, 30, tzinfo=LOCAL)
    assert snapshot.sets[0].at.utcoffset() == timedelta(hours=1)
    (session,) = snapshot.sessions
    assert session.started_at == datetime(2024, 3, 1, 8, 31, tzinfo=LOCAL)
    assert [n.text for n in snapshot.notes] == ["Left side tighter than right.", "Slept badly."]
    assert snapshot.notes[0].at == session.ended_at
    assert snapshot.routines == ()

    on_disk = stored(version_1_path)
    assert on_disk["_meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert "notes" not in on_disk["sessions"]["1"]
    (pre_migration,) = backup_dir(version_1_path).glob("hipdash-before-v2-*.json")
    assert pre_migration.read_bytes() == original


def test_migrating_twice_gives_the_same_records(version_1_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy" / "hipdash.json"
    copy.parent.mkdir()
    copy.write_bytes(version_1_path.read_bytes())
    localize = lambda t: t.replace(tzinfo=LOCAL)  # noqa: E731
    first = Store(version_1_path, now=fixed_now, localize=localize).snapshot()
    second = Store(copy, now=fixed_now, localize=localize).snapshot()
    assert first == second


def test_a_write_to_a_version_1_file_migrates_it_first(version_1_path: Path) -> None:
    store = Store(version_1_path, now=fixed_now)
    store.add_note(Note(at=NOW, text="After the upgrade"))
    on_disk = stored(version_1_path)
    assert on_disk["_meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert all("side" in doc for doc in on_disk["checkins"].values())
    assert len(Store(version_1_path, now=fixed_now).snapshot().notes) == 3


def test_a_writer_that_waits_too_long_for_the_lock_gets_a_plain_error(db_path: Path) -> None:
    store = Store(db_path, now=fixed_now, lock_timeout=0.05)
    store.add_note(make_note())
    before = db_path.read_bytes()
    with FileLock(str(lock_path(db_path))):
        with pytest.raises(StoreBusyError, match="still saving"):
            store.add_note(make_note(text="blocked"))
    assert db_path.read_bytes() == before
    store.add_note(make_note(text="later"))
    assert len(store.snapshot().notes) == 2


def test_an_empty_tinydb_file_is_treated_as_an_empty_log(db_path: Path) -> None:
    db_path.write_text("{}", encoding="utf-8")
    store = Store(db_path, now=fixed_now)
    assert store.snapshot() == Snapshot()
    store.add_note(make_note())
    assert len(store.snapshot().notes) == 1


def test_the_data_file_is_private_to_its_owner(fresh_store: Store, db_path: Path) -> None:
    fresh_store.add_note(make_note())
    assert os.stat(db_path).st_mode & 0o077 == 0


def test_delete_many_removes_the_listed_records_in_one_write(fresh_store: Store) -> None:
    kept, gone_a, gone_b = make_checkin(level=1), make_checkin(level=2), make_checkin(level=3)
    fresh_store.add_checkins([kept, gone_a, gone_b])
    deleted = fresh_store.delete_many("checkins", [gone_a.id, gone_b.id, "no-such-id"])
    assert deleted == 2
    assert [c.id for c in fresh_store.snapshot().checkins] == [kept.id]


def test_update_many_replaces_every_record_or_none(fresh_store: Store) -> None:
    first, second = make_checkin(level=1), make_checkin(level=2)
    fresh_store.add_checkins([first, second])
    fresh_store.update_many([replace(first, level=7), replace(second, level=8)])
    assert sorted(c.level for c in fresh_store.snapshot().checkins) == [7, 8]
    stranger = make_checkin(level=3)
    with pytest.raises(RecordNotFoundError):
        fresh_store.update_many([replace(first, level=0), stranger])
    assert sorted(c.level for c in fresh_store.snapshot().checkins) == [7, 8]


def test_update_many_refuses_an_invalid_record_before_writing(fresh_store: Store) -> None:
    first = make_checkin(level=1)
    fresh_store.add_checkins([first])
    with pytest.raises(ValidationError):
        fresh_store.update_many([replace(first, level=11)])
    assert fresh_store.snapshot().checkins[0].level == 1


def test_a_data_file_that_is_a_symlink_stays_one_after_writes(tmp_path: Path) -> None:
    synced = tmp_path / "Dropbox"
    synced.mkdir()
    target = synced / "hipdash.json"
    link = tmp_path / "data" / "hipdash.json"
    link.parent.mkdir()
    link.symlink_to(target)
    store = Store(link, now=fixed_now)
    store.add_note(make_note(text="first"))
    store.add_note(make_note(text="second"))
    assert link.is_symlink() and os.readlink(link) == str(target)
    stored = json.loads(target.read_bytes())["notes"].values()
    assert sorted(note["text"] for note in stored) == ["first", "second"]
    # The lock and the backups stay beside the link, on this computer; only the data file
    # lives in the synced folder.
    assert sorted(os.listdir(synced)) == ["hipdash.json"]
    assert lock_path(link).exists() and backup_dir(link).is_dir()


def test_the_first_write_sweeps_temp_files_left_in_the_data_and_backup_folders(
    db_path: Path,
) -> None:
    Store(db_path, now=fixed_now).add_note(make_note())
    left = [
        db_path.parent / f".{db_path.name}.killed.tmp",
        backup_dir(db_path) / f".{db_path.stem}-2025-06-02.json.killed.tmp",
    ]
    backup_dir(db_path).mkdir(exist_ok=True)
    for path in left:
        path.write_bytes(b"half")
    Store(db_path, now=fixed_now).add_note(make_note())
    assert not any(path.exists() for path in left)
