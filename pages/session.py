"""Session: choose and adjust a routine, rate tension, then follow a guided, timed session."""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable

import streamlit as st

from hipdash import session_flow as flow
from hipdash.catalog import HOLD_RANGE, REPS_RANGE, SETS_RANGE, Catalog, Technique
from hipdash.filtering import CHOOSABLE_EQUIPMENT
from hipdash.pacer import DEFAULT_PATTERN, PATTERNS, breath_at, lung_fill
from hipdash.plan import Plan, PlanError, build_plan, step_dose, time_scale_from_env
from hipdash.records import RoutineStep, SavedRoutine, new_id
from hipdash.routines import (
    BUILT_IN_ROUTINES,
    build_routine,
    get_built_in,
    move_step,
    remove_step,
    routine_seconds,
    set_hold,
    set_reps,
    set_sets,
)
from hipdash.sounds import tone_wav
from hipdash.store import DatabaseError, Snapshot, Store, StoreBusyError
from hipdash.timer import Timer
from hipdash.ui import (
    get_catalog,
    get_store,
    load_snapshot,
    require_shell,
    save_from_callback,
    show_database_error,
    show_problem,
    when_to_stop,
)
from hipdash.ui_bodymap import area_picker
from hipdash.ui_technique import technique_cues, technique_safety, technique_steps
from hipdash.validation import ValidationError
from hipdash.vocabulary import AREAS, EQUIPMENT, MODALITIES, counted

require_shell()

# Only the runner reruns on this beat; its time comes from the wall clock, so a
# throttled background tab just updates less often.
TICK_SECONDS = 0.5
# A cue's player stays on screen this long so the tone can finish playing.
SOUND_SECONDS = 1.5
MINUTE_CHOICES = [5, 10, 15, 20, 30, 45, 60]
SOURCES = {
    "queue": "Your queue",
    "built_in": "Ready-made routines",
    "builder": "Build one for me",
    "saved": "Your saved routines",
}
STOP_WORDS = {
    "completed": "Finished",
    "stopped_early": "Stopped early",
    "red_flag": "Stopped for sharp pain, numbness or tingling",
}
BREATH_WORDS = {"inhale": "Breathe in", "hold": "Hold", "exhale": "Breathe out"}
# Real users always get 1.0; only the test suite sets the variable.
TIME_SCALE = time_scale_from_env(os.environ)
QUEUE_NAME = "Your queue"
STYLE = """
<style>
.hd-countdown { font-size: 7rem; font-weight: 700; line-height: 1; text-align: center;
  font-variant-numeric: tabular-nums; color: #23302c; margin: 0.2rem 0 0.6rem; }
.hd-countdown.paused { color: #8a948f; }
.hd-pacer { display: flex; align-items: center; justify-content: center; height: 190px; }
.hd-lung { border-radius: 50%; background: radial-gradient(circle, #8cc7b8, #2f7d6d);
  box-shadow: 0 0 0 6px #eef3f0; }
.st-key-session_controls button { min-height: 3.4rem; }
.st-key-session_controls button p { font-size: 1.25rem; }
.st-key-session_red_flag button { min-height: 3rem; background: #fdecea; color: #8c1d18;
  border: 2px solid #b3261e; font-weight: 600; }
.st-key-session_sound_out { display: none; }
</style>
"""
S = st.session_state


def _init_state() -> None:
    S.setdefault("session_steps", [])
    S.setdefault("session_routine_name", "")
    S.setdefault("session_loaded_from", None)
    S.setdefault("session_timer", None)
    S.setdefault("session_id", None)
    # The timer as this tab last wrote it to the store, to notice another tab's writes.
    S.setdefault("session_kept_timer", None)
    S.setdefault("session_before", {})
    S.setdefault("session_before_at", None)
    S.setdefault("session_rated_areas", [])
    S.setdefault("session_last_tick", None)
    S.setdefault("session_cue", None)
    S.setdefault("session_problem", None)
    S.setdefault("session_notice", None)
    S.setdefault("session_saved", None)
    S.setdefault("session_source", "queue" if S.get("session_queue") else "built_in")


