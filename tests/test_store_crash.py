"""Test that a writer killed mid-stream leaves a whole file holding every acknowledged write."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from hipdash.store import SCHEMA_VERSION, Snapshot, Store
from tests.store_fixtures import NOW, fixed_now, make_checkin, make_note

ROOT = Path(__file__).resolve().parent.parent
KILLS = 10
SEED_RECORDS = 3000

# The child acknowledges a write by printing its id only after add_checkins returned.
WRITER = """
import sys
from datetime import datetime, timezone
from hipdash.records import TensionCheckIn
from hipdash.store import Store

path, run = sys.argv[1], sys.argv[2]
store = Store(path)
n = 0
while True:
    record_id = f"{run}x{n}"
    store.add_checkins([TensionCheckIn(at=datetime.now(timezone.utc), area="glutes",
                                       level=n % 11, id=record_id)])
    sys.stdout.write(record_id + "\\n")
    sys.stdout.flush()
    n += 1
"""


def seed_large_file(path: Path) -> None:
    # A bigger file makes each write take longer, so more kills land inside a write.
    checkins = tuple(
        make_checkin(at=NOW - timedelta(minutes=n), level=n % 11, id=f"seed{n}")
        for n in range(SEED_RECORDS)
    )
    Store(path, now=fixed_now).replace_all(Snapshot(checkins=checkins, notes=(make_note(),)))


def kill_writer_after(path: Path, run: str, acks_before_kill: int, extra_delay: float) -> set[str]:
    """Run a writer, SIGKILL it mid-stream, and return every id it acknowledged."""
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), run],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    acknowledged: set[str] = set()
    try:
        while len(acknowledged) < acks_before_kill:
            line = child.stdout.readline()
            assert line, child.stderr.read() if child.stderr else "writer died"
            acknowledged.add(line.strip())
        time.sleep(extra_delay)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        rest, _ = child.communicate(timeout=30)
    # Lines printed before the kill are acknowledgements too, even if read only now.
    acknowledged.update(line for line in rest.splitlines() if line)
    assert child.returncode == -signal.SIGKILL
    return acknowledged


def test_a_killed_writer_never_breaks_the_file_or_loses_an_acknowledged_write(
    db_path: Path,
) -> None:
    seed_large_file(db_path)
    chance = random.Random(20250601)
    acknowledged: set[str] = set()
    for run in range(KILLS):
        acknowledged |= kill_writer_after(
            db_path, f"r{run}", chance.randint(1, 25), chance.uniform(0, 0.01)
        )
        data = json.loads(db_path.read_bytes())
        assert data["_meta"]["1"]["schema_version"] == SCHEMA_VERSION
        stored = {c.id for c in Store(db_path, now=fixed_now).snapshot().checkins}
        assert acknowledged <= stored
        assert len(stored) >= SEED_RECORDS + len(acknowledged)
    # The next writer sweeps away temp files that killed writers left behind.
    Store(db_path, now=fixed_now).add_note(make_note(text="after the crashes"))
    leftovers = [name for name in os.listdir(db_path.parent) if name.endswith(".tmp")]
    assert leftovers == []
