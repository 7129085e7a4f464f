"""Microdata for publication: one row per person, k-anonymous on the quasi-identifiers.

The rules, in plain words:

- **Only the columns in** :data:`MICRODATA_COLUMNS` **go out**, built here from the
  people-facts table: no person id, no names, DUI, free text, exact dates, districts
  or detention centres. ``row`` is a new number, 1 to n, given after shuffling the
  rows with ``seed``, so it says nothing about the input order or the person id.
- Each value is checked against its vocabulary; anything else becomes None (unknown).
- The **quasi-identifiers** (:data:`QUASI_IDENTIFIERS`) are the columns someone who
  knows a person could match on: sex, age group, department, arrest period, whether
  the person belongs to a targeted group, death in custody and its cause. Every
  combination of their values that appears must be shared by at least ``k`` rows
  (None counts as a value of its own).
- To get there, columns are **generalised for the whole column** (global recoding,
  so a column means one thing) along a ladder (:data:`LADDERS`):
  arrest period quarter → half-year → year → suppressed; age group → under 30 / 30
  and over → suppressed; department → zone (:data:`ZONES`) → suppressed; cause of
  death → suppressed. Sex, group membership and death in custody are not
  generalised.
- One step at a time, the step that leaves the fewest rows in classes smaller than
  ``k`` is taken (ties: the earlier column in the list above), until at most
  ``max_suppressed`` of the rows are in small classes or the ladder is exhausted.
  Then steps that turned out unnecessary are undone, and the rows still in small
  classes are removed and counted in the :class:`MicrodataReport`.
- The time to the first hearing is given in bands at the legal limits
  (:data:`HEARING_BANDS`), and only when both the arrest and the hearing are known to
  the day; otherwise it is None (unknown).
- Warrant, counsel, hearing type and the time to the first hearing are published as
  they are: they are what the data is for, and are not treated as identifying.
  k-anonymity does not stop someone who knows a person's class from learning a value
  every member of the class shares.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from habeas.domain.vocab import VOCABULARIES
from habeas.indicators.people import AGE_GROUPS
from habeas.report.public_tables import PublicExportError

__all__ = [
    "HEARING_BANDS",
    "LADDERS",
    "MICRODATA_COLUMNS",
    "QUASI_IDENTIFIERS",
    "ZONES",
    "MicrodataReport",
    "is_k_anonymous",
    "microdata",
    "smallest_class",
]

#: The columns of the microdata, in order; nothing else is ever written.
MICRODATA_COLUMNS: tuple[str, ...] = (
    "row",
    "sex",
    "age_group",
    "department",
    "arrest_period",
    "died_in_custody",
    "warrant_shown",
    "counsel_access",
    "hearing_type",
    "days_to_first_hearing_band",
    "group_any",
    "death_cause",
)

#: The columns someone who knows a person could match on.
QUASI_IDENTIFIERS: tuple[str, ...] = (
    "sex",
    "age_group",
    "department",
    "arrest_period",
    "group_any",
    "died_in_custody",
    "death_cause",
)

#: Generalisation levels per column, finest first; the order is also the tie-break.
LADDERS: dict[str, tuple[str, ...]] = {
    "arrest_period": ("quarter", "half", "year", "suppressed"),
    "age_group": ("age_group", "wide", "suppressed"),
    "death_cause": ("cause", "suppressed"),
    "department": ("department", "zone", "suppressed"),
}

#: Department code → zone.
ZONES: dict[str, str] = {
    **dict.fromkeys(("01", "02", "03"), "western"),
    **dict.fromkeys(("04", "05", "06", "07", "08", "09", "10"), "central"),
    **dict.fromkeys(("11", "12", "13", "14"), "eastern"),
}

#: Bands of days from arrest to first hearing, aligned with the legal limits: the UN
#: Human Rights Committee's 48 hours, the Constitution's 72 hours (Art. 13) and the
#: 15 days of administrative detention under the state of exception.
HEARING_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("<=2 days (48 h)", 0, 2),
    ("3 days (72 h)", 3, 3),
    ("4-15 days", 4, 15),
    (">15 days", 16, None),
)

_AGES = tuple(code for code, _, _ in AGE_GROUPS)
_WIDE_AGE = {"under_18": "under_30", "18_29": "under_30"}
_YES_NO = ("yes", "no")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^(\d{4})(?:-(\d{2}))?")
_SENTINEL = "\x00none"


@dataclass(frozen=True)
class MicrodataReport:
    """What :func:`microdata` did: the k, the rows kept and removed, the levels used.

    ``levels`` maps each column of :data:`LADDERS` to the level chosen;
    ``smallest_class`` is the size of the smallest equivalence class published
    (0 when no row is).
    """

    k: int
    rows_in: int
    rows_out: int
    rows_suppressed: int
    levels: dict[str, str] = field(default_factory=dict)
    smallest_class: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready dictionary."""
        return asdict(self)


