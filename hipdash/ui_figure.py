"""Show a technique's figure in Streamlit: a still thumbnail or a large animated picture."""

from __future__ import annotations

import streamlit as st

from hipdash.catalog import Technique
from hipdash.figures import PoseError, technique_figure

# Thumbnails stay small on wide cards; the large figure fills its column up to a limit.
_WIDTHS = {"small": "9rem", "large": "28rem"}


def figure_markup(technique: Technique, *, size: str, side: str | None = None) -> str | None:
    """Return the figure wrapped for the page, or None when its poses cannot be drawn."""
    try:
        figure = technique_figure(technique, side=side, animated=size == "large", size=size)
    except PoseError:
        return None
    width = _WIDTHS[size]
    return (
        f'<div class="hd-figure hd-figure-{size}" style="max-width:{width};width:100%">'
        f"{figure.svg}</div>"
    )


def technique_picture(
    technique: Technique, *, size: str = "large", side: str | None = None
) -> None:
    """Render a technique's figure; say so plainly if its pose data is broken."""
    markup = figure_markup(technique, size=size, side=side)
    if markup is None:
        st.caption(
            "The picture for this technique could not be drawn (its pose data has an error)."
        )
        return
    st.html(markup)
