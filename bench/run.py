"""Measure hipdash against a bare Streamlit page in headless Chromium and print the figures.

Run with `make bench`. Every figure is a median of repeated runs on this machine.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_explore import explore_rows, measure_explore  # noqa: E402
from bench_gc import gc_rows, measure_gc_effect, measure_long_run  # noqa: E402
from bench_scale import run_worker, scale_rows  # noqa: E402
from bench_session import measure_session, session_rows  # noqa: E402
from bench_store import dense_history, measure_store  # noqa: E402

from hipdash.catalog import load_catalog  # noqa: E402
from hipdash.store import Store  # noqa: E402
from tests.support import ROOT as APP_ROOT  # noqa: E402
from tests.support import chromium, streamlit_server  # noqa: E402

BARE_APP = textwrap.dedent(
    """
    import streamlit as st

    chosen = st.pills("Area", ["Glutes", "Hamstrings"], selection_mode="multi", key="area")
    st.header(f"Chosen: {', '.join(chosen) or 'nothing'}")
    """
)
TIMEOUT_MS = 60_000


def cold_start(script: Path, ready_selector: str, workdir: Path, browser, runs: int) -> float:
    """Return the median seconds from `streamlit run` to the first page rendered."""
    samples = []
    for run in range(runs):
        log_dir = workdir / f"cold-{script.stem}-{run}"
        log_dir.mkdir()
        env = {"HIPDASH_DB": str(log_dir / "hipdash.json")}
        started = time.perf_counter()
        with streamlit_server(script, log_dir=log_dir, env=env) as server:
            page = browser.new_page()
            page.goto(server.url)
            page.locator(ready_selector).first.wait_for(timeout=TIMEOUT_MS)
            samples.append(time.perf_counter() - started)
            page.close()
    return statistics.median(samples)


def _heading(page, text: str):
    # Both pages answer with a section heading; looking only at h2 elements keeps the
    # browser-side search as cheap on the big page as on the bare one.
    return page.locator("h2", has_text=re.compile(f"^{re.escape(text)}$"))


def toggle_round_trip(page, pill, heading_for: Callable[[bool], str], runs: int) -> float:
    """Click ``pill`` on and off; return the median seconds until the heading it brings shows.

    ``heading_for(on)`` names the heading expected once the pill is on, or off again.
    """
    pill.wait_for(timeout=TIMEOUT_MS)
    samples = []
    on = False
    for run in range(2 + runs):  # the first two only warm the caches
        started = time.perf_counter()
        pill.click()
        on = not on
        _heading(page, heading_for(on)).wait_for(timeout=TIMEOUT_MS)
        if run >= 2:
            samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def explore_round_trip(browser, workdir: Path, runs: int) -> float:
    """Choose Glutes, wait for the glute cards; clear it, wait for all cards; repeat.

    Explore filters in the browser, so the heading changes without waiting for the server.
    """
    catalog = load_catalog()
    glutes = sum("glutes" in t.primary_areas for t in catalog)
    env = {"HIPDASH_DB": str(workdir / "explore.json")}
    with streamlit_server(APP_ROOT / "app.py", log_dir=workdir, env=env) as server:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{server.url}/explore")
        pill = page.locator(".explore-areas").get_by_role("button", name="Glutes", exact=True)
        return toggle_round_trip(
            page, pill, lambda on: f"{glutes if on else len(catalog)} techniques fit", runs
        )


def bare_round_trip(browser, script: Path, workdir: Path, runs: int) -> float:
    """Click the bare page's one widget and wait for its echo, the same way."""
    with streamlit_server(script, log_dir=workdir) as server:
        page = browser.new_page()
        page.goto(server.url)
        pill = page.locator(".st-key-area").get_by_role("button", name="Glutes", exact=True)
        return toggle_round_trip(
            page, pill, lambda on: "Chosen: Glutes" if on else "Chosen: nothing", runs
        )


