"""Progress: tension and strength over weeks (coming next)."""

import streamlit as st

from hipdash.ui import require_shell

require_shell()

st.title("Progress")
st.info(
    "Logging and charts of tension, strength and consistency are coming next. "
    "Nothing is shown here until you have real entries: hipdash never shows made-up data "
    "as if it were yours.",
    icon=":material/construction:",
)
