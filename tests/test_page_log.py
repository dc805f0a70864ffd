"""The Log page under AppTest: check-ins, strength sets, edits and confirmed deletion."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from hipdash.catalog import load_catalog
from hipdash.demo import generate_demo
from hipdash.store import Snapshot, Store
from tests.support import as_read, open_page

TABS = ["Tension check-in", "Strength & balance", "Edit past entries"]


def seed(db_path: Path, weeks: int = 3) -> Snapshot:
    """Fill the database with a few weeks of demo logs and return what was stored."""
    demo = generate_demo(load_catalog(), datetime.now().astimezone(), weeks=weeks)
    store = Store(db_path)
    store.replace_all(
        Snapshot(checkins=demo.checkins, sets=demo.sets, sessions=demo.sessions, notes=demo.notes)
    )
    return store.snapshot()


def stored(db_path: Path) -> Snapshot:
    return Store(db_path).snapshot()


def trace_points(trace: dict) -> int:
    """Return how many y values a serialised plotly trace holds (plain or base64-packed)."""
    values = trace.get("y")
    if isinstance(values, dict):
        return len(np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]))
    return len(values or [])


def open_tab(app: AppTest, tab: str) -> AppTest:
    app.session_state["log_tab"] = tab
    return app.run()


@pytest.mark.parametrize("seeded", [False, True], ids=["empty store", "seeded store"])
def test_every_tab_runs_without_an_exception(db_path: Path, seeded: bool) -> None:
    if seeded:
        seed(db_path)
    app = open_page("pages/log.py")
    for tab in TABS:
        open_tab(app, tab)
        assert not app.exception, (tab, app.exception)
    app.segmented_control(key="log_edit_kind").set_value("sets").run()
    assert not app.exception


def test_a_damaged_file_is_explained_and_left_as_it_was(db_path: Path) -> None:
    damaged = b"{ this is not json"
    db_path.write_bytes(damaged)
    app = open_page("pages/log.py")
    assert not app.exception
    assert any("has not been changed" in e.value for e in app.error)
    assert db_path.read_bytes() == damaged


def test_the_checkin_form_asks_for_an_area_first(db_path: Path) -> None:
    app = open_page("pages/log.py")
    assert any("Pick at least one area" in i.value for i in app.info)
    assert app.button(key="log_checkin_save").disabled


def test_checkins_reach_the_store_and_the_chart_and_a_deletion_needs_confirming(
    db_path: Path,
) -> None:
    app = open_page("pages/log.py")
    app.pills(key="log_areas").set_value(["glutes", "hamstrings"]).run()
    app.slider(key="log_level_glutes").set_value(7)
    app.radio(key="log_side_glutes").set_value("left")
    app.slider(key="log_level_hamstrings").set_value(3)
    app.text_area(key="log_checkin_note").set_value("<b>tight</b> after the desk")
    app.button(key="log_checkin_save").click().run()

    assert not app.exception
    assert any("Saved 2 check-ins" in t.value for t in app.toast)
    saved = {c.area: c for c in stored(db_path).checkins}
    assert (saved["glutes"].level, saved["glutes"].side) == (7, "left")
    assert (saved["hamstrings"].level, saved["hamstrings"].side) == (3, "both")
    assert saved["glutes"].note == "<b>tight</b> after the desk"
    assert app.text_area(key="log_checkin_note").value == "", "a saved note is cleared"

    app.switch_page("pages/progress.py")
    app.session_state["progress_tab"] = "Tension"
    app.run()
    tension = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert tension["layout"]["title"]["text"] == "Tension over time"
    assert {t["name"] for t in tension["data"]} == {"Glutes", "Hamstrings"}
    assert all(trace_points(t) >= 1 for t in tension["data"])

    app.switch_page("pages/log.py").run()
    open_tab(app, "Edit past entries")
    table = app.data_editor[0].value
    doomed = table.index[0]
    editor = f"log_edit_checkins_{app.session_state['log_edit_version']}"
    app.session_state[editor] = {
        "edited_rows": {0: {"delete": True}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    app.button(key="log_delete").click().run()
    assert len(stored(db_path).checkins) == 2, "nothing is deleted before the confirmation"
    assert app.button(key="log_delete_confirm").label == "Yes, delete 1 check-in"

    app.button(key="log_delete_confirm").click().run()
    assert not app.exception
    remaining = stored(db_path).checkins
    assert len(remaining) == 1 and remaining[0].id != doomed


def test_an_edit_is_validated_and_saved(db_path: Path) -> None:
    snapshot = seed(db_path, weeks=1)
    newest = snapshot.checkins[-1]
    app = open_tab(open_page("pages/log.py"), "Edit past entries")
    editor = f"log_edit_checkins_{app.session_state['log_edit_version']}"
    app.session_state[editor] = {
        "edited_rows": {0: {"level": 9, "note": "after the long drive"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    app.button(key="log_edit_save").click().run()
    assert not app.exception and not app.error
    changed = next(c for c in stored(db_path).checkins if c.id == newest.id)
    assert (changed.level, changed.note) == (9, "after the long drive")


def test_a_cleared_tension_cell_saves_nothing_and_says_why(db_path: Path) -> None:
    snapshot = seed(db_path, weeks=1)
    app = open_tab(open_page("pages/log.py"), "Edit past entries")
    editor = f"log_edit_checkins_{app.session_state['log_edit_version']}"
    app.session_state[editor] = {
        "edited_rows": {0: {"level": None}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    app.button(key="log_edit_save").click().run()
    assert not app.exception
    assert any("Tension must be a whole number" in e.value for e in app.error)
    assert stored(db_path).checkins == snapshot.checkins


@pytest.mark.parametrize(
    ("source", "fields", "message"),
    [
        ("catalog", {"log_strength_count": 3}, "A set needs reps or a hold time."),
        ("custom", {"log_strength_reps": 10}, "Type the name of your exercise first."),
        ("catalog", {"log_strength_reps": 10, "log_strength_rpe": None}, None),
    ],
    ids=["no reps nor hold", "custom without a name", "valid"],
)
def test_the_strength_form_validates_before_saving(
    db_path: Path, source: str, fields: dict, message: str | None
) -> None:
    app = open_tab(open_page("pages/log.py"), "Strength & balance")
    app.radio(key="log_strength_source").set_value(source).run()
    if source == "catalog":
        app.selectbox(key="log_strength_exercise").set_value("glute-bridge").run()
    for key, value in fields.items():
        app.number_input(key=key).set_value(value)
    app.button(key="log_strength_save").click().run()
    assert not app.exception
    sets = stored(db_path).sets
    if message is None:
        assert [(s.exercise_id, s.reps) for s in sets] == [("glute-bridge", 10)]
        assert any("Saved 1 set of Glute bridge" in t.value for t in app.toast)
    else:
        assert sets == ()
        assert any(
            message in as_read(e.value) and "Nothing was saved" in e.value for e in app.error
        )


def test_three_sets_of_a_custom_exercise_are_stored_as_three_sets(db_path: Path) -> None:
    app = open_tab(open_page("pages/log.py"), "Strength & balance")
    app.radio(key="log_strength_source").set_value("custom").run()
    app.text_input(key="log_strength_custom").set_value("Cossack squat")
    app.number_input(key="log_strength_count").set_value(3)
    app.number_input(key="log_strength_reps").set_value(8)
    app.number_input(key="log_strength_load").set_value(12.5)
    app.radio(key="log_strength_unit").set_value("lb")
    app.button(key="log_strength_save").click().run()
    sets = stored(db_path).sets
    assert [(s.exercise_name, s.exercise_id, s.reps, s.load, s.unit) for s in sets] == [
        ("Cossack squat", None, 8, 12.5, "lb")
    ] * 3


def test_a_typed_exercise_name_is_shown_literally_in_the_toast(db_path: Path) -> None:
    name = "![x](http://example.invalid/a.png)"
    app = open_tab(open_page("pages/log.py"), "Strength & balance")
    app.radio(key="log_strength_source").set_value("custom").run()
    app.text_input(key="log_strength_custom").set_value(name)
    app.number_input(key="log_strength_reps").set_value(8)
    app.button(key="log_strength_save").click().run()
    assert [s.exercise_name for s in stored(db_path).sets] == [name]
    toasts = [t.value for t in app.toast]
    assert any(r"\!\[x\]\(http" in t for t in toasts), toasts
    assert not any("![x](" in t for t in toasts)
