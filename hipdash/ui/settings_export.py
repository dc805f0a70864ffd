"""Draw the downloads of everything logged: one JSON file, or a CSV file per kind."""

from __future__ import annotations

import functools

import streamlit as st

from hipdash.serialize import KINDS
from hipdash.store import Snapshot, Store
from hipdash.store import local_now as now
from hipdash.transfer import export_csv, export_json
from hipdash.vocabulary import RECORD_NOUNS, counted

KIND_LABELS = {
    "checkins": "Tension check-ins",
    "sets": "Strength sets",
    "sessions": "Sessions",
    "notes": "Notes",
    "routines": "Saved routines",
}


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
                data=functools.partial(csv_of, store, kind),
                file_name=f"hipdash-{kind}-{stamp}.csv",
                mime="text/csv",
                key=f"settings_export_csv_{kind}",
                icon=":material/table_view:",
                on_click="ignore",
            )


def csv_of(store: Store, kind: str) -> str:
    """Return the CSV text of one kind of record, from the data file as it is now."""
    return export_csv(store.snapshot())[kind]
