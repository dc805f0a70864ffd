"""Wrap SVG markup drawn in code as a data: URI, so it shows as an image with no request."""

from __future__ import annotations

import base64


def svg_data_uri(svg: str) -> str:
    """Return the SVG as a base64 data: URI for an <img> src."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
