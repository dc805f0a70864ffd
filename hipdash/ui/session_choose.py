"""Render the Session page's preparation: choose a routine, adjust it, rate tension first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from hipdash import session_flow as flow
from hipdash.catalog import HOLD_RANGE, REPS_RANGE, SETS_RANGE, Catalog, Technique
from hipdash.durations import duration_text
from hipdash.filtering import CHOOSABLE_EQUIPMENT
from hipdash.plan import Plan, PlanError, step_dose, tighter_side
from hipdash.records import RoutineStep, SavedRoutine
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
from hipdash.store import Snapshot
from hipdash.ui import session_state as state
from hipdash.ui.actions import Action, action_button, action_row, chosen_action
from hipdash.ui.bodymap import area_picker
from hipdash.ui.shell import WRITE_ERRORS, escape_markdown, get_store
from hipdash.ui.technique import technique_cues, technique_safety, technique_steps
from hipdash.vocabulary import AREAS, EQUIPMENT, MODALITIES, counted

S = st.session_state
QUEUE_ICON = ":material/playlist_play:"
MINUTE_CHOICES = [5, 10, 15, 20, 30, 45, 60]
SOURCES = {
    "queue": "Your queue",
    "built_in": "Ready-made routines",
    "builder": "Build one for me",
    "saved": "Your saved routines",
}


# -- actions -----------------------------------------------------------------------------


def _use_built_in(routine_id: str) -> None:
    routine = get_built_in(routine_id)
    if routine is not None:
        state.use(list(routine.steps), routine.name, f"built_in:{routine_id}")


def _use_saved() -> None:
    chosen = S.get("session_saved_choice")
    try:
        routines = get_store().snapshot().routines
    except WRITE_ERRORS as exc:
        S[state.PROBLEM] = f"The saved routines can't be read: {exc}"
        return
    routine = next((r for r in routines if r.id == chosen), None)
    if routine is not None:
        state.use(list(routine.steps), routine.name, f"saved:{routine.id}")


def _delete_saved() -> None:
    chosen = S.get("session_saved_choice")
    if chosen:
        state.write(lambda: get_store().delete_routine(chosen), "Routine deleted")


def _build(catalog: Catalog) -> None:
    areas = list(S.get("session_chosen_areas", []))
    minutes = S.get("session_minutes", 15)
    equipment = list(S.get("session_equipment", []))
    built = build_routine(catalog, areas, minutes, equipment)
    if not built:
        _builder_says(
            "warning", "Nothing fits these choices. Add equipment you have or choose other areas."
        )
        return
    state.use(built, flow.builder_name(areas, minutes), "builder")
    seconds = routine_seconds(built, catalog)
    if seconds < minutes * 60 - 60:
        _builder_says(
            "info",
            f"This routine takes about {duration_text(seconds)}: the techniques for "
            f"these areas and this equipment can't fill {minutes} minutes.",
        )
    else:
        _builder_says("success", f"Built: about {duration_text(seconds)}.")


def _builder_says(kind: str, text: str) -> None:
    state.show(replace(state.screen(), builder_note=(kind, text)))


def _edit(change: Callable[[list[RoutineStep]], list[RoutineStep]]) -> None:
    try:
        state.show(state.screen().edited(change(state.steps())))
    except (ValueError, IndexError) as exc:
        S[state.PROBLEM] = f"That change was not made: {exc}."


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
        S[state.PROBLEM] = str(exc)
        return
    routine = SavedRoutine(name=name, steps=tuple(state.steps()))
    if state.write(lambda: get_store().save_routine(routine), "Routine saved"):
        state.show(state.screen().renamed(name, f"saved:{routine.id}"))


# -- rendering ---------------------------------------------------------------------------


def technique_notes(technique: Technique) -> None:
    """Render a technique's cautions first, then its steps and cues."""
    technique_safety(technique)
    technique_steps(technique)
    technique_cues(technique)


def choose_routine(catalog: Catalog, snapshot: Snapshot) -> None:
    """Render the routine sources: the queue, ready-made, the builder and saved ones."""
    queue = S.get("session_queue", [])
    loaded = state.screen().loaded_from
    # The queue is the natural start, and if it changed on Explore since it was
    # loaded here, the routine follows it.
    if queue and (loaded is None or (loaded.startswith("queue:") and not state.queue_loaded())):
        state.use_queue(catalog)
        S["session_source"] = "queue"
    st.header("1 · Choose a routine")
    source = st.segmented_control(
        "Start from",
        list(SOURCES),
        format_func=SOURCES.__getitem__,
        key="session_source",
        persist_state="session",
    )
    if source == "queue":
        _queue_picker(catalog, queue)
    elif source == "built_in":
        _built_in_picker()
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
    count = counted(len(queue), "technique")
    if state.queue_loaded():
        # Offering to load what is already loaded would only confuse.
        st.success(f"Your queue ({count}) is the routine below.", icon=":material/check:")
        return
    st.markdown(f"{count} from Explore.")
    action_button(
        Action("Use my queue", "session_use_queue", state.use_queue, (catalog,), QUEUE_ICON)
    )


