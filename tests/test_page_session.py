"""The Session page under Streamlit's AppTest: building, starting, red flags and resuming."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.testing.v1 import AppTest

from hipdash import session_flow as flow
from hipdash.catalog import load_catalog
from hipdash.plan import build_plan
from hipdash.records import RoutineStep
from hipdash.routines import BUILT_IN_ROUTINES
from hipdash.session_screen import SessionScreen
from hipdash.sidecar import SessionSidecar
from hipdash.store import Store
from hipdash.timer import Timer
from hipdash.ui.session_state import RUNNER_KEY, SCREEN_KEY
from tests.explore_support import browser_sends
from tests.support import as_read, open_page

CATALOG = load_catalog()
QUEUE = ["glute-happy-baby", "glute-supported-pigeon"]
DESK = BUILT_IN_ROUTINES[0]


def sidecar() -> SessionSidecar:
    # The autouse HIPDASH_DB override points the app at this data file too.
    return SessionSidecar(Path(os.environ["HIPDASH_DB"]))


def open_session(queue: list[str] | None = None) -> AppTest:
    """Run app.py with ``queue`` in the session file's queue, then open the Session page."""
    if queue is not None:
        sidecar().set_queue(queue)
    return open_page("pages/session.py")


def runner_data(app: AppTest) -> dict | None:
    """Return the data the runner component was given, or None when it is not on the page."""
    runners = _runners(app)
    return json.loads(json.loads(runners[0].proto.json)["json"]) if runners else None


def _runners(app: AppTest) -> list:
    # Every page also carries the theme's hidden component; only the runner counts here.
    return [c for c in app.get("bidi_component") if c.key == RUNNER_KEY]


def screen(app: AppTest) -> SessionScreen:
    """Return the Session page's screen as this browser session holds it."""
    return SessionScreen.from_dict(app.session_state[SCREEN_KEY])


def session_timer(app: AppTest) -> Timer:
    """Return the running session's timer."""
    timer = screen(app).timer
    assert timer is not None, "a session is on the page"
    return timer


def put_timer(app: AppTest, timer: Timer) -> None:
    """Give this browser session's screen ``timer``, as if the session had been running so."""
    app.session_state[SCREEN_KEY] = screen(app).to_dict() | {"timer": timer.to_dict()}


def countdown_shown(app: AppTest) -> bool:
    return runner_data(app) is not None


def send(app: AppTest, event: str, value: dict) -> AppTest:
    """Send what the runner component sends from the browser: one trigger value."""
    (runner,) = _runners(app)
    states = WidgetStates()
    states.widgets.extend(app._tree.get_widget_states().widgets)
    trigger = states.widgets.add()
    trigger.id = _make_trigger_id(runner.proto.id, "events")
    trigger.json_trigger_value = json.dumps([{"event": event, "value": value}])
    return app._run(states)


def press(app: AppTest, action: str) -> AppTest:
    """Press a runner control (a button, or its key) now."""
    return send(app, "control", {"action": action, "at": time.time(), "n": 1})


def step_titles(app: AppTest) -> list[str]:
    """Return the technique names of the routine's step rows, in order."""
    names = {t.name for t in CATALOG}
    titles = []
    for block in app.text:
        head = block.value.split("\n")[0]
        if ". " in head and head.split(". ", 1)[1] in names:
            titles.append(head.split(". ", 1)[1])
    return titles


def active_kept() -> dict | None:
    return sidecar().read().active


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
    assert screen(app).steps[0].sets == 3
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
    assert screen(fresh).routine_name == "Short desk reset"
    assert fresh.button(key="session_use_saved").disabled, "no offer to load it again"
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
    steps = screen(app).steps
    assert steps and screen(app).routine_name.startswith("15-minute routine")
    targeted = {a for s in steps for a in CATALOG.get(s.technique_id).primary_areas}
    assert "hamstrings" in targeted


def test_starting_a_routine_shows_the_countdown() -> None:
    app = get_ready(open_session(QUEUE))
    assert not app.exception
    assert countdown_shown(app) is True
    press(app, "toggle")
    assert not app.exception
    assert session_timer(app).is_running
    assert runner_data(app)["timer"]["state"] == "running"


