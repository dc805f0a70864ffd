"""Keep the log in one TinyDB JSON file with atomic, locked writes and cached reads.

The file is TinyDB's format: one object per table, documents keyed by whole-number
strings, and TinyDB opens it as it is (tests/test_store_tinydb.py). The store reads
and writes that format itself, so each record is held once, as a record: TinyDB's
tables would keep every document as a dict beside it and copy the tables on each write.
"""

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

from hipdash.backup import (
    daily_backup_path,
    latest_backup,
    remove_stale_temp_files,
    write_daily_backup,
    write_file_atomic,
    write_named_backup,
)
from hipdash.collector import paused
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
from hipdash.serialize import (
    KIND_OF_TYPE,
    KINDS,
    RECORD_TYPES,
    from_dict,
    record_hook,
    to_json,
)
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
_DOC_KEYS = re.compile(r"[0-9]{1,15}(?:,[0-9]{1,15})*")
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


# Per kind, document key -> record, in the file's order; the store holds records only.
_Tables = dict[str, dict[str, Any]]


@dataclass
class _Loaded:
    """One file version as read: its records (or why they don't build) and its session."""

    version: int
    active: dict[str, Any]
    tables: _Tables | None = None
    # Set when the file parses but an entry does not build; then tables is None and ids
    # are answered from the parsed documents, kept only for such a damaged file.
    damage: str | None = None
    raw: dict[str, Any] | None = None
    snapshot: Snapshot | None = None


class _Draft:
    """The tables a transaction changes: copied on first change, so a failure changes nothing."""

    def __init__(self, loaded: _Loaded, index: dict[str, dict[str, str]]) -> None:
        assert loaded.tables is not None
        self.tables: _Tables = dict(loaded.tables)
        self.active = loaded.active
        self.index = dict(index)
        self.next_key: dict[str, int] = {}
        self._copied: set[str] = set()
        self.dirty = False

    def records(self, kind: str) -> Iterable[Any]:
        """Return the records of a kind, in the file's order."""
        return self.tables.get(kind, {}).values()

    def ids(self, kind: str) -> dict[str, str]:
        """Return the record id -> document key index of a kind, built once per load."""
        index = self.index.get(kind)
        if index is None:
            index = self.index[kind] = _index_of(self.tables[kind])
        return index

    def _writable(self, kind: str) -> tuple[dict[str, Any], dict[str, str]]:
        index = self.ids(kind)
        if kind not in self._copied:
            self._copied.add(kind)
            self.tables[kind] = dict(self.tables[kind])
            index = self.index[kind] = dict(index)
        self.dirty = True
        return self.tables[kind], index

    def insert(self, kind: str, records: list[Any]) -> None:
        """Add records under fresh document keys."""
        if not records:
            return
        table, index = self._writable(kind)
        key = self.next_key.get(kind) or max(map(int, table), default=0) + 1
        for record in records:
            table[str(key)] = record
            index[record.id] = str(key)
            key += 1
        self.next_key[kind] = key

    def remove(self, kind: str, record_ids: Iterable[str]) -> None:
        """Remove the records with these ids; ids not stored (or repeated) are ignored."""
        record_ids = list(record_ids)
        if not any(record_id in self.ids(kind) for record_id in record_ids):
            return
        table, index = self._writable(kind)
        for record_id in record_ids:
            key = index.pop(record_id, None)
            if key is not None:
                del table[key]

    def truncate(self, kind: str) -> None:
        """Remove every record of a kind; keys count from 1 again, as TinyDB's do."""
        self._writable(kind)
        self.tables[kind], self.index[kind] = {}, {}
        self.next_key.pop(kind, None)

    def set_active(self, active: dict[str, Any]) -> None:
        """Replace the resumable session table."""
        self.active, self.dirty = active, True

    def encoded(self) -> Iterator[bytes]:
        """Yield the file's JSON in pieces, so the whole text is never held at once."""
        yield encode(empty_database())[:-1]
        for kind in KINDS:
            yield f',"{kind}":{{'.encode()
            pieces: list[str] = []
            separator = b""
            for key, record in self.tables.get(kind, {}).items():
                pieces.append(f'"{key}":{to_json(record)}')
                if len(pieces) == _CHUNK:
                    yield separator + ",".join(pieces).encode()
                    separator = b","
                    pieces.clear()
            if pieces:
                yield separator + ",".join(pieces).encode()
            yield b"}"
        yield f',"{ACTIVE_SESSION_TABLE}":'.encode() + encode(self.active) + b"}"


