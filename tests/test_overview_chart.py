"""Test the overview drawing: what it shows, where, in which colours, and in words."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hipdash import overview_chart
from hipdash.overview_chart import NARROW, PALETTES, WIDE, OverviewWeek
from tests.test_bodymap import contrast

SVG = "{http://www.w3.org/2000/svg}"
FIRST_MONDAY = date(2025, 6, 2)


def _weeks(*values: tuple[float | None, int]) -> list[OverviewWeek]:
    return [
        OverviewWeek(FIRST_MONDAY + timedelta(weeks=i), tension, sets)
        for i, (tension, sets) in enumerate(values)
    ]


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _plot_box(layout: overview_chart.Layout) -> tuple[float, float, float, float]:
    """Return left, top, right and bottom of the plot area, from the grid lines drawn."""
    root = _parse(overview_chart.overview_svg(_weeks((5.0, 1)), "light", layout))
    grid = [
        line for line in root.iter(f"{SVG}line") if line.get("stroke") == PALETTES["light"]["grid"]
    ]
    ys = [float(line.get("y1", 0)) for line in grid]
    return float(grid[0].get("x1", 0)), min(ys), float(grid[0].get("x2", 0)), max(ys)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_line_and_bars_keep_three_to_one_and_the_text_four_and_a_half(theme: str) -> None:
    colours = PALETTES[theme]
    assert contrast(colours["line"], colours["page"]) >= 3
    assert contrast(colours["bar"], colours["page"]) >= 3
    assert contrast(colours["text"], colours["page"]) >= 4.5


@pytest.mark.parametrize("layout", [WIDE, NARROW])
def test_the_drawing_is_well_formed_svg_of_its_layouts_size(layout: overview_chart.Layout) -> None:
    root = _parse(overview_chart.overview_svg(_weeks((4.0, 3), (3.5, 0)), "dark", layout))
    assert root.get("viewBox") == f"0 0 {layout.width} {layout.height}"
    assert root.get("fill") == PALETTES["dark"]["text"]


def test_each_week_with_sets_gets_one_bar_as_tall_as_its_count() -> None:
    weeks = _weeks((4.0, 10), (None, 0), (3.0, 5))
    root = _parse(overview_chart.overview_svg(weeks, "light"))
    bars = [r for r in root.iter(f"{SVG}rect") if float(r.get("height", 0)) > 0]
    bars = [r for r in bars if r.get("width") != "14"]  # the legend's swatch
    assert len(bars) == 2
    heights = [float(r.get("height", 0)) for r in bars]
    assert heights[0] == pytest.approx(2 * heights[1], abs=0.2)


def test_a_week_without_checkins_breaks_the_tension_line() -> None:
    weeks = _weeks((4.0, 0), (5.0, 0), (None, 0), (3.0, 0), (2.0, 0))
    root = _parse(overview_chart.overview_svg(weeks, "light"))
    lines = [p.get("points", "").split() for p in root.iter(f"{SVG}polyline")]
    assert [len(points) for points in lines] == [2, 2]
    dots = [c for c in root.iter(f"{SVG}circle")]
    assert len(dots) == 4 + 1, "a dot per rated week, and the legend's"


def test_a_lone_rated_week_still_shows_as_a_dot() -> None:
    root = _parse(overview_chart.overview_svg(_weeks((None, 2), (6.0, 0), (None, 1)), "light"))
    assert not list(root.iter(f"{SVG}polyline"))
    assert len(list(root.iter(f"{SVG}circle"))) == 2


@pytest.mark.parametrize(
    ("largest", "per_line"), [(0, 1), (4, 1), (5, 1), (6, 2), (21, 5), (26, 10), (480, 100)]
)
def test_the_sets_axis_uses_round_steps_that_hold_the_busiest_week(
    largest: int, per_line: int
) -> None:
    assert overview_chart.sets_step(largest) == per_line


@settings(max_examples=60, deadline=None)
@given(
    weeks=st.lists(
        st.tuples(
            st.one_of(st.none(), st.floats(min_value=0, max_value=10)),
            st.integers(min_value=0, max_value=5000),
        ),
        min_size=1,
        max_size=530,
    ),
    wide=st.booleans(),
)
def test_every_mark_stays_inside_the_plot(
    weeks: list[tuple[float | None, int]], wide: bool
) -> None:
    layout = WIDE if wide else NARROW
    left, top, right, bottom = _plot_box(layout)
    root = _parse(overview_chart.overview_svg(_weeks(*weeks), "light", layout))
    for rect in root.iter(f"{SVG}rect"):
        if rect.get("fill") != PALETTES["light"]["bar"] or rect.get("width") == "14":
            continue
        x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
        assert left <= x and x + float(rect.get("width", 0)) <= right + 0.1
        assert top - 0.1 <= y <= bottom
    for area in root.iter(f"{SVG}polygon"):
        for point in area.get("points", "").split():
            px, py = (float(v) for v in point.split(","))
            assert left - 0.1 <= px <= right + 0.1 and top - 0.1 <= py <= bottom + 0.1
    for circle in root.iter(f"{SVG}circle"):
        if float(circle.get("cy", 0)) < top - 10:
            continue  # the legend
        assert left <= float(circle.get("cx", 0)) <= right
        assert top <= float(circle.get("cy", 0)) <= bottom + 0.1


@pytest.mark.parametrize(
    ("count", "layout", "first"),
    [
        (1, WIDE, "2 Jun"),
        (12, WIDE, "2 Jun"),
        (52, WIDE, "2 Jun"),
        (53, WIDE, "Jun 2025"),  # first Mondays of months, thinned
        (100, WIDE, "Jun 2025"),
        (120, NARROW, "2026"),
        (530, WIDE, "2026"),  # first weeks of years
        (530, NARROW, "2026"),
    ],
)
def test_week_labels_are_thinned_to_what_fits(
    count: int, layout: overview_chart.Layout, first: str
) -> None:
    root = _parse(overview_chart.overview_svg(_weeks(*[(4.0, 1)] * count), "light", layout))
    labels = [
        t.text or ""
        for t in root.iter(f"{SVG}text")
        if t.get("text-anchor") == "middle" and not t.get("transform")
    ]
    dates = [label for label in labels if re.fullmatch(r"\d+ \w{3}|\w{3} \d{4}|\d{4}", label)]
    assert 1 <= len(dates) <= layout.max_labels
    assert dates[0] == first


def test_year_labels_sit_on_the_first_week_of_january() -> None:
    weeks = _weeks(*[(4.0, 1)] * 530)
    for i, label in overview_chart.week_labels(weeks, WIDE.max_labels):
        assert weeks[i].monday.month == 1 and weeks[i].monday.day <= 7
        assert label == str(weeks[i].monday.year)


def test_years_of_sets_are_drawn_as_one_stepped_area_with_a_full_strength_edge() -> None:
    root = _parse(overview_chart.overview_svg(_weeks(*[(4.0, 3)] * 300), "light"))
    assert not [r for r in root.iter(f"{SVG}rect") if r.get("width") != "14"]
    (area,) = root.iter(f"{SVG}polygon")
    assert area.get("stroke") == PALETTES["light"]["bar"]
    assert len(area.get("points", "").split()) == 2 + 2 * 300


def test_the_words_say_the_span_the_first_and_latest_tension_and_the_sets() -> None:
    weeks = _weeks((None, 0), (5.2, 3), (None, 8), (3.9, 0))
    words = overview_chart.describe(weeks)
    assert "4 weeks from 2 Jun 2025 to 23 Jun 2025" in words
    assert "5.2 in the week of 9 Jun 2025 and 3.9 in the week of 23 Jun 2025" in words
    assert "11 strength sets in all, at most 8 in a week" in words


def test_the_words_say_when_nothing_was_rated_or_lifted() -> None:
    assert "No tension check-ins. No sets." in overview_chart.describe(_weeks((None, 0)))
    assert overview_chart.describe([]).endswith("no weeks in this range.")


def test_the_table_rows_give_each_weeks_numbers_as_text() -> None:
    assert overview_chart.table_rows(_weeks((5.25, 3), (None, 0))) == [
        ("2 Jun 2025", "5.2", "3"),
        ("9 Jun 2025", "no check-ins", "0"),
    ]


def test_only_weeks_with_a_checkin_or_a_set_count_as_data() -> None:
    assert not overview_chart.has_data(_weeks((None, 0), (None, 0)))
    assert overview_chart.has_data(_weeks((None, 0), (None, 1)))
    assert overview_chart.has_data(_weeks((0.0, 0)))
