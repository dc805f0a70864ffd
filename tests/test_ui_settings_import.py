"""Data & settings import: reading an uploaded file into a checked plan, and the outcome text."""

from __future__ import annotations

from datetime import UTC, datetime

from hipdash.records import TensionCheckIn
from hipdash.store import Snapshot
from hipdash.transfer import MAX_IMPORT_BYTES, MAX_IMPORT_MB, export_json
from hipdash.ui.settings_import import import_result_text, read_plan


def test_a_file_too_large_to_be_an_export_is_refused_before_it_is_read() -> None:
    plan, problem = read_plan(b" " * (MAX_IMPORT_BYTES + 1))
    assert plan is None
    assert problem == (
        f"The file is larger than {MAX_IMPORT_MB} MB, too large to be a hipdash export."
    )


def test_a_file_that_is_not_utf8_text_is_refused() -> None:
    plan, problem = read_plan(b"\xff\xfe\x00broken")
    assert plan is None
    assert problem is not None and "not a text file in UTF-8" in problem


def test_an_export_with_a_byte_order_mark_reads_back_as_a_plan_without_errors() -> None:
    checkin = TensionCheckIn(at=datetime(2026, 3, 2, 8, 0, tzinfo=UTC), area="glutes", level=4)
    content = ("\ufeff" + export_json(Snapshot(checkins=(checkin,)))).encode("utf-8")
    plan, problem = read_plan(content)
    assert problem is None and plan is not None
    assert plan.errors == ()
    assert [c.id for c in plan.records.checkins] == [checkin.id]


def test_the_outcome_names_what_was_added_by_kind_and_what_was_skipped() -> None:
    text = import_result_text({"checkins": 2, "sets": 1, "notes": 0}, {"checkins": 3})
    assert text == (
        "Imported 3 records (2 tension check-ins, 1 strength set); 3 already present, skipped."
    )


def test_an_import_that_adds_nothing_says_so_plainly() -> None:
    assert import_result_text({"checkins": 0}, {}) == "Imported 0 records."
