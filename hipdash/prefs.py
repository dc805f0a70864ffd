"""Keep the person's display preferences in a small file beside the data file, never in it."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

THEME_CHOICES: dict[str, str] = {
    "system": "Follow the system",
    "light": "Light",
    "dark": "Dark",
}
DEFAULT_THEME = "system"


def prefs_path(data_path: Path) -> Path:
    """Return the preferences file that sits beside ``data_path``."""
    return data_path.with_name("hipdash-prefs.json")


def read_theme(path: Path) -> str:
    """Return the saved theme choice, or "system" when none is saved or the file is unreadable."""
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return DEFAULT_THEME
    choice = saved.get("theme") if isinstance(saved, dict) else None
    return choice if choice in THEME_CHOICES else DEFAULT_THEME


def write_theme(path: Path, choice: str) -> None:
    """Save the theme choice atomically: the file holds the old or the new choice, never half.

    Other keys already in the file are kept. Raise ValueError for an unknown choice.
    """
    if choice not in THEME_CHOICES:
        raise ValueError(f"unknown theme {choice!r}; expected one of {', '.join(THEME_CHOICES)}")
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = {}
    prefs = {**(saved if isinstance(saved, dict) else {}), "theme": choice}
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".prefs-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(prefs, file, indent=2)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
