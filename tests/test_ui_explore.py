"""Explore's browser component: what the page sends it and how it reads what comes back."""

from __future__ import annotations

from hipdash.catalog import load_catalog
from hipdash.filtering import Filters
from hipdash.ui.explore import (
    NO_PICTURE,
    card_fields,
    filters_from_browser,
    technique_id_from_browser,
)

CATALOG = load_catalog()


def test_filters_from_the_browser_are_read_like_a_link() -> None:
    read = filters_from_browser({"area": "glutes,hamstrings", "minutes": "10", "level": "2"})
    assert read == Filters(areas=("glutes", "hamstrings"), max_minutes=10, max_difficulty=2)


def test_unknown_or_malformed_filters_from_the_browser_are_dropped() -> None:
    assert filters_from_browser({"area": "elbows", "minutes": "-3", "x": "1"}) == Filters()
    assert filters_from_browser({"area": ["glutes"]}) == Filters()
    assert filters_from_browser("area=glutes") is None
    assert filters_from_browser(None) is None


def test_only_a_catalog_technique_id_from_the_browser_is_taken() -> None:
    first = CATALOG.techniques[0].id
    assert technique_id_from_browser(first, CATALOG) == first
    assert technique_id_from_browser("no-such-technique", CATALOG) is None
    assert technique_id_from_browser(["x"], CATALOG) is None


def test_a_card_carries_catalog_text_as_written_for_the_browser_to_set_as_text() -> None:
    technique = CATALOG.techniques[0]
    card = card_fields(technique)
    assert card["name"] == technique.name
    assert card["summary"] == technique.summary
    assert card["svg"].startswith("<svg") and card["alt"] != NO_PICTURE
    assert card["duration"].startswith("about ")