# Records encoded per piece of a write: small enough that a write holds little extra memory.
_CHUNK = 2000


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

    Every write validates first, then changes the records and rewrites the file under a
    file lock, replacing it atomically. Reads are cached until the file changes on disk.
    The store holds each record once: neither the file's bytes nor its parsed documents
    are kept once the records are built.
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
        # The file version read last (its stat signature) and what it holds.
        self._sig: tuple[int, ...] | None = None
        self._loaded: _Loaded | None = None
        # The file's bytes, kept only until the day's backup is made (or, for an older
        # schema, until the upgrade has saved them as a named backup).
        self._bytes: bytes | None = None
        # Per kind, record id -> document key: built on the first write of a load.
        self._index: dict[str, dict[str, str]] = {}
        # The file version that can't be parsed, and why: a page rerun on a damaged file
        # says so again without reading it again.
        self._unparsable: tuple[tuple[int, ...], str] | None = None
        self._backup_day: date | None = None
        self._swept = False

    # Reading

    def snapshot(self) -> Snapshot:
        """Return every stored record; the same object again while the file is unchanged."""
        with self._mutex:
            loaded = self._load()
            if loaded.version < SCHEMA_VERSION and loaded.damage is None:
                # Migrating rewrites the file; read the result rather than the old tables.
                with contextlib.suppress(StorageError):
                    # A disk that can't be written still shows the migrated records; the
                    # next write tries the migration again.
                    self._transact(lambda draft: None)
                loaded = self._load()
            snapshot = self._checked_snapshot(loaded)
            self._backup_if_due()
            return snapshot

    def has(self, kind: str, record_id: str) -> bool:
        """Return whether a record of ``kind`` with this id is stored, from the cached id index."""
        with self._mutex:
            loaded = self._load()
            if loaded.tables is None:
                # A file with a damaged entry: answer from its parsed documents.
                docs = (loaded.raw or {}).get(kind, {}).values()
                return any(doc.get("id") == record_id for doc in docs)
            return record_id in self._ids(loaded.tables, kind)

    def active_session(self) -> dict[str, Any] | None:
        """Return the saved state of an unfinished guided session, or None."""
        with self._mutex:
            for doc in self._load().active.values():
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

        def change(draft: _Draft) -> bool:
            if session.id in draft.ids("sessions"):
                return False
            for kind, records in batches.items():
                draft.insert(kind, _fresh(draft, kind, records))
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

        def change(draft: _Draft) -> int:
            known = draft.ids(kind)
            present = [record_id for record_id in wanted if record_id in known]
            draft.remove(kind, present)
            return len(present)

        return self._transact(change)

    def save_routine(self, routine: SavedRoutine) -> None:
        """Store a routine, replacing one with the same id or the same name (any case)."""
        valid = self._valid([routine], SavedRoutine)[0]
        name = _routine_name_key(valid.name)

        def change(draft: _Draft) -> None:
            doomed = [
                routine.id
                for routine in draft.records("routines")
                if routine.id == valid.id or _routine_name_key(routine.name) == name
            ]
            draft.remove("routines", doomed)
            draft.insert("routines", [valid])

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

        def change(draft: _Draft) -> None:
            draft.set_active({"1": {"state": plain}})

        self._transact(change)
        stored: dict[str, Any] = copy.deepcopy(plain)
        return stored

    def clear_active_session(self) -> None:
        """Forget the unfinished session, if there is one."""

        def change(draft: _Draft) -> None:
            if draft.active:
                draft.set_active({})

        self._transact(change)

    def apply_import(self, records: Snapshot) -> ImportResult:
        """Add an import's checked records in one write; skip ids (and routine names) stored.

        The caller refuses an import plan with errors; every record is validated again here.
        """
        incoming = {kind: self._valid(records.records(kind), None) for kind in KINDS}

        def change(draft: _Draft) -> ImportResult:
            added: dict[str, int] = {}
            skipped: dict[str, int] = {}
            for kind, records in incoming.items():
                fresh = _fresh(draft, kind, records)
                draft.insert(kind, fresh)
                added[kind] = len(fresh)
                skipped[kind] = len(records) - len(fresh)
            return ImportResult(added=added, skipped=skipped)

        return self._transact(change)

    def replace_all(self, snapshot: Snapshot) -> None:
        """Replace every stored record with those in snapshot, in one write (a full restore)."""
        incoming = {kind: self._valid(snapshot.records(kind), None) for kind in KINDS}

        def change(draft: _Draft) -> None:
            for kind, records in incoming.items():
                draft.truncate(kind)
                draft.insert(kind, _fresh(draft, kind, records))

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

    def _draft(self, loaded: _Loaded) -> _Draft:
        return _Draft(loaded, self._index)

    def _add(self, batches: dict[str, list[Any]]) -> int:
        # Every batch was validated in _valid, before any locking or writing.
        if not any(batches.values()):
            return 0

        def change(draft: _Draft) -> int:
            count = 0
            for kind, records in batches.items():
                fresh = _fresh(draft, kind, records)
                draft.insert(kind, fresh)
                count += len(fresh)
            return count

        return self._transact(change)

    def _replace(self, kind: str, records: list[Any]) -> None:
        def change(draft: _Draft) -> None:
            known = draft.ids(kind)
            for record in records:
                if record.id not in known:
                    raise RecordNotFoundError(f"No stored {kind} entry has id {record.id!r}.")
            draft.remove(kind, [record.id for record in records])
            draft.insert(kind, records)

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

    def _transact(self, change: Callable[[_Draft], _T]) -> _T:
        """Run change on a draft of the current records, then write the result in one go.

        Refuse with the snapshot's DatabaseError while the file does not load in full:
        a write would otherwise carry the damage on and be backed up.
        """
        with self._mutex, self._locked():
            loaded = self._load()
            if loaded.damage is not None:
                raise self._error(loaded.damage)
            if not self._swept:
                with contextlib.suppress(OSError):
                    # Leftovers only take space; a folder we can't sweep may still take writes.
                    remove_stale_temp_files(self.path)
                    self._swept = True
            self._backup_if_due()
            # An older file is rewritten in the current schema even when nothing else changes.
            old_schema = self._bytes if loaded.version < SCHEMA_VERSION else None
            if old_schema is not None:
                with storage_step(self.path, "saving a backup before the upgrade"):
                    write_named_backup(
                        self.path, old_schema, f"before-v{SCHEMA_VERSION}", self._now().date()
                    )
            draft = self._draft(loaded)
            try:
                result = change(draft)
                if draft.dirty or old_schema is not None:
                    with storage_step(self.path, "writing the file"):
                        stat = write_file_atomic(self.path, draft.encoded())
                    # Only validated records were added to a file that loads: this one loads.
                    self._loaded = _Loaded(SCHEMA_VERSION, draft.active, draft.tables)
                    self._index, self._sig, self._bytes = draft.index, _signature(stat), None
            except BaseException:
                # The file may or may not have been replaced: read it again next time.
                self._forget()
                raise
            return result

    def _forget(self) -> None:
        self._sig = self._loaded = self._bytes = None
        self._index = {}

    def _load(self) -> _Loaded:
        """Return the current records, re-reading the file only when it changed on disk.

        Raise DatabaseError when the file can't be parsed; a file that parses but has a
        damaged entry loads with its damage noted, which snapshots and writes raise.
        """
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except (FileNotFoundError, NotADirectoryError):
            # No file there, not even a folder for it: nothing is stored yet. A write says
            # what is wrong with the path (a StorageError) when it tries to make the file.
            if self._sig != _MISSING or self._loaded is None:
                self._forget()
                self._loaded = _Loaded(SCHEMA_VERSION, {}, {kind: {} for kind in KINDS})
                self._sig = _MISSING
            assert self._loaded is not None
            return self._loaded
        except OSError as error:
            raise self._error(f"it could not be opened ({error.strerror})") from None
        try:
            signature = _signature(os.fstat(fd))
            if signature == self._sig and self._loaded is not None:
                return self._loaded
            if self._unparsable is not None and self._unparsable[0] == signature:
                raise self._error(self._unparsable[1])
            with open(fd, "rb", closefd=False) as handle:
                content = handle.read()
        except OSError as error:
            raise self._error(f"it could not be read ({error.strerror})") from None
        finally:
            os.close(fd)
        self._forget()
        text = _fast_text(content)
        if text is not None:
            # The bytes go before the records are built: the day's backup reads the file
            # again, so the data is held twice at most while it loads, never three times.
            content = b""
        with paused():  # records make no cycles: see hipdash.collector
            loaded = self._parse(content, text, signature)
        self._loaded, self._sig = loaded, signature
        return loaded

    def _parse(self, content: bytes, text: str | None, signature: tuple[int, ...]) -> _Loaded:
        loaded = _read_fast(text) if text is not None else None
        if loaded is None and text is not None:
            content = text.encode("utf-8")
        if loaded is None:
            try:
                loaded = _read_checked(content, self._localize)
            except ValueError as problem:
                self._unparsable = (signature, str(problem))
                raise self._error(str(problem)) from None
        self._bytes = content or None
        return loaded

    def _error(self, reason: str) -> DatabaseError:
        # Name a backup that loads: the newest one may be a copy of the same damage.
        return DatabaseError(self.path, reason, latest_backup(self.path, loads=file_loads))

    def _backup_if_due(self) -> None:
        today = self._now().date()
        loaded = self._loaded
        if loaded is None or loaded.tables is None or self._sig == _MISSING:
            return  # a backup is a copy of a file that loads in full, never of damage
        if self._backup_day != today and daily_backup_path(self.path, today).exists():
            self._backup_day = today  # made earlier, perhaps by another process
        if self._backup_day != today:
            content = self._bytes if self._bytes is not None else self._reread()
            if content is not None:
                with contextlib.suppress(OSError):
                    # A failed backup must not stop someone logging; it is retried later.
                    write_daily_backup(self.path, content, today, loads=file_loads)
                    self._backup_day = today
        if self._backup_day == today and loaded.version == SCHEMA_VERSION:
            self._bytes = None  # the records hold everything; the bytes served the backup

    def _reread(self) -> bytes | None:
        """Return the file's bytes if it is still the version loaded, else None."""
        try:
            with open(self.path, "rb") as handle:
                if _signature(os.fstat(handle.fileno())) != self._sig:
                    return None
                return handle.read()
        except OSError:
            return None

    def _ids(self, tables: _Tables, kind: str) -> dict[str, str]:
        index = self._index.get(kind)
        if index is None:
            index = self._index[kind] = _index_of(tables[kind])
        return index

    def _checked_snapshot(self, loaded: _Loaded) -> Snapshot:
        """Return the snapshot of the loaded file, built once per version; raise DatabaseError."""
        if loaded.damage is not None:
            raise self._error(loaded.damage)
        if loaded.snapshot is None:
            assert loaded.tables is not None
            tables = {kind: loaded.tables.get(kind, {}) for kind in KINDS}
            loaded.snapshot = Snapshot(
                **{
                    kind: tuple(sorted(t.values(), key=_SORT_KEYS[kind]))
                    for kind, t in tables.items()
                },
                revision=f"{self.path}@{self._sig}",
            )
        return loaded.snapshot


