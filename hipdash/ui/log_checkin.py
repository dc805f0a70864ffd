"""Draw the Log page's tension check-in: the body map, a rating per area and one save."""

from __future__ import annotations

import streamlit as st

from hipdash.records import TensionCheckIn
from hipdash.session_flow import DEFAULT_LEVEL, latest_levels
from hipdash.store import Snapshot
from hipdash.store import local_now as now
from hipdash.ui.bodymap import area_picker
from hipdash.ui.shell import get_store, save_from_callback, show_problem
from hipdash.validation import NOTE_MAX_CHARS
from hipdash.vocabulary import AREA_SHORT_LABELS, AREAS

SIDE_LABELS = {"both": "Both / middle", "left": "Left", "right": "Right"}
PROBLEM = "log_checkin_problem"


def _save_checkins() -> None:
    chosen: list[str] = st.session_state.get("log_chosen_areas", [])
    if not chosen:
        return
    note = str(st.session_state.get("log_checkin_note") or "").strip()
    moment = now()
    checkins = [
        TensionCheckIn(
            at=moment,
            area=area,
            level=int(st.session_state.get(f"log_level_{area}", DEFAULT_LEVEL)),
            side=st.session_state.get(f"log_side_{area}") or "both",
            context="standalone",
            note=note,
        )
        for area in chosen
    ]
    noun = "check-in" if len(checkins) == 1 else f"{len(checkins)} check-ins"
    saved = save_from_callback(
        lambda: get_store().add_checkins(checkins), f"Saved {noun} at {moment:%H:%M}.", PROBLEM
    )
    if saved:
        # Only a saved note is cleared; after a failure it stays for another try.
        st.session_state["log_checkin_note"] = ""


def checkin_section(snapshot: Snapshot) -> None:
    """Render the body map, the area list and the check-in form."""
    st.caption(
        "Click the tense regions on the map or choose them from the list, rate each one and "
        "save. Check in as often as you like: several times a day is fine."
    )
    map_column, form_column = st.columns([3, 2], gap="large")
    with form_column:
        chosen = area_picker("log", map_slot=map_column)
        show_problem(PROBLEM)
        latest = latest_levels(snapshot.checkins, chosen)
        with st.form("log_checkin_form", border=True):
            if not chosen:
                st.info(
                    "Pick at least one area on the map or in the list above first.",
                    icon=":material/touch_app:",
                )
            for area in chosen:
                _area_rating(area, latest[area])
            st.text_area(
                "Note (optional)",
                max_chars=NOTE_MAX_CHARS,
                key="log_checkin_note",
                placeholder="What were you doing? How did you sleep?",
                height=80,
            )
            st.form_submit_button(
                "Save check-in",
                key="log_checkin_save",
                type="primary",
                icon=":material/save:",
                disabled=not chosen,
                on_click=_save_checkins,
            )


def _area_rating(area: str, latest: int) -> None:
    st.slider(
        f"{AREAS[area]}: tension",
        min_value=0,
        max_value=10,
        value=latest,
        key=f"log_level_{area}",
        help="0 = no tension at all, 10 = the worst you can imagine.",
    )
    # The slider names the area, so the side choice's own label is for screen readers only.
    side_choice(f"Side for {AREA_SHORT_LABELS[area].lower()}", f"log_side_{area}", hidden=True)


def side_choice(label: str, key: str, *, hidden: bool = False) -> None:
    """Render the left, right or both choice that check-ins and strength sets share."""
    st.radio(
        label,
        list(SIDE_LABELS),
        format_func=SIDE_LABELS.get,
        horizontal=True,
        key=key,
        label_visibility="collapsed" if hidden else "visible",
    )
