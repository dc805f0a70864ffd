"""The Progress page under AppTest: empty, seeded and damaged data, and the demo switch."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from hipdash.catalog import load_catalog
from hipdash.demo import generate_demo
from hipdash.spans import RANGE_CHOICES
from hipdash.store import Snapshot, Store
from tests.support import as_read, open_page

TABS = ["Overview", "Tension", "What helps me", "Strength", "Consistency"]


def seed(db_path: Path, weeks: int = 4) -> None:
    demo = generate_demo(load_catalog(), datetime.now().astimezone(), weeks=weeks)
    Store(db_path).replace_all(
        Snapshot(checkins=demo.checkins, sets=demo.sets, sessions=demo.sessions, notes=demo.notes)
    )


def chart_titles(app: AppTest) -> list[str]:
    specs = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    return [spec["layout"].get("title", {}).get("text", "") for spec in specs]


def overview_images(app: AppTest) -> list[str]:
    """Return the <img> tags of the overview drawing on the page."""
    html = "".join(element.proto.body for element in app.get("html"))
    return re.findall(r'<img class="hd-overview [^>]*>', html)


def test_an_empty_store_gets_an_explanation_and_the_demo_button(db_path: Path) -> None:
    app = open_page("pages/progress.py")
    assert not app.exception
    assert any("Nothing logged yet" in i.value for i in app.info)
    assert app.button(key="progress_demo").label == "Try with demo data"
    assert not app.get("plotly_chart")


def test_every_tab_and_range_runs_on_a_seeded_store(db_path: Path) -> None:
    seed(db_path)
    app = open_page("pages/progress.py")
    assert "Sessions" in [m.label for m in app.metric]
    for choice in RANGE_CHOICES:
        app.segmented_control(key="progress_range").set_value(choice)
        for tab in TABS:
            app.session_state["progress_tab"] = tab
            app.run()
            assert not app.exception, (choice, tab, app.exception)
            if tab == "Overview":
                assert overview_images(app), (choice, tab)
            else:
                assert app.get("plotly_chart"), (choice, tab)
    app.session_state["progress_tab"] = "Tension"
    app.run()
    assert chart_titles(app)[0] == "Tension over time"
    assert len(app.get("plotly_chart")) == 1, "the tension chart"
    maps = [c for c in app.get("bidi_component") if c.key == "progress_body_map"]
    assert len(maps) == 1, "the body heatmap"


def test_a_damaged_file_is_explained_and_left_as_it_was(db_path: Path) -> None:
    damaged = b'{"_meta": {"1": {"schema_version": 2}}, "checkins": [oops'
    db_path.write_bytes(damaged)
    app = open_page("pages/progress.py")
    assert not app.exception
    assert any(
        str(db_path) in as_read(e.value) and "has not been changed" in e.value for e in app.error
    )
    assert db_path.read_bytes() == damaged


def test_demo_data_stays_apart_and_back_to_my_data_returns(db_path: Path) -> None:
    app = open_page("pages/progress.py")
    app.button(key="progress_demo").click().run()
    assert not app.exception
    assert app.session_state["data_mode"] == "demo"
    assert overview_images(app), "the demo fills the overview"
    assert not db_path.exists(), "the real data file is not created"
    assert db_path.with_name("hipdash-demo.json").exists()

    app.button(key="demo_leave").click().run()
    assert app.session_state["data_mode"] == "real"
    assert any("Nothing logged yet" in i.value for i in app.info)
    assert not db_path.exists()


@pytest.mark.parametrize("name", ["<b>Bold</b> move", "<a href='x'>link</a>"])
def test_a_custom_exercise_name_is_escaped_in_the_strength_chart(db_path: Path, name: str) -> None:
    from hipdash.records import StrengthSet

    Store(db_path).add_sets(
        [StrengthSet(at=datetime.now().astimezone(), exercise_name=name, reps=8)]
    )
    app = open_page("pages/progress.py")
    app.session_state["progress_tab"] = "Strength"
    app.run()
    title = chart_titles(app)[0]
    assert "<" not in title and "&lt;" in title


def test_the_overview_opens_first_drawn_in_code_with_its_numbers_and_no_plotly(
    db_path: Path,
) -> None:
    seed(db_path)
    app = open_page("pages/progress.py")
    assert [h.value for h in app.header][0] == "Tension and strength, week by week"
    assert not app.get("plotly_chart"), "the first view waits for no chart library"
    images = overview_images(app)
    assert len(images) == 2, "a wide drawing and a narrow one for phones"
    assert all('alt="Tension and strength, week by week, 12 weeks from' in i for i in images)
    html = "".join(element.proto.body for element in app.get("html"))
    assert "<summary>The numbers behind the chart</summary>" in html
    assert html.count("<tr><td>") == 12, "a row per week of the range"


def test_a_range_without_logs_says_so_instead_of_an_empty_overview(db_path: Path) -> None:
    from hipdash.records import TensionCheckIn

    long_ago = datetime.now().astimezone() - timedelta(weeks=30)
    Store(db_path).add_checkins([TensionCheckIn(at=long_ago, area="glutes", level=4)])
    app = open_page("pages/progress.py")
    assert not overview_images(app)
    assert any("No check-ins or sets in this range" in i.value for i in app.info)
    app.segmented_control(key="progress_range").set_value("52w").run()
    assert overview_images(app)


def test_the_demo_opens_from_progress_over_your_own_data_and_leads_back(db_path: Path) -> None:
    seed(db_path, weeks=1)
    app = open_page("pages/progress.py")
    app.button(key="progress_demo_any").click().run()
    assert not app.exception
    assert app.session_state["data_mode"] == "demo"
    assert not [b for b in app.button if b.key == "progress_demo_any"]
    assert app.button(key="demo_leave").label == "Back to my data"
    app.button(key="demo_leave").click().run()
    assert app.session_state["data_mode"] == "real"
    assert app.button(key="progress_demo_any")
