"""Start `streamlit run` on a free loopback port and drive it with Debian's Chromium."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
# The live_app fixture shortens every hold to this share of its real length.
LIVE_APP_TIME_SCALE = 0.1
# Without these, Chromium keeps trying to reach Google's hosts, which this
# machine's closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    """Return a loopback port that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def browser_unavailable_reason() -> str | None:
    """Return why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (install Debian's chromium package as root)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed"
    return None


# Until a run ends, Streamlit keeps the previous run's elements on screen, greyed and marked
# stale, so a card that moved can show twice. The app root names the script's state.
_IDLE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app !== null && app.dataset.testScriptState === "notRunning"
        && document.querySelector('[data-stale="true"]') === null;
}"""


def wait_until_idle(page) -> None:
    """Wait until the app's run has ended and the previous run's elements are gone."""
    page.wait_for_function(_IDLE)


def playwright_expect():
    """Return Playwright's ``expect``, imported only once a browser test runs.

    Importing it at module level would fail collection where playwright is missing,
    before the browser fixtures can skip with their one clear line.
    """
    from playwright.sync_api import expect

    return expect


def open_page(page: str, *, query: dict[str, str] | None = None, state: dict | None = None):
    """Run app.py under AppTest, then switch to ``page`` the way the sidebar would.

    ``query`` becomes the URL's query, ``state`` is put in session state first.
    """
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    app.run()
    app.query_params.update(query or {})
    for key, value in (state or {}).items():
        app.session_state[key] = value
    app.switch_page(page)
    return app.run()


def as_read(markdown: str) -> str:
    """Return Markdown source as a reader sees it once backslash escapes are undone."""
    return re.sub(r"\\(.)", r"\1", markdown)


@dataclass
class Server:
    """A running `streamlit run` process."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        """Return what the server printed so far."""
        return self.log_path.read_text(errors="replace")


@contextlib.contextmanager
def streamlit_server(
    script: Path,
    *,
    log_dir: Path,
    env: dict[str, str] | None = None,
    timeout: float = 60.0,
) -> Iterator[Server]:
    """Run `streamlit run script` on a free loopback port until the block ends."""
    port = free_port()
    log_path = log_dir / f"streamlit-{port}.log"
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=script.parent,
            env={**os.environ, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log_path)
    try:
        _wait_healthy(server, timeout)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_healthy(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{server.log()}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"streamlit did not become healthy in {timeout} s:\n{server.log()}")


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """Launch headless Chromium through Playwright; yield the Browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def card_titles(app: Any) -> list[str]:
    """Return the titles of the technique cards an AppTest page shows, in order.

    A card opens with its name in bold, Markdown-escaped ("Single\\-leg"); the escapes are
    dropped so the titles compare with catalog names.
    """
    return [
        m.value[2:].split("**", 1)[0].replace("\\", "")
        for m in app.markdown
        if m.value.startswith("**")
    ]
