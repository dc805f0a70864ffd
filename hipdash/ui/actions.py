"""Draw buttons from plain descriptions: one action, or a row of them side by side.

Screens often offer a main action with an alternative next to it (resume or end, save or
skip), or a choice that, once made, says so and can't be pressed again. Describing each
button as an ``Action`` keeps those places short and alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import streamlit as st

ButtonKind = Literal["primary", "secondary", "tertiary"]
CHECK_ICON = ":material/check:"


@dataclass(frozen=True)
class Action:
    """One button: what it says, its widget key and the callback a press runs."""

    label: str
    key: str | None
    on_click: Callable[..., None]
    args: tuple[Any, ...] = ()
    icon: str | None = None
    kind: ButtonKind = "secondary"
    disabled: bool = False


def chosen_action(
    chosen: bool,
    labels: tuple[str, str],
    key: str,
    on_click: Callable[..., None],
    args: tuple[Any, ...] = (),
    *,
    icon: str | None = None,
    kind: ButtonKind = "secondary",
) -> Action:
    """Return the action that makes a choice; once ``chosen``, it shows a tick and is disabled.

    ``labels`` are what the button says before and after the choice.
    """
    offer, done = labels
    return Action(
        done if chosen else offer,
        key,
        on_click,
        args,
        CHECK_ICON if chosen else icon,
        kind,
        disabled=chosen,
    )


def action_button(action: Action, *, submit: bool = False, stretch: bool = False) -> bool:
    """Render one action's button; return whether it was pressed.

    ``submit`` draws it as a form's submit button; ``stretch`` makes it as wide as its column.
    """
    draw = st.form_submit_button if submit else st.button
    return draw(
        action.label,
        key=action.key,
        on_click=action.on_click,
        args=action.args,
        type=action.kind,
        icon=action.icon,
        disabled=action.disabled,
        width="stretch" if stretch else "content",
    )


def action_row(*actions: Action, submit: bool = False) -> None:
    """Render the actions' buttons side by side, the first one leftmost."""
    with st.container(horizontal=True):
        for action in actions:
            action_button(action, submit=submit)
