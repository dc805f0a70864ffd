"""Log: record tension check-ins and strength sets, and fix or delete past entries."""

from __future__ import annotations

import streamlit as st

from hipdash.ui import log_edit
from hipdash.ui.log_checkin import checkin_section
from hipdash.ui.log_strength import strength_section
from hipdash.ui.shell import load_snapshot, require_shell

require_shell()
log_edit.init_state()

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
        log_edit.edit_section(snapshot)
