"""Fit every hierarchical model and rank them by AIC or BIC (Rcapture's ``closedpMS.t``)."""

from __future__ import annotations

import numpy as np

from habeas.estimate.loglinear.designs import ModelSpec
from habeas.estimate.loglinear.irls import (
    covariance,
    fit_chao,
    fit_models,
    fit_one,
    information_criteria,
)
from habeas.estimate.loglinear.space import ModelSpace

#: Refuse to fit more models than this in one "best" search.
MAX_MODELS = 40_000


def rank_models(
    n_lists: int,
    y: np.ndarray,
    *,
    max_order: int,
    criterion: str,
    heterogeneity: str | None = None,
    theta: float | None = None,
    limit: int = MAX_MODELS,
) -> tuple[ModelSpec, list[dict]]:
    """Every hierarchical model (main effects forced, terms up to ``max_order`` lists),
    fitted and sorted by ``criterion`` (``"aic"`` or ``"bic"``): the best model and the
    table, best first.

    Each row: ``model`` (name), ``df``, ``deviance``, ``aic``, ``bic``, ``estimate``
    (the GLM's ``n + exp(intercept)``), ``se`` and ``converged``. Ties keep the order
    of enumeration.
    """
    space = ModelSpace(n_lists, max_order)
    models = space.models(limit)
    n = float(np.sum(y))
    cells = len(y)
    if heterogeneity is None:
        fits = fit_models(space.bank, [space.columns(m) for m in models], y)
    else:
        fits = [
            _fit_heterogeneous(
                ModelSpec("hierarchical", space.model_terms(m), heterogeneity, theta), n_lists, y
            )
            for m in models
        ]
    suffix = ModelSpec("hierarchical", (), heterogeneity, theta).suffix()
    rows = []
    # A degenerate candidate (a term fitted to empty cells) can have an infinite or a
    # numerically negative variance: its se is then NaN ("undefined") in the table, on
    # purpose, rather than a warning on stderr for every model searched.
    with np.errstate(over="ignore", invalid="ignore"):
        for model, fit in zip(models, fits, strict=True):
            unseen = float(np.exp(fit["intercept"]))
            se = float(np.sqrt(unseen + unseen**2 * fit["var_intercept"]))
            rows.append(
                (
                    model,
                    {
                        "model": space.name(model) + suffix,
                        "df": cells - fit["rank"],
                        "deviance": fit["deviance"],
                        "aic": fit["aic"],
                        "bic": fit["bic"],
                        "estimate": n + unseen,
                        "se": se,
                        "converged": fit["converged"],
                    },
                )
            )
    rows.sort(key=lambda r: r[1][criterion])
    best = ModelSpec("hierarchical", space.model_terms(rows[0][0]), heterogeneity, theta)
    return best, [row for _, row in rows]


def _fit_heterogeneous(spec: ModelSpec, n_lists: int, y: np.ndarray) -> dict:
    """One hierarchical model with heterogeneity columns (may be aliased; Chao refits)."""
    design, _ = spec.design(n_lists)
    if spec.heterogeneity == "Chao":
        fit, _ = fit_chao(design, y, spec.n_fixed(n_lists))
    else:
        fit = fit_one(design, y)
    aic, bic = information_criteria(y, fit.fitted, fit.rank)
    return {
        "intercept": fit.intercept,
        "var_intercept": float(covariance(design, fit)[0, 0]),
        "deviance": fit.deviance,
        "rank": fit.rank,
        "aic": aic,
        "bic": bic,
        "converged": fit.converged,
    }
