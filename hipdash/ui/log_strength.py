"""Draw the Log page's strength and balance form, and build the sets it describes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from hipdash.catalog import Catalog
from hipdash.records import LOAD_UNITS, StrengthSet, new_id
from hipdash.store import local_now as now
from hipdash.ui.log_checkin import side_choice
from hipdash.ui.log_entries import plural
from hipdash.ui.shell import (
    escape_markdown,
    get_catalog,
    get_store,
    save_from_callback,
    show_problem,
)
from hipdash.validation import NOTE_MAX_CHARS, problems_of

SOURCES = {"catalog": "From the technique list", "custom": "My own exercise"}
PROBLEM = "log_strength_problem"
RPE_HELP = "Rate of perceived exertion: 10 is all you had, 5 is moderate."


def _strength_name(form: Mapping[str, Any], catalog: Catalog) -> tuple[str, str | None]:
    """Return the exercise name and catalog id the strength form is about."""
    if form.get("log_strength_source") == "custom":
        return str(form.get("log_strength_custom") or "").strip(), None
    technique = catalog.get(form.get("log_strength_exercise") or "")
    if technique is None:
        return "", None
    return technique.name, technique.id


def _number(form: Mapping[str, Any], key: str) -> float | None:
    value = form.get(key)
    return None if value is None else float(value)


def strength_sets(
    form: Mapping[str, Any], catalog: Catalog, moment: datetime
) -> tuple[list[StrengthSet], list[str]]:
    """Build the sets the strength form's values describe; return them, or the problems found."""
    name, exercise_id = _strength_name(form, catalog)
    if not name:
        if form.get("log_strength_source") == "custom":
            return [], ["Type the name of your exercise first."]
        return [], ["Choose an exercise from the list first."]
    count = int(form.get("log_strength_count") or 1)
    reps = form.get("log_strength_reps")
    first = StrengthSet(
        at=moment,
        exercise_name=name,
        exercise_id=exercise_id,
        side=form.get("log_strength_side") or "both",
        reps=None if reps is None else int(reps),
        load=_number(form, "log_strength_load"),
        unit=form.get("log_strength_unit") or "kg",
        hold_seconds=_number(form, "log_strength_hold"),
        rpe=_number(form, "log_strength_rpe"),
        note=str(form.get("log_strength_note") or "").strip(),
    )
    problems = [message for _, message in problems_of(first, moment)]
    if problems:
        return [], problems
    # One second apart keeps the sets in the order they were done; the note goes on the first.
    sets = [first] + [
        replace(first, at=moment + timedelta(seconds=n), note="", id=new_id())
        for n in range(1, count)
    ]
    return sets, []


def _save_strength() -> None:
    sets, problems = strength_sets(st.session_state.to_dict(), get_catalog(), now())
    if problems:
        st.session_state[PROBLEM] = "Nothing was saved. " + " ".join(problems)
        return
    saved = save_from_callback(
        lambda: get_store().add_sets(sets),
        f"Saved {plural(len(sets), 'sets')} of {escape_markdown(sets[0].exercise_name)}.",
        PROBLEM,
    )
    if saved:
        st.session_state["log_strength_note"] = ""


def strength_section() -> None:
    """Render the strength and balance form."""
    st.caption(
        "Log what you did: how many sets, and the reps, load or hold time of each. "
        "Bodyweight moves need no load; balance and plank work needs only the hold time."
    )
    left, right = st.columns([2, 3], gap="large")
    with left:
        _exercise_choice(get_catalog())
        show_problem(PROBLEM)
    with right, st.form("log_strength_form", border=True):
        _set_fields()


def _exercise_choice(catalog: Catalog) -> None:
    source = st.radio(
        "Exercise",
        list(SOURCES),
        format_func=SOURCES.get,
        horizontal=True,
        key="log_strength_source",
    )
    if source == "custom":
        st.text_input(
            "Name of your exercise",
            max_chars=80,
            key="log_strength_custom",
            placeholder="For example: Cossack squat",
        )
        return
    names = {t.id: t.name for t in catalog if t.modality == "strength"}
    st.selectbox(
        "Strengthening technique",
        sorted(names, key=names.__getitem__),
        format_func=names.__getitem__,
        index=None,
        placeholder="Choose or type to search",
        key="log_strength_exercise",
    )
    technique = catalog.get(st.session_state.get("log_strength_exercise") or "")
    if technique is not None:
        st.caption(f"Suggested dose: {technique.dose.describe()}.")


def _optional_number(
    slot: DeltaGenerator,
    label: str,
    key: str,
    bounds: tuple[float, float],
    step: float,
    placeholder: str,
    helptext: str | None = None,
) -> None:
    # An empty field means "not measured", so every one of these starts blank.
    slot.number_input(
        label,
        min_value=bounds[0],
        max_value=bounds[1],
        value=None,
        step=step,
        key=key,
        placeholder=placeholder,
        help=helptext,
    )


def _set_fields() -> None:
    count, reps, hold = st.columns(3)
    count.number_input("Sets", min_value=1, max_value=20, value=1, key="log_strength_count")
    _optional_number(reps, "Reps per set", "log_strength_reps", (1, 1000), 1, "—")
    _optional_number(hold, "Hold (seconds)", "log_strength_hold", (0.0, 3600.0), 5.0, "—")
    load, unit, rpe = st.columns(3)
    _optional_number(load, "Load", "log_strength_load", (0.0, 1000.0), 0.5, "Bodyweight")
    unit.radio("Unit", list(LOAD_UNITS), horizontal=True, key="log_strength_unit")
    _optional_number(
        rpe, "Effort (RPE 1-10)", "log_strength_rpe", (1.0, 10.0), 0.5, "Optional", RPE_HELP
    )
    side_choice("Side", "log_strength_side")
    st.text_area("Note (optional)", max_chars=NOTE_MAX_CHARS, key="log_strength_note", height=68)
    st.form_submit_button(
        "Save sets",
        key="log_strength_save",
        type="primary",
        icon=":material/save:",
        on_click=_save_strength,
    )