def test_the_red_flag_button_saves_the_session_at_once(store: Store) -> None:
    app = get_ready(open_session(QUEUE))
    press(app, "toggle")
    press(app, "red_flag")
    assert not app.exception
    (session,) = store.snapshot().sessions
    assert session.stop_reason == "red_flag"
    assert len(session.before_checkin_ids) == 1 and session.after_checkin_ids == ()
    (checkin,) = store.snapshot().checkins
    assert checkin.context == "before_session" and checkin.session_id == session.id
    assert active_kept() is None
    assert any("do not push through" in e.value for e in app.error)


def test_stopping_early_asks_again_then_saves_both_ratings_in_one_session(store: Store) -> None:
    app = get_ready(open_session(QUEUE))
    press(app, "toggle")
    assert active_kept() is not None, "a running session is kept for a reload"
    press(app, "stop")
    app.slider(key="session_after_glutes").set_value(2)
    app.button(key="session_save").click().run()
    assert not app.exception
    (session,) = store.snapshot().sessions
    assert session.stop_reason == "stopped_early"
    contexts = sorted(c.context for c in store.snapshot().checkins)
    assert contexts == ["after_session", "before_session"]
    assert active_kept() is None
    assert any("Session saved" in s.value for s in app.success)


def test_the_after_rating_can_be_skipped(store: Store) -> None:
    app = get_ready(open_session(QUEUE), rated=False)
    press(app, "toggle")
    press(app, "stop")
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
    sidecar().set_active(active.to_dict())
    return active


def test_an_unfinished_session_in_the_store_is_offered_and_resumes(store: Store) -> None:
    _keep_active(store, started_ago=20)
    app = open_session()
    assert not app.exception
    assert any(h.value == "You have an unfinished session" for h in app.header)
    # 20 s in: 10 s of get-ready, then 10 s into the first 60 s hold.
    assert any("Step 1 of 2" in t.value and "0:50 left" in t.value for t in app.text)
    app.button(key="session_resume_active").click().run()
    assert not app.exception
    assert countdown_shown(app)
    assert screen(app).session_id == "resumable1"


def test_discarding_an_unfinished_session_saves_it_as_stopped_early(store: Store) -> None:
    _keep_active(store, started_ago=20)
    app = open_session()
    app.button(key="session_discard_active").click().run()
    assert not app.exception
    (session,) = store.snapshot().sessions
    assert session.id == "resumable1" and session.stop_reason == "stopped_early"
    assert [c.level for c in store.snapshot().checkins] == [6]
    assert active_kept() is None
    assert step_titles(app) == [] and any("Choose a routine" in m.value for m in app.header)


def test_an_unreadable_unfinished_session_can_be_forgotten(store: Store) -> None:
    sidecar().set_active({"version": 1, "timer": "garbled"})
    app = open_session()
    assert not app.exception
    assert any("can't be read back" in w.value for w in app.warning)
    app.button(key="session_forget_active").click().run()
    assert active_kept() is None


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
    assert screen(app).timer is None
    assert step_titles(app) == [CATALOG.get(t).name for t in QUEUE]


@pytest.mark.parametrize(
    ("control", "check"),
    [
        ("toggle", lambda timer: timer.is_paused),
        ("next_technique", lambda timer: timer.skipped == (True, False)),
        ("next_part", lambda timer: timer.skipped == (False, False) and timer.jump_offset > 0),
        ("previous_part", lambda timer: timer.is_running),
    ],
)
def test_every_control_keeps_the_session_resumable_after_a_reload(
    store: Store, control, check
) -> None:
    app = get_ready(open_session(QUEUE))
    press(app, "toggle")
    press(app, control)
    assert not app.exception
    kept = flow.ActiveSession.from_dict(active_kept())
    assert check(kept.timer)
    assert kept.before == {"glutes": 5} and kept.routine_name == "Your queue"


def start_in_a_tab() -> AppTest:
    """Start the queue's session in one browser session (a tab) and return it."""
    app = get_ready(open_session(QUEUE))
    return press(app, "toggle")


def test_a_session_discarded_in_another_tab_stops_here_and_says_so(store: Store) -> None:
    tab_a = start_in_a_tab()
    tab_b = open_session()
    tab_b.button(key="session_discard_active").click().run()
    tab_a.run()
    assert not tab_a.exception
    assert not countdown_shown(tab_a)
    assert any(flow.TAKEN_ELSEWHERE["saved"] in as_read(i.value) for i in tab_a.info)
    (session,) = store.snapshot().sessions
    assert session.stop_reason == "stopped_early"


