"""End to end in headless Chromium: log a tension check-in, then see it on Progress."""

from __future__ import annotations

import re

import pytest

from tests.support import playwright_expect, wait_until_idle

pytestmark = pytest.mark.browser
# How many points the tension chart draws; _fullData holds them unpacked, whereas data may
# keep plotly's base64 packing.
TENSION_POINTS = """() => {
    const plot = document.querySelector('.st-key-progress_tension_chart .js-plotly-plot');
    if (!plot || !plot._fullData) return -1;
    return plot._fullData.reduce((sum, trace) => sum + (trace.y ? trace.y.length : 0), 0);
}"""


def test_a_logged_checkin_shows_on_the_progress_chart(live_app: str, page) -> None:
    expect = playwright_expect()
    page.goto(f"{live_app}/log")
    pills = page.locator(".st-key-log_areas")
    pills.get_by_role("button", name="Glutes", exact=True).click()
    slider = page.locator(".st-key-log_level_glutes input[type='range']")
    expect(slider).to_have_value("5")
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(slider).to_have_value("7")
    page.locator(".st-key-log_checkin_save button").click()
    expect(page.get_by_test_id("stToast").filter(has_text="Saved check-in")).to_be_visible()

    page.get_by_role("link", name="Progress").click()
    page.wait_for_url("**/progress")
    wait_until_idle(page)
    expect(page.get_by_test_id("stMetric").get_by_text("Average tension")).to_be_visible()
    # The overview, drawn in code, says in its alternative text what it shows.
    overview = page.get_by_role("img", name="Tension and strength, week by week", exact=False)
    expect(overview.first).to_be_visible()
    expect(overview.first).to_have_attribute("alt", re.compile(r"Average tension was 7\.0 "))
    page.get_by_role("tab", name="Tension", exact=True).click()
    page.wait_for_function(f"({TENSION_POINTS})() >= 1")
    assert page.evaluate(TENSION_POINTS) >= 1


_SHOWN_OVERVIEW = """() => [...document.querySelectorAll('.st-key-progress_overview_chart img')]
    .filter(image => image.offsetWidth > 0)
    .map(image => [image.className, image.offsetWidth, image.complete && image.naturalWidth > 0])"""


@pytest.mark.parametrize(
    ("viewport", "shown"),
    [({"width": 1400, "height": 1000}, "wide"), ({"width": 390, "height": 844}, "narrow")],
)
def test_the_overview_shows_the_drawing_that_fits_the_screen(
    browser, live_app: str, live_db, viewport: dict[str, int], shown: str
) -> None:
    from hipdash.records import TensionCheckIn
    from hipdash.store import Store, local_now

    Store(live_db).add_checkins([TensionCheckIn(at=local_now(), area="glutes", level=6)])
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        page.goto(f"{live_app}/progress")
        page.wait_for_function(f"({_SHOWN_OVERVIEW})().length === 1 && ({_SHOWN_OVERVIEW})()[0][2]")
        ((name, width, loaded),) = page.evaluate(_SHOWN_OVERVIEW)
        assert name == f"hd-overview hd-overview-{shown}" and loaded
        # It fits the column: nothing to scroll sideways on a phone.
        assert width <= viewport["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    finally:
        context.close()
