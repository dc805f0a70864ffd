"""Apply the theme choice from Data & settings, and the few style fixes Streamlit needs for AA."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from hipdash.paths import default_db_path
from hipdash.prefs import THEME_CHOICES, prefs_path, read_theme, write_theme
from hipdash.ui.component_files import component_source

# The URL paths of the pages (see ui.page_definitions), so every page gets the same theme.
PAGE_PATHS = ("explore", "session", "log", "progress", "safety", "settings")
# Streamlit draws captions at 60% of the text colour, 3.8:1 on the light page; the light
# theme's captions are set a little darker to reach 4.5:1 on the page and the sidebar.
_LIGHT_CSS = """
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  color: #4d5753 !important; opacity: 1 !important; }
"""
# Streamlit writes white on primary buttons; on the dark theme's light green that is
# 2.2:1, so their text is drawn dark instead (9.9:1).
_DARK_CSS = """
button[kind^="primary"], button[kind^="primary"] p, button[kind^="primary"] span {
  color: #0b1310; }
"""
_SHARED_CSS = """
.st-key-hipdash_theme_sync { display: none; }
"""


def theme_css(choice: str) -> str:
    """Return the style fixes for a theme choice; "system" lets the browser's setting pick."""
    if choice == "light":
        return _SHARED_CSS + _LIGHT_CSS
    if choice == "dark":
        return _SHARED_CSS + _DARK_CSS
    return (
        _SHARED_CSS
        + f"@media (prefers-color-scheme: light) {{ {_LIGHT_CSS} }}"
        + f"@media not (prefers-color-scheme: light) {{ {_DARK_CSS} }}"
    )


def active_theme() -> str:
    """Return "light" or "dark": the saved choice, or the system's when following it."""
    choice = saved_theme()
    if choice in ("light", "dark"):
        return choice
    return "dark" if st.context.theme.type == "dark" else "light"


def theme_prefs_path() -> Path:
    """Return the preferences file beside the person's own data file."""
    return prefs_path(default_db_path())


def saved_theme() -> str:
    """Return the saved choice: "system", "light" or "dark"."""
    return read_theme(theme_prefs_path())


def apply_theme() -> None:
    """Show the saved theme on every page, and add the style fixes of the active theme."""
    path = theme_prefs_path()
    choice = read_theme(path)
    st.html(f"<style>{theme_css(choice)}</style>")
    if not path.exists():
        # Nothing chosen yet: Streamlit already follows the system, so the first page of a
        # fresh install is spared the component's script and mount.
        return
    _theme_sync()(
        key="hipdash_theme_sync",
        # A tuple, not a list: Streamlit checks list values for dataframes, which imports
        # pandas and pyarrow (half a second and tens of MB) on pages that need neither.
        data={"choice": choice, "pages": PAGE_PATHS},
    )


def save_theme_choice(choice: str) -> str | None:
    """Save the choice; return what went wrong in plain words, or None when it worked."""
    if choice not in THEME_CHOICES:
        return "Choose one of the offered themes."
    try:
        write_theme(theme_prefs_path(), choice)
    except OSError as exc:
        return f"The theme could not be saved: {exc.strerror or exc}."
    return None


@st.cache_resource(show_spinner=False)
def _theme_sync() -> Callable[..., object]:
    return st.components.v2.component(
        "hipdash_theme_sync",
        html="<span hidden></span>",
        js=component_source("theme.js"),
    )


def _save_from_widget() -> None:
    problem = save_theme_choice(st.session_state["settings_theme"])
    if problem is not None:
        st.session_state["settings_theme_problem"] = problem


def theme_section() -> None:
    """Render the theme choice of Data & settings: follow the system, light or dark."""
    st.header("Appearance")
    st.session_state["settings_theme"] = saved_theme()
    st.radio(
        "Theme",
        list(THEME_CHOICES),
        format_func=THEME_CHOICES.__getitem__,
        horizontal=True,
        key="settings_theme",
        on_change=_save_from_widget,
        help="Follow the system uses your computer's light or dark setting. The choice is "
        "kept beside your data file, so it stays the next time you open hipdash.",
    )
    problem = st.session_state.pop("settings_theme_problem", None)
    if problem:
        st.error(problem, icon=":material/error:")