def _fresh(draft: _Draft, kind: str, records: list[Any]) -> list[Any]:
    """Return the records whose id (or, for routines, name) is not stored or repeated."""
    stored = draft.ids(kind)
    in_batch: set[str] = set()
    names: set[str] = set()
    if kind == "routines":
        names = {_routine_name_key(routine.name) for routine in draft.records(kind)}
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


def _read(content: bytes, localize: Callable[[datetime], datetime]) -> _Loaded:
    """Return the records of a data file; raise ValueError with a plain reason if unparsable."""
    text = _fast_text(content)
    loaded = _read_fast(text) if text is not None else None
    return loaded if loaded is not None else _read_checked(content, localize)


def _fast_text(content: bytes) -> str | None:
    """Return the file's text when it may be read the fast way, else None."""
    # Only a \u escape can make a lone surrogate. Most files hold no backslash at all, which
    # a one-byte search (memchr) tells far faster than a search for the two bytes would.
    if not content.startswith(b'{"_meta":') or (
        b"\\" in content and _SURROGATE_ESCAPE.search(content)
    ):
        return None  # an older or hand-made file, or one that needs the Unicode check
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _read_checked(content: bytes, localize: Callable[[datetime], datetime]) -> _Loaded:
    """Parse the whole file, migrate it, then build and check it entry by entry.

    The slow way, for every file the fast way refuses: it names what is wrong.
    """
    raw, version = parse_database(content, localize)
    active = raw.get(ACTIVE_SESSION_TABLE, {})
    try:
        return _Loaded(version, active, _build_tables(raw))
    except _Unreadable as problem:
        return _Loaded(version, active, damage=str(problem), raw=raw)


