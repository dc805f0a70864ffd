"""Locate the data file and its companions: the lock file and the backup folder."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

APP_DIR_NAME = "hipdash"
DB_FILE_NAME = "hipdash.json"
DB_ENV_VAR = "HIPDASH_DB"


def default_db_path(environ: Mapping[str, str] | None = None, home: Path | None = None) -> Path:
    """Return where the data file lives: $HIPDASH_DB, else the XDG data folder of the user."""
    env = os.environ if environ is None else environ
    override = env.get(DB_ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser()
    base = Path.home() if home is None else home
    xdg = env.get("XDG_DATA_HOME", "").strip()
    # The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    data_home = Path(xdg) if xdg and Path(xdg).is_absolute() else base / ".local" / "share"
    return data_home / APP_DIR_NAME / DB_FILE_NAME


def lock_path(db_path: Path) -> Path:
    """Return the lock file that serializes writers of db_path."""
    return db_path.with_name(db_path.name + ".lock")


def backup_dir(db_path: Path) -> Path:
    """Return the folder that holds the automatic backups of db_path."""
    return db_path.parent / "backups"
