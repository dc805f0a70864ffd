"""End to end in headless Chromium: technique figures are shown, named and still when asked."""

from __future__ import annotations

import pytest

from hipdash.catalog import load_catalog
from hipdash.figures import technique_figure
from tests.support import playwright_expect, wait_until_idle

pytestmark = pytest.mark.browser
CATALOG = load_catalog()


def test_a_card_and_the_detail_view_show_a_named_figure(live_app: str, page) -> None:
    expect = playwright_expect()
    bridge = CATALOG.get("glute-bridge")
    page.goto(f"{live_app}/explore?area=glutes")
    wait_until_idle(page)
    small = technique_figure(bridge, size="small")
    thumbnail = page.get_by_role("img", name=small.label, exact=True).first
    expect(thumbnail).to_be_visible()
    assert thumbnail.bounding_box()["width"] <= 160
    page.locator(f".st-key-explore_details_{bridge.id} button").click()
    dialog = page.get_by_role("dialog")
    large = dialog.get_by_role("img", name=technique_figure(bridge).label, exact=True)
    expect(large).to_be_visible()
    assert large.bounding_box()["width"] > 200


def test_the_detail_figure_is_still_under_reduced_motion(live_app: str, page) -> None:
    expect = playwright_expect()
    page.emulate_media(reduced_motion="reduce")
    bridge = CATALOG.get("glute-bridge")
    page.goto(f"{live_app}/explore?area=glutes")
    wait_until_idle(page)
    page.locator(f".st-key-explore_details_{bridge.id} button").click()
    figure = page.get_by_role("dialog").locator("svg.hdfig-large")
    expect(figure).to_be_visible()
    names = figure.locator("g.fr").evaluate_all(
        "gs => gs.map(g => getComputedStyle(g).animationName)"
    )
    assert set(names) == {"none"}
    visible = figure.locator("g.fr").evaluate_all(
        "gs => gs.filter(g => getComputedStyle(g).visibility === 'visible').length"
    )
    assert visible == 1
