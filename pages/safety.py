"""When to stop: the signs that mean stop and see a professional."""

import streamlit as st

from hipdash.ui.shell import NOT_MEDICAL_ADVICE, require_shell, when_to_stop

require_shell()

st.title("When to stop")
st.markdown(
    "Self-care should feel like relief or honest effort, never harm. "
    "Stop the technique, rest, and see a doctor or physiotherapist if you notice any of these:"
)
when_to_stop()
st.caption(NOT_MEDICAL_ADVICE)
