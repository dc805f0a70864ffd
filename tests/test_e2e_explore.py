"""End to end in headless Chromium: finding techniques on the Explore page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hipdash.catalog import load_catalog
from tests.support import ROOT, playwright_expect, streamlit_server, wait_until_idle

pytestmark = pytest.mark.browser
CATALOG = load_catalog()
GLUTE_TECHNIQUES = [t for t in CATALOG if "glutes" in t.primary_areas]


def test_choosing_glutes_shows_glute_techniques_and_their_steps(live_app: str, page) -> None:
    expect = playwright_expect()
    page.goto(f"{live_app}/explore")
    page.locator(".st-key-explore_areas").get_by_role("button", name="Glutes", exact=True).click()
    page.wait_for_url("**/explore?area=glutes")
    wait_until_idle(page)
    first = GLUTE_TECHNIQUES[0]
    expect(page.get_by_text(first.name, exact=True)).to_be_visible()
    page.locator(f".st-key-explore_details_{first.id} button").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text(first.steps[0])).to_be_visible()
    expect(dialog.get_by_text(first.cautions[0])).to_be_visible()
    dialog.get_by_role("button", name="Add to session").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    wait_until_idle(page)
    expect(page.get_by_text("Session queue: 1 technique", exact=True)).to_be_visible()


def test_a_click_on_the_map_selects_an_area_and_a_second_click_clears_it(
    live_app: str, page
) -> None:
    expect = playwright_expect()
    page.goto(f"{live_app}/explore")
    region = page.locator('.bodymap [data-area="hamstrings"]').first
    pill = page.locator(".st-key-explore_areas").get_by_role(
        "button", name="Hamstrings", exact=True
    )
    region.click()
    page.wait_for_url("**/explore?area=hamstrings")
    wait_until_idle(page)
    expect(pill).to_have_attribute("aria-pressed", "true")
    expect(region).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_text("techniques fit")).to_be_visible()
    region.click()
    page.wait_for_url(lambda url: "area=" not in url)
    wait_until_idle(page)
    expect(pill).to_have_attribute("aria-pressed", "false")
    expect(region).to_have_attribute("aria-pressed", "false")


def test_choosing_from_the_list_highlights_the_map(live_app: str, page) -> None:
    expect = playwright_expect()
    page.goto(f"{live_app}/explore")
    page.locator(".st-key-explore_areas").get_by_role(
        "button", name="Lower back", exact=True
    ).click()
    wait_until_idle(page)
    for region in page.locator('.bodymap [data-area="lower_back"]').all():
        expect(region).to_have_class(re.compile(r"\bchosen\b"))
    expect(page.locator(".bodymap .region.chosen")).to_have_count(2)


def test_a_deep_link_works_as_the_first_request_after_a_fresh_start(
    browser, tmp_path: Path
) -> None:
    expect = playwright_expect()
    env = {"HIPDASH_DB": str(tmp_path / "hipdash.json")}
    with streamlit_server(ROOT / "app.py", log_dir=tmp_path, env=env) as server:
        page = browser.new_page()
        try:
            page.goto(f"{server.url}/explore?area=glutes&modality=stretch")
            stretch = next(t for t in GLUTE_TECHNIQUES if t.modality == "stretch")
            expect(page.get_by_text(stretch.name, exact=True)).to_be_visible(timeout=30_000)
            # Rendered through app.py's shell, not Streamlit's legacy page mode.
            expect(page.get_by_text("Session queue:")).to_be_visible()
            assert "area=glutes" in page.url and "modality=stretch" in page.url
        finally:
            page.close()


def test_a_map_region_can_be_chosen_with_the_keyboard(live_app: str, page) -> None:
    expect = playwright_expect()
    page.goto(f"{live_app}/explore")
    region = page.locator('.bodymap [data-area="inner_thigh"]').first
    region.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/explore?area=inner_thigh")
    expect(region).to_have_attribute("aria-pressed", "true")


def test_the_buttons_of_a_row_of_cards_line_up(live_app: str, page) -> None:
    page.goto(f"{live_app}/explore")
    wait_until_idle(page)
    details = page.locator('[class*="st-key-explore_details_"]')
    playwright_expect()(details.first).to_be_visible()
    bottoms = details.evaluate_all(
        "(els) => els.slice(0, 6).map((e) => Math.round(e.getBoundingClientRect().bottom))"
    )
    assert len(set(bottoms[:3])) == 1 and len(set(bottoms[3:6])) == 1, bottoms
