"""The multinomial profile-likelihood interval of N, as Rcapture's ``closedpCI.t``.

For a candidate total N the unobserved cell ``n0 = N - n`` is appended to the table
with a row of zeros in the design (every design column is 0 for people on no list) and
the Poisson model is refitted; the multinomial log-likelihood of N is
``(deviance - 2 ct) / -2`` where ``ct`` is Cormack's (1992) Stirling-formula
correction between the Poisson and multinomial likelihoods. Its maximum over N (sought
on ``[n, 1.5 N_glm]``) is the point estimate; the 95% interval's ends are where it
falls ``chi2_1(0.95) / 2`` below the maximum, the upper end sought up to ``3 N_glm``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, stats
from scipy.special import gammaln, xlogy

from habeas.estimate.loglinear.irls import fit_chao, fit_one

#: Rcapture's ``fmaxSupCL``: the upper end is sought up to this multiple of N_glm.
UPPER_FACTOR = 3.0
#: The maximum is sought on [n, SEARCH_FACTOR * N_glm] (Rcapture 1.4).
SEARCH_FACTOR = 1.5


@dataclass(frozen=True)
class ProfileInterval:
    """The profile maximum and interval; ``upper`` is ``inf`` when not found."""

    estimate: float
    lower: float
    upper: float
    lower_at_n: bool
    upper_found: bool
    upper_limit: float
    loglik_max: float
    curve: list[tuple[float, float]] = field(default_factory=list)


def stirling_correction(n0: float, total: float) -> float:
    """Cormack's correction ``log(n0**n0 N! / (N**N n0!))``, by Stirling above N = 100.

    Kept exactly as Rcapture computes it (including its special case for ``n0`` of
    0 or 1) so that the likelihood, and therefore the interval, is the same function.
    """
    if total > 100:
        if n0 in (0.0, 1.0):
            return -total + 0.5 * math.log(2 * math.pi * total)
        return n0 - total - 0.5 * math.log(n0 / total)
    return float(xlogy(n0, n0) + gammaln(total + 1) - xlogy(total, total) - gammaln(n0 + 1))


def profile_loglik(
    design: np.ndarray, y: np.ndarray, n_fixed: int | None
) -> Callable[[float], float]:
    """``N -> multinomial profile log-likelihood`` for the model ``design`` on ``y``.

    ``n_fixed`` set means a Chao model: negative etas are dropped at every N, as
    Rcapture does.
    """
    n = float(np.sum(y))
    augmented = np.vstack([design, np.zeros(design.shape[1])])

    def loglik(total: float) -> float:
        n0 = float(total - n)
        cells = np.append(y, n0)
        if n_fixed is None:
            fit = fit_one(augmented, cells)
        else:
            fit, _ = fit_chao(augmented, cells, n_fixed)
        return (fit.deviance - 2.0 * stirling_correction(n0, float(np.sum(cells)))) / -2.0

    return loglik


def profile_interval(
    design: np.ndarray,
    y: np.ndarray,
    glm_estimate: float,
    *,
    n_fixed: int | None = None,
    level: float = 0.95,
    upper_factor: float = UPPER_FACTOR,
) -> ProfileInterval:
    """Profile maximum and ``level`` interval of N (see the module docstring)."""
    n = float(np.sum(y))
    loglik = profile_loglik(design, y, n_fixed)
    seen: dict[float, float] = {}

    def f(total: float) -> float:
        value = loglik(total)
        seen[float(total)] = value
        return value

    # Brent's method with R's tolerance (optimize(tol = 1e-4) is the same algorithm).
    best = optimize.minimize_scalar(
        lambda t: -f(t),
        bounds=(n, SEARCH_FACTOR * glm_estimate),
        method="bounded",
        options={"xatol": 1e-4},
    )
    n_max, l_max = float(best.x), float(-best.fun)
    cut = l_max - stats.chi2.ppf(level, 1) / 2.0

    def g(total: float) -> float:
        return f(total) - cut

    lower, lower_at_n = n, True
    if n_max > n and g(n) < 0:
        lower, lower_at_n = optimize.brentq(g, n, n_max, xtol=1e-6), False
    upper_limit = upper_factor * glm_estimate
    upper, found = math.inf, False
    end = g(upper_limit)
    if np.isfinite(end) and end < 0:
        upper, found = optimize.brentq(g, n_max, upper_limit, xtol=1e-6), True
    curve = sorted(seen.items())
    return ProfileInterval(
        n_max, float(lower), float(upper), lower_at_n, found, upper_limit, l_max, curve
    )
