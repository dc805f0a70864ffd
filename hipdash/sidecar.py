"""Keep the unfinished guided session and the session queue in a small file beside the log.

A pause, a skip or a queued technique rewrites only this file (a few kilobytes), never
the whole log. It is written atomically under its own file lock, so tabs and processes
never lose each other's writes, and a damaged file is set aside, never overwritten.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from filelock import FileLock, Timeout

from hipdash.backup import remove_stale_temp_files, write_file_atomic
from hipdash.validation import active_session_problems

SIDECAR_VERSION = 1
SIDECAR_SUFFIX = ".session.json"
LOCK_TIMEOUT_SECONDS = 5.0
QUEUE_MAX = 200
ID_MAX_CHARS = 100


class SidecarError(Exception):
    """The session file can't be read or written; the message says what to do."""


class ActiveSessionSource(Protocol):
    """The part of the store that held the unfinished session before this file existed."""

    def active_session(self) -> dict[str, Any] | None: ...
    def clear_active_session(self) -> None: ...


@dataclass(frozen=True)
class SessionFile:
    """What the session file holds: the unfinished session, if any, and the queue."""

    active: dict[str, Any] | None = None
    queue: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the file's content as plain JSON-safe data."""
        return {"version": SIDECAR_VERSION, "active": self.active, "queue": list(self.queue)}


def sidecar_path(db_path: Path | str) -> Path:
    """Return the session file that belongs beside the data file ``db_path``.

    ``hipdash.json`` gets ``hipdash.session.json``: a name that does not start with the
    data file's, so the store's sweep of its own temp files never touches ours.
    """
    path = Path(db_path).expanduser().absolute()
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def clean_queue(queue: Iterable[object]) -> tuple[str, ...]:
    """Return technique ids as a queue: text only, each once, in order; raise ValueError."""
    cleaned: list[str] = []
    for item in queue:
        if not isinstance(item, str) or not item or len(item) > ID_MAX_CHARS:
            raise ValueError(f"a queued technique id must be short text, not {item!r}")
        if item not in cleaned:
            cleaned.append(item)
    if len(cleaned) > QUEUE_MAX:
        raise ValueError(f"the queue can hold at most {QUEUE_MAX} techniques")
    return tuple(cleaned)


