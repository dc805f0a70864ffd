"""Test the small session file that keeps the unfinished session and the queue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hipdash.sidecar import (
    QUEUE_MAX,
    SessionFile,
    SessionSidecar,
    SidecarError,
    clean_queue,
    sidecar_path,
)
from hipdash.store import Store

STATE = {"version": 1, "session_id": "abc", "timer": {"state": "paused"}}


def test_the_session_file_sits_beside_the_data_file(db_path: Path) -> None:
    assert sidecar_path(db_path) == db_path.with_name("hipdash.session.json")


def test_no_file_reads_as_no_session_and_an_empty_queue(db_path: Path) -> None:
    assert SessionSidecar(db_path).read() == SessionFile()


def test_the_active_session_and_queue_survive_a_new_reader(db_path: Path) -> None:
    first = SessionSidecar(db_path)
    assert first.set_active(STATE) == STATE
    first.set_queue(["a", "b"])
    again = SessionSidecar(db_path).read()
    assert again.active == STATE
    assert again.queue == ("a", "b")


def test_a_pause_never_touches_the_data_file(db_path: Path) -> None:
    store = Store(db_path)
    store.set_active_session(STATE)
    store.clear_active_session()
    before = db_path.read_bytes(), db_path.stat().st_mtime_ns
    SessionSidecar(db_path).set_active(STATE)
    assert (db_path.read_bytes(), db_path.stat().st_mtime_ns) == before


def test_a_second_writer_sees_the_first_writers_queue(db_path: Path) -> None:
    one, two = SessionSidecar(db_path), SessionSidecar(db_path)
    one.add_to_queue("a")
    two.add_to_queue("b")
    one.add_to_queue("a")
    assert one.read().queue == ("a", "b")
    assert two.remove_from_queue(["a"]) == ("b",)


def test_clearing_keeps_the_queue(db_path: Path) -> None:
    sidecar = SessionSidecar(db_path)
    sidecar.set_queue(["a"])
    sidecar.set_active(STATE)
    sidecar.clear_active()
    assert sidecar.read() == SessionFile(None, ("a",))


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"[]", b'{"version": 9}', b'{"version": 1, "queue": [5]}', b"\xff\xfe"],
)
def test_a_damaged_file_gives_a_clear_error_and_is_never_overwritten(
    db_path: Path, content: bytes
) -> None:
    path = sidecar_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    sidecar = SessionSidecar(db_path)
    with pytest.raises(SidecarError, match="session file .* (is damaged|can't be read)"):
        sidecar.read()
    with pytest.raises(SidecarError):
        sidecar.set_active(STATE)
    with pytest.raises(SidecarError):
        sidecar.add_to_queue("a")
    assert path.read_bytes() == content


def test_a_damaged_file_set_aside_is_kept_and_a_fresh_one_starts(db_path: Path) -> None:
    path = sidecar_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"{broken")
    sidecar = SessionSidecar(db_path)
    kept = sidecar.set_aside()
    assert kept is not None and kept.read_bytes() == b"{broken"
    assert sidecar.read() == SessionFile()
    sidecar.add_to_queue("a")
    assert json.loads(path.read_text())["queue"] == ["a"]


def test_a_state_that_is_not_plain_json_is_refused(db_path: Path) -> None:
    with pytest.raises(SidecarError, match="plain JSON"):
        SessionSidecar(db_path).set_active({"version": 1, "bad": float("nan")})
    assert not sidecar_path(db_path).exists()


def test_an_active_session_in_the_old_place_moves_once(db_path: Path) -> None:
    store = Store(db_path)
    store.set_active_session(STATE)
    sidecar = SessionSidecar(db_path)
    assert sidecar.migrate_from(store) is True
    assert sidecar.read().active == STATE
    assert store.active_session() is None
    assert sidecar.migrate_from(store) is False


def test_migration_never_replaces_a_newer_session_in_the_file(db_path: Path) -> None:
    store = Store(db_path)
    store.set_active_session(STATE)
    sidecar = SessionSidecar(db_path)
    newer = {**STATE, "session_id": "newer"}
    sidecar.set_active(newer)
    sidecar.migrate_from(store)
    assert sidecar.read().active == newer
    assert store.active_session() is None


@pytest.mark.parametrize(("queue", "expected"), [(["a", "b", "a"], ("a", "b")), ([], ())])
def test_a_queue_keeps_each_technique_once_in_order(queue, expected) -> None:
    assert clean_queue(queue) == expected


@pytest.mark.parametrize("queue", [[""], [3], ["x" * 101], [str(n) for n in range(QUEUE_MAX + 1)]])
def test_a_bad_queue_is_refused(queue) -> None:
    with pytest.raises(ValueError):
        clean_queue(queue)


def test_temp_files_a_killed_writer_left_are_swept_and_the_stores_are_not_ours(
    db_path: Path,
) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    ours = db_path.with_name(".hipdash.session.json.abc.tmp")
    theirs = db_path.with_name(".hipdash.json.abc.tmp")
    ours.write_text("{")
    theirs.write_text("{")
    SessionSidecar(db_path).add_to_queue("a")
    assert not ours.exists()
    assert theirs.exists(), "the store's own temp files are the store's business"
