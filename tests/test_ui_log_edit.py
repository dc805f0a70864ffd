"""The Log page's edit table: its columns match the entries, and only real fields can change."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hipdash.records import StrengthSet, TensionCheckIn
from hipdash.ui.log_edit import COLUMNS, KIND_TITLES
from hipdash.ui.log_entries import EDITABLE, KIND_NOUNS, checkin_table, set_table

AT = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
TABLES = {
    "checkins": checkin_table((TensionCheckIn(at=AT, area="glutes", level=4),), UTC),
    "sets": set_table((StrengthSet(at=AT, exercise_name="Bridge", reps=10),), UTC),
}


@pytest.mark.parametrize("kind", list(KIND_NOUNS))
def test_every_table_column_has_a_labelled_column_setting(kind: str) -> None:
    assert set(COLUMNS[kind]) == set(TABLES[kind].columns)
    assert all(config["label"] for config in COLUMNS[kind].values())


@pytest.mark.parametrize("kind", list(KIND_NOUNS))
def test_only_record_fields_and_the_delete_tick_can_be_edited(kind: str) -> None:
    editable = {name for name, config in COLUMNS[kind].items() if not config.get("disabled")}
    assert editable == {*EDITABLE[kind], "delete"}


def test_each_kind_of_entry_has_a_title_for_the_switch() -> None:
    assert set(KIND_TITLES) == set(KIND_NOUNS)
