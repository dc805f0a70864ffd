"""Drive Explore's browser component under AppTest, as its JavaScript would."""

from __future__ import annotations

import json
from typing import Any

from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

COMPONENT = "hipdash_explore"


def panel(app: AppTest) -> Any:
    """Return the Explore component's element (its proto) from the last run."""
    found = [
        node.proto
        for node in app.main
        if getattr(node, "type", None) == "bidi_component"
        and node.proto.component_name == COMPONENT
    ]
    assert len(found) == 1, f"expected one Explore component, found {len(found)}"
    return found[0]


def panel_data(app: AppTest) -> dict[str, Any]:
    """Return the data the page sent to the Explore component."""
    return json.loads(panel(app).json)


def browser_sends(
    app: AppTest, *, state: dict[str, Any] | None = None, trigger: tuple[str, Any] | None = None
) -> AppTest:
    """Rerun the page as if the component called setStateValue or setTriggerValue."""
    widget_states = app._tree.get_widget_states()
    component_id = panel(app).id
    if state is not None:
        widget = WidgetState(id=component_id)
        widget.json_value = json.dumps(state)
        widget_states.widgets.append(widget)
    if trigger is not None:
        name, value = trigger
        widget = WidgetState(id=_make_trigger_id(component_id, "events"))
        widget.json_trigger_value = json.dumps([{"event": name, "value": value}])
        widget_states.widgets.append(widget)
    return app._run(widget_states)


def shown_ids(app: AppTest) -> list[str]:
    """Return the ids the browser would show, by applying the page's data as the JS does."""
    from hipdash.filtering import parse_filters, select
    from hipdash.ui.shell import get_catalog

    data = panel_data(app)
    filters, _ = parse_filters({key: [value] for key, value in data["filters"]})
    return [t.id for t in select(get_catalog(), filters)]
