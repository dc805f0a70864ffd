"""End to end in headless Chromium: axe-core finds no serious WCAG 2.1 AA problem anywhere.

Every page, every tab of Log and Progress, in the light and the dark theme, with the demo
data loaded so the charts and the body map are drawn.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from hipdash.catalog import load_catalog
from hipdash.demo import generate_demo
from hipdash.store import Snapshot, Store
from tests.support import ROOT, streamlit_server, wait_until_idle

pytestmark = pytest.mark.browser
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
IMPACTS = ("serious", "critical")
# (path, tab to open or None); Log and Progress draw only the open tab.
VIEWS = [
    ("/", None),
    ("/explore", None),
    ("/session", None),
    ("/log", "Tension check-in"),
    ("/log", "Strength & balance"),
    ("/log", "Edit past entries"),
    ("/progress", "Overview"),
    ("/progress", "Tension"),
    ("/progress", "What helps me"),
    ("/progress", "Strength"),
    ("/progress", "Consistency"),
    ("/safety", None),
    ("/settings", None),
]


@pytest.fixture(scope="module")
def seeded_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve app.py on twelve weeks of demo logs; yield its base URL."""
    from tests.conftest import _require_browser

    _require_browser()
    folder: Path = tmp_path_factory.mktemp("axe_app")
    db = folder / "hipdash.json"
    demo = generate_demo(load_catalog(), datetime.now().astimezone())
    Store(db).replace_all(
        Snapshot(checkins=demo.checkins, sets=demo.sets, sessions=demo.sessions, notes=demo.notes)
    )
    with streamlit_server(ROOT / "app.py", log_dir=folder, env={"HIPDASH_DB": str(db)}) as server:
        yield server.url


def serious_violations(page) -> list[str]:
    """Run axe-core in the page; return one line per serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") not in IMPACTS:
            continue
        for node in violation["nodes"]:
            summary = node.get("failureSummary", "").replace("\n", " ")[:160]
            found.append(f"{violation['id']}: {node['target']} {summary}")
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("path", "tab"), VIEWS, ids=[f"{p} {t or ''}".strip() for p, t in VIEWS])
def test_axe_finds_no_serious_violation(
    seeded_app: str, browser, scheme: str, path: str, tab: str | None
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(f"{seeded_app}{path}")
        page.wait_for_timeout(500)
        wait_until_idle(page)
        if tab is not None:
            page.get_by_role("tab", name=tab, exact=True).click()
            page.wait_for_timeout(300)
            wait_until_idle(page)
        page.wait_for_timeout(700)  # charts and components draw after the run ends
        assert serious_violations(page) == []
    finally:
        context.close()
