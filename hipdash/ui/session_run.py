"""Render the guided session itself: the runner component, the end, the result, resuming."""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from hipdash import session_flow as flow
from hipdash.catalog import Catalog, Technique
from hipdash.durations import duration_text
from hipdash.session_view import runner_data
from hipdash.sidecar import SidecarError
from hipdash.store import DatabaseError
from hipdash.timer import Timer
from hipdash.ui import session_state as state
from hipdash.ui.actions import Action, action_button, action_row
from hipdash.ui.component_files import component_source
from hipdash.ui.figure import picture_for
from hipdash.ui.shell import escape_markdown, show_database_error, show_problem, when_to_stop
from hipdash.vocabulary import AREAS

S = st.session_state
SAVE_ICON = ":material/save:"
BACK_ICON = ":material/arrow_back:"
AGAIN_ICON = ":material/replay:"
# The buttons that carry none of the session's data are described once.
CHANGE_ROUTINE = Action(
    "Change the routine", "session_change", state.back_to_routine, kind="tertiary", icon=BACK_ICON
)
START_AGAIN = Action(
    "Start another session", "session_again", state.start_over, kind="primary", icon=AGAIN_ICON
)
STOP_WORDS = {
    "completed": "Finished",
    "stopped_early": "Stopped early",
    "red_flag": "Stopped for sharp pain, numbness or tingling",
}


@st.cache_resource(show_spinner=False)
def _runner_component() -> Callable[..., object]:
    # Registered once per process: re-registering on every run would remount it.
    return st.components.v2.component(
        "hipdash_session_runner",
        html=component_source("session.html"),
        css=component_source("session.css"),
        js=component_source("session.js"),
    )


@functools.cache
def _figure(technique: Technique, side: str | None = None) -> tuple[str, str] | None:
    # A figure whose pose data cannot be drawn is left out; it never stops a session.
    made = picture_for(technique, size="large", side=side)
    return None if made is None else (made.svg, made.label)


def runner(catalog: Catalog) -> None:
    """Render the runner for this tab's session; the browser runs its clock."""
    screen = state.screen()
    timer = screen.timer
    assert timer is not None and screen.session_id is not None
    data = runner_data(
        timer,
        catalog,
        session_id=screen.session_id,
        routine_name=screen.routine_name,
        figure=_figure,
    )
    _runner_component()(
        key=state.RUNNER_KEY,
        # One JSON string: Streamlit probes a component's top-level lists and dicts for
        # dataframes, which imports pandas, pyarrow and numpy on a page that needs none.
        data={"json": json.dumps(data, separators=(",", ":"))},
        on_control_change=state.on_control,
        on_phase_change=state.on_phase,
    )
    if timer.state == "idle":
        action_button(CHANGE_ROUTINE)
    if screen.notice:
        st.caption(escape_markdown(screen.notice))


def red_flag_guidance() -> None:
    """Say plainly to stop, and when to see someone."""
    st.error(
        "**Stop now and do not push through.** Sharp pain, numbness or tingling is a signal "
        "to stop, not something to work through. If it does not settle within a few minutes, "
        "or it keeps coming back, see a doctor or physiotherapist before you carry on.",
        icon=":material/front_hand:",
    )
    with st.container(border=True):
        when_to_stop()


def finish(timer: Timer, now: float) -> None:
    """Ask for the after-ratings, or save at once after a red flag."""
    if timer.state != "stopped":
        timer = flow.finished(timer, now)
        state.set_timer(timer)
    if timer.stop_reason == "red_flag":
        # Safety first: no questions before the session is safely stored.
        if state.store_result(state.result(timer, now, None)):
            st.rerun()
        show_problem(state.PROBLEM)
        red_flag_guidance()
        st.button("Try saving again", key="session_retry")
        return
    outcome = state.result(timer, now, None)
    counts = flow.summary(outcome)
    st.header(STOP_WORDS[timer.stop_reason or "stopped_early"])
    st.text(
        f"Techniques: {flow.outcome_text(counts)} · "
        f"{duration_text(outcome.record.active_seconds)} active"
    )
    screen = state.screen()
    with st.form("session_after_form"):
        st.markdown("**How tense is it now?**")
        for area in screen.rated_areas:
            st.slider(
                AREAS[area],
                0,
                10,
                value=screen.before.get(area, flow.DEFAULT_LEVEL),
                key=f"session_after_{area}",
            )
        action_row(
            Action("Save session", "session_save", state.save_after, (True,), SAVE_ICON, "primary"),
            Action("Save without rating", "session_save_unrated", state.save_after, (False,)),
            submit=True,
        )


def show_saved() -> None:
    """Show the saved session's result and what to do next."""
    saved = state.screen().saved
    assert saved is not None
    if saved["stop_reason"] == "red_flag":
        red_flag_guidance()
    if saved["elsewhere"]:
        st.info(
            "This session had already been saved in another tab, so the copy from this tab "
            "was not saved again. The other tab's version is kept.",
            icon=":material/tab:",
        )
    else:
        _show_result(saved)
    with st.container(horizontal=True):
        action_button(START_AGAIN)
        st.page_link("pages/progress.py", label="See your progress", icon=":material/monitoring:")


def _show_result(saved: Mapping[str, Any]) -> None:
    st.success(
        f"Session saved · {STOP_WORDS[saved['stop_reason']]} · "
        f"{flow.outcome_text(saved)} · {duration_text(saved['active_seconds'])} active",
        icon=":material/check_circle:",
    )
    st.text(f"Routine: {saved['routine_name']}")
    if saved["changes"]:
        columns = st.columns(min(4, len(saved["changes"])))
        for number, (area, before, after) in enumerate(saved["changes"]):
            # Less tension is better, so a fall shows green.
            columns[number % len(columns)].metric(
                AREAS[area],
                f"{before} → {after}",
                delta=f"{after - before:+d}" if after != before else None,
                delta_color="inverse",
                help="Tension before and after the session, 0 to 10.",
                border=True,
            )


def offer_resume(now: float) -> bool:
    """Offer an unfinished session kept for a reload; return True when something is shown."""
    try:
        kept = state.stored_active()
    except DatabaseError as exc:
        show_database_error(exc)
        return True
    except SidecarError as exc:
        st.error(escape_markdown(str(exc)), icon=":material/error:")
        st.button(
            "Set the damaged file aside and carry on",
            key="session_set_aside",
            on_click=state.set_aside_sidecar,
        )
        return True
    if kept is None:
        return False
    try:
        active = flow.ActiveSession.from_dict(kept)
    except flow.ResumeError as exc:
        st.warning(
            f"An unfinished session was kept, but it can't be read back ({exc}).",
            icon=":material/warning:",
        )
        st.button("Forget it", key="session_forget_active", on_click=state.forget_stored)
        return True
    with st.container(border=True):
        st.header("You have an unfinished session")
        # Stored text is shown as plain text, never as Markdown.
        st.text(f"Routine: {active.routine_name}")
        st.text(flow.resume_text(active, now))
        action_row(
            Action(
                "Resume",
                "session_resume_active",
                state.resume_stored,
                (kept,),
                ":material/play_arrow:",
                "primary",
            ),
            Action(
                "End it (save as stopped early)",
                "session_discard_active",
                state.discard_stored,
                (kept,),
                ":material/stop:",
            ),
        )
    return True


def run_or_finish(catalog: Catalog) -> None:
    """Render the runner, or the end of the session once it is over."""
    now = time.time()
    current = state.timer()
    assert current is not None
    if current.is_finished(now):
        finish(current, now)
    else:
        runner(catalog)
