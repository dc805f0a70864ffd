"""Test atomic file writes and the rolling daily backups of the data file."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest

import hipdash.backup as backup_module
from hipdash.backup import (
    daily_backup_path,
    latest_backup,
    list_backups,
    remove_stale_temp_files,
    write_daily_backup,
    write_file_atomic,
    write_named_backup,
)
from hipdash.paths import backup_dir
from hipdash.store import Store
from tests.store_fixtures import NOW, make_checkin, make_note

DAY = date(2025, 6, 1)


def test_an_atomic_write_replaces_the_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "file.json"
    write_file_atomic(target, b"first version, longer")
    stat = write_file_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert stat.st_size == 6
    assert os.listdir(target.parent) == ["file.json"]


def test_a_failed_atomic_write_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "file.json"
    write_file_atomic(target, b"old")

    def broken_replace(source: str, destination: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup_module.os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_file_atomic(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["file.json"]


def test_stale_temp_files_of_a_killed_writer_are_removed(tmp_path: Path) -> None:
    db = tmp_path / "hipdash.json"
    db.write_bytes(b"{}")
    (tmp_path / ".hipdash.json.abc123.tmp").write_bytes(b"half")
    (tmp_path / "unrelated.tmp").write_bytes(b"keep")
    assert remove_stale_temp_files(db) == 1
    assert sorted(os.listdir(tmp_path)) == ["hipdash.json", "unrelated.tmp"]


def test_a_day_gets_one_backup_only(tmp_path: Path) -> None:
    db = tmp_path / "hipdash.json"
    assert write_daily_backup(db, b"morning", DAY) == daily_backup_path(db, DAY)
    assert write_daily_backup(db, b"evening", DAY) is None
    assert daily_backup_path(db, DAY).read_bytes() == b"morning"
    assert daily_backup_path(db, DAY).name == "hipdash-2025-06-01.json"


@pytest.mark.parametrize(
    ("days", "kept"),
    [(1, 1), (7, 7), (8, 7), (12, 7)],
)
def test_only_the_newest_seven_daily_backups_are_kept(tmp_path: Path, days: int, kept: int) -> None:
    db = tmp_path / "hipdash.json"
    for offset in range(days):
        write_daily_backup(db, f"day {offset}".encode(), DAY + timedelta(days=offset))
    backups = list_backups(db)
    assert len(backups) == kept
    assert backups[0] == daily_backup_path(db, DAY + timedelta(days=days - 1))
    assert latest_backup(db) == backups[0]
    assert backups == sorted(backups, reverse=True)


def test_named_backups_are_never_pruned(tmp_path: Path) -> None:
    db = tmp_path / "hipdash.json"
    named = write_named_backup(db, b"v1 data", "before-v2", DAY)
    for offset in range(10):
        write_daily_backup(db, b"x", DAY + timedelta(days=offset))
    assert named.read_bytes() == b"v1 data"
    assert named not in list_backups(db)


def test_there_is_no_latest_backup_before_the_first(tmp_path: Path) -> None:
    assert latest_backup(tmp_path / "hipdash.json") is None


def test_the_store_backs_up_the_file_as_it_was_before_the_days_first_write(db_path: Path) -> None:
    Store(db_path, now=lambda: NOW).add_note(make_note())
    yesterday_bytes = db_path.read_bytes()
    tomorrow = NOW + timedelta(days=1)
    store = Store(db_path, now=lambda: tomorrow)
    store.add_checkins([make_checkin(at=tomorrow)])
    store.add_checkins([make_checkin(at=tomorrow)])
    backup = daily_backup_path(db_path, tomorrow.date())
    assert backup.read_bytes() == yesterday_bytes
    assert latest_backup(db_path) == backup


def test_opening_the_store_on_a_new_day_makes_that_days_backup(db_path: Path) -> None:
    Store(db_path, now=lambda: NOW).add_note(make_note())
    later = NOW + timedelta(days=3)
    Store(db_path, now=lambda: later).snapshot()
    assert daily_backup_path(db_path, later.date()).read_bytes() == db_path.read_bytes()


def test_a_store_open_for_days_backs_up_each_day(db_path: Path) -> None:
    clock = [NOW]
    store = Store(db_path, now=lambda: clock[0])
    for day in range(10):
        clock[0] = NOW + timedelta(days=day)
        store.add_note(make_note(at=clock[0]))
    assert len(list_backups(db_path)) == 7
    assert backup_dir(db_path) == db_path.parent / "backups"


def test_two_data_files_in_one_folder_keep_their_own_backups(tmp_path: Path) -> None:
    mine, demo = tmp_path / "hipdash.json", tmp_path / "hipdash-demo.json"
    day = date(2026, 11, 21)
    write_daily_backup(demo, b'{"demo": 1}', day)
    assert write_daily_backup(mine, b'{"mine": 1}', day) is not None
    assert daily_backup_path(mine, day).read_bytes() == b'{"mine": 1}'
    assert list_backups(mine) == [daily_backup_path(mine, day)]
    assert list_backups(demo) == [daily_backup_path(demo, day)]


def test_temp_files_left_in_the_backup_folder_are_removed_but_another_files_are_kept(
    tmp_path: Path,
) -> None:
    db = tmp_path / "hipdash.json"
    folder = backup_dir(db)
    folder.mkdir()
    leftovers = [".hipdash-2025-06-01.json.k2j3.tmp", ".hipdash-before-v2-2025-06-01.json.x.tmp"]
    others = [".hipdash-demo-2025-06-01.json.k2j3.tmp", "hipdash-2025-06-01.json", "notes.tmp"]
    for name in leftovers + others:
        (folder / name).write_bytes(b"half")
    assert remove_stale_temp_files(db) == 2
    assert sorted(os.listdir(folder)) == sorted(others)


def test_a_write_through_a_symlink_keeps_the_link_and_replaces_its_target(
    tmp_path: Path,
) -> None:
    synced = tmp_path / "synced"
    synced.mkdir()
    target = synced / "hipdash.json"
    target.write_bytes(b"old")
    link = tmp_path / "hipdash.json"
    link.symlink_to(target)
    stat = write_file_atomic(link, b"new")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes() == b"new" and stat.st_ino == target.stat().st_ino
    # The temp file went to the target's folder, so the replace stayed on one disk.
    assert sorted(os.listdir(synced)) == ["hipdash.json"]


def test_a_dangling_symlink_gets_its_target_created(tmp_path: Path) -> None:
    link = tmp_path / "hipdash.json"
    target = tmp_path / "elsewhere" / "real.json"
    link.symlink_to(target)
    write_file_atomic(link, b"first")
    assert link.is_symlink() and target.read_bytes() == b"first"


def test_temp_files_beside_a_symlinks_target_are_swept(tmp_path: Path) -> None:
    synced = tmp_path / "synced"
    synced.mkdir()
    (synced / "real.json").write_bytes(b"{}")
    (synced / ".real.json.abc.tmp").write_bytes(b"half")
    link = tmp_path / "hipdash.json"
    link.symlink_to(synced / "real.json")
    assert remove_stale_temp_files(link) == 1
    assert os.listdir(synced) == ["real.json"]


def test_pruning_keeps_the_newest_backup_that_loads(tmp_path: Path) -> None:
    db = tmp_path / "hipdash.json"
    good = write_daily_backup(db, b"good", DAY)
    for days in range(1, 9):
        write_daily_backup(db, b"bad", DAY + timedelta(days=days), loads=lambda path: False)
    # Each new backup counts as loading (the store backs up only files that load).
    assert good is not None and not good.exists()
    older = DAY - timedelta(days=1)
    write_daily_backup(db, b"good", older, loads=lambda path: path.read_bytes() == b"good")
    # Written behind eight newer damaged backups, the only good one is still kept.
    assert daily_backup_path(db, older).exists()
    assert len(list_backups(db)) == 8


def test_the_latest_backup_can_be_the_newest_that_loads(tmp_path: Path) -> None:
    db = tmp_path / "hipdash.json"
    write_daily_backup(db, b"good", DAY)
    write_daily_backup(db, b"bad", DAY + timedelta(days=1))
    assert latest_backup(db) == daily_backup_path(db, DAY + timedelta(days=1))
    loads = lambda path: path.read_bytes() == b"good"  # noqa: E731
    assert latest_backup(db, loads=loads) == daily_backup_path(db, DAY)
    assert latest_backup(db, loads=lambda path: False) is None
