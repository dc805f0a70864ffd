"""Show a technique's figure in Streamlit: a still thumbnail or a large animated picture."""

from __future__ import annotations

from html import escape

import streamlit as st

from hipdash.catalog import Technique
from hipdash.datauri import svg_data_uri
from hipdash.figures import Figure, PoseError, technique_figure

# Pixel widths: thumbnails must still read at about 120 px; the large figure fills a column.
WIDTHS = {"small": 150, "large": 440}


def picture_for(technique: Technique, *, size: str, side: str | None = None) -> Figure | None:
    """Return the technique's figure, or None when its pose data cannot be drawn."""
    try:
        return technique_figure(technique, side=side, animated=size == "large", size=size)
    except PoseError:
        return None


def technique_picture(
    technique: Technique, *, size: str = "large", side: str | None = None
) -> None:
    """Render a technique's figure with its accessible name; say so if it cannot be drawn.

    st.html sanitises with DOMPurify's HTML profile, which drops inline SVG, so the figure
    goes in as an image: the browser still runs its CSS animation and reduced-motion rule,
    and ``alt`` carries the position in words.
    """
    figure = picture_for(technique, size=size, side=side)
    if figure is None:
        st.caption(
            "The picture for this technique could not be drawn (its pose data has an error)."
        )
        return
    if size == "small":
        st.image(figure.svg, alt=figure.label, width=WIDTHS[size])
        return
    still = technique_figure(technique, side=side, animated=False, size=size)
    st.html(picture_html(figure, still, WIDTHS[size]))


_MOTION_CSS = (
    "<style>.hd-figure-still{display:none}"
    "@media (prefers-reduced-motion: reduce){.hd-figure-moving{display:none}"
    ".hd-figure-still{display:block}}</style>"
)


def picture_html(moving: Figure, still: Figure, width: int) -> str:
    """Return the moving figure, and the still one for people who ask for less motion.

    An SVG shown as an image does not see the page's prefers-reduced-motion, and the
    sanitiser drops data URIs in <picture> sources, so the page's own stylesheet shows
    exactly one of two images; the hidden one is also hidden from screen readers.
    """
    style = f"width:100%;max-width:{width}px;height:auto"
    return _MOTION_CSS + "".join(
        f'<img class="hd-figure-{kind}" src="{svg_data_uri(figure.svg)}" '
        f'alt="{escape(figure.label, quote=True)}" style="{style}">'
        for kind, figure in (("moving", moving), ("still", still))
    )
