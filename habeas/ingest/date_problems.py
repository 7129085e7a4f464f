"""Why a date cell could not be read, as a problem code the teams can read in Spanish.

The domain's :class:`~habeas.domain.dates.DateParseError` explains itself in English
only and carries no reason code, so ingest re-checks the cell with the same rules
(numeric dates in the declared order, month names) to find the kind of failure: an
impossible day or month, a year out of range, a missing year, a bare number.
Anything else is ``date_unreadable``.
"""

from __future__ import annotations

import calendar
import re
import unicodedata

from habeas.domain import dates
from habeas.ingest.problems import ERROR, Issue

__all__ = ["date_issue"]

_SEP = r"[/.\-]"
_NUM3 = re.compile(rf"(\d{{1,4}})\s*({_SEP})\s*(\d{{1,3}})\s*\2\s*(\d{{1,4}})")
_NUM2 = re.compile(rf"(\d{{1,4}})\s*{_SEP}\s*(\d{{1,4}})")
# "31 de febrero de 2022", "31-feb-2022", "31 febrero 2022"
_WORDS = re.compile(
    r"(\d{1,2})(\s*(?:de\s+|[\s/.\-])\s*[a-z]+\.?\s*(?:de[l]?\s+|[\s/.\-])\s*\d{4})"
)
_TIME = re.compile(r"\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?\s*m\.?)?$")
_BARE = re.compile(r"\d+(?:[.,]\d+)?")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.lower().split())


def _year(text: str) -> int | None:
    if len(text) == 4:
        return int(text)
    if len(text) == 2:  # the domain's pivot decides the century; any is in range
        return 2000
    return None


def _parts_issue(value: str, year: int, month: int, day: int | None, order: str) -> Issue | None:
    """The issue of numbers read as (year, month, day), or None when they make a date."""
    if not 1 <= month <= 12:
        return Issue(
            ERROR, "date_month_impossible", {"value": value, "month": str(month), "order": order}
        )
    if not dates.MIN_YEAR <= year <= dates.MAX_YEAR:
        return Issue(
            ERROR,
            "date_year_out_of_range",
            {
                "value": value,
                "year": str(year),
                "min_year": str(dates.MIN_YEAR),
                "max_year": str(dates.MAX_YEAR),
            },
        )
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return Issue(
            ERROR,
            "date_impossible",
            {"value": value, "day": str(day), "month": f"{month:02d}", "year": str(year)},
        )
    return None


def date_issue(cell: object, order: str = "dmy") -> Issue:
    """The issue of a date cell that :func:`habeas.domain.dates.parse_date` refused.

    Examples
    --------
    >>> date_issue("31/06/2022").code, date_issue("31/06/2022").params["day"]
    ('date_impossible', '31')
    >>> date_issue("03/27/2022").code
    'date_month_impossible'
    >>> date_issue("ayer").code
    'date_unreadable'
    """
    value = str(cell).strip() if cell is not None else ""
    unreadable = Issue(ERROR, "date_unreadable", {"value": value})
    if not isinstance(cell, str):
        if isinstance(cell, int | float) and not isinstance(cell, bool):
            return Issue(ERROR, "date_bare_number", {"value": value})
        return unreadable
    text = _TIME.sub("", _fold(cell))
    if _BARE.fullmatch(text):
        return Issue(ERROR, "date_bare_number", {"value": value})
    if m := _NUM3.fullmatch(text):
        a, _, b, c = m.groups()
        if len(a) == 4:
            parts: tuple[str, str, str] = (a, b, c)
        elif order == "ymd":
            if len(c) == 4:
                return Issue(ERROR, "date_order_conflict", {"value": value})
            parts = (a, b, c)
        else:
            parts = (c, b, a) if order == "dmy" else (c, a, b)
        year = _year(parts[0])
        if year is None or len(parts[2]) > 2:
            return unreadable
        month_issue = _parts_issue(value, 2000, int(parts[1]), None, order)
        if month_issue is not None:
            return month_issue
        if len(parts[0]) == 2:
            year = dates.parse_date(f"01/{parts[1]}/{parts[0]}", order="dmy").year  # type: ignore[union-attr]
        return _parts_issue(value, year, int(parts[1]), int(parts[2]), order) or unreadable
    if m := _NUM2.fullmatch(text):
        a, b = m.groups()
        if len(a) == 4 and len(b) <= 2:
            return _parts_issue(value, int(a), int(b), None, order) or unreadable
        if len(b) == 4 and len(a) <= 2:
            return _parts_issue(value, int(b), int(a), None, order) or unreadable
        return Issue(ERROR, "date_year_missing", {"value": value})
    if m := _WORDS.fullmatch(text):
        # Day 1 of the same month and year: if that reads, the day is what is wrong.
        try:
            first = dates.parse_date("1" + m[2])
        except dates.DateParseError:
            return unreadable
        if first is not None:
            return _parts_issue(value, first.year, first.month, int(m[1]), order) or unreadable
    return unreadable
