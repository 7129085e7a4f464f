"""The capture-histories table: the hand-off between counting people and estimating.

One row per observed capture pattern: a 0/1 column per list (source) and ``count``, the
number of people documented by exactly those lists; optional stratum columns. This is
the estimation interface (DESIGN.md), so an estimate can be checked against R's LCMCR,
dga or Rcapture on the same CSV.

:class:`CaptureHistories` is the validated, collapsed form every estimator takes: unique
patterns (no all-zero row: a person on no list cannot be observed) and positive counts.
Validation collects every problem before raising once, naming file, row and column.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from habeas.domain.errors import HabeasError
from habeas.domain.schema import MULTI_SEPARATOR

#: The count column of a histories table.
COUNT = "count"


class BadHistories(HabeasError, ValueError):
    """A capture-histories table that cannot be estimated from; the message lists why."""


class TooFewLists(BadHistories):
    """Fewer lists than the method needs (LCMCR and dga need three or more)."""


class EmptyStratum(BadHistories):
    """A stratum with nobody documented in it."""


@dataclass(frozen=True, eq=False)
class CaptureHistories:
    """A validated, collapsed capture-histories table.

    Parameters
    ----------
    lists
        The list (source) names, in column order.
    patterns
        ``(M, J)`` array of 0/1 (``uint8``): the distinct observed capture patterns,
        none all-zero.
    counts
        ``(M,)`` array of positive integers: people with each pattern.
    label
        What the table is (a file name, a stratum value); used in messages.

    Build it with :func:`histories_from_frame`, :func:`read_histories` or
    :func:`histories_from_people`, which validate; the constructor trusts its input.

    Examples
    --------
    >>> h = histories_from_frame(pd.DataFrame(
    ...     {"a": [1, 0, 1], "b": [0, 1, 1], "count": [30, 20, 10]}))
    >>> h.observed, h.n_lists, h.lists
    (60, 2, ('a', 'b'))
    >>> h.full_table().tolist()  # cell index = sum of 2**j over the lists j it is on
    [0, 30, 20, 10]
    """

    lists: tuple[str, ...]
    patterns: np.ndarray
    counts: np.ndarray
    label: str | None = None

    @property
    def n_lists(self) -> int:
        """Number of lists (J)."""
        return len(self.lists)

    @property
    def observed(self) -> int:
        """People documented by at least one list (n)."""
        return int(self.counts.sum())

    def cell_index(self) -> np.ndarray:
        """Each pattern's index in the ``2**J`` table: list ``j`` is bit ``j``."""
        weights = 1 << np.arange(self.n_lists, dtype=np.int64)
        return self.patterns.astype(np.int64) @ weights

    def full_table(self) -> np.ndarray:
        """Counts of all ``2**J`` cells, cell 0 (on no list) set to 0.

        Cell ``i`` holds the people on exactly the lists whose bits are set in ``i``
        (list 1 is the lowest bit), the order of R's ``array()`` (first list fastest).
        """
        table = np.zeros(1 << self.n_lists, dtype=np.int64)
        np.add.at(table, self.cell_index(), self.counts)
        return table

    def list_totals(self) -> dict[str, int]:
        """People documented by each list."""
        totals = self.patterns.T.astype(np.int64) @ self.counts
        return dict(zip(self.lists, (int(t) for t in totals), strict=True))

    def to_frame(self) -> pd.DataFrame:
        """The table as a DataFrame: one 0/1 column per list and ``count``."""
        frame = pd.DataFrame(self.patterns.astype(np.int64), columns=list(self.lists))
        frame[COUNT] = self.counts.astype(np.int64)
        return frame

    def select_lists(self, lists: Sequence[str]) -> CaptureHistories:
        """The table over a subset of lists; people on none of them drop out."""
        unknown = [name for name in lists if name not in self.lists]
        if unknown:
            raise BadHistories(f"unknown lists: {', '.join(unknown)}; the table has {self.lists}")
        columns = [self.lists.index(name) for name in lists]
        frame = pd.DataFrame(self.patterns[:, columns], columns=list(lists))
        frame[COUNT] = self.counts
        frame = frame[frame[list(lists)].any(axis=1)]
        return _collapse(frame, tuple(lists), self.label)

    def require_lists(self, minimum: int, method: str) -> None:
        """Raise :class:`TooFewLists` unless the table has ``minimum`` lists or more."""
        if self.n_lists < minimum:
            raise TooFewLists(
                f"{method} needs at least {minimum} lists; {self._name()} has "
                f"{self.n_lists} ({', '.join(self.lists) or 'none'})"
            )

    def _name(self) -> str:
        return f"the table {self.label!r}" if self.label else "the table"

    def __repr__(self) -> str:
        return (
            f"CaptureHistories(label={self.label!r}, lists={self.lists}, "
            f"patterns={len(self.counts)}, observed={self.observed})"
        )


