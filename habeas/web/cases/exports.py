"""Reads of the cases app as library tables: the records table and the quarantine.

These are the single place where stored records become DataFrames for the analysis
library and for ``habeas export``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from django.utils import timezone

from habeas.domain.errors import HabeasError
from habeas.domain.schema import PERSON_ID, RECORD_COLUMNS
from habeas.ingest import QuarantinedRow as IngestQuarantinedRow
from habeas.web.cases.models import RECORD_FIELDS, QuarantinedRow, Record

#: File extensions :func:`write_table` knows, and the format each means.
TABLE_FORMATS = {".csv": "csv", ".parquet": "parquet"}

#: Columns that lead the quarantine table, before the row's raw cells.
QUARANTINE_COLUMNS = ("source", "file", "sheet", "row", "reasons")
#: Columns added after :data:`QUARANTINE_COLUMNS` when resolved rows are included.
RESOLUTION_COLUMNS = ("resolved", "resolution", "resolved_by", "resolved_at")


class UnknownTableFormat(HabeasError, ValueError):
    """An export file name ends in an extension habeas does not write."""


def records_frame(source: str | None = None) -> pd.DataFrame:
    """The stored records in the canonical columns, sorted by source and ``record_id``.

    Every column is text (missing values are NA), so DUIs keep their leading zeros.
    ``person_id`` is added after the canonical columns when any record is linked.

    Parameters
    ----------
    source
        Only the records of this source code.

    Examples
    --------
    >>> records_frame().columns[:2].tolist()  # doctest: +SKIP
    ['source', 'record_id']
    """
    records = Record.objects.order_by("source__code", "record_id")
    if source is not None:
        records = records.filter(source__code=source)
    columns = ["source__code", "record_id", *RECORD_FIELDS, "person__person_id"]
    frame = pd.DataFrame.from_records(
        list(records.values_list(*columns)), columns=[*RECORD_COLUMNS, PERSON_ID]
    )
    if frame[PERSON_ID].isna().all():
        frame = frame.drop(columns=PERSON_ID)
    return frame.astype("str")


def quarantine_frame(source: str | None = None, *, include_resolved: bool = False) -> pd.DataFrame:
    """The quarantined rows still to fix: where each came from, why, and every raw cell.

    Columns are :data:`QUARANTINE_COLUMNS` then the raw cells by header (the union of
    the headers of all files, in first-seen order; a header that clashes with a
    leading column gets `` (raw)`` appended). ``reasons`` lists each error as
    ``column 'header' (field): message``, separated by ``; ``.

    Parameters
    ----------
    source
        Only the rows of this source code.
    include_resolved
        Every row, also those a later import resolved (the row was imported, or
        quarantined again), with :data:`RESOLUTION_COLUMNS` after ``reasons``:
        ``resolved`` (yes/no), ``resolution`` (imported/superseded), ``resolved_by``
        (the file of the import that resolved it) and ``resolved_at`` (local time).
    """
    rows = QuarantinedRow.objects.select_related("batch__source", "resolved_by_batch").order_by(
        "batch__source__code", "batch__started", "row"
    )
    if source is not None:
        rows = rows.filter(batch__source__code=source)
    if not include_resolved:
        rows = rows.filter(resolved=False)
    leading = list(QUARANTINE_COLUMNS) + (list(RESOLUTION_COLUMNS) if include_resolved else [])
    reserved = {*QUARANTINE_COLUMNS, *RESOLUTION_COLUMNS}
    table: list[dict[str, object]] = []
    for q in rows:
        entry: dict[str, object] = {
            "source": q.batch.source.code,
            "file": q.batch.file_name,
            "sheet": q.batch.sheet,
            "row": str(q.row),
            "reasons": quarantine_reasons(q),
        }
        if include_resolved:
            by = q.resolved_by_batch
            entry["resolved"] = "yes" if q.resolved else "no"
            entry["resolution"] = q.resolution or None
            entry["resolved_by"] = by.file_name if by else None
            when = timezone.localtime(q.resolved_at) if q.resolved_at else None
            entry["resolved_at"] = f"{when:%Y-%m-%d %H:%M}" if when else None
        for header, value in q.raw.items():
            key = f"{header} (raw)" if header in reserved else header
            entry[key] = value
        table.append(entry)
    frame = pd.DataFrame.from_records(table) if table else pd.DataFrame()
    for column in leading:
        if column not in frame.columns:
            frame[column] = pd.Series(dtype="str")
    frame = frame[leading + [c for c in frame.columns if c not in leading]]
    return frame.astype("str")


def quarantine_reasons(row: QuarantinedRow) -> str:
    """The reasons a row was quarantined, as ``column 'header' (field): message; ...``."""
    # The same wording as ingest's own quarantine files.
    stored = {"row": row.row, "raw": {}, "problems": row.problems}
    return IngestQuarantinedRow.from_dict(stored).reasons


def write_table(frame: pd.DataFrame, path: Path, *, excel: bool = False) -> None:
    """Write ``frame`` as CSV (UTF-8) or Parquet, chosen by the file's extension.

    ``excel`` starts a CSV with a byte-order mark, so Excel shows the accents of a
    file people will open to fix rows (habeas reads it back either way).

    Raises
    ------
    UnknownTableFormat
        For any extension but ``.csv`` and ``.parquet``.
    """
    kind = TABLE_FORMATS.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(TABLE_FORMATS)
        raise UnknownTableFormat(
            f"{path}: cannot tell the format from {path.suffix!r}; use {known}"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "csv":
        frame.to_csv(path, index=False, encoding="utf-8-sig" if excel else "utf-8")
    else:
        frame.to_parquet(path, index=False)
