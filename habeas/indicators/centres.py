"""Occupancy of detention centres over time, from each person's custody dates.

A person is counted as held in their detention centre at the end of every month from
the month of their arrest up to, but not including, the month they were released or
died (so someone arrested on 10 April and released on 20 May is held at the end of
April only; someone arrested and released in the same month is never counted). People
neither released nor dead are held until the snapshot: the last month shown is the
snapshot's month. This is a count of the documented people, next to the official
capacity where one is public (``capacity`` is None otherwise); it is not the prison
population.

Records give only the **last known** centre of a person, so transfers are not seen: a
person moved from police cells to Izalco and then to CECOT counts in CECOT for the
whole time. Police cells and other generic places appear like any centre.

Left out (their number is ``frame.attrs["left_out"]``): people with no known centre,
no arrest date or an arrest after the snapshot, and people who died in custody with no
death date and no release date (when they left is unknown).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from habeas.domain.centres import centres
from habeas.domain.errors import HabeasError
from habeas.indicators._common import column

__all__ = ["BadFrequency", "occupancy"]

_COLUMNS = ["month", "centre", "name", "held", "capacity"]


class BadFrequency(HabeasError, ValueError):
    """Occupancy was asked at a frequency other than ``month``."""


def occupancy(people: pd.DataFrame, *, snapshot: date, freq: str = "month") -> pd.DataFrame:
    """People held in each detention centre at the end of each month.

    Parameters
    ----------
    people
        The people-facts table.
    snapshot
        The day the data describes; months run up to the snapshot's month.
    freq
        Only ``"month"`` is supported.

    Returns
    -------
    pandas.DataFrame
        Columns ``month`` (``yyyy-mm``), ``centre`` (code), ``name``, ``held``,
        ``capacity`` (official, None when not public); one row per month and centre
        that held anyone in the period, months in order, centres in the order of
        :func:`habeas.domain.centres.centres`. ``attrs["left_out"]`` counts the people
        who could not be placed.

    Examples
    --------
    >>> people = pd.DataFrame({"detention_centre": ["izalco", "izalco"],
    ...                        "arrest_date": ["2022-04-10", "2022-04"],
    ...                        "released_date": ["2022-05-20", None]})
    >>> occupancy(people, snapshot=date(2022, 6, 15))[["month", "held"]].to_dict("list")
    {'month': ['2022-04', '2022-05', '2022-06'], 'held': [2, 1, 1]}
    """
    if freq != "month":
        raise BadFrequency(f"occupancy is counted by month only, not by {freq!r}")
    last = pd.Period(snapshot, freq="M")
    entries: list[tuple[str, pd.Period, pd.Period | None]] = []
    left_out = 0
    for centre, arrest, released, died, death in zip(
        column(people, "detention_centre"),
        column(people, "arrest_date"),
        column(people, "released_date"),
        column(people, "died_in_custody"),
        column(people, "death_date"),
        strict=True,
    ):
        if centre is None or arrest is None:
            left_out += 1
            continue
        start = pd.Period(str(arrest)[:7], freq="M")
        exits = [pd.Period(str(d)[:7], freq="M") for d in (released, death) if d is not None]
        if start > last or (died == "yes" and not exits):
            left_out += 1
            continue
        entries.append((str(centre), start, min(exits) if exits else None))

    frame = _count(entries, last)
    frame.attrs["left_out"] = left_out
    return frame


def _count(entries: list[tuple[str, pd.Period, pd.Period | None]], last: pd.Period) -> pd.DataFrame:
    if not entries:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in _COLUMNS})
    first = min(start for _, start, _ in entries)
    months = pd.period_range(first, last, freq="M")
    n = len(months)
    known = [c.code for c in centres()]
    present = {c for c, _, _ in entries}
    order = [c for c in known if c in present] + sorted(present - set(known))
    # A difference array per centre: +1 in the arrest month, -1 in the month of exit.
    delta = np.zeros((len(order), n + 1), dtype=int)
    row = {c: i for i, c in enumerate(order)}
    for centre, start, exit_ in entries:
        if exit_ is not None and exit_ <= start:
            continue  # left in the month of arrest (or dates in the wrong order)
        delta[row[centre], (start - first).n] += 1
        if exit_ is not None:
            delta[row[centre], min((exit_ - first).n, n)] -= 1
    held = np.cumsum(delta, axis=1)[:, :n]
    info = {c.code: c for c in centres()}
    rows = []
    for j, month in enumerate(months):
        for centre in order:
            c = info.get(centre)
            rows.append(
                {
                    "month": str(month),
                    "centre": centre,
                    "name": c.name if c else None,
                    "held": int(held[row[centre], j]),
                    "capacity": c.official_capacity if c else None,
                }
            )
    frame = pd.DataFrame(rows, columns=_COLUMNS)
    # Built apart so a missing capacity stays None instead of turning the column float.
    frame["capacity"] = pd.Series([r["capacity"] for r in rows], dtype=object)
    return frame
