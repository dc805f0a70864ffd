"""Data & settings: file sizes for people and the table of daily backups."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from hipdash.ui.settings_data_file import BACKUP_TIME_FORMAT, backup_rows, size_text


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 bytes"),
        (1023, "1023 bytes"),
        (1024, "1.0 KB"),
        (1536, "1.5 KB"),
        (5 * 1024 * 1024, "5.0 MB"),
        (3 * 1024**3, "3072.0 MB"),
    ],
)
def test_a_size_reads_in_bytes_kilobytes_or_megabytes(size: int, text: str) -> None:
    assert size_text(size) == text


def test_each_backup_row_names_the_file_its_size_and_when_it_was_saved(tmp_path: Path) -> None:
    backup = tmp_path / "hipdash-2026-03-02.json"
    backup.write_bytes(b"x" * 2048)
    saved = datetime(2026, 3, 2, 7, 15).timestamp()
    os.utime(backup, (saved, saved))
    assert backup_rows([backup]) == [
        {
            "file": "hipdash-2026-03-02.json",
            "size": "2.0 KB",
            "saved": datetime.fromtimestamp(saved).strftime(BACKUP_TIME_FORMAT),
        }
    ]
