"""Helpers for the ingest tests: a typical list's header, a clean row, writing CSVs."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from habeas.ingest import SourceMapping

DATA = Path(__file__).parent / "data"

#: A typical NGO intake sheet, as the columns are really named.
HEADER = (
    "N° expediente",
    "Nombre completo",
    "DUI",
    "Fecha de captura",
    "Sexo",
    "Municipio",
    "Captor",
)
COLUMNS = {
    "record_id": "N° expediente",
    "full_name": "Nombre completo",
    "dui": "DUI",
    "arrest_date": "Fecha de captura",
    "sex": "Sexo",
    "residence_district": "Municipio",
    "authority": "Captor",
}
#: One clean row of HEADER.
GOOD = (
    "CDH-001",
    "José Antonio Hernández López",
    "01234567-8",
    "27/03/2022",
    "M",
    "Soyapango",
    "PNC",
)


def csv_text(header: Sequence[str], rows: Sequence[Sequence[str]], delimiter: str = ";") -> str:
    """A CSV text with CRLF line ends, as Excel writes it."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def write_csv(
    path: Path,
    rows: Sequence[Sequence[str]],
    header: Sequence[str] = HEADER,
    *,
    encoding: str = "utf-8",
    delimiter: str = ";",
) -> Path:
    """Write a CSV list and return its path."""
    path.write_bytes(csv_text(header, rows, delimiter).encode(encoding))
    return path


def mapping(columns: dict[str, str] | None = None, **options: object) -> SourceMapping:
    """The ``cdh`` mapping of HEADER, with any option changed."""
    return SourceMapping(code="cdh", name="CDH", kind="ngo", columns=columns or COLUMNS, **options)  # type: ignore[arg-type]
