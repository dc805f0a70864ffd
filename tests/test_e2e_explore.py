"""End to end in headless Chromium: finding techniques on the Explore page."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

import pytest

from hipdash.catalog import load_catalog
from hipdash.filtering import Filters, advise_on_empty, select, to_query
from hipdash.ui.explore import CARDS_PER_PAGE
from hipdash.vocabulary import AREAS, MODALITIES
from tests.support import ROOT, playwright_expect, streamlit_server, wait_until_idle

pytestmark = pytest.mark.browser
CATALOG = load_catalog()
GLUTE_TECHNIQUES = [t for t in CATALOG if "glutes" in t.primary_areas]


def area_pill(page, name: str):
    """Return the area pill called ``name`` in Explore's component."""
    return page.locator(".explore-areas").get_by_role("button", name=name, exact=True)


def card(page, technique_id: str):
    """Return the result card of one technique."""
    return page.locator(f'.explore-card[data-id="{technique_id}"]')


def shown_card_ids(page) -> list[str]:
    return page.locator(".explore-card").evaluate_all("(cards) => cards.map((c) => c.dataset.id)")


def queue_count(page) -> int:
    text = page.get_by_text(re.compile(r"^Session queue: \d+")).inner_text()
    return int(re.search(r"\d+", text).group())


def queue_text(page, count: int):
    """Return the sidebar's line once it counts ``count`` queued techniques."""
    noun = "technique" if count == 1 else "techniques"
    return page.get_by_text(f"Session queue: {count} {noun}", exact=True)


def test_choosing_glutes_shows_glute_techniques_and_their_steps(live_app: str, page) -> None:
    expect = playwright_expect()
    page.goto(f"{live_app}/explore")
    area_pill(page, "Glutes").click()
    expect(page.locator("h2.explore-count")).to_have_text(f"{len(GLUTE_TECHNIQUES)} techniques fit")
    page.wait_for_url("**/explore?area=glutes")
    wait_until_idle(page)
    before = queue_count(page)
    first = GLUTE_TECHNIQUES[0]
    expect(card(page, first.id).get_by_role("heading", name=first.name)).to_be_visible()
    card(page, first.id).get_by_role("button", name="Details").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text(first.steps[0])).to_be_visible()
    expect(dialog.get_by_text(first.cautions[0])).to_be_visible()
    dialog.get_by_role("button", name="Add to session").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    wait_until_idle(page)
    expect(queue_text(page, before + 1)).to_be_visible()
    expect(card(page, first.id).locator(".card-add")).to_have_text("✓ In session")


def test_add_to_session_on_a_card_marks_it_and_counts_it_in_the_sidebar(
    live_app: str, page
) -> None:
    expect = playwright_expect()
    page.goto(f"{live_app}/explore?area=hamstrings")
    wait_until_idle(page)
    before = queue_count(page)
    target = next(t for t in CATALOG if "hamstrings" in t.primary_areas)
    add = card(page, target.id).locator(".card-add")
    expect(add).to_have_text("+ Add to session")
    add.click()
    expect(add).to_be_disabled()
    expect(queue_text(page, before + 1)).to_be_visible()
    wait_until_idle(page)
    expect(add).to_have_text("✓ In session")


def test_a_click_on_the_map_selects_an_area_and_a_second_click_clears_it(
    live_app: str, page
) -> None:
    expect = playwright_expect()
    page.goto(f"{live_app}/explore")
    region = page.locator('.bodymap [data-area="hamstrings"]').first
    pill = area_pill(page, "Hamstrings")
    region.click()
    expect(pill).to_have_attribute("aria-pressed", "true")
    expect(region).to_have_attribute("aria-pressed", "true")
    page.wait_for_url("**/explore?area=hamstrings")
    region.click()
    expect(pill).to_have_attribute("aria-pressed", "false")
    expect(region).to_have_attribute("aria-pressed", "false")
    page.wait_for_url(lambda url: "area=" not in url)


def test_choosing_from_the_list_highlights_the_map(live_app: str, page) -> None:
    expect = playwright_expect()
    page.goto(f"{live_app}/explore")
    area_pill(page, "Lower back").click()
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
            expect(card(page, stretch.id)).to_be_visible(timeout=30_000)
            stretch_pill = page.locator(".explore-modalities").get_by_role("button", name="Stretch")
            expect(stretch_pill).to_have_attribute("aria-pressed", "true")
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
    expect(region).to_have_attribute("aria-pressed", "true")
    page.wait_for_url("**/explore?area=inner_thigh")


