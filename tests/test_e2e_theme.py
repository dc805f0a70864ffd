"""End to end in headless Chromium: the theme follows the system, and a chosen one is kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import ROOT, playwright_expect, streamlit_server, wait_until_idle

pytestmark = pytest.mark.browser
APP_BACKGROUND = """() => getComputedStyle(document.querySelector('[data-testid="stApp"]'))
    .backgroundColor"""
LIGHT = "rgb(251, 250, 247)"
DARK = "rgb(19, 26, 23)"


@pytest.fixture(scope="module")
def theme_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve app.py with its own data folder, so the saved theme stays in this module."""
    from tests.conftest import _require_browser

    _require_browser()
    folder: Path = tmp_path_factory.mktemp("theme_app")
    env = {"HIPDASH_DB": str(folder / "hipdash.json")}
    with streamlit_server(ROOT / "app.py", log_dir=folder, env=env) as server:
        yield server.url


def _open(browser, url: str, scheme: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(url)
    wait_until_idle(page)
    return context, page


def _background_becomes(page, colour: str) -> None:
    page.wait_for_function(f"() => ({APP_BACKGROUND})() === {colour!r}")


@pytest.mark.parametrize(("scheme", "colour"), [("light", LIGHT), ("dark", DARK)])
def test_the_app_follows_the_system_preference(
    theme_app: str, browser, scheme: str, colour: str
) -> None:
    context, page = _open(browser, f"{theme_app}/", scheme)
    try:
        _background_becomes(page, colour)
    finally:
        context.close()


def test_a_theme_chosen_in_settings_shows_at_once_and_in_a_new_session(
    theme_app: str, browser
) -> None:
    expect = playwright_expect()
    context, page = _open(browser, f"{theme_app}/settings", "light")
    try:
        _background_becomes(page, LIGHT)
        page.get_by_role("radiogroup", name="Theme").get_by_text("Dark", exact=True).click()
        _background_becomes(page, DARK)
        wait_until_idle(page)
        expect(page.get_by_role("radio", name="Dark")).to_be_checked()
    finally:
        context.close()
    # A new browser session on a light system, on another page: the choice is remembered.
    context, page = _open(browser, f"{theme_app}/progress", "light")
    try:
        _background_becomes(page, DARK)
        page.goto(f"{theme_app}/settings")
        wait_until_idle(page)
        page.get_by_role("radiogroup", name="Theme").get_by_text(
            "Follow the system", exact=True
        ).click()
        _background_becomes(page, LIGHT)
    finally:
        context.close()
