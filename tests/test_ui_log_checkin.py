"""The Log page's check-in pieces: the side choice shared with the strength form."""

from __future__ import annotations

from streamlit.proto.LabelVisibility_pb2 import LabelVisibility
from streamlit.testing.v1 import AppTest

from hipdash.ui.log_checkin import SIDE_LABELS


def _sides_app() -> None:
    from hipdash.ui.log_checkin import side_choice

    side_choice("Side", "shown")
    side_choice("Side for glutes", "hidden", hidden=True)


def test_the_side_choice_offers_both_left_and_right_starting_on_both() -> None:
    app = AppTest.from_function(_sides_app).run()
    side = app.radio(key="shown")
    assert side.options == list(SIDE_LABELS.values())
    assert side.value == "both"


def test_a_hidden_side_label_is_still_there_for_screen_readers() -> None:
    app = AppTest.from_function(_sides_app).run()
    hidden = app.radio(key="hidden")
    assert hidden.label == "Side for glutes"
    assert hidden.proto.label_visibility.value == LabelVisibility.LabelVisibilityOptions.COLLAPSED
    shown = app.radio(key="shown").proto.label_visibility.value
    assert shown == LabelVisibility.LabelVisibilityOptions.VISIBLE