def test_every_filter_pill_is_a_button_reached_with_tab_and_chosen_with_space(
    live_app: str, page
) -> None:
    expect = playwright_expect()
    page.goto(f"{live_app}/explore")
    gentle = page.locator(".explore-level").get_by_role("button", name="Gentle")
    page.locator(".explore-level").get_by_role("button", name="Gentle").wait_for()
    page.locator(".explore-minutes").get_by_role("button", name="Any").focus()
    page.keyboard.press("Tab")
    expect(gentle).to_be_focused()
    page.keyboard.press("Space")
    expect(gentle).to_have_attribute("aria-pressed", "true")
    fitting = select(CATALOG, Filters(max_difficulty=1))
    expect(page.locator("h2.explore-count")).to_have_text(f"{len(fitting)} techniques fit")


def test_show_more_adds_the_next_cards_and_moves_focus_to_the_first_new_one(
    live_app: str, page
) -> None:
    expect = playwright_expect()
    page.goto(f"{live_app}/explore")
    more = page.get_by_role("button", name=re.compile(r"^Show more"))
    expect(more).to_have_text(f"Show more ({len(CATALOG) - CARDS_PER_PAGE} left)")
    assert shown_card_ids(page) == [t.id for t in CATALOG.techniques[:CARDS_PER_PAGE]]
    more.click()
    expect(page.locator(".explore-card")).to_have_count(2 * CARDS_PER_PAGE)
    new_first = CATALOG.techniques[CARDS_PER_PAGE]
    expect(card(page, new_first.id).locator(".card-name")).to_be_focused()


def test_an_empty_result_names_the_filter_that_emptied_it(live_app: str, page) -> None:
    expect = playwright_expect()
    covered = {(a, t.modality) for t in CATALOG for a in t.primary_areas}
    area, modality = next((a, m) for a in AREAS for m in MODALITIES if (a, m) not in covered)
    filters = Filters(areas=(area,), modalities=(modality,), max_difficulty=2)
    page.goto(f"{live_app}/explore?{urlencode(to_query(filters))}")
    expect(page.locator("h2.explore-count")).to_have_text("0 techniques fit")
    expect(page.locator(".explore-advice")).to_have_text(advise_on_empty(CATALOG, filters).message)


def test_the_choice_is_kept_when_a_person_comes_back_to_explore(live_app: str, page) -> None:
    expect = playwright_expect()
    page.goto(f"{live_app}/explore")
    page.locator(".explore-positions").get_by_role("button", name="Seated").click()
    page.wait_for_url("**/explore?position=seated")
    wait_until_idle(page)
    page.get_by_role("link", name="Home").click()
    wait_until_idle(page)
    page.get_by_role("link", name="Explore").click()
    seated = page.locator(".explore-positions").get_by_role("button", name="Seated")
    expect(seated).to_have_attribute("aria-pressed", "true")
    fitting = select(CATALOG, Filters(positions=("seated",)))
    expect(page.locator("h2.explore-count")).to_have_text(f"{len(fitting)} techniques fit")


def test_the_buttons_of_a_row_of_cards_line_up(live_app: str, page) -> None:
    page.goto(f"{live_app}/explore")
    details = page.locator(".explore-card .card-details")
    playwright_expect()(details.first).to_be_visible()
    bottoms = details.evaluate_all(
        "(els) => els.slice(0, 6).map((e) => Math.round(e.getBoundingClientRect().bottom))"
    )
    assert len(set(bottoms[:3])) == 1 and len(set(bottoms[3:6])) == 1, bottoms


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chosen_pills_a_queued_card_and_the_empty_advice_pass_axe_in_both_themes(
    live_app: str, browser, scheme: str
) -> None:
    from tests.test_e2e_accessibility import serious_violations

    expect = playwright_expect()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(f"{live_app}/explore?area=glutes&position=lying&level=2")
        page.locator(".explore-card .card-add:not([disabled])").first.click()
        wait_until_idle(page)
        page.locator(".explore-card .card-details").first.focus()
        assert serious_violations(page) == []
        page.locator(".explore-modalities").get_by_role("button", name="Breathwork").click()
        assert not select(
            CATALOG,
            Filters(
                areas=("glutes",),
                modalities=("breathwork",),
                max_difficulty=2,
                positions=("lying",),
            ),
        )
        expect(page.locator(".explore-advice")).to_be_visible()
        assert serious_violations(page) == []
    finally:
        context.close()
