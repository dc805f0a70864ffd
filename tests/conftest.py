"""Shared fixtures: temporary databases, a live `streamlit run` server and a headless browser."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import (
    LIVE_APP_TIME_SCALE,
    ROOT,
    browser_unavailable_reason,
    chromium,
    streamlit_server,
)

# Browser pages wait this long for Streamlit to render something.
UI_TIMEOUT_MS = 20_000


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Return a path for a database file that does not exist yet."""
    return tmp_path / "hipdash.json"


@pytest.fixture(autouse=True)
def _isolated_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # No test may touch the real per-user database.
    monkeypatch.setenv("HIPDASH_DB", str(tmp_path / "hipdash.json"))


def _require_browser() -> None:
    reason = browser_unavailable_reason()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"browser tests must run in CI, but {reason}")
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Yield one headless Chromium for the whole run."""
    _require_browser()
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def live_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the database file of this test module's live app (it may not exist yet)."""
    return tmp_path_factory.mktemp("live_app") / "hipdash.json"


@pytest.fixture(scope="module")
def live_app(live_db: Path) -> Iterator[str]:
    """Serve app.py on ``live_db``, with holds shortened for tests; yield its base URL."""
    _require_browser()
    env = {"HIPDASH_DB": str(live_db), "HIPDASH_TEST_TIME_SCALE": str(LIVE_APP_TIME_SCALE)}
    with streamlit_server(ROOT / "app.py", log_dir=live_db.parent, env=env) as server:
        yield server.url


@pytest.fixture
def page(browser, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """Yield a fresh browser page; save a screenshot outside the repo if the test fails."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(UI_TIMEOUT_MS)
    yield tab
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        shots = tmp_path_factory.mktemp("failure-screenshots")
        path = shots / f"{request.node.name}.png"
        tab.screenshot(path=str(path), full_page=True)
        print(f"failure screenshot: {path}")
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