# Writes happen in callbacks; their problems wait under this key for the page to show.
PROBLEM = "session_problem"


def _write(write: Callable[[], object], done: str | None = None) -> bool:
    return save_from_callback(write, done, PROBLEM)


def _active(timer: Timer) -> flow.ActiveSession:
    return flow.ActiveSession(
        session_id=S["session_id"],
        routine_name=S["session_routine_name"],
        timer=timer,
        areas=tuple(S["session_rated_areas"]),
        before=dict(S["session_before"]),
        before_at=S["session_before_at"],
    )


def _keep_resumable(timer: Timer) -> None:
    """Keep a copy of the session in the store, so a reload can pick it up again."""
    try:
        kept = get_store().set_active_session(_active(timer).to_dict())
    except (ValidationError, DatabaseError, StoreBusyError) as exc:
        # The session itself goes on; only resuming after a reload would be lost.
        S["session_notice"] = f"This session can't be kept for a reload right now ({exc})."
    else:
        S["session_kept_timer"] = kept["timer"]
        S["session_notice"] = None


def _stop_if_taken_elsewhere() -> bool:
    """Stop this tab's runner, with a notice, when another tab saved or carried on its session."""
    store = get_store()
    try:
        saved = store.has("sessions", S["session_id"])
        stored = store.active_session()
    except (DatabaseError, StoreBusyError):
        return False  # the check is a courtesy; the session goes on
    taken = flow.taken_elsewhere(S["session_id"], S["session_kept_timer"], stored, saved)
    if taken is None:
        return False
    S["session_timer"] = None
    S["session_notice"] = flow.TAKEN_ELSEWHERE[taken]
    return True


# -- choosing and editing the routine --------------------------------------------------


def _steps() -> list[RoutineStep]:
    return flow.steps_from_plain(S["session_steps"])


def _use(steps: list[RoutineStep], name: str, loaded_from: str) -> None:
    S["session_steps"] = flow.steps_to_plain(steps)
    S["session_routine_name"] = name
    S["session_loaded_from"] = loaded_from


def _queue_signature() -> str:
    return "queue:" + ",".join(S.get("session_queue", []))


def _use_queue(catalog: Catalog) -> None:
    steps, unknown = flow.queue_steps(S.get("session_queue", []), catalog)
    _use(steps, QUEUE_NAME, _queue_signature())
    if unknown:
        S["session_notice"] = (
            f"{unknown} queued technique(s) are no longer in the catalog and were left out."
        )


def _use_built_in(routine_id: str) -> None:
    routine = get_built_in(routine_id)
    if routine is not None:
        _use(list(routine.steps), routine.name, f"built_in:{routine_id}")


def _use_saved() -> None:
    chosen = S.get("session_saved_choice")
    try:
        routines = get_store().snapshot().routines
    except (DatabaseError, StoreBusyError) as exc:
        S["session_problem"] = f"The saved routines can't be read: {exc}"
        return
    routine = next((r for r in routines if r.id == chosen), None)
    if routine is not None:
        _use(list(routine.steps), routine.name, f"saved:{routine.id}")


def _delete_saved() -> None:
    chosen = S.get("session_saved_choice")
    if chosen:
        _write(lambda: get_store().delete_routine(chosen), "Routine deleted")


def _build(catalog: Catalog) -> None:
    areas = list(S.get("session_chosen_areas", []))
    minutes = S.get("session_minutes", 15)
    equipment = list(S.get("session_equipment", []))
    steps = build_routine(catalog, areas, minutes, equipment)
    if not steps:
        S["session_builder_note"] = [
            "warning",
            "Nothing fits these choices. Add equipment you have or choose other areas.",
        ]
        return
    _use(steps, flow.builder_name(areas, minutes), "builder")
    seconds = routine_seconds(steps, catalog)
    if seconds < minutes * 60 - 60:
        S["session_builder_note"] = [
            "info",
            f"This routine takes about {flow.duration_text(seconds)}: the techniques for "
            f"these areas and this equipment can't fill {minutes} minutes.",
        ]
    else:
        S["session_builder_note"] = ["success", f"Built: about {flow.duration_text(seconds)}."]