def test_a_session_carried_on_in_another_tab_stops_here_and_can_be_taken_back(
    store: Store,
) -> None:
    tab_a = start_in_a_tab()
    tab_b = open_session()
    tab_b.button(key="session_resume_active").click().run()
    press(tab_b, "toggle")
    tab_a.run()
    assert not tab_a.exception
    assert any(flow.TAKEN_ELSEWHERE["moved"] in as_read(i.value) for i in tab_a.info)
    assert any(h.value == "You have an unfinished session" for h in tab_a.header)
    tab_a.button(key="session_resume_active").click().run()
    assert session_timer(tab_a).is_paused
    tab_b.run()
    assert countdown_shown(tab_b), "the other tab keeps its session until this one acts"


def test_saving_a_session_another_tab_saved_first_keeps_theirs_and_says_so(
    store: Store,
) -> None:
    tab_a = start_in_a_tab()
    press(tab_a, "stop")
    tab_b = open_session()
    tab_b.button(key="session_discard_active").click().run()
    (theirs,) = store.snapshot().sessions
    tab_a.slider(key="session_after_glutes").set_value(2)
    tab_a.button(key="session_save").click().run()
    assert not tab_a.exception
    assert store.snapshot().sessions == (theirs,)
    assert not tab_a.success, "no claim that this tab's copy was saved"
    assert any("already been saved in another tab" in i.value for i in tab_a.info)


# -- the runner component, the session file and the queue -------------------------------


def _ended(app: AppTest) -> AppTest:
    """Move this tab's running session back in time so that it has played to its end."""
    timer = session_timer(app)
    shift = timer.plan.total_seconds + 5
    put_timer(
        app,
        Timer.from_dict(
            timer.to_dict()
            | {"anchor_at": timer.anchor_at - shift, "started_at": timer.started_at - shift}
        ),
    )
    return app


def test_the_runner_gets_the_plan_the_spoken_script_and_the_key_hint() -> None:
    data = runner_data(get_ready(open_session(QUEUE)))
    assert data["timer"]["state"] == "idle"
    assert [step["name"] for step in data["steps"]] == [CATALOG.get(t).name for t in QUEUE]
    assert data["steps"][0]["setup"] == list(CATALOG.get(QUEUE[0]).steps[:2])
    assert data["script"][0][1].startswith("Step 1 of 2: Happy baby pose.")
    assert "Space" in data["key_hint"] and "→" in data["key_hint"]


def test_the_end_of_the_session_sent_by_the_runner_asks_for_the_after_rating() -> None:
    app = press(get_ready(open_session(QUEUE)), "toggle")
    send(_ended(app), "phase", {"done": True, "n": 1})
    assert not app.exception
    assert runner_data(app) is None
    assert any(h.value == "Finished" for h in app.header)
    assert app.button(key="session_save")


def test_a_skip_and_a_stop_are_counted_apart_in_the_outcome() -> None:
    app = press(get_ready(open_session(QUEUE)), "next_technique")  # idle: nothing happens
    app = press(app, "toggle")
    press(app, "next_technique")
    timer = session_timer(app)
    # Into step 2's first hold, then stop there.
    work = timer.plan.step_work_starts[1] - timer.position(time.time()) + 1
    put_timer(app, Timer.from_dict(timer.to_dict() | {"anchor_at": timer.anchor_at - work}))
    press(app, "stop")
    assert any("0 of 2 done, 1 skipped, 1 stopped part-way" in t.value for t in app.text)
    app.button(key="session_save_unrated").click().run()
    assert any("1 skipped, 1 stopped part-way" in s.value for s in app.success)


def test_the_queue_outlasts_a_reload_and_done_techniques_leave_it(store: Store) -> None:
    sidecar().set_queue(QUEUE)
    app = get_ready(open_page("pages/session.py"))  # a fresh browser session
    assert any("Session queue:** 2 techniques" in m.value for m in app.sidebar.markdown)
    press(app, "toggle")
    _ended(app).run()
    app.button(key="session_save_unrated").click().run()
    assert sidecar().read().queue == ()
    assert any("Session queue:** 0 techniques" in m.value for m in app.sidebar.markdown)


