"""The body map: regions, points inside them, the SVG and heat colours."""

from __future__ import annotations

import pytest

from hipdash.bodymap import (
    FILL_ROLES,
    PALETTES,
    area_at,
    body_map_svg,
    contains,
    heat_colour,
    palette_css,
    regions,
)
from hipdash.vocabulary import AREAS


@pytest.mark.parametrize("area", list(AREAS))
def test_every_area_has_a_region_on_the_map(area: str) -> None:
    assert any(r.area == area for r in regions())


@pytest.mark.parametrize(
    ("point", "area"),
    [
        ((3.6, 8.2), "hip_flexors"),
        ((4.2, 4.5), "inner_thigh"),
        ((2.0, 7.0), "outer_hip"),
        ((11 + 4.0, 11.5), "lower_back"),
        ((11 + 4.0, 10.1), "glutes"),
        ((11 + 3.65, 8.2), "glutes"),  # the middle of the left buttock
        ((11 + 6.35, 8.2), "glutes"),  # and of the right one
        ((11 + 3.0, 7.2), "glutes"),  # its lower, outer part
        ((11 + 4.6, 7.0), "glutes"),  # its lower, inner part
        ((11 + 3.55, 9.5), "deep_rotators"),  # the outlined zone above the middle
        ((11 + 6.45, 9.5), "deep_rotators"),
        ((11 + 3.5, 4.0), "hamstrings"),
        ((0.2, 0.2), None),
        ((10.5, 6.0), None),
    ],
)
def test_a_point_belongs_to_the_area_drawn_there(point, area) -> None:
    assert area_at(point) == area


def test_contains_uses_the_even_odd_rule() -> None:
    square = ((0, 0), (2, 0), (2, 2), (0, 2))
    assert contains(square, (1, 1))
    assert not contains(square, (3, 1))


@pytest.mark.parametrize(
    ("value", "colour"),
    [
        (0, "rgb(60,138,92)"),
        (5, "rgb(168,104,10)"),
        (10, "rgb(192,57,43)"),
        (-3, "rgb(60,138,92)"),
        (14, "rgb(192,57,43)"),
    ],
)
def test_heat_colours_run_from_calm_to_hot(value: float, colour: str) -> None:
    assert heat_colour(value) == colour


def _luminance(colour: str) -> float:
    if colour.startswith("rgb("):
        channels = [int(c) / 255 for c in colour[4:-1].split(",")]
    else:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """Return the WCAG contrast ratio of two colours."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _fills(theme: str) -> list[tuple[str, str]]:
    palette = PALETTES[theme]
    named = [(role, palette[role]) for role in FILL_ROLES]
    return named + [(f"heat {level}", heat_colour(level, theme)) for level in range(11)]


@pytest.mark.parametrize("theme", list(PALETTES))
@pytest.mark.parametrize("against", ["body", "page"])
def test_every_region_colour_has_three_to_one_contrast(theme: str, against: str) -> None:
    background = PALETTES[theme][against]
    weak = {
        role: round(contrast(colour, background), 2)
        for role, colour in _fills(theme)
        if contrast(colour, background) < 3.0
    }
    assert weak == {}


@pytest.mark.parametrize("theme", list(PALETTES))
def test_map_text_and_the_focus_ring_stand_out(theme: str) -> None:
    palette = PALETTES[theme]
    assert contrast(palette["text"], palette["page"]) >= 4.5
    assert contrast(palette["text"], palette["body"]) >= 4.5
    for _, fill in _fills(theme):
        assert max(contrast(palette["focus"], fill), contrast(palette["focus_halo"], fill)) >= 3


def test_a_chosen_region_differs_from_a_plain_one_in_both_themes() -> None:
    for palette in PALETTES.values():
        assert contrast(palette["chosen"], palette["region"]) >= 1.9


def test_every_shape_has_a_unique_accessible_name() -> None:
    names = [region.name for region in regions()]
    assert len(set(names)) == len(names)
    assert "Glutes, left" in names and "Outer hip, right, back" in names


def test_every_label_names_an_area_that_a_click_on_it_picks() -> None:
    svg = body_map_svg()
    for area in AREAS:
        assert f'data-label="{area}"' in svg


def test_the_css_defines_the_palette_of_each_theme() -> None:
    css = palette_css()
    for theme, palette in PALETTES.items():
        assert f'data-theme="{theme}"' in css
        assert palette["chosen"] in css


def test_the_svg_map_has_a_button_per_patch_and_no_script() -> None:
    svg = body_map_svg()
    assert svg.startswith("<div") and svg.count("<svg") == 2
    assert svg.count('role="button"') == len(regions())
    for area in AREAS:
        assert f'data-area="{area}"' in svg
    assert "<script" not in svg.lower()


def test_svg_labels_are_escaped() -> None:
    # Names come from this module's tables; a stray ampersand must still be escaped.
    svg = body_map_svg()
    assert "&" not in svg.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "")
