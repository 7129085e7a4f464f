"""The estimates a report shows: how many people were detained and died, documented or not.

The report's headline uses one method; the other two run on the same tables as a
sensitivity check, so a reader sees whether the figure depends on the model:

- ``dga`` (Bayesian model averaging over decomposable graphs) is the headline when
  there are at most five lists: its posterior is computed exactly, so it needs no
  convergence check and gives the same figure on every run, and it accounts for
  dependence between lists. (In bench/estimate_truth.py lcmcr covers the truth more
  often where its assumptions hold, but on the demo's large table its chains do not
  settle at a length a report can wait for.) With six lists or more dga cannot run,
  and ``lcmcr`` is the headline.
- ``lcmcr`` and ``loglinear`` (the BIC-best log-linear model) are the comparison.

Strata (department, sex, age group, half-year and month of arrest) are estimated
one by one with the headline method, never summed into the headline (the total is
estimated from the whole table). A stratum with fewer than
:data:`MIN_STRATUM` documented people is not estimated: the interval would say nothing.

Targeted groups are not estimated. A person's group is known only from the lists
that record it, so among the people known to be in a group those lists catch
everyone by definition, and capture-recapture would say that nobody is missing.

Detentions are estimated from the people table of :mod:`habeas.indicators` (the
sources that documented each person); deaths from the records, since only a list
that says the person died documented the death (:mod:`habeas.estimate.records`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from habeas.domain import gazetteer
from habeas.domain.errors import HabeasError
from habeas.estimate import (
    CaptureHistories,
    EstimateResult,
    histories_from_frame,
    histories_from_people,
    make_estimator,
    split_strata,
)
from habeas.estimate.diagnostics import EstimationWarning
from habeas.estimate.records import histories_for
from habeas.indicators import AGE_GROUPS

#: Parameters of each method as the report runs it (the analyst guide explains them).
METHOD_PARAMETERS: dict[str, dict[str, Any]] = {
    "lcmcr": {"K": 10, "burnin": 10_000, "samples": 5_000, "thinning": 10, "chains": 4},
    "dga": {},
    "loglinear": {"model": "best"},
}
#: Methods that take a random seed.
SEEDED = ("lcmcr", "dga")
#: Fewest documented people for a stratum to be estimated.
MIN_STRATUM = 50
#: Strata the report estimates, in the order it shows them.
STRATA = ("department", "sex", "age_group", "period", "month")
#: The stratum of people whose attribute no record gives.
UNKNOWN = "(unknown)"


@dataclass
class Question:
    """One question estimated (detentions or deaths): the headline and the comparison."""

    what: str
    documented: int
    headline: EstimateResult | None = None
    comparison: dict[str, EstimateResult] = field(default_factory=dict)
    #: Why a method gave no estimate (method → reason).
    failed: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "documented": self.documented,
            "headline": self.headline.to_dict() if self.headline else None,
            "comparison": {m: r.to_dict() for m, r in self.comparison.items()},
            "failed": dict(self.failed),
        }


@dataclass
class ReportEstimates:
    """Everything estimated for a report (``to_dict()`` goes into ``habeas indicators --json``)."""

    method: str
    seed: int
    detentions: Question
    deaths: Question
    #: stratum name → frame of ``value, documented, estimate, lower, upper, note``.
    by: dict[str, pd.DataFrame] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "parameters": METHOD_PARAMETERS[self.method],
            "seed": self.seed,
            "min_stratum": MIN_STRATUM,
            "detentions": self.detentions.to_dict(),
            "deaths": self.deaths.to_dict(),
            "by": {
                name: frame.astype(object).where(frame.notna(), None).to_dict("records")
                for name, frame in self.by.items()
            },
        }


#: What a method may raise on a table it cannot fit; the report says so and goes on.
#: (A log-linear fit on a handful of people can fail numerically, not only by rule.)
ESTIMATION_FAILURES = (HabeasError, np.linalg.LinAlgError)


def _reason(err: Exception) -> str:
    if isinstance(err, np.linalg.LinAlgError):
        return f"the model could not be fitted to so few people ({err})"
    return str(err)


def headline_method(n_lists: int) -> str:
    """The headline method for a table of ``n_lists`` lists (see the module docstring)."""
    return "dga" if n_lists <= 5 else "lcmcr"


def _estimator(method: str, seed: int) -> Any:
    parameters = dict(METHOD_PARAMETERS[method])
    if method in SEEDED:
        parameters["seed"] = seed
    return make_estimator(method, **parameters)


def _question(
    what: str, frame: pd.DataFrame | None, reason: str, *, method: str | None, seed: int
) -> Question:
    if frame is None:
        return Question(what, 0, failed={"all": reason})
    histories = histories_from_frame(frame, label=what)
    question = Question(what, histories.observed)
    chosen = method or headline_method(len(histories.lists))
    for name in dict.fromkeys([chosen, *METHOD_PARAMETERS]):
        try:
            result = _estimator(name, seed).fit(histories)
        except ESTIMATION_FAILURES as err:  # too few lists, too many for dga...
            question.failed[name] = _reason(err)
            continue
        question.comparison[name] = result
        if name == chosen:
            question.headline = result
    return question


def estimate_for_report(
    records: pd.DataFrame,
    people: pd.DataFrame,
    *,
    method: str | None = None,
    seed: int = 2022,
    strata: tuple[str, ...] = STRATA,
) -> ReportEstimates:
    """Estimate detentions and deaths (headline and comparison) and detentions by stratum.

    Parameters
    ----------
    records
        The linked records table (``person_id`` and ``source`` on every row).
    people
        :func:`habeas.indicators.people_facts` of the same records.
    method
        The headline method; by default :func:`headline_method` of the number of lists.
    seed
        Seed of the samplers (the same seed gives the same figures).
    """
    with warnings.catch_warnings():
        # Warnings are kept in each result and printed by the report, not on stderr.
        warnings.simplefilter("ignore", EstimationWarning)
        lists = sorted(records["source"].astype(str).unique())
        detentions_frame = histories_from_people(people, lists=lists)
        detentions = _question("detentions", detentions_frame, "", method=method, seed=seed)
        try:
            deaths_frame, reason = histories_for(records, "deaths"), ""
        except HabeasError as err:  # nobody died, or no list says so
            deaths_frame, reason = None, str(err)
        deaths = _question("deaths", deaths_frame, reason, method=method, seed=seed)
        chosen = method or headline_method(len(lists))
        by = {name: _by_stratum(people, name, lists, chosen, seed) for name in strata}
    return ReportEstimates(method=chosen, seed=seed, detentions=detentions, deaths=deaths, by=by)


def stratum_values(people: pd.DataFrame, name: str) -> pd.Series:
    """Each person's value of stratum ``name`` (:data:`UNKNOWN` when no record gives it)."""
    if name == "period":
        months = people["arrest_month"].astype("object")
        values = months.map(
            lambda m: f"{m[:4]}-H{1 if int(m[5:7]) <= 6 else 2}" if isinstance(m, str) else None
        )
    elif name == "month":
        values = people["arrest_month"].astype("object")
    elif name == "department":
        names = {d.code: d.name for d in gazetteer.departments()}
        values = people["department"].map(lambda c: names.get(c) if isinstance(c, str) else None)
    else:
        values = people[name].astype("object")
    return values.where(values.notna(), UNKNOWN)


