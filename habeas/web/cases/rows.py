"""Accepted rows of an ingest result, checked against what the database can hold.

Ingest validates values; this module adds the checks only storage can make: a
``record_id`` is present and unique within the file, and no value is longer than its
column. Rows that fail go to quarantine with the reason, like invalid rows, so an
import never stops half-way on a database error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from habeas.ingest.problems import ERROR, Issue, Problem
from habeas.web.cases.models import RECORD_FIELDS, max_length

if TYPE_CHECKING:
    from habeas.ingest import IngestResult

#: A refused row: (row number, raw cells, problems).
Refused = tuple[int, dict[str, str], tuple[Problem, ...]]

_LIMITS = {name: max_length(name) for name in ("record_id", *RECORD_FIELDS)}


@dataclass(frozen=True)
class StoredRow:
    """One accepted row, as the database will hold it."""

    record_id: str
    row: int
    raw: dict[str, Any]
    dui_status: str | None
    warnings: list[str]
    values: dict[str, str | None] = field(default_factory=dict)

    def field(self, name: str) -> Any:
        """The stored value of a Record field (a canonical column, raw, dui_status, warnings)."""
        if name in ("raw", "dui_status", "warnings"):
            return getattr(self, name)
        return self.values[name]


def text(value: object) -> str | None:
    """A canonical value as text; None for missing (None, NaN, pandas NA, blank)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if not isinstance(value, str):
        try:
            import pandas as pd

            if pd.isna(value):
                return None
        except (TypeError, ValueError):
            pass
        value = str(value)
    return value if value.strip() else None


NUL = "\x00"
#: What a NUL character becomes in quarantine: PostgreSQL cannot store NUL in text.
NUL_SHOWN = "\u2400"


def without_nul(value: Any) -> Any:
    """``value`` (text, or a dict or list of them) with NUL characters shown as ␀."""
    if isinstance(value, str):
        return value.replace(NUL, NUL_SHOWN) if NUL in value else value
    if isinstance(value, dict):
        return {without_nul(k): without_nul(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [without_nul(v) for v in value]
    return value


def json_safe(value: Any) -> Any:
    """``value`` with paths, enums and other objects as JSON-ready text (NUL shown as ␀)."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    if isinstance(value, float) and value != value:
        return None  # NaN is not JSON (PostgreSQL's jsonb refuses it)
    if isinstance(value, str):
        return without_nul(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def _field_of(headers: dict[str, str], header: str) -> str | None:
    return next((name for name, h in headers.items() if h == header), None)


def _raw_text(value: object) -> str | None:
    # Raw cells are kept as written, blanks included; only a missing cell is None.
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _texts(values: object) -> list[str]:
    if values is None or isinstance(values, float | str):
        return [values] if isinstance(values, str) else []
    return [str(v) for v in values]  # type: ignore[attr-defined]


def _column(frame: pd.DataFrame, name: str) -> list[str | None]:
    """A column as text or None; fast when it already is (ingest's object columns)."""
    if name not in frame.columns:
        return [None] * len(frame)
    return [v if v.__class__ is str and v.strip() else text(v) for v in frame[name].tolist()]


def _long_values(column: list[str | None], limit: int | None) -> dict[int, int]:
    """Index → length of the values longer than ``limit``."""
    if limit is None:
        return {}
    return {i: len(v) for i, v in enumerate(column) if v is not None and len(v) > limit}


def prepare_rows(result: IngestResult) -> tuple[list[StoredRow], list[Refused]]:
    """Split the accepted rows of ``result`` into storable rows and refused ones."""
    headers: dict[str, str] = dict(result.mapping.columns)
    frame = result.records
    columns = {name: _column(frame, name) for name in ("record_id", *RECORD_FIELDS)}
    too_long = {name: _long_values(columns[name], _LIMITS[name]) for name in columns}
    too_long = {name: found for name, found in too_long.items() if found}
    numbers = [int(n) for n in frame["row"].tolist()]
    raws = frame["raw"].tolist() if "raw" in frame.columns else [{}] * len(frame)
    statuses = _column(frame, "dui_status")
    warnings = frame["warnings"].tolist() if "warnings" in frame.columns else [None] * len(frame)

    rows: list[StoredRow] = []
    refused: list[Refused] = []
    first_row: dict[str, int] = {}
    for i, row_number in enumerate(numbers):
        record_id = columns["record_id"][i]
        raw = {str(k): _raw_text(v) for k, v in dict(raws[i] or {}).items()}
        # (field, column header, value, issue) of each reason to refuse the row; the
        # issues use ingest's message catalogue so they read in Spanish or English.
        reasons: list[tuple[str | None, str | None, str | None, Issue]] = []
        if record_id is None:
            issue = Issue(ERROR, "record_id_missing")
            reasons.append(("record_id", headers.get("record_id"), None, issue))
        elif record_id in first_row:
            params = {"value": record_id, "first_row": str(first_row[record_id])}
            issue = Issue(ERROR, "record_id_duplicate", params)
            reasons.append(("record_id", headers.get("record_id"), record_id, issue))
        for name, found in too_long.items():
            if i in found:
                value = columns[name][i] or ""
                params = {"length": f"{found[i]:,}", "limit": f"{_LIMITS[name]:,}"}
                issue = Issue(ERROR, "cell_too_long", params)
                reasons.append((name, headers.get(name), value[:200], issue))
        for header, cell in raw.items():
            if cell is not None and NUL in cell:
                issue = Issue(ERROR, "cell_has_nul", {"shown_as": NUL_SHOWN})
                reasons.append((_field_of(headers, header), header, None, issue))
        problems = [
            Problem.of(result.file.name, row_number, column, name, value, issue, result.sheet)
            for name, column, value, issue in reasons
        ]
        if problems:
            refused.append((row_number, without_nul(raw), tuple(problems)))
            continue
        assert record_id is not None
        first_row[record_id] = row_number
        rows.append(
            StoredRow(
                record_id=record_id,
                row=row_number,
                raw=raw,
                dui_status=statuses[i],
                warnings=_texts(warnings[i]),
                values={name: columns[name][i] for name in RECORD_FIELDS},
            )
        )
    return rows, refused
