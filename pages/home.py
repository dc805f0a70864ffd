"""Home: what hipdash is for, and the three ways in."""

import streamlit as st

from hipdash.ui.shell import disclaimer, get_catalog, require_shell

require_shell()

st.title("hipdash")
st.markdown(
    "Ease tight hips and build strong ones, at your own pace and on your own computer. "
    "Pick where it feels tense, follow a guided session, and watch how it changes over weeks."
)
# The sidebar leaves the not-medical-advice note to Home's body, so it shows once here
# and on a phone, where the sidebar starts closed.
disclaimer()

catalog = get_catalog()
explore, session, progress = st.columns(3)
with explore.container(border=True, height="stretch"):
    st.header(":material/search: Explore")
    st.markdown(
        f"Choose the tense spot on a body map and get the techniques that fit your "
        f"equipment, time and level: {len(catalog)} of them, from ball release to breathwork."
    )
    st.space("stretch")  # the three cards' buttons line up at the bottom
    if st.button("Find techniques", key="home_explore", type="primary", width="stretch"):
        st.switch_page("pages/explore.py")
with session.container(border=True, height="stretch"):
    st.header(":material/timer: Run a session")
    st.markdown(
        "Follow timed holds, sides and rests without watching a clock, "
        "and rate how your hips feel before and after."
    )
    st.space("stretch")
    if st.button("Start a session", key="home_session", type="primary", width="stretch"):
        st.switch_page("pages/session.py")
with progress.container(border=True, height="stretch"):
    st.header(":material/monitoring: See progress")
    st.markdown("Log tension and strength, then see what actually helps you, week by week.")
    st.space("stretch")
    if st.button("See progress", key="home_progress", type="primary", width="stretch"):
        st.switch_page("pages/progress.py")

st.divider()
st.markdown(
    "**Stop and see a professional** if you feel sharp pain, numbness or tingling, if pain "
    "gets worse, or after a recent injury or surgery."
)
st.page_link("pages/safety.py", label="When to stop", icon=":material/health_and_safety:")
st.caption("Everything you log stays in one file on this computer. No account, no tracking.")
