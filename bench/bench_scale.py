"""Measure hipdash at 1k to 100k records: write, cold read, first Progress render, memory.

Every figure that reports memory comes from a process that does nothing else: the store's
figures from a fresh worker process (this file run with ``--worker``), the app's from the
`streamlit run` server's own VmHWM. The benchmark's bookkeeping is never counted.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench_store import dense_history  # noqa: E402

from hipdash.records import TensionCheckIn  # noqa: E402
from hipdash.store import Snapshot, Store  # noqa: E402

SIZES = (1_000, 10_000, 36_500, 100_000)
# The dense generator logs ten records a day: 6 check-ins, 3 sets and 1 session.
RECORDS_PER_YEAR = 3652.5
# Every page, so the server's peak covers what a person who looks around would cause.
PAGES = ("", "explore", "session", "log", "progress", "safety", "settings")
TIMEOUT_MS = 120_000
# The Progress page has rendered once its script ended with its first chart (the overview,
# drawn as an image) or with the empty state's words when nothing is logged.
_PROGRESS_DRAWN = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (app === null || app.dataset.testScriptState !== "notRunning") return false;
    if (document.querySelector('[data-stale="true"]') !== null) return false;
    const chart = document.querySelector('.st-key-progress_overview_chart img');
    if (chart !== null && chart.complete && chart.naturalWidth > 0) return true;
    return document.body.innerText.includes("Nothing logged yet");
}"""
_IDLE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app !== null && app.dataset.testScriptState === "notRunning"
        && document.querySelector('[data-stale="true"]') === null;
}"""


def scaled_history(records: int, now: datetime) -> Snapshot:
    """Return about ``records`` records of dense daily logging up to ``now``."""
    return dense_history(now, years=records / RECORDS_PER_YEAR)


def _status_kb(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"/proc/self/status has no {field}")


def server_peak_kb(pid: int) -> int:
    """Return the peak resident memory (VmHWM) of process ``pid``, in kB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError(f"/proc/{pid}/status has no VmHWM")


# Worker side: each runs in a fresh process started by the parent.


def _worker_memory(path: Path) -> dict[str, float]:
    """Read the file once, as the app's first page does; report what the data adds."""
    gc.collect()
    before = _status_kb("VmRSS")
    snapshot = Store(path).snapshot()
    gc.collect()
    held = _status_kb("VmRSS") - before
    peak = _status_kb("VmHWM") - before
    return {"records": snapshot.count(), "store_peak_kb": peak, "store_held_kb": held}


def _worker_timing(path: Path, runs: int) -> dict[str, float]:
    """Time a cold read against json.loads (interleaved), then one write to a copy.

    The reads are timed in CPU seconds of this process: on a machine shared with other
    work, wall time mostly measures the neighbours.
    """
    loads: list[float] = []
    reads: list[float] = []
    for _ in range(runs):
        started = time.process_time()
        json.loads(path.read_bytes())
        loads.append(time.process_time() - started)
        started = time.process_time()
        Store(path).snapshot()
        reads.append(time.process_time() - started)
    copy = path.with_name("write-copy.json")
    shutil.copyfile(path, copy)
    now = datetime.now().astimezone()
    store = Store(copy, now=lambda: now)
    store.snapshot()  # the app writes from a warm store; this also makes the day's backup
    writes = []
    for n in range(runs):
        checkin = TensionCheckIn(at=now - timedelta(minutes=n), area="glutes", level=n % 11)
        started = time.perf_counter()
        store.add_checkins([checkin])
        writes.append(time.perf_counter() - started)
    return {
        "json_loads_s": statistics.median(loads),
        "cold_read_s": statistics.median(reads),
        "cold_ratio": statistics.median(r / j for r, j in zip(reads, loads, strict=True)),
        "write_s": statistics.median(writes),
    }


