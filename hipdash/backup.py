"""Write files atomically and keep a rolling daily backup of the data file."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from hipdash.paths import backup_dir

KEEP_DAILY_BACKUPS = 7
TEMP_SUFFIX = ".tmp"


def fsync_dir(directory: Path) -> None:
    """Flush a directory entry to disk, so a rename survives a power cut."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # some platforms can't open directories; the rename is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_target(path: Path) -> Path:
    """Return the file a write to path replaces: path itself, or the file its link points to.

    A data file kept in a synced folder and linked from elsewhere stays a link: the
    link's target is replaced, never the link.
    """
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def write_file_atomic(path: Path, content: bytes | Iterable[bytes]) -> os.stat_result:
    """Replace path (or the file it links to) with content in one step; return its stat.

    Content is bytes, or pieces of bytes written one after another.

    Write a temp file in the target's folder, flush and fsync it, then os.replace it over
    the target: a reader or a crash sees the old file or the new one, never a mix.
    """
    target = write_target(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(content, bytes):
                handle.write(content)
            else:
                handle.writelines(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    fsync_dir(target.parent)
    return os.stat(target)


def _temp_patterns(db_path: Path) -> list[tuple[Path, re.Pattern[str]]]:
    """Return each folder the store writes temp files into, with the names of its temps."""
    target = write_target(db_path)
    suffix = re.escape(TEMP_SUFFIX)
    # Backups are named stem-YYYY-MM-DD.json or stem-before-vN-YYYY-MM-DD.json; the pattern
    # is exact so that another data file's temps in the same folder are never touched.
    backup = re.escape(db_path.stem) + r"-(?:before-v\d+-)?\d{4}-\d{2}-\d{2}\.json"
    return [
        (db_path.parent, re.compile(re.escape(f".{db_path.name}.") + r".+" + suffix)),
        (target.parent, re.compile(re.escape(f".{target.name}.") + r".+" + suffix)),
        (backup_dir(db_path), re.compile(r"\." + backup + r"\..+" + suffix)),
    ]


def remove_stale_temp_files(db_path: Path) -> int:
    """Delete temp files killed writers of db_path left: beside it, its target, its backups.

    Call only under the write lock, so no temp file of a live writer is taken.
    """
    removed = 0
    for folder, pattern in _temp_patterns(db_path):
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            for entry in os.scandir(folder):
                if pattern.fullmatch(entry.name):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(entry.path)
                        removed += 1
    return removed


def _daily_name(db_path: Path) -> re.Pattern[str]:
    # Backups are named after their data file, so two files in one folder (the
    # person's and the demo) never share, overwrite or prune each other's backups.
    return re.compile(re.escape(db_path.stem) + r"-(\d{4}-\d{2}-\d{2})\.json")


def daily_backup_path(db_path: Path, day: date) -> Path:
    """Return where the backup of db_path for `day` goes."""
    return backup_dir(db_path) / f"{db_path.stem}-{day.isoformat()}.json"


def list_backups(db_path: Path) -> list[Path]:
    """Return the daily backups of db_path, newest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    names = sorted(
        (p.name for p in folder.iterdir() if _daily_name(db_path).fullmatch(p.name)),
        reverse=True,
    )
    return [folder / name for name in names]


Loads = Callable[[Path], bool]


def latest_backup(db_path: Path, loads: Loads | None = None) -> Path | None:
    """Return the newest daily backup of db_path (the newest that ``loads``), or None."""
    return next((p for p in list_backups(db_path) if loads is None or loads(p)), None)


def write_daily_backup(
    db_path: Path,
    content: bytes,
    day: date,
    keep: int = KEEP_DAILY_BACKUPS,
    loads: Loads | None = None,
) -> Path | None:
    """Save content as the backup for `day` unless one exists; keep the newest `keep`.

    The caller passes bytes it has checked load in full, so a damaged file is never
    backed up. Pruning never removes the newest backup that ``loads``. Return the new
    backup, or None if the day already had one.
    """
    target = daily_backup_path(db_path, day)
    if target.exists():
        return None
    write_file_atomic(target, content)
    backups = list_backups(db_path)
    # The new backup is known to load; an older one is checked only when it sorts first.
    newest_good = next((p for p in backups if p == target or loads is None or loads(p)), None)
    for old in backups[keep:]:
        if old != newest_good:
            with contextlib.suppress(FileNotFoundError):
                old.unlink()
    return target


def write_named_backup(db_path: Path, content: bytes, label: str, day: date) -> Path:
    """Save content as a one-off backup (for example before a migration) that is never pruned."""
    target = backup_dir(db_path) / f"{db_path.stem}-{label}-{day.isoformat()}.json"
    if not target.exists():
        write_file_atomic(target, content)
    return target