def _built_in_picker() -> None:
    loaded = state.screen().loaded_from
    columns = st.columns(len(BUILT_IN_ROUTINES))
    for column, routine in zip(columns, BUILT_IN_ROUTINES, strict=True):
        with column.container(border=True, height="stretch"):
            st.markdown(f"**{routine.name}**  \n{routine.minutes} min · {len(routine.steps)} steps")
            st.caption(routine.summary)
            chosen = loaded == f"built_in:{routine.id}"
            use = chosen_action(
                chosen,
                ("Use this", "Chosen"),
                f"session_use_{routine.id}",
                _use_built_in,
                (routine.id,),
            )
            action_button(use, stretch=True)


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
            format_func=EQUIPMENT.__getitem__,
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
        note = state.screen().builder_note
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
    st.selectbox(
        "Saved routine", list(names), format_func=names.__getitem__, key="session_saved_choice"
    )
    loaded = state.screen().loaded_from == f"saved:{S['session_saved_choice']}"
    action_row(
        chosen_action(
            loaded,
            ("Use this routine", "Loaded below"),
            "session_use_saved",
            _use_saved,
            kind="primary",
        ),
        Action("Delete it", "session_delete_routine", _delete_saved, icon=":material/delete:"),
    )


def edit_routine(catalog: Catalog, snapshot: Snapshot) -> Plan | None:
    """Render the steps with their controls; return the plan, or None if it can't run."""
    st.header("2 · Adjust it")
    chosen = state.steps()
    if not chosen:
        st.info("Choose a routine above to see its steps here.", icon=":material/list:")
        return None
    st.text(f"Routine: {state.screen().routine_name}")
    _tighter_side_option(catalog, snapshot, chosen)
    try:
        plan = state.plan(catalog)
    except PlanError as exc:
        st.error(escape_markdown(f"This routine can't run: {exc}."), icon=":material/error:")
        return None
    for index, step in enumerate(chosen):
        technique = catalog.get(step.technique_id)
        if technique is not None:
            _step_row(index, step, technique, len(chosen), plan.step_seconds(index))
    st.metric("Planned time", duration_text(plan.total_seconds), border=True)
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


def _tighter_side_option(catalog: Catalog, snapshot: Snapshot, chosen: list[RoutineStep]) -> None:
    per_side = [t for t in (catalog.get(s.technique_id) for s in chosen) if t and t.dose.per_side]
    if not per_side:
        return
    st.toggle(
        "Start each side-by-side technique on my tighter side",
        key="session_tighter_first",
        persist_state="session",
        help="Taken from your latest check-in that rated the left and right side apart. "
        "Otherwise a technique starts on the side its steps describe.",
    )
    if S.get("session_tighter_first"):
        sides = {t.name: tighter_side(snapshot.checkins, t.primary_areas) for t in per_side}
        known = [f"{name}: {side}" for name, side in sides.items() if side]
        st.caption(
            # Catalog names go into Markdown here, so they are escaped.
            "Tighter side first · " + escape_markdown("; ".join(known))
            if known
            else "No check-in rates the left and right side apart yet, so each technique "
            "starts on the side its steps describe."
        )


def _step_row(
    index: int, step: RoutineStep, technique: Technique, count: int, seconds: float
) -> None:
    with st.container(border=True):
        text, sets, dose, moves = st.columns([6, 2, 2, 3], vertical_alignment="center")
        # Catalog names are our own text, but still shown as plain text.
        text.text(
            f"{index + 1}. {technique.name}\n"
            f"{MODALITIES[technique.modality]} · about {duration_text(seconds)}"
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
            for suffix, icon, helptext, target, disabled in (
                ("up", ":material/arrow_upward:", "Move up", index - 1, index == 0),
                ("down", ":material/arrow_downward:", "Move down", index + 1, index == count - 1),
            ):
                st.button(
                    "",
                    key=f"session_{suffix}_{index}",
                    icon=icon,
                    help=helptext,
                    on_click=_move,
                    args=(index, target),
                    disabled=disabled,
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
            technique_notes(technique)


def rate_before(catalog: Catalog, snapshot: Snapshot) -> None:
    """Render the before-rating form that gets the session ready."""
    st.header("3 · How tense is it now?")
    areas = flow.targeted_areas((step.technique_id for step in state.steps()), catalog)
    defaults = flow.latest_levels(snapshot.checkins, areas)
    with st.form("session_before_form"):
        st.caption("0 is no tension at all, 10 the worst you can imagine.")
        for area in areas:
            st.slider(AREAS[area], 0, 10, value=defaults[area], key=f"session_before_{area}")
        action_row(
            Action(
                "Save ratings and get ready",
                None,
                state.get_ready,
                (catalog, areas, True),
                ":material/play_arrow:",
                "primary",
            ),
            Action("Skip rating", None, state.get_ready, (catalog, areas, False)),
            submit=True,
        )