def parse_session_file(raw: bytes) -> SessionFile:
    """Return the session file's content from its bytes; raise ValueError saying what is wrong."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"it is not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or data.get("version") != SIDECAR_VERSION:
        raise ValueError("it is not a hipdash session file of a known version")
    active = data.get("active")
    if active is not None and active_session_problems(active):
        raise ValueError("its unfinished session is not a small table of plain values")
    queue = data.get("queue", [])
    if not isinstance(queue, list):
        raise ValueError("its queue is not a list")
    return SessionFile(active=active, queue=clean_queue(queue))


class SessionSidecar:
    """Read and write one data file's session file, safely shared by threads and processes."""

    def __init__(self, db_path: Path | str, *, lock_timeout: float = LOCK_TIMEOUT_SECONDS) -> None:
        self.path = sidecar_path(db_path)
        self._lock = FileLock(
            str(self.path.with_name(self.path.name + ".lock")), timeout=lock_timeout
        )
        self._mutex = threading.RLock()
        self._cached: tuple[tuple[int, ...], SessionFile] | None = None
        self._swept = False

    def read(self) -> SessionFile:
        """Return the file's content, empty when there is no file; raise SidecarError if damaged."""
        with self._mutex:
            try:
                stat = os.stat(self.path)
            except FileNotFoundError:
                return SessionFile()
            except OSError as exc:
                raise SidecarError(self._say(f"can't be read ({exc.strerror})")) from exc
            signature = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
            if self._cached is not None and self._cached[0] == signature:
                return self._cached[1]
            try:
                content = parse_session_file(self.path.read_bytes())
            except OSError as exc:
                raise SidecarError(self._say(f"can't be read ({exc.strerror})")) from exc
            except ValueError as exc:
                raise SidecarError(
                    self._say(f"is damaged: {exc}")
                    + " Set it aside to carry on; your saved sessions are not affected."
                ) from exc
            self._cached = (signature, content)
            return content

    def set_active(self, state: Mapping[str, Any]) -> dict[str, Any]:
        """Keep the unfinished session's state; return it as stored (a private copy)."""
        problems = active_session_problems(state)
        if problems:
            raise SidecarError(self._say("was not changed: " + problems[0][1]))
        plain: dict[str, Any] = json.loads(json.dumps(state))
        self._change(lambda now: SessionFile(plain, now.queue))
        stored: dict[str, Any] = json.loads(json.dumps(plain))
        return stored

    def clear_active(self) -> None:
        """Forget the unfinished session, if there is one."""
        if self.read().active is not None:
            self._change(lambda now: SessionFile(None, now.queue))

    def set_queue(self, queue: Iterable[str]) -> tuple[str, ...]:
        """Replace the queue; return it as stored."""
        try:
            cleaned = clean_queue(queue)
        except ValueError as exc:
            raise SidecarError(self._say(f"was not changed: {exc}")) from exc
        self._change(lambda now: SessionFile(now.active, cleaned))
        return cleaned

    def add_to_queue(self, technique_id: str) -> tuple[str, ...]:
        """Put a technique at the end of the queue, once; return the queue."""
        return self.set_queue([*self._fresh().queue, technique_id])

    def remove_from_queue(self, technique_ids: Iterable[str]) -> tuple[str, ...]:
        """Take these techniques out of the queue; return what is left."""
        gone = set(technique_ids)
        return self.set_queue(t for t in self._fresh().queue if t not in gone)

    def set_aside(self) -> Path | None:
        """Move a damaged file out of the way, keeping it; return where it went."""
        with self._mutex, self._locked():
            if not self.path.exists():
                return None
            stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
            target = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
            try:
                os.replace(self.path, target)
            except OSError as exc:
                raise SidecarError(self._say(f"can't be moved ({exc.strerror})")) from exc
            self._cached = None
            return target

    def migrate_from(self, store: ActiveSessionSource) -> bool:
        """Move an unfinished session still kept in the log into this file, once.

        Return whether one was moved. The log's copy is cleared only after this file
        holds it, so a failure on the way loses nothing.
        """
        stored = store.active_session()
        if stored is None:
            return False
        if self.read().active is None and not active_session_problems(stored):
            self.set_active(stored)
        store.clear_active_session()
        return True

    # -- internals ---------------------------------------------------------------------

    def _fresh(self) -> SessionFile:
        with self._mutex, self._locked():
            return self.read()

    def _change(self, change: Callable[[SessionFile], SessionFile]) -> None:
        with self._mutex, self._locked():
            # Read under the lock: another process may have written since our last read.
            new = change(self.read())
            if not self._swept:
                # A writer killed mid-write leaves a temp file; clear them once, under the lock.
                remove_stale_temp_files(self.path)
                self._swept = True
            content = json.dumps(new.to_dict(), ensure_ascii=False, separators=(",", ":"))
            try:
                write_file_atomic(self.path, content.encode("utf-8"))
            except OSError as exc:
                raise SidecarError(self._say(f"can't be written ({exc.strerror})")) from exc
            self._cached = None

    def _locked(self) -> Any:
        try:
            self._lock.acquire()
        except Timeout as exc:
            raise SidecarError(self._say("is busy in another window; try again")) from exc
        except OSError as exc:
            raise SidecarError(self._say(f"can't be locked ({exc.strerror})")) from exc
        return _Release(self._lock)

    def _say(self, what: str) -> str:
        return f"The session file {self.path} {what}."


class _Release:
    """Release an already acquired file lock when the with-block ends."""

    def __init__(self, lock: FileLock) -> None:
        self._lock = lock

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        self._lock.release()
