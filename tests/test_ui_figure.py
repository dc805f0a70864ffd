"""The figure in the app: a named picture on every Explore card and in the detail view."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from hipdash.catalog import load_catalog
from hipdash.figures import all_poses
from hipdash.ui_figure import figure_markup
from tests.support import open_page

CATALOG = load_catalog()
DRAWN = [t for t in CATALOG if t.id in all_poses()]


def _figures(app) -> list[str]:
    return [e.proto.body for e in app.get("html") if 'role="img"' in e.proto.body]


def test_every_explore_card_shows_a_still_named_thumbnail() -> None:
    app = open_page("pages/explore.py", query={"area": "glutes"})
    assert not app.exception
    shown = _figures(app)
    names = {t.name for t in CATALOG}
    cards = [m for m in app.markdown if m.value[2:].split("**", 1)[0] in names]
    assert cards and len(shown) == len(cards)
    for body in shown:
        assert "hd-figure-small" in body
        assert re.search(r'aria-label="[^"]{20,}"', body)
        assert "animation-duration" not in body


def test_the_markup_wraps_one_svg_that_parses() -> None:
    technique = DRAWN[0]
    markup = figure_markup(technique, size="large")
    assert markup is not None
    root = ET.fromstring(markup)
    (svg,) = list(root)
    assert svg.get("role") == "img"
    assert "max-width:28rem" in root.get("style", "")
