"""Measure Streamlit's post-run garbage collection on the ten-year log, and long-run memory.

hipdash turns `runner.postScriptGC` off (.streamlit/config.toml): Streamlit's full collection
after every run costs more the more objects the server holds. Two measurements back that:

- the setting's effect: a warm Progress rerun (browser time and server CPU) and a running
  guided session (server CPU a minute), with the collection on and off;
- long-run memory with it off: a server on the log, one page rerunning Progress and another
  running a guided session, the server's RSS sampled every minute.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench_session import LONG_QUEUE, cpu_seconds

from hipdash.sidecar import SessionSidecar
from hipdash.store import Snapshot, Store
from tests.support import ROOT, Server, streamlit_server, wait_until_idle

GC_ENV = "STREAMLIT_RUNNER_POST_SCRIPT_GC"  # the same option as --runner.postScriptGC
TIMEOUT_MS = 120_000
RANGES = ("Last 4 weeks", "Last 12 weeks")


def rss_mb(pid: int) -> float:
    """Return the resident memory of process ``pid`` in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


@contextmanager
def _server(workdir: Path, db: Path, gc: bool) -> Iterator[Server]:
    env = {"HIPDASH_DB": str(db), GC_ENV: "true" if gc else "false"}
    with streamlit_server(ROOT / "app.py", log_dir=workdir, env=env) as server:
        yield server


class RunWatch:
    """Count the runs the server reports finished to one browser page."""

    def __init__(self, page) -> None:
        self.page = page
        self.finished = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes) and _is_script_finished(payload):
            self.finished += 1

    def wait_past(self, count: int, timeout: float = TIMEOUT_MS / 1000) -> None:
        """Wait until more than ``count`` runs have finished."""
        deadline = time.monotonic() + timeout
        while self.finished <= count:
            if time.monotonic() > deadline:
                raise TimeoutError("the server reported no finished run")
            self.page.wait_for_timeout(5)  # lets Playwright deliver the socket's frames


def _is_script_finished(payload: bytes) -> bool:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    try:
        return ForwardMsg.FromString(payload).WhichOneof("type") == "script_finished"
    except ValueError:
        return False


def _open_progress(browser, server: Server):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(TIMEOUT_MS)
    page.run_watch = RunWatch(page)
    page.goto(f"{server.url}/progress")
    page.get_by_role("radio", name=RANGES[0], exact=True).wait_for(timeout=TIMEOUT_MS)
    wait_until_idle(page)
    return page


def progress_rerun(page, number: int) -> float:
    """Switch the Progress range (alternating two); return seconds until the run's end arrives.

    The end is the server's "script finished" message reaching the page, after every
    element of the run.
    """
    watch: RunWatch = page.run_watch
    finished = watch.finished
    started = time.perf_counter()
    page.get_by_role("radio", name=RANGES[number % 2], exact=True).click()
    watch.wait_past(finished)
    return time.perf_counter() - started


def start_session(browser, server: Server, db: Path):
    """Open Session in a new page with the long queue, start it and return the page."""
    SessionSidecar(db).set_queue(LONG_QUEUE)
    browser_page = browser.new_page(viewport={"width": 390, "height": 844})
    browser_page.set_default_timeout(TIMEOUT_MS)
    browser_page.goto(f"{server.url}/session")
    skip = browser_page.get_by_role("button", name="Skip rating")
    kept = browser_page.get_by_role("button", name="End it (save as stopped early)")
    skip.or_(kept).first.wait_for(timeout=TIMEOUT_MS)
    if kept.count():
        # A session the previous page left unfinished: save it and start afresh.
        kept.click()
    skip.click()
    browser_page.get_by_role("button", name="Start", exact=True).click()
    browser_page.get_by_role("button", name="Pause", exact=True).wait_for(timeout=TIMEOUT_MS)
    wait_until_idle(browser_page)
    return browser_page


def session_running(browser_page) -> bool:
    """Return True while the session page shows a running session."""
    return browser_page.get_by_role("button", name="Pause", exact=True).count() > 0


