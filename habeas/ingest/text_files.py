"""CSV and JSON lists: decoding the bytes in the encodings in use, the delimiter, the rows."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections import Counter
from pathlib import Path

from habeas.ingest.errors import EmptyFile, UnreadableFile
from habeas.ingest.problems import ERROR, Issue
from habeas.ingest.table import RawRow, RawTable, cell_text, clean_header, table_from_grid

__all__ = [
    "CSV_FIELD_LIMIT",
    "DELIMITERS",
    "decode_bytes",
    "read_csv",
    "read_json",
    "sniff_delimiter",
]

DELIMITERS = ",;\t|"
_SNIFF_CHARS = 64 * 1024

#: Longest CSV cell the reader takes, in characters. The csv module's default
#: (131,072) made a whole list unreadable for one runaway cell (a pasted
#: testimony, an unclosed quote swallowing the rows after it); above it, the cell
#: reaches validation and only its row is quarantined, whole. Still bounded, so a
#: broken file cannot hold memory without end.
CSV_FIELD_LIMIT = 50 * 1024 * 1024
# Set once, at import, and only ever raised: field_size_limit is process-wide, and
# setting then restoring it around each read would race with another thread (a web
# worker) reading a CSV at the same time, giving that read the small limit.
if csv.field_size_limit() < CSV_FIELD_LIMIT:
    csv.field_size_limit(CSV_FIELD_LIMIT)


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


def read_csv(
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
    return table_from_grid(
        path, "csv", grid, header_row, sha256=digest, encoding=used, delimiter=sep
    )


def read_json(path: Path, data: bytes, digest: str, encoding: str) -> RawTable:
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
    header, duplicates = clean_header(list(keys))
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
                    ((None, Issue(ERROR, "json_not_object", {"type": type(item).__name__})),),
                )
            )
            continue
        cells: list[object] = [""] * len(header)
        issues: list[tuple[str | None, Issue]] = []
        for key, value in item.items():
            name = by_key[str(key)]
            if isinstance(value, dict | list):
                issues.append((name, Issue(ERROR, "json_nested_value")))
                value = cell_text(value)
            cells[index[name]] = "" if value is None else value
        rows.append(RawRow(number, cells, (), tuple(issues)))
    return RawTable(path, "json", header, rows, sha256=digest, encoding=used, duplicates=duplicates)
