"""Draw where the data file lives, how to move it, and its automatic daily backups."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import streamlit as st

from hipdash.backup import KEEP_DAILY_BACKUPS, list_backups
from hipdash.paths import DB_ENV_VAR, backup_dir
from hipdash.store import Store
from hipdash.ui.shell import in_demo

BACKUP_TIME_FORMAT = "%a %d %b %Y, %H:%M"


def size_text(size: float) -> str:
    """Return a file size for people: bytes below a kilobyte, else KB or MB with one decimal."""
    for unit in ("bytes", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def backup_rows(backups: list[Path]) -> list[dict[str, str]]:
    """Return one row per backup file: its name, its size and when it was saved."""
    rows = []
    for path in backups:
        stat = path.stat()
        rows.append(
            {
                "file": path.name,
                "size": size_text(stat.st_size),
                "saved": datetime.fromtimestamp(stat.st_mtime).strftime(BACKUP_TIME_FORMAT),
            }
        )
    return rows


def data_file_section(store: Store) -> None:
    """Render the data file's path, how to change it, and the automatic backups."""
    st.header("Where your data lives")
    if in_demo():
        st.info(
            "You are looking at the demo file, kept apart from your own data.",
            icon=":material/science:",
        )
    st.markdown("Everything you log is kept in one JSON file on this computer:")
    st.code(str(store.path), language=None, wrap_lines=True)
    if store.path.exists():
        size = f"{size_text(store.path.stat().st_size)}. "
    else:
        size = "Not created yet: it appears with your first entry. "
    st.caption(
        size + f"To keep it somewhere else, start hipdash with the {DB_ENV_VAR} environment "
        f"variable set to the file you want, for example `{DB_ENV_VAR}=~/hips.json make run`."
    )
    _backups_part(store.path)


def _backups_part(db_path: Path) -> None:
    st.markdown("**Automatic backups**")
    st.code(str(backup_dir(db_path)), language=None, wrap_lines=True)
    backups = list_backups(db_path)
    st.caption(
        f"Once a day, before anything changes, hipdash copies the file here (only when it "
        f"reads back in full) and keeps the last {KEEP_DAILY_BACKUPS} days, never deleting "
        "the newest good copy. To restore one, close hipdash and copy it over the data file."
    )
    if not backups:
        st.caption("No backup yet: the first one is made on the first day you log something.")
        return
    st.dataframe(
        pd.DataFrame(backup_rows(backups)),
        hide_index=True,
        column_config={"file": "Backup", "size": "Size", "saved": "Saved"},
        key="settings_backups",
    )
