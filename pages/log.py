"""Log: record tension check-ins and strength sets, and fix or delete past entries."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime, timedelta, tzinfo
from typing import Any

import pandas as pd
import streamlit as st

from hipdash.records import LOAD_UNITS, SIDES, StrengthSet, TensionCheckIn, new_id
from hipdash.session_flow import DEFAULT_LEVEL, latest_levels
from hipdash.store import DatabaseError, Snapshot
from hipdash.ui.bodymap import area_picker
from hipdash.ui.shell import (
    escape_markdown,
    get_catalog,
    get_store,
    load_snapshot,
    now,
    require_shell,
    save_from_callback,
    show_problem,
)
from hipdash.validation import NOTE_MAX_CHARS, problems_of
from hipdash.vocabulary import AREA_SHORT_LABELS, AREAS, counted

require_shell()

SIDE_LABELS = {"both": "Both / middle", "left": "Left", "right": "Right"}
CONTEXT_LABELS = {
    "standalone": "Check-in",
    "before_session": "Before a session",
    "after_session": "After a session",
}
SOURCES = {"catalog": "From the technique list", "custom": "My own exercise"}
# The edit tables show this many of the newest entries, so they stay quick at years of logs.
EDIT_LIMIT = 200
TIME_FORMAT = "%a %d %b %Y, %H:%M"
KIND_NOUNS = {"checkins": ("check-in", "check-ins"), "sets": ("set", "sets")}

st.session_state.setdefault("log_edit_version", 0)
st.session_state.setdefault("log_edit_kind", "checkins")


# --- writing, shared by every callback ------------------------------------------------------


def _plural(count: int, kind: str) -> str:
    return counted(count, *KIND_NOUNS[kind])


# --- tension check-in ------------------------------------------------------------------------


def _save_checkins() -> None:
    chosen: list[str] = st.session_state.get("log_chosen_areas", [])
    if not chosen:
        return
    note = str(st.session_state.get("log_checkin_note") or "").strip()
    moment = now()
    checkins = [
        TensionCheckIn(
            at=moment,
            area=area,
            level=int(st.session_state.get(f"log_level_{area}", DEFAULT_LEVEL)),
            side=st.session_state.get(f"log_side_{area}") or "both",
            context="standalone",
            note=note,
        )
        for area in chosen
    ]
    noun = "check-in" if len(checkins) == 1 else f"{len(checkins)} check-ins"
    saved = save_from_callback(
        lambda: get_store().add_checkins(checkins),
        f"Saved {noun} at {moment:%H:%M}.",
        "log_checkin_problem",
    )
    if saved:
        # Only a saved note is cleared; after a failure it stays for another try.
        st.session_state["log_checkin_note"] = ""


def checkin_section(snapshot: Snapshot) -> None:
    """Render the body map, the area list and the check-in form."""
    st.caption(
        "Click the tense regions on the map or choose them from the list, rate each one and "
        "save. Check in as often as you like: several times a day is fine."
    )
    map_column, form_column = st.columns([3, 2], gap="large")
    with form_column:
        chosen = area_picker("log", map_slot=map_column)
        show_problem("log_checkin_problem")
        latest = latest_levels(snapshot.checkins, chosen)
        with st.form("log_checkin_form", border=True):
            if not chosen:
                st.info(
                    "Pick at least one area on the map or in the list above first.",
                    icon=":material/touch_app:",
                )
            for area in chosen:
                st.slider(
                    f"{AREAS[area]}: tension",
                    min_value=0,
                    max_value=10,
                    value=latest[area],
                    key=f"log_level_{area}",
                    help="0 = no tension at all, 10 = the worst you can imagine.",
                )
                st.radio(
                    f"Side for {AREA_SHORT_LABELS[area].lower()}",
                    list(SIDE_LABELS),
                    format_func=SIDE_LABELS.get,
                    horizontal=True,
                    key=f"log_side_{area}",
                    label_visibility="collapsed",
                )
            st.text_area(
                "Note (optional)",
                max_chars=NOTE_MAX_CHARS,
                key="log_checkin_note",
                placeholder="What were you doing? How did you sleep?",
                height=80,
            )
            st.form_submit_button(
                "Save check-in",
                key="log_checkin_save",
                type="primary",
                icon=":material/save:",
                disabled=not chosen,
                on_click=_save_checkins,
            )


# --- strength log ----------------------------------------------------------------------------


def _strength_name() -> tuple[str, str | None]:
    """Return the exercise name and catalog id the strength form is about."""
    if st.session_state.get("log_strength_source") == "custom":
        return str(st.session_state.get("log_strength_custom") or "").strip(), None
    technique = get_catalog().get(st.session_state.get("log_strength_exercise") or "")
    if technique is None:
        return "", None
    return technique.name, technique.id


def _number(key: str) -> float | None:
    value = st.session_state.get(key)
    return None if value is None else float(value)


def _strength_sets(moment: datetime) -> tuple[list[StrengthSet], list[str]]:
    """Build the sets the strength form describes; return them, or the problems found."""
    name, exercise_id = _strength_name()
    if not name:
        if st.session_state.get("log_strength_source") == "custom":
            return [], ["Type the name of your exercise first."]
        return [], ["Choose an exercise from the list first."]
    count = int(st.session_state.get("log_strength_count") or 1)
    reps = st.session_state.get("log_strength_reps")
    first = StrengthSet(
        at=moment,
        exercise_name=name,
        exercise_id=exercise_id,
        side=st.session_state.get("log_strength_side") or "both",
        reps=None if reps is None else int(reps),
        load=_number("log_strength_load"),
        unit=st.session_state.get("log_strength_unit") or "kg",
        hold_seconds=_number("log_strength_hold"),
        rpe=_number("log_strength_rpe"),
        note=str(st.session_state.get("log_strength_note") or "").strip(),
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
    sets, problems = _strength_sets(now())
    if problems:
        st.session_state["log_strength_problem"] = "Nothing was saved. " + " ".join(problems)
        return
    saved = save_from_callback(
        lambda: get_store().add_sets(sets),
        f"Saved {_plural(len(sets), 'sets')} of {escape_markdown(sets[0].exercise_name)}.",
        "log_strength_problem",
    )
    if saved:
        st.session_state["log_strength_note"] = ""


def strength_section() -> None:
    """Render the strength and balance form."""
    catalog = get_catalog()
    exercises = sorted((t for t in catalog if t.modality == "strength"), key=lambda t: t.name)
    st.caption(
        "Log what you did: how many sets, and the reps, load or hold time of each. "
        "Bodyweight moves need no load; balance and plank work needs only the hold time."
    )
    left, right = st.columns([2, 3], gap="large")
    with left:
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
        else:
            st.selectbox(
                "Strengthening technique",
                [t.id for t in exercises],
                format_func=lambda tid: catalog.get(tid).name,  # type: ignore[union-attr]
                index=None,
                placeholder="Choose or type to search",
                key="log_strength_exercise",
            )
            technique = catalog.get(st.session_state.get("log_strength_exercise") or "")
            if technique is not None:
                st.caption(f"Suggested dose: {technique.dose.describe()}.")
        show_problem("log_strength_problem")
    with right, st.form("log_strength_form", border=True):
        count, reps, hold = st.columns(3)
        count.number_input("Sets", min_value=1, max_value=20, value=1, key="log_strength_count")
        reps.number_input(
            "Reps per set",
            min_value=1,
            max_value=1000,
            value=None,
            step=1,
            key="log_strength_reps",
            placeholder="—",
        )
        hold.number_input(
            "Hold (seconds)",
            min_value=0.0,
            max_value=3600.0,
            value=None,
            step=5.0,
            key="log_strength_hold",
            placeholder="—",
        )
        load, unit, rpe = st.columns(3)
        load.number_input(
            "Load",
            min_value=0.0,
            max_value=1000.0,
            value=None,
            step=0.5,
            key="log_strength_load",
            placeholder="Bodyweight",
        )
        unit.radio("Unit", list(LOAD_UNITS), horizontal=True, key="log_strength_unit")
        rpe.number_input(
            "Effort (RPE 1-10)",
            min_value=1.0,
            max_value=10.0,
            value=None,
            step=0.5,
            key="log_strength_rpe",
            placeholder="Optional",
            help="Rate of perceived exertion: 10 is all you had, 5 is moderate.",
        )
        st.radio(
            "Side",
            list(SIDE_LABELS),
            format_func=SIDE_LABELS.get,
            horizontal=True,
            key="log_strength_side",
        )
        st.text_area(
            "Note (optional)", max_chars=NOTE_MAX_CHARS, key="log_strength_note", height=68
        )
        st.form_submit_button(
            "Save sets",
            key="log_strength_save",
            type="primary",
            icon=":material/save:",
            on_click=_save_strength,
        )


# --- editing past entries --------------------------------------------------------------------


def _editor_key(kind: str) -> str:
    return f"log_edit_{kind}_{st.session_state['log_edit_version']}"


def _reset_editors() -> None:
    # A fresh key is the only way to drop a data editor's pending edits.
    st.session_state["log_edit_version"] += 1


def _when(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime(TIME_FORMAT)


def _checkin_table(snapshot: Snapshot, tz: tzinfo) -> pd.DataFrame:
    recent = snapshot.checkins[-EDIT_LIMIT:][::-1]
    return pd.DataFrame(
        {
            "delete": [False] * len(recent),
            "when": [_when(c.at, tz) for c in recent],
            "area": [AREA_SHORT_LABELS.get(c.area, c.area) for c in recent],
            "level": pd.array([c.level for c in recent], dtype="int64"),
            "side": [c.side for c in recent],
            "context": [CONTEXT_LABELS.get(c.context, c.context) for c in recent],
            "note": [c.note for c in recent],
        },
        index=pd.Index([c.id for c in recent], name="id"),
    )


def _set_table(snapshot: Snapshot, tz: tzinfo) -> pd.DataFrame:
    recent = snapshot.sets[-EDIT_LIMIT:][::-1]
    return pd.DataFrame(
        {
            "delete": [False] * len(recent),
            "when": [_when(s.at, tz) for s in recent],
            "exercise": [s.exercise_name for s in recent],
            "side": [s.side for s in recent],
            "reps": pd.array([s.reps for s in recent], dtype="Int64"),
            "load": pd.array([s.load for s in recent], dtype="Float64"),
            "unit": [s.unit for s in recent],
            "hold_seconds": pd.array([s.hold_seconds for s in recent], dtype="Float64"),
            "rpe": pd.array([s.rpe for s in recent], dtype="Float64"),
            "note": [s.note for s in recent],
        },
        index=pd.Index([s.id for s in recent], name="id"),
    )


_SHARED_COLUMNS = {
    "when": st.column_config.TextColumn("When", disabled=True, width="medium"),
    "side": st.column_config.SelectboxColumn("Side", options=list(SIDES), required=True),
    "note": st.column_config.TextColumn("Note", max_chars=NOTE_MAX_CHARS, width="large"),
    "delete": st.column_config.CheckboxColumn(
        "Delete", help="Tick, then press Delete below.", width="small"
    ),
}
COLUMNS = {
    "checkins": {
        **_SHARED_COLUMNS,
        "area": st.column_config.TextColumn("Area", disabled=True),
        "level": st.column_config.NumberColumn(
            "Tension", min_value=0, max_value=10, step=1, required=True
        ),
        "context": st.column_config.TextColumn("Kind", disabled=True),
    },
    "sets": {
        **_SHARED_COLUMNS,
        "exercise": st.column_config.TextColumn("Exercise", disabled=True, width="medium"),
        "reps": st.column_config.NumberColumn("Reps", min_value=1, max_value=1000, step=1),
        "load": st.column_config.NumberColumn("Load", min_value=0, max_value=1000, step=0.5),
        "unit": st.column_config.SelectboxColumn("Unit", options=list(LOAD_UNITS), required=True),
        "hold_seconds": st.column_config.NumberColumn(
            "Hold (s)", min_value=0, max_value=3600, step=1
        ),
        "rpe": st.column_config.NumberColumn("RPE", min_value=1, max_value=10, step=0.5),
    },
}
# Only these columns change stored fields; the table column names match the record fields.
EDITABLE = {
    "checkins": ("level", "side", "note"),
    "sets": ("side", "reps", "load", "unit", "hold_seconds", "rpe", "note"),
}


def _plain(column: str, value: Any) -> Any:
    """Turn an edited cell into the value a record field holds."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "" if column == "note" else None
    if column in ("level", "reps"):
        number = float(value)
        return int(number) if number.is_integer() else number
    if column in ("load", "hold_seconds", "rpe"):
        return float(value)
    return str(value) if column != "note" else str(value).strip()