def _edit(change: Callable[[list[RoutineStep]], list[RoutineStep]]) -> None:
    try:
        S["session_steps"] = flow.steps_to_plain(change(_steps()))
    except (ValueError, IndexError) as exc:
        S["session_problem"] = f"That change was not made: {exc}."


def _move(index: int, new_index: int) -> None:
    _edit(lambda steps: move_step(steps, index, new_index))


def _remove(index: int) -> None:
    _edit(lambda steps: remove_step(steps, index))


def _change_sets(index: int) -> None:
    _edit(lambda steps: set_sets(steps, index, int(S[f"session_sets_{index}"])))


def _change_hold(index: int) -> None:
    _edit(lambda steps: set_hold(steps, index, int(S[f"session_hold_{index}"])))


def _change_reps(index: int) -> None:
    _edit(lambda steps: set_reps(steps, index, int(S[f"session_reps_{index}"])))


def _save_routine() -> None:
    try:
        name = flow.clean_routine_name(S.get("session_save_name", ""))
    except ValueError as exc:
        S["session_problem"] = str(exc)
        return
    routine = SavedRoutine(name=name, steps=tuple(_steps()))
    if _write(lambda: get_store().save_routine(routine), "Routine saved"):
        S["session_routine_name"] = name
        S["session_loaded_from"] = f"saved:{routine.id}"


# -- starting, running and ending ------------------------------------------------------


def _plan(catalog: Catalog) -> Plan:
    return build_plan(_steps(), catalog, time_scale=TIME_SCALE)


def _get_ready(catalog: Catalog, areas: list[str], rated: bool) -> None:
    """Keep the before-ratings and set up an idle timer for the routine."""
    try:
        plan = _plan(catalog)
        before = flow.clean_levels({a: S[f"session_before_{a}"] for a in areas}) if rated else {}
    except (PlanError, ValueError) as exc:
        S["session_problem"] = f"The session can't start: {exc}."
        return
    S["session_timer"] = Timer(plan).to_dict()
    S["session_id"] = new_id()
    S["session_kept_timer"] = None
    S["session_before"] = before
    S["session_before_at"] = time.time() if rated else None
    S["session_rated_areas"] = areas
    S["session_last_tick"] = None
    S["session_cue"] = None


def _back_to_routine() -> None:
    S["session_timer"] = None


def _control(event: str, reason: str = "stopped_early") -> None:
    if S["session_timer"] is None:
        return  # a late click on a runner that has already gone
    now = time.time()
    timer = Timer.from_dict(S["session_timer"])
    changed = timer.stop(now, reason) if event == "stop" else getattr(timer, event)(now)
    S["session_timer"] = changed.to_dict()
    _keep_resumable(changed)


def _resume_stored(state: dict) -> None:
    active = flow.ActiveSession.from_dict(state)
    S["session_timer"] = active.timer.to_dict()
    S["session_id"] = active.session_id
    S["session_kept_timer"] = state["timer"]
    S["session_routine_name"] = active.routine_name
    S["session_before"] = dict(active.before)
    S["session_before_at"] = active.before_at
    S["session_rated_areas"] = list(active.areas)
    S["session_last_tick"] = None
    S["session_cue"] = None


def _start_over() -> None:
    S["session_saved"] = None
    S["session_timer"] = None


def _forget_stored() -> None:
    _write(get_store().clear_active_session)


