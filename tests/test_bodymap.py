"""The body map: regions, points inside them, the SVG and heat colours."""

from __future__ import annotations

import pytest

from hipdash.bodymap import (
    area_at,
    body_map_svg,
    contains,
    heat_colour,
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
        ((11 + 4.0, 9.9), "glutes"),
        ((11 + 3.6, 8.4), "deep_rotators"),
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
        (0, "rgb(120,190,150)"),
        (5, "rgb(240,200,90)"),
        (10, "rgb(214,84,64)"),
        (-3, "rgb(120,190,150)"),
        (14, "rgb(214,84,64)"),
    ],
)
def test_heat_colours_run_from_calm_to_hot(value: float, colour: str) -> None:
    assert heat_colour(value) == colour


def test_the_svg_map_has_a_button_per_patch_and_no_script() -> None:
    svg = body_map_svg()
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count('role="button"') == len(regions())
    for area in AREAS:
        assert f'data-area="{area}"' in svg
    assert "<script" not in svg.lower()


def test_svg_labels_are_escaped() -> None:
    # "Hip flexors & psoas" holds an ampersand, which must be escaped in SVG.
    assert "Hip flexors &amp; psoas" in body_map_svg()
