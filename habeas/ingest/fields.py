"""The normaliser of each canonical field, bound to one mapping and run over columns.

:func:`field_normaliser` binds a function of :mod:`habeas.ingest.normalise` to one
canonical field of one mapping (its date order, separator and value map) and caches
it per distinct cell; :func:`normalise_column` runs it once per distinct cell of a
column: lists repeat the same dates, places and labels thousands of times.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from habeas.domain.schema import COLUMNS_BY_NAME, Kind
from habeas.ingest.normalise import (
    Outcome,
    fold,
    is_blank,
    limit_for,
    normalise_age,
    normalise_centre,
    normalise_code,
    normalise_codes,
    normalise_date,
    normalise_department,
    normalise_district,
    normalise_dui,
    normalise_full_name,
    normalise_id,
    normalise_name,
    normalise_sex,
    normalise_text,
    normalise_yesno,
)
from habeas.ingest.table import cell_text

__all__ = ["MAPPABLE_KINDS", "Normaliser", "field_normaliser", "normalise_column"]


#: Canonical fields whose values may be given in a mapping's value map.
MAPPABLE_KINDS = frozenset(
    {Kind.SEX, Kind.YESNO, Kind.CODE, Kind.CODES, Kind.CENTRE, Kind.DISTRICT, Kind.DEPARTMENT}
)

Normaliser = Callable[..., Outcome]


def _base(
    field: str, date_order: str, name_order: str, separator: str, value_map: Mapping
) -> Normaliser:
    column = COLUMNS_BY_NAME[field]
    kind = column.kind
    if kind is Kind.ID:
        return normalise_id
    if kind is Kind.TEXT:
        limit = limit_for(field)
        return lambda cell: normalise_text(cell, limit=limit)
    if field == "full_name":
        return lambda cell: normalise_full_name(cell, order=name_order)
    if kind is Kind.NAME:
        return normalise_name
    if kind is Kind.DATE:
        return lambda cell: normalise_date(cell, order=date_order)  # type: ignore[arg-type]
    if kind is Kind.CODE:
        return lambda cell: normalise_code(cell, vocabulary=column.vocabulary or "")
    if kind is Kind.CODES:
        return lambda cell: normalise_codes(
            cell, vocabulary=column.vocabulary or "", separator=separator, value_map=value_map
        )
    return {
        Kind.SEX: normalise_sex,
        Kind.YESNO: normalise_yesno,
        Kind.AGE: normalise_age,
        Kind.DUI: normalise_dui,
        Kind.DISTRICT: normalise_district,
        Kind.DEPARTMENT: normalise_department,
        Kind.CENTRE: normalise_centre,
    }[kind]


def field_normaliser(
    field: str,
    *,
    date_order: str = "dmy",
    name_order: str = "given_first",
    separator: str = ";",
    value_map: Mapping[str, str | None] | None = None,
    cache: bool = True,
) -> Normaliser:
    """The normaliser of one canonical field, with its value map and a per-value cache.

    Parameters
    ----------
    field
        A canonical column name (:data:`habeas.domain.schema.RECORD_COLUMNS`).
    date_order, name_order, separator
        The file's numeric date order, order of names in ``full_name`` and
        multi-value separator.
    value_map
        ``fold(value as written) → canonical value`` (``None``: unknown), checked
        before the domain parsers.
    cache
        Remember the outcome of every distinct cell (turned off for free text).

    Returns
    -------
    Callable
        ``f(cell) -> Outcome``; district fields take ``f(cell, department_code)``.

    Examples
    --------
    >>> f = field_normaliser("warrant_shown", value_map={"con orden": "yes"})
    >>> f("Con orden").value, f("No").value
    ('yes', 'no')
    """
    value_map = dict(value_map or {})
    base = _base(field, date_order, name_order, separator, value_map)
    kind = COLUMNS_BY_NAME[field].kind
    mapped_whole = kind is not Kind.ID and bool(value_map)

    def compute(cell: object, *hint: object) -> Outcome:
        if mapped_whole and not is_blank(cell):
            key = fold(cell_text(cell))
            if key in value_map:
                return Outcome(value_map[key])
        return base(cell, *hint)

    if not cache or kind is Kind.TEXT:
        return compute
    memo: dict[object, Outcome] = {}

    def cached(cell: object, *hint: object) -> Outcome:
        # type() in the key: 1 == 1.0 == True would share one entry otherwise.
        key = (cell, type(cell), *hint)
        try:
            return memo[key]
        except KeyError:
            out = memo[key] = compute(cell, *hint)
            return out
        except TypeError:  # an unhashable cell (never from the readers): no cache
            return compute(cell, *hint)

    if kind is Kind.DISTRICT:
        return lambda cell, department=None: cached(cell, department)
    return cached


def normalise_column(
    normalise: Normaliser, cells: list[object], hints: list[object] | None = None
) -> list[Outcome]:
    """``normalise`` over a whole column, called once per distinct cell (and hint).

    Parameters
    ----------
    normalise
        A function from :func:`field_normaliser` (``cache=False`` is enough: this
        does the caching).
    cells
        The column's cells.
    hints
        Per-cell second argument (the department for a district column).

    Examples
    --------
    >>> f = field_normaliser("sex", cache=False)
    >>> [o.value for o in normalise_column(f, ["M", "F", "M", ""])]
    ['M', 'F', 'M', None]
    """
    keys: list[object]
    if hints is not None:
        keys = [(c, type(c), h) for c, h in zip(cells, hints, strict=True)]
    elif all(type(c) is str for c in cells):
        keys = cells
    else:  # 1 == 1.0 == True: keep cell types apart
        keys = [(c, type(c)) for c in cells]
    memo: dict[object, Outcome] = {}
    try:
        distinct = dict.fromkeys(keys)
    except TypeError:  # an unhashable cell (never from the readers)
        return [
            normalise(c) if hints is None else normalise(c, h)
            for c, h in zip(cells, hints or [None] * len(cells), strict=True)
        ]
    for key in distinct:
        if hints is not None:
            memo[key] = normalise(key[0], key[2])  # type: ignore[index]
        elif keys is cells:
            memo[key] = normalise(key)
        else:
            memo[key] = normalise(key[0])  # type: ignore[index]
    return list(map(memo.__getitem__, keys))
