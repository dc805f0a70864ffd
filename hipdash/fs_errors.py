"""Turn a file-system failure during a write into a StorageError a person can act on."""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator
from pathlib import Path

# What to do about each kind of failure, keyed by errno. The kind names the cause.
_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
_READ_ONLY = frozenset({errno.EROFS})
_DENIED = frozenset({errno.EACCES, errno.EPERM})
_BAD_PATH = frozenset(
    {errno.ENOTDIR, errno.ENOENT, errno.EEXIST, errno.EISDIR, errno.ELOOP, errno.ENAMETOOLONG}
)


class StorageError(OSError):
    """The data file's folder can't be written now (full, read-only, no permission, bad path).

    Nothing was written: the data file on disk is exactly as it was before. ``kind`` is
    one of "full", "read_only", "permission", "path" or "other"; ``step`` says what the
    store was doing ("taking the lock", "writing the file", ...); str() is the advice.
    """

    def __init__(self, path: Path, step: str, error: OSError) -> None:
        self.path = path
        self.step = step
        self.kind = _kind(error.errno)
        self.advice = _advice(self.kind, path, error)
        super().__init__(error.errno, self.advice)

    def __str__(self) -> str:
        return self.advice


def _kind(number: int | None) -> str:
    if number in _FULL:
        return "full"
    if number in _READ_ONLY:
        return "read_only"
    if number in _DENIED:
        return "permission"
    if number in _BAD_PATH:
        return "path"
    return "other"


def _advice(kind: str, path: Path, error: OSError) -> str:
    folder = path.parent
    if kind == "full":
        return (
            f"The disk that holds {folder} is full (or your space on it is used up). "
            "Free some space, then try again."
        )
    if kind == "read_only":
        return (
            f"The folder {folder} is on a read-only disk. Make it writable again (or start "
            "hipdash with HIPDASH_DB set to a file on a writable disk), then try again."
        )
    if kind == "permission":
        return (
            f"hipdash is not allowed to write in {folder}. Give your user write permission "
            "on that folder (or start hipdash with HIPDASH_DB set to a file you can write), "
            "then try again."
        )
    if kind == "path":
        return (
            f"The path {path} can't be used: part of it is missing, is a file instead of a "
            "folder, or is too long. Fix the path (or set HIPDASH_DB to another file), then "
            "try again."
        )
    reason = error.strerror or type(error).__name__
    return f"The data file {path} could not be saved ({reason}). Check the disk, then try again."


@contextlib.contextmanager
def storage_step(path: Path, step: str) -> Iterator[None]:
    """Re-raise any OSError inside the block as a StorageError about path and step.

    A StorageError from an inner step passes through unchanged.
    """
    try:
        yield
    except StorageError:
        raise
    except OSError as error:
        raise StorageError(path, step, error) from error
