"""The technique detail in a real browser: how often, signs it works, and variant links."""

from __future__ import annotations

import os

import pytest

from hipdash.catalog import load_catalog
from tests.support import playwright_expect, wait_until_idle

pytestmark = pytest.mark.browser

CATALOG = load_catalog()


def test_a_harder_version_opens_from_the_detail_of_an_easier_one(live_app: str, page) -> None:
    expect = playwright_expect()
    easy, hard = CATALOG.get("glute-bridge"), CATALOG.get("glute-bridge-single-leg")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_app}/explore?area=glutes")
    wait_until_idle(page)
    page.locator(f'.explore-card[data-id="{easy.id}"] .card-details').click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("2–3 days a week")).to_be_visible()
    expect(dialog.get_by_text(easy.working)).to_be_visible()
    if shot := os.environ.get("HIPDASH_DETAIL_SHOT"):
        dialog.screenshot(path=shot)
    dialog.get_by_role("button", name=f"Harder: {hard.name}").click()
    wait_until_idle(page)
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text(hard.steps[0])).to_be_visible()
    expect(dialog.get_by_role("button", name=f"Easier: {easy.name}")).to_be_visible()
