"""End to end in headless Chromium: hostile import files get a message; the server caps uploads."""

from __future__ import annotations

import http.client
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from hipdash.store import Snapshot, Store
from hipdash.transfer import MAX_IMPORT_BYTES, export_json
from tests.store_fixtures import make_checkin, make_note
from tests.support import ROOT, Server, playwright_expect, streamlit_server, wait_until_idle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    """Serve app.py (with the repo's .streamlit/config.toml) on a data file with one entry."""
    folder = tmp_path_factory.mktemp("import")
    db = folder / "hipdash.json"
    Store(db).add_checkins([make_checkin()])
    with streamlit_server(ROOT / "app.py", log_dir=folder, env={"HIPDASH_DB": str(db)}) as server:
        yield server, db


def _export_with(raw_value: str, folder: Path, name: str) -> Path:
    """Write an export whose first note's text is raw_value, written as raw JSON text."""
    payload = json.loads(export_json(Snapshot(notes=(make_note(),))))
    payload["notes"][0]["text"] = "RAW"
    path = folder / name
    path.write_text(json.dumps(payload).replace('"RAW"', raw_value), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("raw_value", "message"),
    [
        ('"\\ud800 alone"', "The file holds text that is not valid Unicode"),
        ("9" * 5000, "The file holds a number too long to be a hipdash entry"),
        ("1" + "0" * 400, "'text' must be text"),
    ],
    ids=["a lone surrogate", "5,000 digits", "a number too large for a float"],
)
def test_a_hostile_import_file_gets_a_clear_message_and_no_error_box(
    served, page, tmp_path: Path, raw_value: str, message: str
) -> None:
    expect = playwright_expect()
    server, db = served
    before = db.read_bytes()
    upload = _export_with(raw_value, tmp_path, "hostile.json")
    page.goto(f"{server.url}/settings")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(upload)
    expect(
        page.get_by_test_id("stAlert")
        .filter(has_text="Nothing was imported")
        .filter(has_text=message)
    ).to_be_visible()
    wait_until_idle(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile(r"^Import \d+ record"))).to_have_count(0)
    assert db.read_bytes() == before


def test_the_import_section_states_the_size_limit(served, page) -> None:
    expect = playwright_expect()
    server, _ = served
    page.goto(f"{server.url}/settings")
    expect(page.get_by_text("Files up to 64 MB.", exact=False)).to_be_visible()


def _put(url: str, xsrf: str, body: bytes, declared: int | None = None) -> int:
    """PUT a multipart upload with the browser's XSRF token; return the HTTP status.

    ``declared`` sends that Content-Length with no body at all: a server that trusts it
    answers at once, one that waits for the body would time out.
    """
    parts = urlsplit(url)
    boundary = "hipdash-test-boundary"
    payload = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.json"\r\n'
            "Content-Type: application/json\r\n\r\n"
        ).encode()
        + body
        + f"\r\n--{boundary}--\r\n".encode()
    )
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.putrequest("PUT", parts.path)
        connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        connection.putheader("Content-Length", str(declared or len(payload)))
        connection.putheader("Cookie", f"_streamlit_xsrf={xsrf}")
        connection.putheader("X-Xsrftoken", xsrf)
        connection.endheaders(None if declared else payload)
        return connection.getresponse().status
    finally:
        connection.close()


def test_the_server_refuses_an_upload_over_the_importers_limit(served, page, tmp_path) -> None:
    server, _ = served
    small = tmp_path / "small.json"
    small.write_text(export_json(Snapshot()), encoding="utf-8")
    page.goto(f"{server.url}/settings")
    wait_until_idle(page)
    with page.expect_request(
        lambda request: request.method == "PUT" and "/_stcore/upload_file/" in request.url
    ) as upload:
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(small)
    wait_until_idle(page)
    # Reuse the browser's session and XSRF token, as a script on the machine could, but
    # skip the browser's own size check: only the server stands between it and memory.
    xsrf = next(c["value"] for c in page.context.cookies() if c["name"] == "_streamlit_xsrf")
    target = upload.value.url.rsplit("/", 1)[0] + "/direct-upload"
    assert _put(target, xsrf, b"{}") < 300
    assert _put(target, xsrf, b"", declared=MAX_IMPORT_BYTES + 2 * 1024 * 1024) == 413
    # Just under the limit is still taken (the default limit is 200 MB).
    assert _put(target, xsrf, b"x" * (MAX_IMPORT_BYTES - 64 * 1024)) < 300
