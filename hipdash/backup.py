"""Write files atomically and keep a rolling daily backup of the data file."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
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


def write_file_atomic(path: Path, content: bytes) -> os.stat_result:
    """Replace path with content in one step and return the new file's stat.

    Write a temp file in the same folder, flush and fsync it, then os.replace it over
    path: a reader or a crash sees the old file or the new one, never a mix.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    fsync_dir(path.parent)
    return os.stat(path)


def remove_stale_temp_files(path: Path) -> int:
    """Delete temp files a killed writer of path left behind; call only under the write lock."""
    removed = 0
    prefix = f".{path.name}."
    with contextlib.suppress(FileNotFoundError):
        for entry in os.scandir(path.parent):
            if entry.name.startswith(prefix) and entry.name.endswith(TEMP_SUFFIX):
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


def latest_backup(db_path: Path) -> Path | None:
    """Return the newest daily backup of db_path, or None when there is none."""
    backups = list_backups(db_path)
    return backups[0] if backups else None


def write_daily_backup(
    db_path: Path, content: bytes, day: date, keep: int = KEEP_DAILY_BACKUPS
) -> Path | None:
    """Save content as the backup for `day` unless one exists; keep the newest `keep`.

    The caller passes bytes it has already parsed and checked, so a damaged file can
    never be written over a good backup. Return the new backup, or None if the day
    already had one.
    """
    target = daily_backup_path(db_path, day)
    if target.exists():
        return None
    write_file_atomic(target, content)
    for old in list_backups(db_path)[keep:]:
        with contextlib.suppress(FileNotFoundError):
            old.unlink()
    return target


def write_named_backup(db_path: Path, content: bytes, label: str, day: date) -> Path:
    """Save content as a one-off backup (for example before a migration) that is never pruned."""
    target = backup_dir(db_path) / f"{db_path.stem}-{label}-{day.isoformat()}.json"
    if not target.exists():
        write_file_atomic(target, content)
    return target
