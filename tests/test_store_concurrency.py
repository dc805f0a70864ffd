"""Test that threads and processes writing the same file at once never lose an entry."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from hipdash.store import SCHEMA_VERSION, Store
from tests.store_fixtures import NOW, fixed_now, make_checkin

ROOT = Path(__file__).resolve().parent.parent
THREADS = 8
WRITES_EACH = 200
PROCESSES = 2

# A child process waits for a line on stdin, so that all children start together, then
# writes `count` check-ins with ids "<prefix><n>", one write each.
CHILD = """
import sys
from datetime import datetime, timedelta, timezone
from hipdash.records import TensionCheckIn
from hipdash.store import Store

path, prefix, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = Store(path)
sys.stdin.readline()
start = datetime.now(timezone.utc)
for n in range(count):
    store.add_checkins([TensionCheckIn(at=start - timedelta(seconds=n), area="glutes",
                                       level=n % 11, id=f"{prefix}{n}")])
"""


def checkin_id(writer: int, n: int) -> str:
    return f"w{writer}n{n}"


def run_writers(store_for: Callable[[int], Store]) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def write(writer: int) -> None:
        store = store_for(writer)
        start.wait()
        try:
            for n in range(WRITES_EACH):
                store.add_checkins(
                    [
                        make_checkin(
                            at=NOW - timedelta(seconds=n), level=n % 11, id=checkin_id(writer, n)
                        )
                    ]
                )
        except BaseException as error:  # reported to the test thread below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def assert_file_holds(path: Path, expected_ids: set[str]) -> None:
    data = json.loads(path.read_bytes())
    assert data["_meta"]["1"]["schema_version"] == SCHEMA_VERSION
    stored = [doc["id"] for doc in data["checkins"].values()]
    assert len(stored) == len(expected_ids)
    assert set(stored) == expected_ids
    assert {c.id for c in Store(path, now=fixed_now).snapshot().checkins} == expected_ids


def all_thread_ids() -> set[str]:
    return {checkin_id(w, n) for w in range(THREADS) for n in range(WRITES_EACH)}


def test_threads_each_with_their_own_store_lose_no_write(db_path: Path) -> None:
    errors = run_writers(lambda writer: Store(db_path, now=fixed_now))
    assert errors == []
    assert_file_holds(db_path, all_thread_ids())


def test_threads_sharing_one_store_lose_no_write(db_path: Path) -> None:
    shared = Store(db_path, now=fixed_now)
    errors = run_writers(lambda writer: shared)
    assert errors == []
    assert_file_holds(db_path, all_thread_ids())
    assert len(shared.snapshot().checkins) == THREADS * WRITES_EACH


def test_processes_writing_at_once_lose_no_write(db_path: Path) -> None:
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(db_path), f"p{p}n", str(WRITES_EACH)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for p in range(PROCESSES)
    ]
    for child in children:
        assert child.stdin is not None
        child.stdin.write(b"go\n")
        child.stdin.flush()
    for child in children:
        _, stderr = child.communicate(timeout=120)
        assert child.returncode == 0, stderr.decode()
    expected = {f"p{p}n{n}" for p in range(PROCESSES) for n in range(WRITES_EACH)}
    assert_file_holds(db_path, expected)


def test_a_reader_sees_only_whole_files_while_others_write(db_path: Path) -> None:
    reader = Store(db_path, now=fixed_now)
    seen: list[int] = []
    done = threading.Event()
    problems: list[BaseException] = []

    def read() -> None:
        try:
            while not done.is_set():
                seen.append(len(reader.snapshot().checkins))
        except BaseException as error:  # reported to the test thread below
            problems.append(error)

    watcher = threading.Thread(target=read)
    watcher.start()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db_path), "r", "150"], cwd=ROOT, stdin=subprocess.PIPE
    )
    assert child.stdin is not None
    child.stdin.write(b"go\n")
    child.stdin.close()
    try:
        writer = Store(db_path, now=fixed_now)
        for n in range(150):
            writer.add_checkins([make_checkin(id=f"t{n}")])
        assert child.wait(timeout=120) == 0
    finally:
        done.set()
        watcher.join(timeout=60)
    assert problems == []
    assert seen == sorted(seen)
    assert len(reader.snapshot().checkins) == 300
