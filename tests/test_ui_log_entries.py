"""The Log page's edit tables and the turning of edited cells back into record fields."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, timezone

import pytest

from hipdash.records import StrengthSet, TensionCheckIn
from hipdash.ui import log_entries as entries

START = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)


def _checkins(count: int) -> tuple[TensionCheckIn, ...]:
    return tuple(
        TensionCheckIn(at=START + timedelta(minutes=n), area="glutes", level=n % 11)
        for n in range(count)
    )


def test_the_checkin_table_lists_the_newest_first_indexed_by_record_id() -> None:
    checkins = _checkins(3)
    table = entries.checkin_table(checkins, UTC)
    assert list(table.index) == [c.id for c in reversed(checkins)]
    assert list(table["level"]) == [2, 1, 0]
    assert list(table.columns) == ["delete", "when", "area", "level", "side", "context", "note"]
    assert not table["delete"].any()
    assert table.loc[checkins[0].id, "when"] == "Mon 02 Mar 2026, 08:30"
    assert table.loc[checkins[0].id, "context"] == "Check-in"


def test_the_tables_show_at_most_the_newest_edit_limit_entries() -> None:
    checkins = _checkins(entries.EDIT_LIMIT + 5)
    table = entries.checkin_table(checkins, UTC)
    assert len(table) == entries.EDIT_LIMIT
    assert table.index[0] == checkins[-1].id
    assert checkins[4].id not in table.index


def test_the_set_table_keeps_missing_numbers_blank_rather_than_zero() -> None:
    sets = (
        StrengthSet(at=START, exercise_name="Bridge", reps=12, load=None, rpe=7.5),
        StrengthSet(at=START + timedelta(seconds=1), exercise_name="Plank", hold_seconds=40.0),
    )
    table = entries.set_table(sets, UTC)
    plank, bridge = table.loc[sets[1].id], table.loc[sets[0].id]
    assert bridge["reps"] == 12 and bridge["rpe"] == 7.5
    assert plank["hold_seconds"] == 40.0
    assert table["reps"].isna().tolist() == [True, False]
    assert table["load"].isna().all()


def test_times_are_shown_in_the_given_time_zone() -> None:
    assert entries.when_text(START, timezone(timedelta(hours=2))) == "Mon 02 Mar 2026, 10:30"


@pytest.mark.parametrize(
    ("column", "cell", "field"),
    [
        ("level", 7.0, 7),
        ("level", 6.5, 6.5),
        ("reps", "12", 12),
        ("load", 20, 20.0),
        ("rpe", None, None),
        ("hold_seconds", math.nan, None),
        ("note", None, ""),
        ("note", "  sore after  ", "sore after"),
        ("side", "left", "left"),
    ],
)
def test_an_edited_cell_becomes_the_value_its_field_holds(column: str, cell, field) -> None:
    assert entries.cell_value(column, cell) == field


def test_pending_edits_keep_only_editable_fields_and_set_ticked_rows_apart() -> None:
    editor = {
        "edited_rows": {
            0: {"level": 3.0, "when": "changed", "area": "x"},
            1: {"delete": True, "level": 9.0},
            2: {"note": " new "},
            7: {"level": 1.0},  # a row the table no longer has
        }
    }
    changes, doomed = entries.pending_edits(editor, "checkins", ["a", "b", "c"])
    assert changes == {"a": {"level": 3}, "c": {"note": "new"}}
    assert doomed == ["b"]


def test_an_untouched_editor_has_nothing_pending() -> None:
    assert entries.pending_edits({}, "sets", ["a"]) == ({}, [])


def test_every_editable_column_is_a_column_of_its_table() -> None:
    checkin = entries.checkin_table(_checkins(1), UTC)
    sets = entries.set_table((StrengthSet(at=START, exercise_name="Bridge"),), UTC)
    assert set(entries.EDITABLE["checkins"]) <= set(checkin.columns)
    assert set(entries.EDITABLE["sets"]) <= set(sets.columns)


@pytest.mark.parametrize(
    ("kind", "shown", "total", "text"),
    [
        ("checkins", 1, 1, "the only check-in"),
        ("sets", 4, 4, "all 4 sets, newest first"),
        ("checkins", 200, 950, "the newest 200 of 950 check-ins, newest first"),
    ],
)
def test_the_caption_says_which_entries_the_table_shows(
    kind: str, shown: int, total: int, text: str
) -> None:
    assert entries.shown_text(kind, shown, total) == text


def test_counts_use_the_noun_of_their_kind() -> None:
    assert entries.plural(1, "sets") == "1 set"
    assert entries.plural(3, "checkins") == "3 check-ins"
