"""The shared Streamlit pieces that can be checked without running a page."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from hipdash.store import DatabaseError, RecordNotFoundError, StorageError, StoreBusyError
from hipdash.ui.shell import WRITE_ERRORS, escape_markdown, tab_title, write_problem
from hipdash.validation import ValidationError


@pytest.mark.parametrize(
    ("typed", "escaped"),
    [
        ("Split squat", "Split squat"),
        ("![x](http://example.invalid/a.png)", r"\!\[x\]\(http\://example\.invalid/a\.png\)"),
        ("**bold** _it_", r"\*\*bold\*\* \_it\_"),
        ("<img src=x>", r"\<img src=x\>"),
        ("a\\b", "a\\\\b"),
    ],
)
def test_typed_text_is_escaped_for_markdown(typed: str, escaped: str) -> None:
    assert escape_markdown(typed) == escaped


def _raise(error: BaseException):
    def write() -> None:
        raise error

    return write


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (
            StorageError(Path("/data/hipdash.json"), "writing the file", OSError(errno.ENOSPC, "")),
            "Nothing was saved, and your data file is unchanged. The disk that holds /data is full",
        ),
        (
            StorageError(Path("/data/hipdash.json"), "taking the lock", OSError(errno.EROFS, "")),
            "Nothing was saved, and your data file is unchanged. The folder /data is on a "
            "read-only disk.",
        ),
        (StoreBusyError("busy"), "Nothing was saved: the data file is busy in another window."),
        (RecordNotFoundError("gone"), "Nothing was saved: that entry was deleted in another"),
        (ValidationError([("text", "Note text must be 1 to 2000 characters.")]), "Nothing was"),
        (DatabaseError(Path("/data/hipdash.json"), "it is not valid JSON"), "could not be read"),
    ],
)
def test_every_write_error_becomes_a_message_instead_of_a_crash(
    error: Exception, said: str
) -> None:
    assert isinstance(error, WRITE_ERRORS)
    problem = write_problem(_raise(error))
    assert problem is not None and said in problem


def test_an_unexpected_error_is_not_hidden_as_a_message() -> None:
    with pytest.raises(KeyError):
        write_problem(_raise(KeyError("a bug")))


def test_a_tab_is_titled_after_its_page_and_the_app() -> None:
    assert tab_title("Log") == "Log · hipdash"
