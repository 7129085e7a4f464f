"""Read a list (CSV, XLSX/ODS/XLS, JSON) into rows of cells, keeping provenance.

The readers do no normalisation: CSV cells stay text exactly as written ("0123"
keeps its zero), spreadsheet cells keep the type the spreadsheet gave them (a date
cell is a :class:`datetime.date`, a number a float) so that the domain parsers can
use it, and every row knows its number as a person sees it in the file.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from habeas.ingest.errors import EmptyFile, UnreadableFile

__all__ = [
    "CSV_SUFFIXES",
    "JSON_SUFFIXES",
    "SPREADSHEET_SUFFIXES",
    "RawRow",
    "RawTable",
    "cell_text",
    "decode_bytes",
    "read_table",
    "sniff_delimiter",
]

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
JSON_SUFFIXES = (".json",)
DELIMITERS = ",;\t|"
_SNIFF_CHARS = 64 * 1024
# Characters a header cell may carry from an export: BOM remnants, zero-width spaces.
_HEADER_JUNK = "\ufeff\u200b\u200c\u200d\u00a0 \t\r\n"


@dataclass(frozen=True, slots=True)
class RawRow:
    """One data row: its number in the file, one cell per header column, what is wrong.

    ``extra`` holds cells that have no header (a ragged CSV row, a JSON record that
    is not an object) as ``(name, text)`` pairs, so that nothing is lost; ``issues``
    are ``(column or None, message)`` pairs the reader found (each one an error).
    """

    number: int
    cells: list[object]
    extra: tuple[tuple[str, str], ...] = ()
    issues: tuple[tuple[str | None, str], ...] = ()


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


def decode_bytes(data: bytes, encoding: str, label: str) -> tuple[str, str]:
    """Decode a text file; return the text and the encoding used.

    ``"auto"``: a byte-order mark decides (UTF-8, UTF-16 as Excel's "Unicode text");
    else UTF-16 without BOM when every other byte is NUL; else strict UTF-8; else
    Windows-1252 (what Excel in Spanish saves as "CSV"); else Latin-1, which reads
    any byte.

    Raises
    ------
    UnreadableFile
        When an explicit encoding does not fit the bytes, naming the line.
    """
    if encoding != "auto":
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            byte = data[exc.start : exc.start + 1].hex()
            raise UnreadableFile(
                f"{label}: line {line}: byte 0x{byte} is not valid {encoding}; "
                f'the file is in another encoding (try encoding = "auto" in the mapping)'
            ) from None
        except LookupError:
            raise UnreadableFile(f"{label}: unknown encoding {encoding!r}") from None
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )
    for bom, name in boms:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                break  # a stray BOM-like prefix: try the others below
    head = data[:4096]
    if len(head) >= 4 and head.count(0) * 3 > len(head):
        name = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            pass
    for name in ("utf-8", "cp1252"):
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV text: one of ``, ; tab |``.

    csv.Sniffer on the first 64 kB decides when its answer appears in the header
    line; otherwise the most frequent of the four in the header line wins (a comma
    when none appears: a one-column list).

    Examples
    --------
    >>> sniff_delimiter("Nombre;DUI;Fecha\\nJosé;01234567-8;27/03/2022\\n")
    ';'
    """
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    first_line = sample.split("\n", 1)[0]
    try:
        found = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        found = ""
    if found and found in first_line:
        return found
    counts = Counter({d: first_line.count(d) for d in DELIMITERS})
    best, n = counts.most_common(1)[0]
    return best if n else ","


def _clean_header(cells: list[object]) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
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


def _table_from_grid(
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
    header, duplicates = _clean_header(grid[start][1])
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
            issues: tuple[tuple[str | None, str], ...] = ()
            if any(text.strip() for _, text in extra):
                issues = (
                    (
                        None,
                        f"the row has {len(cells)} cells but the header has {width} columns "
                        "(a delimiter inside an unquoted cell?)",
                    ),
                )
            rows.append(RawRow(number, cells[:width], extra, issues))
    if not rows:
        raise EmptyFile(f"{label}: the file has a header but no data rows")
    return RawTable(path, fmt, header, rows, duplicates=duplicates, **info)  # type: ignore[arg-type]


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
        return _read_csv(path, data, digest, encoding, delimiter, header_row)
    if suffix in SPREADSHEET_SUFFIXES:
        return _read_spreadsheet(path, data, digest, sheet, header_row)
    if suffix in JSON_SUFFIXES:
        return _read_json(path, data, digest, encoding)
    known = ", ".join(CSV_SUFFIXES + SPREADSHEET_SUFFIXES + JSON_SUFFIXES)
    raise UnreadableFile(f"{label}: unknown kind of file {suffix!r} (habeas reads {known})")


def _read_csv(
    path: Path, data: bytes, digest: str, encoding: str, delimiter: str, header_row: int | None
) -> RawTable:
    text, used = decode_bytes(data, encoding, path.name)
    sep = sniff_delimiter(text) if delimiter == "auto" else delimiter
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    # Row numbers count records, as a spreadsheet shows them, not physical lines:
    # a quoted cell may span several lines.
    try:
        grid: list[tuple[int, list[object]]] = [
            (number, cells) for number, cells in enumerate(reader, start=1)
        ]
    except csv.Error as exc:
        raise UnreadableFile(
            f'{path.name}: line {reader.line_num}: {exc} (is a quote (") left open?)'
        ) from None
    return _table_from_grid(
        path, "csv", grid, header_row, sha256=digest, encoding=used, delimiter=sep
    )


def _read_spreadsheet(
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
    return _table_from_grid(path, "spreadsheet", grid, header_row, sha256=digest, sheet=chosen)


def _read_json(path: Path, data: bytes, digest: str, encoding: str) -> RawTable:
    label = path.name
    text, used = decode_bytes(data, encoding, label)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableFile(
            f"{label}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    if isinstance(doc, dict) and isinstance(doc.get("records"), list):
        items = doc["records"]
    elif isinstance(doc, list):
        items = doc
    else:
        raise UnreadableFile(
            f'{label}: expected an array of objects or {{"records": [...]}} at the top level'
        )
    if not items:
        raise EmptyFile(f"{label}: the file has no records")
    keys: dict[str, None] = {}
    for item in items:
        if isinstance(item, dict):
            keys.update(dict.fromkeys(str(k) for k in item))
    if not keys:
        raise EmptyFile(f"{label}: no record is an object with fields")
    header, duplicates = _clean_header(list(keys))
    by_key = dict(zip(keys, header, strict=True))
    index = {name: i for i, name in enumerate(header)}
    rows: list[RawRow] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            rows.append(
                RawRow(
                    number,
                    [""] * len(header),
                    (("(record)", cell_text(item)),),
                    ((None, f"the record is a {type(item).__name__}, not an object"),),
                )
            )
            continue
        cells: list[object] = [""] * len(header)
        issues: list[tuple[str | None, str]] = []
        for key, value in item.items():
            name = by_key[str(key)]
            if isinstance(value, dict | list):
                issues.append((name, "nested value (a list or an object) cannot be imported"))
                value = cell_text(value)
            cells[index[name]] = "" if value is None else value
        rows.append(RawRow(number, cells, (), tuple(issues)))
    return RawTable(path, "json", header, rows, sha256=digest, encoding=used, duplicates=duplicates)
