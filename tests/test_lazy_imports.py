"""Pages, and Progress's first view, leave pandas, pyarrow and the plotly chart modules alone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hipdash.records import TensionCheckIn
from hipdash.sidecar import SessionSidecar
from hipdash.store import Store, local_now
from tests.support import ROOT

# Each page runs in a fresh interpreter: a module imported by an earlier test would
# otherwise hide the import this test looks for.
_SCRIPT = """
import json, sys
from streamlit.testing.v1 import AppTest

app = AppTest.from_file(sys.argv[1], default_timeout=120)
app.run()
if sys.argv[2] != "pages/home.py":
    app.switch_page(sys.argv[2])
    app.run()
for step in sys.argv[3:]:
    if step.startswith("tab:"):
        app.session_state["progress_tab"] = step.removeprefix("tab:")
        app.run()
    else:
        next(button for button in app.button if button.label == step).click().run()
heavy = ("pandas", "pyarrow", "hipdash.analytics", "hipdash.charts")
print(json.dumps({
    "errors": [str(e.value) for e in app.exception],
    "title": [t.value for t in app.title],
    "imported": [name for name in heavy if name in sys.modules],
}))
"""


def _run_page(page: str, db_path: Path, *clicks: str) -> dict[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(ROOT / "app.py"), page, *clicks],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
        env={"HIPDASH_DB": str(db_path), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    result: dict[str, list[str]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize(
    ("page", "title"),
    [
        ("pages/home.py", "hipdash"),
        ("pages/session.py", "Guided session"),
        ("pages/safety.py", "When to stop"),
        ("pages/explore.py", "Explore"),
    ],
)
def test_a_page_without_charts_runs_without_importing_pandas(
    page: str, title: str, db_path: Path
) -> None:
    result = _run_page(page, db_path)
    assert result["errors"] == []
    assert any(title in shown for shown in result["title"])
    assert result["imported"] == []


def test_a_session_ready_to_start_runs_without_importing_pandas(db_path: Path) -> None:
    SessionSidecar(db_path).set_queue(["mindful-walking"])
    result = _run_page("pages/session.py", db_path, "Skip rating")
    assert result["errors"] == []
    assert result["imported"] == []


def test_progress_opens_on_logs_without_importing_pandas(db_path: Path) -> None:
    Store(db_path).add_checkins([TensionCheckIn(at=local_now(), area="glutes", level=4)])
    result = _run_page("pages/progress.py", db_path)
    assert result["errors"] == []
    assert any("Progress" in shown for shown in result["title"])
    assert result["imported"] == []


def test_the_tension_tab_imports_the_chart_modules_it_needs(db_path: Path) -> None:
    # The checks above would pass vacuously if the script could not see these imports.
    Store(db_path).add_checkins([TensionCheckIn(at=local_now(), area="glutes", level=4)])
    result = _run_page("pages/progress.py", db_path, "tab:Tension")
    assert result["errors"] == []
    assert {"pandas", "hipdash.analytics", "hipdash.charts"} <= set(result["imported"])
