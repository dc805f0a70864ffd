"""End to end in headless Chromium: the body map picks what a person means, on any screen."""

from __future__ import annotations

import pytest

from tests.support import playwright_expect, wait_until_idle

pytestmark = pytest.mark.browser

# Map coordinates (x right, y up, as in hipdash.bodymap) to the page's pixels.
TO_SCREEN = """(svg, [x, y]) => {
    const point = svg.createSVGPoint();
    point.x = x; point.y = 13.6 - y;
    const screen = point.matrixTransform(svg.getScreenCTM());
    return [screen.x, screen.y];
}"""


def _pill(page, name: str):
    return page.locator(".explore-areas").get_by_role("button", name=name, exact=True)


@pytest.mark.parametrize(
    ("point", "pill"),
    [
        ((11 + 3.65, 8.2), "Glutes"),  # the middle of the left buttock
        ((11 + 6.35, 7.4), "Glutes"),  # low on the right buttock
        ((11 + 3.55, 9.5), "Deep rotators (piriformis)"),  # the outlined zone
    ],
    ids=["buttock centre", "lower buttock", "deep rotator zone"],
)
def test_a_mouse_click_on_the_back_view_picks_the_area_drawn_there(
    live_app: str, page, point: tuple[float, float], pill: str
) -> None:
    expect = playwright_expect()
    page.goto(f"{live_app}/explore")
    wait_until_idle(page)
    back = page.locator('.bodymap svg[aria-label$="back view"]')
    x, y = back.evaluate(TO_SCREEN, list(point))
    page.mouse.click(x, y)
    wait_until_idle(page)
    expect(_pill(page, pill)).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".bodymap .region.chosen")).to_have_count(2)


@pytest.mark.parametrize(
    ("area", "pill"), [("glutes", "Glutes"), ("inner_thigh", "Inner thigh (adductors)")]
)
def test_a_click_on_a_label_picks_its_area(live_app: str, page, area: str, pill: str) -> None:
    expect = playwright_expect()
    page.goto(f"{live_app}/explore")
    wait_until_idle(page)
    page.locator(f'.bodymap [data-label="{area}"]').click()
    wait_until_idle(page)
    expect(_pill(page, pill)).to_have_attribute("aria-pressed", "true")


def test_labels_are_at_least_eleven_pixels_tall_on_a_phone(live_app: str, browser) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    try:
        phone.goto(f"{live_app}/explore")
        playwright_expect()(phone.locator(".bodymap .label").first).to_be_visible(timeout=20_000)
        heights = phone.locator(".bodymap .label").evaluate_all(
            "(labels) => labels.map((label) => label.getBoundingClientRect().height)"
        )
        assert heights and min(heights) >= 11, heights
    finally:
        context.close()


def test_a_focused_shape_shows_a_ring_above_its_neighbours(live_app: str, page) -> None:
    expect = playwright_expect()
    page.goto(f"{live_app}/explore")
    wait_until_idle(page)
    glutes = page.get_by_role("button", name="Glutes, left", exact=True)
    glutes.focus()
    ring = page.locator(".bodymap .focus-ring.shown")
    expect(ring).to_have_count(1)
    assert ring.get_attribute("points") == glutes.get_attribute("points")
    page.keyboard.press("Enter")
    wait_until_idle(page)
    expect(_pill(page, "Glutes")).to_have_attribute("aria-pressed", "true")
