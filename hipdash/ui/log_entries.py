"""Turn logged entries into the Log page's edit tables, and edited cells back into fields.

Plain functions with no widgets, so the tables can be checked without a browser. pandas is
imported only where a table is built: the rest of the Log page does without it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from hipdash.records import StrengthSet, TensionCheckIn
from hipdash.vocabulary import AREA_SHORT_LABELS, counted

if TYPE_CHECKING:
    import pandas as pd

CONTEXT_LABELS = {
    "standalone": "Check-in",
    "before_session": "Before a session",
    "after_session": "After a session",
}
# The edit tables show this many of the newest entries, so they stay quick at years of logs.
EDIT_LIMIT = 200
TIME_FORMAT = "%a %d %b %Y, %H:%M"
KIND_NOUNS = {"checkins": ("check-in", "check-ins"), "sets": ("set", "sets")}
# Only these columns change stored fields; the table column names match the record fields.
EDITABLE = {
    "checkins": ("level", "side", "note"),
    "sets": ("side", "reps", "load", "unit", "hold_seconds", "rpe", "note"),
}


def plural(count: int, kind: str) -> str:
    """Return ``count`` with the noun for entries of ``kind``, such as "3 check-ins"."""
    return counted(count, *KIND_NOUNS[kind])


def when_text(moment: datetime, tz: tzinfo) -> str:
    """Return an entry's time as the tables show it, in the time zone ``tz``."""
    return moment.astimezone(tz).strftime(TIME_FORMAT)


def checkin_table(checkins: tuple[TensionCheckIn, ...], tz: tzinfo) -> pd.DataFrame:
    """Return the newest check-ins, newest first, as the edit table indexed by record id."""
    import pandas as pd

    recent = checkins[-EDIT_LIMIT:][::-1]
    return pd.DataFrame(
        {
            "delete": [False] * len(recent),
            "when": [when_text(c.at, tz) for c in recent],
            "area": [AREA_SHORT_LABELS.get(c.area, c.area) for c in recent],
            "level": pd.array([c.level for c in recent], dtype="int64"),
            "side": [c.side for c in recent],
            "context": [CONTEXT_LABELS.get(c.context, c.context) for c in recent],
            "note": [c.note for c in recent],
        },
        index=pd.Index([c.id for c in recent], name="id"),
    )


def set_table(sets: tuple[StrengthSet, ...], tz: tzinfo) -> pd.DataFrame:
    """Return the newest strength sets, newest first, as the edit table indexed by record id."""
    import pandas as pd

    recent = sets[-EDIT_LIMIT:][::-1]
    return pd.DataFrame(
        {
            "delete": [False] * len(recent),
            "when": [when_text(s.at, tz) for s in recent],
            "exercise": [s.exercise_name for s in recent],
            "side": [s.side for s in recent],
            "reps": pd.array([s.reps for s in recent], dtype="Int64"),
            "load": pd.array([s.load for s in recent], dtype="Float64"),
            "unit": [s.unit for s in recent],
            "hold_seconds": pd.array([s.hold_seconds for s in recent], dtype="Float64"),
            "rpe": pd.array([s.rpe for s in recent], dtype="Float64"),
            "note": [s.note for s in recent],
        },
        index=pd.Index([s.id for s in recent], name="id"),
    )


def cell_value(column: str, value: Any) -> Any:
    """Turn an edited cell into the value a record field holds."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "" if column == "note" else None
    if column in ("level", "reps"):
        number = float(value)
        return int(number) if number.is_integer() else number
    if column in ("load", "hold_seconds", "rpe"):
        return float(value)
    return str(value) if column != "note" else str(value).strip()


def pending_edits(
    editor: Mapping[str, Any], kind: str, ids: list[str]
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Return the edited fields per record id, and the ids ticked for deletion.

    ``editor`` is the data editor's state; ``ids`` are the table's rows in order.
    """
    changes: dict[str, dict[str, Any]] = {}
    doomed: list[str] = []
    for position, cells in (editor.get("edited_rows") or {}).items():
        row = int(position)
        if row >= len(ids):
            continue
        if cells.get("delete"):
            doomed.append(ids[row])
            continue
        edits = {c: cell_value(c, v) for c, v in cells.items() if c in EDITABLE[kind]}
        if edits:
            changes[ids[row]] = edits
    return changes, doomed


def shown_text(kind: str, shown: int, total: int) -> str:
    """Return which entries the table shows, such as "the newest 200 of 950 sets"."""
    one, many = KIND_NOUNS[kind]
    if total > shown:
        return f"the newest {shown} of {total} {many}, newest first"
    return f"the only {one}" if total == 1 else f"all {total} {many}, newest first"
