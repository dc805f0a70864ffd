"""The clickable body map: regions, click targets and the figure."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from hipdash.bodymap import (
    area_at,
    area_from_selection,
    body_map_figure,
    click_targets,
    contains,
    heat_colour,
    regions,
)
from hipdash.vocabulary import AREAS


@pytest.mark.parametrize("area", list(AREAS))
def test_every_area_has_a_region_and_click_targets(area: str) -> None:
    assert any(r.area == area for r in regions())
    assert click_targets()[2].count(area) >= 10


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
    ("points", "area"),
    [
        ([], None),
        ([{"customdata": ["glutes"], "x": 1, "y": 1}], "glutes"),
        ([{"customdata": "hamstrings"}], "hamstrings"),
        ([{"x": 1, "y": 1}], None),
        ([{"customdata": ["<script>"]}], None),
    ],
)
def test_a_plotly_selection_is_read_as_an_area(points, area) -> None:
    assert area_from_selection(points) == area


def test_selected_areas_are_filled_in_the_accent_colour() -> None:
    plain = body_map_figure()
    chosen = body_map_figure(["glutes"])
    assert isinstance(chosen, go.Figure)
    plain_fills = [t.fillcolor for t in plain.data]
    chosen_fills = [t.fillcolor for t in chosen.data]
    changed = sum(a != b for a, b in zip(plain_fills, chosen_fills, strict=True))
    assert changed == 2  # the left and right buttock


def test_the_click_layer_carries_area_ids_and_is_the_last_trace() -> None:
    figure = body_map_figure()
    markers = figure.data[-1]
    assert markers.mode == "markers"
    assert {row[0] for row in markers.customdata} == set(AREAS)


def test_a_static_map_has_no_click_layer() -> None:
    assert all(t.mode != "markers" for t in body_map_figure(clickable=False).data)


def test_heat_colours_run_from_calm_to_hot() -> None:
    assert heat_colour(0) == "rgb(120,190,150)"
    assert heat_colour(10) == "rgb(214,84,64)"
    assert heat_colour(-3) == heat_colour(0)


def test_a_heat_map_shows_values_in_the_labels() -> None:
    figure = body_map_figure(heat={"glutes": 6.5})
    texts = [a.text for a in figure.layout.annotations]
    assert any("Glutes <b>6.5</b>" in t for t in texts)
