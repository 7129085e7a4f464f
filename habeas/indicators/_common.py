"""Small helpers shared by the indicator modules (private)."""

from __future__ import annotations

import calendar
from datetime import date
from functools import lru_cache

import pandas as pd

from habeas.domain.custody import duration_days
from habeas.domain.dates import PartialDate

#: The value under which people whose attribute is unknown are grouped.
UNKNOWN = "(unknown)"


@lru_cache(maxsize=1 << 16)
def partial(value: str | None) -> PartialDate | None:
    """The :class:`PartialDate` of a canonical ISO text, None for None."""
    return None if value is None else PartialDate.from_iso(value)


def column(people: pd.DataFrame, name: str) -> list[object]:
    """The values of ``name`` as a list, None where missing (a missing column: all None)."""
    if name not in people.columns:
        return [None] * len(people)
    return [None if v is None or v is pd.NA or v != v else v for v in people[name].tolist()]


def days_between(start: str | None, end: str | None) -> tuple[int, int] | None:
    """Fewest and most whole days from ``start`` to ``end`` (ISO partial dates).

    None when a date is missing or the dates are certainly in the wrong order (an
    inconsistent record is an unknown, not a zero or a negative duration).
    """
    a, b = partial(start), partial(end)
    if a is None or b is None:
        return None
    low, high = duration_days(a, b)
    return None if high < 0 else (low, high)


def add_months(d: date, months: int) -> date:
    """``d`` plus whole calendar months, the day clamped to the month's end.

    31 January plus one month is 28 (or 29) February.
    """
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(d.day, last))


def is_yes(value: object) -> bool:
    return value == "yes"
