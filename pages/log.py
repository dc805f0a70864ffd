"""Log: record tension check-ins and strength sets (coming next)."""

import streamlit as st

from hipdash.ui import require_shell

require_shell()

st.title("Log")
st.info(
    "Quick tension check-ins and a strength log are coming next.", icon=":material/construction:"
)