def _store_result(result: flow.SessionResult) -> bool:
    """Save the session and its check-ins in one write, then forget the resumable copy."""
    store = get_store()
    added: list[bool] = []
    if not _write(lambda: added.append(store.add_session(result.record, result.checkins))):
        return False
    if added[0]:
        st.toast("Session saved", icon=":material/check_circle:")
    try:
        store.clear_active_session()
    except (DatabaseError, StoreBusyError):
        # The session is saved; a stale copy is harmless because saving it again
        # is skipped by its id.
        pass
    # Not added means its id was taken: another tab saved this session first.
    S["session_saved"] = flow.summary(result) | {"elsewhere": not added[0]}
    S["session_timer"] = None
    return True


def _result(timer: Timer, now: float, after: dict[str, int] | None) -> flow.SessionResult:
    return _active(timer).result(now, after)


def _save_after(rated: bool) -> None:
    """Save the ended session, with the after-ratings unless they were skipped."""
    areas = list(S["session_rated_areas"])
    try:
        after = flow.clean_levels({a: S[f"session_after_{a}"] for a in areas}) if rated else None
    except ValueError as exc:
        S["session_problem"] = f"Nothing was saved: {exc}."
        return
    if S["session_timer"] is None:
        return  # a second click after the session was saved
    timer = Timer.from_dict(S["session_timer"])
    _store_result(_result(timer, time.time(), after))


def _discard_stored(state: dict) -> None:
    """Save an unfinished session from the store as it stands, with its before-ratings."""
    if _store_result(flow.ActiveSession.from_dict(state).result(time.time(), None)):
        # Back to choosing a routine, not to a summary of a session left behind.
        S["session_saved"] = None
        S["session_notice"] = "The unfinished session was saved as stopped early."


# -- rendering -------------------------------------------------------------------------


def _technique_notes(technique: Technique) -> None:
    """Render a technique's cautions first, then its steps and cues."""
    technique_safety(technique)
    technique_steps(technique)
    technique_cues(technique)


def _choose_routine(catalog: Catalog, snapshot: Snapshot) -> None:
    queue = S.get("session_queue", [])
    loaded = S["session_loaded_from"]
    # The queue is the natural start, and if it changed on Explore since it was
    # loaded here, the routine follows it.
    if queue and (loaded is None or (loaded.startswith("queue:") and loaded != _queue_signature())):
        _use_queue(catalog)
        S["session_source"] = "queue"
    st.subheader("1 · Choose a routine")
    source = st.segmented_control(
        "Start from",
        list(SOURCES),
        format_func=SOURCES.get,
        key="session_source",
        persist_state="session",
    )
    if source == "queue":
        _queue_picker(catalog, queue)
    elif source == "built_in":
        _built_in_picker(catalog)
    elif source == "builder":
        _builder(catalog)
    elif source == "saved":
        _saved_picker(snapshot)


def _queue_picker(catalog: Catalog, queue: list[str]) -> None:
    if not queue:
        st.info(
            "Your queue is empty. Add techniques with **Add to session** on Explore, "
            "or pick a ready-made routine.",
            icon=":material/playlist_add:",
        )
        st.page_link("pages/explore.py", label="Explore techniques", icon=":material/search:")
        return
    count = len(queue)
    st.markdown(f"{counted(count, 'technique')} from Explore.")
    st.button(
        "Use my queue",
        key="session_use_queue",
        on_click=_use_queue,
        args=(catalog,),
        icon=":material/playlist_play:",
    )


def _built_in_picker(catalog: Catalog) -> None:
    columns = st.columns(len(BUILT_IN_ROUTINES))
    for column, routine in zip(columns, BUILT_IN_ROUTINES, strict=True):
        with column.container(border=True, height="stretch"):
            st.markdown(f"**{routine.name}**  \n{routine.minutes} min · {len(routine.steps)} steps")
            st.caption(routine.summary)
            chosen = S["session_loaded_from"] == f"built_in:{routine.id}"
            st.button(
                "Chosen" if chosen else "Use this",
                key=f"session_use_{routine.id}",
                on_click=_use_built_in,
                args=(routine.id,),
                disabled=chosen,
                icon=":material/check:" if chosen else None,
                width="stretch",
            )


