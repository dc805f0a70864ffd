"""The Session page under Streamlit's AppTest: building, starting, red flags and resuming."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from hipdash import session_flow as flow
from hipdash.catalog import load_catalog
from hipdash.plan import build_plan
from hipdash.records import RoutineStep
from hipdash.routines import BUILT_IN_ROUTINES
from hipdash.store import Store
from hipdash.timer import Timer
from tests.support import open_page

CATALOG = load_catalog()
QUEUE = ["glute-happy-baby", "glute-supported-pigeon"]
DESK = BUILT_IN_ROUTINES[0]


def open_session(queue: list[str] | None = None) -> AppTest:
    """Run app.py with ``queue`` in the session queue, then switch to the Session page."""
    state = {"session_queue": list(queue)} if queue is not None else None
    return open_page("pages/session.py", state=state)


def html_of(app: AppTest) -> list[str]:
    return [element.value for element in app.get("html")]


def countdown_shown(app: AppTest) -> bool:
    return any('class="hd-countdown' in value for value in html_of(app))


def step_titles(app: AppTest) -> list[str]:
    """Return the technique names of the routine's step rows, in order."""
    names = {t.name for t in CATALOG}
    titles = []
    for block in app.markdown:
        head = block.value.split("**")
        if len(head) > 1 and ". " in head[1] and head[1].split(". ", 1)[1] in names:
            titles.append(head[1].split(". ", 1)[1])
    return titles


def choose_built_in(app: AppTest) -> AppTest:
    app.segmented_control(key="session_source").set_value("built_in").run()
    return app.button(key=f"session_use_{DESK.id}").click().run()


def get_ready(app: AppTest, *, rated: bool = True) -> AppTest:
    label = "Save ratings and get ready" if rated else "Skip rating"
    return app.button(key=f"FormSubmitter:session_before_form-{label}").click().run()


@pytest.fixture
def store(db_path: Path) -> Store:
    # The autouse HIPDASH_DB override points the app at db_path too.
    return Store(db_path)


def test_the_page_runs_with_an_empty_queue_and_points_to_explore() -> None:
    app = open_session()
    assert not app.exception
    assert app.segmented_control(key="session_source").value == "built_in"
    assert any("Choose a routine above" in info.value for info in app.info)


def test_a_queue_becomes_the_routine_in_its_order() -> None:
    app = open_session(QUEUE)
    assert not app.exception
    assert step_titles(app) == [CATALOG.get(t).name for t in QUEUE]
    assert [s.label for s in app.slider] == ["Glutes"]
    assert any(m.label == "Planned time" for m in app.metric)


def test_a_built_in_routine_can_be_chosen_and_edited() -> None:
    app = choose_built_in(open_session())
    assert not app.exception
    names = [CATALOG.get(step.technique_id).name for step in DESK.steps]
    assert step_titles(app) == names
    app.button(key="session_down_0").click().run()
    assert step_titles(app)[:2] == [names[1], names[0]]
    app.button(key="session_remove_0").click().run()
    assert step_titles(app) == [names[0], *names[2:]]
    app.number_input(key="session_sets_0").set_value(3).run()
    assert app.session_state["session_steps"][0]["sets"] == 3
    assert not app.exception


def test_a_routine_saved_under_a_name_can_be_used_again(store: Store) -> None:
    app = choose_built_in(open_session())
    app.button(key="session_remove_4").click().run()
    app.text_input(key="session_save_name").input("Short desk reset")
    app.button(key="FormSubmitter:session_save_form-Save routine").click().run()
    (saved,) = store.snapshot().routines
    assert saved.name == "Short desk reset" and len(saved.steps) == len(DESK.steps) - 1

    fresh = open_session()
    fresh.segmented_control(key="session_source").set_value("saved").run()
    fresh.button(key="session_use_saved").click().run()
    assert fresh.session_state["session_routine_name"] == "Short desk reset"
    assert len(step_titles(fresh)) == len(DESK.steps) - 1


def test_an_empty_routine_name_is_refused_in_words(store: Store) -> None:
    app = choose_built_in(open_session())
    app.button(key="FormSubmitter:session_save_form-Save routine").click().run()
    assert any("Give the routine a name" in e.value for e in app.error)
    assert store.snapshot().routines == ()


