"""What each record says before anyone writes it down: the truth as known on the day
of the report.

A record is made on its ``reported_date``: a hearing, a release or a death after that
day is not in it, and the place of detention is the one where the person was held that
day (unknown if the family did not yet know it). Duplicates are second reports of the
same person, made later, often by another relative.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from habeas.simulate.sources import Source
from habeas.simulate.spec import ScenarioSpec

__all__ = ["RECORD_FIELDS", "draw_records"]

NAT = np.datetime64("NaT", "D")

#: Canonical fields a record can carry (writers choose which their list has).
RECORD_FIELDS = (
    "given_names", "surname_1", "surname_2", "married_surname", "alias", "sex",
    "birth_date", "age", "dui", "residence_district", "residence_department",
    "occupation", "groups", "arrest_date", "arrest_district", "authority", "grounds",
    "warrant_shown", "in_flagrante", "detention_centre", "whereabouts_known_date",
    "first_hearing_date", "hearing_type", "counsel_access", "provisional_detention_date",
    "released_date", "died_in_custody", "death_date", "death_place", "death_cause",
    "signs_of_violence", "death_cause_official",
)  # fmt: skip

_STATIC = (
    "given_names", "surname_1", "surname_2", "married_surname", "alias", "sex",
    "birth_date", "age", "dui", "residence_district", "residence_department",
    "occupation", "groups", "arrest_date", "arrest_district", "authority", "grounds",
    "warrant_shown", "in_flagrante",
)  # fmt: skip
_SELF_REPORTING = ("ngo", "legal_aid", "ombudsman")


def _lognormal_days(rng: np.random.Generator, median: float, sigma: float, n: int) -> np.ndarray:
    return np.round(rng.lognormal(np.log(max(median, 1.0)), sigma, n)).astype("timedelta64[D]")


def _dates(df: pd.DataFrame, col: str, rows: np.ndarray) -> np.ndarray:
    return df[col].to_numpy("datetime64[D]")[rows]


def draw_records(
    spec: ScenarioSpec,
    rng: np.random.Generator,
    people: pd.DataFrame,
    captured: np.ndarray,
    src: Source,
) -> pd.DataFrame:
    """The records one source holds, in the order it received them.

    Parameters
    ----------
    spec, rng
        The scenario and this source's record stream.
    people
        The true people (population and custody columns).
    captured
        Boolean mask over ``people``: documented by this source.
    src
        The source.

    Returns
    -------
    pandas.DataFrame
        ``row`` (position in ``people``), ``duplicate``, ``reported_date``,
        ``reporter_relationship`` and the :data:`RECORD_FIELDS` as known on that day.
    """
    end = np.datetime64(spec.end_date)
    first = np.flatnonzero(captured)
    n_dup = round(spec.duplicate_rate * len(first))
    dup_of = np.sort(rng.choice(len(first), size=n_dup, replace=False))
    n1 = len(first)

    arrest = _dates(people, "arrest_date", first)
    death = _dates(people, "death_date", first)
    release = _dates(people, "released_date", first)
    reported = arrest + _lognormal_days(rng, src.report_delay_days, 0.9, n1)
    died = ~np.isnat(death)
    after_death = died & (rng.random(n1) < src.death_known)
    post = death + _lognormal_days(rng, src.report_delay_days / 3, 0.8, n1)
    span = np.maximum((death - arrest).astype(float), 0)
    pre = arrest + np.floor(rng.random(n1) * span).astype("timedelta64[D]")
    reported = np.where(died, np.where(after_death, post, pre), reported)
    self_report = (
        (src.kind in _SELF_REPORTING) & ~np.isnat(release) & (rng.random(n1) < 0.4) & ~died
    )
    after_release = release + _lognormal_days(rng, 10, 0.8, n1)
    reported = np.where(self_report, after_release, reported)
    # Second reports come later, about six weeks on the median.
    dup_reported = reported[dup_of] + _lognormal_days(rng, 45, 0.8, n_dup)

    rows = np.concatenate([first, first[dup_of]])
    duplicate = np.concatenate([np.zeros(n1, dtype=bool), np.ones(n_dup, dtype=bool)])
    reported = np.concatenate([reported, dup_reported])
    reported = np.minimum(np.maximum(reported, _dates(people, "arrest_date", rows)), end)

    codes = np.array([r[0] for r in src.reporters], dtype=object)
    p = np.array([r[1] for r in src.reporters])
    reporter = codes[rng.choice(len(codes), size=len(rows), p=p / p.sum())]
    released_by_then = _dates(people, "released_date", rows) <= reported
    is_self = np.concatenate([self_report, self_report[dup_of]])
    reporter = np.where(is_self & (rng.random(len(rows)) < 0.6), "self", reporter)
    reporter = np.where((reporter == "self") & ~released_by_then, "mother", reporter)

    out = pd.DataFrame({"row": rows, "duplicate": duplicate, "reported_date": reported})
    out["reporter_relationship"] = reporter
    for col in _STATIC:
        out[col] = people[col].to_numpy()[rows]
    out = _known_on_report(out, people, rows, reported)
    # The list's order: by the day of the report, ties in random order.
    tie = rng.random(len(out))
    out = out.iloc[np.lexsort((tie, out["reported_date"].to_numpy()))]
    return out.reset_index(drop=True)


def _known_on_report(
    out: pd.DataFrame, people: pd.DataFrame, rows: np.ndarray, reported: np.ndarray
) -> pd.DataFrame:
    def by_then(col: str) -> np.ndarray:
        d = _dates(people, col, rows)
        return ~np.isnat(d) & (d <= reported)

    def keep(col: str, mask: np.ndarray) -> np.ndarray:
        values = people[col].to_numpy()[rows]
        if values.dtype.kind == "M":
            return np.where(mask, values.astype("datetime64[D]"), NAT)
        return np.where(mask, values, None)

    known = by_then("whereabouts_known_date")
    heard = by_then("first_hearing_date")
    dead = by_then("death_date")
    provisional = by_then("provisional_detention_date")
    transferred = by_then("transfer_date")
    centre = np.where(provisional, people["first_centre"].to_numpy()[rows], "police_cells")
    centre = np.where(transferred, "cecot", centre)
    out["detention_centre"] = np.where(known, centre, None)
    out["whereabouts_known_date"] = keep("whereabouts_known_date", known)
    out["first_hearing_date"] = keep("first_hearing_date", heard)
    out["hearing_type"] = keep("hearing_type", heard)
    out["counsel_access"] = keep("counsel_access", heard)
    out["provisional_detention_date"] = keep("provisional_detention_date", provisional)
    out["released_date"] = keep("released_date", by_then("released_date"))
    out["died_in_custody"] = np.where(dead, "yes", "no")
    for col in ("death_date", "death_place", "death_cause", "signs_of_violence"):
        out[col] = keep(col, dead)
    out["death_cause_official"] = keep("death_cause_official", dead)
    # A family learns the place from the death notice even if it never knew it before.
    out.loc[dead, "detention_centre"] = people["detention_centre"].to_numpy()[rows][dead]
    return out
