"""Choosing techniques by area, kind, equipment, time, level and position."""

from __future__ import annotations

import pytest

from hipdash.catalog import Dose, Technique, load_catalog
from hipdash.filtering import (
    LOOSEN_HINTS,
    Filters,
    advise_on_empty,
    browser_catalog,
    browser_rules,
    fits_equipment,
    minute_limits,
    parse_filters,
    select,
    to_query,
)
from tests.factories import make_technique

CATALOG = load_catalog()


def _technique(tid: str, **overrides: object) -> Technique:
    return make_technique(tid, hold=60, **overrides)


POOL = [
    _technique("floor-glute-stretch"),
    _technique("wall-ball", modality="ball_release", equipment=("ball", "wall"), position="wall",
               dose=Dose(sets=3, rest_seconds=10, per_side=True, hold_seconds=30)),
    _technique("chair-figure-four", primary_areas=("deep_rotators",), secondary_areas=("glutes",),
               position="seated", equipment=("chair",)),
    _technique("copenhagen", modality="strength", primary_areas=("inner_thigh",), difficulty=3,
               equipment=("mat",), position="lying"),
    _technique("long-breath", modality="breathwork", primary_areas=("lower_back",),
               dose=Dose(sets=1, rest_seconds=0, per_side=False, hold_seconds=600)),
]  # fmt: skip


def _ids(filters: Filters) -> list[str]:
    return [t.id for t in select(POOL, filters)]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), [t.id for t in POOL]),
        (Filters(areas=("glutes",)), ["floor-glute-stretch", "wall-ball"]),
        (Filters(areas=("deep_rotators", "inner_thigh")), ["chair-figure-four", "copenhagen"]),
        (Filters(modalities=("ball_release", "breathwork")), ["wall-ball", "long-breath"]),
        (Filters(equipment=("ball",)), ["floor-glute-stretch", "wall-ball", "copenhagen",
                                        "long-breath"]),
        (Filters(equipment=("band",)), ["floor-glute-stretch", "copenhagen", "long-breath"]),
        (Filters(max_minutes=2), ["floor-glute-stretch", "chair-figure-four", "copenhagen"]),
        (Filters(max_difficulty=2), ["floor-glute-stretch", "wall-ball", "chair-figure-four",
                                     "long-breath"]),
        (Filters(positions=("seated", "wall")), ["wall-ball", "chair-figure-four"]),
        (Filters(areas=("glutes",), positions=("seated", "standing")), []),
        (Filters(areas=("glutes",), modalities=("ball_release",), equipment=("ball", "wall"),
                 max_minutes=5, positions=("wall",)), ["wall-ball"]),
    ],
)  # fmt: skip
def test_filters_combine_to_the_expected_techniques(filters: Filters, expected: list[str]) -> None:
    assert _ids(filters) == expected


def test_a_secondary_area_alone_does_not_match() -> None:
    assert "chair-figure-four" not in _ids(Filters(areas=("glutes",)))


@pytest.mark.parametrize(
    ("needs", "has", "fits"),
    [
        (("none",), (), True),
        (("ball",), ("ball",), True),
        (("ball", "wall"), ("ball",), True),
        (("ball", "chair"), ("ball",), False),
        (("mat",), (), True),
        (("chair",), ("ball", "mat"), False),
    ],
)
def test_equipment_fits_when_the_person_has_everything(needs, has, fits) -> None:
    assert fits_equipment(_technique("t", equipment=needs), has) is fits


def test_an_empty_result_names_the_filter_to_loosen() -> None:
    filters = Filters(areas=("glutes",), positions=("seated", "standing"))
    advice = advise_on_empty(POOL, filters)
    assert advice.loosenings[0].filter_name == "positions"
    assert advice.loosenings[0].count == 2
    assert "allow more positions under “Positions you can do” (2 would match)" in advice.message


def test_advice_when_no_single_filter_helps_names_the_active_filters() -> None:
    filters = Filters(areas=("hamstrings",), modalities=("somatic",))
    message = advise_on_empty(POOL, filters).message
    assert "clear some filters" in message
    assert "“Where does it feel tense?”" in message and "“Kind of technique”" in message


def test_a_time_limit_empties_the_list_and_the_advice_names_the_time_filter() -> None:
    pool = [make_technique("long", hold=400)]
    message = advise_on_empty(pool, Filters(max_minutes=2)).message
    assert "allow more time under “Time for one technique” (1 would match)" in message