def test_the_builder_fills_the_routine_for_the_chosen_areas() -> None:
    app = open_session()
    app.segmented_control(key="session_source").set_value("builder").run()
    app.pills(key="session_areas").set_value(["hamstrings"]).run()
    app.button(key="session_build").click().run()
    assert not app.exception
    steps = app.session_state["session_steps"]
    assert steps and app.session_state["session_routine_name"].startswith("15-minute routine")
    targeted = {a for s in steps for a in CATALOG.get(s["technique_id"]).primary_areas}
    assert "hamstrings" in targeted


def test_starting_a_routine_shows_the_countdown() -> None:
    app = get_ready(open_session(QUEUE))
    assert not app.exception
    assert countdown_shown(app) is True
    app.button(key="session_start").click().run()
    assert not app.exception
    assert app.button(key="session_pause")
    assert Timer.from_dict(app.session_state["session_timer"]).is_running


def test_the_red_flag_button_saves_the_session_at_once(store: Store) -> None:
    app = get_ready(open_session(QUEUE))
    app.button(key="session_start").click().run()
    app.button(key="session_red_flag").click().run()
    assert not app.exception
    (session,) = store.snapshot().sessions
    assert session.stop_reason == "red_flag"
    assert len(session.before_checkin_ids) == 1 and session.after_checkin_ids == ()
    (checkin,) = store.snapshot().checkins
    assert checkin.context == "before_session" and checkin.session_id == session.id
    assert store.active_session() is None
    assert any("do not push through" in e.value for e in app.error)


def test_stopping_early_asks_again_then_saves_both_ratings_in_one_session(store: Store) -> None:
    app = get_ready(open_session(QUEUE))
    app.button(key="session_start").click().run()
    assert store.active_session() is not None, "a running session is kept for a reload"
    app.button(key="session_stop").click().run()
    app.slider(key="session_after_glutes").set_value(2)
    app.button(key="session_save").click().run()
    assert not app.exception
    (session,) = store.snapshot().sessions
    assert session.stop_reason == "stopped_early"
    contexts = sorted(c.context for c in store.snapshot().checkins)
    assert contexts == ["after_session", "before_session"]
    assert store.active_session() is None
    assert any("Session saved" in s.value for s in app.success)


def test_the_after_rating_can_be_skipped(store: Store) -> None:
    app = get_ready(open_session(QUEUE), rated=False)
    app.button(key="session_start").click().run()
    app.button(key="session_stop").click().run()
    app.button(key="session_save_unrated").click().run()
    (session,) = store.snapshot().sessions
    assert session.before_checkin_ids == () and session.after_checkin_ids == ()


def _keep_active(store: Store, started_ago: float) -> flow.ActiveSession:
    steps = [RoutineStep(technique_id, sets=1, hold_seconds=60) for technique_id in QUEUE]
    now = time.time()
    active = flow.ActiveSession(
        session_id="resumable1",
        routine_name="Your queue",
        timer=Timer(build_plan(steps, CATALOG)).start(now - started_ago),
        areas=("glutes",),
        before={"glutes": 6},
        before_at=now - started_ago - 5,
    )
    store.set_active_session(active.to_dict())
    return active


def test_an_unfinished_session_in_the_store_is_offered_and_resumes(store: Store) -> None:
    _keep_active(store, started_ago=20)
    app = open_session()
    assert not app.exception
    assert any(h.value == "You have an unfinished session" for h in app.subheader)
    # 20 s in: 10 s of get-ready, then 10 s into the first 60 s hold.
    assert any("Step 1 of 2" in m.value and "0:50 left" in m.value for m in app.markdown)
    app.button(key="session_resume_active").click().run()
    assert not app.exception
    assert countdown_shown(app)
    assert app.session_state["session_id"] == "resumable1"


