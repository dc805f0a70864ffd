"""Keep the log in one TinyDB JSON file with atomic, locked writes and cached reads."""

from __future__ import annotations

import contextlib
import copy
import functools
import json
import os
import re
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar, cast

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from hipdash.backup import (
    latest_backup,
    remove_stale_temp_files,
    write_daily_backup,
    write_file_atomic,
    write_named_backup,
)
from hipdash.fs_errors import StorageError as StorageError  # a documented write error
from hipdash.fs_errors import storage_step
from hipdash.paths import lock_path
from hipdash.records import (
    Note,
    SavedRoutine,
    SessionRecord,
    StrengthSet,
    TensionCheckIn,
)
from hipdash.serialize import KIND_OF_TYPE, KINDS, from_dict, to_dict
from hipdash.validation import (
    Record,
    ValidationError,
    active_session_problems,
    validate,
    validate_all,
)

SCHEMA_VERSION = 2
META_TABLE = "_meta"
ACTIVE_SESSION_TABLE = "_active_session"
LOCK_TIMEOUT_SECONDS = 30.0
# Waiters poll the lock file; a short interval keeps two processes from idling.
LOCK_POLL_SECONDS = 0.002

_TABLES_BY_VERSION = {
    1: frozenset({META_TABLE, "checkins", "sets", "sessions", "notes"}),
    2: frozenset({META_TABLE, ACTIVE_SESSION_TABLE, *KINDS}),
}
_SORT_KEYS: dict[str, Callable[[Any], Any]] = {
    "checkins": attrgetter("at"),
    "sets": attrgetter("at"),
    "sessions": attrgetter("started_at"),
    "notes": attrgetter("at"),
    "routines": lambda routine: routine.name.casefold(),
}
# A note migrated from a version-1 session gets an id derived from the session id, so
# migrating the same file twice gives the same ids.
_MIGRATED_NOTE_NAMESPACE = uuid.UUID("3f0e3c52-8a55-4d38-9a43-bf1a4c0a4f11")
_MISSING: tuple[int, ...] = (-1,)
_T = TypeVar("_T")
# TinyDB writes document keys as ASCII digits. str.isdigit() also accepts "²" and other
# digits that int() rejects, and a key longer than this is a hand edit, not a count.
_DOC_KEY = re.compile(r"[0-9]{1,15}")
# A \u escape of a surrogate (D800-DFFF); only then can parsed text hold a lone surrogate.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_TIME_ATTRS: dict[str, tuple[str, ...]] = {
    "checkins": ("at",),
    "sets": ("at",),
    "sessions": ("started_at", "ended_at"),
    "notes": ("at",),
    "routines": (),
}


@dataclass(frozen=True)
class Snapshot:
    """Everything stored, as immutable tuples of records sorted by time (routines by name)."""

    checkins: tuple[TensionCheckIn, ...] = ()
    sets: tuple[StrengthSet, ...] = ()
    sessions: tuple[SessionRecord, ...] = ()
    notes: tuple[Note, ...] = ()
    routines: tuple[SavedRoutine, ...] = ()
    # Names the file version this snapshot was read from (path and stat signature),
    # so callers can key caches on a short string instead of hashing every record.
    revision: str = field(default="", compare=False)

    def records(self, kind: str) -> tuple[Any, ...]:
        """Return the records of one kind ("checkins", "sets", ...)."""
        if kind not in KINDS:
            raise ValueError(f"Unknown record kind {kind!r}; expected one of {', '.join(KINDS)}.")
        return cast(tuple[Any, ...], getattr(self, kind))

    def count(self) -> int:
        """Return how many records there are, all kinds together."""
        return sum(len(getattr(self, kind)) for kind in KINDS)


@dataclass(frozen=True)
class ImportResult:
    """How many records of each kind an import added, and how many it skipped as present."""

    added: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)


