"""The technique detail view: what it shows, its links, and catalog text shown literally."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from hipdash.catalog import PAIN_LIMIT, load_catalog
from hipdash.ui.shell import escape_markdown

CATALOG = load_catalog()


def _detail_app(technique_id: str) -> None:
    import streamlit as st

    from hipdash.ui.shell import get_catalog
    from hipdash.ui.technique import technique_detail

    st.session_state.setdefault("opened", [])
    opened = st.session_state.pop("explore_detail", None)
    if opened:
        st.session_state["opened"].append(opened)
    technique_detail(get_catalog().get(opened or technique_id))


def _parts_app(marked_up: str) -> None:
    from dataclasses import replace

    from hipdash.catalog import Dose
    from hipdash.ui.technique import (
        technique_cues,
        technique_plan,
        technique_safety,
        technique_steps,
    )
    from tests.factories import make_technique

    technique = make_technique(
        "marked-up",
        steps=(marked_up, "two", "three"),
        breathing_cue=marked_up,
        attention_cue=marked_up,
        cautions=(marked_up,),
        contraindications=(marked_up,),
        working=marked_up,
    )
    technique = replace(technique, dose=Dose(1, 0, False, hold_seconds=60, reason=marked_up))
    technique_plan(technique)
    technique_steps(technique)
    technique_cues(technique)
    technique_safety(technique)


def _run(app, *args) -> AppTest:
    at = AppTest.from_function(app, args=args, default_timeout=30)
    return at.run()


def _all_text(at: AppTest) -> str:
    blocks = [*at.markdown, *at.caption, *at.warning, *at.error]
    return "\n".join(block.value for block in blocks)


def test_the_detail_shows_how_often_and_how_to_know_it_works() -> None:
    technique = CATALOG.get("glute-bridge")
    at = _run(_detail_app, "glute-bridge")
    text = _all_text(at)
    assert not at.exception
    assert "How often:** 2–3 days a week" in text
    assert "How to know it" in text
    assert technique.working.split()[0] in text


def test_a_dose_outside_the_usual_ranges_shows_its_reason() -> None:
    at = _run(_detail_app, "childs-pose")
    assert "About this dose:** A resting pose" in _all_text(at)


def test_every_technique_shows_the_shared_pain_limit() -> None:
    at = _run(_detail_app, "glute-ball-release-floor")
    assert at.warning[0].value.startswith("**Cautions**\n\n- " + escape_markdown(PAIN_LIMIT))
    assert at.warning[0].value.count("out of 10") == 1


@pytest.mark.parametrize(
    ("technique_id", "label"),
    [
        ("glute-bridge", "Harder: Single-leg glute bridge"),
        ("glute-bridge-single-leg", "Easier: Glute bridge"),
        ("dead-bug", "Instead: Bird dog"),
        (
            "glute-ball-release-floor",
            "Stretch afterwards: Figure-four stretch with a foot on the wall",
        ),
    ],
)
def test_variants_and_the_stretch_afterwards_are_buttons(technique_id: str, label: str) -> None:
    at = _run(_detail_app, technique_id)
    labels = [button.label.replace("\\", "") for button in at.button]
    assert label in labels


def test_a_variant_button_opens_that_technique() -> None:
    at = _run(_detail_app, "glute-bridge")
    at.button(key="detail_link_glute-bridge_glute-bridge-single-leg").click().run()
    assert at.session_state["opened"] == ["glute-bridge-single-leg"]
    assert "Easier" in " ".join(button.label for button in at.button)


MARKED_UP = "**loud** <b>tag</b> [link](http://example.invalid) :red[alert] $x^2$"


def test_catalog_text_is_never_read_as_markdown_or_html() -> None:
    at = _run(_parts_app, MARKED_UP)
    assert not at.exception
    text = _all_text(at)
    # reason, sign it works, step, two cues, caution and contraindication
    assert text.count(r"\*\*loud\*\*") == 7
    for raw in ("**loud**", "<b>", "](http", ":red[", "$x"):
        assert not re.search(r"(?<!\\)" + re.escape(raw), text), raw
