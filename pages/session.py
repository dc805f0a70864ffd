"""Session: the guided session runner (coming next)."""

import streamlit as st

from hipdash.ui import get_catalog, require_shell

require_shell()

st.title("Session")
queue = st.session_state.get("session_queue", [])
catalog = get_catalog()
st.info(
    "The guided runner, with timed holds, side switches, rests and a breathing pacer, "
    "is coming next. Your queue is kept until then.",
    icon=":material/construction:",
)
if queue:
    st.markdown("**In your queue**")
    for technique_id in queue:
        technique = catalog.get(technique_id)
        if technique is not None:
            st.markdown(f"- {technique.name} ({technique.dose.describe()})")
else:
    st.markdown("Your queue is empty. Add techniques from Explore.")
    st.page_link("pages/explore.py", label="Explore techniques", icon=":material/search:")
