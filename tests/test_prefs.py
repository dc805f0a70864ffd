"""The preferences file: the theme choice is kept beside the data, atomically and safely."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hipdash.prefs import THEME_CHOICES, prefs_path, read_theme, write_theme


def test_the_prefs_file_sits_beside_the_data_file_and_is_not_it(tmp_path: Path) -> None:
    data = tmp_path / "hipdash.json"
    assert prefs_path(data).parent == tmp_path
    assert prefs_path(data) != data


@pytest.mark.parametrize("choice", list(THEME_CHOICES))
def test_a_saved_choice_reads_back(tmp_path: Path, choice: str) -> None:
    path = tmp_path / "prefs.json"
    write_theme(path, choice)
    assert read_theme(path) == choice


@pytest.mark.parametrize("content", [None, "", "{not json", "[1, 2]", '{"theme": "purple"}'])
def test_a_missing_or_damaged_file_means_follow_the_system(
    tmp_path: Path, content: str | None
) -> None:
    path = tmp_path / "prefs.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert read_theme(path) == "system"


def test_an_unknown_choice_is_refused_and_the_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "prefs.json"
    write_theme(path, "dark")
    with pytest.raises(ValueError, match="unknown theme"):
        write_theme(path, "purple")
    assert read_theme(path) == "dark"


def test_writing_keeps_other_preferences_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "prefs.json"
    path.write_text(json.dumps({"other": 1}), encoding="utf-8")
    write_theme(path, "light")
    assert json.loads(path.read_text(encoding="utf-8")) == {"other": 1, "theme": "light"}
    assert [p.name for p in tmp_path.iterdir()] == ["prefs.json"]