def _pending(kind: str, ids: list[str]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Return the edited fields per record id, and the ids ticked for deletion."""
    state = st.session_state.get(_editor_key(kind)) or {}
    changes: dict[str, dict[str, Any]] = {}
    doomed: list[str] = []
    for position, cells in (state.get("edited_rows") or {}).items():
        row = int(position)
        if row >= len(ids):
            continue
        if cells.get("delete"):
            doomed.append(ids[row])
            continue
        edits = {c: _plain(c, v) for c, v in cells.items() if c in EDITABLE[kind]}
        if edits:
            changes[ids[row]] = edits
    return changes, doomed


def _save_edits(kind: str, changes: dict[str, dict[str, Any]]) -> None:
    store = get_store()
    try:
        stored = {r.id: r for r in store.snapshot().records(kind)}
    except DatabaseError as exc:
        st.session_state["log_edit_problem"] = exc.recovery_hint()
        return
    moment = now()
    updated, problems = [], []
    for record_id, edits in changes.items():
        record = stored.get(record_id)
        if record is None:
            continue  # deleted in another window meanwhile; nothing to update
        candidate = replace(record, **edits)
        found = problems_of(candidate, moment)
        if found:
            label = _when(record.at, moment.tzinfo)  # type: ignore[arg-type]
            problems.append(f"{label}: " + " ".join(message for _, message in found))
        else:
            updated.append(candidate)
    if problems:
        st.session_state["log_edit_problem"] = "Nothing was saved. " + " ".join(problems)
        return
    # One write for all the edited rows: either every change is saved or none is.
    saved = save_from_callback(
        lambda: store.update_many(updated),
        f"Saved changes to {_plural(len(updated), kind)}.",
        "log_edit_problem",
    )
    if saved:
        _reset_editors()


def _ask_delete(kind: str, ids: list[str]) -> None:
    st.session_state["log_delete_pending"] = {"kind": kind, "ids": list(ids)}


def _cancel_delete() -> None:
    st.session_state.pop("log_delete_pending", None)


def _delete(kind: str, ids: list[str]) -> None:
    store = get_store()
    _cancel_delete()

    # One write for all of them: either every ticked entry goes or none does.
    save_from_callback(
        lambda: store.delete_many(kind, ids),
        f"Deleted {_plural(len(ids), kind)}.",
        "log_edit_problem",
    )
    _reset_editors()


def edit_section(snapshot: Snapshot) -> None:
    """Render the table of recent entries, with saving of edits and confirmed deletion."""
    tz = now().tzinfo
    assert tz is not None
    kind = st.segmented_control(
        "Entries",
        list(KIND_NOUNS),
        format_func=lambda k: {"checkins": "Tension check-ins", "sets": "Strength sets"}[k],
        key="log_edit_kind",
        required=True,
        label_visibility="collapsed",
    )
    kind = kind or "checkins"
    table = _checkin_table(snapshot, tz) if kind == "checkins" else _set_table(snapshot, tz)
    total = len(snapshot.records(kind))
    if not total:
        st.info(f"No {KIND_NOUNS[kind][1]} logged yet.", icon=":material/inbox:")
        return
    one, many = KIND_NOUNS[kind]
    if total > len(table):
        shown = f"the newest {len(table)} of {total} {many}, newest first"
    else:
        shown = f"the only {one}" if total == 1 else f"all {total} {many}, newest first"
    st.caption(
        f"Showing {shown}. Click a cell to change it, then save. "
        "To remove entries, tick Delete and confirm."
    )
    ids = list(table.index)
    # A table whose rows moved (a new entry, another window) starts over, so a pending edit
    # can never land on the wrong row.
    if st.session_state.get("log_edit_ids") != [kind, *ids]:
        if "log_edit_ids" in st.session_state:
            _reset_editors()
        st.session_state["log_edit_ids"] = [kind, *ids]
    st.data_editor(
        table,
        key=_editor_key(kind),
        hide_index=True,
        num_rows="fixed",
        column_config=COLUMNS[kind],
        column_order=list(table.columns),
        width="stretch",
        placeholder="–",
    )
    show_problem("log_edit_problem")
    changes, doomed = _pending(kind, ids)
    pending = st.session_state.get("log_delete_pending")
    if pending and pending["kind"] == kind:
        count = len(pending["ids"])
        with st.container(border=True):
            st.warning(
                f"Delete {_plural(count, kind)} for good? This can't be undone here; "
                "the daily backup still holds the file as it was this morning.",
                icon=":material/delete_forever:",
            )
            with st.container(horizontal=True):
                st.button(
                    f"Yes, delete {_plural(count, kind)}",
                    key="log_delete_confirm",
                    type="primary",
                    on_click=_delete,
                    args=(kind, pending["ids"]),
                )
                st.button("Cancel", key="log_delete_cancel", on_click=_cancel_delete)
        return
    with st.container(horizontal=True):
        st.button(
            f"Save {_plural(len(changes), kind)}" if changes else "Save changes",
            key="log_edit_save",
            type="primary",
            icon=":material/save:",
            disabled=not changes,
            on_click=_save_edits,
            args=(kind, changes),
        )
        st.button(
            f"Delete {_plural(len(doomed), kind)}" if doomed else "Delete",
            key="log_delete",
            icon=":material/delete:",
            disabled=not doomed,
            on_click=_ask_delete,
            args=(kind, doomed),
        )
        st.button("Undo my edits", key="log_edit_reset", on_click=_reset_editors)


# --- the page --------------------------------------------------------------------------------

st.title("Log")
snapshot = load_snapshot()
tension_tab, strength_tab, edit_tab = st.tabs(
    ["Tension check-in", "Strength & balance", "Edit past entries"],
    key="log_tab",
    on_change="rerun",
)
# Only the open tab is drawn: the edit table and the body map each cost a little.
if tension_tab.open:
    with tension_tab:
        checkin_section(snapshot)
if strength_tab.open:
    with strength_tab:
        strength_section()
if edit_tab.open:
    with edit_tab:
        edit_section(snapshot)
