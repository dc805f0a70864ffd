"""The Session page's screen as one value: its stages, its transitions and its plain form."""

from __future__ import annotations

import json

import pytest

from hipdash.catalog import load_catalog
from hipdash.plan import build_plan
from hipdash.records import RoutineStep
from hipdash.session_flow import ActiveSession
from hipdash.session_screen import SessionScreen
from hipdash.timer import Timer

CATALOG = load_catalog()
STEPS = (RoutineStep("glute-happy-baby", sets=1), RoutineStep("glute-supported-pigeon", sets=2))
TIMER = Timer(build_plan(list(STEPS), CATALOG))


def _ready() -> SessionScreen:
    loaded = SessionScreen().loaded(STEPS, "Your queue", "queue:a,b")
    return loaded.ready(TIMER, "s1", ["glutes"], {"glutes": 6}, 100.0)


def test_a_fresh_screen_is_choosing_a_routine() -> None:
    assert SessionScreen().stage == "choose"


def test_a_ready_session_runs_with_its_before_ratings_and_no_copy_kept_yet() -> None:
    screen = _ready()
    assert screen.stage == "run"
    assert (screen.session_id, screen.rated_areas, screen.before) == (
        "s1",
        ("glutes",),
        {"glutes": 6},
    )
    assert screen.kept_timer is None
    assert screen.steps == STEPS and screen.routine_name == "Your queue"


def test_the_running_session_is_the_resumable_copy_the_session_file_keeps() -> None:
    active = _ready().active()
    assert active == ActiveSession("s1", "Your queue", TIMER, ("glutes",), {"glutes": 6}, 100.0)


def test_a_screen_without_a_session_has_no_resumable_copy() -> None:
    with pytest.raises(ValueError, match="no session is running"):
        SessionScreen().active()


def test_resuming_takes_over_the_kept_session_and_remembers_what_was_kept() -> None:
    kept = ActiveSession(
        "s9", "Morning", TIMER.start(50.0), ("hamstrings",), {"hamstrings": 4}, 40.0
    )
    screen = SessionScreen().resumed(kept, kept.to_dict()["timer"])
    assert screen.active() == kept
    assert screen.kept_timer == kept.to_dict()["timer"]


def test_a_saved_session_shows_its_result_until_the_page_starts_over() -> None:
    saved = _ready().saved_as({"stop_reason": "completed", "elsewhere": False})
    assert saved.stage == "saved" and saved.timer is None
    assert saved.started_over().stage == "choose"


def test_stopping_keeps_the_routine_and_says_why_only_when_told() -> None:
    stopped = _ready().stopped("Saved in another tab.")
    assert stopped.stage == "choose" and stopped.notice == "Saved in another tab."
    assert stopped.steps == STEPS
    assert _ready().stopped().notice is None


def test_editing_steps_keeps_the_name_and_where_the_routine_came_from() -> None:
    edited = _ready().edited(STEPS[:1])
    assert edited.steps == STEPS[:1]
    assert (edited.routine_name, edited.loaded_from) == ("Your queue", "queue:a,b")
    renamed = edited.renamed("Short one", "saved:r1")
    assert (renamed.routine_name, renamed.loaded_from) == ("Short one", "saved:r1")


@pytest.mark.parametrize(
    "screen",
    [
        SessionScreen(),
        _ready(),
        _ready().saved_as({"stop_reason": "red_flag", "changes": [["glutes", 6, 4]]}),
        SessionScreen(builder_note=("info", "Built: about 9 min."), notice="Hello"),
    ],
    ids=["fresh", "running", "saved", "with messages"],
)
def test_the_plain_form_reads_back_as_the_same_screen(screen: SessionScreen) -> None:
    assert SessionScreen.from_dict(screen.to_dict()) == screen


def test_the_plain_form_holds_only_plain_values() -> None:
    plain = _ready().to_dict()
    assert json.loads(json.dumps(plain)) == plain
