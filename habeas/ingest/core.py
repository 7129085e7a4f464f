"""``ingest_file``: one list and its mapping → accepted records, quarantine and warnings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from habeas.domain.progress import ProgressCallback
from habeas.domain.schema import RECORD_COLUMNS
from habeas.ingest.mapping import SourceMapping
from habeas.ingest.problems import Problem
from habeas.ingest.quarantine import QuarantinedRow
from habeas.ingest.readers import read_table
from habeas.ingest.validate import validate_table

__all__ = ["EXTRA_COLUMNS", "IngestResult", "ingest_file"]

#: Columns of :attr:`IngestResult.records` after the canonical ones.
EXTRA_COLUMNS = ("row", "raw", "dui_status", "warnings")


@dataclass(frozen=True)
class IngestResult:
    """What came of importing one list.

    Attributes
    ----------
    mapping
        The source mapping used.
    file, sheet, encoding
        The list, the spreadsheet tab read (None for CSV/JSON) and the text
        encoding detected or used (None for spreadsheets).
    sha256
        Hex digest of the file's bytes: the same list imported twice is recognisable.
    n_rows
        Data rows read; ``len(records) + len(quarantined)``.
    records
        One row per accepted row: every column of
        :data:`~habeas.domain.schema.RECORD_COLUMNS` (text or None, object dtype),
        then ``row`` (int), ``raw`` (dict of every cell, by header, as text),
        ``dui_status`` (a :class:`~habeas.domain.dui.DuiStatus` value) and
        ``warnings`` (list of str).
    quarantined
        Rows not imported, with all their cells and problems.
    warnings
        The problems of accepted rows (all warnings).
    """

    mapping: SourceMapping
    file: Path
    sheet: str | None
    encoding: str | None
    sha256: str
    n_rows: int
    records: pd.DataFrame
    quarantined: tuple[QuarantinedRow, ...]
    warnings: tuple[Problem, ...]

    @property
    def n_accepted(self) -> int:
        """Rows imported."""
        return len(self.records)

    def summary(self) -> str:
        """One line for a person: rows read, imported, quarantined, warnings.

        Examples
        --------
        >>> result.summary()  # doctest: +SKIP
        "cdh_denuncias.csv (cdh): 1,204 rows read, 1,198 imported, 6 quarantined, 31 warnings"
        """
        where = self.file.name + (f", sheet {self.sheet!r}" if self.sheet else "")
        return (
            f"{where} ({self.mapping.code}): {self.n_rows:,} rows read, "
            f"{self.n_accepted:,} imported, {len(self.quarantined):,} quarantined, "
            f"{len(self.warnings):,} warnings"
        )


def ingest_file(
    path: str | Path,
    mapping: SourceMapping,
    *,
    progress: ProgressCallback | None = None,
) -> IngestResult:
    """Read a list with its mapping; validate and normalise every row.

    Rows with an error go to quarantine with all their cells and reasons; the
    others become records. Nothing is written anywhere: the caller stores the result.

    Parameters
    ----------
    path
        The list (CSV, XLSX/ODS/XLS or JSON).
    mapping
        Its :class:`~habeas.ingest.mapping.SourceMapping` (see :func:`read_mapping`).
    progress
        Optional ``progress(step, done, total)`` callback.

    Returns
    -------
    IngestResult

    Raises
    ------
    UnreadableFile, EmptyFile, MissingColumns, DuplicateColumns
        When the file as a whole cannot be imported (nothing is).

    Examples
    --------
    >>> mapping = read_mapping("listas/cdh.mapping.toml")  # doctest: +SKIP
    >>> result = ingest_file(mapping.file_path, mapping)  # doctest: +SKIP
    >>> result.records[["record_id", "surname_1", "arrest_date"]].head(1)  # doctest: +SKIP
      record_id surname_1 arrest_date
    0    CDH-01 Hernández  2022-03-27
    """
    path = Path(path)
    if progress:
        progress("reading", 0, 1)
    table = read_table(
        path,
        encoding=mapping.encoding,
        delimiter=mapping.delimiter,
        sheet=mapping.sheet,
        header_row=mapping.header_row,
    )
    if progress:
        progress("reading", 1, 1)
    checked = validate_table(table, mapping, progress)
    n = len(table.rows)
    keep: list[int] = []
    quarantined: list[QuarantinedRow] = []
    warnings: list[Problem] = []
    row_warnings: list[list[str]] = []
    for i in range(n):
        problems = checked.problems.get(i, ())
        if any(p.is_error for p in problems):
            quarantined.append(
                QuarantinedRow(table.rows[i].number, checked.raw[i], tuple(problems))
            )
        else:
            keep.append(i)
            warnings.extend(problems)
            row_warnings.append([str(p) for p in problems])

    def pick(column: list) -> list:
        return column if len(keep) == n else [column[i] for i in keep]

    data: dict[str, pd.Series] = {
        name: pd.Series(pick(checked.values[name]), dtype=object) for name in RECORD_COLUMNS
    }
    data["row"] = pd.Series([table.rows[i].number for i in keep], dtype="int64")
    data["raw"] = pd.Series(pick(checked.raw), dtype=object)
    data["dui_status"] = pd.Series(pick(checked.dui_status), dtype=object)
    data["warnings"] = pd.Series(row_warnings, dtype=object)
    records = pd.DataFrame(data)
    return IngestResult(
        mapping=mapping,
        file=path,
        sheet=table.sheet,
        encoding=table.encoding,
        sha256=table.sha256,
        n_rows=n,
        records=records,
        quarantined=tuple(quarantined),
        warnings=tuple(warnings),
    )
