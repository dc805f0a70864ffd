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
    page.locator(f'.explore-card[data-id="{bridge.id}"] .card-details').click()
    dialog = page.get_by_role("dialog")
    large = dialog.get_by_role("img", name=technique_figure(bridge).label, exact=True)
    expect(large).to_be_visible()
    assert large.bounding_box()["width"] > 200


def _detail_figure(page, live_app: str):
    bridge = CATALOG.get("glute-bridge")
    page.goto(f"{live_app}/explore?area=glutes")
    wait_until_idle(page)
    page.locator(f'.explore-card[data-id="{bridge.id}"] .card-details').click()
    figure = page.get_by_role("dialog").get_by_role("img", name=technique_figure(bridge).label)
    playwright_expect()(figure).to_be_visible()
    return figure


def _moves(figure, page) -> bool:
    # A rep of the bridge takes 3 s in 16 frames; over two seconds an animated figure moves.
    shots = []
    for _ in range(4):
        shots.append(figure.screenshot())
        page.wait_for_timeout(700)
    return any(shot != shots[0] for shot in shots[1:])


def test_the_detail_figure_moves_and_is_still_under_reduced_motion(live_app: str, page) -> None:
    figure = _detail_figure(page, live_app)
    assert _moves(figure, page)
    page.emulate_media(reduced_motion="reduce")
    page.reload()
    figure = _detail_figure(page, live_app)
    assert not _moves(figure, page)


def test_the_session_runner_shows_each_sides_named_figure(live_app: str, page) -> None:
    expect = playwright_expect()
    pigeon = CATALOG.get("glute-supported-pigeon")
    assert pigeon.dose.per_side
    page.goto(f"{live_app}/explore?area=glutes&modality=yoga")
    page.locator(f'.explore-card[data-id="{pigeon.id}"] .card-add').click()
    expect(page.get_by_text("Session queue: 1 technique")).to_be_visible()
    page.get_by_role("link", name="Session", exact=True).click()
    wait_until_idle(page)
    page.get_by_role("button", name="Save ratings and get ready").click()

    # "Get ready" shows the figure of the side worked first, named in words.
    setup = page.locator(".setup")
    right = technique_figure(pigeon, side="right").label
    left = technique_figure(pigeon, side="left").label
    assert "right" in right and "left" in left
    expect(setup.get_by_role("img", name=right, exact=True)).to_be_visible()
    page.get_by_role("button", name="Start", exact=True).click()
    # Switching sides shows the mirror image, for the side about to be worked.
    expect(setup.get_by_role("img", name=left, exact=True)).to_be_visible(timeout=60_000)
