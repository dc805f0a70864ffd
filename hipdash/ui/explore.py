"""Render Explore's map, filters and result cards as one browser component that filters itself.

The whole catalog goes to the browser once as data; choosing an area or a filter redraws
the cards there, with no server round trip. The browser reports the filters back in the
background (for the URL and session state) and sends "Details" and "Add to session" as
triggers, which the page answers with the detail dialog and the session queue.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from hipdash.catalog import Catalog, Technique
from hipdash.durations import duration_text
from hipdash.filtering import (
    CHOOSABLE_EQUIPMENT,
    Filters,
    browser_catalog,
    browser_rules,
    parse_filters,
    to_query,
)
from hipdash.ui.component_files import component_source
from hipdash.vocabulary import AREAS, DIFFICULTIES, EQUIPMENT, MODALITIES, POSITIONS

PANEL_KEY = "explore_panel"
CARDS_PER_PAGE = 12
NO_PICTURE = "The picture for this technique could not be drawn (its pose data has an error)."


@st.cache_resource(show_spinner=False)
def _explore_component() -> Callable[..., Any]:
    # Registered once per process: re-registering on every run would remount it.
    from hipdash.bodymap import body_map_svg, palette_css

    css = "\n".join(
        (
            palette_css(),
            component_source("bodymap.css"),
            component_source("explore.css"),
        )
    )
    html = component_source("explore.html")
    return st.components.v2.component(
        "hipdash_explore",
        html=html.replace("<!--MAP-->", body_map_svg()),
        css=css,
        js=component_source("explore.js"),
    )


def card_fields(technique: Technique) -> dict[str, Any]:
    """Return what a result card shows for ``technique``, as plain text and its thumbnail."""
    from hipdash.ui.figure import picture_for

    needed = [EQUIPMENT[item] for item in technique.equipment if item != "none"]
    figure = picture_for(technique, size="small")
    return {
        "name": technique.name,
        "badges": (
            MODALITIES[technique.modality],
            DIFFICULTIES[technique.difficulty],
            POSITIONS[technique.position],
        ),
        "summary": technique.summary,
        "dose": technique.dose.describe(),
        "duration": "about " + duration_text(technique.total_seconds),
        "needs": "Needs: " + ", ".join(needed) if needed else EQUIPMENT["none"],
        "reason": technique.dose.reason or "",
        "svg": figure.svg if figure is not None else "",
        "alt": figure.label if figure is not None else NO_PICTURE,
    }


@st.cache_resource(show_spinner=False)
def _static_data(_catalog: Catalog) -> dict[str, Any]:
    # The catalog is loaded once per process, so its browser copy is built once too.
    # Every top-level value is a tuple or a scalar: Streamlit scans other values for
    # dataframes, which imports pandas, pyarrow and numpy.
    techniques = tuple(
        {**attributes, **card_fields(technique)}
        for attributes, technique in zip(
            browser_catalog(_catalog), _catalog.techniques, strict=True
        )
    )
    return {
        "techniques": techniques,
        **browser_rules(),
        "areas": tuple(AREAS.items()),
        "modalities": tuple(MODALITIES.items()),
        "equipment_options": tuple((item, EQUIPMENT[item]) for item in CHOOSABLE_EQUIPMENT),
        "difficulties": tuple((str(level), name) for level, name in DIFFICULTIES.items()),
        "positions": tuple(POSITIONS.items()),
        "per_page": CARDS_PER_PAGE,
    }


def explore_panel(
    catalog: Catalog,
    filters: Filters,
    *,
    minutes: tuple[int, ...],
    epoch: int,
    queued: tuple[str, ...],
    theme: str,
    on_filters: Callable[[], None],
    on_add: Callable[[], None],
    on_details: Callable[[], None],
) -> None:
    """Render the map, filters and cards; the browser applies ``filters`` and keeps its own.

    ``epoch`` changes when the server's filters must replace the browser's (a new link);
    otherwise the browser's choice stands, so a late answer never undoes a newer click.
    """
    _explore_component()(
        key=PANEL_KEY,
        data={
            **_static_data(catalog),
            "filters": tuple(to_query(filters).items()),
            "minutes": minutes,
            "epoch": epoch,
            "queued": queued,
            "theme": theme,
        },
        on_filters_change=on_filters,
        on_add_change=on_add,
        on_details_change=on_details,
    )


def panel_value(name: str) -> object:
    """Return the component's latest state or trigger value called ``name``, or None."""
    result = st.session_state.get(PANEL_KEY)
    if result is None:
        return None
    return result.get(name) if isinstance(result, Mapping) else getattr(result, name, None)


def filters_from_browser(value: object) -> Filters | None:
    """Return the filters the browser reported, read as a link is, or None if unusable."""
    if not isinstance(value, Mapping):
        return None
    query = {str(key): [str(item)] for key, item in value.items() if isinstance(item, str)}
    filters, _problems = parse_filters(query)
    # The browser offers only known values; anything else was not typed by this page.
    return filters


def technique_id_from_browser(value: object, catalog: Catalog) -> str | None:
    """Return the technique id a card's button sent, or None if it names none."""
    if isinstance(value, str) and catalog.get(value) is not None:
        return value
    return None
