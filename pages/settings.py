"""Data & settings: where the data file lives, its backups, export and a checked import."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from hipdash.backup import KEEP_DAILY_BACKUPS, list_backups
from hipdash.paths import DB_ENV_VAR, backup_dir
from hipdash.serialize import KINDS
from hipdash.store import DatabaseError, ImportResult, Snapshot, Store
from hipdash.transfer import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_MB,
    ImportPlan,
    export_csv,
    export_json,
    parse_import,
)
from hipdash.ui.shell import (
    escape_markdown,
    get_store,
    in_demo,
    now,
    require_shell,
    show_database_error,
    write_problem,
)
from hipdash.ui.theme import theme_section
from hipdash.vocabulary import RECORD_NOUNS, counted

require_shell()

KIND_LABELS = {
    "checkins": "Tension check-ins",
    "sets": "Strength sets",
    "sessions": "Sessions",
    "notes": "Notes",
    "routines": "Saved routines",
}
FIX_IT = "Fix it in the file, or export again from the other copy of hipdash."

st.session_state.setdefault("settings_upload_version", 0)


def _size_text(size: int) -> str:
    for unit in ("bytes", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    raise AssertionError("unreachable")


def where_section(store: Store) -> None:
    """Render the data file's path, how to change it, and the automatic backups."""
    st.header("Where your data lives")
    if in_demo():
        st.info(
            "You are looking at the demo file, kept apart from your own data.",
            icon=":material/science:",
        )
    st.markdown("Everything you log is kept in one JSON file on this computer:")
    st.code(str(store.path), language=None, wrap_lines=True)
    if store.path.exists():
        size = f"{_size_text(store.path.stat().st_size)}. "
    else:
        size = "Not created yet: it appears with your first entry. "
    st.caption(
        size + f"To keep it somewhere else, start hipdash with the {DB_ENV_VAR} environment "
        f"variable set to the file you want, for example `{DB_ENV_VAR}=~/hips.json make run`."
    )
    st.markdown("**Automatic backups**")
    st.code(str(backup_dir(store.path)), language=None, wrap_lines=True)
    backups = list_backups(store.path)
    st.caption(
        f"Once a day, before anything changes, hipdash copies the file here (only when it "
        f"reads back in full) and keeps the last {KEEP_DAILY_BACKUPS} days, never deleting "
        "the newest good copy. To restore one, close hipdash and copy it over the data file."
    )
    if backups:
        rows = []
        for path in backups:
            stat = path.stat()
            rows.append(
                {
                    "file": path.name,
                    "size": _size_text(stat.st_size),
                    "saved": datetime.fromtimestamp(stat.st_mtime).strftime("%a %d %b %Y, %H:%M"),
                }
            )
        st.dataframe(
            pd.DataFrame(rows),
            hide_index=True,
            column_config={"file": "Backup", "size": "Size", "saved": "Saved"},
            key="settings_backups",
        )
    else:
        st.caption("No backup yet: the first one is made on the first day you log something.")


def export_section(store: Store, snapshot: Snapshot) -> None:
    """Render the JSON and per-kind CSV downloads."""
    st.header("Export")
    counts = ", ".join(counted(len(snapshot.records(kind)), *RECORD_NOUNS[kind]) for kind in KINDS)
    st.markdown(
        f"Download everything ({counts}). The JSON file can be imported again here; the CSV "
        "files open in any spreadsheet."
    )
    stamp = now().strftime("%Y-%m-%d")
    # Downloads are built only when clicked, from the file as it is then: a years-long log
    # would otherwise be serialised on every rerun of this page.
    st.download_button(
        "Download everything (JSON)",
        data=lambda: export_json(store.snapshot()),
        file_name=f"hipdash-export-{stamp}.json",
        mime="application/json",
        key="settings_export_json",
        type="primary",
        icon=":material/download:",
        on_click="ignore",
    )
    with st.container(horizontal=True):
        for kind in KINDS:
            st.download_button(
                f"{KIND_LABELS[kind]} (CSV)",
                data=lambda kind=kind: export_csv(store.snapshot())[kind],
                file_name=f"hipdash-{kind}-{stamp}.csv",
                mime="text/csv",
                key=f"settings_export_csv_{kind}",
                icon=":material/table_view:",
                on_click="ignore",
            )


