"""The rows of one list as read, before any normalisation, and how they are shaped.

A :class:`RawTable` is what every reader (CSV, spreadsheet, JSON) returns: the
header, each data row with its number as a person sees it in the file, and the
cells as the file gave them (CSV cells as text exactly as written, spreadsheet
cells with their types, so the domain parsers can use a date cell as a date).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from habeas.ingest.errors import EmptyFile
from habeas.ingest.problems import ERROR, Issue

__all__ = [
    "RawRow",
    "RawTable",
    "cell_text",
    "clean_header",
    "column_letter",
    "table_from_grid",
]

# Characters a header cell may carry from an export: BOM remnants, zero-width spaces.
_HEADER_JUNK = "\ufeff\u200b\u200c\u200d\u00a0 \t\r\n"


@dataclass(frozen=True, slots=True)
class RawRow:
    """One data row: its number in the file, one cell per header column, what is wrong.

    ``extra`` holds cells that have no header (a ragged CSV row, a JSON record that
    is not an object) as ``(name, text)`` pairs, so that nothing is lost; ``issues``
    are ``(column or None, issue)`` pairs the reader found (each one an error).
    """

    number: int
    cells: list[object]
    extra: tuple[tuple[str, str], ...] = ()
    issues: tuple[tuple[str | None, Issue], ...] = ()


@dataclass(frozen=True)
class RawTable:
    """The rows of one file (one sheet), with where they came from."""

    path: Path
    format: str  # "csv", "spreadsheet" or "json"
    header: tuple[str, ...]
    rows: list[RawRow]
    sha256: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    duplicates: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """The file name, as problems and errors show it."""
        return self.path.name


def cell_text(value: object) -> str:
    """A cell as text: what a person would see in the cell.

    Integral floats lose their ``.0`` (a DUI typed as a number, ``12345678.0``,
    reads ``"12345678"``), dates are ISO, blanks and NaN are ``""``.

    Examples
    --------
    >>> cell_text(12345678.0), cell_text(dt.date(2022, 3, 27)), cell_text(None)
    ('12345678', '2022-03-27', '')
    """
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def clean_header(cells: list[object]) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """Strip header names; name blank ones after their column; rename duplicates.

    A second "Fecha" becomes "Fecha (2)"; the returned dict maps each duplicated
    name to all the names it now has, so a mapping using it can be refused.
    """
    names: list[str] = []
    seen: dict[str, list[str]] = {}
    for i, cell in enumerate(cells):
        name = " ".join(cell_text(cell).strip(_HEADER_JUNK).split())
        if not name:
            name = f"(column {column_letter(i)})"
        base = name
        if base in seen:
            name = f"{base} ({len(seen[base]) + 1})"
            while name in seen:  # "Fecha (2)" was itself a header
                name += "'"
            seen[base].append(name)
        else:
            seen[base] = [base]
        names.append(name)
    duplicates = {k: tuple(v) for k, v in seen.items() if len(v) > 1}
    return tuple(names), duplicates


def column_letter(index: int) -> str:
    """Spreadsheet letter of a 0-based column index (0 → "A", 26 → "AA")."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _blank_row(cells: list[object]) -> bool:
    return not any(c is not None and c != "" and cell_text(c).strip() for c in cells)


def table_from_grid(
    path: Path,
    fmt: str,
    grid: list[tuple[int, list[object]]],
    header_row: int | None,
    **info: object,
) -> RawTable:
    """Find the header in numbered rows, then shape every later row to it."""
    label = path.name
    start = None
    for k, (number, cells) in enumerate(grid):
        if (number == header_row) if header_row else not _blank_row(cells):
            start = k
            break
    if start is None:
        where = f"row {header_row} is not in the file" if header_row else "no header row"
        raise EmptyFile(f"{label}: the file is empty ({where})")
    header, duplicates = clean_header(grid[start][1])
    width = len(header)
    rows: list[RawRow] = []
    for number, cells in grid[start + 1 :]:
        if _blank_row(cells):
            continue
        if len(cells) == width:
            rows.append(RawRow(number, cells))
        elif len(cells) < width:
            rows.append(RawRow(number, [*cells, *([""] * (width - len(cells)))]))
        else:
            over = cells[width:]
            extra = tuple(
                (f"(column {column_letter(width + i)})", cell_text(c)) for i, c in enumerate(over)
            )
            # Trailing empty cells ("a;b;c;;") are an export habit, not data.
            issues: tuple[tuple[str | None, Issue], ...] = ()
            if any(text.strip() for _, text in extra):
                params = {"cells": str(len(cells)), "columns": str(width)}
                issues = ((None, Issue(ERROR, "row_too_many_cells", params)),)
            rows.append(RawRow(number, cells[:width], extra, issues))
    if not rows:
        raise EmptyFile(f"{label}: the file has a header but no data rows")
    return RawTable(path, fmt, header, rows, duplicates=duplicates, **info)  # type: ignore[arg-type]
