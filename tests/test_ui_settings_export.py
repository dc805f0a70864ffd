"""Data & settings export: a download per kind of record, each named for people."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hipdash.records import TensionCheckIn
from hipdash.serialize import KINDS
from hipdash.store import Store
from hipdash.ui.settings_export import KIND_LABELS, csv_of


def test_every_kind_of_record_has_a_label_for_itscsv_of_download() -> None:
    assert list(KIND_LABELS) == list(KINDS)


def test_acsv_of_download_is_built_from_the_file_as_it_is_when_clicked(db_path: Path) -> None:
    store = Store(db_path)
    assert csv_of(store, "checkins").count("\n") == 1  # the header row only
    store.add_checkins(
        [TensionCheckIn(at=datetime(2026, 3, 2, tzinfo=UTC), area="glutes", level=3)]
    )
    assert csv_of(store, "checkins").count("\n") == 2
