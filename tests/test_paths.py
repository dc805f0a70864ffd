"""Test where the data file, its lock and its backups live."""

from __future__ import annotations

from pathlib import Path

import pytest

from hipdash.paths import backup_dir, default_db_path, lock_path

HOME = Path("/home/ada")


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, HOME / ".local/share/hipdash/hipdash.json"),
        ({"XDG_DATA_HOME": "/data/ada"}, Path("/data/ada/hipdash/hipdash.json")),
        ({"XDG_DATA_HOME": "relative/dir"}, HOME / ".local/share/hipdash/hipdash.json"),
        ({"XDG_DATA_HOME": ""}, HOME / ".local/share/hipdash/hipdash.json"),
        ({"HIPDASH_DB": "/tmp/mine.json"}, Path("/tmp/mine.json")),
        ({"HIPDASH_DB": "/tmp/mine.json", "XDG_DATA_HOME": "/data/ada"}, Path("/tmp/mine.json")),
        ({"HIPDASH_DB": "  "}, HOME / ".local/share/hipdash/hipdash.json"),
    ],
)
def test_default_db_path_follows_the_environment(environ: dict[str, str], expected: Path) -> None:
    assert default_db_path(environ, home=HOME) == expected


def test_hipdash_db_expands_a_tilde() -> None:
    assert default_db_path({"HIPDASH_DB": "~/logs/hips.json"}, home=HOME) == (
        Path("~/logs/hips.json").expanduser()
    )


def test_default_db_path_reads_the_real_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HIPDASH_DB", str(tmp_path / "x.json"))
    assert default_db_path() == tmp_path / "x.json"


def test_default_location_is_outside_the_repository() -> None:
    repository = Path(__file__).resolve().parent.parent
    path = default_db_path({}, home=HOME)
    assert repository not in path.parents


def test_lock_and_backups_sit_next_to_the_data_file() -> None:
    db = Path("/data/hipdash.json")
    assert lock_path(db) == Path("/data/hipdash.json.lock")
    assert backup_dir(db) == Path("/data/backups")
