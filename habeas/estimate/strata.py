"""Estimation per stratum, and totals whose intervals stay honest.

Per-stratum estimates are combined by summing posterior draws (one independent draw
per stratum for each draw of the total), as HRDAG does, so the total's interval
carries every stratum's uncertainty; adding interval ends would overstate it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import numpy as np

from habeas.estimate.diagnostics import ModelWarning, emit
from habeas.estimate.histories import CaptureHistories, EmptyStratum
from habeas.estimate.results import LEVEL, EstimateResult


def combine_strata(
    results: Mapping[str, EstimateResult], *, seed: int | None = 0
) -> EstimateResult:
    """The total over strata, from each stratum's result.

    With posterior draws (lcmcr, dga) the total's draws are sums of one randomly
    paired draw per stratum; log-linear results have no draws, so their total adds
    the estimates and combines each side of the intervals in quadrature, with a
    warning that this is an approximation.
    """
    if not results:
        raise EmptyStratum("no strata to combine")
    parts = [r if r.stratum is not None else _named(r, name) for name, r in results.items()]
    first = parts[0]
    observed = sum(r.observed for r in parts)
    warnings = [f"stratum {r.stratum}: {w}" for r in parts for w in r.warnings]
    parameters: dict[str, Any] = {**first.parameters, "combined_strata": len(parts)}
    if all(r.draws is not None for r in parts):
        rng = np.random.default_rng(seed)
        pooled = [r.pooled_draws() for r in parts]
        size = min(len(d) for d in pooled)
        total = np.zeros(size)
        for draws in pooled:
            total += rng.permutation(draws)[:size]
        alpha = (1 - LEVEL) / 2
        estimate = float(np.median(total))
        lower, upper = (float(q) for q in np.quantile(total, [alpha, 1 - alpha]))
        draws = total.reshape(1, -1)
        parameters["combine_seed"] = seed
    else:
        estimate = float(sum(r.estimate for r in parts))
        lower = estimate - float(np.sqrt(sum((r.estimate - r.lower) ** 2 for r in parts)))
        upper = estimate + float(np.sqrt(sum((r.upper - r.estimate) ** 2 for r in parts)))
        lower = max(lower, float(observed))
        draws = None
        warnings += emit(
            [
                "the total's interval combines the strata's intervals in quadrature "
                "(log-linear models give no posterior draws to add); treat it as approximate"
            ],
            ModelWarning,
        )
    return EstimateResult(
        method=first.method,
        observed=observed,
        estimate=estimate,
        lower=lower,
        upper=upper,
        parameters=parameters,
        lists=first.lists,
        warnings=tuple(dict.fromkeys(warnings)),
        draws=draws,
        diagnostics={},
        stratum=None,
        strata=tuple(parts),
    )


def _named(result: EstimateResult, name: str) -> EstimateResult:
    return replace(result, stratum=name)


def estimate_strata(
    tables: Mapping[str, CaptureHistories], estimator: Any, *, seed: int | None = 0
) -> EstimateResult:
    """Fit ``estimator`` (an object with ``.fit(histories)``) to every stratum, then sum."""
    results = {name: _named(estimator.fit(table), name) for name, table in tables.items()}
    return combine_strata(results, seed=seed)
