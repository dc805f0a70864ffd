"""Export the log as JSON or CSV, and check an import file row by row before it is applied."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hipdash.serialize import KINDS, LIST_FIELDS, field_names, from_dict, to_dict
from hipdash.store import META_TABLE, SCHEMA_VERSION, Snapshot, parse_database
from hipdash.validation import ValidationError, problems_of

EXPORT_FORMAT = "hipdash-export"
# An export of ten years of dense logs is about 15 MB; anything far bigger is not ours.
# The server's limit (server.maxUploadSize in .streamlit/config.toml) is the same number.
MAX_IMPORT_MB = 64
MAX_IMPORT_BYTES = MAX_IMPORT_MB * 1024 * 1024
# Spreadsheets run a cell that starts with one of these as a formula (CSV injection),
# full-width forms included: some spreadsheets fold them to the ASCII ones.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Spreadsheets skip these before a formula sign: every Unicode space (str.isspace) and the
# zero-width characters that look like nothing at all.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


@dataclass(frozen=True)
class ImportPlan:
    """The records an import file holds, checked; `errors` names every bad row."""

    records: Snapshot
    errors: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Return whether the whole file can be imported."""
        return not self.errors

    def counts(self) -> dict[str, int]:
        """Return how many records of each kind the file holds."""
        return {kind: len(self.records.records(kind)) for kind in KINDS}


def export_json(snapshot: Snapshot) -> str:
    """Return every record as one readable JSON document that parse_import reads back."""
    payload: dict[str, Any] = {"format": EXPORT_FORMAT, "schema_version": SCHEMA_VERSION}
    for kind in KINDS:
        payload[kind] = [to_dict(record) for record in snapshot.records(kind)]
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def escape_cell(text: str) -> str:
    """Return text safe for a spreadsheet: prefix a quote when it would start a formula.

    A formula sign behind leading spaces, tabs, line breaks or invisible characters
    counts too, since spreadsheets skip those.
    """
    start = text
    while (rest := start.lstrip().lstrip(_INVISIBLE)) != start:
        start = rest
    if text.startswith(FORMULA_PREFIXES) or start.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _cell(name: str, value: object) -> str:
    if value is None:
        return ""
    if name in LIST_FIELDS:
        return " ".join(str(item) for item in value)  # type: ignore[attr-defined]
    if isinstance(value, list):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return str(value)


def export_csv(snapshot: Snapshot) -> dict[str, str]:
    """Return one CSV text per record kind, keyed by kind, with formula-like cells escaped."""
    tables: dict[str, str] = {}
    for kind in KINDS:
        rows = [to_dict(record) for record in snapshot.records(kind)]
        columns = field_names(kind)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        for row in rows:
            # Escape after flattening: a step list or tag list is a single text cell too.
            writer.writerow([escape_cell(_cell(name, row[name])) for name in columns])
        tables[kind] = buffer.getvalue()
    return tables


def _rows_of(text: str) -> tuple[dict[str, Any], list[str]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return {}, [f"The file is not valid JSON (line {error.lineno}, column {error.colno})."]
    except RecursionError:
        return {}, ["The file is not valid JSON."]
    except ValueError:
        # Python refuses whole numbers of more than 4,300 digits.
        return {}, ["The file holds a number too long to be a hipdash entry."]
    if not _encodable(data):
        # Every message below may quote the file, and a lone surrogate can't be shown.
        return {}, ["The file holds text that is not valid Unicode (a lone surrogate escape)."]
    if isinstance(data, dict) and META_TABLE in data:
        # A data file or one of its backups: read it like the store does, migrations included.
        try:
            raw, _ = parse_database(text.encode("utf-8"))
        except ValueError as problem:
            return {}, [f"The file can't be imported: {problem}."]
        return {kind: list(raw.get(kind, {}).values()) for kind in KINDS}, []
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        return {}, ['The file is not a hipdash export (it has no "format": "hipdash-export").']
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        return {}, [
            f"The export has data format {version!r}; this version of hipdash reads "
            f"format {SCHEMA_VERSION}."
        ]
    errors = [
        f"The export has an unknown section {name!r}."
        for name in data
        if name not in (*KINDS, "format", "schema_version")
    ]
    rows: dict[str, Any] = {}
    for kind in KINDS:
        value = data.get(kind, [])
        if not isinstance(value, list):
            errors.append(f"The section {kind!r} must be a list of entries.")
            value = []
        rows[kind] = value
    return rows, errors


def _encodable(data: object) -> bool:
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except (UnicodeEncodeError, ValueError):
        return False
    return True


def parse_import(text: str, now: datetime) -> ImportPlan:
    """Read an export (or a data file) and check every row; nothing is stored here."""
    rows, errors = _rows_of(text)
    if errors:
        return ImportPlan(records=Snapshot(), errors=tuple(errors))
    checked: dict[str, list[Any]] = {}
    for kind in KINDS:
        records = checked[kind] = []
        seen: set[str] = set()
        for number, row in enumerate(rows.get(kind, []), start=1):
            where = f"{kind} row {number}"
            try:
                record = from_dict(kind, row)
            except ValidationError as problem:
                errors.append(f"{where}: {problem}")
                continue
            problems = problems_of(record, now)
            if problems:
                errors.append(f"{where}: " + " ".join(message for _, message in problems))
            elif record.id in seen:
                errors.append(f"{where}: the id {record.id} appears more than once in the file.")
            else:
                seen.add(record.id)
                records.append(record)
    if errors:
        return ImportPlan(records=Snapshot(), errors=tuple(errors))
    # Keyed by kind, each value becomes the Snapshot field of that name.
    tables: dict[str, Any] = {kind: tuple(checked[kind]) for kind in KINDS}
    return ImportPlan(records=Snapshot(**tables))
