"""Byte-for-byte reproducible .xlsx files.

openpyxl stamps the current time twice: in ``docProps/core.xml`` (created/modified,
and ``save_workbook`` overwrites *modified* with now) and in every zip entry's date.
We fix the document properties, write through ``ExcelWriter`` (which does not touch
them), and copy the archive into a new zip whose entries all carry one fixed date.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.writer.excel import ExcelWriter

__all__ = ["FIXED_TIME", "write_xlsx"]

#: The time written into every workbook and zip entry.
FIXED_TIME = dt.datetime(2024, 1, 1, 0, 0, 0)


def write_xlsx(
    path: Path,
    sheet: str,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    date_format: str = "dd/mm/yyyy",
    creator: str = "habeas simulate",
) -> Path:
    """Write one sheet; ``datetime.date`` cells get ``date_format``.

    Examples
    --------
    >>> import tempfile, hashlib
    >>> d = Path(tempfile.mkdtemp())
    >>> a = write_xlsx(d / "a.xlsx", "S", ["x"], [[dt.date(2022, 3, 27)]]).read_bytes()
    >>> b = write_xlsx(d / "b.xlsx", "S", ["x"], [[dt.date(2022, 3, 27)]]).read_bytes()
    >>> a == b
    True
    """
    wb = Workbook(write_only=True)
    wb.properties.creator = creator
    wb.properties.lastModifiedBy = creator
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    ws = wb.create_sheet(sheet)
    ws.append(list(header))
    for row in rows:
        cells = []
        for v in row:
            if isinstance(v, dt.date):
                c = WriteOnlyCell(ws, value=v)
                c.number_format = date_format
                cells.append(c)
            else:
                cells.append(v)
        ws.append(cells)
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(raw) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    path.write_bytes(out.getvalue())
    return path
