"""Render a technique for people: its detail view, its steps, cues and cautions."""

from __future__ import annotations

import streamlit as st

from hipdash.catalog import PAIN_LIMIT, Technique
from hipdash.durations import duration_text
from hipdash.ui.bodymap import body_map
from hipdash.ui.figure import technique_picture
from hipdash.ui.shell import escape_markdown, get_catalog
from hipdash.vocabulary import AREAS, DIFFICULTIES, MODALITIES, POSITIONS


def technique_detail(technique: Technique) -> None:
    """Render the steps, cues, cautions, variants and area highlight of one technique."""
    text, picture = st.columns([3, 2])
    with text:
        st.caption(
            _plain(
                f"{MODALITIES[technique.modality]} · {DIFFICULTIES[technique.difficulty]} · "
                f"{POSITIONS[technique.position]} · {technique.dose.describe()} · about "
                f"{duration_text(technique.total_seconds)}"
            )
        )
        technique_plan(technique)
        technique_steps(technique)
        technique_cues(technique)
    with picture:
        technique_picture(technique, size="large")
        body_map(f"detail_map_{technique.id}", selected=technique.primary_areas)
        st.caption(_plain("Targets: " + ", ".join(AREAS[a] for a in technique.areas)))
    technique_links(technique)
    technique_safety(technique)


def technique_plan(technique: Technique) -> None:
    """Render how often to do a technique, why its dose is what it is, and how to know it works."""
    lines = [f"**How often:** {_plain(technique.frequency.describe())}"]
    if technique.dose.reason:
        lines.append(f"**About this dose:** {_plain(technique.dose.reason)}")
    if technique.working:
        lines.append(f"**How to know it's working:** {_plain(technique.working)}")
    st.markdown("  \n".join(lines))


def technique_links(technique: Technique) -> None:
    """Render buttons that open easier, harder and alternative versions and the stretch after."""
    catalog = get_catalog()
    links = [
        *(("Easier", other) for other in technique.easier),
        *(("Harder", other) for other in technique.harder),
        *(("Instead", other) for other in technique.instead),
        *((("Stretch afterwards", technique.afterwards),) if technique.afterwards else ()),
    ]
    shown = [(kind, found) for kind, other in links if (found := catalog.get(other)) is not None]
    if not shown:
        return
    st.markdown("**Related techniques**")
    with st.container(horizontal=True):
        for kind, other in shown:
            if st.button(
                _plain(f"{kind}: {other.name}"),
                key=f"detail_link_{technique.id}_{other.id}",
                icon=_LINK_ICONS[kind],
            ):
                # A full run closes this detail and the page opens the linked one.
                st.session_state["explore_detail"] = other.id
                st.rerun()


_LINK_ICONS = {
    "Easier": ":material/south:",
    "Harder": ":material/north:",
    "Instead": ":material/swap_horiz:",
    "Stretch afterwards": ":material/arrow_forward:",
}


def technique_steps(technique: Technique) -> None:
    """Render a technique's numbered steps."""
    numbered = "\n".join(f"{n}. {_plain(step)}" for n, step in enumerate(technique.steps, 1))
    st.markdown("**Steps**\n\n" + numbered)


def technique_cues(technique: Technique) -> None:
    """Render a technique's breathing and attention cues."""
    st.markdown(
        f"**Breathing:** {_plain(technique.breathing_cue)}  \n"
        f"**Attention:** {_plain(technique.attention_cue)}"
    )


def technique_safety(technique: Technique) -> None:
    """Render the shared pain limit, a technique's cautions and any contraindications."""
    st.warning(
        "**Cautions**\n\n" + "\n".join(f"- {_plain(c)}" for c in (PAIN_LIMIT, *technique.cautions)),
        icon=":material/warning:",
    )
    if technique.contraindications:
        st.error(
            "**Skip this or ask a professional first if:**\n\n"
            + "\n".join(f"- {_plain(c)}" for c in technique.contraindications),
            icon=":material/block:",
        )


def _plain(text: str) -> str:
    # Catalog text is shown as written: Markdown and HTML in it must not take effect.
    return escape_markdown(text)
