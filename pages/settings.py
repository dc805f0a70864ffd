"""Data & settings: where your data lives (coming next)."""

import streamlit as st

from hipdash.ui import require_shell

require_shell()

st.title("Data & settings")
st.info(
    "Your log will live in one file on this computer. Export, import and backups "
    "arrive together with logging.",
    icon=":material/construction:",
)