def _builder(catalog: Catalog) -> None:
    map_column, controls = st.columns([3, 2], gap="large")
    with controls:
        area_picker("session", map_slot=map_column)
        st.select_slider(
            "Minutes you have",
            MINUTE_CHOICES,
            value=15,
            key="session_minutes",
            persist_state="session",
        )
        st.multiselect(
            "Equipment you have",
            list(CHOOSABLE_EQUIPMENT),
            format_func=EQUIPMENT.get,
            key="session_equipment",
            persist_state="session",
            placeholder="Nothing special",
            help="Techniques that need nothing, a floor or a wall are always included.",
        )
        st.button(
            "Build my routine",
            key="session_build",
            on_click=_build,
            args=(catalog,),
            type="primary",
            icon=":material/auto_awesome:",
        )
        note = S.get("session_builder_note")
        if note:
            getattr(st, note[0])(note[1])


def _saved_picker(snapshot: Snapshot) -> None:
    if not snapshot.routines:
        st.info(
            "You have no saved routines yet. Adjust any routine below and save it under a name.",
            icon=":material/bookmark:",
        )
        return
    names = {r.id: r.name for r in snapshot.routines}
    if S.get("session_saved_choice") not in names:
        S["session_saved_choice"] = next(iter(names))
    # Selectbox options are drawn as plain text, so a saved name is never read as markup.
    st.selectbox("Saved routine", list(names), format_func=names.get, key="session_saved_choice")
    with st.container(horizontal=True):
        st.button(
            "Use this routine",
            key="session_use_saved",
            on_click=_use_saved,
            type="primary",
        )
        st.button(
            "Delete it",
            key="session_delete_routine",
            on_click=_delete_saved,
            icon=":material/delete:",
        )


def _edit_routine(catalog: Catalog) -> Plan | None:
    """Render the steps with their controls; return the plan, or None if it can't run."""
    st.subheader("2 · Adjust it")
    steps = _steps()
    if not steps:
        st.info("Choose a routine above to see its steps here.", icon=":material/list:")
        return None
    st.text(f"Routine: {S['session_routine_name']}")
    try:
        plan = _plan(catalog)
    except PlanError as exc:
        st.error(f"This routine can't run: {exc}.", icon=":material/error:")
        return None
    for index, step in enumerate(steps):
        technique = catalog.get(step.technique_id)
        if technique is not None:
            _step_row(index, step, technique, len(steps), plan.step_seconds(index))
    st.metric("Planned time", flow.duration_text(plan.total_seconds), border=True)
    with st.form("session_save_form", border=False):
        name_column, button_column = st.columns([3, 1], vertical_alignment="bottom")
        name_column.text_input(
            "Save as",
            key="session_save_name",
            max_chars=80,
            placeholder="My morning routine",
            help="A routine with the same name is replaced.",
        )
        button_column.form_submit_button(
            "Save routine", on_click=_save_routine, icon=":material/bookmark_add:"
        )
    return plan