def measure_gc_effect(
    browser, workdir: Path, history: Snapshot, reruns: int, session_seconds: float
) -> dict[str, dict[str, float]]:
    """Return, for GC on and off: warm rerun seconds, its server CPU, session CPU a minute."""
    db = workdir / "gc-effect.json"
    Store(db).replace_all(history)
    results: dict[str, dict[str, float]] = {}
    for gc in (True, False):
        with _server(workdir, db, gc) as server:
            pid = server.process.pid
            page = _open_progress(browser, server)
            for number in range(2):  # the first two build both ranges' views
                progress_rerun(page, number)
            times, cpus = [], []
            for number in range(reruns):
                before = cpu_seconds(pid)
                times.append(progress_rerun(page, number))
                # Let the server finish sending before its CPU is read.
                time.sleep(0.3)
                cpus.append(cpu_seconds(pid) - before)
            page.close()
            session_page = start_session(browser, server, db)
            before = cpu_seconds(pid)
            time.sleep(session_seconds)
            session_cpu = (cpu_seconds(pid) - before) * 60 / session_seconds
            session_page.close()
        results["on" if gc else "off"] = {
            "rerun_s": statistics.median(times),
            "rerun_cpu_s": statistics.median(cpus),
            "session_cpu_per_min": session_cpu,
        }
    return results


def measure_long_run(browser, workdir: Path, history: Snapshot, minutes: int) -> dict[str, Any]:
    """Run Progress reruns and a guided session for ``minutes``; sample the server's RSS."""
    db = workdir / "gc-long.json"
    Store(db).replace_all(history)
    with _server(workdir, db, gc=False) as server:
        pid = server.process.pid
        progress = _open_progress(browser, server)
        session_page = start_session(browser, server, db)
        samples = [rss_mb(pid)]
        reruns = restarts = 0
        started = time.monotonic()
        for minute in range(1, minutes + 1):
            while time.monotonic() < started + 60 * minute:
                progress_rerun(progress, reruns)
                reruns += 1
                time.sleep(2)
            if not session_running(session_page):
                session_page.close()
                session_page = start_session(browser, server, db)
                restarts += 1
            samples.append(rss_mb(pid))
        progress.close()
        session_page.close()
    return {"samples": samples, "reruns": reruns, "restarts": restarts}


def gc_rows(
    effect: dict[str, dict[str, float]], long_run: dict[str, Any], records: int
) -> list[str]:
    """Return the benchmark's lines for the GC setting and the long run."""
    on, off = effect["on"], effect["off"]
    samples = long_run["samples"]
    growth = samples[-1] - samples[0]
    minutes = len(samples) - 1
    return [
        f"{'measure':<38} {'GC off':>12} {'GC on':>12} {'ratio':>7}",
        f"{'warm Progress rerun, in the browser':<38} {off['rerun_s'] * 1000:>9.0f} ms "
        f"{on['rerun_s'] * 1000:>9.0f} ms {off['rerun_s'] / on['rerun_s']:>6.2f}x",
        f"{'  server CPU per rerun':<38} {off['rerun_cpu_s'] * 1000:>9.0f} ms "
        f"{on['rerun_cpu_s'] * 1000:>9.0f} ms",
        f"{'running session, server CPU':<38} {off['session_cpu_per_min']:>7.2f} s/min "
        f"{on['session_cpu_per_min']:>7.2f} s/min",
        f"long run with GC off ({records:,} records, {minutes} min, {long_run['reruns']} "
        f"Progress reruns, session restarted {long_run['restarts']}x)",
        f"{'  server RSS start -> end':<38} {samples[0]:>9.0f} MB {samples[-1]:>9.0f} MB "
        f"  growth {growth:+.0f} MB ({growth / samples[0]:+.1%}), peak {max(samples):.0f} MB",
        f"{'  RSS each minute (MB)':<38} " + " ".join(f"{s:.0f}" for s in samples),
    ]
