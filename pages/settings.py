"""Data & settings: where the data file lives, its backups, export and a checked import."""

from __future__ import annotations

import streamlit as st

from hipdash.store import DatabaseError, Snapshot
from hipdash.ui import settings_import
from hipdash.ui.settings_data_file import data_file_section
from hipdash.ui.settings_export import export_section
from hipdash.ui.shell import get_store, require_shell, show_database_error
from hipdash.ui.theme import theme_section

require_shell()
settings_import.init_state()

st.title("Data & settings")
store = get_store()
try:
    snapshot: Snapshot | None = store.snapshot()
except DatabaseError as exc:
    # The page stays useful on a damaged file: where it is, what is wrong, how to recover.
    show_database_error(exc)
    snapshot = None

data_file_section(store)
st.divider()
if snapshot is None:
    st.info(
        "Export and import come back once the data file can be read again.",
        icon=":material/build:",
    )
else:
    export_section(store, snapshot)
    st.divider()
    settings_import.import_section(store)
st.divider()
theme_section()