def _step_row(
    index: int, step: RoutineStep, technique: Technique, count: int, seconds: float
) -> None:
    with st.container(border=True):
        text, sets, dose, moves = st.columns([6, 2, 2, 3], vertical_alignment="center")
        text.markdown(
            f"**{index + 1}. {technique.name}**  \n"
            f"{MODALITIES[technique.modality]} · about {flow.duration_text(seconds)}"
            + (" · each side" if technique.dose.per_side else "")
        )
        S[f"session_sets_{index}"] = step.sets
        sets.number_input(
            "Sets",
            min_value=SETS_RANGE[0],
            max_value=max(SETS_RANGE[1], step.sets),
            step=1,
            key=f"session_sets_{index}",
            on_change=_change_sets,
            args=(index,),
        )
        hold, reps = step_dose(step, technique)
        if hold is not None:
            S[f"session_hold_{index}"] = hold
            dose.number_input(
                "Hold (seconds)",
                min_value=HOLD_RANGE[0],
                max_value=max(HOLD_RANGE[1], hold),
                step=5,
                key=f"session_hold_{index}",
                on_change=_change_hold,
                args=(index,),
            )
        else:
            S[f"session_reps_{index}"] = reps
            dose.number_input(
                "Reps",
                min_value=REPS_RANGE[0],
                max_value=max(REPS_RANGE[1], reps or 0),
                step=1,
                key=f"session_reps_{index}",
                on_change=_change_reps,
                args=(index,),
            )
        with moves.container(horizontal=True, gap="small"):
            st.button(
                "",
                key=f"session_up_{index}",
                icon=":material/arrow_upward:",
                help="Move up",
                on_click=_move,
                args=(index, index - 1),
                disabled=index == 0,
            )
            st.button(
                "",
                key=f"session_down_{index}",
                icon=":material/arrow_downward:",
                help="Move down",
                on_click=_move,
                args=(index, index + 1),
                disabled=index == count - 1,
            )
            st.button(
                "",
                key=f"session_remove_{index}",
                icon=":material/delete:",
                help="Remove",
                on_click=_remove,
                args=(index,),
                disabled=count == 1,
            )
        with st.expander("Cautions, steps and cues", icon=":material/warning:"):
            _technique_notes(technique)


def _rate_before(catalog: Catalog, snapshot: Snapshot) -> None:
    st.subheader("3 · How tense is it now?")
    areas = flow.targeted_areas((row["technique_id"] for row in S["session_steps"]), catalog)
    defaults = flow.latest_levels(snapshot.checkins, areas)
    with st.form("session_before_form"):
        st.caption("0 is no tension at all, 10 the worst you can imagine.")
        for area in areas:
            st.slider(AREAS[area], 0, 10, value=defaults[area], key=f"session_before_{area}")
        with st.container(horizontal=True):
            st.form_submit_button(
                "Save ratings and get ready",
                type="primary",
                on_click=_get_ready,
                args=(catalog, areas, True),
                icon=":material/play_arrow:",
            )
            st.form_submit_button("Skip rating", on_click=_get_ready, args=(catalog, areas, False))


def _offer_resume(store: Store, now: float) -> bool:
    """Offer an unfinished session kept in the store; return True when one is offered."""
    try:
        state = store.active_session()
    except DatabaseError as exc:
        show_database_error(exc)
        return True
    if state is None:
        return False
    try:
        active = flow.ActiveSession.from_dict(state)
    except flow.ResumeError as exc:
        st.warning(
            f"An unfinished session was kept, but it can't be read back ({exc}).",
            icon=":material/warning:",
        )
        st.button("Forget it", key="session_forget_active", on_click=_forget_stored)
        return True
    with st.container(border=True):
        st.subheader("You have an unfinished session")
        st.text(f"Routine: {active.routine_name}")
        st.markdown(flow.resume_text(active, now))
        with st.container(horizontal=True):
            st.button(
                "Resume",
                key="session_resume_active",
                on_click=_resume_stored,
                args=(state,),
                type="primary",
                icon=":material/play_arrow:",
            )
            st.button(
                "End it (save as stopped early)",
                key="session_discard_active",
                on_click=_discard_stored,
                args=(state,),
                icon=":material/stop:",
            )
    return True


def _play_cue(now: float) -> None:
    """Play the latest cue while it is fresh, unless sound is off."""
    cue = S.get("session_cue")
    with st.container(key="session_sound_out"):
        if cue and S.get("session_sound", True) and now - cue["at"] < SOUND_SECONDS:
            st.audio(tone_wav(cue["kind"]), format="audio/wav", autoplay=True)


