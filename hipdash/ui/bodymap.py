"""Render the clickable body map of the hip region, kept in sync with an area list."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partial

import streamlit as st

from hipdash.ui.component_files import component_source
from hipdash.vocabulary import AREAS


@st.cache_resource(show_spinner=False)
def _body_map_component() -> Callable[..., object]:
    # Registered once per process: re-registering on every run would remount it.
    from hipdash.bodymap import body_map_svg, palette_css

    return st.components.v2.component(
        "hipdash_body_map",
        html=body_map_svg(),
        css=palette_css() + "\n" + component_source("bodymap.css"),
        js=component_source("bodymap.js"),
    )


def body_map(
    key: str, *, selected: Iterable[str] = (), fills: Mapping[str, str] | None = None
) -> None:
    """Render the body map for looking only: chosen areas filled, or coloured by ``fills``."""
    # Tuples, not lists or dicts: Streamlit scans those for dataframes, which imports
    # pandas, pyarrow and numpy on the first page that shows a map.
    _body_map_component()(
        key=key,
        data={
            "selected": tuple(selected),
            "fills": tuple((fills or {}).items()),
            "static": True,
            "theme": map_theme(),
        },
    )


def map_theme() -> str:
    """Return "dark" when the page shows the dark theme, else "light"."""
    from hipdash.ui.theme import active_theme

    return active_theme()


def _toggle_from_map(prefix: str) -> None:
    result = st.session_state.get(f"{prefix}_map")
    area = result.get("clicked") if result else None
    if area not in AREAS:
        return
    chosen: list[str] = st.session_state[f"{prefix}_chosen_areas"]
    st.session_state[f"{prefix}_chosen_areas"] = (
        [a for a in chosen if a != area] if area in chosen else [*chosen, area]
    )


def _copy_pills(prefix: str) -> None:
    st.session_state[f"{prefix}_chosen_areas"] = list(st.session_state[f"{prefix}_areas"])


def area_picker(
    prefix: str, *, map_slot: object, label: str = "Where does it feel tense?"
) -> list[str]:
    """Render the clickable body map in ``map_slot`` and an area list here, kept in sync.

    The chosen areas live in ``st.session_state[f"{prefix}_chosen_areas"]``.
    """
    chosen_key = f"{prefix}_chosen_areas"
    st.session_state.setdefault(chosen_key, [])
    # Streamlit forgets widget state on other pages, so the list is primed
    # from the kept value on every run.
    st.session_state[f"{prefix}_areas"] = list(st.session_state[chosen_key])
    st.pills(
        label,
        list(AREAS),
        # Every option is a key of AREAS; unlike .get, [] is typed to always give a str.
        format_func=AREAS.__getitem__,
        selection_mode="multi",
        wrap=True,
        key=f"{prefix}_areas",
        on_change=_copy_pills,
        args=(prefix,),
    )
    with map_slot:  # type: ignore[attr-defined]
        _body_map_component()(
            key=f"{prefix}_map",
            data={"selected": tuple(st.session_state[chosen_key]), "theme": map_theme()},
            on_clicked_change=partial(_toggle_from_map, prefix),
        )
        st.caption("Click a region or its name to choose it; click it again to clear it.")
    return list(st.session_state[chosen_key])
