"""Test that the data file is a real TinyDB database, readable and writable by TinyDB itself.

The store reads and writes the file directly, with the records held once (see
hipdash.store); these tests keep it to TinyDB's format in both directions.
"""

from __future__ import annotations

from pathlib import Path

from tinydb import TinyDB

from hipdash.serialize import KINDS, to_dict
from hipdash.store import META_TABLE, SCHEMA_VERSION, Store
from tests.store_fixtures import make_checkin, make_note, make_set, seed


def test_tinydb_reads_every_record_the_store_wrote(tmp_path: Path) -> None:
    path = tmp_path / "hipdash.json"
    store = Store(path)
    seed(store)
    snapshot = store.snapshot()
    with TinyDB(path, access_mode="r") as database:
        assert database.table(META_TABLE).all() == [{"schema_version": SCHEMA_VERSION}]
        for kind in KINDS:
            stored = sorted((dict(document) for document in database.table(kind).all()), key=repr)
            expected = sorted((to_dict(record) for record in snapshot.records(kind)), key=repr)
            assert stored == expected, kind


def test_a_file_tinydb_wrote_loads_in_the_store(tmp_path: Path) -> None:
    path = tmp_path / "hipdash.json"
    checkins = [make_checkin(), make_checkin(area="hip_flexors", level=2)]
    strength_set = make_set()
    note = make_note()
    with TinyDB(path) as database:
        database.table(META_TABLE).insert({"schema_version": SCHEMA_VERSION})
        database.table("checkins").insert_multiple(to_dict(c) for c in checkins)
        database.table("sets").insert(to_dict(strength_set))
        database.table("notes").insert(to_dict(note))
    snapshot = Store(path).snapshot()
    assert sorted(c.id for c in snapshot.checkins) == sorted(c.id for c in checkins)
    assert snapshot.sets == (strength_set,)
    assert snapshot.notes == (note,)


def test_the_store_adds_to_a_file_tinydb_wrote_and_tinydb_still_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "hipdash.json"
    first = make_checkin()
    with TinyDB(path) as database:
        database.table(META_TABLE).insert({"schema_version": SCHEMA_VERSION})
        database.table("checkins").insert(to_dict(first))
    second = make_checkin(area="hamstrings", level=5)
    Store(path).add_checkins([second])
    with TinyDB(path, access_mode="r") as database:
        ids = sorted(document["id"] for document in database.table("checkins").all())
    assert ids == sorted([first.id, second.id])