def _pacer(elapsed: float) -> None:
    pattern = S.get("session_breath", DEFAULT_PATTERN)
    breath = breath_at(elapsed, pattern)
    fill = lung_fill(elapsed, pattern)
    size = round(60 + 120 * fill)
    st.html(
        f'<div class="hd-pacer"><div class="hd-lung" style="width:{size}px;height:{size}px">'
        "</div></div>"
    )
    seconds = math.ceil(round(breath.seconds_left, 6))
    st.markdown(
        f"<div style='text-align:center;font-size:1.6rem;font-weight:600'>"
        f"{BREATH_WORDS[breath.stage]} · {seconds}</div>",
        unsafe_allow_html=True,
    )


@st.fragment(run_every=TICK_SECONDS)
def _runner() -> None:
    if S["session_timer"] is None or _stop_if_taken_elsewhere():
        # "Change the routine", or another tab, reran only this fragment; the page must
        # change too.
        st.rerun(scope="app")
    now = time.time()
    catalog = get_catalog()
    timer = Timer.from_dict(S["session_timer"])
    cue = flow.latest_cue(timer, S.get("session_last_tick"), now)
    S["session_last_tick"] = now
    if cue:
        S["session_cue"] = {"kind": cue, "at": now}
    if timer.is_finished(now):
        st.rerun(scope="app")
    where = flow.moment(timer, now)
    phase = where.phase
    technique = catalog.get(phase.technique_id) if phase is not None else None
    main, side = st.columns([3, 2], gap="large")
    with main:
        step_number = (where.step_index or 0) + 1
        name = technique.name if technique else where.step_name
        st.markdown(f"**Step {step_number} of {where.step_count} · {name}**")
        label = phase.label if phase is not None else ""
        st.subheader(label if timer.state != "paused" else f"{label} (paused)")
        with st.container(key="session_countdown"):
            css = "hd-countdown paused" if timer.is_paused else "hd-countdown"
            st.html(f'<div class="{css}">{flow.countdown_text(where.phase_remaining)}</div>')
        st.progress(where.phase_fraction, text="This part")
        st.progress(
            where.session_fraction,
            text=f"Whole session · {flow.countdown_text(where.session_remaining)} left",
        )
        st.caption(where.next_text)
        _controls(timer)
    with side:
        with st.container(key="session_pacer"):
            if flow.paces_breath(phase, technique):
                _pacer(where.phase_elapsed)
                st.selectbox(
                    "Breathing pattern",
                    list(PATTERNS),
                    format_func=lambda p: PATTERNS[p].name,
                    key="session_breath",
                    persist_state="session",
                )
        if technique is not None:
            technique_cues(technique)
            with st.expander("Cautions and steps", icon=":material/warning:"):
                _technique_notes(technique)
        st.toggle("Sound cues", value=True, key="session_sound", persist_state="session")
    if timer.state != "idle":
        st.button(
            "Sharp pain, numbness or tingling: stop",
            key="session_red_flag",
            on_click=_control,
            args=("stop", "red_flag"),
            icon=":material/front_hand:",
            width="stretch",
        )
    if S.get("session_notice"):
        st.caption(S["session_notice"])
    _play_cue(now)


# The main button's action, label and icon for each timer state.
_MAIN_CONTROL = {
    "idle": ("start", "Start", ":material/play_arrow:"),
    "paused": ("resume", "Resume", ":material/play_arrow:"),
    "running": ("pause", "Pause", ":material/pause:"),
}
_OTHER_CONTROLS = (
    ("back", "Back", ":material/skip_previous:"),
    ("skip", "Skip", ":material/skip_next:"),
    ("stop", "Stop", ":material/stop:"),
)


def _controls(timer: Timer) -> None:
    idle = timer.state == "idle"
    state = "idle" if idle else "paused" if timer.is_paused else "running"
    action, label, icon = _MAIN_CONTROL[state]
    with st.container(key="session_controls", horizontal=True):
        st.button(
            label,
            key=f"session_{action}",
            on_click=_control,
            args=(action,),
            type="primary",
            icon=icon,
            width="stretch",
        )
        for action, label, icon in _OTHER_CONTROLS:
            st.button(
                label,
                key=f"session_{action}",
                on_click=_control,
                args=(action,),
                icon=icon,
                disabled=idle,
                width="stretch",
            )
    if idle:
        st.button(
            "Change the routine",
            key="session_change",
            on_click=_back_to_routine,
            type="tertiary",
            icon=":material/arrow_back:",
        )


