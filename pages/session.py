"""Session: choose and adjust a routine, rate tension, then follow a guided, timed session."""

from __future__ import annotations

import time

import streamlit as st

from hipdash.ui import session_state as state
from hipdash.ui.session_choose import choose_routine, edit_routine, rate_before
from hipdash.ui.session_run import offer_resume, run_or_finish, show_saved
from hipdash.ui.shell import (
    escape_markdown,
    get_catalog,
    load_snapshot,
    require_shell,
    show_problem,
)

require_shell()

catalog = get_catalog()
snapshot = load_snapshot()
state.init_state()

if state.screen().stage == "run":
    # Another tab may have saved or carried on this session: then say so, don't run it.
    state.stop_if_taken_elsewhere()

st.title("Guided session")
show_problem(state.PROBLEM)

screen = state.screen()
if screen.stage == "saved":
    show_saved()
elif screen.stage == "choose":
    if screen.notice:
        state.notify(None)
        st.info(escape_markdown(screen.notice), icon=":material/info:")
    if not offer_resume(time.time()):
        choose_routine(catalog, snapshot)
        st.divider()
        if edit_routine(catalog, snapshot) is not None:
            st.divider()
            rate_before(catalog, snapshot)
else:
    # While the session runs, the runner comes first so a phone shows it without scrolling.
    st.text(screen.routine_name)
    run_or_finish(catalog)
