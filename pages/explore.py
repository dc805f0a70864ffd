"""Explore: pick the tense area on the body map and find the techniques that fit."""

import streamlit as st

from hipdash.catalog import Technique
from hipdash.filtering import Filters, minute_limits, parse_filters, to_query
from hipdash.ui.explore import (
    PANEL_KEY,
    explore_panel,
    filters_from_browser,
    panel_value,
    technique_id_from_browser,
)
from hipdash.ui.shell import get_catalog, queue_add, require_shell
from hipdash.ui.technique import technique_detail
from hipdash.ui.theme import active_theme

require_shell()

# The filters kept across pages, as the link writes them (hipdash.filtering.to_query).
KEPT = "explore_query"
# Bumped when the server's filters must replace the browser's: a link brought new ones.
EPOCH = "explore_epoch"
# The filters the component starts from: taken when it mounts or a link brings new ones,
# and left alone while the browser reports its own, so the component's data (the whole
# catalog) stays the same from click to click and Streamlit sends it only once.
START = "explore_start"


def _read(query: dict[str, str]) -> Filters:
    filters, _problems = parse_filters({key: [value] for key, value in query.items()})
    return filters


def _start_filters() -> Filters:
    """Return the filters the component starts from; renew them on a mount or a new link."""
    start = st.session_state.get(START)
    # Streamlit forgets a component's state once a run leaves it out (another page).
    mounting = PANEL_KEY not in st.session_state
    if mounting or start is None or start[0] != st.session_state[EPOCH]:
        start = (st.session_state[EPOCH], dict(st.session_state[KEPT]))
        st.session_state[START] = start
    return _read(start[1])


def _adopt_link() -> None:
    """Take the filters from the URL when it brings new ones: a bookmark beats old state."""
    query = {key: st.query_params.get_all(key) for key in st.query_params}
    st.session_state.setdefault(KEPT, {})
    st.session_state.setdefault(EPOCH, 0)
    # The page writes the URL on every run; only a URL it did not write is news.
    if not query or query == st.session_state.get("explore_written_query"):
        return
    linked, problems = parse_filters(query)
    st.session_state[KEPT] = to_query(linked)
    st.session_state[EPOCH] += 1
    for problem in problems:
        st.toast(problem, icon=":material/link_off:")


def _write_link(filters: Filters) -> None:
    query = to_query(filters)
    st.query_params.from_dict(query)
    st.session_state["explore_written_query"] = {key: [value] for key, value in query.items()}


def _take_filters() -> None:
    """Keep the filters the browser reports, read as strictly as a link."""
    filters = filters_from_browser(panel_value("filters"))
    if filters is not None:
        st.session_state[KEPT] = to_query(filters)


def _take_add() -> None:
    technique_id = technique_id_from_browser(panel_value("add"), get_catalog())
    if technique_id is not None:
        queue_add(technique_id)


def _take_details() -> None:
    technique_id = technique_id_from_browser(panel_value("details"), get_catalog())
    if technique_id is not None:
        st.session_state["explore_detail"] = technique_id


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


_adopt_link()
catalog = get_catalog()

st.title("Explore techniques")
st.caption(
    "Show where it feels tense and what you have to hand; hipdash lists the techniques that fit."
)
filters = _start_filters()
# Only limits that change the list; a linked limit between them is kept as it came.
kept_limit = (filters.max_minutes,) if filters.max_minutes else ()
explore_panel(
    catalog,
    filters,
    minutes=tuple(sorted({*minute_limits(catalog), *kept_limit})),
    epoch=st.session_state[EPOCH],
    queued=tuple(st.session_state.get("session_queue", ())),
    theme=active_theme(),
    on_filters=_take_filters,
    on_add=_take_add,
    on_details=_take_details,
)
# The callbacks ran before this run, so the link shows what the browser shows.
_write_link(_read(st.session_state[KEPT]))

detail_id = st.session_state.pop("explore_detail", None)
detail = catalog.get(detail_id) if detail_id else None
if detail is not None:
    st.dialog(detail.name, width="large")(_detail_dialog)(detail)
