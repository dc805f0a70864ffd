"""Test the session timer against a fake clock."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hipdash.catalog import SWITCH_SIDES_SECONDS
from hipdash.plan import GET_READY_SECONDS, TRANSITION_SECONDS, Plan, build_plan
from hipdash.records import RoutineStep
from hipdash.timer import BACK_GRACE_SECONDS, Timer, TimerStateError
from tests.factories import make_technique

T0 = 1_700_000_000.0  # a realistic epoch time, so float precision is tested too


TECHNIQUES = {
    t.id: t
    for t in (
        make_technique("hold-30", hold=30),
        make_technique("per-side-40", per_side=True, hold=40),
        make_technique("bridge", "strength", sets=3, rest=20, hold=None, reps=10),
        make_technique("ball", "ball_release", sets=3, rest=10, hold=25),
        make_technique("long-hold", "breathwork", hold=300),
    )
}


def plan_of(*ids_and_sets: tuple[str, int]) -> Plan:
    return build_plan([RoutineStep(tid, sets=n) for tid, n in ids_and_sets], TECHNIQUES)


@pytest.fixture
def single_hold_plan() -> Plan:
    # get ready 10 s, then hold 30 s
    return plan_of(("hold-30", 1))


@pytest.fixture
def three_step_plan() -> Plan:
    # step 0: 0-40, step 1: 40-135 (transition 5, get ready 10, 40 + 5 + 40), step 2: 135-...
    return plan_of(("hold-30", 1), ("per-side-40", 1), ("bridge", 3))


@pytest.fixture
def running(three_step_plan) -> Timer:
    return Timer(three_step_plan).start(T0)


def test_a_new_timer_is_idle_at_the_first_phase(three_step_plan):
    timer = Timer(three_step_plan)
    assert timer.state == "idle"
    assert timer.current_phase(T0).kind == "get_ready"
    assert timer.elapsed_active(T0 + 100) == 0
    assert not timer.is_finished(T0 + 10_000)


def test_remaining_time_counts_down_from_the_wall_clock(single_hold_plan):
    timer = Timer(single_hold_plan).start(T0)
    assert timer.remaining_in_phase(T0 + 4) == pytest.approx(GET_READY_SECONDS - 4)
    assert timer.current_phase(T0 + 12).kind == "work"
    assert timer.remaining_in_phase(T0 + 12) == pytest.approx(28)
    assert timer.phase_fraction(T0 + 25) == pytest.approx(0.5)
    assert timer.session_fraction(T0 + 20) == pytest.approx(0.5)


def test_paused_time_does_not_count_toward_the_hold(single_hold_plan):
    timer = Timer(single_hold_plan).start(T0)
    timer = timer.pause(T0 + 20)  # 10 s into the 30 s hold
    assert timer.remaining_in_phase(T0 + 500) == pytest.approx(20)
    timer = timer.resume(T0 + 500)
    assert timer.remaining_in_phase(T0 + 505) == pytest.approx(15)
    assert timer.elapsed_active(T0 + 505) == pytest.approx(25)
    assert not timer.is_finished(T0 + 519)
    assert timer.is_finished(T0 + 520)
    assert timer.finished_at() == pytest.approx(T0 + 520)


@pytest.mark.parametrize(
    ("pauses", "end", "expected_active"),
    [
        ([], 30, 30),
        ([(5, 10)], 30, 25),
        ([(5, 10), (12, 20)], 30, 17),
        ([(0, 100)], 130, 30),
        ([(39, 1000)], 1001, 40),  # the session is 40 s: it ends 1 s after the resume
        ([(39, 1000)], 5000, 40),
    ],
)
def test_pause_resume_arithmetic(single_hold_plan, pauses, end, expected_active):
    timer = Timer(single_hold_plan).start(T0)
    for paused_at, resumed_at in pauses:
        timer = timer.pause(T0 + paused_at).resume(T0 + resumed_at)
    assert timer.elapsed_active(T0 + end) == pytest.approx(expected_active)


@pytest.mark.parametrize("event", ["pause", "skip", "skip_phase", "back"])
def test_events_before_start_change_nothing(three_step_plan, event):
    timer = Timer(three_step_plan)
    assert getattr(timer, event)(T0) == timer


def test_a_second_pause_or_resume_is_harmless(running):
    paused = running.pause(T0 + 5)
    assert paused.pause(T0 + 8) == paused
    resumed = paused.resume(T0 + 10)
    assert resumed.resume(T0 + 12) == resumed
    assert resumed.elapsed_active(T0 + 20) == pytest.approx(15)


def test_the_timer_auto_advances_across_a_phase_boundary(running):
    assert running.current_phase(T0 + 9.9).kind == "get_ready"
    assert running.current_phase(T0 + 10.0).kind == "work"
    assert running.current_step_index(T0 + 39.9) == 0
    assert running.current_phase(T0 + 40).kind == "transition"
    assert running.current_step_index(T0 + 40) == 1


def test_one_long_gap_jumps_over_several_phases_at_once(running, three_step_plan):
    # A laptop sleeps from the first get-ready to the right side of step two.
    now = T0 + 40 + TRANSITION_SECONDS + GET_READY_SECONDS + 40 + SWITCH_SIDES_SECONDS + 3
    phase = running.current_phase(now)
    assert (phase.step_index, phase.label) == (1, "Left side · hold")
    assert running.remaining_in_phase(now) == pytest.approx(37)


def test_a_finished_session_has_no_current_phase_and_a_full_bar(single_hold_plan):
    timer = Timer(single_hold_plan).start(T0)
    assert timer.current_phase(T0 + 41) is None
    assert timer.remaining_in_phase(T0 + 41) == 0
    assert timer.session_fraction(T0 + 41) == 1.0


def test_skip_jumps_to_the_next_steps_get_ready(running, three_step_plan):
    timer = running.skip(T0 + 15)
    phase = timer.current_phase(T0 + 15)
    assert (phase.step_index, phase.kind) == (1, "get_ready")
    assert timer.elapsed_active(T0 + 15) == pytest.approx(15)
    assert [o.status for o in timer.outcomes(T0 + 15)] == ["skipped", "not_reached", "not_reached"]


def test_skip_phase_jumps_to_the_next_phase_only(running):
    timer = running.skip_phase(T0 + 2)
    assert timer.current_phase(T0 + 2).kind == "work"
    assert timer.remaining_in_phase(T0 + 2) == pytest.approx(30)
    assert timer.outcomes(T0 + 40)[0].status == "done"


def test_skip_while_paused_stays_paused(running):
    timer = running.pause(T0 + 5).skip(T0 + 7)
    assert timer.is_paused
    assert timer.current_step_index(T0 + 100) == 1
    assert timer.remaining_in_phase(T0 + 100) == pytest.approx(GET_READY_SECONDS)


def test_skipping_the_last_step_finishes_the_session(running):
    timer = running.skip(T0 + 1).skip(T0 + 2).skip(T0 + 3)
    assert timer.is_finished(T0 + 3)
    assert timer.finished_at() == pytest.approx(T0 + 3)
    assert [o.status for o in timer.outcomes(T0 + 3)] == ["skipped"] * 3


def test_back_restarts_the_current_step(running):
    timer = running.back(T0 + 20)  # 20 s into step 0
    assert timer.current_phase(T0 + 20).kind == "get_ready"
    assert timer.remaining_in_phase(T0 + 20) == pytest.approx(GET_READY_SECONDS)
    assert timer.elapsed_active(T0 + 20) == pytest.approx(20)


def test_back_in_the_first_seconds_of_a_step_goes_to_the_previous_one(running, three_step_plan):
    entry = three_step_plan.step_entries[1]
    now = T0 + entry + BACK_GRACE_SECONDS - 1
    timer = running.back(now)
    assert timer.current_step_index(now) == 0
    assert timer.current_phase(now).kind == "get_ready"


def test_back_during_a_transition_goes_to_the_step_just_finished(running):
    timer = running.back(T0 + 42)  # in the transition before step 1
    assert timer.current_step_index(T0 + 42) == 0


def test_back_in_the_first_step_restarts_it(running):
    timer = running.back(T0 + 1)
    assert timer.current_step_index(T0 + 1) == 0
    assert timer.remaining_in_phase(T0 + 1) == pytest.approx(GET_READY_SECONDS)


def test_back_to_a_skipped_step_undoes_the_skip(running, three_step_plan):
    timer = running.skip(T0 + 15).back(T0 + 16)
    assert timer.current_step_index(T0 + 16) == 0
    end_of_step_0 = T0 + 16 + three_step_plan.step_spans[0][1]
    assert timer.outcomes(end_of_step_0)[0].status == "done"


def test_back_then_skip_while_paused_keeps_the_countdown_frozen(running):
    timer = running.pause(T0 + 50).back(T0 + 60).skip(T0 + 70)
    assert timer.is_paused
    assert timer.elapsed_active(T0 + 1000) == pytest.approx(50)


@pytest.mark.parametrize(
    ("stop_after", "expected"),
    [
        (5, ["not_reached", "not_reached", "not_reached"]),  # still getting ready
        (20, ["skipped", "not_reached", "not_reached"]),
        (42, ["done", "not_reached", "not_reached"]),
        (100, ["done", "skipped", "not_reached"]),
        (10_000, ["done", "done", "done"]),
    ],
)
def test_stop_records_which_steps_were_done_skipped_or_not_reached(running, stop_after, expected):
    timer = running.stop(T0 + stop_after, "stopped_early")
    assert timer.is_finished(T0 + stop_after)
    assert [o.status for o in timer.outcomes(T0 + 20_000)] == expected
    assert [o.technique_id for o in timer.outcomes(T0)] == ["hold-30", "per-side-40", "bridge"]


def test_step_outcomes_share_out_the_active_time(running, three_step_plan):
    timer = running.pause(T0 + 30).resume(T0 + 90)
    now = T0 + 200
    outcomes = timer.outcomes(now)
    assert sum(o.active_seconds for o in outcomes) == pytest.approx(timer.elapsed_active(now))
    assert outcomes[0].active_seconds == pytest.approx(40)
    assert outcomes[1].active_seconds == pytest.approx(three_step_plan.step_seconds(1))


def test_stop_after_the_natural_end_keeps_the_real_end_time(single_hold_plan):
    timer = Timer(single_hold_plan).start(T0).stop(T0 + 300, "completed")
    assert timer.ended_at == pytest.approx(T0 + 40)
    assert timer.stop_reason == "completed"
    assert timer.elapsed_active(T0 + 400) == pytest.approx(40)


def test_an_unknown_stop_reason_is_refused(running):
    with pytest.raises(ValueError, match="stop reason"):
        running.stop(T0 + 1, "bored")


def test_a_clock_that_steps_back_cannot_undo_counted_time(running):
    timer = running.skip(T0 + 20).pause(T0 + 15)
    assert timer.elapsed_active(T0 + 15) == pytest.approx(20)
    assert timer.resume(T0 + 12).elapsed_active(T0 + 25) == pytest.approx(25)


def test_the_state_survives_a_json_round_trip_mid_session(running):
    timer = running.pause(T0 + 20).resume(T0 + 30).skip(T0 + 35)
    again = Timer.from_dict(json.loads(json.dumps(timer.to_dict())))
    assert again == timer
    assert again.remaining_in_phase(T0 + 37) == timer.remaining_in_phase(T0 + 37)


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d.pop("anchor_offset"),
        lambda d: d.update(version=99),
        lambda d: d.update(state="sleeping"),
        lambda d: d.update(anchor_offset="soon"),
        lambda d: d.update(anchor_offset=float("nan")),
        lambda d: d.update(step_active=[0.0]),
        lambda d: d.update(anchor_at=None),
        lambda d: d.update(stop_reason="bored"),
        lambda d: d["plan"].pop("phases"),
        lambda d: d.update(last_run=[1.0, 2.0]),
    ],
)
def test_malformed_stored_state_raises_timer_state_error(running, breakage):
    data = running.to_dict()
    breakage(data)
    with pytest.raises(TimerStateError):
        Timer.from_dict(data)


def test_an_empty_plan_finishes_as_soon_as_it_starts():
    timer = Timer(plan_of()).start(T0)
    assert timer.is_finished(T0)
    assert timer.current_phase(T0) is None
    assert timer.outcomes(T0) == []


EVENTS = ("pause", "resume", "skip", "skip_phase", "back")


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(EVENTS), st.floats(min_value=0.01, max_value=90)),
        max_size=25,
    ),
    st.floats(min_value=0, max_value=200),
)
def test_active_time_is_wall_time_minus_paused_time(events, tail):
    plan = plan_of(("hold-30", 1), ("per-side-40", 2), ("bridge", 3), ("ball", 3))
    timer = Timer(plan).start(T0)
    now, paused_total, paused_since = T0, 0.0, None
    for name, gap in events:
        now += gap
        if timer.is_finished(now):
            break
        timer = getattr(timer, name)(now)
        if name == "pause" and paused_since is None:
            paused_since = now
        elif name == "resume" and paused_since is not None:
            paused_total += now - paused_since
            paused_since = None
        open_pause = now - paused_since if paused_since is not None else 0.0
        expected = now - T0 - paused_total - open_pause
        assert timer.elapsed_active(now) == pytest.approx(expected, abs=1e-6)
        assert timer.is_paused == (paused_since is not None)
    check_at = now + tail
    if not timer.is_finished(check_at):
        open_pause = check_at - paused_since if paused_since is not None else 0.0
        expected = check_at - T0 - paused_total - open_pause
        assert timer.elapsed_active(check_at) == pytest.approx(expected, abs=1e-6)
    active_by_step = sum(o.active_seconds for o in timer.outcomes(check_at))
    assert active_by_step == pytest.approx(timer.elapsed_active(check_at), abs=1e-6)


def test_a_thirty_minute_session_with_jittery_ticks_ends_on_time():
    plan = build_plan(
        [
            RoutineStep("long-hold", sets=1),
            RoutineStep("bridge", sets=3),
            RoutineStep("per-side-40", sets=3),
            RoutineStep("ball", sets=3),
        ]
        * 2
        + [RoutineStep("long-hold", sets=1, hold_seconds=140)],
        TECHNIQUES,
    )
    assert 29 * 60 <= plan.total_seconds <= 31 * 60
    planned_end = T0 + plan.total_seconds
    rng = random.Random(20240611)
    state = Timer(plan).start(T0).to_dict()
    now, last_phase, phases_seen = T0, -1, 0
    while True:
        gap = rng.uniform(0.5, 3.0) if rng.random() > 0.02 else rng.uniform(10, 120)
        now += gap
        # Each tick rebuilds the timer from session-state data, as a Streamlit rerun does.
        timer = Timer.from_dict(state)
        if timer.is_finished(now):
            break
        assert now < planned_end
        index = timer.current_phase_index(now)
        phases_seen += index != last_phase
        last_phase = index
        state = timer.to_dict()
    assert now >= planned_end
    assert abs(timer.finished_at() - planned_end) < 1.0
    assert timer.elapsed_active(now) == pytest.approx(plan.total_seconds, abs=1.0)
    assert phases_seen > 20


def test_back_phase_restarts_the_current_part(running):
    timer = running.back_phase(T0 + 25)  # 15 s into step 0's hold
    assert timer.current_phase(T0 + 25).kind == "work"
    assert timer.remaining_in_phase(T0 + 25) == pytest.approx(30)


def test_back_phase_in_a_parts_first_seconds_goes_to_the_part_before(running):
    timer = running.back_phase(T0 + GET_READY_SECONDS + 1)  # 1 s into the hold
    assert timer.current_phase(T0 + GET_READY_SECONDS + 1).kind == "get_ready"
    assert timer.remaining_in_phase(T0 + GET_READY_SECONDS + 1) == pytest.approx(GET_READY_SECONDS)


def test_back_phase_into_a_skipped_step_undoes_its_skip(running):
    timer = running.skip(T0 + 15).back_phase(T0 + 16).back_phase(T0 + 16.5)
    assert timer.current_step_index(T0 + 16.5) == 0
    assert not timer.skipped[0]


def test_skipping_a_part_does_not_count_the_technique_as_skipped(running):
    timer = running.skip_phase(T0 + 1).skip_phase(T0 + 2)  # get ready, then the hold
    assert [o.status for o in timer.outcomes(T0 + 2)][0] == "done"
    assert timer.current_step_index(T0 + 2) == 1
