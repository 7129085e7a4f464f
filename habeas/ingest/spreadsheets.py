"""Spreadsheet lists (XLSX, XLSM, XLSB, XLS, ODS), read with python-calamine."""

from __future__ import annotations

import io
from pathlib import Path

from habeas.ingest.errors import EmptyFile, UnreadableFile
from habeas.ingest.table import RawTable, table_from_grid

__all__ = ["read_spreadsheet"]


def read_spreadsheet(
    path: Path, data: bytes, digest: str, sheet: str | None, header_row: int | None
) -> RawTable:
    import python_calamine as calamine  # only needed for spreadsheets

    label = path.name
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(book.sheet_names)
        if not names:
            raise EmptyFile(f"{label}: the workbook has no sheets")
        chosen = names[0] if sheet is None else sheet
        if chosen not in names:
            listed = ", ".join(repr(n) for n in names)
            raise UnreadableFile(f"{label}: no sheet {chosen!r} (sheets: {listed})")
        # skip_empty_area=False keeps row 0 = the sheet's row 1, so row numbers match.
        grid_rows = book.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    except calamine.PasswordError:
        raise UnreadableFile(f"{label}: the workbook is password-protected") from None
    except (calamine.CalamineError, ValueError, OSError) as exc:
        raise UnreadableFile(f"{label}: not a readable spreadsheet ({exc})") from None
    grid = [(i, list(cells)) for i, cells in enumerate(grid_rows, start=1)]
    return table_from_grid(path, "spreadsheet", grid, header_row, sha256=digest, sheet=chosen)
