"""Test that SVG drawn in code becomes a data: URI that decodes back to the same markup."""

from __future__ import annotations

import base64

from hipdash.datauri import svg_data_uri


def test_an_svg_data_uri_decodes_back_to_the_same_markup() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>Tension – 5 "ok" &amp;</text></svg>'
    uri = svg_data_uri(svg)
    prefix = "data:image/svg+xml;base64,"
    assert uri.startswith(prefix)
    assert base64.b64decode(uri.removeprefix(prefix)).decode("utf-8") == svg
