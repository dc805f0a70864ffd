"""End to end in headless Chromium: back up and restore, a damaged file, demo data, strength log."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hipdash.serialize import KINDS
from hipdash.store import Snapshot, Store
from hipdash.transfer import export_json
from tests.store_fixtures import make_checkin, make_set, seed
from tests.support import ROOT, playwright_expect, streamlit_server, wait_until_idle

pytestmark = pytest.mark.browser
# Streamlit's data grid draws on a canvas: a header row, then rows of this height.
GRID_ROW_PX = 35
DELETE_COLUMN_PX = 75
# The overview drawing shown on a desktop has loaded and has a width.
OVERVIEW_DRAWN = """() => {
    const image = document.querySelector('.st-key-progress_overview_chart img.hd-overview-wide');
    return image !== null && image.complete && image.naturalWidth > 0;
}"""


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[[Path], str]]:
    """Yield a starter of `streamlit run app.py` servers on a given data file; return the URL.

    Request it before `page`, so the servers outlive the page's failure screenshot.
    """
    with contextlib.ExitStack() as stack:

        def start(db: Path) -> str:
            server = stack.enter_context(
                streamlit_server(ROOT / "app.py", log_dir=tmp_path, env={"HIPDASH_DB": str(db)})
            )
            return server.url

        yield start


def _stored_ids(db: Path) -> dict[str, set[str]]:
    """Return the record ids per kind in a data file, read as plain JSON (no store, no backup)."""
    if not db.exists():
        return {kind: set() for kind in KINDS}
    tables = json.loads(db.read_bytes())
    return {kind: {doc["id"] for doc in tables.get(kind, {}).values()} for kind in KINDS}


def _seed(db: Path) -> None:
    """Write a data file with records of every kind, without the backups a store makes beside it."""
    scratch = db.parent / "seeding" / db.name
    seed(Store(scratch))
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(scratch.read_bytes())


def _alerts(page):
    return page.get_by_test_id("stAlert")


def _grid_cells(page, column: str):
    """Return the cells of the table that has ``column``.

    The grid draws on a canvas but keeps an accessible copy of its cells inside it.
    """
    grid = page.get_by_test_id("stDataFrame").filter(
        has=page.locator("th[role='columnheader']", has_text=re.compile(f"^{column}$"))
    )
    return grid.locator("td[role='gridcell']")


def test_a_json_export_holds_every_record_and_restores_them_into_an_empty_database(
    serve, page, tmp_path: Path
) -> None:
    expect = playwright_expect()
    source_db = tmp_path / "source" / "hipdash.json"
    _seed(source_db)
    seeded = _stored_ids(source_db)
    assert all(seeded.values()), "the seed has records of every kind"
    source = serve(source_db)

    page.goto(f"{source}/settings")
    export = page.locator(".st-key-settings_export_json").get_by_role(
        "button", name="Download everything (JSON)"
    )
    expect(export).to_be_visible()
    with page.expect_download() as download_info:
        export.click()
    download = download_info.value
    assert re.fullmatch(r"hipdash-export-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
    backup = tmp_path / download.suggested_filename
    download.save_as(backup)
    exported = json.loads(backup.read_text(encoding="utf-8"))
    assert exported["format"] == "hipdash-export"
    assert {kind: {row["id"] for row in exported[kind]} for kind in KINDS} == seeded

    target_db = tmp_path / "target" / "hipdash.json"
    target = serve(target_db)
    page.goto(f"{target}/settings")
    expect(page.get_by_text("Not created yet", exact=False)).to_be_visible()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(backup)
    confirm = page.get_by_role("button", name="Import 8 records", exact=True)
    expect(confirm).to_be_visible()
    assert _stored_ids(target_db) == {kind: set() for kind in KINDS}, "nothing before confirming"
    confirm.click()
    expect(
        _alerts(page).filter(
            has_text=re.compile(r"Imported 8 records \(3 tension check-ins, 2 strength sets")
        )
    ).to_be_visible()
    assert _stored_ids(target_db) == seeded

    page.goto(f"{target}/log")
    page.get_by_role("tab", name="Edit past entries").click()
    expect(page.get_by_text("Showing all 3 check-ins", exact=False)).to_be_visible()
    wait_until_idle(page)
    page.locator(".st-key-log_edit_kind").get_by_role("radio", name="Strength sets").click()
    expect(page.get_by_text("Showing all 2 sets", exact=False)).to_be_visible()
    expect(_grid_cells(page, "Exercise").filter(has_text="Glute bridge")).to_have_count(2)


def test_a_broken_import_file_names_its_problems_and_stores_nothing(
    serve, page, tmp_path: Path
) -> None:
    expect = playwright_expect()
    db = tmp_path / "hipdash.json"
    Store(db).add_checkins([make_checkin()])
    before = db.read_bytes()
    url = serve(db)

    good = Snapshot(
        checkins=(make_checkin(area="hip_flexors"), make_checkin(area="lower_back")),
        sets=(make_set(),),
    )
    payload = json.loads(export_json(good))
    payload["checkins"][1]["level"] = 42
    payload["sets"][0]["at"] = "yesterday"
    bad_rows = tmp_path / "bad-rows.json"
    bad_rows.write_text(json.dumps(payload), encoding="utf-8")
    truncated = tmp_path / "truncated.json"
    truncated.write_text(export_json(good)[:200], encoding="utf-8")

    page.goto(f"{url}/settings")
    uploader = page.get_by_test_id("stFileUploaderDropzoneInput")
    uploader.set_input_files(bad_rows)
    expect(
        _alerts(page).filter(has_text="Nothing was imported: the file has 2 problems.")
    ).to_be_visible()
    expect(_grid_cells(page, "Problem")).to_have_text(
        [
            "checkins row 2: Tension must be a whole number from 0 to 10.",
            re.compile(r"^sets row 1: 'at' must be an ISO 8601 date and time"),
        ]
    )
    expect(page.get_by_role("button", name=re.compile(r"^Import \d+ record"))).to_have_count(0)

    # A file cut short is one whole-file problem, said in the message itself.
    uploader.set_input_files(truncated)
    expect(
        _alerts(page).filter(
            has_text=re.compile(
                r"Nothing was imported\. The file is not valid JSON \(line \d+, column \d+\)\. "
                r"Fix it in the file"
            )
        )
    ).to_be_visible()
    wait_until_idle(page)
    expect(_grid_cells(page, "Problem")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile(r"^Import \d+ record"))).to_have_count(0)
    assert db.read_bytes() == before


def test_a_damaged_data_file_is_explained_where_it_is_used_and_left_byte_for_byte_unchanged(
    serve, page, tmp_path: Path
) -> None:
    expect = playwright_expect()
    db = tmp_path / "hipdash.json"
    _seed(db)
    damaged = db.read_bytes()[:-40]
    db.write_bytes(damaged)
    stamp = db.stat().st_mtime_ns
    url = serve(db)
    problem = f"Your data file at {db} could not be read: it is not valid JSON"

    page.goto(f"{url}/log")
    expect(_alerts(page).filter(has_text=problem)).to_be_visible()
    expect(_alerts(page).filter(has_text="It has not been changed.")).to_be_visible()
    expect(_alerts(page).filter(has_text="move the file aside to start fresh")).to_be_visible()
    expect(page.get_by_role("tab", name="Tension check-in")).to_have_count(0)

    page.goto(f"{url}/progress")
    expect(_alerts(page).filter(has_text=problem)).to_be_visible()
    expect(page.get_by_role("button", name="Try with demo data")).to_have_count(0)

    page.goto(f"{url}/settings")
    expect(_alerts(page).filter(has_text=problem)).to_be_visible()
    expect(page.get_by_text("Export and import come back", exact=False)).to_be_visible()
    expect(page.get_by_test_id("stFileUploaderDropzoneInput")).to_have_count(0)
    wait_until_idle(page)

    assert db.read_bytes() == damaged
    assert db.stat().st_mtime_ns == stamp
    assert not list(tmp_path.glob("backups/*")), "a damaged file is never backed up"


def test_saving_a_checkin_onto_a_file_damaged_meanwhile_saves_nothing_and_names_the_backup(
    serve, page, tmp_path: Path
) -> None:
    expect = playwright_expect()
    db = tmp_path / "hipdash.json"
    _seed(db)
    url = serve(db)

    page.goto(f"{url}/log")
    page.locator(".st-key-log_areas").get_by_role("button", name="Glutes", exact=True).click()
    save = page.locator(".st-key-log_checkin_save button")
    expect(save).to_be_enabled()
    wait_until_idle(page)
    # The page has read the file, so today's automatic backup holds it as it was.
    (backup,) = (tmp_path / "backups").glob("hipdash-*.json")
    good = db.read_bytes()
    assert backup.read_bytes() == good

    damaged = good[: len(good) // 2]
    db.write_bytes(damaged)
    save.click()
    error = _alerts(page).filter(has_text=f"Your data file at {db} could not be read")
    expect(error).to_be_visible()
    expect(error).to_contain_text("It has not been changed.")
    expect(error).to_contain_text(f"copy the backup {backup} over {db}")
    wait_until_idle(page)
    expect(page.get_by_test_id("stToast").filter(has_text="Saved check-in")).to_have_count(0)

    assert db.read_bytes() == damaged
    assert backup.read_bytes() == good


def test_demo_data_fills_progress_and_back_to_my_data_returns_to_the_empty_untouched_real_data(
    serve, page, tmp_path: Path
) -> None:
    expect = playwright_expect()
    db = tmp_path / "hipdash.json"
    url = serve(db)

    page.goto(f"{url}/progress")
    expect(page.get_by_text("Nothing logged yet.", exact=False)).to_be_visible()
    wait_until_idle(page)
    page.locator(".st-key-progress_demo").get_by_role("button", name="Try with demo data").click()
    banner = _alerts(page).filter(has_text="Demo data.")
    expect(banner).to_be_visible()
    overview = page.get_by_role("img", name="Tension and strength, week by week", exact=False)
    expect(overview).to_be_visible()
    page.wait_for_function(OVERVIEW_DRAWN)
    expect(page.get_by_test_id("stMetric").first).to_be_visible()
    assert all(_stored_ids(tmp_path / "hipdash-demo.json")[k] for k in ("checkins", "sessions"))

    page.get_by_role("button", name="Back to my data", exact=True).click()
    expect(page.get_by_text("Nothing logged yet.", exact=False)).to_be_visible()
    wait_until_idle(page)
    expect(banner).to_have_count(0)
    expect(page.locator(".st-key-progress_overview_chart")).to_have_count(0)
    assert _stored_ids(db) == {kind: set() for kind in KINDS}


def test_a_logged_strength_set_shows_in_the_history_and_a_confirmed_delete_removes_it(
    live_app: str, page
) -> None:
    expect = playwright_expect()
    page.goto(f"{live_app}/log")
    page.get_by_role("tab", name="Strength & balance").click()
    page.locator(".st-key-log_strength_source").get_by_text("My own exercise").click()
    name = page.locator(".st-key-log_strength_custom input")
    name.fill("Cossack squat")
    name.press("Enter")
    wait_until_idle(page)
    page.locator(".st-key-log_strength_reps input").fill("8")
    page.locator(".st-key-log_strength_load input").fill("12.5")
    page.locator(".st-key-log_strength_save button").click()
    toast = page.get_by_test_id("stToast").filter(has_text="Saved 1 set of Cossack squat")
    expect(toast).to_be_visible()

    page.get_by_role("tab", name="Edit past entries").click()
    page.locator(".st-key-log_edit_kind").get_by_role("radio", name="Strength sets").click()
    # This module's database holds only the set just logged.
    expect(page.get_by_text("Showing the only set.", exact=False)).to_be_visible()
    wait_until_idle(page)
    # Newest first, so the set just logged is the top row; columns are Delete, When,
    # Exercise, Side, Reps, Load, ...
    cells = _grid_cells(page, "Exercise")
    top = {
        column: cells.and_(page.get_by_test_id(f"glide-cell-{n}-0"))
        for n, column in enumerate(("delete", "when", "exercise", "side", "reps", "load"))
    }
    expect(top["exercise"]).to_have_text("Cossack squat")
    expect(top["reps"]).to_have_text("8")
    expect(top["load"]).to_have_text("12.5")
    mine = cells.filter(has_text=re.compile(r"^Cossack squat$"))
    count = mine.count()

    # Tick the top row's Delete box: the first column, "small" (75 px) wide, below the header.
    canvas = page.locator("[data-testid='stDataFrame'] canvas").first
    box = canvas.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + DELETE_COLUMN_PX / 2, box["y"] + GRID_ROW_PX * 1.5)
    expect(top["delete"]).to_have_text("true")
    page.get_by_role("button", name="Delete 1 set", exact=True).click()
    expect(
        _alerts(page).filter(has_text="Delete 1 set for good? This can't be undone here")
    ).to_be_visible()
    expect(mine).to_have_count(count)
    page.get_by_role("button", name="Yes, delete 1 set", exact=True).click()
    expect(page.get_by_test_id("stToast").filter(has_text="Deleted 1 set.")).to_be_visible()
    wait_until_idle(page)
    expect(mine).to_have_count(count - 1)