def histories_from_frame(
    frame: pd.DataFrame,
    *,
    lists: Sequence[str] | None = None,
    count: str | None = COUNT,
    ignore: Iterable[str] = (),
    label: str | None = None,
) -> CaptureHistories:
    """Validate a capture-histories DataFrame and collapse it.

    Parameters
    ----------
    frame
        One row per pattern (with a count column) or per person (``count=None``).
    lists
        The list columns; by default every column except ``count`` and ``ignore``.
    count
        The count column, or ``None`` when each row is one person.
    ignore
        Columns that are not lists (strata, identifiers).
    label
        Shown in error messages (a file name, a stratum).

    Raises
    ------
    BadHistories
        Listing every problem: an empty table, a missing column, a list column with a
        value other than 0/1, a count that is missing, negative or not whole, a row on
        no list, a list that documents nobody.
    """
    where = f"{label}: " if label else ""
    ignore = set(ignore)
    if count is not None and count not in frame.columns:
        raise BadHistories(f"{where}no {count!r} column; columns are {list(frame.columns)}")
    if lists is None:
        lists = [c for c in frame.columns if c != count and c not in ignore]
    lists = [str(c) for c in lists]
    missing = [c for c in lists if c not in frame.columns]
    if missing:
        raise BadHistories(f"{where}missing list columns: {', '.join(missing)}")
    if not lists:
        raise BadHistories(f"{where}no list columns")
    if frame.empty:
        raise BadHistories(f"{where}the table is empty: nobody is documented")

    problems: list[str] = []
    # Row numbers as a spreadsheet shows them: the header is row 1.
    row_numbers = np.arange(len(frame)) + 2
    values = {}
    for column in lists:
        numeric = pd.to_numeric(frame[column], errors="coerce")
        bad = ~numeric.isin([0, 1]).to_numpy()
        for row in row_numbers[bad][:5]:
            raw = frame[column].iloc[row - 2]
            problems.append(f"row {row}, column {column!r}: {raw!r} is not 0 or 1")
        if bad.sum() > 5:
            problems.append(f"column {column!r}: {int(bad.sum()) - 5} more values not 0 or 1")
        values[column] = numeric.where(~bad, 0).astype(np.int64)
    if count is None:
        counts = pd.Series(np.ones(len(frame), dtype=np.int64), index=frame.index)
    else:
        numeric = pd.to_numeric(frame[count], errors="coerce")
        array = numeric.to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isfinite(array) | (array < 0) | (array != np.round(array))
        for row in row_numbers[bad][:5]:
            raw = frame[count].iloc[row - 2]
            problems.append(
                f"row {row}, column {count!r}: {raw!r} is not a whole number of people (0 or more)"
            )
        if bad.sum() > 5:
            problems.append(f"column {count!r}: {int(bad.sum()) - 5} more bad counts")
        counts = pd.Series(np.where(bad, 0, array).astype(np.int64), index=frame.index)
    table = pd.DataFrame(values)
    on_no_list = (table.sum(axis=1) == 0).to_numpy()
    for row in row_numbers[on_no_list][:5]:
        problems.append(
            f"row {row}: on no list; people nobody documented cannot be counted "
            "(that cell is what the estimate is for), remove the row"
        )
    if not problems:
        totals = table.mul(counts, axis=0).sum()
        for column in lists:
            if totals[column] == 0:
                problems.append(f"list {column!r} documents nobody; drop the column")
        if counts.sum() == 0:
            problems.append("every count is 0: nobody is documented")
    if problems:
        raise BadHistories(where + "; ".join(problems))
    table[COUNT] = counts
    return _collapse(table, tuple(lists), label)


def _collapse(table: pd.DataFrame, lists: tuple[str, ...], label: str | None) -> CaptureHistories:
    """Sum rows with the same pattern, drop zero counts, sort by pattern index."""
    grouped = table.groupby(list(lists), sort=False, as_index=False)[COUNT].sum()
    grouped = grouped[grouped[COUNT] > 0]
    patterns = grouped[list(lists)].to_numpy(dtype=np.uint8)
    counts = grouped[COUNT].to_numpy(dtype=np.int64)
    order = np.argsort(patterns.astype(np.int64) @ (1 << np.arange(len(lists))), kind="stable")
    return CaptureHistories(lists, patterns[order], counts[order], label)


def read_histories_frame(path: str | Path) -> pd.DataFrame:
    """Read a capture-histories CSV as it is (validation is :func:`histories_from_frame`)."""
    path = Path(path)
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except FileNotFoundError as err:
        raise BadHistories(f"{path}: no such file") from err
    except (pd.errors.ParserError, UnicodeDecodeError) as err:
        raise BadHistories(f"{path}: not a readable CSV ({err})") from err
    except pd.errors.EmptyDataError as err:
        raise BadHistories(f"{path}: the file is empty") from err


