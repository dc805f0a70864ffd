"""Explore: pick the tense area on the body map and find the techniques that fit."""

import streamlit as st

from hipdash.catalog import Technique
from hipdash.filtering import (
    CHOOSABLE_EQUIPMENT,
    Filters,
    advise_on_empty,
    minute_limits,
    parse_filters,
    select,
    to_query,
)
from hipdash.ui.bodymap import area_picker
from hipdash.ui.shell import get_catalog, queue_add, require_shell
from hipdash.ui.technique import technique_card, technique_detail
from hipdash.vocabulary import DIFFICULTIES, EQUIPMENT, MODALITIES, POSITIONS

require_shell()

ANY = "Any"
CARDS_PER_ROW = 3
CARDS_PER_PAGE = 12
# Areas are kept by the shared area picker, under "explore_chosen_areas".
FILTER_NAMES = ("modalities", "equipment", "max_minutes", "max_difficulty", "positions")
CHOSEN_AREAS = "explore_chosen_areas"


def _empty_filters() -> dict:
    return _state_from_filters(Filters())


def _filters_from_state(state: dict) -> Filters:
    return Filters(
        areas=tuple(st.session_state.get(CHOSEN_AREAS, ())),
        modalities=tuple(state["modalities"]),
        equipment=tuple(state["equipment"]) or None,
        max_minutes=state["max_minutes"],
        max_difficulty=state["max_difficulty"],
        positions=tuple(state["positions"]),
    )


def _state_from_filters(filters: Filters) -> dict:
    return {
        "modalities": list(filters.modalities),
        "equipment": list(filters.equipment or ()),
        "max_minutes": filters.max_minutes,
        "max_difficulty": filters.max_difficulty,
        "positions": list(filters.positions),
    }


def _adopt_link() -> None:
    """Take the filters from the URL when it brings new ones: a bookmark beats old state."""
    query = {key: st.query_params.get_all(key) for key in st.query_params}
    st.session_state.setdefault("explore_filters", _empty_filters())
    # The page writes the URL on every run; only a URL it did not write is news.
    if not query or query == st.session_state.get("explore_written_query"):
        return
    linked, problems = parse_filters(query)
    st.session_state["explore_filters"] = _state_from_filters(linked)
    st.session_state[CHOSEN_AREAS] = list(linked.areas)
    for problem in problems:
        st.toast(problem, icon=":material/link_off:")


def _write_link(filters: Filters) -> None:
    query = to_query(filters)
    st.query_params.from_dict(query)
    st.session_state["explore_written_query"] = {key: [value] for key, value in query.items()}


def _widget_key(name: str) -> str:
    return f"explore_{name}"


def _commit(name: str) -> None:
    """Copy a widget's new value into the filters kept across pages."""
    value = st.session_state[_widget_key(name)]
    if name == "max_minutes":
        value = None if value == ANY else value
    st.session_state["explore_filters"][name] = (
        value if value is not None else _empty_filters()[name]
    )


def _prime(name: str) -> None:
    """Give a widget the kept value; Streamlit forgets widget state on other pages."""
    value = st.session_state["explore_filters"][name]
    if name == "max_minutes":
        value = ANY if value is None else value
    st.session_state[_widget_key(name)] = value


def _clear_filters() -> None:
    st.session_state["explore_filters"] = _empty_filters()
    st.session_state[CHOSEN_AREAS] = []


def _show_more() -> None:
    st.session_state["explore_shown"] += CARDS_PER_PAGE


def _detail_dialog(technique: Technique) -> None:
    technique_detail(technique)
    queued = technique.id in st.session_state.get("session_queue", [])
    if st.button(
        "In session" if queued else "Add to session",
        key="explore_dialog_add",
        type="primary",
        icon=":material/check:" if queued else ":material/add:",
        disabled=queued,
    ):
        queue_add(technique.id)
        st.rerun()  # a full run closes the dialog and updates the cards and the sidebar


def _open_details(technique_id: str) -> None:
    st.session_state["explore_detail"] = technique_id


_adopt_link()
catalog = get_catalog()

st.title("Explore techniques")
st.caption(
    "Show where it feels tense and what you have to hand; hipdash lists the techniques that fit."
)
map_column, filter_column = st.columns([3, 2], gap="large")

with filter_column:
    area_picker("explore", map_slot=map_column)
    for name in FILTER_NAMES:
        _prime(name)
    st.pills(
        "Kind of technique",
        list(MODALITIES),
        format_func=MODALITIES.get,
        selection_mode="multi",
        wrap=True,
        key="explore_modalities",
        on_change=_commit,
        args=("modalities",),
    )
    st.multiselect(
        "Equipment you have",
        list(CHOOSABLE_EQUIPMENT),
        format_func=EQUIPMENT.get,
        key="explore_equipment",
        on_change=_commit,
        args=("equipment",),
        placeholder="Leave empty to show everything",
        help="Techniques that need nothing, a floor or a wall always show.",
    )
    # Only limits that change the list; a linked limit between them is kept as it came.
    kept_limit = st.session_state["explore_filters"]["max_minutes"]
    limits = sorted({*minute_limits(catalog), *([kept_limit] if kept_limit else [])})
    st.select_slider(
        "Time for one technique (minutes, at most)",
        [*limits, ANY],  # short to unlimited, so each step right allows more
        key="explore_max_minutes",
        on_change=_commit,
        args=("max_minutes",),
    )
    st.segmented_control(
        "Level, up to",
        list(DIFFICULTIES),
        format_func=DIFFICULTIES.get,
        key="explore_max_difficulty",
        on_change=_commit,
        args=("max_difficulty",),
    )
    st.pills(
        "Positions you can do",
        list(POSITIONS),
        format_func=POSITIONS.get,
        selection_mode="multi",
        wrap=True,
        key="explore_positions",
        on_change=_commit,
        args=("positions",),
        help="Leave out 'On the floor' if you can't get down there.",
    )
    st.button(
        "Clear all filters",
        key="explore_clear",
        on_click=_clear_filters,
        icon=":material/filter_alt_off:",
    )

filters = _filters_from_state(st.session_state["explore_filters"])
_write_link(filters)

results = select(catalog, filters)
st.divider()
if results:
    noun = "technique fits" if len(results) == 1 else "techniques fit"
    st.header(f"{len(results)} {noun}")
    # A new search starts again from the first page of cards.
    signature = repr(to_query(filters))
    if st.session_state.get("explore_shown_for") != signature:
        st.session_state["explore_shown_for"] = signature
        st.session_state["explore_shown"] = CARDS_PER_PAGE
    shown = results[: st.session_state["explore_shown"]]
    for start in range(0, len(shown), CARDS_PER_ROW):
        row = st.columns(CARDS_PER_ROW)
        for column, technique in zip(row, shown[start : start + CARDS_PER_ROW], strict=False):
            with column:
                technique_card(technique, on_details=_open_details)
    if len(shown) < len(results):
        st.button(
            f"Show more ({len(results) - len(shown)} left)",
            key="explore_show_more",
            on_click=_show_more,
            icon=":material/expand_more:",
        )
else:
    st.info(advise_on_empty(catalog, filters).message, icon=":material/filter_alt:")

detail_id = st.session_state.pop("explore_detail", None)
detail = catalog.get(detail_id) if detail_id else None
if detail is not None:
    st.dialog(detail.name, width="large")(_detail_dialog)(detail)
