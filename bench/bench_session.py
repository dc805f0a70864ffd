"""Measure a running guided session: server CPU against an idle page, growth, paused traffic.

The browser component runs the session's clock, so the server should do no more while a
session runs on a 10-year log than while a page sits idle, should not grow from minute to
minute, and should exchange nothing at all with a paused session.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path
from typing import Any

from hipdash.sidecar import SessionSidecar
from hipdash.store import Snapshot, Store
from tests.support import ROOT, streamlit_server, wait_until_idle

# A long routine, so that five minutes of it never reach its end.
LONG_QUEUE = [
    "hip-flexor-constructive-rest",
    "constructive-rest-body-scan",
    "mindful-walking",
    "supported-butterfly-breath",
]
TICKS = os.sysconf("SC_CLK_TCK")
# /proc counts CPU time in ticks of 10 ms: differences below this are measurement noise.
RESOLUTION_SECONDS = 2 / TICKS


def cpu_seconds(pid: int) -> float:
    """Return the user plus system CPU seconds process ``pid`` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # After the command name: state is field 3, utime field 14 and stime field 15.
    return (int(fields[11]) + int(fields[12])) / TICKS


def _cpu_per_minute(pid: int, seconds: float) -> float:
    before = cpu_seconds(pid)
    time.sleep(seconds)
    return (cpu_seconds(pid) - before) * 60 / seconds


def measure_session(browser, workdir: Path, history: Snapshot, minutes: int) -> dict[str, Any]:
    """Run a session on ``history`` for ``minutes`` and return what the server spent."""
    db = workdir / "session.json"
    Store(db).replace_all(history)
    SessionSidecar(db).set_queue(LONG_QUEUE)
    result: dict[str, Any] = {}
    with streamlit_server(ROOT / "app.py", log_dir=workdir, env={"HIPDASH_DB": str(db)}) as server:
        pid = server.process.pid
        page = browser.new_page(viewport={"width": 390, "height": 844})
        traffic: list[int] = []

        def count(payload: str | bytes) -> None:
            traffic.append(len(payload.encode() if isinstance(payload, str) else payload))

        page.on(
            "websocket",
            lambda ws: (ws.on("framesent", count), ws.on("framereceived", count)),
        )
        # An idle page first: the same app, the same log, nothing happening.
        page.goto(f"{server.url}/session")
        wait_until_idle(page)
        time.sleep(5)
        result["idle_cpu_per_min"] = _cpu_per_minute(pid, 60)

        page.get_by_role("button", name="Skip rating").click()
        page.get_by_role("button", name="Start", exact=True).click()
        page.get_by_role("button", name="Pause", exact=True).wait_for()
        wait_until_idle(page)
        windows = [_cpu_per_minute(pid, 60) for _ in range(minutes)]
        result["running_windows"] = windows
        result["running_cpu_per_min"] = statistics.mean(windows)

        page.get_by_role("button", name="Pause", exact=True).click()
        page.get_by_role("button", name="Resume", exact=True).wait_for()
        wait_until_idle(page)
        time.sleep(2)
        traffic.clear()
        time.sleep(30)
        result["paused_bytes"] = sum(traffic)
        result["paused_seconds"] = 30
        page.close()
    sidecar, store = SessionSidecar(db), Store(db)
    store.check()  # parse the log once, as the running app has
    result["write_pause_s"] = _median_write(lambda: sidecar.set_active(_state()))
    # Before the session file, every pause rewrote the whole log like this.
    result["write_log_s"] = _median_write(lambda: store.set_active_session(_state()))
    store.clear_active_session()
    return result


def _state() -> dict[str, Any]:
    # About the size of a real unfinished session's state.
    return {"version": 1, "session_id": "bench", "padding": "x" * 4000}


def _median_write(write: Any, runs: int = 9) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        write()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def session_rows(result: dict[str, Any]) -> list[str]:
    """Return the benchmark's lines for a running session."""
    idle = result["idle_cpu_per_min"]
    running = result["running_cpu_per_min"]
    windows = result["running_windows"]
    # Within the clock's resolution two figures can't be told apart.
    same_as_idle = running <= 1.2 * idle or running - idle <= RESOLUTION_SECONDS
    growth = windows[-1] <= 1.2 * windows[0] or windows[-1] - windows[0] <= RESOLUTION_SECONDS
    ratio = running / idle if idle > 0 else float("inf") if running > 0 else 1.0
    lines = [
        f"{'server CPU, running vs idle page':<38} {running:>8.3f} s/min {idle:>8.3f} s/min "
        f"{ratio:>6.2f}x  (goal <= 1.2x, {'ok' if same_as_idle else 'over goal'})",
        f"{'  per minute of the run':<38} "
        + " ".join(f"{w:.3f}" for w in windows)
        + f"  (no growth: {'ok' if growth else 'grew'})",
        f"{'bytes on the websocket while paused':<38} {result['paused_bytes']:>9d} B "
        f"in {result['paused_seconds']} s  (goal 0, "
        f"{'ok' if result['paused_bytes'] == 0 else 'over goal'})",
        f"{'pause write: session file vs log':<38} {result['write_pause_s'] * 1000:>9.1f} ms "
        f"{result['write_log_s'] * 1000:>9.1f} ms",
    ]
    return lines
