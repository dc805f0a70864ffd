"""Action buttons: one at a time or in a row, as plain buttons or a form's submit buttons."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from hipdash.ui.actions import CHECK_ICON, Action, chosen_action


def _noop() -> None:
    pass


def _row_app() -> None:
    import streamlit as st

    from hipdash.ui.actions import Action, action_row

    def pressed(name: str) -> None:
        st.session_state["pressed"] = name

    st.session_state.setdefault("pressed", None)
    action_row(
        Action("Resume", "resume", pressed, ("resume",), ":material/play_arrow:", "primary"),
        Action("End it", "end", pressed, ("end",), disabled=True),
    )
    with st.form("rate"):
        action_row(Action("Save", "save", pressed, ("save",)), submit=True)


def test_a_row_draws_each_action_with_its_label_kind_and_state() -> None:
    app = AppTest.from_function(_row_app).run()
    resume, end = app.button(key="resume"), app.button(key="end")
    assert (resume.label, resume.proto.type, resume.disabled) == ("Resume", "primary", False)
    assert (end.label, end.proto.type, end.disabled) == ("End it", "secondary", True)


def test_pressing_an_action_runs_its_callback_with_its_arguments() -> None:
    app = AppTest.from_function(_row_app).run()
    app.button(key="resume").click().run()
    assert app.session_state["pressed"] == "resume"


def test_in_a_form_an_action_is_a_submit_button_that_runs_its_callback() -> None:
    app = AppTest.from_function(_row_app).run()
    app.button(key="save").click().run()
    assert not app.exception
    assert app.session_state["pressed"] == "save"


def test_a_choice_not_yet_made_offers_itself_with_its_own_icon() -> None:
    action = chosen_action(False, ("Use this", "Chosen"), "use", _noop, icon=":material/add:")
    assert action == Action("Use this", "use", _noop, (), ":material/add:")


def test_a_choice_already_made_says_so_with_a_tick_and_cannot_be_pressed() -> None:
    action = chosen_action(True, ("Use this", "Chosen"), "use", _noop, ("x",), kind="primary")
    assert (action.label, action.icon, action.disabled) == ("Chosen", CHECK_ICON, True)
    assert (action.args, action.kind) == (("x",), "primary")