def _progress_app(db_path: Path):
    """Return an AppTest that has opened the Progress page on ``db_path`` once (cache warm)."""
    from streamlit import logger as streamlit_logger
    from streamlit.testing.v1 import AppTest

    # Outside a browser session Streamlit warns of a missing script context; the table is
    # this script's output.
    streamlit_logger.set_log_level("error")
    os.environ["HIPDASH_DB"] = str(db_path)
    app = AppTest.from_file(str(APP_ROOT / "app.py"), default_timeout=300)
    app.run()
    app.switch_page("pages/progress.py")
    app.run()  # the first run parses the file and builds the frames
    if app.exception:
        raise RuntimeError(f"Progress page failed: {app.exception}")
    return app


def progress_reruns(dense_db: Path, empty_db: Path, runs: int) -> tuple[float, float]:
    """Return median seconds of a warm Progress rerun on each store, runs interleaved."""
    apps = {"dense": _progress_app(dense_db), "empty": _progress_app(empty_db)}
    samples: dict[str, list[float]] = {"dense": [], "empty": []}
    # Interleaved, so a busy moment on the machine slows both alike.
    for _ in range(runs):
        for name, app in apps.items():
            os.environ["HIPDASH_DB"] = str(dense_db if name == "dense" else empty_db)
            started = time.perf_counter()
            app.run()
            samples[name].append(time.perf_counter() - started)
    return statistics.median(samples["dense"]), statistics.median(samples["empty"])


def _row(name: str, ours: float, bare: float, goal: float) -> str:
    ratio = ours / bare
    verdict = "ok" if ratio <= goal else "over goal"
    return (
        f"{name:<38} {ours * 1000:>9.0f} ms {bare * 1000:>9.0f} ms "
        f"{ratio:>6.2f}x  (goal <= {goal}x, {verdict})"
    )


SECTIONS = ("startup", "explore", "store", "scale", "session", "gc")


def startup_section(args: argparse.Namespace) -> list[str]:
    """Cold start and the Explore round trip, each against the bare page."""
    with tempfile.TemporaryDirectory(prefix="hipdash-bench-") as tmp:
        workdir = Path(tmp)
        bare_dir = workdir / "bare"
        bare_dir.mkdir()
        bare_script = bare_dir / "bare_app.py"
        bare_script.write_text(BARE_APP)
        with chromium() as browser:
            # Interleave nothing: each figure is taken with the machine otherwise idle.
            app_cold = cold_start(APP_ROOT / "app.py", "h1", workdir, browser, args.runs)
            bare_cold = cold_start(bare_script, "button", workdir, browser, args.runs)
            app_trip = explore_round_trip(browser, workdir, args.clicks)
            bare_trip = bare_round_trip(browser, bare_script, workdir, args.clicks)
    return [
        "hipdash benchmark (medians; headless Chromium against `streamlit run`)",
        f"{'measure':<38} {'hipdash':>12} {'bare page':>12} {'ratio':>7}",
        _row("cold start to first render", app_cold, bare_cold, 1.3),
        _row("choose area -> filtered cards", app_trip, bare_trip, 1.0),
    ]


