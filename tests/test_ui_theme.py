"""The theme choice in Data & settings, and the style fixes each theme gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from hipdash.prefs import prefs_path, read_theme
from hipdash.ui.theme import theme_css
from tests.support import open_page


def test_choosing_a_theme_in_settings_saves_it_beside_the_data_file(db_path: Path) -> None:
    app = open_page("pages/settings.py")
    assert not app.exception
    radio = app.radio(key="settings_theme")
    assert radio.value == "system"
    radio.set_value("dark").run()
    assert not app.exception
    assert read_theme(prefs_path(db_path)) == "dark"
    assert not db_path.exists() or "dark" not in db_path.read_text()  # never in the data file
    app = open_page("pages/settings.py")
    assert app.radio(key="settings_theme").value == "dark"


@pytest.mark.parametrize(
    ("choice", "light_fix", "dark_fix", "media"),
    [
        ("light", True, False, False),
        ("dark", False, True, False),
        ("system", True, True, True),
    ],
)
def test_each_choice_gets_the_style_fixes_of_its_theme(
    choice: str, light_fix: bool, dark_fix: bool, media: bool
) -> None:
    css = theme_css(choice)
    assert ("#4d5753" in css) is light_fix  # darker captions on the light page
    assert ("#0b1310" in css) is dark_fix  # dark text on the dark theme's primary buttons
    assert ("prefers-color-scheme" in css) is media