def _class_sizes(frame: pd.DataFrame, quasi_identifiers: Sequence[str]) -> np.ndarray:
    if len(frame) == 0:
        return np.zeros(0, dtype=np.int64)
    keys = frame[list(quasi_identifiers)].astype(object)
    keys = keys.where(keys.notna(), _SENTINEL)
    ids = keys.groupby(list(quasi_identifiers), sort=False).ngroup().to_numpy()
    return np.bincount(ids)[ids]


def smallest_class(frame: pd.DataFrame, quasi_identifiers: Sequence[str]) -> int:
    """The size of the smallest group of rows sharing all their quasi-identifier values.

    Missing values (None) count as a value of their own; 0 for an empty frame.

    Examples
    --------
    >>> frame = pd.DataFrame({"sex": ["F", "F", "M", None], "zone": ["a", "a", "a", "a"]})
    >>> smallest_class(frame, ["sex", "zone"])
    1
    """
    sizes = _class_sizes(frame, quasi_identifiers)
    return int(sizes.min()) if sizes.size else 0


def is_k_anonymous(frame: pd.DataFrame, quasi_identifiers: Sequence[str], k: int) -> bool:
    """Whether every combination of quasi-identifier values present has >= ``k`` rows.

    Examples
    --------
    >>> frame = pd.DataFrame({"sex": ["F", "F", "M", "M"]})
    >>> is_k_anonymous(frame, ["sex"], 2), is_k_anonymous(frame, ["sex"], 3)
    (True, False)
    """
    return len(frame) == 0 or smallest_class(frame, quasi_identifiers) >= k


# --- from people facts to base values -----------------------------------------------


def _text(value: object) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _allowed(frame: pd.DataFrame, column: str, allowed: Sequence[str]) -> pd.Series:
    if column not in frame:
        return pd.Series([None] * len(frame), dtype=object)
    return frame[column].map(lambda v: t if (t := _text(v)) in allowed else None).astype(object)


def _year_month(value: object) -> tuple[int, int | None] | None:
    text = _text(value)
    m = _MONTH.match(text) if text else None
    if m is None:
        return None
    month = int(m.group(2)) if m.group(2) else None
    if month is not None and not 1 <= month <= 12:
        return None
    return int(m.group(1)), month


def _hearing_band(arrest: object, hearing: object) -> str | None:
    a, h = _text(arrest), _text(hearing)
    # Only exact days on both ends give a number of days.
    if a is None or h is None or not _DAY.match(a) or not _DAY.match(h):
        return None
    try:
        days = (date.fromisoformat(h) - date.fromisoformat(a)).days
    except ValueError:
        return None
    for label, low, high in HEARING_BANDS:
        if days >= low and (high is None or days <= high):
            return label
    return None  # a hearing before the arrest is an error in the data, not a band


def _group_any(value: object) -> str | None:
    if isinstance(value, str) and value.strip() == "":
        return "no"  # a record said: no targeted group
    text = _text(value)
    if text is None:
        return None
    return "yes" if {g.strip() for g in text.split(";")} - {"", "none"} else "no"


def _base(people: pd.DataFrame) -> pd.DataFrame:
    """The finest values of every published column, one row per person."""
    p = people.reset_index(drop=True)
    col = {c: p[c].astype(object) for c in p.columns}
    empty = pd.Series([None] * len(p), dtype=object)
    arrest = col.get("arrest_date", empty)
    if "arrest_month" in col:
        arrest = arrest.where(arrest.map(_text).notna(), col["arrest_month"])
    died = _allowed(p, "died_in_custody", _YES_NO)
    causes = [c for c in VOCABULARIES["death_cause"].codes if c != "unknown"]
    cause = _allowed(p, "death_cause", causes).where(died == "yes", None)
    hearing = col.get("first_hearing_date", empty)
    return pd.DataFrame(
        {
            "sex": _allowed(p, "sex", ("F", "M")),
            "age_group": _allowed(p, "age_group", _AGES),
            "department": _allowed(p, "department", tuple(ZONES)),
            "arrest_ym": arrest.map(_year_month).astype(object),
            "died_in_custody": died,
            "warrant_shown": _allowed(p, "warrant_shown", _YES_NO),
            "counsel_access": _allowed(p, "counsel_access", _YES_NO),
            "hearing_type": _allowed(p, "hearing_type", ("individual", "mass")),
            "days_to_first_hearing_band": pd.Series(
                [_hearing_band(a, h) for a, h in zip(arrest, hearing, strict=True)],
                dtype=object,
            ),
            "group_any": col.get("groups", empty).map(_group_any).astype(object),
            "death_cause": cause.astype(object),
        }
    )


