"""Test that file-system failures become StorageErrors with advice a person can act on."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from hipdash.fs_errors import StorageError, storage_step

PATH = Path("/home/ana/hipdash/hipdash.json")


@pytest.mark.parametrize(
    ("number", "kind", "advice"),
    [
        (errno.ENOSPC, "full", "is full"),
        (errno.EDQUOT, "full", "is full"),
        (errno.EROFS, "read_only", "read-only disk"),
        (errno.EACCES, "permission", "not allowed to write in /home/ana/hipdash"),
        (errno.EPERM, "permission", "not allowed to write"),
        (errno.ENOTDIR, "path", "is a file instead of a folder"),
        (errno.ENAMETOOLONG, "path", "too long"),
        (errno.EEXIST, "path", "is a file instead of a folder"),
        (errno.EIO, "other", "could not be saved (Input/output error)"),
    ],
)
def test_each_errno_gets_a_kind_and_plain_advice(number: int, kind: str, advice: str) -> None:
    error = StorageError(PATH, "writing the file", OSError(number, os.strerror(number)))
    assert error.kind == kind
    assert advice in str(error) and str(error) == error.advice
    assert error.errno == number


@pytest.mark.parametrize("number", [errno.ENOSPC, errno.EROFS, errno.EACCES, errno.ENOTDIR])
def test_the_advice_says_what_to_do_and_names_the_folder(number: int) -> None:
    error = StorageError(PATH, "taking the lock", OSError(number, "x"))
    assert "/home/ana/hipdash" in error.advice
    assert "then try again" in error.advice


def test_a_storage_step_turns_an_os_error_into_a_storage_error_naming_the_step() -> None:
    with pytest.raises(StorageError) as caught, storage_step(PATH, "taking the lock"):
        raise PermissionError(errno.EACCES, "Permission denied")
    assert caught.value.step == "taking the lock" and caught.value.kind == "permission"
    assert caught.value.path == PATH


def test_an_inner_storage_step_keeps_its_own_step() -> None:
    with (
        pytest.raises(StorageError) as caught,
        storage_step(PATH, "outer"),
        storage_step(PATH, "inner"),
    ):
        raise OSError(errno.ENOSPC, "No space left on device")
    assert caught.value.step == "inner"


def test_other_errors_pass_a_storage_step_unchanged() -> None:
    with pytest.raises(ValueError), storage_step(PATH, "writing the file"):
        raise ValueError("not a file-system failure")
