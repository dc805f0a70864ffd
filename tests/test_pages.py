"""Every page under Streamlit's AppTest: smoke runs and the Explore page's behaviour."""

from __future__ import annotations

import pytest

from hipdash.catalog import load_catalog
from hipdash.filtering import minute_limits
from hipdash.ui.shell import STOP_SIGNS
from tests.explore_support import browser_sends, panel, panel_data, shown_ids
from tests.support import as_read, open_page

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


def test_filters_the_browser_reports_go_into_the_link_and_leave_its_data_alone() -> None:
    app = open_page("pages/explore.py")
    before = panel(app).json
    browser_sends(app, state={"filters": {"area": "hamstrings", "modality": "stretch"}})
    assert not app.exception
    assert app.query_params["area"] == "hamstrings"
    assert app.query_params["modality"] == "stretch"
    # The same data again, so Streamlit does not send the catalog a second time.
    assert panel(app).json == before


def test_unknown_values_from_the_browser_are_dropped_as_from_a_link() -> None:
    app = open_page("pages/explore.py")
    browser_sends(app, state={"filters": {"area": "glutes,elbows", "level": "9"}})
    assert not app.exception
    assert dict(app.query_params) == {"area": "glutes"}


def test_a_deep_link_preselects_its_filters_and_replaces_the_browsers() -> None:
    app = open_page("pages/explore.py", query={"area": "glutes", "modality": "stretch"})
    data = panel_data(app)
    assert data["filters"] == [["area", "glutes"], ["modality", "stretch"]]
    assert data["epoch"] == 1, "a new link tells the browser to take the server's filters"
    expected = [t.id for t in CATALOG if "glutes" in t.primary_areas and t.modality == "stretch"]
    assert shown_ids(app) == expected


def test_the_page_sends_the_whole_catalog_with_the_attributes_the_rule_needs() -> None:
    data = panel_data(open_page("pages/explore.py"))
    assert [t["id"] for t in data["techniques"]] == [t.id for t in CATALOG]
    first = data["techniques"][0]
    assert first["name"] == CATALOG.techniques[0].name
    assert first["svg"].startswith("<svg") and first["alt"]
    assert data["minutes"] == minute_limits(CATALOG)


def test_add_to_session_grows_the_queue_shown_in_the_sidebar() -> None:
    app = open_page("pages/explore.py")
    first = next(t for t in CATALOG if "glutes" in t.primary_areas)
    browser_sends(app, trigger=("add", first.id))
    assert app.session_state["session_queue"] == [first.id]
    assert any("Session queue:** 1 technique" in m.value for m in app.sidebar.markdown)
    assert panel_data(app)["queued"] == [first.id], "the card then says 'In session'"


def test_an_unknown_technique_from_the_browser_is_ignored() -> None:
    app = open_page("pages/explore.py")
    browser_sends(app, trigger=("add", "no-such-technique"))
    assert not app.exception
    assert app.session_state["session_queue"] == []


def test_details_opens_the_technique_in_a_dialog() -> None:
    app = open_page("pages/explore.py")
    technique = CATALOG.techniques[1]
    browser_sends(app, trigger=("details", technique.id))
    assert not app.exception
    steps = [m.value for m in app.markdown if m.value.startswith("**Steps**")]
    assert steps and as_read(technique.steps[0]) in as_read(steps[0])


def test_filters_survive_a_visit_to_another_page() -> None:
    app = open_page("pages/explore.py")
    browser_sends(app, state={"filters": {"area": "lower_back"}})
    app.switch_page("pages/home.py").run()
    app.switch_page("pages/explore.py").run()
    assert panel_data(app)["filters"] == [["area", "lower_back"]]


@pytest.mark.parametrize(
    ("button", "title"),
    [("home_explore", "Explore techniques"), ("home_session", "Guided session"),
     ("home_progress", "Progress")],
)  # fmt: skip
def test_the_home_entry_points_open_their_pages(button: str, title: str) -> None:
    app = open_page("pages/home.py")
    app.button(key=button).click().run()
    assert app.title[0].value == title
