"""The Progress page's pieces: views built once per data version, and what counts as logged."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from hipdash.records import StrengthSet, TensionCheckIn
from hipdash.store import Snapshot, Store, local_now
from hipdash.ui.progress import Views, has_logs


def test_a_view_is_built_once_per_data_version(db_path: Path) -> None:
    store = Store(db_path)
    store.add_checkins([TensionCheckIn(at=local_now(), area="glutes", level=3)])
    builds: list[str] = []

    def build() -> str:
        builds.append("built")
        return f"view {len(builds)}"

    first = Views(store.snapshot())
    assert first.get(("overview",), build) == "view 1"
    assert Views(store.snapshot()).get(("overview",), build) == "view 1"
    store.add_checkins([TensionCheckIn(at=local_now(), area="glutes", level=5)])
    assert Views(store.snapshot()).get(("overview",), build) == "view 2"
    assert builds == ["built", "built"]


def test_the_frames_hold_every_record_of_the_data_version(db_path: Path) -> None:
    store = Store(db_path)
    moment = datetime.now().astimezone()
    store.add_checkins([TensionCheckIn(at=moment, area="glutes", level=3)])
    store.add_sets([StrengthSet(at=moment, exercise_name="Bridge", reps=10)])
    frames = Views(store.snapshot()).frames()
    assert list(frames.checkins["area"]) == ["glutes"]
    assert list(frames.sets["exercise_name"]) == ["Bridge"]


def test_only_checkins_sets_and_sessions_count_as_something_to_chart() -> None:
    assert not has_logs(Snapshot())
    assert has_logs(Snapshot(checkins=(TensionCheckIn(at=local_now(), area="glutes", level=1),)))


def _preload_script(empty_afterwards: bool) -> None:
    import streamlit as st

    from hipdash.ui.progress import chart_preload

    slot = chart_preload()
    st.write("the data work happens here")
    if empty_afterwards:
        slot.empty()


def test_the_chart_preload_sends_a_blank_static_chart_before_the_data_work() -> None:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_function(_preload_script, args=(False,)).run()
    charts = app.get("plotly_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    assert [trace.get("x", []) for trace in spec["data"]] == [[]]
    assert json.loads(charts[0].proto.config)["staticPlot"] is True


def test_the_chart_preload_leaves_nothing_once_its_slot_is_emptied() -> None:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_function(_preload_script, args=(True,)).run()
    assert not app.get("plotly_chart")
    assert app.markdown[0].value == "the data work happens here"


def test_the_chart_preload_is_sent_only_on_the_sessions_first_run() -> None:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_function(_preload_script, args=(False,)).run()
    assert len(app.get("plotly_chart")) == 1
    app.run()
    assert not app.get("plotly_chart")
    assert app.markdown[0].value == "the data work happens here"