def test_discarding_an_unfinished_session_saves_it_as_stopped_early(store: Store) -> None:
    _keep_active(store, started_ago=20)
    app = open_session()
    app.button(key="session_discard_active").click().run()
    assert not app.exception
    (session,) = store.snapshot().sessions
    assert session.id == "resumable1" and session.stop_reason == "stopped_early"
    assert [c.level for c in store.snapshot().checkins] == [6]
    assert store.active_session() is None
    assert step_titles(app) == [] and any("Choose a routine" in m.value for m in app.subheader)


def test_an_unreadable_unfinished_session_can_be_forgotten(store: Store) -> None:
    store.set_active_session({"version": 1, "timer": "garbled"})
    app = open_session()
    assert not app.exception
    assert any("can't be read back" in w.value for w in app.warning)
    app.button(key="session_forget_active").click().run()
    assert store.active_session() is None


def test_a_damaged_data_file_is_explained_and_left_alone(db_path: Path) -> None:
    db_path.write_text("{not json")
    app = open_session(QUEUE)
    assert not app.exception
    assert any("could not be read" in e.value for e in app.error)
    assert db_path.read_text() == "{not json"


def test_change_the_routine_goes_back_from_the_ready_runner_to_the_steps() -> None:
    app = get_ready(open_session(QUEUE))
    app.button(key="session_change").click().run()
    assert not app.exception
    assert app.session_state["session_timer"] is None
    assert step_titles(app) == [CATALOG.get(t).name for t in QUEUE]


@pytest.mark.parametrize(
    ("control", "check"),
    [
        ("pause", lambda timer: timer.is_paused),
        ("skip", lambda timer: timer.skipped == (True, False)),
        ("back", lambda timer: timer.is_running),
    ],
)
def test_every_control_keeps_the_session_resumable_after_a_reload(
    store: Store, control, check
) -> None:
    app = get_ready(open_session(QUEUE))
    app.button(key="session_start").click().run()
    app.button(key=f"session_{control}").click().run()
    assert not app.exception
    kept = flow.ActiveSession.from_dict(store.active_session())
    assert check(kept.timer)
    assert kept.before == {"glutes": 5} and kept.routine_name == "Your queue"


def start_in_a_tab() -> AppTest:
    """Start the queue's session in one browser session (a tab) and return it."""
    app = get_ready(open_session(QUEUE))
    return app.button(key="session_start").click().run()


def test_a_session_discarded_in_another_tab_stops_here_and_says_so(store: Store) -> None:
    tab_a = start_in_a_tab()
    tab_b = open_session()
    tab_b.button(key="session_discard_active").click().run()
    tab_a.run()
    assert not tab_a.exception
    assert not countdown_shown(tab_a)
    assert any(flow.TAKEN_ELSEWHERE["saved"] in i.value for i in tab_a.info)
    (session,) = store.snapshot().sessions
    assert session.stop_reason == "stopped_early"


def test_a_session_carried_on_in_another_tab_stops_here_and_can_be_taken_back(
    store: Store,
) -> None:
    tab_a = start_in_a_tab()
    tab_b = open_session()
    tab_b.button(key="session_resume_active").click().run()
    tab_b.button(key="session_pause").click().run()
    tab_a.run()
    assert not tab_a.exception
    assert any(flow.TAKEN_ELSEWHERE["moved"] in i.value for i in tab_a.info)
    assert any(h.value == "You have an unfinished session" for h in tab_a.subheader)
    tab_a.button(key="session_resume_active").click().run()
    assert Timer.from_dict(tab_a.session_state["session_timer"]).is_paused
    tab_b.run()
    assert countdown_shown(tab_b), "the other tab keeps its session until this one acts"


def test_saving_a_session_another_tab_saved_first_keeps_theirs_and_says_so(
    store: Store,
) -> None:
    tab_a = start_in_a_tab()
    tab_a.button(key="session_stop").click().run()
    tab_b = open_session()
    tab_b.button(key="session_discard_active").click().run()
    (theirs,) = store.snapshot().sessions
    tab_a.slider(key="session_after_glutes").set_value(2)
    tab_a.button(key="session_save").click().run()
    assert not tab_a.exception
    assert store.snapshot().sessions == (theirs,)
    assert not tab_a.success, "no claim that this tab's copy was saved"
    assert any("already been saved in another tab" in i.value for i in tab_a.info)
