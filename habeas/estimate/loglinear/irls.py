"""Poisson log-linear fits, many at once, the way R's ``glm`` makes them.

Rcapture fits each model with R's ``glm(family = poisson)``; to agree with it on every
model (including those whose fit never settles because a combination of lists holds
nobody) this is R's IRLS: start from ``mu = y + 0.1``, weighted least squares by QR,
``mu`` floored at machine epsilon, stop when the deviance changes by less than 1e-8
relative to ``|deviance| + 0.1`` or after 25 iterations. Models with the same number
of columns are fitted together as one stack of small matrices, which is what makes
fitting the 6,893 hierarchical models of a 5-list table take a fraction of a second
(statsmodels takes a few milliseconds per model; the chosen model is refitted with it
as a check, see :mod:`habeas.estimate.loglinear.model`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import gammaln

#: R's ``glm.control()`` defaults.
EPSILON = 1e-8
MAXIT = 25
#: R's Poisson ``linkinv`` floors fitted values at machine epsilon.
MU_FLOOR = float(np.finfo(float).eps)
#: A column whose part not explained by the columns before it is below this share of
#: its norm is aliased (R's ``glm`` reports it as NA).
ALIAS_TOL = 1e-9
#: Models fitted together per stack (bounds the memory of the stacked designs).
CHUNK = 2048


@dataclass(frozen=True)
class Fit:
    """One Poisson log-linear fit on the cells ``y``.

    ``coef`` has the intercept first, then one value per design column (NaN for an
    aliased column); ``columns`` are the design columns actually used.
    """

    coef: np.ndarray
    fitted: np.ndarray
    deviance: float
    rank: int
    converged: bool
    iterations: int
    columns: tuple[int, ...]

    @property
    def intercept(self) -> float:
        return float(self.coef[0])


def deviance(y: np.ndarray, mu: np.ndarray) -> np.ndarray:
    """Poisson deviance over the last axis (R's ``poisson()$dev.resids`` summed)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(y > 0, y * np.log(np.where(y > 0, y, 1.0) / mu), 0.0)
    # A perfect fit can come out at -1e-13; a deviance is never negative.
    return np.maximum(2.0 * np.sum(ratio - (y - mu), axis=-1), 0.0)


def loglik(y: np.ndarray, mu: np.ndarray) -> float:
    """Poisson log-likelihood with the ``log y!`` terms (what R's ``glm`` AIC uses)."""
    return float(np.sum(y * np.log(mu) - mu - gammaln(y + 1.0)))


def information_criteria(y: np.ndarray, mu: np.ndarray, rank: int) -> tuple[float, float]:
    """Rcapture's AIC and BIC: ``-2 loglik + 2 rank`` and ``-2 loglik + log(n) rank``.

    ``n`` is the number of people observed (``sum(y)``), not the number of cells; the
    rank counts the intercept. This is ``glm``'s AIC and Rcapture's
    ``aic + (log(n) - 2) * rank``.
    """
    ll = loglik(y, mu)
    n = float(np.sum(y))
    return -2.0 * ll + 2.0 * rank, -2.0 * ll + np.log(n) * rank


def aliased_columns(design: np.ndarray) -> np.ndarray:
    """Boolean mask of the columns of ``[1, design]`` (intercept first) that are aliased.

    A column is aliased when it lies in the span of the columns before it, as R's
    ``glm`` decides (its pivoting moves such columns to the end and reports NA).
    """
    full = np.column_stack([np.ones(len(design)), design])
    r = np.linalg.qr(full, mode="r")
    # With more columns than cells, the columns past the last cell are aliased.
    diag = np.zeros(full.shape[1])
    diag[: min(r.shape)] = np.abs(np.diag(r))
    scale = np.linalg.norm(full, axis=0)
    return diag < ALIAS_TOL * np.maximum(scale, 1.0)


def fit_stack(designs: np.ndarray, y: np.ndarray, *, qr: bool = True) -> tuple[np.ndarray, ...]:
    """:func:`_fit_stack` without numpy's warnings: models that run off to an empty cell
    overflow or divide by zero on the way, and are flagged as not converged instead."""
    with np.errstate(all="ignore"):
        return _fit_stack(designs, y, qr=qr)


def _fit_stack(designs: np.ndarray, y: np.ndarray, *, qr: bool = True) -> tuple[np.ndarray, ...]:
    """R's IRLS on a stack of designs ``(B, C, p)`` (no intercept column) and cells ``y``.

    Returns ``coef (B, p + 1)``, ``fitted (B, C)``, ``deviance (B,)``, ``converged (B,)``
    and ``iterations (B,)``. Each model stops on its own convergence, as ``glm`` would.
    ``qr=False`` solves the normal equations instead of R's QR: twice as fast, the same
    to 1e-11 on every fit that converges to a maximum, slightly different (by up to
    about 1%) only on fits that run off to an empty cell, which have no estimate anyway.
    """
    n_models, n_cells, _ = designs.shape
    x = np.concatenate([np.ones((n_models, n_cells, 1)), designs], axis=2)
    mu = np.broadcast_to(y + 0.1, (n_models, n_cells)).copy()
    eta = np.log(mu)
    dev_old = deviance(y, mu)
    coef = np.zeros((n_models, x.shape[2]))
    converged = np.zeros(n_models, dtype=bool)
    iterations = np.zeros(n_models, dtype=np.int64)
    active = np.arange(n_models)
    for it in range(1, MAXIT + 1):
        every = active.size == n_models
        xa, m = (x, mu) if every else (x[active], mu[active])
        z = (eta if every else eta[active]) + (y - m) / m
        if qr:
            w = np.sqrt(m)
            q, r = np.linalg.qr(xa * w[:, :, None])
            beta = _solve_stack(r, np.matmul(q.transpose(0, 2, 1), (z * w)[:, :, None])[:, :, 0])
        else:
            xw = (xa * m[:, :, None]).transpose(0, 2, 1)
            beta = _solve_stack(np.matmul(xw, xa), np.matmul(xw, z[:, :, None])[:, :, 0])
        new_eta = np.matmul(xa, beta[:, :, None])[:, :, 0]
        with np.errstate(over="ignore"):
            new_mu = np.maximum(np.exp(new_eta), MU_FLOOR)
        dev = deviance(y, new_mu)
        coef[active], eta[active], mu[active] = beta, new_eta, new_mu
        iterations[active] = it
        done = np.abs(dev - dev_old[active]) / (np.abs(dev) + 0.1) < EPSILON
        dev_old[active] = dev
        converged[active[done]] = True
        active = active[~done]
        if active.size == 0:
            break
    return coef, mu, dev_old, converged, iterations


def _solve_stack(r: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Solve ``r x = b`` for a stack; a singular system (a fit running off to a zero
    cell) falls back to least squares for that model alone instead of failing all."""
    try:
        return np.linalg.solve(r, b[:, :, None])[:, :, 0]
    except np.linalg.LinAlgError:
        return np.stack(
            [np.linalg.lstsq(ri, bi, rcond=None)[0] for ri, bi in zip(r, b, strict=True)]
        )


def _inverse_stack(a: np.ndarray) -> np.ndarray:
    """Inverses of a stack, with the pseudo-inverse for any singular member."""
    try:
        return np.linalg.inv(a)
    except np.linalg.LinAlgError:
        return np.stack([np.linalg.pinv(ai) for ai in a])


def fit_one(design: np.ndarray, y: np.ndarray) -> Fit:
    """One model, with aliased columns dropped first (their coefficients are NaN)."""
    alias = aliased_columns(design)
    keep = tuple(int(j) for j in np.flatnonzero(~alias[1:]))
    coef, mu, dev, conv, its = fit_stack(design[None][:, :, list(keep)], y)
    full = np.full(design.shape[1] + 1, np.nan)
    full[0] = coef[0, 0]
    full[[j + 1 for j in keep]] = coef[0, 1:]
    return Fit(full, mu[0], float(dev[0]), len(keep) + 1, bool(conv[0]), int(its[0]), keep)


def fit_chao(design: np.ndarray, y: np.ndarray, n_fixed: int) -> tuple[Fit, list[int]]:
    """Fit, then drop negative Chao ``eta`` columns one at a time and refit (Rcapture's
    ``neg = TRUE``): the first negative eta (in column order) goes, until none is left.

    Returns the fit (coefficients of dropped columns are 0, the value they are set to)
    and the indices of the dropped columns.
    """
    columns = list(range(design.shape[1]))
    while True:
        fit = fit_one(design[:, columns], y)
        eta = fit.coef[1 + n_fixed :]
        negative = [i for i, e in enumerate(eta) if np.isfinite(e) and e < 0]
        if not negative:
            break
        columns.pop(n_fixed + negative[0])
    dropped = [j for j in range(design.shape[1]) if j not in columns]
    coef = np.zeros(design.shape[1] + 1)
    coef[0] = fit.coef[0]
    coef[[j + 1 for j in columns]] = fit.coef[1:]
    used = tuple(columns[j] for j in fit.columns)
    return Fit(coef, fit.fitted, fit.deviance, fit.rank, fit.converged, fit.iterations, used), (
        dropped
    )


def covariance(design: np.ndarray, fit: Fit) -> np.ndarray:
    """Inverse Fisher information of ``[intercept, used columns]`` at the fitted values."""
    x = np.column_stack([np.ones(len(design)), design[:, list(fit.columns)]])
    return _inverse_stack((x.T @ (x * fit.fitted[:, None]))[None])[0]


def asymptotic_bias(design: np.ndarray, fit: Fit) -> float:
    """Rcapture's first-order bias of ``n + exp(intercept)`` (its 'large bias' check)."""
    x = np.column_stack([np.ones(len(design)), design[:, list(fit.columns)]])
    v = covariance(design, fit)
    xi = -0.5 * np.einsum("ij,jk,ik->i", x, v, x)
    psi = -2.0 * x.T @ (fit.fitted * xi)
    psi[0] -= 1.0
    return float(0.5 * np.exp(fit.intercept) * (-(v @ psi))[0])


def fit_models(bank: np.ndarray, models: list[list[int]], y: np.ndarray) -> list[dict]:
    """Fit many models given as lists of column indices into ``bank`` (no aliasing).

    Returns, per model: ``intercept``, ``var_intercept``, ``deviance``, ``rank``,
    ``aic``, ``bic``, ``converged``. Models are grouped by size and fitted in stacks.
    """
    out: list[dict] = [{} for _ in models]
    by_size: dict[int, list[int]] = {}
    for i, cols in enumerate(models):
        by_size.setdefault(len(cols), []).append(i)
    log_n = np.log(float(np.sum(y)))
    const = float(np.sum(gammaln(y + 1.0)))
    for size, members in by_size.items():
        for start in range(0, len(members), CHUNK):
            chunk = members[start : start + CHUNK]
            index = np.array([models[i] for i in chunk], dtype=np.int64).reshape(len(chunk), size)
            designs = np.transpose(bank[:, index], (1, 0, 2))
            coef, mu, dev, conv, _ = fit_stack(designs, y, qr=False)
            ll = np.sum(y * np.log(mu) - mu, axis=1) - const
            x = np.concatenate([np.ones((len(chunk), len(y), 1)), designs], axis=2)
            info = np.matmul((x * mu[:, :, None]).transpose(0, 2, 1), x)
            var0 = _inverse_stack(info)[:, 0, 0]
            rank = size + 1
            for k, i in enumerate(chunk):
                out[i] = {
                    "intercept": float(coef[k, 0]),
                    "var_intercept": float(var0[k]),
                    "deviance": float(dev[k]),
                    "rank": rank,
                    "aic": float(-2.0 * ll[k] + 2.0 * rank),
                    "bic": float(-2.0 * ll[k] + log_n * rank),
                    "converged": bool(conv[k]),
                }
    return out
