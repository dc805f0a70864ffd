"""Hold the Session page's state and actions: the timer, the kept copy, saving and the queue.

Every action here runs in a widget or component callback; problems wait in session
state under PROBLEM for the page to show where they belong.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

import streamlit as st

from hipdash import session_flow as flow
from hipdash.catalog import Catalog
from hipdash.plan import (
    Plan,
    PlanError,
    build_plan,
    tighter_first_sides,
    time_scale_from_env,
)
from hipdash.records import RoutineStep, new_id
from hipdash.sidecar import SidecarError
from hipdash.timer import Timer
from hipdash.ui.shell import WRITE_ERRORS, get_sidecar, get_store, save_from_callback, set_queue

S = st.session_state
PROBLEM = "session_problem"
QUEUE_NAME = "Your queue"
# Real users always get 1.0; only the test suite sets the variable.
TIME_SCALE = time_scale_from_env(os.environ)
RUNNER_KEY = "session_runner"

# Reading the log or the session file can fail the same ways a write can.
_READ_ERRORS: tuple[type[Exception], ...] = (*WRITE_ERRORS, SidecarError)


def init_state() -> None:
    """Create the page's session-state keys once per browser session."""
    S.setdefault("session_steps", [])
    S.setdefault("session_routine_name", "")
    S.setdefault("session_loaded_from", None)
    S.setdefault("session_timer", None)
    S.setdefault("session_id", None)
    # The timer as this tab last kept it, to notice another tab's writes.
    S.setdefault("session_kept_timer", None)
    S.setdefault("session_before", {})
    S.setdefault("session_before_at", None)
    S.setdefault("session_rated_areas", [])
    S.setdefault("session_problem", None)
    S.setdefault("session_notice", None)
    S.setdefault("session_saved", None)
    S.setdefault("session_source", "queue" if S.get("session_queue") else "built_in")


def write(action: Callable[[], object], done: str | None = None) -> bool:
    """Run one store write from a callback; keep any problem for the page."""
    return save_from_callback(action, done, PROBLEM)


def active(timer: Timer) -> flow.ActiveSession:
    """Return this tab's session as the resumable copy the session file keeps."""
    return flow.ActiveSession(
        session_id=S["session_id"],
        routine_name=S["session_routine_name"],
        timer=timer,
        areas=tuple(S["session_rated_areas"]),
        before=dict(S["session_before"]),
        before_at=S["session_before_at"],
    )


def keep_resumable(timer: Timer) -> None:
    """Keep a copy of the session in the session file, so a reload can pick it up again."""
    try:
        kept = get_sidecar().set_active(active(timer).to_dict())
    except SidecarError as exc:
        # The session itself goes on; only resuming after a reload would be lost.
        S["session_notice"] = f"This session can't be kept for a reload right now. {exc}"
    else:
        S["session_kept_timer"] = kept["timer"]
        S["session_notice"] = None


def stored_active() -> dict[str, Any] | None:
    """Return the unfinished session kept for a reload, moving an old copy from the log once.

    Raise SidecarError when the session file is damaged, DatabaseError when the log is.
    """
    sidecar = get_sidecar()
    store = get_store()
    try:
        sidecar.migrate_from(store)
    except WRITE_ERRORS:
        pass  # the old copy stays where it is and is moved on a later visit
    return sidecar.read().active


def stop_if_taken_elsewhere() -> bool:
    """Stop this tab's runner, with a notice, when another tab saved or carried on its session."""
    try:
        saved = get_store().has("sessions", S["session_id"])
        stored = get_sidecar().read().active
    except _READ_ERRORS:
        return False  # the check is a courtesy; the session goes on
    taken = flow.taken_elsewhere(S["session_id"], S["session_kept_timer"], stored, saved)
    if taken is None:
        return False
    S["session_timer"] = None
    S["session_notice"] = flow.TAKEN_ELSEWHERE[taken]
    return True


# -- the routine -------------------------------------------------------------------------


def steps() -> list[RoutineStep]:
    """Return the routine being prepared."""
    return flow.steps_from_plain(S["session_steps"])


def use(chosen: list[RoutineStep], name: str, loaded_from: str) -> None:
    """Load a routine into the page."""
    S["session_steps"] = flow.steps_to_plain(chosen)
    S["session_routine_name"] = name
    S["session_loaded_from"] = loaded_from


def queue_signature() -> str:
    """Return a mark of the queue as it is now, to tell whether the loaded routine is it."""
    return "queue:" + ",".join(S.get("session_queue", []))


def queue_loaded() -> bool:
    """Return whether the routine on the page is the queue as it stands."""
    return bool(S.get("session_queue")) and S["session_loaded_from"] == queue_signature()


def use_queue(catalog: Catalog) -> None:
    """Load the session queue as the routine."""
    chosen, unknown = flow.queue_steps(S.get("session_queue", []), catalog)
    use(chosen, QUEUE_NAME, queue_signature())
    if unknown:
        S["session_notice"] = (
            f"{unknown} queued technique(s) are no longer in the catalog and were left out."
        )