def _red_flag_guidance() -> None:
    st.error(
        "**Stop now and do not push through.** Sharp pain, numbness or tingling is a signal "
        "to stop, not something to work through. If it does not settle within a few minutes, "
        "or it keeps coming back, see a doctor or physiotherapist before you carry on.",
        icon=":material/front_hand:",
    )
    with st.container(border=True):
        when_to_stop()


def _finish(timer: Timer, now: float) -> None:
    """Ask for the after-ratings, or save at once after a red flag."""
    if timer.state != "stopped":
        timer = flow.finished(timer, now)
        S["session_timer"] = timer.to_dict()
        _keep_resumable(timer)
    _play_cue(now)
    if timer.stop_reason == "red_flag":
        # Safety first: no questions before the session is safely stored.
        if _store_result(_result(timer, now, None)):
            st.rerun()
        show_problem(PROBLEM)
        _red_flag_guidance()
        st.button("Try saving again", key="session_retry")
        return
    outcome = _result(timer, now, None)
    counts = flow.summary(outcome)
    st.subheader(STOP_WORDS[timer.stop_reason or "stopped_early"])
    st.markdown(
        f"{counts['done']} of {len(outcome.record.steps)} steps done · "
        f"{flow.duration_text(outcome.record.active_seconds)} active"
    )
    areas = list(S["session_rated_areas"])
    with st.form("session_after_form"):
        st.markdown("**How tense is it now?**")
        for area in areas:
            st.slider(
                AREAS[area],
                0,
                10,
                value=S["session_before"].get(area, flow.DEFAULT_LEVEL),
                key=f"session_after_{area}",
            )
        with st.container(horizontal=True):
            st.form_submit_button(
                "Save session",
                key="session_save",
                on_click=_save_after,
                args=(True,),
                type="primary",
                icon=":material/save:",
            )
            st.form_submit_button(
                "Save without rating",
                key="session_save_unrated",
                on_click=_save_after,
                args=(False,),
            )


def _show_saved() -> None:
    saved = S["session_saved"]
    if saved["stop_reason"] == "red_flag":
        _red_flag_guidance()
    if saved["elsewhere"]:
        st.info(
            "This session had already been saved in another tab, so the copy from this tab "
            "was not saved again. The other tab's version is kept.",
            icon=":material/tab:",
        )
    else:
        _show_result(saved)
    with st.container(horizontal=True):
        st.button(
            "Start another session",
            key="session_again",
            on_click=_start_over,
            type="primary",
            icon=":material/replay:",
        )
        st.page_link("pages/progress.py", label="See your progress", icon=":material/monitoring:")


def _show_result(saved: dict) -> None:
    st.success(
        f"Session saved · {STOP_WORDS[saved['stop_reason']]} · {saved['done']} steps done, "
        f"{saved['skipped']} skipped · {flow.duration_text(saved['active_seconds'])} active",
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


# -- the page --------------------------------------------------------------------------

catalog = get_catalog()
snapshot = load_snapshot()
store = get_store()
_init_state()
now = time.time()

st.html(STYLE)
st.title("Guided session")
show_problem(PROBLEM)

if S["session_saved"] is not None:
    _show_saved()
elif S["session_timer"] is None:
    if S.get("session_notice"):
        st.info(S.pop("session_notice"), icon=":material/info:")
    if not _offer_resume(store, now):
        _choose_routine(catalog, snapshot)
        st.divider()
        if _edit_routine(catalog) is not None:
            st.divider()
            _rate_before(catalog, snapshot)
else:
    current = Timer.from_dict(S["session_timer"])
    st.text(S["session_routine_name"])
    if current.is_finished(now):
        _finish(current, now)
    else:
        _runner()
