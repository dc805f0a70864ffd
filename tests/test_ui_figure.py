"""The figure in the app: a named picture on every Explore card and in the detail view."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hipdash.catalog import load_catalog
from hipdash.figures import technique_figure
from hipdash.ui.figure import WIDTHS, picture_for, picture_html
from tests.explore_support import panel_data
from tests.support import open_page

CATALOG = load_catalog()


def test_every_explore_card_shows_a_still_thumbnail_with_alt_text() -> None:
    app = open_page("pages/explore.py", query={"area": "glutes"})
    assert not app.exception
    cards = panel_data(app)["techniques"]
    assert len(cards) == len(CATALOG.techniques)
    for card in cards:
        svg = ET.fromstring(card["svg"])
        assert card["alt"] == svg.get("aria-label")
        assert len(card["alt"]) > 20
        assert "hdfig-small" in svg.get("class")
        assert "animation" not in card["svg"]


def test_the_large_figure_is_the_animated_one() -> None:
    bridge = CATALOG.get("glute-bridge")
    figure = picture_for(bridge, size="large")
    assert figure == technique_figure(bridge, animated=True, size="large")
    assert WIDTHS["small"] >= 120


def test_the_detail_markup_shows_the_still_figure_under_reduced_motion() -> None:
    bridge = CATALOG.get("glute-bridge")
    moving = technique_figure(bridge)
    still = technique_figure(bridge, animated=False)
    markup = picture_html(moving, still, 440)
    assert "@media (prefers-reduced-motion: reduce){.hd-figure-moving{display:none}" in markup
    assert markup.count(f'alt="{moving.label}"') == 2
    assert markup.index('class="hd-figure-moving"') < markup.index('class="hd-figure-still"')