def plan(catalog: Catalog) -> Plan:
    """Return the plan of the routine on the page, tighter side first when asked."""
    chosen = steps()
    first_sides: dict[str, str] = {}
    if S.get("session_tighter_first"):
        try:
            checkins = get_store().snapshot().checkins
        except WRITE_ERRORS:
            checkins = ()
        first_sides = tighter_first_sides((s.technique_id for s in chosen), catalog, checkins)
    return build_plan(chosen, catalog, time_scale=TIME_SCALE, first_sides=first_sides)


# -- running -----------------------------------------------------------------------------


def on_control() -> None:
    """Apply a control the runner sent: Space or a button, at the moment it was pressed."""
    sent = S.get(RUNNER_KEY)
    value = sent.get("control") if sent else None
    if not isinstance(value, dict) or S["session_timer"] is None:
        return  # a late press on a runner that has already gone
    if stop_if_taken_elsewhere():
        return
    now = time.time()
    timer = Timer.from_dict(S["session_timer"])
    try:
        changed = flow.apply_control(
            timer, str(value.get("action")), flow.control_time(value.get("at"), now)
        )
    except ValueError:
        return
    if changed == timer:
        return
    S["session_timer"] = changed.to_dict()
    keep_resumable(changed)


def on_phase() -> None:
    """Hear the runner's phase change: at the end the page reruns to ask the after-rating."""
    # The timer is the truth; the rerun that follows this callback reads it.


def back_to_routine() -> None:
    """Leave the ready runner for the routine's steps."""
    S["session_timer"] = None


def start_over() -> None:
    """Go back to choosing a routine after a saved session."""
    S["session_saved"] = None
    S["session_timer"] = None


def get_ready(catalog: Catalog, areas: list[str], rated: bool) -> None:
    """Keep the before-ratings and set up an idle timer for the routine."""
    try:
        ready = plan(catalog)
        before = flow.clean_levels({a: S[f"session_before_{a}"] for a in areas}) if rated else {}
    except (PlanError, ValueError) as exc:
        S[PROBLEM] = f"The session can't start: {exc}."
        return
    S["session_timer"] = Timer(ready).to_dict()
    S["session_id"] = new_id()
    S["session_kept_timer"] = None
    S["session_before"] = before
    S["session_before_at"] = time.time() if rated else None
    S["session_rated_areas"] = areas


def resume_stored(state: dict[str, Any]) -> None:
    """Take over an unfinished session kept in the session file."""
    kept = flow.ActiveSession.from_dict(state)
    S["session_timer"] = kept.timer.to_dict()
    S["session_id"] = kept.session_id
    S["session_kept_timer"] = state["timer"]
    S["session_routine_name"] = kept.routine_name
    S["session_before"] = dict(kept.before)
    S["session_before_at"] = kept.before_at
    S["session_rated_areas"] = list(kept.areas)


def forget_stored() -> None:
    """Forget an unreadable unfinished session."""
    try:
        get_sidecar().clear_active()
    except SidecarError as exc:
        S[PROBLEM] = str(exc)


def set_aside_sidecar() -> None:
    """Move a damaged session file aside (it is kept) so sessions can carry on."""
    try:
        kept = get_sidecar().set_aside()
    except SidecarError as exc:
        S[PROBLEM] = str(exc)
        return
    S["session_notice"] = f"The damaged session file was kept as {kept}." if kept else None


def store_result(result: flow.SessionResult) -> bool:
    """Save the session and its check-ins in one write, then forget the resumable copy."""
    store = get_store()
    added: list[bool] = []
    if not write(lambda: added.append(store.add_session(result.record, result.checkins))):
        return False
    if added[0]:
        st.toast("Session saved", icon=":material/check_circle:")
    try:
        get_sidecar().clear_active()
    except SidecarError:
        # The session is saved; a stale copy is harmless because saving it again
        # is skipped by its id.
        pass
    if added[0] and str(S.get("session_loaded_from") or "").startswith("queue:"):
        set_queue(flow.queue_after(S.get("session_queue", []), result))
    # Not added means its id was taken: another tab saved this session first.
    S["session_saved"] = flow.summary(result) | {"elsewhere": not added[0]}
    S["session_timer"] = None
    return True


def result(timer: Timer, now: float, after: dict[str, int] | None) -> flow.SessionResult:
    """Return this tab's session as it ends at ``now``."""
    return active(timer).result(now, after)


def save_after(rated: bool) -> None:
    """Save the ended session, with the after-ratings unless they were skipped."""
    areas = list(S["session_rated_areas"])
    try:
        after = flow.clean_levels({a: S[f"session_after_{a}"] for a in areas}) if rated else None
    except ValueError as exc:
        S[PROBLEM] = f"Nothing was saved: {exc}."
        return
    if S["session_timer"] is None:
        return  # a second click after the session was saved
    store_result(result(Timer.from_dict(S["session_timer"]), time.time(), after))


def discard_stored(state: dict[str, Any]) -> None:
    """Save an unfinished session from the session file as it stands, with its before-ratings."""
    if store_result(flow.ActiveSession.from_dict(state).result(time.time(), None)):
        # Back to choosing a routine, not to a summary of a session left behind.
        S["session_saved"] = None
        S["session_notice"] = "The unfinished session was saved as stopped early."
