"""Aggregate tables for the public export, with small cells suppressed.

The rules, in plain words:

- Every table counts **documented people** (one row of the people-facts table is
  one person), never records and never estimates. Death tables count the people
  with ``died_in_custody == "yes"``.
- Only values of a known vocabulary go out (sexes, age groups, department codes,
  centre codes, causes of death, group codes, ``yyyy-mm`` months); anything
  else, and every unknown, is the category ``(unknown)``. An allow-list of values,
  so a stray free-text value can never reach a public file.
- A cell counting 1 to ``min_cell - 1`` people is **suppressed**: its ``people``
  value is missing (NA, an empty field in the CSV) and its ``suppressed`` column is
  true. Zero cells are published: a zero says that no documented person falls there,
  which is a structural fact about the table, not a fact about a person.
- Every table has a total row (category ``(total)``); the two-way table
  (department by sex) has a margin for every row and column and a grand total.
  Since totals are public, a single suppressed cell in a line could be recovered
  by subtraction, so **complementary suppression** follows: in every line (the
  cells and their total) that has exactly one suppressed cell, the smallest
  non-zero published cell is suppressed too, until no line has exactly one.
  In a two-way table several lines together can still pin a cell down, and since
  zeros are published a reader knows every suppressed cell counts at least 1 (two
  suppressed cells summing to 2 are both 1). A check (linear algebra and one linear
  programme) finds any small cell that the published numbers and those bounds fix
  exactly, and suppresses more cells until none is (as a last resort, every
  non-zero count). A suppressed complementary cell that is fixed all the same (say
  a margin equal to the sum of other margins) protects nothing and is published.
  The grand total, which every table of the same people repeats, is otherwise only
  suppressed when it is itself small; so when every person is alone in a cell, the
  last resort hides the total in that table but the other tables still give it.
- The one-way tables by department and by sex are the margins of the two-way
  table, with its suppression, so comparing the tables reveals nothing more.
- A person in two targeted groups counts in both rows of ``detained_by_group``;
  its total is the number of people, not the sum of the rows.
- Monthly tables can be coarsened to quarters or years (``coarsen_months``) when
  too many months would be suppressed; the same rule applies to both of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from habeas.domain.centres import centres
from habeas.domain.errors import HabeasError
from habeas.domain.gazetteer import departments
from habeas.domain.vocab import VOCABULARIES
from habeas.indicators.people import AGE_GROUPS

__all__ = [
    "TABLES",
    "TOTAL",
    "UNKNOWN",
    "PublicExportError",
    "aggregate_tables",
    "suppress",
]

#: The category for unknown or unrecognised values.
UNKNOWN = "(unknown)"
#: The category of total rows and margins.
TOTAL = "(total)"

#: The names of the tables :func:`aggregate_tables` returns, in order.
TABLES: tuple[str, ...] = (
    "detained_by_department",
    "detained_by_month",
    "detained_by_sex",
    "detained_by_age_group",
    "detained_by_group",
    "detained_by_department_sex",
    "deaths_by_department",
    "deaths_by_month",
    "deaths_by_centre",
    "deaths_by_cause",
)

_SEXES = ("F", "M")
_MONTH = re.compile(r"^(\d{4})-(\d{2})")
_COARSEN = (None, "quarter", "year")
_PERIOD_COLUMN = {None: "month", "quarter": "quarter", "year": "year"}

# A line says: the sum of its entries (with signs) is zero; (index, sign) pairs.
Line = list[tuple[int, int]]


class PublicExportError(HabeasError, ValueError):
    """The people table or the options cannot give a safe public export."""


# --- suppression -------------------------------------------------------------------


def suppress(
    values: Sequence[int] | np.ndarray,
    lines: Sequence[Line],
    min_cell: int,
    *,
    keep: Iterable[int] = (),
) -> np.ndarray:
    """Which entries of a table to suppress: primary, then complementary suppression.

    Parameters
    ----------
    values
        Every published number of the table: cells, margins and totals.
    lines
        The additive relations between them: each line is a list of
        ``(index, sign)`` with ``sum(sign * values[index]) == 0`` (the cells of a row
        with sign +1 and the row's total with sign -1).
    min_cell
        Counts from 1 to ``min_cell - 1`` are suppressed.
    keep
        Entries not to suppress unless they are small themselves or nothing else
        protects the table (the grand total, which other tables publish too).

    Returns
    -------
    numpy.ndarray
        A boolean mask, true where the entry is suppressed.

    Examples
    --------
    >>> suppress([3, 10, 20, 33], [[(0, 1), (1, 1), (2, 1), (3, -1)]], 5, keep=[3]).tolist()
    [True, True, False, False]
    >>> # Two hidden cells summing to 2 would both be 1 (zeros are never hidden).
    >>> suppress([1, 1, 20, 22], [[(0, 1), (1, 1), (2, 1), (3, -1)]], 5, keep=[3]).tolist()
    [True, True, True, False]
    """
    v = np.asarray(values, dtype=np.int64)
    keep = frozenset(keep)
    primary = (v > 0) & (v < min_cell)
    mask = primary.copy()
    matrix = _matrix(lines, len(v))
    while True:
        _line_rule(v, lines, mask, keep)
        determined = _determined(matrix, mask, v)
        fixed = [i for i in np.flatnonzero(primary) if i in determined]
        if not fixed:
            # A complementary entry the published ones (and the suppressed ones being
            # at least 1) fix exactly protects nothing: publishing it tells no more.
            # Publishing a fixed value leaves the same solutions, so nothing else
            # becomes fixed and no line is left with a single suppressed entry.
            mask[sorted(determined)] = False
            return mask
        if not _unfix(v, matrix, mask, fixed[0], keep):
            # Nothing cheaper protects the cell: publish less, suppress every count.
            mask |= v > 0
            return mask


def _matrix(lines: Sequence[Line], n: int) -> np.ndarray:
    a = np.zeros((len(lines), n))
    for row, line in enumerate(lines):
        for index, sign in line:
            a[row, index] = sign
    return a


def _line_rule(v: np.ndarray, lines: Sequence[Line], mask: np.ndarray, keep: frozenset) -> None:
    changed = True
    while changed:
        changed = False
        for line in lines:
            members = [i for i, _ in line]
            if sum(mask[i] for i in members) != 1:
                continue
            candidates = [i for i in members if not mask[i] and v[i] > 0]
            # The shared grand total goes last: suppressing it here would not hide it.
            candidates.sort(key=lambda i: (i in keep, v[i], i))
            if candidates:
                mask[candidates[0]] = True
                changed = True


def _determined(matrix: np.ndarray, mask: np.ndarray, v: np.ndarray) -> set[int]:
    """The suppressed entries whose value the published ones fix exactly.

    The unknowns ``x`` solve ``A[:, S] x = -A[:, P] v[P]`` with ``x >= 1``: zeros are
    published, so a reader knows every suppressed entry counts at least one person.
    The set of solutions is a polytope; an unknown is fixed iff it is constant on the
    polytope's affine hull, i.e. zero in every null vector of ``A[:, S]`` extended by
    the unknowns that every solution holds at 1 (found by :func:`_pinned_at_one`).
    """
    hidden = np.flatnonzero(mask)
    if hidden.size == 0 or matrix.size == 0:
        return set()
    sub = matrix[:, hidden]
    pinned = _pinned_at_one(sub, v[hidden] == 1)
    if pinned.any():
        sub = np.vstack([sub, np.eye(hidden.size)[pinned]])
    _, s, vt = np.linalg.svd(sub)
    rank = int((s > 1e-9).sum())
    null = vt[rank:]
    if null.shape[0] == 0:
        return {int(i) for i in hidden}
    return {int(i) for i, col in zip(hidden, null.T, strict=True) if np.abs(col).max() < 1e-9}


def _pinned_at_one(sub: np.ndarray, at_one: np.ndarray) -> np.ndarray:
    """Which unknowns at their lower bound 1 no solution of ``sub @ x = b, x >= 1`` moves.

    From the true counts, the solutions lie along directions ``d`` with ``sub @ d == 0``
    and ``d_j >= 0`` wherever ``x_j == 1``. One linear programme finds a direction
    raising as many of those as it can (``t_j <= d_j``, ``t_j <= 1``, maximise the sum
    of ``t``); the ones it cannot raise stay at 1 in every solution.
    """
    n, low = sub.shape[1], np.flatnonzero(at_one)
    if low.size == 0:
        return np.zeros(n, dtype=bool)
    m = low.size
    # Variables: d (n, free), then t (m, in [0, 1]).
    a_eq = np.hstack([sub, np.zeros((sub.shape[0], m))])
    a_ub = np.zeros((m, n + m))
    a_ub[np.arange(m), low] = -1.0
    a_ub[np.arange(m), n + np.arange(m)] = 1.0
    result = linprog(
        np.concatenate([np.zeros(n), -np.ones(m)]),
        A_ub=a_ub,
        b_ub=np.zeros(m),
        A_eq=a_eq,
        b_eq=np.zeros(sub.shape[0]),
        bounds=[(None, None)] * n + [(0.0, 1.0)] * m,
        method="highs",
    )
    if result.status != 0:  # pragma: no cover - the LP is always feasible (d = t = 0)
        raise RuntimeError(f"suppression check failed: {result.message}")
    pinned = np.zeros(n, dtype=bool)
    pinned[low[result.x[n:] < 0.5]] = True
    return pinned


def _unfix(
    v: np.ndarray, matrix: np.ndarray, mask: np.ndarray, target: int, keep: frozenset
) -> bool:
    """Suppress the cheapest published cell that frees ``target``; else the smallest
    published cell sharing a line with a suppressed one. False if none is left."""
    candidates = sorted(
        (i for i in np.flatnonzero(~mask & (v > 0)) if i not in keep), key=lambda i: (v[i], i)
    )
    for i in candidates:
        trial = mask.copy()
        trial[i] = True
        if target not in _determined(matrix, trial, v):
            mask[i] = True
            return True
    touching = np.abs(matrix[:, mask]).sum(axis=1) > 0
    near = set(np.flatnonzero(np.abs(matrix[touching]).sum(axis=0) > 0))
    for i in candidates:
        if i in near:
            mask[i] = True
            return True
    return False


# --- categories ----------------------------------------------------------------------


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    text = str(value).strip()
    return text or None


def _allowed(series: pd.Series, allowed: Iterable[str]) -> pd.Series:
    allowed = frozenset(allowed)
    return series.map(lambda x: t if (t := _text(x)) in allowed else UNKNOWN).astype(object)


def _month(value: object) -> str | None:
    text = _text(value)
    m = _MONTH.match(text) if text else None
    if m is None or not 1 <= int(m.group(2)) <= 12:
        return None
    return f"{m.group(1)}-{m.group(2)}"


def _period(month: str | None, coarsen: str | None) -> str:
    if month is None:
        return UNKNOWN
    year, mm = int(month[:4]), int(month[5:7])
    if coarsen == "year":
        return f"{year}"
    if coarsen == "quarter":
        return f"{year}-Q{(mm - 1) // 3 + 1}"
    return month


def _periods(months: pd.Series, coarsen: str | None) -> tuple[pd.Series, list[str]]:
    """Each person's period and every period from the first to the last (with zeros)."""
    known = sorted(m for m in months if m is not None)
    categories: list[str] = []
    if known:
        y, m = int(known[0][:4]), int(known[0][5:7])
        last = (int(known[-1][:4]), int(known[-1][5:7]))
        while (y, m) <= last:
            p = _period(f"{y}-{m:02d}", coarsen)
            if p not in categories:
                categories.append(p)
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months.map(lambda m: _period(m, coarsen)).astype(object), [*categories, UNKNOWN]


def _counts(keys: pd.Series, categories: Sequence[str]) -> list[int]:
    counted = keys.value_counts()
    return [int(counted.get(c, 0)) for c in categories]


# --- tables --------------------------------------------------------------------------


def _one_way(
    column: str,
    categories: Sequence[str],
    counts: Sequence[int],
    total: int,
    min_cell: int,
    names: tuple[str, dict[str, str]] | None = None,
) -> pd.DataFrame:
    values = np.array([*counts, total], dtype=np.int64)
    n = len(counts)
    line = [(i, 1) for i in range(n)] + [(n, -1)]
    mask = suppress(values, [line], min_cell, keep=[n])
    return _frame(column, [*categories, TOTAL], values, mask, names)


def _frame(
    column: str,
    categories: Sequence[str],
    values: np.ndarray,
    mask: np.ndarray,
    names: tuple[str, dict[str, str]] | None,
) -> pd.DataFrame:
    out = pd.DataFrame({column: pd.Series(list(categories), dtype=object)})
    if names is not None:
        name_column, lookup = names
        out[name_column] = [lookup.get(c, c) for c in categories]
    out["people"] = pd.array(
        [None if m else int(x) for x, m in zip(values, mask, strict=True)], dtype="Int64"
    )
    out["suppressed"] = np.asarray(mask, dtype=bool)
    return out


def _two_way(
    rows: pd.Series,
    cols: pd.Series,
    row_cats: Sequence[str],
    col_cats: Sequence[str],
    min_cell: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Counts and suppression mask of a (rows + margin) x (cols + margin) grid."""
    r, c = len(row_cats), len(col_cats)
    grid = np.zeros((r + 1, c + 1), dtype=np.int64)
    pairs = pd.DataFrame({"r": rows.to_numpy(), "c": cols.to_numpy()}).value_counts()
    for (rv, cv), n in pairs.items():
        grid[list(row_cats).index(rv), list(col_cats).index(cv)] = n
    grid[:r, c] = grid[:r, :c].sum(axis=1)
    grid[r, :] = grid[:r, :].sum(axis=0)
    width = c + 1
    lines: list[Line] = [
        [(i * width + j, 1) for j in range(c)] + [(i * width + c, -1)] for i in range(r + 1)
    ]
    lines += [[(i * width + j, 1) for i in range(r)] + [(r * width + j, -1)] for j in range(c + 1)]
    mask = suppress(grid.ravel(), lines, min_cell, keep=[r * width + c])
    return grid, mask.reshape(grid.shape)


_COLUMNS = (
    "department",
    "sex",
    "age_group",
    "groups",
    "died_in_custody",
    "death_date",
    "death_place",
    "death_cause",
)


def aggregate_tables(
    people: pd.DataFrame, *, min_cell: int = 5, coarsen_months: str | None = None
) -> dict[str, pd.DataFrame]:
    """Counts of documented people and of deaths in custody, with small cells suppressed.

    Parameters
    ----------
    people
        The people-facts table (:func:`habeas.indicators.people.people_facts`).
    min_cell
        Cells counting 1 to ``min_cell - 1`` people are suppressed (see the module
        docstring for the complementary suppression that follows).
    coarsen_months
        ``None`` (months), ``"quarter"`` or ``"year"``: the period of both monthly
        tables, whose category column is then ``arrest_<period>`` or
        ``death_<period>``.

    Returns
    -------
    dict of str to pandas.DataFrame
        One frame per name in :data:`TABLES`: the category columns (with
        ``department_name`` or ``centre_name`` beside codes), ``people`` (nullable
        integer, NA when suppressed) and ``suppressed`` (bool). One-way tables end
        with a ``(total)`` row; the two-way table has one row per cell and margin.

    Examples
    --------
    >>> people = pd.DataFrame({"sex": ["F"] * 6 + ["M"] * 2, "department": "06"})
    >>> table = aggregate_tables(people)["detained_by_sex"]
    >>> # 2 men are too few; 6 women would give them away by subtraction from the total
    >>> table[["sex", "people", "suppressed"]].values.tolist()
    [['F', <NA>, True], ['M', <NA>, True], ['(unknown)', 0, False], ['(total)', 8, False]]
    """
    if not isinstance(min_cell, int) or min_cell < 1:
        raise PublicExportError(f"min_cell must be a whole number >= 1, not {min_cell!r}")
    if coarsen_months not in _COARSEN:
        raise PublicExportError(
            f"coarsen_months must be None, 'quarter' or 'year', not {coarsen_months!r}"
        )
    p = people.reset_index(drop=True)
    # Missing columns count as unknown, which only ever publishes less.
    col = {name: p[name] if name in p else pd.Series([None] * len(p)) for name in _COLUMNS}
    dept_names = {d.code: d.name for d in departments()}
    centre_names = {c.code: c.name for c in centres() if c.code != "unknown"}
    causes = [code for code in VOCABULARIES["death_cause"].codes if code != "unknown"]
    group_codes = [code for code in VOCABULARIES["groups"].codes if code != "none"]
    age_codes = [code for code, _, _ in AGE_GROUPS]

    dept_cats = [*dept_names, UNKNOWN]
    dept = _allowed(col["department"], dept_names)
    sex = _allowed(col["sex"], _SEXES)
    died = col["died_in_custody"].map(_text) == "yes"
    names = ("department_name", {**dept_names, UNKNOWN: UNKNOWN, TOTAL: TOTAL})
    tables: dict[str, pd.DataFrame] = {}

    grid, mask = _two_way(dept, sex, dept_cats, [*_SEXES, UNKNOWN], min_cell)
    tables["detained_by_department"] = _frame(
        "department", [*dept_cats, TOTAL], grid[:, -1], mask[:, -1], names
    )
    arrest_months = _arrest_months(p)
    period = _PERIOD_COLUMN[coarsen_months]
    keys, cats = _periods(arrest_months, coarsen_months)
    tables["detained_by_month"] = _one_way(
        f"arrest_{period}", cats, _counts(keys, cats), len(p), min_cell
    )
    tables["detained_by_sex"] = _frame(
        "sex", [*_SEXES, UNKNOWN, TOTAL], grid[-1, :], mask[-1, :], None
    )
    ages = _allowed(col["age_group"], age_codes)
    tables["detained_by_age_group"] = _one_way(
        "age_group", [*age_codes, UNKNOWN], _counts(ages, [*age_codes, UNKNOWN]), len(p), min_cell
    )
    group_cats = [*group_codes, "none", UNKNOWN]
    groups = col["groups"].map(lambda g: _groups(g, group_codes)).explode()
    tables["detained_by_group"] = _one_way(
        "group", group_cats, _counts(groups, group_cats), len(p), min_cell
    )
    sexes = [*_SEXES, UNKNOWN, TOTAL]
    tables["detained_by_department_sex"] = pd.DataFrame(
        {
            "department": [d for d in [*dept_cats, TOTAL] for _ in sexes],
            "department_name": [names[1][d] for d in [*dept_cats, TOTAL] for _ in sexes],
            "sex": sexes * (len(dept_cats) + 1),
            "people": pd.array(
                [None if m else int(x) for x, m in zip(grid.ravel(), mask.ravel(), strict=True)],
                dtype="Int64",
            ),
            "suppressed": mask.ravel().astype(bool),
        }
    )

    deaths = int(died.sum())
    tables["deaths_by_department"] = _one_way(
        "department", dept_cats, _counts(dept[died], dept_cats), deaths, min_cell, names
    )
    keys, cats = _periods(col["death_date"][died].map(_month), coarsen_months)
    tables["deaths_by_month"] = _one_way(
        f"death_{period}", cats, _counts(keys, cats), deaths, min_cell
    )
    place = _allowed(col["death_place"][died], centre_names)
    centre_cats = [*centre_names, UNKNOWN]
    tables["deaths_by_centre"] = _one_way(
        "centre",
        centre_cats,
        _counts(place, centre_cats),
        deaths,
        min_cell,
        ("centre_name", {**centre_names, UNKNOWN: UNKNOWN, TOTAL: TOTAL}),
    )
    cause = _allowed(col["death_cause"][died], causes)
    tables["deaths_by_cause"] = _one_way(
        "cause", [*causes, UNKNOWN], _counts(cause, [*causes, UNKNOWN]), deaths, min_cell
    )
    return {name: tables[name].reset_index(drop=True) for name in TABLES}


def _arrest_months(p: pd.DataFrame) -> pd.Series:
    months = p["arrest_month"].map(_month) if "arrest_month" in p else pd.Series([None] * len(p))
    if "arrest_date" in p:
        months = months.where(months.notna(), p["arrest_date"].map(_month))
    return months.astype(object).where(months.notna(), None)


def _groups(value: object, codes: Sequence[str]) -> list[str]:
    # "" means a record said the person belongs to no targeted group; None, that none said.
    text = value.strip() if isinstance(value, str) else _text(value)
    if text is None:
        return [UNKNOWN]
    found = {g.strip() for g in text.split(";")} - {"", "none"}
    if not found:
        return ["none"]
    known = [g for g in codes if g in found]
    # An unrecognised code must not be published, but the person still counts somewhere.
    return known if known else [UNKNOWN]