def read_histories(path: str | Path, *, lists: Sequence[str] | None = None) -> CaptureHistories:
    """Read and validate a capture-histories CSV (lists as 0/1 columns plus ``count``).

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "h.csv")
    >>> _ = open(path, "w").write("a,b,c,count\\n1,0,0,5\\n0,1,1,2\\n")
    >>> read_histories(path).observed
    7
    """
    frame = read_histories_frame(path)
    return histories_from_frame(frame, lists=lists, label=str(path))


def split_strata(
    frame: pd.DataFrame,
    strata: str | Sequence[str],
    *,
    lists: Sequence[str] | None = None,
    count: str | None = COUNT,
    label: str | None = None,
) -> dict[str, CaptureHistories]:
    """One validated table per stratum, keyed by the stratum value(s) joined with ``/``.

    A list that documents nobody in a stratum (an organisation that does not work in
    that department) is left out of that stratum's table: it did not sample it, so
    it says nothing about who was missed there. The stratum's ``lists`` show which
    lists it kept.
    """
    strata = [strata] if isinstance(strata, str) else list(strata)
    missing = [s for s in strata if s not in frame.columns]
    if missing:
        raise BadHistories(f"{label + ': ' if label else ''}no stratum column {missing}")
    if lists is None:
        lists = [c for c in frame.columns if c != count and c not in strata]
    result = {}
    for key, part in frame.groupby(strata, sort=True, dropna=False):
        keys = key if isinstance(key, tuple) else (key,)
        name = "/".join("(missing)" if pd.isna(k) else str(k) for k in keys)
        where = f"{label}, stratum {name}" if label else f"stratum {name}"
        result[name] = histories_from_frame(
            part, lists=_lists_present(part, lists, count), count=count, label=where
        )
    if not result:
        raise EmptyStratum(f"{label + ': ' if label else ''}the table is empty")
    return result


def _lists_present(frame: pd.DataFrame, lists: Sequence[str], count: str | None) -> list[str]:
    """The lists with at least one person in ``frame`` (bad cells are left to validation)."""
    weights = (
        pd.to_numeric(frame[count], errors="coerce").fillna(1)
        if count
        else pd.Series(1, frame.index)
    )
    present = []
    for name in lists:
        values = pd.to_numeric(frame[name], errors="coerce")
        if (
            not (values.isin([0, 1]) | values.isna()).all()
            or (values.fillna(0) * weights).sum() > 0
        ):
            present.append(name)
    return present or list(lists)


def histories_from_people(
    people: pd.DataFrame,
    *,
    sources_column: str = "sources",
    lists: Sequence[str] | None = None,
    strata: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """The capture-histories table of a people table (one row per person).

    Parameters
    ----------
    people
        One row per person; ``sources_column`` holds the sources that documented the
        person, joined with ``;`` (the linkage people table's ``sources``).
    lists
        The lists, in order; by default every source seen, sorted.
    strata
        People-table columns to keep as strata (department, month...).

    Returns
    -------
    pandas.DataFrame
        One 0/1 column per list, the strata columns and ``count``, one row per pattern
        and stratum; ready for :func:`histories_from_frame` or :func:`split_strata`.

    Examples
    --------
    >>> people = pd.DataFrame({"sources": ["a;b", "a", "b", "a;c", "a"]})
    >>> histories_from_people(people).to_dict("list")
    {'a': [1, 1, 1, 0], 'b': [1, 0, 0, 1], 'c': [0, 1, 0, 0], 'count': [1, 1, 2, 1]}
    """
    if sources_column not in people.columns:
        raise BadHistories(f"the people table has no {sources_column!r} column")
    documented = people[sources_column].fillna("").astype(str).str.split(MULTI_SEPARATOR)
    documented = documented.map(lambda names: {n.strip() for n in names if n.strip()})
    if lists is None:
        lists = sorted(set().union(*documented)) if len(documented) else []
    lists = list(lists)
    table = pd.DataFrame(
        {name: documented.map(lambda s, name=name: int(name in s)) for name in lists},
        index=people.index,
    )
    strata = [] if strata is None else ([strata] if isinstance(strata, str) else list(strata))
    for column in strata:
        table[column] = people[column]
    table = table[table[lists].any(axis=1)] if lists else table.iloc[0:0]
    keys = strata + lists
    grouped = table.groupby(keys, sort=False, dropna=False).size().rename(COUNT).reset_index()
    grouped = grouped.sort_values(
        strata + lists, ascending=[True] * len(strata) + [False] * len(lists), kind="stable"
    )
    return grouped[lists + strata + [COUNT]].reset_index(drop=True)
