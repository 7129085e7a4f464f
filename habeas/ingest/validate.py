"""Validate the rows of a list against its mapping, collecting every problem of a row.

Work is column-wise: each mapped column goes through its cached field normaliser
(:mod:`habeas.ingest.normalise`) once per distinct value, then row-level checks
(identifier, identity, dates in a plausible order) run over the normalised
columns. A row is quarantined only after all its problems are known, so a person
fixing the list sees them together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from habeas.domain.dates import PartialDate
from habeas.domain.dui import DuiStatus
from habeas.domain.progress import ProgressCallback
from habeas.domain.schema import NAME_COLUMNS, RECORD_COLUMNS
from habeas.ingest.errors import DuplicateColumns, MissingColumns
from habeas.ingest.fields import field_normaliser, normalise_column
from habeas.ingest.mapping import ROW_NUMBER, SourceMapping
from habeas.ingest.normalise import LIMITS, fold, too_long_issue
from habeas.ingest.problems import ERROR, WARNING, Issue, Problem
from habeas.ingest.readers import RawRow, RawTable, cell_text

__all__ = ["Validated", "resolve_columns", "validate_table"]

#: ``add(row index, column, field, value, issue)``: record a problem.
AddProblem = Callable[[int, str | None, str | None, Any, Issue], None]

# The parts split_full_name gives, filled when their own column is absent or blank.
_NAME_PARTS = ("given_names", "surname_1", "surname_2", "married_surname", "alias")

# (earlier field, later field, problem code): dates that should not come in this order.
_DATE_ORDER_CHECKS = (
    ("arrest_date", "death_date", "death_before_arrest"),
    ("arrest_date", "released_date", "release_before_arrest"),
    ("arrest_date", "first_hearing_date", "hearing_before_arrest"),
    ("birth_date", "arrest_date", "birth_after_arrest"),
)


@dataclass
class Validated:
    """Canonical columns for every row, and each row's problems.

    ``values[field][i]`` is the canonical value of row ``i`` (every record column
    present); ``problems[i]`` the problems of row ``i`` when it has any.
    """

    values: dict[str, list[str | None]]
    dui_status: list[str]
    raw: list[dict[str, str]]
    problems: dict[int, list[Problem]] = field(default_factory=dict)

    def has_error(self, i: int) -> bool:
        """True when row ``i`` must go to quarantine."""
        return any(p.is_error for p in self.problems.get(i, ()))


def resolve_columns(table: RawTable, mapping: SourceMapping) -> dict[str, int]:
    """Canonical field → index of its column in the file's header.

    A header matches exactly, or else ignoring case, accents, punctuation and
    spacing when that leaves one candidate ("NOMBRE COMPLETO" for "Nombre completo").

    Raises
    ------
    MissingColumns
        Naming every mapped column the file lacks and the columns it has.
    DuplicateColumns
        When a mapped column appears twice in the header.
    """
    header = table.header
    exact = {h: i for i, h in enumerate(header)}
    loose: dict[str, list[int]] = {}
    for i, h in enumerate(header):
        loose.setdefault(_header_key(h), []).append(i)
    found: dict[str, int] = {}
    missing: dict[str, str] = {}
    for name, wanted in mapping.columns.items():
        if name == "record_id" and wanted == ROW_NUMBER:
            continue
        wanted = " ".join(wanted.split())
        if wanted in table.duplicates:
            names = ", ".join(repr(n) for n in table.duplicates[wanted])
            raise DuplicateColumns(
                f"{table.label}: column {wanted!r} ({name}) appears more than once in the "
                f"header (read as {names}); rename one of them in the file"
            )
        if wanted in exact:
            found[name] = exact[wanted]
        elif len(candidates := loose.get(_header_key(wanted), [])) == 1:
            found[name] = candidates[0]
        else:
            missing[name] = wanted
    if missing:
        raise MissingColumns(table.label, missing, header, hint=f"Mapping: {mapping.label}.")
    return found


def _header_key(header: str) -> str:
    # "N°" (degree sign) and "Nº" (ordinal indicator) are both written for "número".
    return fold(header.replace("º", "°").replace("°", " "))


def _field_order(fields: list[str]) -> list[str]:
    # The department of residence first: it settles district names shared by two
    # departments; full_name before the parts it may fill.
    first = ("residence_department", "full_name")
    return [f for f in first if f in fields] + [f for f in fields if f not in first]


def validate_table(
    table: RawTable,
    mapping: SourceMapping,
    progress: ProgressCallback | None = None,
) -> Validated:
    """Normalise every mapped cell and check every row; never raises on row content.

    Parameters
    ----------
    table
        The rows read by :func:`habeas.ingest.readers.read_table`.
    mapping
        The source mapping (its columns must be in the table, see :func:`resolve_columns`).
    progress
        Optional ``progress(step, done, total)`` callback, called per column.

    Returns
    -------
    Validated
    """
    index = resolve_columns(table, mapping)
    rows = table.rows
    n = len(rows)
    header = table.header
    problems: dict[int, list[Problem]] = {}

    def add(i: int, column: str | None, name: str | None, value: Any, issue: Issue) -> None:
        text = None if value is None else cell_text(value)
        problem = Problem.of(table.label, rows[i].number, column, name, text, issue, table.sheet)
        problems.setdefault(i, []).append(problem)

    # Raw cells as text: the lossless copy kept with every record and quarantined row.
    raw = _raw_dicts(table)
    for i, row in enumerate(rows):
        for column, issue in row.issues:
            add(i, column, None, None, issue)

    # Column-wise from here: one transpose instead of a list per column.
    grid = list(zip(*(row.cells for row in rows), strict=True))

    def add_cell(i: int, column: str, name: str | None, cell: object, issue: Issue) -> None:
        if issue.code == "cell_too_long":
            if _swallowed_rows(cell, table):
                issue = issue._replace(params={**issue.params, "hint": "open_quote"})
            cell = None  # the raw copy of the row has it: no second copy in the problem
        add(i, column, name, cell, issue)

    # Unmapped cells are only kept raw, but a runaway cell is still refused.
    mapped_index = set(index.values())
    limit = LIMITS["unmapped"]
    for j, column in enumerate(header):
        if j in mapped_index:
            continue
        for i, cell in enumerate(grid[j]):
            if isinstance(cell, str) and len(cell) > limit:
                add_cell(i, column, None, cell, too_long_issue(cell, limit))

    values: dict[str, list[Any]] = {}
    details: dict[str, list[Any]] = {}
    maps = mapping.value_maps
    fields = _field_order(list(index))
    for step, name in enumerate(fields):
        if progress:
            progress("checking columns", step, len(fields))
        j = index[name]
        column = header[j]
        normalise = field_normaliser(
            name,
            date_order=mapping.date_order_for(name),
            name_order=mapping.name_order,
            separator=mapping.multi_separator,
            value_map=maps.get(name),
            cache=False,
        )
        cells = list(grid[j])
        hints = values.get("residence_department") if name == "residence_district" else None
        outcomes = normalise_column(normalise, cells, hints)
        values[name] = [o.value for o in outcomes]
        details[name] = [o.detail for o in outcomes]
        for i, out in enumerate(outcomes):
            if out.issues:
                for issue in out.issues:
                    add_cell(i, column, name, cells[i], issue)
    if progress:
        progress("checking columns", len(fields), len(fields))

    _fill_names(values, details, n)
    _fill_residence_department(values, details, n)
    for name, default in mapping.default_values.items():
        column_values = values.setdefault(name, [None] * n)
        values[name] = [default if v is None else v for v in column_values]
    if "record_id" in mapping.columns and "record_id" not in index:  # "@row"
        values["record_id"] = [str(row.number) for row in rows]
    for name in RECORD_COLUMNS:
        values.setdefault(name, [None] * n)
    values["source"] = [mapping.code] * n

    _check_record_ids(
        values["record_id"], rows, add, header[index["record_id"]] if "record_id" in index else None
    )
    _check_identity(values, add)
    _check_dates(values, details, index, header, add)

    statuses = details.get("dui")
    dui_status = [
        (s.value if isinstance(s, DuiStatus) else DuiStatus.MISSING.value)
        for s in (statuses or [None] * n)
    ]
    return Validated(values, dui_status, raw, problems)


def _swallowed_rows(cell: object, table: RawTable) -> bool:
    """True when a CSV cell holds line breaks and delimiters: rows an open quote took in."""
    if table.format != "csv" or not isinstance(cell, str) or not table.delimiter:
        return False
    return ("\n" in cell or "\r" in cell) and table.delimiter in cell


def _raw_dicts(table: RawTable) -> list[dict[str, str]]:
    header = table.header
    if table.format == "csv":  # cells are already text
        out = [dict(zip(header, row.cells, strict=True)) for row in table.rows]
    else:
        out = [dict(zip(header, map(cell_text, row.cells), strict=True)) for row in table.rows]
    for d, row in zip(out, table.rows, strict=True):
        if row.extra:
            d.update(row.extra)
    return out


def _fill_names(values: dict[str, list[Any]], details: dict[str, list[Any]], n: int) -> None:
    """Fill name parts from the split full name where their own column is absent or blank."""
    parts = details.get("full_name")
    if parts is None:
        return
    for name in _NAME_PARTS:
        own = values.get(name) or [None] * n
        values[name] = [
            v if v is not None or p is None else getattr(p, name) or None
            for v, p in zip(own, parts, strict=True)
        ]


def _fill_residence_department(
    values: dict[str, list[Any]], details: dict[str, list[Any]], n: int
) -> None:
    """A residence district (or a municipality, a department) gives its department."""
    found = details.get("residence_district")
    if found is None:
        return
    own = values.get("residence_department") or [None] * n
    values["residence_department"] = [
        v if v is not None else d for v, d in zip(own, found, strict=True)
    ]


def _check_record_ids(
    ids: list[str | None], rows: list[RawRow], add: AddProblem, column: str | None
) -> None:
    first_seen: dict[str, int] = {}
    for i, rid in enumerate(ids):
        if rid is None:
            continue  # the normaliser already reported an empty id
        if rid in first_seen:
            params = {"value": rid, "first_row": str(first_seen[rid])}
            add(i, column, "record_id", rid, Issue(ERROR, "record_id_duplicate", params))
        else:
            first_seen[rid] = rows[i].number


def _check_identity(values: dict[str, list[Any]], add: AddProblem) -> None:
    name_columns = [values[c] for c in NAME_COLUMNS]
    for i, dui in enumerate(values["dui"]):
        if dui is None and all(col[i] is None for col in name_columns):
            add(i, None, None, None, Issue(ERROR, "no_identity"))


def _before(a: PartialDate, b: PartialDate) -> bool:
    """True when ``a`` is surely before ``b`` (month-precision dates count as their whole month)."""
    return a.last_day() < b.first_day()


def _check_dates(
    values: dict[str, list[Any]],
    details: dict[str, list[Any]],
    index: dict[str, int],
    header: tuple[str, ...],
    add: AddProblem,
) -> None:
    """Warnings for dates in an unlikely order: real lists are messy, the row is kept."""

    def column_of(name: str) -> str | None:
        return header[index[name]] if name in index else None

    for early, late, code in _DATE_ORDER_CHECKS:
        if early not in details or late not in details:
            continue
        a_dates, b_dates = details[early], details[late]
        flagged = late if early == "arrest_date" else early
        for i, (a, b) in enumerate(zip(a_dates, b_dates, strict=True)):
            if a is not None and b is not None and _before(b, a):
                params = {"early": a.iso(), "late": b.iso()}
                add(
                    i, column_of(flagged), flagged, values[flagged][i], Issue(WARNING, code, params)
                )
    if "died_in_custody" in values and "death_date" in values:
        for i, (died, when) in enumerate(
            zip(values["died_in_custody"], values["death_date"], strict=True)
        ):
            if died == "no" and when is not None:
                issue = Issue(WARNING, "death_date_but_alive", {"date": when})
                add(i, column_of("died_in_custody"), "died_in_custody", died, issue)