def _by_stratum(
    people: pd.DataFrame, name: str, lists: list[str], method: str, seed: int
) -> pd.DataFrame:
    frame = histories_from_people(
        people.assign(_stratum=stratum_values(people, name)), lists=lists, strata="_stratum"
    )
    tables = split_strata(frame, "_stratum", label=name)
    rows = [_estimate_row(value, histories, method, seed) for value, histories in tables.items()]
    out = pd.DataFrame(rows, columns=["value", "documented", "estimate", "lower", "upper", "note"])
    # Known values in their natural order (age groups youngest first), the unknown last.
    order = {group[0]: i for i, group in enumerate(AGE_GROUPS)} if name == "age_group" else {}
    rank = out["value"].map(lambda v: (v == UNKNOWN, order.get(v, 0), v))
    return out.iloc[sorted(range(len(out)), key=lambda i: rank.iloc[i])].reset_index(drop=True)


def _estimate_row(
    value: str, histories: CaptureHistories, method: str, seed: int
) -> dict[str, Any]:
    row: dict[str, Any] = {"value": value, "documented": histories.observed}
    row.update(estimate=None, lower=None, upper=None, note="")
    if histories.observed < MIN_STRATUM:
        row["note"] = f"fewer than {MIN_STRATUM} people documented"
        return row
    try:
        result = _estimator(method, seed).fit(histories)
    except ESTIMATION_FAILURES as err:
        row["note"] = _reason(err)
    else:
        row.update(estimate=result.estimate, lower=result.lower, upper=result.upper)
    return row