class DatabaseError(Exception):
    """The data file can't be used; it has been left exactly as it was."""

    def __init__(self, path: Path, reason: str, backup: Path | None = None) -> None:
        self.path = path
        self.reason = reason
        self.backup = backup
        super().__init__(self.recovery_hint())

    def recovery_hint(self) -> str:
        """Return what happened and how to recover, in plain words."""
        hint = (
            f"Your data file at {self.path} could not be read: {self.reason}. "
            "It has not been changed. To recover, close hipdash, then "
        )
        if self.backup is not None:
            return hint + (
                f"copy the backup {self.backup} over {self.path}, "
                "or move the file aside to start fresh."
            )
        return hint + "move the file aside to start fresh (no automatic backup exists yet)."


class RecordNotFoundError(LookupError):
    """No stored record has the given id."""


class StoreBusyError(RuntimeError):
    """Another hipdash process held the data file's lock for too long."""


# StorageError (hipdash.fs_errors) is the third write error: the folder can't be written
# (full disk, read-only disk, no permission, a bad path). Nothing was written then either.


class _Unreadable(Exception):
    """A parsed file is not a usable hipdash database; the message is the plain reason."""


class _TransactionStorage(Storage):
    """Hold TinyDB's writes in memory so that a whole transaction reaches disk in one write."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = False

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = True

    def close(self) -> None:
        pass


class _Table(Table):
    """A TinyDB table that keeps the string document ids JSON has, changing its dict in place.

    TinyDB's own table copies the whole table twice per write to turn ids into ints and
    back; at years of entries that costs more than the rest of a write put together.
    """

    document_id_class = str  # type: ignore[assignment]

    def _get_next_id(self) -> int:
        raise RuntimeError("hipdash inserts documents with explicit ids")

    def _update_table(self, updater: Callable[[dict[Any, Mapping[str, Any]]], None]) -> None:
        tables = self._storage.read()
        # Only a storage with no file yet reads None, and _TransactionStorage always has data.
        assert tables is not None
        updater(tables.setdefault(self.name, {}))
        self._storage.write(tables)
        self.clear_cache()


class _TinyDB(TinyDB):
    table_class = _Table


_PATH_LOCKS: dict[str, threading.Lock] = {}
_PATH_LOCKS_GUARD = threading.Lock()


def _path_lock(path: Path) -> threading.Lock:
    # Threads of one process queue here first: the file lock only polls, and a polling
    # queue of eight threads would leave the file idle between writes.
    with _PATH_LOCKS_GUARD:
        return _PATH_LOCKS.setdefault(str(path), threading.Lock())


def local_now() -> datetime:
    """Return the current local time, timezone-aware: the clock the app runs on."""
    return datetime.now().astimezone()


def _localize(naive: datetime) -> datetime:
    return naive.astimezone()


def _signature(stat: os.stat_result) -> tuple[int, ...]:
    # A replaced file has a new inode, so this notices a rewrite even where mtimes are coarse.
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def encode(data: Mapping[str, Any]) -> bytes:
    """Return the compact JSON bytes the data file holds."""
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def empty_database() -> dict[str, Any]:
    """Return the tables of a database with nothing logged yet."""
    return {META_TABLE: {"1": {"schema_version": SCHEMA_VERSION}}}


def _schema_version(data: object) -> int:
    if not isinstance(data, dict):
        kind = "list" if isinstance(data, list) else type(data).__name__
        raise _Unreadable(f"it is not a hipdash data file (it holds a JSON {kind}, not tables)")
    meta = data.get(META_TABLE)
    if not isinstance(meta, dict) or len(meta) != 1:
        raise _Unreadable("it is not a hipdash data file (it has no schema version)")
    (doc,) = meta.values()
    version = doc.get("schema_version") if isinstance(doc, dict) else None
    if type(version) is not int or version < 1:
        raise _Unreadable("its schema version is missing or not a whole number")
    if version > SCHEMA_VERSION:
        raise _Unreadable(
            f"it was written by a newer version of hipdash (data format {version}; "
            f"this version reads up to {SCHEMA_VERSION})"
        )
    allowed = _TABLES_BY_VERSION[version]
    for name, table in data.items():
        if name not in allowed:
            raise _Unreadable(f"it has an unexpected section {name!r}")
        if not isinstance(table, dict) or not all(
            isinstance(doc, dict) and _DOC_KEY.fullmatch(key) for key, doc in table.items()
        ):
            raise _Unreadable(f"its section {name!r} is not a table of entries")
    return version


def parse_database(
    content: bytes, localize: Callable[[datetime], datetime] = _localize
) -> tuple[dict[str, Any], int]:
    """Return the tables in content, migrated to the current schema, and the version on disk.

    Raise ValueError with a plain reason when content is not a hipdash database.
    """
    if not content.strip():
        raise ValueError("the file is empty")
    try:
        data = json.loads(content)
    except json.JSONDecodeError as error:
        raise ValueError(
            f"it is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    except (UnicodeDecodeError, RecursionError):
        raise ValueError("it is not valid JSON text") from None
    except ValueError:
        # Python refuses whole numbers of more than 4,300 digits.
        raise ValueError("it holds a number too long to read") from None
    if _SURROGATE_ESCAPE.search(content) and not _encodable(data):
        raise ValueError("it holds text that is not valid Unicode (a lone surrogate escape)")
    if data == {}:
        # TinyDB writes an empty object for a database without tables: nothing to lose.
        return empty_database(), SCHEMA_VERSION
    try:
        version = _schema_version(data)
    except _Unreadable as problem:
        raise ValueError(str(problem)) from None
    migrated = data
    for from_version in range(version, SCHEMA_VERSION):
        migrated = _MIGRATIONS[from_version](migrated, localize)
    return migrated, version


def _encodable(data: Any) -> bool:
    try:
        encode(data)
    except UnicodeEncodeError:
        return False
    return True


def _aware_text(value: object, localize: Callable[[datetime], datetime]) -> object:
    if not isinstance(value, str):
        return value
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            moment = localize(moment)
    except (ValueError, OverflowError):
        return value  # left for the snapshot to report as a damaged entry
    return moment.isoformat()


def _migrate_1_to_2(
    data: dict[str, Any], localize: Callable[[datetime], datetime]
) -> dict[str, Any]:
    """Migrate from version 1, which differs from version 2 in four ways.

    Version 1 stored naive local times, had no `side` on check-ins, kept a free-text
    `notes` field on sessions, and had no saved routines or resumable session.
    """
    out = empty_database()
    for kind in ("checkins", "sets", "notes"):
        out[kind] = {
            key: {**doc, "at": _aware_text(doc.get("at"), localize)}
            for key, doc in data.get(kind, {}).items()
        }
    for doc in out["checkins"].values():
        doc.setdefault("side", "both")
    sessions: dict[str, Any] = {}
    notes = out["notes"]
    next_note_key = max((int(key) for key in notes), default=0) + 1
    for key, doc in data.get("sessions", {}).items():
        session = dict(doc)
        for name in ("started_at", "ended_at"):
            session[name] = _aware_text(session.get(name), localize)
        text = session.pop("notes", "")
        if isinstance(text, str) and text.strip():
            note_id = uuid.uuid5(_MIGRATED_NOTE_NAMESPACE, str(session.get("id"))).hex
            notes[str(next_note_key)] = {
                "id": note_id,
                "at": session["ended_at"],
                "text": text[:2000],
                "mood_tags": [],
            }
            next_note_key += 1
        sessions[key] = session
    out["sessions"] = sessions
    out["routines"] = {}
    return out


_MIGRATIONS: dict[
    int, Callable[[dict[str, Any], Callable[[datetime], datetime]], dict[str, Any]]
] = {
    1: _migrate_1_to_2,
}


def _routine_name_key(name: object) -> str:
    return str(name).strip().casefold()


class Store:
    """Read and write the log in one TinyDB JSON file, safely shared by threads and processes.

    Every write validates first, then reads, changes and rewrites the file under a file
    lock, replacing it atomically. Reads are cached until the file changes on disk.
    """

    def __init__(
        self,
        path: Path | str,
        now: Callable[[], datetime] = local_now,
        *,
        localize: Callable[[datetime], datetime] = _localize,
        lock_timeout: float = LOCK_TIMEOUT_SECONDS,
    ) -> None:
        self.path = Path(path).expanduser().absolute()
        self._now = now
        self._localize = localize
        self._file_lock = FileLock(
            str(lock_path(self.path)),
            timeout=lock_timeout,
            poll_interval=LOCK_POLL_SECONDS,
        )
        self._path_lock = _path_lock(self.path)
        # One re-entrant mutex guards the caches; it is taken before the path and file locks.
        self._mutex = threading.RLock()
        self._raw: dict[str, Any] | None = None
        self._raw_bytes: bytes | None = None
        self._raw_sig: tuple[int, ...] | None = None
        self._raw_version = SCHEMA_VERSION
        # Per kind, record id -> document key, and the next free key; both describe _raw.
        self._index: dict[str, dict[str, str]] = {}
        self._next_key: dict[str, int] = {}
        self._snapshot: Snapshot | None = None
        self._snapshot_sig: tuple[int, ...] | None = None
        # Records already built from raw documents, keyed by the document's identity;
        # documents are never changed in place, so an unchanged identity is an unchanged record.
        self._built: dict[int, tuple[dict[str, Any], Any]] = {}
        # The signature of a file version known to load in full: every record builds. A
        # write starts only from such a version, and a file written from one is one too.
        self._loads_sig: tuple[int, ...] | None = None
        # The file version that does not load, and why: a page rerun on a damaged file
        # says so again without building every record again.
        self._damage: tuple[tuple[int, ...] | None, str] | None = None
        self._backup_day: date | None = None
        self._swept = False

    # Reading

    def snapshot(self) -> Snapshot:
        """Return every stored record; the same object again while the file is unchanged."""
        with self._mutex:
            raw = self._load()
            if self._raw_version < SCHEMA_VERSION:
                # Migrating rewrites the file; read the result rather than the old tables.
                with contextlib.suppress(StorageError):
                    # A disk that can't be written still shows the migrated records; the
                    # next write tries the migration again.
                    self._transact(lambda db, raw: None)
                raw = self._load()
            snapshot = self._checked_snapshot(raw)
            self._backup_if_due()
            return snapshot

    def has(self, kind: str, record_id: str) -> bool:
        """Return whether a record of ``kind`` with this id is stored, from the cached id index."""
        with self._mutex:
            return record_id in self._ids(self._load(), kind)

    def active_session(self) -> dict[str, Any] | None:
        """Return the saved state of an unfinished guided session, or None."""
        with self._mutex:
            for doc in self._load().get(ACTIVE_SESSION_TABLE, {}).values():
                state: dict[str, Any] | None = copy.deepcopy(doc.get("state"))
                return state
            return None

    def check(self) -> None:
        """Open the file now: migrate it, make the day's backup, or raise DatabaseError."""
        self.snapshot()

    # Writing

    def add_checkins(self, checkins: Iterable[TensionCheckIn]) -> int:
        """Store new check-ins in one write; skip ids already stored; return how many were added."""
        return self._add({"checkins": self._valid(checkins, TensionCheckIn)})

    def add_sets(self, sets: Iterable[StrengthSet]) -> int:
        """Store new strength or balance sets in one write; return how many were added."""
        return self._add({"sets": self._valid(sets, StrengthSet)})

    def add_session(self, session: SessionRecord, checkins: Iterable[TensionCheckIn] = ()) -> bool:
        """Store a session with its before/after check-ins in one atomic write.

        Return False, writing nothing, when a session with its id is already stored (another
        tab saved it first): its check-ins must not be added to a session saved without them.
        """
        batches = {
            "sessions": self._valid([session], SessionRecord),
            "checkins": self._valid(checkins, TensionCheckIn),
        }

        def change(db: TinyDB, raw: dict[str, Any]) -> bool:
            if session.id in self._ids(raw, "sessions"):
                return False
            for kind, records in batches.items():
                self._insert(db, raw, kind, self._fresh(raw, kind, records))
            return True

        added: bool = self._transact(change)
        return added

    def add_note(self, note: Note) -> int:
        """Store a new note; return 1, or 0 when a note with its id is already stored."""
        return self._add({"notes": self._valid([note], Note)})

    def update_checkin(self, checkin: TensionCheckIn) -> None:
        """Replace the stored check-in that has the same id."""
        self._replace("checkins", self._valid([checkin], TensionCheckIn))

    def update_set(self, strength_set: StrengthSet) -> None:
        """Replace the stored set that has the same id."""
        self._replace("sets", self._valid([strength_set], StrengthSet))

    def update_note(self, note: Note) -> None:
        """Replace the stored note that has the same id."""
        self._replace("notes", self._valid([note], Note))

    def update_many(self, records: Iterable[TensionCheckIn | StrengthSet | Note]) -> None:
        """Replace several stored records of one kind in one write: all of them, or none."""
        batch = list(records)
        if not batch:
            return
        kinds = {kind_of(record) for record in batch}
        if len(kinds) != 1 or kinds <= {"sessions", "routines"}:
            raise ValueError("update_many takes check-ins, sets or notes, one kind at a time.")
        (kind,) = kinds
        self._replace(kind, self._valid(batch, type(batch[0])))

    def delete(self, kind: str, record_id: str) -> bool:
        """Delete one record of kind ("checkins", "sets", ...) by id; return whether it existed."""
        return self.delete_many(kind, [record_id]) == 1

    def delete_many(self, kind: str, record_ids: Iterable[str]) -> int:
        """Delete records of one kind by id in one write; return how many existed."""
        if kind not in KINDS:
            raise ValueError(f"Unknown record kind {kind!r}; expected one of {', '.join(KINDS)}.")
        wanted = list(dict.fromkeys(record_ids))

        def change(db: TinyDB, raw: dict[str, Any]) -> int:
            known = self._ids(raw, kind)
            present = [record_id for record_id in wanted if record_id in known]
            if present:
                self._remove(db, raw, kind, present)
            return len(present)

        return self._transact(change)

    def save_routine(self, routine: SavedRoutine) -> None:
        """Store a routine, replacing one with the same id or the same name (any case)."""
        valid = self._valid([routine], SavedRoutine)[0]
        name = _routine_name_key(valid.name)

        def change(db: TinyDB, raw: dict[str, Any]) -> None:
            doomed = [
                doc.get("id")
                for doc in raw.get("routines", {}).values()
                if doc.get("id") == valid.id or _routine_name_key(doc.get("name")) == name
            ]
            self._remove(db, raw, "routines", doomed)
            self._insert(db, raw, "routines", [valid])

        self._transact(change)

    def delete_routine(self, routine_id: str) -> bool:
        """Delete a saved routine by id; return whether it existed."""
        return self.delete("routines", routine_id)

    def set_active_session(self, state: Mapping[str, Any]) -> dict[str, Any]:
        """Save the small JSON-safe state a reload needs to resume a guided session.

        Return a copy of the state as stored, which ``active_session`` will compare equal to.
        """
        problems = active_session_problems(state)
        if problems:
            raise ValidationError(problems)
        # A round trip through JSON stores a private copy that the caller can't change later.
        plain = json.loads(json.dumps(state))

        def change(db: TinyDB, raw: dict[str, Any]) -> None:
            table = db.table(ACTIVE_SESSION_TABLE)
            table.truncate()
            # Our tables keep JSON's string ids (see _Table); TinyDB's hints say int.
            table.insert(Document({"state": plain}, doc_id="1"))  # type: ignore[arg-type]

        self._transact(change)
        stored: dict[str, Any] = copy.deepcopy(plain)
        return stored

    def clear_active_session(self) -> None:
        """Forget the unfinished session, if there is one."""

        def change(db: TinyDB, raw: dict[str, Any]) -> None:
            if raw.get(ACTIVE_SESSION_TABLE):
                db.table(ACTIVE_SESSION_TABLE).truncate()

        self._transact(change)

    def apply_import(self, records: Snapshot) -> ImportResult:
        """Add an import's checked records in one write; skip ids (and routine names) stored.

        The caller refuses an import plan with errors; every record is validated again here.
        """
        incoming = {kind: self._valid(records.records(kind), None) for kind in KINDS}

        def change(db: TinyDB, raw: dict[str, Any]) -> ImportResult:
            added: dict[str, int] = {}
            skipped: dict[str, int] = {}
            for kind, records in incoming.items():
                fresh = self._fresh(raw, kind, records)
                self._insert(db, raw, kind, fresh)
                added[kind] = len(fresh)
                skipped[kind] = len(records) - len(fresh)
            return ImportResult(added=added, skipped=skipped)

        return self._transact(change)

    def replace_all(self, snapshot: Snapshot) -> None:
        """Replace every stored record with those in snapshot, in one write (a full restore)."""
        incoming = {kind: self._valid(snapshot.records(kind), None) for kind in KINDS}

        def change(db: TinyDB, raw: dict[str, Any]) -> None:
            for kind, records in incoming.items():
                db.table(kind).truncate()
                self._index.pop(kind, None)
                self._insert(db, raw, kind, self._fresh(raw, kind, records))

        self._transact(change)

    # Internals

    def _valid(self, records: Iterable[Record], expected: type | None) -> list[Any]:
        items = list(records)
        now = self._now()
        if expected is not None:
            for item in items:
                if type(item) is not expected:
                    raise ValidationError(
                        [("record", f"Expected a {expected.__name__}, got {type(item).__name__}.")]
                    )
        if len(items) == 1:
            validate(items[0], now)
        else:
            validate_all(items, now)
        return items

    def _ids(self, raw: Mapping[str, Any], kind: str) -> dict[str, str]:
        """Return the record id -> document key index of one table, building it once per load."""
        index = self._index.get(kind)
        if index is None:
            table = raw.get(kind, {})
            index = self._index[kind] = {
                record_id: key
                for key, doc in table.items()
                if isinstance(record_id := doc.get("id"), str)
            }
            self._next_key[kind] = max(map(int, table), default=0) + 1
        return index

    def _fresh(self, raw: Mapping[str, Any], kind: str, records: list[Any]) -> list[Any]:
        """Return the records whose id (or, for routines, name) is not stored or repeated."""
        stored = self._ids(raw, kind)
        in_batch: set[str] = set()
        names: set[str] = set()
        if kind == "routines":
            names = {_routine_name_key(doc.get("name")) for doc in raw.get(kind, {}).values()}
        fresh = []
        for record in records:
            name = _routine_name_key(record.name) if kind == "routines" else ""
            if record.id in stored or record.id in in_batch or name in names:
                continue
            in_batch.add(record.id)
            if name:
                names.add(name)
            fresh.append(record)
        return fresh

    def _insert(self, db: TinyDB, raw: dict[str, Any], kind: str, records: list[Any]) -> None:
        if not records:
            return
        index = self._ids(raw, kind)
        first = self._next_key[kind]
        documents = [
            Document(to_dict(record), doc_id=str(key))  # type: ignore[arg-type]
            for key, record in enumerate(records, start=first)
        ]
        db.table(kind).insert_multiple(documents)
        self._next_key[kind] = first + len(records)
        for record, document in zip(records, documents, strict=True):
            index[record.id] = document.doc_id  # type: ignore[assignment]

    def _remove(self, db: TinyDB, raw: dict[str, Any], kind: str, record_ids: list[Any]) -> None:
        index = self._ids(raw, kind)
        keys = [index.pop(record_id) for record_id in record_ids if record_id in index]
        if keys:
            db.table(kind).remove(doc_ids=keys)  # type: ignore[arg-type]

    def _add(self, batches: dict[str, list[Any]]) -> int:
        # Every batch was validated in _valid, before any locking or writing.
        if not any(batches.values()):
            return 0

        def change(db: TinyDB, raw: dict[str, Any]) -> int:
            count = 0
            for kind, records in batches.items():
                fresh = self._fresh(raw, kind, records)
                self._insert(db, raw, kind, fresh)
                count += len(fresh)
            return count

        return self._transact(change)

    def _replace(self, kind: str, records: list[Any]) -> None:
        def change(db: TinyDB, raw: dict[str, Any]) -> None:
            known = self._ids(raw, kind)
            for record in records:
                if record.id not in known:
                    raise RecordNotFoundError(f"No stored {kind} entry has id {record.id!r}.")
            # Remove and insert rather than update: TinyDB updates documents in place,
            # and the snapshot cache relies on stored documents never changing in place.
            self._remove(db, raw, kind, [record.id for record in records])
            self._insert(db, raw, kind, records)

        self._transact(change)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with storage_step(self.path, "creating the data folder"):
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._path_lock:
            with storage_step(self.path, "taking the lock"):
                try:
                    self._file_lock.acquire()
                except Timeout:
                    raise StoreBusyError(
                        f"Another hipdash window is still saving to {self.path}; try again shortly."
                    ) from None
            try:
                yield
            finally:
                self._file_lock.release()

    def _transact(self, change: Callable[[TinyDB, dict[str, Any]], _T]) -> _T:
        """Run change on a TinyDB over the current data, then write the result in one go.

        Refuse with the snapshot's DatabaseError while the file does not load in full:
        a write would otherwise carry the damage on and be backed up.
        """
        with self._mutex, self._locked():
            raw = self._load()
            if self._loads_sig != self._raw_sig:
                self._checked_snapshot(raw)
            if not self._swept:
                with contextlib.suppress(OSError):
                    # Leftovers only take space; a folder we can't sweep may still take writes.
                    remove_stale_temp_files(self.path)
                    self._swept = True
            self._backup_if_due()
            # An older file is rewritten in the current schema even when nothing else changes.
            old_schema = self._raw_bytes if self._raw_version < SCHEMA_VERSION else None
            if old_schema is not None:
                with storage_step(self.path, "saving a backup before the upgrade"):
                    write_named_backup(
                        self.path, old_schema, f"before-v{SCHEMA_VERSION}", self._now().date()
                    )
            storage = _TransactionStorage(raw)
            try:
                result = change(_TinyDB(storage=lambda: storage), raw)
                if storage.dirty or old_schema is not None:
                    content = encode(storage.data)
                    with storage_step(self.path, "writing the file"):
                        stat = write_file_atomic(self.path, content)
                    if storage.data is not raw:
                        self._index.clear()
                    self._raw, self._raw_bytes = storage.data, content
                    self._raw_sig, self._raw_version = _signature(stat), SCHEMA_VERSION
                    # Only validated records were added to a file that loads: this one loads.
                    self._loads_sig = self._raw_sig
            except BaseException:
                # TinyDB may have changed the cached tables before the failure.
                self._forget_raw()
                raise
            return result

    def _forget_raw(self) -> None:
        self._raw = self._raw_bytes = self._raw_sig = None
        self._index.clear()
        self._built.clear()

    def _load(self) -> dict[str, Any]:
        """Return the current tables, re-reading the file only when it changed on disk."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except (FileNotFoundError, NotADirectoryError):
            # No file there, not even a folder for it: nothing is stored yet. A write says
            # what is wrong with the path (a StorageError) when it tries to make the file.
            if self._raw_sig != _MISSING or self._raw is None:
                self._forget_raw()
                self._raw, self._raw_sig, self._raw_version = (
                    empty_database(),
                    _MISSING,
                    SCHEMA_VERSION,
                )
            assert self._raw is not None
            return self._raw
        except OSError as error:
            raise self._error(f"it could not be opened ({error.strerror})") from None
        try:
            signature = _signature(os.fstat(fd))
            if signature == self._raw_sig and self._raw is not None:
                return self._raw
            with open(fd, "rb", closefd=False) as handle:
                content = handle.read()
        except OSError as error:
            raise self._error(f"it could not be read ({error.strerror})") from None
        finally:
            os.close(fd)
        try:
            raw, version = parse_database(content, self._localize)
        except ValueError as problem:
            raise self._error(str(problem)) from None
        self._index.clear()
        self._raw, self._raw_bytes, self._raw_sig, self._raw_version = (
            raw,
            content,
            signature,
            version,
        )
        return raw

    def _error(self, reason: str) -> DatabaseError:
        # Name a backup that loads: the newest one may be a copy of the same damage.
        return DatabaseError(self.path, reason, latest_backup(self.path, loads=file_loads))

    def _backup_if_due(self) -> None:
        today = self._now().date()
        if self._backup_day == today or self._raw_bytes is None:
            return
        if self._loads_sig != self._raw_sig:
            return  # a backup is a copy of a file that loads in full, never of damage
        with contextlib.suppress(OSError):
            # A failed backup must not stop someone logging; it is retried on the next write.
            write_daily_backup(self.path, self._raw_bytes, today, loads=file_loads)
            self._backup_day = today

    def _checked_snapshot(self, raw: Mapping[str, Any]) -> Snapshot:
        """Return the snapshot of raw, built once per file version; raise DatabaseError."""
        if self._snapshot is not None and self._snapshot_sig == self._raw_sig:
            return self._snapshot
        if self._damage is not None and self._damage[0] == self._raw_sig:
            raise self._error(self._damage[1])
        try:
            tables, self._built = _build_tables(raw, self._built)
        except _Unreadable as problem:
            self._damage = (self._raw_sig, str(problem))
            raise self._error(str(problem)) from None
        self._snapshot = Snapshot(**tables, revision=f"{self.path}@{self._raw_sig}")
        self._snapshot_sig = self._loads_sig = self._raw_sig
        return self._snapshot


_Built = dict[int, tuple[dict[str, Any], Any]]


def _build_tables(raw: Mapping[str, Any], previous: _Built) -> tuple[dict[str, Any], _Built]:
    """Return every record of raw by kind, sorted, and the cache of built records.

    Reuse the records in previous whose document is the same object. Raise _Unreadable
    naming the first entry that does not build.
    """
    built: _Built = {}
    # Keyed by kind, each value becomes the Snapshot field of that name.
    tables: dict[str, Any] = {}
    for kind in KINDS:
        records = []
        for position, doc in enumerate(raw.get(kind, {}).values(), start=1):
            entry = previous.get(id(doc))
            if entry is None or entry[0] is not doc:
                entry = (doc, _build_record(kind, doc, position))
            built[id(doc)] = entry
            records.append(entry[1])
        try:
            records.sort(key=_SORT_KEYS[kind])
        except (TypeError, OverflowError):
            # Only a hand-edited file can mix times with and without a timezone.
            raise _Unreadable(f"some times in {kind} have no timezone") from None
        tables[kind] = tuple(records)
    return tables, built


def _build_record(kind: str, doc: Mapping[str, Any], position: int) -> Any:
    try:
        record = from_dict(kind, doc)
    except ValidationError as problem:
        raise _Unreadable(f"entry {position} in {kind} is damaged ({problem})") from None
    for name in _TIME_ATTRS[kind]:
        if getattr(record, name).utcoffset() is None:
            raise _Unreadable(
                f"entry {position} in {kind} is damaged (its '{name}' time has no timezone)"
            )
    return record


def file_loads(path: Path) -> bool:
    """Return whether the file at path is a hipdash data file whose every record builds."""
    try:
        signature = _signature(path.stat())
    except OSError:
        return False
    return _version_loads(str(path), signature)


@functools.lru_cache(maxsize=64)
def _version_loads(path: str, signature: tuple[int, ...]) -> bool:
    # Keyed by the file's stat signature: a backup is read in full once, not on every
    # message that names it.
    try:
        raw, _ = parse_database(Path(path).read_bytes())
        _build_tables(raw, {})
    except (OSError, ValueError, _Unreadable):
        return False
    return True


def kind_of(record: Record) -> str:
    """Return the kind name ("checkins", "sets", ...) of a record."""
    return KIND_OF_TYPE[type(record)]
