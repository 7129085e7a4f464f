"""Read a list (CSV, XLSX/ODS/XLS, JSON) into rows of cells, keeping provenance.

The readers do no normalisation: CSV cells stay text exactly as written ("0123"
keeps its zero), spreadsheet cells keep the type the spreadsheet gave them (a date
cell is a :class:`datetime.date`, a number a float) so that the domain parsers can
use it, and every row knows its number as a person sees it in the file.
:func:`read_table` chooses the reader by the file's extension: CSV and JSON in
:mod:`habeas.ingest.text_files`, spreadsheets in :mod:`habeas.ingest.spreadsheets`;
the table they return is in :mod:`habeas.ingest.table`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from habeas.ingest.errors import EmptyFile, UnreadableFile
from habeas.ingest.spreadsheets import read_spreadsheet
from habeas.ingest.table import RawRow, RawTable, cell_text, column_letter
from habeas.ingest.text_files import decode_bytes, read_csv, read_json, sniff_delimiter

__all__ = [
    "CSV_SUFFIXES",
    "JSON_SUFFIXES",
    "SPREADSHEET_SUFFIXES",
    "RawRow",
    "RawTable",
    "cell_text",
    "column_letter",
    "decode_bytes",
    "read_table",
    "sniff_delimiter",
]

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
JSON_SUFFIXES = (".json",)


def read_table(
    path: Path,
    *,
    encoding: str = "auto",
    delimiter: str = "auto",
    sheet: str | None = None,
    header_row: int | None = None,
) -> RawTable:
    """Read a list file into a :class:`RawTable`.

    Parameters
    ----------
    path
        A ``.csv``/``.tsv``/``.txt``, ``.xlsx``/``.xlsm``/``.xls``/``.ods`` or ``.json`` file.
    encoding, delimiter
        Text files only; ``"auto"`` detects them (see :func:`decode_bytes`,
        :func:`sniff_delimiter`).
    sheet
        Spreadsheets only; default the first sheet.
    header_row
        1-based row of the header; default the first row that is not blank.

    Raises
    ------
    UnreadableFile, EmptyFile
        Naming the file (and the line or sheet) when it cannot be read or has no data.
    """
    path = Path(path)
    label = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"{label}: cannot read the file ({exc.strerror})") from None
    if not data.strip():
        raise EmptyFile(f"{label}: the file is empty")
    digest = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return read_csv(path, data, digest, encoding, delimiter, header_row)
    if suffix in SPREADSHEET_SUFFIXES:
        return read_spreadsheet(path, data, digest, sheet, header_row)
    if suffix in JSON_SUFFIXES:
        return read_json(path, data, digest, encoding)
    known = ", ".join(CSV_SUFFIXES + SPREADSHEET_SUFFIXES + JSON_SUFFIXES)
    raise UnreadableFile(f"{label}: unknown kind of file {suffix!r} (habeas reads {known})")
