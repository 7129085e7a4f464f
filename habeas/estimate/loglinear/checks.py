"""Plain-word warnings for log-linear fits: when not to trust the figure, and why."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import stats

from habeas.estimate.diagnostics import (
    ConvergenceWarning,
    ModelWarning,
    PriorCeilingWarning,
    emit,
)
from habeas.estimate.loglinear.designs import Term
from habeas.estimate.loglinear.irls import Fit
from habeas.estimate.loglinear.profile import ProfileInterval

#: A two-way odds ratio beyond these counts as strong dependence between two lists.
STRONG_DEPENDENCE = (0.2, 5.0)
#: Models within this much of the best criterion are "almost as good"...
CLOSE_CRITERION = 2.0
#: ...and their estimates "very different" when they differ by more than this share.
DIFFERENT_ESTIMATE = 0.10
#: Relative standard error above which the estimate is called unstable.
UNSTABLE_SE = 0.5
#: Unseen people per documented one above which the estimate is a far extrapolation.
FAR_EXTRAPOLATION = 10.0
#: An expected count below this (for an empty cell) means a parameter that ran off to
#: minus infinity: R stops such fits when the deviance stops changing, near 1e-7.
TINY_FITTED = 1e-6
#: A goodness-of-fit p-value below this says the model leaves something out.
POOR_FIT_P = 0.01


def selection_warnings(table: list[dict], criterion: str) -> list[str]:
    """When another model is nearly as good by the criterion but gives another total."""
    best = table[0]
    rivals = [
        row
        for row in table[1:]
        if row[criterion] - best[criterion] < CLOSE_CRITERION
        and abs(row["estimate"] / best["estimate"] - 1) > DIFFERENT_ESTIMATE
    ]
    if not rivals:
        return []
    others = "; ".join(f"{r['model']} gives {r['estimate']:,.0f}" for r in rivals[:3])
    return emit(
        [
            f"other models fit the table almost as well ({criterion.upper()} within "
            f"{CLOSE_CRITERION:g} of the best) but give very different totals: {others}, "
            f"against {best['estimate']:,.0f} for {best['model']}; the data do not settle "
            "how the lists depend on each other, and the interval does not include this "
            "uncertainty"
        ],
        ModelWarning,
    )


def fit_warnings(
    *,
    name: str,
    observed: float,
    estimate: float,
    se: float,
    bias: float,
    fit: Fit,
    df: int | None,
    identified: bool,
    statsmodels_estimate: float,
    coefficients: list[dict],
    terms: Sequence[Term],
    lists: Sequence[str],
) -> list[str]:
    """Warnings about the chosen model's fit (see the module constants for thresholds).

    ``df`` is None for a two-list table, whose only model is saturated by necessity
    (the caller says so in its own words).
    """
    unstable: list[str] = []
    structure: list[str] = []
    if not identified:
        structure.append(
            f"the model {name} has more parameters than the table can identify: the "
            "number nobody documented is not determined by the data and no interval is given"
        )
    elif df == 0:
        structure.append(
            f"the model {name} is saturated (as many parameters as the table has cells): "
            "its fit cannot be checked, and its estimate rests only on the assumption that "
            "there is no interaction among all the lists at once"
        )
    if not fit.converged:
        unstable.append(f"the fit of {name} did not converge in {fit.iterations} iterations")
    if np.min(fit.fitted) < TINY_FITTED:
        unstable.append(
            "some combination of lists has nobody in it and the model gives it a "
            "parameter of its own, which runs off towards minus infinity: the estimate "
            "depends on where the fitting stopped"
        )
    if (
        np.isfinite(statsmodels_estimate)
        and np.isfinite(estimate)
        and not math.isclose(statsmodels_estimate, estimate, rel_tol=1e-6)
    ):
        unstable.append(
            f"two fitting algorithms disagree on this model ({estimate:,.1f} against "
            f"{statsmodels_estimate:,.1f}): it has no stable maximum"
        )
    if not np.isfinite(estimate) or estimate - observed > FAR_EXTRAPOLATION * observed:
        unstable.append(
            f"the model puts more than {FAR_EXTRAPOLATION:g} unseen people for every one "
            "documented: the figure is an extrapolation far beyond the data"
        )
    elif se > UNSTABLE_SE * estimate:
        unstable.append(
            f"the estimate is very uncertain: its standard error ({se:,.0f}) is more than "
            f"half of it ({estimate:,.0f})"
        )
    if np.isfinite(bias) and abs(bias) > 0.1 * estimate:
        unstable.append(
            f"the estimate's approximate bias ({bias:,.0f}) is more than a tenth of it: "
            "the table is too small for a model this detailed"
        )
    if df and identified and stats.chi2.sf(fit.deviance, df) < POOR_FIT_P:
        structure.append(
            f"the model {name} fits the table poorly (deviance {fit.deviance:.1f} on {df} "
            f"degrees of freedom, p = {stats.chi2.sf(fit.deviance, df):.2g}): the lists "
            "depend on each other in ways it leaves out; try model='best' or more interactions"
        )
    structure += _dependence(coefficients, terms, lists)
    return emit(unstable, ConvergenceWarning) + emit(structure, ModelWarning)


def _dependence(coefficients: list[dict], terms: Sequence[Term], lists: Sequence[str]) -> list[str]:
    """Strong fitted two-way interactions: the dependence the model had to allow for."""
    pairs = {":".join(lists[j] for j in sorted(t)) for t in terms if len(t) == 2}
    found = []
    for row in coefficients:
        if row["term"] not in pairs or not np.isfinite(row["estimate"]):
            continue
        ratio = math.exp(row["estimate"])
        low, high = STRONG_DEPENDENCE
        if low <= ratio <= high:
            continue
        a, b = row["term"].split(":")
        more = "more" if ratio > high else "less"
        bias = "too low" if ratio > high else "too high"
        found.append(
            f"lists {a} and {b} are strongly dependent (fitted odds ratio {ratio:.2g}): "
            f"people on one are much {more} likely to be on the other; this model allows "
            f"for it, but estimates that ignore it (independence, two-list) would be {bias}"
        )
    return found


def interval_warnings(interval: ProfileInterval | None, observed: float) -> list[str]:
    """When the profile interval's search hit one of its limits."""
    if interval is None:
        return []
    found = []
    if not interval.upper_found:
        found += emit(
            [
                f"the upper end of the 95% interval is above {interval.upper_limit:,.0f} "
                "(three times the estimate, where the search stops): the data cannot rule "
                "out a much larger total, so the upper end is reported as infinite"
            ],
            PriorCeilingWarning,
        )
    if interval.lower_at_n:
        found += emit(
            [
                f"the lower end of the 95% interval is the number documented "
                f"({observed:,.0f}): the data cannot rule out that nobody was missed"
            ],
            ModelWarning,
        )
    return found