_CURRENT_META = {"1": {"schema_version": SCHEMA_VERSION}}


def _read_fast(text: str) -> _Loaded | None:
    """Return the records of a current-schema file whose every entry is as the store
    writes it, each built while parsing; return None for any other file."""
    try:
        return _fast_tables(json.loads(text, object_hook=record_hook({})))
    except (ValueError, RecursionError):
        return None


def _fast_tables(data: Any) -> _Loaded | None:
    if type(data) is not dict or data.get(META_TABLE) != _CURRENT_META:
        return None
    if type(data[META_TABLE]["1"]["schema_version"]) is not int:
        return None
    tables: _Tables = {kind: {} for kind in KINDS}
    active: dict[str, Any] = {}
    for name, table in data.items():
        if name not in _TABLES_BY_VERSION[SCHEMA_VERSION] or type(table) is not dict:
            return None
        # Every key at once, the same test as _DOC_KEY's: the keys joined with commas.
        if table and not _DOC_KEYS.fullmatch(",".join(table)):
            return None
        if name in RECORD_TYPES:
            if not set(map(type, table.values())) <= {RECORD_TYPES[name]}:
                return None
            tables[name] = table
        elif name == ACTIVE_SESSION_TABLE:
            # The hook may have made a record of something inside the session's state.
            if not all(type(doc) is dict and _plain(doc) for doc in table.values()):
                return None
            active = table
    return _Loaded(SCHEMA_VERSION, active, tables)


def _plain(value: object) -> bool:
    """Return whether value holds only JSON's own types, all the way down."""
    if type(value) is dict:
        return all(_plain(item) for item in value.values())
    if type(value) is list:
        return all(_plain(item) for item in value)
    return value is None or type(value) in (str, int, float, bool)


def _index_of(table: Mapping[str, Any]) -> dict[str, str]:
    return {record.id: key for key, record in table.items()}


def _build_tables(raw: Mapping[str, Any]) -> _Tables:
    """Return every record of raw by kind and document key; raise _Unreadable on the first
    entry that does not build, naming it."""
    tables: _Tables = {}
    for kind in KINDS:
        table = {}
        for position, (key, doc) in enumerate(raw.get(kind, {}).items(), start=1):
            table[key] = _build_record(kind, doc, position)
        tables[kind] = table
    return tables


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
        loaded = _read(Path(path).read_bytes(), _localize)
    except (OSError, ValueError):
        return False
    return loaded.damage is None


def kind_of(record: Record) -> str:
    """Return the kind name ("checkins", "sets", ...) of a record."""
    return KIND_OF_TYPE[type(record)]