def test_use_my_queue_is_not_offered_while_the_queue_is_loaded() -> None:
    app = open_session(QUEUE)
    assert app.session_state["session_source"] == "queue"
    assert not [b for b in app.button if b.key == "session_use_queue"]
    assert any("is the routine below" in s.value for s in app.success)


def test_a_stored_routine_name_in_the_resume_offer_is_never_markup(store: Store) -> None:
    trap = "![x](http://203.0.113.9/x.png) **bold**"
    state = _keep_active(store, started_ago=20).to_dict() | {"routine_name": trap}
    state["timer"]["plan"]["step_names"][0] = trap
    sidecar().set_active(state)
    app = open_session()
    assert any(f"Routine: {trap}" == t.value for t in app.text)
    assert any(f"Step 1 of 2, {trap}:" in t.value for t in app.text)
    rendered = [m.value for m in (*app.markdown, *app.header, *app.caption, *app.info)]
    assert not any("203.0.113.9" in value for value in rendered)


def test_an_unfinished_session_still_in_the_log_moves_to_the_session_file_once(
    store: Store,
) -> None:
    kept = _keep_active(store, started_ago=20)
    sidecar().clear_active()
    store.set_active_session(kept.to_dict())
    app = open_session()
    assert any(h.value == "You have an unfinished session" for h in app.header)
    assert store.active_session() is None
    assert active_kept()["session_id"] == "resumable1"


def test_a_damaged_session_file_is_explained_kept_and_can_be_set_aside(db_path: Path) -> None:
    path = sidecar().path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{half a file")
    app = open_session()
    assert not app.exception
    assert any("session file" in e.value and "damaged" in e.value for e in app.error)
    assert path.read_text() == "{half a file"
    app.button(key="session_set_aside").click().run()
    assert not app.exception
    assert list(path.parent.glob(path.name + ".damaged-*"))
    assert any(m.value == "1 · Choose a routine" for m in app.header)


def test_the_tighter_side_option_starts_per_side_work_on_the_tighter_side(store: Store) -> None:
    from datetime import datetime, timedelta

    from hipdash.records import TensionCheckIn

    moment = datetime.now().astimezone() - timedelta(hours=1)
    store.add_checkins(
        [
            TensionCheckIn(at=moment, area="glutes", level=7, side="left"),
            TensionCheckIn(at=moment, area="glutes", level=3, side="right"),
        ]
    )
    app = open_session(["glute-supported-pigeon"])
    first = lambda data: next(p[3] for p in data["phases"] if p[2] == "work")  # noqa: E731
    assert first(runner_data(get_ready(app))).startswith("Right side")
    app.button(key="session_change").click().run()
    app.toggle(key="session_tighter_first").set_value(True).run()
    assert any(
        c.value.startswith("Tighter side first") and ": left" in c.value for c in app.caption
    )
    assert first(runner_data(get_ready(app))).startswith("Left side")


def test_a_technique_added_on_explore_is_kept_for_a_new_browser_session() -> None:
    app = open_page("pages/explore.py")
    first = next(t.id for t in CATALOG if "glutes" in t.primary_areas)
    browser_sends(app, trigger=("add", first))
    assert sidecar().read().queue == (first,)
    fresh = open_page("pages/explore.py")
    assert fresh.session_state["session_queue"] == [first]
    assert any("Session queue:** 1 technique" in m.value for m in fresh.sidebar.markdown)


def test_with_a_damaged_session_file_the_queue_still_works_in_this_tab() -> None:
    path = sidecar().path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[]")
    app = open_page("pages/explore.py")
    first = next(t.id for t in CATALOG if "glutes" in t.primary_areas)
    browser_sends(app, trigger=("add", first))
    assert not app.exception
    assert app.session_state["session_queue"] == [first]
    assert path.read_text() == "[]", "a damaged file is never overwritten"


def test_get_ready_carries_each_steps_named_figure() -> None:
    data = runner_data(get_ready(open_session(QUEUE)))
    first = data["steps"][0]
    assert first["figure_svg"].startswith("<svg") and 'role="img"' in first["figure_svg"]
    assert first["figure_label"], "every figure is named in words"