def _period(ym: tuple[int, int | None] | None, level: str) -> str | None:
    if ym is None or level == "suppressed":
        return None
    year, month = ym
    # A date known only to the year stays a year at every level.
    if month is None or level == "year":
        return f"{year}"
    if level == "half":
        return f"{year}-H{1 if month <= 6 else 2}"
    return f"{year}-Q{(month - 1) // 3 + 1}"


def _apply(base: pd.DataFrame, levels: dict[str, int]) -> pd.DataFrame:
    """The published columns with each ladder column at its level."""
    level = {c: LADDERS[c][i] for c, i in levels.items()}
    out = base.drop(columns=["arrest_ym"])
    out["arrest_period"] = base["arrest_ym"].map(lambda ym: _period(ym, level["arrest_period"]))
    age = base["age_group"]
    out["age_group"] = {
        "age_group": age,
        "wide": age.map(lambda a: None if a is None else _WIDE_AGE.get(a, "30_plus")),
        "suppressed": pd.Series([None] * len(base), dtype=object),
    }[level["age_group"]]
    dept = base["department"]
    out["department"] = {
        "department": dept,
        "zone": dept.map(lambda d: ZONES.get(d) if d is not None else None),
        "suppressed": pd.Series([None] * len(base), dtype=object),
    }[level["department"]]
    if level["death_cause"] == "suppressed":
        out["death_cause"] = pd.Series([None] * len(base), dtype=object)
    return out.astype(object).where(out.notna(), None)


def _small(frame: pd.DataFrame, k: int) -> int:
    return int((_class_sizes(frame, QUASI_IDENTIFIERS) < k).sum())


def _choose_levels(base: pd.DataFrame, k: int, budget: int) -> dict[str, int]:
    levels = dict.fromkeys(LADDERS, 0)
    small = _small(_apply(base, levels), k)
    while small > budget:
        options = [c for c in LADDERS if levels[c] < len(LADDERS[c]) - 1]
        if not options:
            break
        tried = {c: _small(_apply(base, {**levels, c: levels[c] + 1}), k) for c in options}
        best = min(options, key=lambda c: tried[c])  # min keeps the first of equals
        levels[best] += 1
        small = tried[best]
    # Undo steps a later step made unnecessary.
    allowed = max(small, budget)
    for c in LADDERS:
        while levels[c] > 0:
            trial = {**levels, c: levels[c] - 1}
            after = _small(_apply(base, trial), k)
            if after > allowed:
                break
            levels, small = trial, after
    return levels


def microdata(
    people: pd.DataFrame, *, k: int = 5, seed: int = 0, max_suppressed: float = 0.05
) -> tuple[pd.DataFrame, MicrodataReport]:
    """One row per person, coarsened until it is k-anonymous on the quasi-identifiers.

    Parameters
    ----------
    people
        The people-facts table (:func:`habeas.indicators.people.people_facts`).
    k
        Every combination of quasi-identifier values published is shared by at least
        ``k`` rows.
    seed
        Seeds the shuffle that gives the new row numbers.
    max_suppressed
        The share of rows that may be removed instead of generalising further.

    Returns
    -------
    tuple of pandas.DataFrame and MicrodataReport
        The rows (columns :data:`MICRODATA_COLUMNS`, values str or None, ``row`` an
        int) and what was done to them.

    Examples
    --------
    >>> people = pd.DataFrame({"sex": ["F"] * 5 + ["M"], "department": "06"})
    >>> rows, report = microdata(people, k=5)
    >>> len(rows), report.rows_suppressed, report.smallest_class
    (5, 1, 5)
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise PublicExportError(f"k must be a whole number >= 1, not {k!r}")
    if not 0 <= max_suppressed <= 1:
        raise PublicExportError(f"max_suppressed must be between 0 and 1, not {max_suppressed!r}")
    base = _base(people)
    n = len(base)
    levels = _choose_levels(base, k, math.floor(max_suppressed * n))
    out = _apply(base, levels)
    kept = out[_class_sizes(out, QUASI_IDENTIFIERS) >= k] if n else out
    order = np.random.default_rng(seed).permutation(len(kept))
    kept = kept.iloc[order].reset_index(drop=True)
    kept.insert(0, "row", np.arange(1, len(kept) + 1, dtype=np.int64))
    kept = kept[list(MICRODATA_COLUMNS)]
    report = MicrodataReport(
        k=k,
        rows_in=n,
        rows_out=len(kept),
        rows_suppressed=n - len(kept),
        levels={c: LADDERS[c][i] for c, i in levels.items()},
        smallest_class=smallest_class(kept, QUASI_IDENTIFIERS),
    )
    return kept, report
