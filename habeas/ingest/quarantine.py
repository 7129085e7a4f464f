"""Rows that failed validation: kept whole, with their reasons, never dropped.

A quarantined row holds every cell of the original row as text and every problem
found in it, so a person can correct the list (or the mapping) and import again.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from habeas.ingest.problems import Problem

__all__ = ["QuarantinedRow", "quarantine_frame", "write_quarantine"]


@dataclass(frozen=True)
class QuarantinedRow:
    """One row that was not imported.

    Attributes
    ----------
    row
        The row number as a person sees it in the file (header = 1, first data row
        = 2; JSON: 1-based index of the record).
    raw
        Every cell of the row, by header, as text (cells beyond the header as
        ``"(column N)"``).
    problems
        Every problem of the row: at least one error, and any warnings.
    """

    row: int
    raw: dict[str, str]
    problems: tuple[Problem, ...]

    @property
    def reasons(self) -> str:
        """The row's errors, one sentence each, joined by ``"; "``."""
        return "; ".join(_short(p) for p in self.problems if p.is_error)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (for JSON or a database row)."""
        return {
            "row": self.row,
            "raw": dict(self.raw),
            "problems": [p.to_dict() for p in self.problems],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QuarantinedRow:
        """Inverse of :meth:`to_dict`."""
        problems = tuple(Problem.from_dict(p) for p in data["problems"])
        return cls(int(data["row"]), dict(data["raw"]), problems)


def _short(p: Problem) -> str:
    # Within a row's line the file and row are known: keep the column and message.
    if p.column is not None:
        field = f" ({p.field})" if p.field else ""
        return f"column {p.column!r}{field}: {p.message}"
    return p.message


def quarantine_frame(rows: Iterable[QuarantinedRow]) -> pd.DataFrame:
    """The quarantined rows as a table: ``row``, ``reasons``, then every raw column.

    Examples
    --------
    >>> quarantine_frame([]).columns.tolist()
    ['row', 'reasons']
    """
    rows = list(rows)
    columns: dict[str, None] = {}
    for r in rows:
        columns.update(dict.fromkeys(r.raw))
    data = {
        "row": [r.row for r in rows],
        "reasons": [r.reasons for r in rows],
        **{c: [r.raw.get(c, "") for r in rows] for c in columns if c not in ("row", "reasons")},
    }
    return pd.DataFrame(data, dtype=object)


def write_quarantine(path: str | Path, rows: Iterable[QuarantinedRow]) -> Path:
    """Write quarantined rows as a UTF-8 CSV (with BOM, so Excel shows the accents).

    The first two columns are the row number in the original file and the reasons;
    the others are the row's cells, unchanged, so the file can be fixed and imported.
    """
    path = Path(path)
    frame = quarantine_frame(rows)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(frame.columns)
        writer.writerows(frame.itertuples(index=False, name=None))
    return path
