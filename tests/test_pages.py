"""Every page under Streamlit's AppTest: smoke runs and the Explore page's behaviour."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from hipdash.catalog import load_catalog
from hipdash.ui.shell import STOP_SIGNS
from hipdash.vocabulary import AREAS, MODALITIES
from tests.support import card_titles, open_page

CATALOG = load_catalog()
PAGES = [
    "pages/home.py",
    "pages/explore.py",
    "pages/session.py",
    "pages/log.py",
    "pages/progress.py",
    "pages/safety.py",
    "pages/settings.py",
]


def result_names(app: AppTest) -> set[str]:
    """Return the technique names shown as card titles (a card opens with **name**)."""
    names = {t.name for t in CATALOG}
    return set(card_titles(app)) & names


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_an_exception(page: str) -> None:
    app = open_page(page)
    assert not app.exception, app.exception
    assert app.title, "every page shows a title"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_offers_the_when_to_stop_section(page: str) -> None:
    app = open_page(page)
    (section,) = [e for e in app.sidebar.expander if e.label == "When to stop"]
    listed = " ".join(m.value for m in section.markdown)
    assert all(sign in listed for sign, _ in STOP_SIGNS)


def test_home_says_it_is_not_medical_advice_exactly_once_in_its_body() -> None:
    app = open_page("pages/home.py")
    texts = [e.value for e in (*app.info, *app.caption, *app.markdown)]
    assert sum("not medical advice" in text for text in texts) == 1
    assert not any("not medical advice" in c.value for c in app.sidebar.caption)


@pytest.mark.parametrize("page", ["pages/explore.py", "pages/log.py", "pages/settings.py"])
def test_other_pages_carry_the_not_medical_advice_note_in_the_sidebar(page: str) -> None:
    app = open_page(page)
    assert any("not medical advice" in c.value for c in app.sidebar.caption)


def test_choosing_an_area_shows_only_techniques_aimed_at_it() -> None:
    app = open_page("pages/explore.py")
    app.pills(key="explore_areas").set_value(["hamstrings"]).run()
    shown = result_names(app)
    expected = {t.name for t in CATALOG if "hamstrings" in t.primary_areas}
    assert shown == expected
    assert app.query_params["area"] == "hamstrings"


def test_filters_combine() -> None:
    app = open_page("pages/explore.py")
    app.pills(key="explore_areas").set_value(["glutes"]).run()
    app.pills(key="explore_modalities").set_value(["ball_release"]).run()
    app.pills(key="explore_positions").set_value(["seated", "wall"]).run()
    shown = result_names(app)
    expected = {
        t.name
        for t in CATALOG
        if "glutes" in t.primary_areas
        and t.modality == "ball_release"
        and t.position in {"seated", "wall"}
    }
    assert expected and shown == expected


def test_a_deep_link_preselects_its_filters() -> None:
    app = open_page("pages/explore.py", query={"area": "glutes", "modality": "stretch"})
    assert app.pills(key="explore_areas").value == ["glutes"]
    assert app.pills(key="explore_modalities").value == ["stretch"]
    expected = {t.name for t in CATALOG if "glutes" in t.primary_areas and t.modality == "stretch"}
    assert result_names(app) == expected


def test_an_empty_result_says_which_filter_to_loosen() -> None:
    covered = {(a, t.modality) for t in CATALOG for a in t.primary_areas}
    area, modality = next((a, m) for a in AREAS for m in MODALITIES if (a, m) not in covered)
    app = open_page("pages/explore.py")
    app.pills(key="explore_areas").set_value([area]).run()
    app.pills(key="explore_modalities").set_value([modality]).run()
    assert not result_names(app)
    assert any("No technique matches" in i.value and "Try to" in i.value for i in app.info)


def test_add_to_session_grows_the_queue_shown_in_the_sidebar() -> None:
    app = open_page("pages/explore.py")
    app.pills(key="explore_areas").set_value(["glutes"]).run()
    first = next(t for t in CATALOG if "glutes" in t.primary_areas)
    app.button(key=f"explore_add_{first.id}").click().run()
    assert app.session_state["session_queue"] == [first.id]
    assert any("Session queue:** 1 technique" in m.value for m in app.sidebar.markdown)


def test_filters_survive_a_visit_to_another_page() -> None:
    app = open_page("pages/explore.py")
    app.pills(key="explore_areas").set_value(["lower_back"]).run()
    app.switch_page("pages/home.py").run()
    app.switch_page("pages/explore.py").run()
    assert app.pills(key="explore_areas").value == ["lower_back"]


@pytest.mark.parametrize(
    ("button", "title"),
    [("home_explore", "Explore techniques"), ("home_session", "Guided session"),
     ("home_progress", "Progress")],
)  # fmt: skip
def test_the_home_entry_points_open_their_pages(button: str, title: str) -> None:
    app = open_page("pages/home.py")
    app.button(key=button).click().run()
    assert app.title[0].value == title
