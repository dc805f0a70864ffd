"""Measure Explore's first visit: time until its cards show and what it adds to the server.

A fresh server first shows Home; then the sidebar's Explore link is clicked. The server's
peak RSS (VmHWM) is read before and after, with its CPU seconds, and its memory map tells
whether the visit loaded pandas, pyarrow or numpy (Explore needs none of them).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

from bench_session import cpu_seconds

from tests.support import ROOT, streamlit_server, wait_until_idle

TIMEOUT_MS = 60_000
HEAVY_LIBRARIES = ("pandas", "pyarrow", "numpy")


def peak_rss_mb(pid: int) -> float:
    """Return the peak resident memory (VmHWM) of process ``pid``, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def loaded_libraries(pid: int) -> list[str]:
    """Return which of pandas, pyarrow and numpy process ``pid`` has mapped."""
    maps = Path(f"/proc/{pid}/maps").read_text()
    return [name for name in HEAVY_LIBRARIES if f"/site-packages/{name}/" in maps]


def first_visit(browser, workdir: Path, run: int) -> dict[str, Any]:
    """Open Home on a fresh server, then Explore; return the visit's time, memory and CPU."""
    log_dir = workdir / f"explore-{run}"
    log_dir.mkdir()
    env = {"HIPDASH_DB": str(log_dir / "hipdash.json")}
    with streamlit_server(ROOT / "app.py", log_dir=log_dir, env=env) as server:
        pid = server.process.pid
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(server.url)
        page.locator("h1").first.wait_for(timeout=TIMEOUT_MS)
        wait_until_idle(page)
        before_mb, before_cpu = peak_rss_mb(pid), cpu_seconds(pid)
        before_libraries = loaded_libraries(pid)
        started = time.perf_counter()
        page.get_by_role("link", name="Explore", exact=True).click()
        page.locator(".explore-card").first.wait_for(timeout=TIMEOUT_MS)
        shown_s = time.perf_counter() - started
        wait_until_idle(page)
        result = {
            "cards_s": shown_s,
            "before_mb": before_mb,
            "after_mb": peak_rss_mb(pid),
            "cpu_s": cpu_seconds(pid) - before_cpu,
            "libraries": [n for n in loaded_libraries(pid) if n not in before_libraries],
            "home_libraries": before_libraries,
        }
        page.close()
    return result


# Click an area pill in the page itself and time until the next frame starts: by then the
# click handler has filtered and redrawn the cards, or they miss that frame.
_REDRAW = """(root) => new Promise((resolve) => {
    const pill = root.querySelector('.pill[data-group="areas"][data-value="glutes"]');
    const started = performance.now();
    pill.click();
    requestAnimationFrame(() => resolve(performance.now() - started));
})"""


def redraw_ms(browser, workdir: Path, clicks: int) -> float:
    """Return the median milliseconds from a click on an area to the next frame."""
    env = {"HIPDASH_DB": str(workdir / "redraw.json")}
    with streamlit_server(ROOT / "app.py", log_dir=workdir, env=env) as server:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{server.url}/explore")
        root = page.locator(".explore")
        root.locator(".explore-card").first.wait_for(timeout=TIMEOUT_MS)
        wait_until_idle(page)
        samples = [root.evaluate(_REDRAW) for _ in range(2 + clicks)][2:]
        page.close()
    return statistics.median(samples)


def measure_explore(browser, workdir: Path, runs: int, clicks: int) -> dict[str, Any]:
    """Return medians over ``runs`` fresh servers of Explore's first visit, and the redraw."""
    visits = [first_visit(browser, workdir, run) for run in range(runs)]
    return {
        "runs": runs,
        "redraw_ms": redraw_ms(browser, workdir, clicks),
        **{
            name: statistics.median(visit[name] for visit in visits)
            for name in ("cards_s", "before_mb", "after_mb", "cpu_s")
        },
        "libraries": sorted({name for visit in visits for name in visit["libraries"]}),
        "home_libraries": sorted({n for visit in visits for n in visit["home_libraries"]}),
    }


def explore_rows(figures: dict[str, Any]) -> list[str]:
    """Return the report's lines for Explore's first visit."""
    added = figures["after_mb"] - figures["before_mb"]
    loaded = ", ".join(figures["libraries"]) or "none"
    earlier = ", ".join(figures["home_libraries"]) or "none"
    return [
        f"Explore's first visit on a fresh server (medians of {figures['runs']})",
        f"{'click Explore -> first cards shown':<38} {figures['cards_s'] * 1000:>9.0f} ms",
        f"{'server CPU for the visit':<38} {figures['cpu_s'] * 1000:>9.0f} ms",
        f"{'server peak RSS before (Home shown)':<38} {figures['before_mb']:>9.0f} MB",
        f"{'server peak RSS after Explore':<38} {figures['after_mb']:>9.0f} MB  (+{added:.0f} MB)",
        f"{'click an area -> next frame, in page':<38} {figures['redraw_ms']:>9.1f} ms"
        "  (the cards are redrawn before it)",
        f"{'pandas/pyarrow/numpy loaded by Explore':<38} {loaded:>12}  (by Home before: {earlier})",
    ]
