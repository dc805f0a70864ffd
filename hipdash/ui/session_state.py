"""Hold the Session page's state and actions: the timer, the kept copy, saving and the queue.

The page's own state is one ``SessionScreen`` under SCREEN_KEY; read it with ``screen()``
and replace it with ``show()``. Every action here runs in a widget or component callback;
problems wait in session state under PROBLEM for the page to show where they belong.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import replace
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
from hipdash.session_screen import SessionScreen
from hipdash.sidecar import SidecarError
from hipdash.timer import Timer
from hipdash.ui.shell import WRITE_ERRORS, get_sidecar, get_store, save_from_callback, set_queue

S = st.session_state
SCREEN_KEY = "session_screen"
PROBLEM = "session_problem"
QUEUE_NAME = "Your queue"
# Real users always get 1.0; only the test suite sets the variable.
TIME_SCALE = time_scale_from_env(os.environ)
RUNNER_KEY = "session_runner"

# Reading the log or the session file can fail the same ways a write can.
_READ_ERRORS: tuple[type[Exception], ...] = (*WRITE_ERRORS, SidecarError)


def init_state() -> None:
    """Create the page's session-state keys once per browser session."""
    S.setdefault(SCREEN_KEY, SessionScreen().to_dict())
    S.setdefault(PROBLEM, None)
    S.setdefault("session_source", "queue" if S.get("session_queue") else "built_in")


def screen() -> SessionScreen:
    """Return the Session page's screen as this browser session holds it."""
    return SessionScreen.from_dict(S[SCREEN_KEY])


def show(new: SessionScreen) -> None:
    """Keep ``new`` as the Session page's screen."""
    S[SCREEN_KEY] = new.to_dict()


def timer() -> Timer | None:
    """Return this tab's session timer, or None when no session is on the page."""
    return screen().timer


def write(action: Callable[[], object], done: str | None = None) -> bool:
    """Run one store write from a callback; keep any problem for the page."""
    return save_from_callback(action, done, PROBLEM)


def set_timer(timer: Timer) -> None:
    """Change this tab's session timer and keep a copy for a reload."""
    now = replace(screen(), timer=timer)
    try:
        kept = get_sidecar().set_active(now.active().to_dict())
    except SidecarError as exc:
        # The session itself goes on; only resuming after a reload would be lost.
        now = replace(now, notice=f"This session can't be kept for a reload right now. {exc}")
    else:
        now = replace(now, kept_timer=kept["timer"], notice=None)
    show(now)


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
    now = screen()
    if now.session_id is None:
        return False
    try:
        saved = get_store().has("sessions", now.session_id)
        stored = get_sidecar().read().active
    except _READ_ERRORS:
        return False  # the check is a courtesy; the session goes on
    taken = flow.taken_elsewhere(now.session_id, now.kept_timer, stored, saved)
    if taken is None:
        return False
    show(now.stopped(flow.TAKEN_ELSEWHERE[taken]))
    return True


# -- the routine -------------------------------------------------------------------------


def steps() -> list[RoutineStep]:
    """Return the routine being prepared."""
    return list(screen().steps)


def use(chosen: list[RoutineStep], name: str, loaded_from: str) -> None:
    """Load a routine into the page."""
    show(screen().loaded(chosen, name, loaded_from))


def notify(notice: str | None) -> None:
    """Keep ``notice`` for the page to say next, or forget the last one with None."""
    show(replace(screen(), notice=notice))


def queue_signature() -> str:
    """Return a mark of the queue as it is now, to tell whether the loaded routine is it."""
    return "queue:" + ",".join(S.get("session_queue", []))


def queue_loaded() -> bool:
    """Return whether the routine on the page is the queue as it stands."""
    return bool(S.get("session_queue")) and screen().loaded_from == queue_signature()


def use_queue(catalog: Catalog) -> None:
    """Load the session queue as the routine."""
    chosen, unknown = flow.queue_steps(S.get("session_queue", []), catalog)
    use(chosen, QUEUE_NAME, queue_signature())
    if unknown:
        notify(f"{unknown} queued technique(s) are no longer in the catalog and were left out.")


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
    timer = screen().timer
    if not isinstance(value, dict) or timer is None:
        return  # a late press on a runner that has already gone
    if stop_if_taken_elsewhere():
        return
    now = time.time()
    try:
        changed = flow.apply_control(
            timer, str(value.get("action")), flow.control_time(value.get("at"), now)
        )
    except ValueError:
        return
    if changed != timer:
        set_timer(changed)


def on_phase() -> None:
    """Hear the runner's phase change: at the end the page reruns to ask the after-rating."""
    # The timer is the truth; the rerun that follows this callback reads it.


def back_to_routine() -> None:
    """Leave the ready runner for the routine's steps."""
    show(screen().stopped())


def start_over() -> None:
    """Go back to choosing a routine after a saved session."""
    show(screen().started_over())


def get_ready(catalog: Catalog, areas: list[str], rated: bool) -> None:
    """Keep the before-ratings and set up an idle timer for the routine."""
    try:
        ready = plan(catalog)
        before = flow.clean_levels({a: S[f"session_before_{a}"] for a in areas}) if rated else {}
    except (PlanError, ValueError) as exc:
        S[PROBLEM] = f"The session can't start: {exc}."
        return
    before_at = time.time() if rated else None
    show(screen().ready(Timer(ready), new_id(), areas, before, before_at))


def resume_stored(state: dict[str, Any]) -> None:
    """Take over an unfinished session kept in the session file."""
    show(screen().resumed(flow.ActiveSession.from_dict(state), state["timer"]))


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
    notify(f"The damaged session file was kept as {kept}." if kept else None)


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
    now = screen()
    if added[0] and str(now.loaded_from or "").startswith("queue:"):
        set_queue(flow.queue_after(S.get("session_queue", []), result))
    # Not added means its id was taken: another tab saved this session first.
    show(now.saved_as(flow.summary(result) | {"elsewhere": not added[0]}))
    return True


def result(timer: Timer, now: float, after: dict[str, int] | None) -> flow.SessionResult:
    """Return this tab's session as it ends at ``now``."""
    return replace(screen(), timer=timer).active().result(now, after)


def save_after(rated: bool) -> None:
    """Save the ended session, with the after-ratings unless they were skipped."""
    now = screen()
    try:
        areas = now.rated_areas
        after = flow.clean_levels({a: S[f"session_after_{a}"] for a in areas}) if rated else None
    except ValueError as exc:
        S[PROBLEM] = f"Nothing was saved: {exc}."
        return
    if now.timer is None:
        return  # a second click after the session was saved
    store_result(result(now.timer, time.time(), after))


def discard_stored(state: dict[str, Any]) -> None:
    """Save an unfinished session from the session file as it stands, with its before-ratings."""
    if store_result(flow.ActiveSession.from_dict(state).result(time.time(), None)):
        # Back to choosing a routine, not to a summary of a session left behind.
        show(
            replace(
                screen(), saved=None, notice="The unfinished session was saved as stopped early."
            )
        )
