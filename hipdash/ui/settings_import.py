"""Draw the checked import of a hipdash JSON file: upload, check every row, then confirm."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from hipdash.serialize import KINDS
from hipdash.store import ImportResult, Store
from hipdash.store import local_now as now
from hipdash.transfer import MAX_IMPORT_BYTES, MAX_IMPORT_MB, ImportPlan, parse_import
from hipdash.ui.settings_export import KIND_LABELS
from hipdash.ui.shell import escape_markdown, get_store, in_demo, write_problem
from hipdash.vocabulary import RECORD_NOUNS, counted

FIX_IT = "Fix it in the file, or export again from the other copy of hipdash."
OUTCOME = "settings_import_outcome"


def init_state() -> None:
    """Create the uploader's session-state key once per browser session."""
    st.session_state.setdefault("settings_upload_version", 0)


def import_result_text(added: dict[str, int], skipped: dict[str, int]) -> str:
    """Return what an import did: the records added, by kind, and how many were skipped."""
    total_added = sum(added.values())
    total_skipped = sum(skipped.values())
    parts = [f"Imported {counted(total_added, 'record')}"]
    details = [counted(n, *RECORD_NOUNS[kind]) for kind, n in added.items() if n]
    if details:
        parts[0] += " (" + ", ".join(details) + ")"
    if total_skipped:
        parts.append(f"{total_skipped} already present, skipped")
    return "; ".join(parts) + "."


def read_plan(content: bytes) -> tuple[ImportPlan | None, str | None]:
    """Return the checked import plan of an uploaded file, or why it can't be read."""
    if len(content) > MAX_IMPORT_BYTES:
        return (
            None,
            f"The file is larger than {MAX_IMPORT_MB} MB, too large to be a hipdash export.",
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, "The file is not a text file in UTF-8, so it is not a hipdash export."
    return parse_import(text, now()), None


def _checked(uploaded: UploadedFile) -> tuple[ImportPlan | None, str | None]:
    """Return ``read_plan`` of an upload, worked out once per file rather than on every rerun."""
    kept = st.session_state.get("settings_import_checked")
    if kept is None or kept[0] != uploaded.file_id:
        kept = (uploaded.file_id, *read_plan(uploaded.getvalue()))
        st.session_state["settings_import_checked"] = kept
    return kept[1], kept[2]


def _apply_import(plan_key: str) -> None:
    """Import the uploaded file; run as the confirm button's callback, before the page."""
    uploaded = st.session_state.get(plan_key)
    if uploaded is None:
        return
    plan, problem = _checked(uploaded)
    if problem or plan is None or plan.errors:
        st.session_state[OUTCOME] = {
            "ok": False,
            "text": problem or "The file changed; nothing was imported. Upload it again.",
        }
        return
    results: list[ImportResult] = []
    problem = write_problem(
        lambda: results.append(get_store().apply_import(plan.records)), "imported"
    )
    if problem:
        outcome = {"ok": False, "text": problem}
    else:
        outcome = {"ok": True, "text": import_result_text(results[0].added, results[0].skipped)}
        st.toast("Import finished.", icon=":material/check_circle:")
        # A fresh uploader key clears the file, so the same import is not offered again.
        st.session_state["settings_upload_version"] += 1
    st.session_state[OUTCOME] = outcome


def import_section(store: Store) -> None:
    """Render the uploader, the check of the chosen file and the confirm button."""
    st.header("Import")
    st.markdown(
        "Bring back a hipdash JSON export (or a backup file). Every row is checked first; "
        "if anything is wrong, nothing is imported. Entries you already have are skipped, so "
        "importing the same file twice adds nothing."
    )
    _last_outcome()
    if in_demo():
        st.info("Go back to your own data to import a file.", icon=":material/science:")
        return
    key = f"settings_import_file_{st.session_state['settings_upload_version']}"
    uploaded = st.file_uploader(
        "Choose a hipdash JSON file",
        type=["json"],
        key=key,
        max_upload_size=MAX_IMPORT_MB,
        help=f"A hipdash export or backup, up to {MAX_IMPORT_MB} MB.",
    )
    st.caption(f"Files up to {MAX_IMPORT_MB} MB. The file stays on this computer.")
    if uploaded is None:
        return
    plan, problem = _checked(uploaded)
    if problem or plan is None:
        st.error(
            "Nothing was imported. " + (problem or "The file could not be read."),
            icon=":material/error:",
        )
    elif plan.errors:
        _plan_problems(plan.errors)
    else:
        _confirm(store, plan, key)


def _last_outcome() -> None:
    outcome = st.session_state.pop(OUTCOME, None)
    if not outcome:
        return
    if outcome["ok"]:
        st.success(outcome["text"], icon=":material/check_circle:")
    else:
        st.error(escape_markdown(outcome["text"]), icon=":material/error:")


def _plan_problems(errors: tuple[str, ...]) -> None:
    if len(errors) == 1:
        # One problem, often with the whole file, is said in the message itself.
        st.error(
            "Nothing was imported. " + escape_markdown(errors[0]) + " " + FIX_IT,
            icon=":material/error:",
        )
        return
    st.error(
        f"Nothing was imported: the file has {len(errors)} problems. "
        "Fix them in the file, or export again from the other copy of hipdash.",
        icon=":material/error:",
    )
    # Messages quote the file's own content, so they are shown as table cells, never markup.
    st.dataframe(
        pd.DataFrame({"Problem": list(errors)}), hide_index=True, key="settings_import_errors"
    )


def _confirm(store: Store, plan: ImportPlan, key: str) -> None:
    counts = plan.counts()
    total = sum(counts.values())
    if not total:
        st.info(
            "The file holds no entries, so there is nothing to import.", icon=":material/inbox:"
        )
        return
    new = {
        kind: sum(not store.has(kind, r.id) for r in plan.records.records(kind)) for kind in KINDS
    }
    st.dataframe(
        pd.DataFrame(
            {
                "Kind": [KIND_LABELS[kind] for kind in KINDS],
                "In the file": [counts[kind] for kind in KINDS],
                "New": [new[kind] for kind in KINDS],
            }
        ),
        hide_index=True,
        key="settings_import_counts",
    )
    skipped = total - sum(new.values())
    if skipped:
        st.caption(f"{skipped} of them are already in your data and will be skipped.")
    st.button(
        f"Import {counted(total, 'record')}",
        key="settings_import_confirm",
        type="primary",
        icon=":material/upload:",
        on_click=_apply_import,
        args=(key,),
    )
