"""Draw the Log page's table of past entries: fix cells, save them, and delete with a check."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import streamlit as st

from hipdash.records import LOAD_UNITS, SIDES
from hipdash.store import DatabaseError, Snapshot
from hipdash.store import local_now as now
from hipdash.ui.actions import Action, action_row
from hipdash.ui.log_entries import (
    KIND_NOUNS,
    checkin_table,
    pending_edits,
    plural,
    set_table,
    shown_text,
    when_text,
)
from hipdash.ui.shell import get_store, save_from_callback, show_problem
from hipdash.validation import NOTE_MAX_CHARS, problems_of

PROBLEM = "log_edit_problem"
SAVE_ICON = ":material/save:"
DELETE_ICON = ":material/delete:"
KIND_TITLES = {"checkins": "Tension check-ins", "sets": "Strength sets"}
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


def init_state() -> None:
    """Create the edit table's session-state keys once per browser session."""
    st.session_state.setdefault("log_edit_version", 0)
    st.session_state.setdefault("log_edit_kind", "checkins")


def _editor_key(kind: str) -> str:
    return f"log_edit_{kind}_{st.session_state['log_edit_version']}"


def _reset_editors() -> None:
    # A fresh key is the only way to drop a data editor's pending edits.
    st.session_state["log_edit_version"] += 1


def _save_edits(kind: str, changes: dict[str, dict[str, Any]]) -> None:
    store = get_store()
    try:
        stored = {r.id: r for r in store.snapshot().records(kind)}
    except DatabaseError as exc:
        st.session_state[PROBLEM] = exc.recovery_hint()
        return
    moment = now()
    assert moment.tzinfo is not None
    updated, problems = [], []
    for record_id, edits in changes.items():
        record = stored.get(record_id)
        if record is None:
            continue  # deleted in another window meanwhile; nothing to update
        candidate = replace(record, **edits)
        found = problems_of(candidate, moment)
        if found:
            label = when_text(record.at, moment.tzinfo)
            problems.append(f"{label}: " + " ".join(message for _, message in found))
        else:
            updated.append(candidate)
    if problems:
        st.session_state[PROBLEM] = "Nothing was saved. " + " ".join(problems)
        return
    # One write for all the edited rows: either every change is saved or none is.
    saved = save_from_callback(
        lambda: store.update_many(updated),
        f"Saved changes to {plural(len(updated), kind)}.",
        PROBLEM,
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
        lambda: store.delete_many(kind, ids), f"Deleted {plural(len(ids), kind)}.", PROBLEM
    )
    _reset_editors()


def edit_section(snapshot: Snapshot) -> None:
    """Render the table of recent entries, with saving of edits and confirmed deletion."""
    tz = now().tzinfo
    assert tz is not None
    kind = st.segmented_control(
        "Entries",
        list(KIND_NOUNS),
        format_func=KIND_TITLES.__getitem__,
        key="log_edit_kind",
        required=True,
        label_visibility="collapsed",
    )
    kind = kind or "checkins"
    if kind == "checkins":
        table = checkin_table(snapshot.checkins, tz)
    else:
        table = set_table(snapshot.sets, tz)
    total = len(snapshot.records(kind))
    if not total:
        st.info(f"No {KIND_NOUNS[kind][1]} logged yet.", icon=":material/inbox:")
        return
    st.caption(
        f"Showing {shown_text(kind, len(table), total)}. Click a cell to change it, then save. "
        "To remove entries, tick Delete and confirm."
    )
    ids = list(table.index)
    _forget_edits_if_rows_moved(kind, ids)
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
    show_problem(PROBLEM)
    pending = st.session_state.get("log_delete_pending")
    if pending and pending["kind"] == kind:
        _confirm_delete(kind, pending["ids"])
    else:
        changes, doomed = pending_edits(st.session_state.get(_editor_key(kind)) or {}, kind, ids)
        _edit_buttons(kind, changes, doomed)


def _forget_edits_if_rows_moved(kind: str, ids: list[str]) -> None:
    # A table whose rows moved (a new entry, another window) starts over, so a pending edit
    # can never land on the wrong row.
    if st.session_state.get("log_edit_ids") != [kind, *ids]:
        if "log_edit_ids" in st.session_state:
            _reset_editors()
        st.session_state["log_edit_ids"] = [kind, *ids]


def _confirm_delete(kind: str, ids: list[str]) -> None:
    count = len(ids)
    with st.container(border=True):
        st.warning(
            f"Delete {plural(count, kind)} for good? This can't be undone here; "
            "the daily backup still holds the file as it was this morning.",
            icon=":material/delete_forever:",
        )
        yes = f"Yes, delete {plural(count, kind)}"
        action_row(
            Action(yes, "log_delete_confirm", _delete, (kind, ids), kind="primary"),
            Action("Cancel", "log_delete_cancel", _cancel_delete),
        )


def _edit_buttons(kind: str, changes: dict[str, dict[str, Any]], doomed: list[str]) -> None:
    save = f"Save {plural(len(changes), kind)}" if changes else "Save changes"
    delete = f"Delete {plural(len(doomed), kind)}" if doomed else "Delete"
    action_row(
        Action(
            save, "log_edit_save", _save_edits, (kind, changes), SAVE_ICON, "primary", not changes
        ),
        Action(delete, "log_delete", _ask_delete, (kind, doomed), DELETE_ICON, disabled=not doomed),
        Action("Undo my edits", "log_edit_reset", _reset_editors),
    )