def store_section(args: argparse.Namespace) -> list[str]:
    """The warm Progress rerun and the store's write on ten years of dense logs."""
    with tempfile.TemporaryDirectory(prefix="hipdash-bench-") as tmp:
        workdir = Path(tmp)
        empty_db, dense_db = workdir / "empty.json", workdir / "dense.json"
        moment = datetime.now().astimezone()
        history = dense_history(moment)
        records = history.count()
        Store(dense_db).replace_all(history)
        dense, empty = progress_reruns(dense_db, empty_db, 3 * args.clicks)
        store = measure_store(history, moment, directory=workdir)
        # In a process of its own: this one holds several stores and the app's pages.
        memory = run_worker("memory", dense_db, 1)
    file_kb = store["file_mb"] * 1e6 / 1024
    return [
        f"store and Progress page on 10 years of dense logs ({records:,} records)",
        f"{'measure':<38} {'hipdash':>12} {'baseline':>12} {'ratio':>7}",
        _row("Progress rerun (warm), vs empty", dense, empty, 1.5),
        _row(
            f"write 1 record at {int(store['records']):,} vs json.dump",
            store["write_s"],
            store["plain_json_dump_s"],
            1.3,
        ),
        _row("  same, vs compact json.dumps", store["write_s"], store["floor_dumps_s"], 1.3),
        f"{'cold snapshot (parse 1 file)':<38} {store['cold_snapshot_s'] * 1000:>9.0f} ms",
        f"{'json.loads of the same file':<38} {store['json_parse_s'] * 1000:>9.0f} ms",
        f"{'store peak on a cold read, lone process':<38} {memory['store_peak_kb'] / 1024:>9.0f} MB"
        f"  ({memory['store_peak_kb'] / file_kb:.1f}x the {store['file_mb']:.1f} MB file)",
        f"{'store holds after it':<38} {memory['store_held_kb'] / 1024:>9.0f} MB"
        f"  ({memory['store_held_kb'] / file_kb:.1f}x the file)",
    ]


def session_section(args: argparse.Namespace) -> list[str]:
    """A guided session running for minutes on the ten-year log: CPU, bytes, writes."""
    with tempfile.TemporaryDirectory(prefix="hipdash-bench-") as tmp:
        workdir = Path(tmp)
        history = dense_history(datetime.now().astimezone())
        with chromium() as browser:
            session = measure_session(browser, workdir, history, args.session_minutes)
    return [
        f"a guided session on the same 10-year log, {args.session_minutes} minutes running",
        *session_rows(session),
    ]


def explore_section(args: argparse.Namespace) -> list[str]:
    """Explore's first visit on a fresh server: time to cards, server memory and CPU."""
    with tempfile.TemporaryDirectory(prefix="hipdash-bench-") as tmp:
        with chromium() as browser:
            figures = measure_explore(browser, Path(tmp), max(args.runs, 3), args.clicks)
    return explore_rows(figures)


def gc_section(args: argparse.Namespace) -> list[str]:
    """Streamlit's post-run GC on and off, and the server's memory over a long run without it."""
    with tempfile.TemporaryDirectory(prefix="hipdash-bench-") as tmp:
        workdir = Path(tmp)
        history = dense_history(datetime.now().astimezone())
        with chromium() as browser:
            effect = measure_gc_effect(browser, workdir, history, 3 * args.clicks, 60)
            long_run = measure_long_run(browser, workdir, history, args.gc_minutes)
    return [
        f"Streamlit's post-run garbage collection on the same 10-year log "
        f"({history.count():,} records)",
        *gc_rows(effect, long_run, history.count()),
    ]


def scale_section(args: argparse.Namespace) -> list[str]:
    """Write, cold read, first Progress render and memory at 1k to 100k records."""
    return scale_rows()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="cold starts per app")
    parser.add_argument("--clicks", type=int, default=10, help="round trips per app")
    parser.add_argument(
        "--session-minutes", type=int, default=5, help="minutes a guided session runs"
    )
    parser.add_argument(
        "--gc-minutes", type=int, default=30, help="minutes of the long-run memory measurement"
    )
    parser.add_argument(
        "--only", choices=SECTIONS, action="append", help="run only these sections (repeatable)"
    )
    args = parser.parse_args()
    sections: dict[str, Callable[[argparse.Namespace], list[str]]] = {
        "startup": startup_section,
        "store": store_section,
        "session": session_section,
        "explore": explore_section,
        "gc": gc_section,
        "scale": scale_section,
    }
    for number, name in enumerate(args.only or SECTIONS):
        if number:
            print()
        # Printed as each section ends, so a long run shows its figures as it goes.
        print("\n".join(sections[name](args)), flush=True)


if __name__ == "__main__":
    main()
