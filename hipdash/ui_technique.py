"""Render a technique for people: its card, its detail view, its steps, cues and cautions."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from hipdash.catalog import Technique
from hipdash.ui import queue_add
from hipdash.ui_bodymap import body_map
from hipdash.ui_figure import technique_picture
from hipdash.vocabulary import AREAS, DIFFICULTIES, EQUIPMENT, MODALITIES, POSITIONS


def minutes_text(seconds: int) -> str:
    """Return a duration as '45 s' or '3 min'."""
    if seconds < 90:
        return f"{seconds} s"
    return f"{round(seconds / 60)} min"


def equipment_text(technique: Technique) -> str:
    """Return the equipment a technique needs, in words."""
    return ", ".join(EQUIPMENT[item] for item in technique.equipment)


def technique_card(technique: Technique, on_details: Callable[[str], None]) -> None:
    """Render one result card with its Details and Add-to-session buttons."""
    # One markdown block per card keeps the page light when many cards show.
    with st.container(border=True):
        technique_picture(technique, size="small")
        st.markdown(
            f"**{technique.name}**  \n"
            f":green-badge[{MODALITIES[technique.modality]}] "
            f":blue-badge[{DIFFICULTIES[technique.difficulty]}] "
            f":gray-badge[{POSITIONS[technique.position]}]  \n"
            f"{technique.summary}  \n"
            f"{technique.dose.describe()} · about **{minutes_text(technique.total_seconds)}**  \n"
            f"Needs: {equipment_text(technique)}"
        )
        queued = technique.id in st.session_state.get("session_queue", [])
        with st.container(horizontal=True):
            st.button(
                "Details",
                key=f"explore_details_{technique.id}",
                on_click=on_details,
                args=(technique.id,),
            )
            st.button(
                "In session" if queued else "Add to session",
                key=f"explore_add_{technique.id}",
                on_click=queue_add,
                args=(technique.id,),
                disabled=queued,
                type="primary",
                icon=":material/check:" if queued else ":material/add:",
            )


def technique_detail(technique: Technique) -> None:
    """Render the steps, cues, cautions and area highlight of one technique."""
    text, picture = st.columns([3, 2])
    with text:
        st.caption(
            f"{MODALITIES[technique.modality]} · {DIFFICULTIES[technique.difficulty]} · "
            f"{POSITIONS[technique.position]} · {technique.dose.describe()} · about "
            f"{minutes_text(technique.total_seconds)}"
        )
        technique_steps(technique)
        technique_cues(technique)
    with picture:
        technique_picture(technique, size="large")
        body_map(f"detail_map_{technique.id}", selected=technique.primary_areas)
        st.caption("Targets: " + ", ".join(AREAS[a] for a in technique.areas))
    technique_safety(technique)


def technique_steps(technique: Technique) -> None:
    """Render a technique's numbered steps."""
    numbered = "\n".join(f"{n}. {step}" for n, step in enumerate(technique.steps, 1))
    st.markdown("**Steps**\n\n" + numbered)


def technique_cues(technique: Technique) -> None:
    """Render a technique's breathing and attention cues."""
    st.markdown(
        f"**Breathing:** {technique.breathing_cue}  \n**Attention:** {technique.attention_cue}"
    )


def technique_safety(technique: Technique) -> None:
    """Render a technique's cautions and, where it has them, its contraindications."""
    st.warning(
        "**Cautions**\n\n" + "\n".join(f"- {c}" for c in technique.cautions),
        icon=":material/warning:",
    )
    if technique.contraindications:
        st.error(
            "**Skip this or ask a professional first if:**\n\n"
            + "\n".join(f"- {c}" for c in technique.contraindications),
            icon=":material/block:",
        )
