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

from habeas.ingest.messages import LOCATION_WORDS, get_language
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
        """The row's errors, one sentence each, joined by ``"; "``, in the default language."""
        return self.reasons_in()

    def reasons_in(self, lang: str | None = None) -> str:
        """The row's errors in ``lang`` (``"es"`` or ``"en"``; default: the module's)."""
        return "; ".join(_short(p, lang) for p in self.problems if p.is_error)

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


def _short(p: Problem, lang: str | None) -> str:
    # Within a row's line the file and row are known: keep the column and sentence.
    if p.column is not None:
        column = LOCATION_WORDS[lang or get_language()][2]  # type: ignore[index]
        field = f" ({p.field})" if p.field else ""
        return f"{column} {p.column!r}{field}: {p.text(lang)}"
    return p.text(lang)


def _own_name(name: str, raw: dict[str, None]) -> str:
    # Never take a raw header's name: every cell of the list must survive as written.
    while name in raw:
        name = "_" + name
    return name


def quarantine_frame(rows: Iterable[QuarantinedRow], lang: str | None = None) -> pd.DataFrame:
    """The quarantined rows as a table: ``_row``, ``_reasons``, then every raw column.

    The two bookkeeping columns start with ``_`` so that no header of a list
    (a list may well have a "row" or "reasons" column) is renamed or dropped: the
    file can be fixed and imported again with the same mapping. Should a list have
    a ``_row`` header itself, another ``_`` is added to the bookkeeping column.

    Parameters
    ----------
    rows
        The quarantined rows.
    lang
        Language of the reasons (``"es"`` or ``"en"``; default: the module's).

    Examples
    --------
    >>> quarantine_frame([]).columns.tolist()
    ['_row', '_reasons']
    """
    rows = list(rows)
    columns: dict[str, None] = {}
    for r in rows:
        columns.update(dict.fromkeys(r.raw))
    data = {
        _own_name("_row", columns): [r.row for r in rows],
        _own_name("_reasons", columns): [r.reasons_in(lang) for r in rows],
    }
    data.update({c: [r.raw.get(c, "") for r in rows] for c in columns})
    return pd.DataFrame(data, dtype=object)


def write_quarantine(
    path: str | Path, rows: Iterable[QuarantinedRow], lang: str | None = None
) -> Path:
    """Write quarantined rows as a UTF-8 CSV (with BOM, so Excel shows the accents).

    The first two columns are the row number in the original file and the reasons
    (``_row``, ``_reasons``); the others are the row's cells under their own headers,
    unchanged, so the file can be fixed and imported with the same mapping.
    """
    path = Path(path)
    frame = quarantine_frame(rows, lang)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(frame.columns)
        writer.writerows(frame.itertuples(index=False, name=None))
    return path
