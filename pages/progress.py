"""Progress: tension, what helps, strength and consistency over weeks, as charts."""

from __future__ import annotations

import streamlit as st

from hipdash.ui.progress import (
    TABS,
    Views,
    consistency_view,
    demo_switch,
    empty_state,
    has_logs,
    kpi_row,
    overview_view,
    range_choice,
    strength_view,
    tension_view,
    what_helps_view,
)
from hipdash.ui.shell import load_snapshot, now, require_shell

require_shell()

st.title("Progress")
snapshot = load_snapshot()
if not has_logs(snapshot):
    empty_state()
    st.stop()
demo_switch()

views = Views(snapshot)
moment = now()
tz = moment.tzinfo
assert tz is not None
view_key = range_choice(views.timeline(), moment, tz)
kpi_row(views, moment, tz)

overview_tab, tension_tab, helps_tab, strength_tab, consistency_tab = st.tabs(
    list(TABS), key="progress_tab", on_change="rerun"
)
# Only the open tab is drawn, so a rerun on years of logs builds one chart, not five.
# The overview needs neither pandas nor plotly; the other tabs load them when opened.
if overview_tab.open:
    with overview_tab:
        overview_view(views, view_key)
if tension_tab.open:
    with tension_tab:
        tension_view(views, view_key, moment)
if helps_tab.open:
    with helps_tab:
        what_helps_view(views, view_key)
if strength_tab.open:
    with strength_tab:
        strength_view(views, view_key)
if consistency_tab.open:
    with consistency_tab:
        consistency_view(views, view_key)
