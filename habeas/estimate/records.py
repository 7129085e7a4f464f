"""Capture histories from linked records: who was documented, by which lists.

Estimation counts people, never records: the input is the records table with the
``person_id`` that linkage gave each record. Two questions are asked of it:

- ``detentions``: a person is on list *s* if any record of *s* is about them;
- ``deaths``: a person who died in custody is on list *s* if a record of *s* says they
  died in custody. A list that documented the detention but not the death did not
  document the death, so it is not a capture of it.

Strata are person attributes picked by majority, as in the people table
(:mod:`habeas.linkage.people`: the value written most often among the person's
records, missing values not voting; ties here go to the alphabetically first value,
since ``estimate`` may not import ``linkage``): ``department`` (of residence, else of
arrest), ``sex``, and ``period`` (the half-year of the earliest arrest date, ``2022-H1``).
People with no known value form the stratum ``(unknown)``.
"""

from __future__ import annotations

import pandas as pd

from habeas.domain import gazetteer
from habeas.domain.schema import MULTI_SEPARATOR, PERSON_ID
from habeas.estimate.histories import BadHistories, histories_from_people

#: What can be estimated from linked records.
WHAT = ("detentions", "deaths")
#: The person attributes that can stratify an estimate.
BY = ("department", "period", "sex")
#: The stratum of people whose attribute no record gives.
UNKNOWN = "(unknown)"


class NotLinked(BadHistories):
    """Records without a person id: estimation counts people, so link first."""


def people_for_estimation(records: pd.DataFrame) -> pd.DataFrame:
    """One row per person: ``sources``, ``death_sources``, ``department``, ``period``, ``sex``.

    ``records`` is the records table with ``person_id``; every record must have one.
    """
    if PERSON_ID not in records.columns or records[PERSON_ID].isna().any():
        unlinked = (
            len(records) if PERSON_ID not in records else int(records[PERSON_ID].isna().sum())
        )
        raise NotLinked(
            f"{unlinked:,} records have no person yet; estimation counts people, "
            "so run `habeas link` first"
        )
    if records.empty:
        raise BadHistories("there are no records: nobody is documented")
    frame = pd.DataFrame(
        {
            PERSON_ID: records[PERSON_ID].astype(str),
            "source": records["source"].astype(str),
            "died": _column(records, "died_in_custody").eq("yes"),
            "department": _departments(records),
            "sex": _column(records, "sex"),
            "arrest_date": pd.to_datetime(_column(records, "arrest_date"), errors="coerce"),
        }
    )
    grouped = frame.groupby(PERSON_ID, sort=True)
    people = pd.DataFrame(
        {
            "sources": grouped["source"].agg(_joined),
            "death_sources": frame[frame["died"]].groupby(PERSON_ID)["source"].agg(_joined),
            "department": grouped["department"].agg(_majority),
            "sex": grouped["sex"].agg(_majority),
            "period": grouped["arrest_date"].min().map(_half_year),
        }
    )
    people["death_sources"] = people["death_sources"].fillna("")
    return people.reset_index()


def histories_for(
    records: pd.DataFrame, what: str = "detentions", by: str | None = None
) -> pd.DataFrame:
    """The capture-histories table of ``what`` (``detentions`` or ``deaths``), by ``by``.

    Lists are every source in ``records`` (sorted), so the deaths table keeps a list
    column even where that list documented no death (the estimator then refuses it
    with a message naming the list; drop it with ``CaptureHistories.select_lists``).
    """
    if what not in WHAT:
        raise BadHistories(f"cannot estimate {what!r}; choose one of: {', '.join(WHAT)}")
    if by is not None and by not in BY:
        raise BadHistories(f"cannot stratify by {by!r}; choose one of: {', '.join(BY)}")
    people = people_for_estimation(records)
    column = "sources" if what == "detentions" else "death_sources"
    people = people[people[column] != ""]
    if people.empty:
        raise BadHistories(f"no {what} are documented in these records")
    lists = sorted(records["source"].astype(str).unique())
    if what == "deaths":
        # A list that documented no death at all cannot inform the deaths estimate.
        seen = set(MULTI_SEPARATOR.join(people[column]).split(MULTI_SEPARATOR))
        lists = [name for name in lists if name in seen]
    return histories_from_people(people, sources_column=column, lists=lists, strata=by)


def _column(records: pd.DataFrame, name: str) -> pd.Series:
    if name not in records.columns:
        return pd.Series(pd.NA, index=records.index, dtype="object")
    return records[name].astype("object").where(records[name].notna(), None)


def _departments(records: pd.DataFrame) -> pd.Series:
    """Department name of residence, else of the arrest district."""
    codes = _column(records, "residence_department")
    arrest = _column(records, "arrest_district").map(
        lambda c: c[:2] if isinstance(c, str) else None
    )
    codes = codes.where(codes.notna(), arrest)
    names = {d.code: d.name for d in gazetteer.departments()}
    return codes.map(lambda c: names.get(str(c).zfill(2)) if c is not None else None)


def _majority(values: pd.Series) -> str:
    counts = values.dropna().value_counts()
    if counts.empty:
        return UNKNOWN
    # Ties go to the alphabetically first value so the choice does not depend on order.
    top = counts[counts == counts.iloc[0]].index
    return str(sorted(top)[0])


def _joined(values: pd.Series) -> str:
    return MULTI_SEPARATOR.join(sorted(set(values)))


def _half_year(date: pd.Timestamp) -> str:
    if pd.isna(date):
        return UNKNOWN
    return f"{date.year}-H{1 if date.month <= 6 else 2}"
