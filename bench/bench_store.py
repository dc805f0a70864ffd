"""Measure the store at ten years of dense logging: one write, cold and warm snapshots."""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hipdash.records import (  # noqa: E402
    SessionRecord,
    StepOutcome,
    StrengthSet,
    TensionCheckIn,
)
from hipdash.store import Snapshot, Store  # noqa: E402
from hipdash.vocabulary import AREAS  # noqa: E402

_AREAS = list(AREAS)
_START = datetime(2016, 1, 4, 7, 0, tzinfo=timezone(timedelta(hours=1)))


def dense_snapshot(
    days: int, checkins_per_day: int, sets_per_day: int, sessions_per_day: int
) -> Snapshot:
    """Return `days` of made-up but valid logging at the given daily density."""
    checkins, sets, sessions = [], [], []
    for day in range(days):
        morning = _START + timedelta(days=day)
        for n in range(checkins_per_day):
            checkins.append(
                TensionCheckIn(
                    at=morning + timedelta(minutes=7 * n),
                    area=_AREAS[(day + n) % len(_AREAS)],
                    level=(day * 7 + n * 3) % 11,
                    side=("left", "right", "both")[n % 3],
                    context=("before_session", "after_session", "standalone")[n % 3],
                )
            )
        for n in range(sets_per_day):
            sets.append(
                StrengthSet(
                    at=morning + timedelta(minutes=30 + 3 * n),
                    exercise_name="Glute bridge",
                    exercise_id="glute-bridge",
                    reps=8 + (day + n) % 8,
                    load=float(10 + n * 2.5),
                    rpe=float(5 + n),
                )
            )
        for n in range(sessions_per_day):
            start = morning + timedelta(hours=1 + n)
            sessions.append(
                SessionRecord(
                    started_at=start,
                    ended_at=start + timedelta(minutes=12),
                    routine_name="Morning hips",
                    steps=(
                        StepOutcome("figure-four-stretch", "done", 120.0),
                        StepOutcome("glute-ball-release", "done", 90.0),
                        StepOutcome("clamshell", "skipped", 0.0),
                    ),
                    stop_reason="completed",
                    active_seconds=210.0,
                )
            )
    return Snapshot(checkins=tuple(checkins), sets=tuple(sets), sessions=tuple(sessions))


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
    checkins_per_day: int = 6,
    sets_per_day: int = 3,
    sessions_per_day: int = 1,
    years: int = 10,
    runs: int = 15,
    directory: Path | None = None,
) -> dict[str, float]:
    """Return timings (seconds) for a store holding `years` of dense logging.

    `write_s` adds one check-in to a warm store. The floors write the same data with
    compact json.dumps (no fsync, and with fsync) and with plain json.dump (which runs
    the pure-Python encoder). `write_ratio` is the median of per-run ratios of a write
    to the compact no-fsync floor measured right after it.
    """
    with tempfile.TemporaryDirectory(dir=directory) as folder:
        path = Path(folder) / "hipdash.json"
        now = _START + timedelta(days=365 * years + 3)
        store = Store(path, now=lambda: now)
        seed = dense_snapshot(365 * years, checkins_per_day, sets_per_day, sessions_per_day)
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
    print(format_table(measure_store()))
