"""The people-facts table: one row per person, from the person's linked records.

Indicators count people, never records, so every figure starts here. Each person's
records may disagree (one list writes the arrest on the 3rd, another on the 5th; one
says a lawyer was present, another that none was). One rule per kind of field decides,
so a published number can be traced back to the records:

- **yes/no and code fields** (sex, authority, warrant shown, in flagrante, counsel
  access, hearing type, detention centre, place and cause of death, signs of
  violence, districts and department) take the value written most often among the
  records that know it; missing values do not vote. A tie (one record says yes,
  another no) is a conflict and gives None: the person's answer is unknown. Conflicts
  are counted nowhere else. ``unknown`` written as a code (authority, hearing type,
  centre, place or cause of death) is a missing value, not an answer.
- **dates** take the earliest known date. Dates may be known only to the month; they
  are compared as :class:`~habeas.domain.dates.PartialDate` does, so ``2022-04``
  sorts before ``2022-04-01`` and after ``2022-03-31`` (a month-precision date sorts
  by its first day, and before a day-precision date of that same day).
- **multi-valued fields** (grounds, groups) take the union of every record's codes.
  For groups, ``none`` is dropped: a person some record says belongs to no targeted
  group has ``groups == ""``; a person no record speaks about has None.
- **died in custody** is ``yes`` if ANY record says so (as in :mod:`habeas.estimate`:
  a list that did not document the death did not deny it), ``no`` if some record says
  no and none says yes, else None.
- **age** at arrest comes from the (earliest) birth date and arrest date; when these
  are missing, or known only to the month and the age could be either of two numbers,
  the ``age`` column decides (majority, ties unknown).
- **department** is that of residence (``residence_department``, else the first two
  digits of ``residence_district``), else that of the arrest district.

Names, DUI, narrative and reporter are deliberately not carried: indicators do not
need them, and the table may be shared more widely than the records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd

from habeas.domain import gazetteer
from habeas.domain.dates import DateParseError, PartialDate
from habeas.domain.errors import HabeasError
from habeas.domain.schema import MULTI_SEPARATOR, PERSON_ID

__all__ = ["AGE_GROUPS", "PEOPLE_COLUMNS", "BadRecords", "NotLinked", "age_group", "people_facts"]

#: Columns of the people-facts table, in order.
PEOPLE_COLUMNS: tuple[str, ...] = (
    PERSON_ID,
    "n_records",
    "sources",
    "sex",
    "age",
    "age_group",
    "department",
    "residence_district",
    "arrest_district",
    "arrest_date",
    "arrest_month",
    "authority",
    "grounds",
    "groups",
    "warrant_shown",
    "in_flagrante",
    "counsel_access",
    "hearing_type",
    "whereabouts_known_date",
    "first_hearing_date",
    "provisional_detention_date",
    "released_date",
    "detention_centre",
    "died_in_custody",
    "death_date",
    "death_place",
    "death_cause",
    "signs_of_violence",
)

#: Age groups at arrest: (code, lowest age, highest age or None).
AGE_GROUPS: tuple[tuple[str, int, int | None], ...] = (
    ("under_18", 0, 17),
    ("18_29", 18, 29),
    ("30_44", 30, 44),
    ("45_59", 45, 59),
    ("60_plus", 60, None),
)

# Fields resolved by majority, and the written values that mean "unknown" for each.
_MAJORITY: dict[str, frozenset[str]] = {
    "sex": frozenset(),
    "residence_department": frozenset(),
    "residence_district": frozenset(),
    "arrest_district": frozenset(),
    "authority": frozenset({"unknown"}),
    "warrant_shown": frozenset(),
    "in_flagrante": frozenset(),
    "counsel_access": frozenset(),
    "hearing_type": frozenset({"unknown"}),
    "detention_centre": frozenset({"unknown"}),
    "death_place": frozenset({"unknown"}),
    "death_cause": frozenset({"unknown"}),
    "signs_of_violence": frozenset(),
    "age": frozenset(),
}
_DATES = (
    "birth_date",
    "arrest_date",
    "whereabouts_known_date",
    "first_hearing_date",
    "provisional_detention_date",
    "released_date",
    "death_date",
)
_UNIONS = ("grounds", "groups")


class NotLinked(HabeasError, ValueError):
    """Records without a person id: indicators count people, so link first."""


class BadRecords(HabeasError, ValueError):
    """A record value that is not canonical (a date not in ISO form); names the column."""


def people_facts(records: pd.DataFrame) -> pd.DataFrame:
    """One row per person with the facts the indicators need, by the module's rules.

    Parameters
    ----------
    records
        The canonical records table (columns of :mod:`habeas.domain.schema`, any
        subset: a missing column is unknown for everyone) with ``person_id`` on every
        row.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`PEOPLE_COLUMNS`, object dtype, None where unknown,
        sorted by ``person_id``.

    Raises
    ------
    NotLinked
        When a record has no ``person_id`` (run ``habeas link`` first).
    BadRecords
        When a date is not canonical ISO (``yyyy-mm-dd`` or ``yyyy-mm``).

    Examples
    --------
    >>> records = pd.DataFrame({
    ...     "person_id": ["P1", "P1", "P2"], "source": ["pddh", "prensa", "pddh"],
    ...     "arrest_date": ["2022-04-05", "2022-04", None],
    ...     "counsel_access": ["yes", "no", "no"],
    ...     "died_in_custody": ["no", "yes", None]})
    >>> people = people_facts(records)
    >>> people[["person_id", "arrest_date", "counsel_access", "died_in_custody"]]
      person_id arrest_date counsel_access died_in_custody
    0        P1     2022-04           None             yes
    1        P2        None             no            None
    """
    _check_linked(records)
    pid = records[PERSON_ID].astype(str).to_numpy(dtype=object)
    ids = pd.Index(sorted(set(pid)), name=PERSON_ID)
    out = pd.DataFrame(index=ids)
    out["n_records"] = pd.Series(pid).value_counts().reindex(ids).astype(int)
    if "source" in records.columns:
        out["sources"] = _union(pid, _text(records, "source"), ids, split=False)
    else:
        out["sources"] = None

    resolved = {c: _majority(pid, _text(records, c, unknown=u), ids) for c, u in _MAJORITY.items()}
    dates = {c: _earliest(pid, _dates(records, c), ids) for c in _DATES}
    for column in (
        "sex",
        "residence_district",
        "arrest_district",
        "authority",
        "warrant_shown",
        "in_flagrante",
        "counsel_access",
        "hearing_type",
        "detention_centre",
        "death_place",
        "death_cause",
        "signs_of_violence",
    ):
        out[column] = resolved[column]
    for column in _DATES[1:]:
        out[column] = dates[column]
    out["arrest_month"] = dates["arrest_date"].str[:7]
    out["grounds"] = _union(pid, _text(records, "grounds"), ids)
    out["groups"] = _union(pid, _text(records, "groups"), ids, drop=frozenset({"none"}))
    out["department"] = _department(resolved)
    out["age"] = _age(dates["birth_date"], dates["arrest_date"], resolved["age"])
    out["age_group"] = out["age"].map(age_group)
    out["died_in_custody"] = _any_yes(pid, _text(records, "died_in_custody"), ids)

    out = out.reset_index()[list(PEOPLE_COLUMNS)]
    return _as_objects(out)


def age_group(age: object) -> str | None:
    """The code of the age group of ``age`` (``"under_18"``...), None when unknown.

    Examples
    --------
    >>> age_group(17), age_group(18), age_group(60), age_group(None)
    ('under_18', '18_29', '60_plus', None)
    """
    if age is None or (isinstance(age, float) and np.isnan(age)):
        return None
    value = int(age)  # type: ignore[call-overload]
    for code, low, high in AGE_GROUPS:
        if value >= low and (high is None or value <= high):
            return code
    return None


def _check_linked(records: pd.DataFrame) -> None:
    if PERSON_ID not in records.columns:
        raise NotLinked(
            f"the records have no {PERSON_ID!r} column; indicators count people, "
            "so run `habeas link` first"
        )
    missing = int(records[PERSON_ID].isna().sum())
    if missing:
        raise NotLinked(
            f"{missing:,} records have no person yet; indicators count people, "
            "so run `habeas link` first"
        )


def _text(records: pd.DataFrame, column: str, unknown: Iterable[str] = ()) -> pd.Series:
    """The column as stripped text, None where missing, blank or meaning unknown."""
    skip = set(unknown)

    def clean(v: object) -> str | None:
        if isinstance(v, float) and v.is_integer():  # ages read from CSV as 31.0
            v = int(v)
        s = str(v).strip()
        return s if s and s not in skip else None

    return _each_distinct(records, column, clean)


def _each_distinct(
    records: pd.DataFrame, column: str, clean: Callable[[object], str | None]
) -> pd.Series:
    """``clean`` applied once per distinct value of the column (missing values: None)."""
    if column not in records.columns:
        return pd.Series([None] * len(records), dtype=object)
    codes, distinct = pd.factorize(records[column].to_numpy(dtype=object))
    cleaned = [None if _missing(v) else clean(v) for v in distinct]
    # Code -1 (missing) picks the None appended last.
    return pd.Series(np.array([*cleaned, None], dtype=object)[codes], dtype=object)


@lru_cache(maxsize=1 << 16)
def _canonical_date(value: str) -> str:
    return PartialDate.from_iso(value).iso()


def _dates(records: pd.DataFrame, column: str) -> pd.Series:
    """The column as canonical ISO partial dates (so string order is date order)."""

    def clean(v: object) -> str | None:
        if isinstance(v, PartialDate):
            return v.iso()
        if isinstance(v, date):
            return PartialDate.from_date(v).iso()
        text = str(v).strip()
        if not text:
            return None
        try:
            return _canonical_date(text)
        except DateParseError as exc:
            raise BadRecords(f"column {column!r}: {exc}") from None

    return _each_distinct(records, column, clean)


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and np.isnan(value)


def _majority(pid: np.ndarray, values: pd.Series, ids: pd.Index) -> pd.Series:
    """Per person, the value most records give; None when none does or on a tie."""
    frame = pd.DataFrame({"p": pid, "v": values.to_numpy(dtype=object)}).dropna()
    if frame.empty:
        return pd.Series(None, index=ids, dtype=object)
    counts = frame.groupby(["p", "v"], sort=False).size().reset_index(name="n")
    top = counts[counts["n"] == counts.groupby("p")["n"].transform("max")]
    single = top[top.groupby("p")["v"].transform("size") == 1]
    return single.set_index("p")["v"].reindex(ids).astype(object)


def _earliest(pid: np.ndarray, values: pd.Series, ids: pd.Index) -> pd.Series:
    # Canonical ISO strings order exactly as PartialDate does: "2022-04" < "2022-04-01".
    frame = pd.DataFrame({"p": pid, "v": values.to_numpy(dtype=object)}).dropna()
    if frame.empty:
        return pd.Series(None, index=ids, dtype=object)
    return frame.groupby("p")["v"].min().reindex(ids).astype(object)


def _union(
    pid: np.ndarray,
    values: pd.Series,
    ids: pd.Index,
    *,
    split: bool = True,
    drop: frozenset[str] = frozenset(),
) -> pd.Series:
    """Per person, the sorted ';'-joined union of codes; "" when all said were dropped."""
    frame = pd.DataFrame({"p": pid, "v": values.to_numpy(dtype=object)}).dropna()
    if frame.empty:
        return pd.Series(None, index=ids, dtype=object)
    if split:
        frame["v"] = frame["v"].str.split(MULTI_SEPARATOR)
        frame = frame.explode("v")
        frame["v"] = frame["v"].str.strip()
    known = pd.Index(frame["p"].unique())
    frame = frame[(frame["v"] != "") & ~frame["v"].isin(drop)]
    frame = frame.drop_duplicates().sort_values(["p", "v"])
    # Summing "code;" strings per person is much faster than a Python join per group.
    joined = (frame["v"].astype(object) + MULTI_SEPARATOR).groupby(frame["p"]).sum()
    joined = joined.str[:-1]
    out = joined.reindex(known).fillna("").reindex(ids)
    return out.astype(object)


def _any_yes(pid: np.ndarray, values: pd.Series, ids: pd.Index) -> pd.Series:
    frame = pd.DataFrame({"p": pid, "v": values.to_numpy(dtype=object)}).dropna()
    frame["yes"] = frame["v"] == "yes"
    frame["no"] = frame["v"] == "no"
    said = frame.groupby("p")
    yes, no = said["yes"].any(), said["no"].any()
    out = pd.Series(None, index=ids, dtype=object)
    out[no.reindex(ids, fill_value=False).astype(bool)] = "no"
    out[yes.reindex(ids, fill_value=False).astype(bool)] = "yes"
    return out


def _department(resolved: dict[str, pd.Series]) -> pd.Series:
    codes = {d.code for d in gazetteer.departments()}

    def valid(series: pd.Series) -> pd.Series:
        s = series.map(lambda c: str(c)[:2].zfill(2) if c is not None else None)
        return s.where(s.isin(codes), None)

    residence = resolved["residence_department"].map(
        lambda c: str(c).zfill(2) if c is not None else None
    )
    residence = residence.where(residence.isin(codes), None)
    out = residence.copy()
    for fallback in (valid(resolved["residence_district"]), valid(resolved["arrest_district"])):
        out = out.where(out.notna(), fallback)
    return out.astype(object)


def _age(birth: pd.Series, arrest: pd.Series, stated: pd.Series) -> pd.Series:
    """Age at arrest in whole years; the stated age where the dates cannot tell."""
    both = birth.notna() & arrest.notna()
    computed = pd.Series(None, index=birth.index, dtype=object)
    if both.any():
        b, a = birth[both].astype(str), arrest[both].astype(str)
        by, bm = b.str[:4].astype(int), b.str[5:7].astype(int)
        ay, am = a.str[:4].astype(int), a.str[5:7].astype(int)
        bd = pd.to_numeric(b.str[8:10].where(b.str.len() == 10), errors="coerce")
        ad = pd.to_numeric(a.str[8:10].where(a.str.len() == 10), errors="coerce")
        same_month = bm == am
        before = (am < bm) | (same_month & (ad < bd))
        age = (ay - by - before.astype(int)).astype(object)
        # Month precision in the birth or arrest month leaves the birthday undecided.
        undecided = same_month & (bd.isna() | ad.isna())
        age[undecided | (age.astype(int) < 0)] = None
        computed[both] = age
    fallback = [_int_or_none(v) for v in stated.tolist()]
    ages = [
        int(c) if c is not None and c == c else f
        for c, f in zip(computed.tolist(), fallback, strict=True)
    ]
    return pd.Series(ages, index=birth.index, dtype=object)


def _int_or_none(value: object) -> int | None:
    if value is None:
        return None
    try:
        number = float(str(value))
    except ValueError:
        return None
    return int(number) if number >= 0 and number.is_integer() else None


def _as_objects(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.astype(object)
    return frame.where(frame.notna(), None)