def _import_result_text(added: dict[str, int], skipped: dict[str, int]) -> str:
    total_added = sum(added.values())
    total_skipped = sum(skipped.values())
    parts = [f"Imported {counted(total_added, 'record')}"]
    details = [counted(n, *RECORD_NOUNS[kind]) for kind, n in added.items() if n]
    if details:
        parts[0] += " (" + ", ".join(details) + ")"
    if total_skipped:
        parts.append(f"{total_skipped} already present, skipped")
    return "; ".join(parts) + "."


def _apply_import(plan_key: str) -> None:
    """Import the uploaded file; run as the confirm button's callback, before the page."""
    uploaded = st.session_state.get(plan_key)
    if uploaded is None:
        return
    plan, problem = _checked(uploaded)
    if problem or plan is None or plan.errors:
        st.session_state["settings_import_outcome"] = {
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
        outcome = {"ok": True, "text": _import_result_text(results[0].added, results[0].skipped)}
        st.toast("Import finished.", icon=":material/check_circle:")
        # A fresh uploader key clears the file, so the same import is not offered again.
        st.session_state["settings_upload_version"] += 1
    st.session_state["settings_import_outcome"] = outcome


def _read_plan(content: bytes) -> tuple[ImportPlan | None, str | None]:
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
    """Return ``_read_plan`` of an upload, worked out once per file rather than on every rerun."""
    kept = st.session_state.get("settings_import_checked")
    if kept is None or kept[0] != uploaded.file_id:
        kept = (uploaded.file_id, *_read_plan(uploaded.getvalue()))
        st.session_state["settings_import_checked"] = kept
    return kept[1], kept[2]


def import_section(store: Store) -> None:
    """Render the uploader, the check of the chosen file and the confirm button."""
    st.header("Import")
    st.markdown(
        "Bring back a hipdash JSON export (or a backup file). Every row is checked first; "
        "if anything is wrong, nothing is imported. Entries you already have are skipped, so "
        "importing the same file twice adds nothing."
    )
    outcome = st.session_state.pop("settings_import_outcome", None)
    if outcome:
        if outcome["ok"]:
            st.success(outcome["text"], icon=":material/check_circle:")
        else:
            st.error(escape_markdown(outcome["text"]), icon=":material/error:")
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
        return
    if len(plan.errors) == 1:
        # One problem, often with the whole file, is said in the message itself.
        st.error(
            "Nothing was imported. " + escape_markdown(plan.errors[0]) + " " + FIX_IT,
            icon=":material/error:",
        )
        return
    if plan.errors:
        st.error(
            f"Nothing was imported: the file has {len(plan.errors)} problems. "
            "Fix them in the file, or export again from the other copy of hipdash.",
            icon=":material/error:",
        )
        # Messages quote the file's own content, so they are shown as table cells, never markup.
        st.dataframe(
            pd.DataFrame({"Problem": list(plan.errors)}),
            hide_index=True,
            key="settings_import_errors",
        )
        return
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


# --- the page --------------------------------------------------------------------------------

st.title("Data & settings")
store = get_store()
try:
    snapshot: Snapshot | None = store.snapshot()
except DatabaseError as exc:
    # The page stays useful on a damaged file: where it is, what is wrong, how to recover.
    show_database_error(exc)
    snapshot = None

where_section(store)
st.divider()
if snapshot is None:
    st.info(
        "Export and import come back once the data file can be read again.",
        icon=":material/build:",
    )
else:
    export_section(store, snapshot)
    st.divider()
    import_section(store)
st.divider()
theme_section()
