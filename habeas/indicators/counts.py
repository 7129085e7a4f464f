"""Documented counts of people detained and of deaths in custody, and rates per adult.

These are the people the lists documented (after linkage), not an estimate of the
total: the undocumented are estimated by :mod:`habeas.estimate`, and the two are put
side by side by the report. A death counts when ``died_in_custody`` is ``yes``.

- :func:`documented_counts` breaks the counts down by arrest month, department, sex,
  age group or targeted group. People whose value is unknown are counted under
  ``(unknown)``, always the last row. Every category of a fixed list (the 14
  departments, both sexes, the age groups, the vocabulary of groups) is shown, with
  zeros; months run from the first to the last month present, gaps filled with zeros.
  A person in two targeted groups counts in both; a person some record says belongs to
  no targeted group counts under ``none``.
- :func:`rates_by_department` divides by the department's adults (the gazetteer's
  ``adults_2024_est``, an estimate: 0.74 of the 2024 population) to give people
  detained per 100,000 adults and the share of the adult population detained (a
  fraction, not a percentage).
"""

from __future__ import annotations

import pandas as pd

from habeas.domain import gazetteer
from habeas.domain.errors import HabeasError
from habeas.domain.vocab import VOCABULARIES
from habeas.indicators._common import UNKNOWN, column
from habeas.indicators.people import AGE_GROUPS

__all__ = ["BREAKDOWNS", "UnknownBreakdown", "documented_counts", "rates_by_department"]

#: What documented counts can be broken down by.
BREAKDOWNS: tuple[str, ...] = ("month", "department", "sex", "age_group", "group")


class UnknownBreakdown(HabeasError, ValueError):
    """Counts were asked by something that is not one of :data:`BREAKDOWNS`."""


def _months(first: str, last: str) -> list[str]:
    return [str(p) for p in pd.period_range(first, last, freq="M")]


def documented_counts(people: pd.DataFrame, by: str) -> pd.DataFrame:
    """People detained and died in custody, by ``by``.

    Parameters
    ----------
    people
        The people-facts table (:func:`habeas.indicators.people.people_facts`).
    by
        ``month`` (of arrest), ``department``, ``sex``, ``age_group`` or ``group``.

    Returns
    -------
    pandas.DataFrame
        Columns ``value``, ``detained``, ``died``; ``(unknown)`` last.

    Raises
    ------
    UnknownBreakdown
        When ``by`` is not one of :data:`BREAKDOWNS`.

    Examples
    --------
    >>> people = pd.DataFrame({"arrest_month": ["2022-03", "2022-05", None],
    ...                        "died_in_custody": ["yes", None, "no"]})
    >>> documented_counts(people, "month").to_dict("list")
    {'value': ['2022-03', '2022-04', '2022-05', '(unknown)'], 'detained': [1, 0, 1, 1], 'died': [1, 0, 0, 0]}
    """  # noqa: E501
    if by not in BREAKDOWNS:
        raise UnknownBreakdown(f"cannot count by {by!r}; choose one of: {', '.join(BREAKDOWNS)}")
    died = [v == "yes" for v in column(people, "died_in_custody")]
    if by == "group":
        values: list[list[str]] = []
        for g in column(people, "groups"):
            if g is None:
                values.append([UNKNOWN])
            else:
                values.append([c for c in str(g).split(";") if c] or ["none"])
    else:
        field = {"month": "arrest_month"}.get(by, by)
        values = [[UNKNOWN if v is None else str(v)] for v in column(people, field)]
    long = pd.DataFrame({"value": values, "died": died}).explode("value")
    counted = long.groupby("value", sort=False).agg(detained=("died", "size"), died=("died", "sum"))
    order = _categories(by, [v for v in counted.index if v != UNKNOWN])
    extra = sorted(v for v in counted.index if v not in order and v != UNKNOWN)
    table = counted.reindex([*order, *extra, UNKNOWN], fill_value=0)
    return pd.DataFrame(
        {
            "value": list(table.index),
            "detained": [int(n) for n in table["detained"]],
            "died": [int(n) for n in table["died"]],
        }
    )


def _categories(by: str, present: list[str]) -> list[str]:
    if by == "month":
        return _months(min(present), max(present)) if present else []
    if by == "department":
        return [d.code for d in gazetteer.departments()]
    if by == "sex":
        return ["F", "M"]
    if by == "age_group":
        return [code for code, _, _ in AGE_GROUPS]
    return list(VOCABULARIES["groups"].codes)  # "none" is the vocabulary's last code


def rates_by_department(people: pd.DataFrame) -> pd.DataFrame:
    """People detained and deaths per 100,000 adults, by department of residence.

    Returns
    -------
    pandas.DataFrame
        14 rows, in department-code order: ``department`` (code), ``name``,
        ``adults`` (gazetteer ``adults_2024_est``), ``population`` (2024),
        ``detained``, ``per_100k_adults``, ``share_of_adults`` (a fraction), ``died``,
        ``deaths_per_100k_adults``. People whose department is unknown are not in any
        row; their number is ``frame.attrs["unknown"]``.

    Examples
    --------
    >>> people = pd.DataFrame({"department": ["06", "06", None], "died_in_custody": [None] * 3})
    >>> rates = rates_by_department(people)
    >>> len(rates), rates.attrs["unknown"], int(rates.loc[5, "detained"])
    (14, 1, 2)
    """
    counts = documented_counts(people, "department").set_index("value")
    rows = []
    for d in gazetteer.departments():
        detained = int(counts.at[d.code, "detained"])
        died = int(counts.at[d.code, "died"])
        rows.append(
            {
                "department": d.code,
                "name": d.name,
                "adults": d.adults_2024_est,
                "population": d.population_2024,
                "detained": detained,
                "per_100k_adults": detained / d.adults_2024_est * 100_000,
                "share_of_adults": detained / d.adults_2024_est,
                "died": died,
                "deaths_per_100k_adults": died / d.adults_2024_est * 100_000,
            }
        )
    frame = pd.DataFrame(rows)
    frame.attrs["unknown"] = int(counts.at[UNKNOWN, "detained"])
    return frame