def test_every_offered_time_limit_lets_in_more_techniques_than_the_one_before() -> None:
    pool = [
        make_technique("short", hold=20),  # well under 2 minutes
        make_technique("middle", hold=200),
        make_technique("long", hold=500),
    ]
    limits = minute_limits(pool)
    counts = [len(select(pool, Filters(max_minutes=m))) for m in limits]
    assert counts[0] >= 1
    assert counts == sorted(set(counts))  # each step shows more than the last
    assert len(limits) == len(set(counts))


def test_no_time_limit_is_offered_that_matches_nothing() -> None:
    pool = [make_technique("long", hold=400)]
    limits = minute_limits(pool)
    assert limits and all(select(pool, Filters(max_minutes=m)) for m in limits)


@pytest.mark.parametrize(
    ("query", "expected", "problem_count"),
    [
        ({}, Filters(), 0),
        ({"area": ["glutes"]}, Filters(areas=("glutes",)), 0),
        ({"area": ["glutes,hamstrings"], "modality": ["stretch"]},
         Filters(areas=("glutes", "hamstrings"), modalities=("stretch",)), 0),
        ({"area": ["glutes", "knees"]}, Filters(areas=("glutes",)), 1),
        ({"minutes": ["10"], "level": ["2"]}, Filters(max_minutes=10, max_difficulty=2), 0),
        ({"minutes": ["lots"], "level": ["9"]}, Filters(), 2),
        ({"equipment": ["ball,wall"], "position": ["seated"]},
         Filters(equipment=("ball", "wall"), positions=("seated",)), 0),
    ],
)  # fmt: skip
def test_links_are_read_and_unknown_values_reported(query, expected, problem_count) -> None:
    filters, problems = parse_filters(query)
    assert filters == expected
    assert len(problems) == problem_count


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(areas=("glutes", "lower_back"), modalities=("stretch",)),
        Filters(equipment=("ball",), max_minutes=5, max_difficulty=1, positions=("wall",)),
    ],
)
def test_a_link_round_trips_the_filters(filters: Filters) -> None:
    query = {key: [value] for key, value in to_query(filters).items()}
    assert parse_filters(query) == (filters, [])


def test_the_real_catalog_has_glute_techniques_for_a_tennis_ball_only() -> None:
    found = select(CATALOG, Filters(areas=("glutes",), equipment=("ball",)))
    assert any(t.modality == "ball_release" for t in found)
    assert all(set(t.equipment) <= {"ball", "none", "mat", "wall"} for t in found)


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"area": ["knees"]}, "Ignored an unknown area 'knees' in the link."),
        ({"area": ["![x](http://example.invalid/p.png)"]}, "Ignored an unknown area value"),
        ({"minutes": ["<b>9</b>"]}, "Ignored the minutes value in the link"),
    ],
)
def test_link_problems_never_echo_text_that_markdown_could_render(query, shown) -> None:
    _, problems = parse_filters(query)
    assert problems and problems[0].startswith(shown)
    assert all("(" not in p and "<" not in p and "!" not in p for p in problems)


def test_browser_catalog_exports_what_matches_reads_for_every_technique_in_order() -> None:
    exported = browser_catalog(CATALOG)
    assert [row["id"] for row in exported] == [t.id for t in CATALOG]
    for row, technique in zip(exported, CATALOG, strict=True):
        assert row == {
            "id": technique.id,
            "primary_areas": tuple(technique.primary_areas),
            "modality": technique.modality,
            "equipment": tuple(technique.equipment),
            "total_seconds": technique.total_seconds,
            "difficulty": technique.difficulty,
            "position": technique.position,
        }


def test_browser_catalog_holds_only_tuples_and_scalars_so_streamlit_scans_no_dataframes() -> None:
    for row in browser_catalog(CATALOG):
        assert all(isinstance(value, (tuple, str, int)) for value in row.values()), row


def test_browser_rules_carry_the_equipment_always_at_hand_and_the_advice_wording() -> None:
    rules = browser_rules()
    assert set(rules["always_at_hand"]) == {"none", "mat", "wall"}
    assert rules["filter_order"] == tuple(Filters().__dataclass_fields__)
    assert dict(rules["hints"]) == LOOSEN_HINTS
    assert set(dict(rules["labels"])) == set(LOOSEN_HINTS)
    # The browser writes the same link as to_query.
    keys = dict(rules["query_keys"])
    linked = to_query(Filters(areas=("glutes",), max_minutes=5))
    assert set(linked) == {keys["areas"], keys["max_minutes"]}
    assert all(isinstance(value, tuple) for value in rules.values())
