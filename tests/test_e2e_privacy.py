"""End to end in headless Chromium: no request leaves the machine, stored text stays text."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from hipdash import session_flow as flow
from hipdash.catalog import load_catalog
from hipdash.demo import generate_demo
from hipdash.plan import build_plan
from hipdash.records import RoutineStep
from hipdash.store import Store, local_now
from hipdash.timer import Timer
from hipdash.ui.shell import tab_title
from tests.support import ROOT, Server, playwright_expect, streamlit_server, wait_until_idle

pytestmark = pytest.mark.browser

# Every page by its URL path ("" is Home), with its title and the tabs it has.
PAGES = {
    "": ("Home", ()),
    "explore": ("Explore", ()),
    "session": ("Session", ()),
    "log": ("Log", ("Tension check-in", "Strength & balance", "Edit past entries")),
    "progress": (
        "Progress",
        ("Overview", "Tension", "What helps me", "Strength", "Consistency"),
    ),
    "safety": ("When to stop", ()),
    "settings": ("Data & settings", ()),
}
LEAK_URL = "http://hipdash-leak.invalid/pixel.png"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Serve app.py on twelve weeks of demo-like logs, so every chart draws."""
    folder = tmp_path_factory.mktemp("privacy")
    db = folder / "hipdash.json"
    demo = generate_demo(load_catalog(), local_now(), weeks=12)
    Store(db).replace_all(demo.snapshot())
    with streamlit_server(ROOT / "app.py", log_dir=folder, env={"HIPDASH_DB": str(db)}) as server:
        yield server


def _foreign(requests: list[str], own: str) -> list[str]:
    """Return the requested URLs whose host is not the app's own (data: and blob: are local)."""
    own_host = urlsplit(own).netloc
    return [
        url
        for url in requests
        if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != own_host
    ]


def test_no_page_or_tab_requests_anything_from_another_host(served: Server, page) -> None:
    expect = playwright_expect()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for path, (title, tabs) in PAGES.items():
        page.goto(f"{served.url}/{path}")
        wait_until_idle(page)
        expect(page).to_have_title(tab_title(title))
        for tab in tabs:
            page.get_by_role("tab", name=tab).click()
            wait_until_idle(page)
            expect(page.get_by_role("tab", name=tab)).to_have_attribute("aria-selected", "true")
        # Charts and fonts may load after the run ends.
        page.wait_for_load_state("networkidle")
    assert len(requests) > len(PAGES)
    assert _foreign(requests, served.url) == []
    assert "Traceback" not in served.log()


def test_the_favicon_is_served_inline_by_the_app(served: Server, page) -> None:
    page.goto(f"{served.url}/log")
    wait_until_idle(page)
    icons = page.eval_on_selector_all(
        "link[rel~='icon'], link[rel='shortcut icon']", "links => links.map(l => l.href)"
    )
    assert icons and all(
        href.startswith("data:image/svg+xml")
        or urlsplit(href).netloc == urlsplit(served.url).netloc
        for href in icons
    )
    assert any(href.startswith("data:image/svg+xml") for href in icons)


def _kept_session_with_step_name(db: Path, step_name: str) -> None:
    catalog = load_catalog()
    technique = next(t for t in catalog if t.dose.hold_seconds is not None)
    plan = build_plan([RoutineStep(technique.id, sets=1, hold_seconds=60)], catalog)
    plan = replace(plan, step_names=(step_name,))
    now = time.time()
    active = flow.ActiveSession(
        session_id="resumable1",
        routine_name="Evening hips",
        timer=Timer(plan).start(now - 15),
        areas=("glutes",),
        before={"glutes": 6},
        before_at=now - 20,
    )
    Store(db).set_active_session(active.to_dict())


def test_a_stored_step_name_in_the_resume_offer_shows_as_text_and_fetches_nothing(
    tmp_path: Path, page
) -> None:
    expect = playwright_expect()
    db = tmp_path / "hipdash.json"
    name = f"![tracker]({LEAK_URL}) **bold**"
    _kept_session_with_step_name(db, name)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    with streamlit_server(ROOT / "app.py", log_dir=tmp_path, env={"HIPDASH_DB": str(db)}) as app:
        page.goto(f"{app.url}/session")
        wait_until_idle(page)
        expect(page.get_by_text("You have an unfinished session")).to_be_visible()
        page.wait_for_load_state("networkidle")
        shown = page.get_by_test_id("stMain").inner_text()
    assert not [url for url in requests if "hipdash-leak" in url]
    assert page.locator(f"img[src='{LEAK_URL}']").count() == 0
    assert name in shown