def run_worker(kind: str, path: Path, runs: int) -> dict[str, float]:
    """Return the figures of a fresh worker process ("memory" or "timing") on ``path``."""
    command = [sys.executable, __file__, "--worker", kind, str(path), "--runs", str(runs)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return result


# Browser side.


def _first_progress_render(browser, db: Path, workdir: Path, visit_all: bool) -> tuple[float, int]:
    """Start a server on ``db``; return seconds to the first Progress render and its peak kB.

    With ``visit_all`` every page is visited after the timed render, before the peak is read.
    """
    from tests.support import ROOT as APP_ROOT
    from tests.support import streamlit_server

    env = {"HIPDASH_DB": str(db)}
    with streamlit_server(APP_ROOT / "app.py", log_dir=workdir, env=env) as server:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            started = time.perf_counter()
            page.goto(f"{server.url}/progress")
            page.wait_for_function(_PROGRESS_DRAWN, timeout=TIMEOUT_MS)
            elapsed = time.perf_counter() - started
            if visit_all:
                for name in PAGES:
                    page.goto(f"{server.url}/{name}")
                    page.wait_for_function(_IDLE, timeout=TIMEOUT_MS)
            peak = server_peak_kb(server.process.pid)
        finally:
            page.close()
    return elapsed, peak


def measure_size(browser, records: int, workdir: Path, repeats: int, runs: int) -> dict[str, Any]:
    """Return every figure of one row of the table."""
    folder = workdir / f"size-{records}"
    folder.mkdir()
    dense = folder / "dense.json"
    now = datetime.now().astimezone()
    Store(dense, now=lambda: now).replace_all(scaled_history(records, now))
    memory = run_worker("memory", dense, runs)
    timing = run_worker("timing", dense, runs)
    renders: dict[str, list[float]] = {"dense": [], "empty": []}
    peaks: dict[str, int] = {}
    # Empty and dense interleaved, so a busy moment on the machine slows both alike.
    for repeat in range(repeats):
        last = repeat == repeats - 1
        for name in ("empty", "dense"):
            db = dense if name == "dense" else folder / f"empty-{repeat}" / "hipdash.json"
            db.parent.mkdir(exist_ok=True)
            elapsed, peak = _first_progress_render(browser, db, folder, visit_all=last)
            renders[name].append(elapsed)
            if last:
                peaks[name] = peak
    file_bytes = dense.stat().st_size
    return {
        **memory,
        **timing,
        "file_bytes": file_bytes,
        "render_dense_s": statistics.median(renders["dense"]),
        "render_empty_s": statistics.median(renders["empty"]),
        "server_dense_kb": peaks["dense"],
        "server_empty_kb": peaks["empty"],
    }


HEADER = (
    f"{'records':>8} {'file':>7} {'write':>7} {'cold read':>10} {'json.loads':>10} "
    f"{'x':>5} {'Progress':>9} {'empty':>7} {'x':>5} {'server':>7} {'empty':>7} "
    f"{'data adds':>10} {'store adds':>11}"
)


def format_row(row: dict[str, Any]) -> str:
    """Return one size's figures as a line of the table."""
    mb = row["file_bytes"] / 1e6
    server_adds = (row["server_dense_kb"] - row["server_empty_kb"]) * 1024 / row["file_bytes"]
    store_adds = row["store_peak_kb"] * 1024 / row["file_bytes"]
    return (
        f"{int(row['records']):>8,} {mb:>5.1f}MB {row['write_s'] * 1000:>5.0f}ms "
        f"{row['cold_read_s'] * 1000:>8.0f}ms {row['json_loads_s'] * 1000:>8.0f}ms "
        f"{row['cold_ratio']:>4.1f}x {row['render_dense_s'] * 1000:>7.0f}ms "
        f"{row['render_empty_s'] * 1000:>5.0f}ms "
        f"{row['render_dense_s'] / row['render_empty_s']:>4.2f}x "
        f"{row['server_dense_kb'] / 1024:>5.0f}MB {row['server_empty_kb'] / 1024:>5.0f}MB "
        f"{server_adds:>9.1f}x {store_adds:>10.1f}x"
    )


LEGEND = [
    "write: add 1 check-in to a warm store. cold read: a new Store's first snapshot, against",
    "json.loads of the same file, both in CPU time (x: median ratio, goal <= 2x). Progress:",
    "navigation to the charts of a fresh server's first Progress render, against an empty",
    "log (x: goal <= 1.5x). server/empty: the server's peak RSS (VmHWM) after visiting every",
    "page. data adds: the dense server's peak minus the empty one's, in file sizes (goal",
    "<= 4x); it includes the libraries only a page with data imports (about 17 MB at 1k",
    "records). store adds: the peak RSS a lone process gains reading the file into a",
    "snapshot, in file sizes.",
]


def scale_rows(sizes: tuple[int, ...] = SIZES, repeats: int = 3, runs: int = 5) -> list[str]:
    """Run the whole scale benchmark; return the printed table's lines."""
    from tests.support import chromium

    lines = [
        "hipdash at scale (dense daily logs; medians; fresh processes for memory)",
        HEADER,
    ]
    with tempfile.TemporaryDirectory(prefix="hipdash-scale-") as tmp, chromium() as browser:
        for records in sizes:
            row = measure_size(browser, records, Path(tmp), repeats, runs)
            lines.append(format_row(row))
    return [*lines, *LEGEND]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--worker", choices=("memory", "timing"))
    parser.add_argument("path", nargs="?", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if args.worker == "memory":
        print(json.dumps(_worker_memory(args.path)))
    elif args.worker == "timing":
        print(json.dumps(_worker_timing(args.path, args.runs)))
    else:
        print("\n".join(scale_rows(tuple(args.sizes), args.repeats, args.runs)))


if __name__ == "__main__":
    main()
