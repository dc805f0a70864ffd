"""Test that the store reads a file in one pass, holds each record once and writes it whole."""

from __future__ import annotations

import gc
import json
import types
from pathlib import Path
from typing import Any

import pytest

import hipdash.store as store_module
from hipdash.backup import write_file_atomic
from hipdash.serialize import KINDS
from hipdash.store import Store
from tests.store_fixtures import fixed_now, make_checkin, make_step_state, seed


@pytest.fixture
def seeded_path(db_path: Path) -> Path:
    """Return a data file holding records of every kind, as the store wrote it."""
    seed(Store(db_path, now=fixed_now))
    return db_path


def _records(store: Store) -> dict[str, tuple[Any, ...]]:
    snapshot = store.snapshot()
    return {kind: snapshot.records(kind) for kind in KINDS}


def test_a_file_as_the_store_writes_it_is_read_without_the_checked_path(
    seeded_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[int] = []
    real = store_module.parse_database
    monkeypatch.setattr(
        store_module, "parse_database", lambda *args: checked.append(1) or real(*args)
    )
    assert Store(seeded_path, now=fixed_now).snapshot().count() == 8
    assert checked == []


def test_the_same_file_laid_out_by_hand_reads_as_the_same_records(seeded_path: Path) -> None:
    expected = _records(Store(seeded_path, now=fixed_now))
    data = json.loads(seeded_path.read_bytes())
    # Indented, keys reordered within each entry, tables in another order: a hand edit.
    reordered = {
        name: {key: dict(reversed(doc.items())) for key, doc in table.items()}
        for name, table in reversed(data.items())
    }
    seeded_path.write_text(json.dumps(reordered, indent=2), encoding="utf-8")
    assert _records(Store(seeded_path, now=fixed_now)) == expected


def _reachable(root: object) -> list[object]:
    """Return every object reachable from root, modules, classes and functions left out."""
    seen: set[int] = set()
    found: list[object] = []
    stack = [root]
    skip = (types.ModuleType, type, types.FunctionType, types.BuiltinFunctionType)
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, skip):
            continue
        seen.add(id(item))
        found.append(item)
        stack.extend(gc.get_referents(item))
    return found


def test_after_a_load_the_store_holds_neither_the_file_bytes_nor_parsed_documents(
    seeded_path: Path,
) -> None:
    store = Store(seeded_path, now=fixed_now)
    store.snapshot()  # the day's backup exists already, so nothing needs the bytes
    size = seeded_path.stat().st_size
    held = _reachable(store)
    assert not [item for item in held if isinstance(item, bytes | str) and len(item) >= size]
    documents = [item for item in held if isinstance(item, dict) and "id" in item]
    assert documents == []


def test_each_record_is_held_once_across_snapshots_and_writes(seeded_path: Path) -> None:
    store = Store(seeded_path, now=fixed_now)
    before = store.snapshot()
    store.add_checkins([make_checkin(level=2)])
    after = store.snapshot()
    for kind in ("sets", "sessions", "notes", "routines"):
        assert all(a is b for a, b in zip(before.records(kind), after.records(kind), strict=True))


def test_a_resumable_session_whose_state_looks_like_a_record_comes_back_as_plain_data(
    seeded_path: Path,
) -> None:
    state = make_step_state()
    Store(seeded_path, now=fixed_now).set_active_session(state)
    reread = Store(seeded_path, now=fixed_now)
    assert reread.active_session() == state
    assert reread.snapshot().count() == 8


@pytest.mark.parametrize("extra", [1, 2, 3])
def test_a_log_longer_than_one_written_piece_is_written_whole(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, extra: int
) -> None:
    monkeypatch.setattr(store_module, "_CHUNK", 2)
    store = Store(db_path, now=fixed_now)
    added = [make_checkin(level=level) for level in range(extra + 1)]
    store.add_checkins(added)
    assert len(json.loads(db_path.read_bytes())["checkins"]) == len(added)
    assert set(Store(db_path, now=fixed_now).snapshot().checkins) == set(added)


def test_the_written_file_is_compact_json_with_every_table(seeded_path: Path) -> None:
    data = json.loads(seeded_path.read_bytes())
    assert list(data) == ["_meta", *KINDS, "_active_session"]
    compact = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    assert seeded_path.read_bytes() == compact


def test_write_file_atomic_writes_pieces_one_after_another(tmp_path: Path) -> None:
    target = tmp_path / "pieces.json"
    write_file_atomic(target, iter([b'{"a":', b"1", b"}"]))
    assert json.loads(target.read_bytes()) == {"a": 1}


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_while_records_are_built_and_left_as_it_was(
    seeded_path: Path, monkeypatch: pytest.MonkeyPatch, enabled: bool
) -> None:
    during: list[bool] = []
    real = store_module._read_fast
    monkeypatch.setattr(
        store_module, "_read_fast", lambda text: during.append(gc.isenabled()) or real(text)
    )
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        Store(seeded_path, now=fixed_now).snapshot()
        assert during == [False]
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_a_file_with_escaped_text_but_no_surrogate_escape_is_still_read_the_fast_way(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = 'Said "ouch"\n\tthen \\ and é ✓'
    Store(db_path, now=fixed_now).add_checkins([make_checkin(note=note)])
    assert b"\\" in db_path.read_bytes()
    checked: list[int] = []
    real = store_module.parse_database
    monkeypatch.setattr(
        store_module, "parse_database", lambda *args: checked.append(1) or real(*args)
    )
    assert Store(db_path, now=fixed_now).snapshot().checkins[0].note == note
    assert checked == []
