"""Test the guided session's pure flow against a fake clock."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from hipdash import session_flow as flow
from hipdash.plan import build_plan
from hipdash.records import RoutineStep, TensionCheckIn
from hipdash.timer import Timer
from hipdash.validation import NAME_MAX_CHARS, problems_of
from tests.factories import make_technique

T0 = 1_700_000_000.0  # a realistic epoch time, so float precision is tested too


TECHNIQUES = {
    t.id: t
    for t in (
        make_technique("hold-30", areas=("lower_back", "glutes")),
        make_technique("per-side-40", areas=("hip_flexors",), per_side=True, hold=40),
        make_technique("bridge", "strength", ("glutes",), sets=2, rest=20, hold=None, reps=10),
        make_technique("breath", "breathwork", ("lower_back",), hold=None, reps=6),
    )
}
# hold-30: get ready 10, work 30 -> ends at 40.
# per-side-40: transition 5, get ready 10, left 40, switch 5, right 40 -> ends at 140.
STEPS = [RoutineStep("hold-30", 1), RoutineStep("per-side-40", 1)]


@pytest.fixture
def plan():
    return build_plan(STEPS, TECHNIQUES)


@pytest.fixture
def running(plan) -> Timer:
    return Timer(plan).start(T0)


def at(seconds: float) -> datetime:
    return datetime.fromtimestamp(T0 + seconds, UTC)


# -- routine steps ---------------------------------------------------------------------


def test_steps_survive_the_trip_through_plain_session_state() -> None:
    steps = [RoutineStep("a", 2, hold_seconds=30), RoutineStep("b", 3, reps=10)]
    plain = flow.steps_to_plain(steps)
    assert json.loads(json.dumps(plain)) == plain
    assert flow.steps_from_plain(plain) == steps


@pytest.mark.parametrize(
    "rows",
    [
        [{"technique_id": "a"}],
        [{"technique_id": "a", "sets": "two", "hold_seconds": None, "reps": None}],
        [None],
    ],
)
def test_malformed_plain_steps_are_refused(rows) -> None:
    with pytest.raises(ValueError):
        flow.steps_from_plain(rows)


def test_the_queue_becomes_catalog_dose_steps_once_each_without_unknown_ids() -> None:
    steps, unknown = flow.queue_steps(["bridge", "gone", "hold-30", "bridge"], TECHNIQUES)
    assert steps == [RoutineStep("bridge", 2, None, 10), RoutineStep("hold-30", 1, 30, None)]
    assert unknown == 1


def test_targeted_areas_are_the_primary_areas_in_body_map_order() -> None:
    areas = flow.targeted_areas(["per-side-40", "hold-30", "unknown"], TECHNIQUES)
    assert areas == ["glutes", "hip_flexors", "lower_back"]


@pytest.mark.parametrize(
    ("areas", "minutes", "expected"),
    [
        ([], 10, "10-minute routine: whole hip"),
        (["glutes", "hip_flexors"], 15, "15-minute routine: Glutes, Hip flexors"),
    ],
)
def test_builder_names_say_the_minutes_and_areas(areas, minutes, expected) -> None:
    assert flow.builder_name(areas, minutes) == expected


def test_a_long_builder_name_is_cut_to_the_stored_limit() -> None:
    name = flow.builder_name(["glutes", "hip_flexors", "outer_hip", "inner_thigh"] * 3, 45)
    assert len(name) <= NAME_MAX_CHARS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Morning   hips ", "Morning hips"),
        ("<b>x</b>", "<b>x</b>"),  # kept as typed; the page shows it as plain text
        ("", ValueError),
        ("   ", ValueError),
        ("x" * (NAME_MAX_CHARS + 1), ValueError),
    ],
)
def test_routine_names_are_tidied_or_refused(text, expected) -> None:
    if expected is ValueError:
        with pytest.raises(ValueError):
            flow.clean_routine_name(text)
    else:
        assert flow.clean_routine_name(text) == expected


# -- check-ins -------------------------------------------------------------------------


def test_the_latest_logged_level_per_area_primes_the_ratings() -> None:
    checkins = [
        TensionCheckIn(at=at(-100), area="glutes", level=7),
        TensionCheckIn(at=at(-50), area="glutes", level=3),
        TensionCheckIn(at=at(-10), area="hamstrings", level=9),
    ]
    assert flow.latest_levels(checkins, ["glutes", "lower_back"]) == {
        "glutes": 3,
        "lower_back": flow.DEFAULT_LEVEL,
    }


@pytest.mark.parametrize(
    "levels",
    [{"knees": 3}, {"glutes": 11}, {"glutes": -1}, {"glutes": 2.5}, {"glutes": True}],
)
def test_bad_levels_are_refused(levels) -> None:
    with pytest.raises(ValueError):
        flow.clean_levels(levels)


# -- the finished session --------------------------------------------------------------


@pytest.mark.parametrize(
    ("stop_after", "reason", "expected_reason", "expected_steps"),
    [
        (140, None, "completed", ["done", "done"]),
        (500, None, "completed", ["done", "done"]),
        (60, None, "stopped_early", ["done", "skipped"]),
        (5, "red_flag", "red_flag", ["not_reached", "not_reached"]),
    ],
)
def test_the_record_says_how_the_session_ended(
    running, stop_after, reason, expected_reason, expected_steps
) -> None:
    timer = running if reason is None else running.stop(T0 + stop_after, reason)
    result = flow.session_result(
        timer,
        T0 + stop_after,
        session_id="s1",
        routine_name="Test",
        before={"glutes": 6},
        before_at=T0 - 30,
        after=None,
    )
    record = result.record
    assert record.stop_reason == expected_reason
    assert [step.status for step in record.steps] == expected_steps
    assert record.started_at == at(0)
    assert record.ended_at == at(min(stop_after, 140))
    assert record.active_seconds == pytest.approx(min(stop_after, 140))


def test_before_and_after_check_ins_belong_to_the_session(running) -> None:
    result = flow.session_result(
        running.pause(T0 + 20).resume(T0 + 80),
        T0 + 200,
        session_id="s1",
        routine_name="Test",
        before={"glutes": 6, "hip_flexors": 4},
        before_at=T0 - 30,
        after={"glutes": 3, "hip_flexors": 4},
    )
    record, checkins = result.record, result.checkins
    before = [c for c in checkins if c.context == "before_session"]
    after = [c for c in checkins if c.context == "after_session"]
    assert {c.id for c in before} == set(record.before_checkin_ids)
    assert {c.id for c in after} == set(record.after_checkin_ids)
    assert {c.session_id for c in checkins} == {"s1"} and record.id == "s1"
    assert [c.at for c in before] == [at(-30), at(-30)]
    assert all(c.at == at(200) for c in after)
    # Sixty paused seconds push the end back and do not count as active time.
    assert record.ended_at == at(200) and record.active_seconds == pytest.approx(140)
    now = at(300)
    assert not problems_of(record, now)
    assert not [p for c in checkins for p in problems_of(c, now)]


def test_a_skipped_after_rating_saves_the_before_check_ins_only(running) -> None:
    result = flow.session_result(
        running,
        T0 + 60,
        session_id="s1",
        routine_name="Test",
        before={"glutes": 6},
        before_at=None,
        after=None,
    )
    assert result.record.after_checkin_ids == ()
    assert [c.context for c in result.checkins] == ["before_session"]
    assert result.checkins[0].at == at(0), "without a rating time the start time is used"


def test_the_summary_counts_steps_and_compares_before_with_after(running) -> None:
    result = flow.session_result(
        running.skip(T0 + 50),
        T0 + 60,
        session_id="s1",
        routine_name="Test",
        before={"glutes": 6, "lower_back": 2},
        before_at=T0,
        after={"glutes": 3},
    )
    summary = flow.summary(result)
    assert summary["done"] == 1 and summary["skipped"] == 1 and summary["not_reached"] == 0
    assert summary["changes"] == [["glutes", 6, 3]]
    assert json.loads(json.dumps(summary)) == summary


# -- what the runner shows -------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "step", "label", "remaining", "next_text"),
    [
        (0, 0, "Get ready", 10, "Next: Hold"),
        (12, 0, "Hold", 28, "Next: Per Side 40"),
        (41, 1, "Next up", 4, "Next: Per Side 40, get ready"),
        (60, 1, "Right side · hold", 35, "Next: Switch sides"),
        (139, 1, "Left side · hold", 1, "Then you are done."),
    ],
)
def test_the_runner_shows_the_step_phase_countdown_and_what_comes_next(
    running, offset, step, label, remaining, next_text
) -> None:
    moment = flow.moment(running, T0 + offset)
    assert moment.step_index == step
    assert moment.phase is not None and moment.phase.label == label
    assert moment.phase_remaining == pytest.approx(remaining)
    assert moment.next_text == next_text
    assert moment.session_remaining == pytest.approx(140 - offset)


def test_a_paused_moment_stands_still(running) -> None:
    paused = running.pause(T0 + 15)
    assert flow.moment(paused, T0 + 15) == flow.moment(paused, T0 + 600)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (0.2, "0:01"), (9.0000001, "0:09"), (9.5, "0:10"), (60, "1:00"), (61, "1:01")],
)
def test_the_countdown_rounds_up_to_whole_seconds(seconds, text) -> None:
    assert flow.countdown_text(seconds) == text


@pytest.mark.parametrize(
    ("technique_id", "offset", "paced"),
    [
        ("hold-30", 0, False),  # get ready
        ("hold-30", 15, True),  # a hold
        ("bridge", 15, False),  # counted reps
        ("bridge", 40, False),  # rest between sets
        ("breath", 15, True),  # breathwork, even when counted
    ],
)
def test_the_pacer_shows_during_holds_and_breathwork(technique_id, offset, paced) -> None:
    steps = [RoutineStep(technique_id, TECHNIQUES[technique_id].dose.sets)]
    timer = Timer(build_plan(steps, TECHNIQUES)).start(T0)
    phase = timer.current_phase(T0 + offset)
    assert flow.paces_breath(phase, TECHNIQUES[technique_id]) is paced


# -- the resumable copy ----------------------------------------------------------------


def make_active(timer: Timer) -> flow.ActiveSession:
    return flow.ActiveSession(
        session_id="s1",
        routine_name="Morning",
        timer=timer,
        areas=("glutes", "hip_flexors"),
        before={"glutes": 6},
        before_at=T0 - 30,
    )


def test_the_active_session_survives_a_json_round_trip(running) -> None:
    active = make_active(running.pause(T0 + 20))
    restored = flow.ActiveSession.from_dict(json.loads(json.dumps(active.to_dict())))
    assert restored == active


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.update(version=99),
        lambda d: d.pop("timer"),
        lambda d: d.update(session_id=""),
        lambda d: d.update(routine_name=" "),
        lambda d: d.update(areas=["knees"]),
        lambda d: d.update(before={"glutes": 12}),
        lambda d: d.update(before_at="yesterday"),
        lambda d: d["timer"].update(state="flying"),
        lambda d: d["timer"]["plan"].update(phases="nope"),
    ],
)
def test_a_damaged_active_session_is_refused_in_words(running, damage) -> None:
    data = make_active(running).to_dict()
    damage(data)
    with pytest.raises(flow.ResumeError):
        flow.ActiveSession.from_dict(data)


def test_a_list_is_not_an_active_session() -> None:
    with pytest.raises(flow.ResumeError):
        flow.ActiveSession.from_dict([1, 2])


@pytest.mark.parametrize(
    ("make", "now", "expected"),
    [
        (lambda t: t, 60, "Step 2 of 2, Per Side 40: Right side · hold, 0:35 left"),
        (lambda t: t.pause(T0 + 12), 3600, "Step 1 of 2, Hold 30: Hold, 0:28 left"),
        (lambda t: t, 3600, "only needs to be saved"),
    ],
)
def test_the_resume_offer_tells_the_time_left_by_the_wall_clock(
    running, make, now, expected
) -> None:
    assert expected in flow.resume_text(make_active(make(running)), T0 + now)


def test_finished_keeps_an_earlier_stop_reason(running) -> None:
    stopped = running.stop(T0 + 5, "red_flag")
    assert flow.finished(stopped, T0 + 500).stop_reason == "red_flag"
    assert flow.finished(running, T0 + 5).stop_reason == "stopped_early"
    assert flow.finished(running, T0 + 5, "red_flag").stop_reason == "red_flag"


def test_check_in_times_are_timezone_aware() -> None:
    (checkin,) = flow.checkins_for({"glutes": 4}, T0, "before_session", "s1")
    assert checkin.at.utcoffset() is not None
    assert checkin.at - at(0) == timedelta(0)


MINE = {"state": "running", "anchor_at": 100.0}
THEIRS = {"state": "paused", "anchor_at": 100.0}


@pytest.mark.parametrize(
    ("kept", "stored", "saved", "expected"),
    [
        # Nothing else has touched it.
        (MINE, {"session_id": "s1", "timer": MINE}, False, None),
        (None, None, False, None),
        # Another tab paused (or otherwise changed) the same session after resuming it.
        (MINE, {"session_id": "s1", "timer": THEIRS}, False, "moved"),
        # Another tab discarded or finished it: it is stored as a session now.
        (MINE, None, True, "saved"),
        (MINE, {"session_id": "s1", "timer": THEIRS}, True, "saved"),
        # A different session in the store's one slot is not a claim on this one.
        (MINE, {"session_id": "s2", "timer": THEIRS}, False, None),
        # This tab never wrote its copy (its write failed): nothing to compare with.
        (None, {"session_id": "s1", "timer": THEIRS}, False, None),
        # The copy is gone but nothing was saved: this tab carries on.
        (MINE, None, False, None),
    ],
)
def test_a_session_taken_over_by_another_tab_is_noticed(kept, stored, saved, expected) -> None:
    assert flow.taken_elsewhere("s1", kept, stored, saved) == expected
    if expected is not None:
        assert flow.TAKEN_ELSEWHERE[expected]


def _result(timer: Timer, now: float) -> flow.SessionResult:
    return flow.session_result(
        timer, now, session_id="s1", routine_name="Test", before={}, before_at=None, after=None
    )


def test_one_skip_and_one_stop_count_as_one_skipped_and_one_stopped(running) -> None:
    timer = running.skip(T0 + 20).stop(T0 + 40)  # skip step 1, stop in step 2's work
    summary = flow.summary(_result(timer, T0 + 40))
    assert (summary["done"], summary["skipped"], summary["stopped"]) == (0, 1, 1)
    assert flow.outcome_text(summary) == "0 of 2 done, 1 skipped, 1 stopped part-way"


def test_a_stop_after_the_last_part_leaves_nothing_stopped(running) -> None:
    timer = running.stop(T0 + 500)
    summary = flow.summary(_result(timer, T0 + 500))
    assert (summary["done"], summary["stopped"]) == (2, 0)
    assert flow.outcome_text(summary) == "2 of 2 done"


def test_a_stop_before_the_first_work_counts_nothing_as_stopped(running) -> None:
    summary = flow.summary(_result(running.stop(T0 + 2), T0 + 2))
    assert (summary["stopped"], summary["not_reached"]) == (0, 2)
    assert flow.outcome_text(summary) == "0 of 2 done, 2 not reached"


def test_skipping_parts_only_still_counts_the_technique_done(running) -> None:
    timer = running.skip_phase(T0 + 1).skip_phase(T0 + 2).stop(T0 + 3)
    summary = flow.summary(_result(timer, T0 + 3))
    assert (summary["done"], summary["skipped"], summary["stopped"]) == (1, 0, 0)


def test_techniques_done_leave_the_queue_and_the_rest_stay(running) -> None:
    timer = running.stop(T0 + 60)  # step 1 done, step 2 stopped part-way
    queue = ["hold-30", "per-side-40", "bridge"]
    assert flow.queue_after(queue, _result(timer, T0 + 60)) == ["per-side-40", "bridge"]


@pytest.mark.parametrize(
    ("events", "state"),
    [(["toggle"], "running"), (["toggle", "toggle"], "paused"), (["toggle"] * 3, "running")],
)
def test_space_and_the_main_button_start_pause_and_resume(plan, events, state) -> None:
    timer = Timer(plan)
    for number, action in enumerate(events):
        timer = flow.apply_control(timer, action, T0 + number)
    assert timer.state == state


def test_next_part_moves_one_part_and_next_technique_skips_the_technique(running) -> None:
    part = flow.apply_control(running, "next_part", T0 + 2)
    assert part.current_phase(T0 + 2).kind == "work"
    assert part.skipped == (False, False)
    technique = flow.apply_control(running, "next_technique", T0 + 2)
    assert technique.current_step_index(T0 + 2) == 1
    assert technique.skipped == (True, False)


def test_previous_part_goes_back_one_part(running) -> None:
    timer = flow.apply_control(running, "next_part", T0 + 2)
    back = flow.apply_control(timer, "previous_part", T0 + 3)
    assert back.current_phase(T0 + 3).kind == "get_ready"


@pytest.mark.parametrize(
    ("action", "reason"), [("stop", "stopped_early"), ("red_flag", "red_flag")]
)
def test_the_stop_controls_end_the_session_for_their_reason(running, action, reason) -> None:
    assert flow.apply_control(running, action, T0 + 5).stop_reason == reason


def test_an_unknown_control_is_refused(running) -> None:
    with pytest.raises(ValueError, match="unknown control"):
        flow.apply_control(running, "explode", T0)


@pytest.mark.parametrize(
    ("pressed", "expected"),
    [(T0 - 1, T0 - 1), (T0 - 60, T0), (T0 + 1, T0), ("soon", T0), (None, T0), (True, T0)],
)
def test_a_recent_press_takes_effect_when_it_was_pressed(pressed, expected) -> None:
    assert flow.control_time(pressed, T0) == expected
