"""Take the README's screenshots of every page in headless Chromium (`make screenshots`)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support import chromium, streamlit_server  # noqa: E402

DOCS = ROOT / "docs"
# Streamlit scrolls inside the page, so a tall window is what shows a whole page.
VIEWPORT = {"width": 1400, "height": 1500}


def _open(page, title: str) -> None:
    # Follow the sidebar link: a fresh page load would start a new session and
    # forget the session queue.
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=title).click()
    _settle(page)


def _settle(page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(2500)


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hipdash-shots-") as tmp:
        env = {"HIPDASH_DB": str(Path(tmp) / "hipdash.json")}
        with streamlit_server(ROOT / "app.py", log_dir=Path(tmp), env=env) as server:
            with chromium() as browser:
                page = browser.new_page(viewport=VIEWPORT)
                page.set_default_timeout(30_000)

                page.goto(server.url)
                page.get_by_role("heading", name="hipdash").wait_for()
                _settle(page)
                page.screenshot(path=str(DOCS / "home.png"))

                page.goto(f"{server.url}/explore?area=glutes,deep_rotators&modality=ball_release")
                page.get_by_text("fit").first.wait_for()
                _settle(page)
                page.screenshot(path=str(DOCS / "explore.png"))
                for add in page.locator(".explore-card .card-add").all()[:2]:
                    add.click()
                    page.wait_for_timeout(800)

                _open(page, "Session")
                page.get_by_role("button", name="Save ratings and get ready").click()
                page.get_by_role("button", name="Start", exact=True).click()
                page.wait_for_timeout(14000)  # past "get ready", into a hold with the pacer
                page.screenshot(path=str(DOCS / "session.png"))
                page.get_by_role("button", name="Stop", exact=True).click()

                _open(page, "Log")
                page.screenshot(path=str(DOCS / "log.png"))

                _open(page, "Progress")
                demo = page.get_by_role("button", name="Try with demo data")
                if demo.count():
                    demo.click()
                    _settle(page)
                page.screenshot(path=str(DOCS / "progress.png"))

                _open(page, "Data & settings")
                page.screenshot(path=str(DOCS / "settings.png"))
    print(f"screenshots written to {DOCS}")


if __name__ == "__main__":
    main()
