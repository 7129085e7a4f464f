"""Diagnostics shared by the estimators, and the plain-word warnings they raise.

An estimate is a number people will quote; when the data or the sampler give reason
not to trust it, the result says so in words an analyst can pass on (``warnings`` on
the result), and Python warnings of the classes below are emitted so tests and
notebooks can catch them (statsmodels style: warn, don't raise).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from habeas.domain.errors import HabeasWarning
from habeas.estimate.histories import CaptureHistories

#: Split R-hat above this means the chains disagree.
RHAT_LIMIT = 1.01
#: Effective draws of N below this make the interval's ends unreliable.
ESS_LIMIT = 400


class EstimationWarning(HabeasWarning):
    """Base class of the estimation warnings."""


class ConvergenceWarning(EstimationWarning):
    """The sampler's chains disagree or have too few effective draws."""


class SparseCellsWarning(EstimationWarning):
    """The table has too little overlap between lists to say much about the unseen."""


class PriorCeilingWarning(EstimationWarning):
    """The estimate runs into the upper limit the prior or the search allows."""


class ModelWarning(EstimationWarning):
    """The data look like a case the model handles badly (list dependence...)."""


def emit(messages: list[str], category: type[EstimationWarning]) -> list[str]:
    """Emit each message as a Python warning of ``category`` and return them."""
    for message in messages:
        warnings.warn(message, category, stacklevel=3)
    return messages


def import_arviz() -> Any:
    """arviz, without the banner about its coming 1.0 refactor that 0.23 warns at import."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        import arviz

    return arviz


def mcmc_diagnostics(draws: np.ndarray) -> dict[str, float]:
    """Split R-hat and bulk/tail effective sample size of N (arviz), draws ``(chains, n)``."""
    az = import_arviz()

    draws = np.atleast_2d(np.asarray(draws, dtype=float))
    result: dict[str, float] = {
        "chains": int(draws.shape[0]),
        "draws_per_chain": int(draws.shape[1]),
    }
    if np.ptp(draws) == 0:
        # A constant chain (N = n, nobody unseen) has no variance to diagnose.
        result.update(rhat=1.0, ess=float(draws.size), ess_tail=float(draws.size))
        return result
    result["ess"] = float(az.ess(draws, method="bulk"))
    result["ess_tail"] = float(az.ess(draws, method="tail"))
    result["rhat"] = float(az.rhat(draws)) if draws.shape[0] > 1 else float("nan")
    return result


def convergence_warnings(diagnostics: dict[str, float]) -> list[str]:
    """Plain-word warnings from :func:`mcmc_diagnostics` figures."""
    found = []
    rhat = diagnostics.get("rhat", float("nan"))
    if np.isfinite(rhat) and rhat > RHAT_LIMIT:
        found.append(
            f"the chains disagree (R-hat {rhat:.3f} > {RHAT_LIMIT}): the sampler has not "
            "settled; run more burn-in and more samples before using this figure"
        )
    ess = diagnostics.get("ess", float("inf"))
    if ess < ESS_LIMIT:
        found.append(
            f"only {ess:.0f} effective draws of N (fewer than {ESS_LIMIT}): the interval's "
            "ends are uncertain; run more samples or more chains"
        )
    return emit(found, ConvergenceWarning)


def table_warnings(histories: CaptureHistories) -> list[str]:
    """Warnings every method shares: too little overlap, or lists that depend on each other.

    The unseen are estimated from how often people appear on several lists; when few
    people are on two or more lists, or most list combinations are empty, any model's
    answer is mostly its assumptions. A pair of lists that overlaps far more than the
    other lists explain (a referral) is flagged by
    :func:`habeas.estimate.checks.dependence_warnings`.
    """
    from habeas.estimate.checks import dependence_warnings

    found = []
    on_several = int(histories.counts[histories.patterns.sum(axis=1) >= 2].sum())
    if on_several < 20:
        found.append(
            f"only {on_several} people are on more than one list: the overlap that the "
            "estimate stands on is too small for a reliable figure"
        )
    cells = (1 << histories.n_lists) - 1
    seen_cells = len(histories.counts)
    if histories.n_lists >= 3 and seen_cells < cells / 2:
        found.append(
            f"{cells - seen_cells} of the {cells} list combinations are empty: "
            "the table is too sparse to tell the models apart"
        )
    return emit(found, SparseCellsWarning) + dependence_warnings(histories)


def pairwise_dependence(histories: CaptureHistories) -> dict[tuple[str, str], float]:
    """Odds ratio of being on list a given list b, for every pair, among the observed.

    Computed on the pair's 2x2 margin with 0.5 added to every cell; the (0, 0) cell
    only holds people seen by other lists, so values are indicative, not tests.
    """
    ratios = {}
    x = histories.patterns.astype(bool)
    f = histories.counts.astype(float)
    for a in range(histories.n_lists):
        for b in range(a + 1, histories.n_lists):
            n11 = f[x[:, a] & x[:, b]].sum() + 0.5
            n10 = f[x[:, a] & ~x[:, b]].sum() + 0.5
            n01 = f[~x[:, a] & x[:, b]].sum() + 0.5
            n00 = f[~x[:, a] & ~x[:, b]].sum() + 0.5
            ratios[(histories.lists[a], histories.lists[b])] = (n11 * n00) / (n10 * n01)
    return ratios
