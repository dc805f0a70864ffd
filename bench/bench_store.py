"""Measure the store at ten years of dense logging: one write, cold and warm snapshots."""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hipdash.catalog import load_catalog  # noqa: E402
from hipdash.demo import generate_dense_history  # noqa: E402
from hipdash.records import TensionCheckIn  # noqa: E402
from hipdash.store import Snapshot, Store  # noqa: E402


def dense_history(now: datetime, years: float = 10) -> Snapshot:
    """Return ``years`` of dense, realistic logging up to ``now`` (the demo generator's)."""
    return generate_dense_history(load_catalog(), now, years=years).snapshot()


def _median_seconds(
    action: Callable[[], Any], runs: int, before: Callable[[], Any] | None = None
) -> float:
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure_store(
    seed: Snapshot, now: datetime, runs: int = 15, directory: Path | None = None
) -> dict[str, float]:
    """Return timings (seconds) for a store holding ``seed``, as the app would at ``now``.

    `write_s` adds one check-in to a warm store. The floors write the same data with
    compact json.dumps (no fsync, and with fsync) and with plain json.dump (which runs
    the pure-Python encoder). `write_ratio` is the median of per-run ratios of a write
    to the compact no-fsync floor measured right after it.
    """
    with tempfile.TemporaryDirectory(dir=directory) as folder:
        path = Path(folder) / "hipdash.json"
        store = Store(path, now=lambda: now)
        store.replace_all(seed)
        # Like the app: one long-lived store that opened the existing file and read it once.
        # This also makes the day's backup now, so it isn't timed below.
        store = Store(path, now=lambda: now)
        store.snapshot()
        counter = iter(range(10**9))

        def write_one() -> None:
            n = next(counter)
            store.add_checkins(
                [TensionCheckIn(at=now - timedelta(minutes=n), area="glutes", level=n % 11)]
            )

        raw = json.loads(path.read_bytes())
        floor_path = Path(folder) / "floor.json"

        def dumps_floor() -> None:
            with open(floor_path, "w", encoding="utf-8") as handle:
                handle.write(json.dumps(raw, separators=(",", ":"), ensure_ascii=False))

        def dumps_fsync_floor() -> None:
            with open(floor_path, "w", encoding="utf-8") as handle:
                handle.write(json.dumps(raw, separators=(",", ":"), ensure_ascii=False))
                handle.flush()
                os.fsync(handle.fileno())

        def dump_floor() -> None:
            with open(floor_path, "w", encoding="utf-8") as handle:
                json.dump(raw, handle)

        # Interleave the write and its floors, so a busy machine slows both alike.
        timings: dict[str, list[float]] = {"write": [], "floor": [], "fsync": []}
        for _ in range(runs):
            for name, action in (
                ("write", write_one),
                ("floor", dumps_floor),
                ("fsync", dumps_fsync_floor),
            ):
                started = time.perf_counter()
                action()
                timings[name].append(time.perf_counter() - started)
        write_s = statistics.median(timings["write"])
        floor_s = statistics.median(timings["floor"])
        floor_fsync_s = statistics.median(timings["fsync"])
        ratios = [w / f for w, f in zip(timings["write"], timings["floor"], strict=True)]
        json_dump_s = _median_seconds(dump_floor, max(3, runs // 3))
        snapshot_after_write_s = _median_seconds(store.snapshot, runs, before=write_one)

        def cold_snapshot() -> None:
            Store(path, now=lambda: now).snapshot()

        cold_snapshot_s = _median_seconds(cold_snapshot, runs)
        parse_s = _median_seconds(lambda: json.loads(path.read_bytes()), runs)
        store.snapshot()
        warm_snapshot_s = _median_seconds(store.snapshot, runs)
        cold_write_s = _median_seconds(
            lambda: Store(path, now=lambda: now).add_checkins(
                [TensionCheckIn(at=now, area="glutes", level=1)]
            ),
            runs,
        )
        records = store.snapshot().count()
        return {
            "records": float(records),
            "file_mb": path.stat().st_size / 1e6,
            "write_s": write_s,
            "floor_dumps_s": floor_s,
            "floor_dumps_fsync_s": floor_fsync_s,
            "plain_json_dump_s": json_dump_s,
            "write_ratio": statistics.median(ratios),
            "write_ratio_vs_fsync_floor": write_s / floor_fsync_s,
            "cold_write_s": cold_write_s,
            "json_parse_s": parse_s,
            "cold_snapshot_s": cold_snapshot_s,
            "snapshot_after_own_write_s": snapshot_after_write_s,
            "warm_snapshot_s": warm_snapshot_s,
        }


def format_table(results: dict[str, float]) -> str:
    """Return the results as a small plain-text table."""
    lines = []
    for name, value in results.items():
        if name == "records":
            shown = f"{int(value):,}"
        elif name == "file_mb":
            shown = f"{value:.1f} MB"
        elif name.startswith("write_ratio"):
            shown = f"{value:.2f}x"
        else:
            shown = f"{value * 1000:.2f} ms"
        lines.append(f"{name:<28}{shown:>14}")
    return "\n".join(lines)


if __name__ == "__main__":
    print("hipdash store, 10 years of dense logging (median of 15 runs)")
    moment = datetime.now().astimezone()
    print(format_table(measure_store(dense_history(moment), moment)))
