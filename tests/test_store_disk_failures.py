"""Test the store on real failing disks: full, read-only, no permission, a bad path.

Each failure must come out as a StorageError, leave the data file as it was, release the
lock, and let the same Store work again once the cause is gone.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from filelock import FileLock

from hipdash.paths import lock_path
from hipdash.store import StorageError, Store
from hipdash.ui.shell import write_problem
from tests.store_fixtures import fixed_now, make_note, seed
from tests.support import ROOT


def _mount_refused(point: Path) -> str | None:
    if os.geteuid() != 0:
        return "mounting a tmpfs needs root"
    try:
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(point)],
            check=True,
            capture_output=True,
        )
    except (OSError, subprocess.CalledProcessError) as error:
        return f"the kernel refused to mount a tmpfs ({error})"
    return None


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """Yield a folder on its own 512 KB tmpfs, unmounted afterwards."""
    point = tmp_path / "disk"
    point.mkdir()
    reason = _mount_refused(point)
    if reason is not None:
        pytest.skip(reason)
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def _remount(point: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(point)], check=True)


def _fill(folder: Path) -> Path:
    """Fill the disk under folder until it has no byte left; return the filler file."""
    filler = folder / "filler"
    with contextlib.suppress(OSError), filler.open("wb") as handle:
        while True:
            handle.write(b"\0" * 4096)
            handle.flush()
    return filler


def _assert_unlocked(db: Path) -> None:
    # A lock left held would make every later write wait and then fail as busy.
    with FileLock(str(lock_path(db)), timeout=0):
        pass


def test_a_full_disk_raises_a_storage_error_and_leaves_the_file_as_it_was(
    small_disk: Path,
) -> None:
    db = small_disk / "hipdash.json"
    store = Store(db, now=fixed_now)
    seed(store)
    before = db.read_bytes()
    filler = _fill(small_disk)
    with pytest.raises(StorageError) as caught:
        store.add_note(make_note(text="x" * 1500))
    assert caught.value.kind == "full" and caught.value.errno in (errno.ENOSPC, errno.EDQUOT)
    assert db.read_bytes() == before
    assert sorted(p.name for p in small_disk.iterdir() if p.name.endswith(".tmp")) == []
    _assert_unlocked(db)
    problem = write_problem(lambda: store.add_note(make_note()))
    assert problem is not None and "is full" in problem and "unchanged" in problem
    filler.unlink()
    store.add_note(make_note(text="after the disk was freed"))
    assert "after the disk was freed" in [n.text for n in store.snapshot().notes]


def test_a_read_only_disk_raises_a_storage_error_and_reads_still_work(
    small_disk: Path,
) -> None:
    db = small_disk / "hipdash.json"
    store = Store(db, now=fixed_now)
    seed(store)
    before, expected = db.read_bytes(), store.snapshot()
    _remount(small_disk, "ro")
    try:
        with pytest.raises(StorageError) as caught:
            store.add_note(make_note())
        assert caught.value.kind == "read_only" and caught.value.errno == errno.EROFS
        assert Store(db, now=fixed_now).snapshot() == expected
        problem = write_problem(lambda: store.add_note(make_note()))
        assert problem is not None and "read-only disk" in problem
    finally:
        _remount(small_disk, "rw")
    assert db.read_bytes() == before
    store.add_note(make_note(text="writable again"))
    assert "writable again" in [n.text for n in store.snapshot().notes]


def test_a_fresh_folder_on_a_read_only_disk_is_refused_at_the_lock(small_disk: Path) -> None:
    _remount(small_disk, "ro")
    try:
        with pytest.raises(StorageError) as caught:
            Store(small_disk / "hipdash.json", now=fixed_now).add_note(make_note())
    finally:
        _remount(small_disk, "rw")
    assert caught.value.kind == "read_only"
    assert caught.value.step in ("taking the lock", "creating the data folder")


# Root ignores file modes, so these run in a child without CAP_DAC_OVERRIDE (and without
# CAP_DAC_READ_SEARCH): as root, but bound by the folder's permission bits.
_CHILD = """
import json, sys
from hipdash.store import StorageError, Store
from hipdash.records import Note
from datetime import datetime, timezone
store = Store(sys.argv[1])
note = Note(at=datetime(2025, 6, 1, 12, tzinfo=timezone.utc), text="from the child")
try:
    store.add_note(note)
except StorageError as error:
    print(json.dumps({"kind": error.kind, "step": error.step, "advice": error.advice}))
else:
    print(json.dumps({"kind": None}))
"""
_NO_DAC = "-dac_override,-dac_read_search"


def _write_without_dac_override(db: Path) -> dict:
    reply = subprocess.run(
        ["setpriv", f"--bounding-set={_NO_DAC}", f"--inh-caps={_NO_DAC}", "--"]
        + [sys.executable, "-c", _CHILD, str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(reply.stdout)


@pytest.fixture
def without_dac_override() -> None:
    if os.geteuid() != 0:
        pytest.skip("dropping CAP_DAC_OVERRIDE is tested as root, where it matters")
    try:
        subprocess.run(["setpriv", f"--bounding-set={_NO_DAC}", "--", "true"], check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"setpriv can't drop capabilities here ({error})")


@pytest.mark.usefixtures("without_dac_override")
def test_a_folder_without_write_permission_is_refused_with_advice(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    db = folder / "hipdash.json"
    seed(Store(db, now=fixed_now))
    before = db.read_bytes()
    (folder / "backups").chmod(0o555)
    folder.chmod(0o555)
    try:
        reply = _write_without_dac_override(db)
    finally:
        folder.chmod(0o755)
    assert reply["kind"] == "permission"
    assert f"not allowed to write in {folder}" in reply["advice"]
    assert db.read_bytes() == before


@pytest.mark.usefixtures("without_dac_override")
def test_a_data_file_without_write_permission_in_a_writable_folder_is_still_replaced(
    tmp_path: Path,
) -> None:
    # The file is replaced, not written in place, so only the folder's permission counts:
    # a read-only file mode is no protection the store pretends to honour.
    db = tmp_path / "hipdash.json"
    seed(Store(db, now=fixed_now))
    db.chmod(0o444)
    reply = _write_without_dac_override(db)
    assert reply["kind"] is None
    assert "from the child" in db.read_text(encoding="utf-8")


@pytest.mark.usefixtures("without_dac_override")
def test_a_backup_folder_without_write_permission_does_not_stop_a_write(tmp_path: Path) -> None:
    db = tmp_path / "hipdash.json"
    seed(Store(db, now=fixed_now))
    (tmp_path / "backups").chmod(0o555)
    try:
        reply = _write_without_dac_override(db)
    finally:
        (tmp_path / "backups").chmod(0o755)
    assert reply["kind"] is None


def test_a_parent_path_that_is_a_file_is_refused_with_advice(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    store = Store(blocker / "hipdash.json", now=fixed_now)
    with pytest.raises(StorageError) as caught:
        store.add_note(make_note())
    assert caught.value.kind == "path"
    assert "is a file instead of a folder" in str(caught.value)
    blocker.unlink()
    store.add_note(make_note())
    assert len(store.snapshot().notes) == 1


def test_a_file_name_that_is_too_long_is_refused_with_advice(tmp_path: Path) -> None:
    store = Store(tmp_path / ("h" * 300 + ".json"), now=fixed_now)
    with pytest.raises(StorageError) as caught:
        store.add_note(make_note())
    assert caught.value.kind == "path" and "too long" in str(caught.value)
