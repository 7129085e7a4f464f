"""The people table: one row per person found by linkage.

Canonical fields are picked from the person's records by one rule, written here so
that a published figure can be traced back:

- each field takes the value written most often among the person's records (missing
  values do not vote);
- ties go to the value of the most complete record (the most non-missing canonical
  columns), then to the record with the smallest ``unique_id``;
- the DUI is kept only if it is valid (check digit right) and the person's records
  hold exactly one distinct valid DUI; two valid DUIs in one person is a doubt, and
  a doubtful identity number is worse than none;
- ``n_records`` counts the records and ``sources`` lists the sources that documented
  the person (sorted, ``;``-joined).
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from habeas.domain.schema import MULTI_SEPARATOR, PERSON_ID, RECORD_COLUMNS

#: Record columns carried to the people table by the majority rule.
CANONICAL_FIELDS: tuple[str, ...] = (
    "given_names",
    "surname_1",
    "surname_2",
    "married_surname",
    "alias",
    "sex",
    "birth_date",
    "age",
    "residence_district",
    "residence_department",
    "arrest_date",
    "arrest_district",
    "detention_centre",
    "died_in_custody",
    "death_date",
)


def person_id_for(smallest_unique_id: str) -> str:
    """A stable person id: ``"P-"`` and 12 hex digits of the SHA-1 of the smallest
    ``unique_id`` of the cluster (unchanged while that record stays in it).

    Examples
    --------
    >>> person_id_for("pddh|PD-0001")
    'P-73a94391b4eb'
    """
    return "P-" + hashlib.sha1(smallest_unique_id.encode("utf-8")).hexdigest()[:12]


def people_table(
    records: pd.DataFrame, unique_ids: pd.Series, person_ids: pd.Series, valid_dui: pd.Series
) -> pd.DataFrame:
    """One row per person, with canonical fields chosen by the module's rule.

    Parameters
    ----------
    records
        The input records (canonical columns, any subset), in order.
    unique_ids, person_ids, valid_dui
        Aligned with ``records`` by position: the record's ``unique_id``, its person,
        and its DUI if valid (else missing).

    Returns
    -------
    pandas.DataFrame
        ``person_id``, the :data:`CANONICAL_FIELDS` present in ``records``, ``dui``,
        ``n_records``, ``sources``; sorted by ``person_id``.
    """
    base = pd.DataFrame(
        {
            PERSON_ID: np.asarray(person_ids, dtype=object),
            "_uid": np.asarray(unique_ids, dtype=object),
            "_complete": _completeness(records),
        }
    )
    people = base.groupby(PERSON_ID, sort=True).size().rename("n_records").to_frame()
    if "source" in records.columns:
        src = pd.DataFrame({PERSON_ID: base[PERSON_ID], "s": records["source"].to_numpy()})
        people["sources"] = (
            src.dropna()
            .groupby(PERSON_ID)["s"]
            .agg(lambda s: MULTI_SEPARATOR.join(sorted(set(map(str, s)))))
        )
    for field in CANONICAL_FIELDS:
        if field in records.columns:
            people[field] = _majority(base, records[field].to_numpy(dtype=object))
    dui = pd.DataFrame({PERSON_ID: base[PERSON_ID], "dui": np.asarray(valid_dui, dtype=object)})
    dui = dui.dropna().drop_duplicates()
    unique = dui.groupby(PERSON_ID)["dui"].agg(lambda s: s.iloc[0] if len(s) == 1 else None)
    people["dui"] = unique
    people = people.reset_index()
    cols = [PERSON_ID, *[c for c in CANONICAL_FIELDS if c in people], "dui", "n_records"]
    if "sources" in people:
        cols.append("sources")
    out = people[cols].astype(object)
    out["n_records"] = people["n_records"].astype("int64")
    return out.where(out.notna(), None)


def _completeness(records: pd.DataFrame) -> np.ndarray:
    cols = [c for c in RECORD_COLUMNS if c in records.columns]
    return records[cols].notna().sum(axis=1).to_numpy()


def _majority(base: pd.DataFrame, values: np.ndarray) -> pd.Series:
    frame = base.assign(_v=values)
    frame = frame[frame["_v"].notna()]
    if frame.empty:
        return pd.Series(dtype=object)
    votes = frame.groupby([PERSON_ID, "_v"], sort=False).agg(
        n=("_uid", "size"), complete=("_complete", "max"), uid=("_uid", "min")
    )
    votes = votes.reset_index().sort_values(
        [PERSON_ID, "n", "complete", "uid"], ascending=[True, False, False, True]
    )
    return votes.drop_duplicates(PERSON_ID).set_index(PERSON_ID)["_v"]
