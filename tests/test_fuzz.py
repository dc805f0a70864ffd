"""Fuzz the import and the data file: no input may raise anything but the store's own errors.

Each example takes a valid export (or data file), puts one hostile value somewhere in it
(a number of 5,000 digits, one too large for a float, a lone surrogate, a key like "²",
an odd type) and checks that reading it gives import problems or a DatabaseError, and
that the Store object still works afterwards. Seeded (derandomize) so CI is stable.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hipdash.serialize import KINDS
from hipdash.store import DatabaseError, Snapshot, Store
from hipdash.transfer import export_csv, export_json, parse_import
from hipdash.validation import ValidationError
from tests.store_fixtures import NOW, fixed_now, make_note, seed

EXAMPLES = 2000
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class Raw(str):
    """JSON text put into a document as it is: values json.dumps can't or won't write."""


# Values the fuzz found crashes with, and their neighbours.
HOSTILE_RAW = [
    Raw("9" * 5000),  # over Python's 4,300-digit limit for int()
    Raw("-" + "9" * 4301),
    Raw("1" + "0" * 400),  # a whole number too large for a float
    Raw("1e400"),  # parses as infinity
    Raw("-1e400"),
    Raw("NaN"),
    Raw("Infinity"),
    Raw('"\\ud800"'),  # a lone high surrogate
    Raw('"text \\udfff"'),  # a lone low surrogate
    Raw('"\\ud83d\\ude00"'),  # a valid pair: an emoji
    Raw("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"),
]
HOSTILE_KEYS = ["²", "٣", "0", "-1", "01", "1.5", "9" * 5000, "\ud800", "", "id"]
VALUES = st.one_of(
    st.sampled_from(HOSTILE_RAW),
    st.sampled_from([None, True, False, 0, -1, 2**63, 1.5, "", " ", "²", "=1+1", [], {}]),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.lists(st.one_of(st.text(max_size=5), st.integers()), max_size=3),
    st.sampled_from(["2025-05-01T08:00:00", "0001-01-01T00:00:00+23:59", "9999-12-31T23:59"]),
)


def _dumps(document: Any) -> str:
    """Return document as JSON, writing each Raw value as its own text."""
    raws: dict[str, str] = {}

    def mark(value: Any) -> Any:
        if isinstance(value, Raw):
            token = f"__raw_{len(raws)}__"
            raws[token] = str(value)
            return token
        if isinstance(value, dict):
            return {mark_key(k): mark(v) for k, v in value.items()}
        if isinstance(value, list):
            return [mark(v) for v in value]
        return value

    def mark_key(key: str) -> str:
        if key == "9" * 5000 or "\ud800" in key:
            token = f"__raw_{len(raws)}__"
            raws[token] = json.dumps(key)
            return token
        return key

    text = json.dumps(mark(document))
    for token, raw in raws.items():
        text = text.replace(f'"{token}"', raw)
    return text


def _paths(document: Any, prefix: tuple = ()) -> list[tuple]:
    """Return the path (keys and indexes) of every value in a JSON document."""
    found = [prefix]
    if isinstance(document, dict):
        items: Any = document.items()
    elif isinstance(document, list):
        items = enumerate(document)
    else:
        return found
    for key, value in items:
        found.extend(_paths(value, (*prefix, key)))
    return found


def _replaced(document: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    copy = dict(document) if isinstance(document, dict) else list(document)
    copy[path[0]] = _replaced(document[path[0]], path[1:], value)
    return copy


def _rekeyed(document: Any, path: tuple, key: str) -> Any:
    """Return document with the dict at path keyed ``key`` instead of its first key."""
    if not path:
        if not isinstance(document, dict) or not document:
            return document
        first = next(iter(document))
        return {(key if k == first else k): v for k, v in document.items()}
    copy = dict(document) if isinstance(document, dict) else list(document)
    copy[path[0]] = _rekeyed(document[path[0]], path[1:], key)
    return copy


@st.composite
def hostile_text(draw: st.DrawFn, base: Any) -> str:
    """Return base (a JSON document) as text with one or two hostile changes."""
    document = base
    for _ in range(draw(st.integers(1, 2))):
        paths = _paths(document)
        path = draw(st.sampled_from(paths))
        if draw(st.booleans()):
            document = _replaced(document, path, draw(VALUES))
        else:
            document = _rekeyed(document, path, draw(st.sampled_from(HOSTILE_KEYS)))
    return _dumps(document)


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    # Hypothesis runs every example in one test call; a module folder (on tmpfs when there
    # is one, for speed) outlives them all.
    shm = Path("/dev/shm")
    folder = Path(tempfile.mkdtemp(dir=shm if shm.is_dir() else None))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _seeded_file(folder: Path) -> bytes:
    seeded = Store(folder / "seed.json", now=fixed_now)
    seed(seeded)
    return (folder / "seed.json").read_bytes()


@pytest.fixture(scope="module")
def export_base(workdir: Path) -> Any:
    seeded = Store(workdir / "export.json", now=fixed_now)
    seed(seeded)
    return json.loads(export_json(seeded.snapshot()))


@pytest.fixture(scope="module")
def data_file_base(workdir: Path) -> Any:
    return json.loads(_seeded_file(workdir))


def _assert_store_works(store: Store) -> None:
    note = make_note()
    store.add_note(note)
    snapshot = store.snapshot()
    assert store.has("notes", note.id) and note in snapshot.notes
    export_json(snapshot)
    export_csv(snapshot)


def test_the_import_fuzz_gives_problems_never_a_crash(workdir: Path, export_base: Any) -> None:
    store = Store(workdir / "import-target.json", now=fixed_now)
    outcomes = {"refused": 0, "imported": 0}

    @FUZZ
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        text = data.draw(hostile_text(export_base))
        plan = parse_import(text, NOW)
        assert all(isinstance(error, str) and error for error in plan.errors)
        if not plan.ok:
            outcomes["refused"] += 1
            assert plan.records == Snapshot()
            return
        outcomes["imported"] += 1
        try:
            store.apply_import(plan.records)
        except ValidationError:
            pass  # a plan can pass parse_import and still fail the store's own check
        # Every imported record can be written and read back.
        snapshot = store.snapshot()
        json.dumps(json.loads(export_json(snapshot)))

    check()
    assert outcomes["refused"] > 0 and outcomes["imported"] > 0
    _assert_store_works(store)


def test_the_data_file_fuzz_gives_a_database_error_never_a_crash(
    workdir: Path, data_file_base: Any
) -> None:
    path = workdir / "fuzzed.json"
    good = _dumps(data_file_base).encode()
    store = Store(path, now=fixed_now)
    outcomes = {"damaged": 0, "loaded": 0}

    @FUZZ
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        text = data.draw(hostile_text(data_file_base))
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        for reader in (Store(path, now=fixed_now), store):
            try:
                snapshot = reader.snapshot()
            except DatabaseError as error:
                outcomes["damaged"] += 1
                assert error.reason and str(error) == error.recovery_hint()
                with pytest.raises(DatabaseError):
                    reader.add_note(make_note())
                assert path.read_text(encoding="utf-8", errors="surrogatepass") == text
                continue
            outcomes["loaded"] += 1
            assert sum(len(snapshot.records(kind)) for kind in KINDS) == snapshot.count()
            reader.active_session()

    check()
    assert outcomes["damaged"] > 0 and outcomes["loaded"] > 0
    path.write_bytes(good)
    _assert_store_works(store)
