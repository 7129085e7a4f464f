"""Multiple systems estimation: how many people no list documented.

Three methods over one capture-histories table (:mod:`habeas.estimate.histories`):

- ``lcmcr``: Manrique-Vallier's Bayesian latent-class model (R package LCMCR);
- ``dga``: Madigan-York Bayesian model averaging over decomposable graphical models
  (R package dga);
- ``loglinear``: hierarchical log-linear models (R package Rcapture).

Each estimator is a small class holding its parameters (``LCMCR(K=10, seed=1)``) whose
``.fit(histories)`` returns an :class:`~habeas.estimate.results.EstimateResult`. The
heavy modules (numba, statsmodels) are imported only when a method is used, so
``import habeas.estimate`` stays cheap in a notebook with no database.

Examples
--------
>>> from habeas.estimate import histories_from_frame
>>> import pandas as pd
>>> h = histories_from_frame(pd.DataFrame({"a": [1, 0, 1], "b": [0, 1, 1], "c": [1, 1, 0],
...                                        "count": [30, 20, 10]}))
>>> h.observed
60
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from habeas.domain.errors import HabeasError
from habeas.estimate.histories import (
    BadHistories,
    CaptureHistories,
    EmptyStratum,
    TooFewLists,
    histories_from_frame,
    histories_from_people,
    read_histories,
    split_strata,
)
from habeas.estimate.results import EstimateResult
from habeas.estimate.strata import combine_strata, estimate_strata

#: Method name -> "module:class" of its estimator.
METHODS: dict[str, str] = {
    "lcmcr": "habeas.estimate.lcmcr:LCMCR",
    "dga": "habeas.estimate.dga:DGA",
    "loglinear": "habeas.estimate.loglinear:LogLinear",
}


class UnknownMethod(HabeasError, ValueError):
    """An estimation method habeas does not have."""


def make_estimator(method: str, **parameters: Any) -> Any:
    """The estimator object for ``method`` with ``parameters`` (its constructor's)."""
    if method not in METHODS:
        raise UnknownMethod(f"unknown method {method!r}; choose one of: {', '.join(METHODS)}")
    module, name = METHODS[method].split(":")
    return getattr(import_module(module), name)(**parameters)


def estimate(
    histories: CaptureHistories, method: str = "lcmcr", **parameters: Any
) -> EstimateResult:
    """Fit ``method`` to ``histories`` and return its result."""
    return make_estimator(method, **parameters).fit(histories)


__all__ = [
    "METHODS",
    "BadHistories",
    "CaptureHistories",
    "EmptyStratum",
    "EstimateResult",
    "TooFewLists",
    "UnknownMethod",
    "combine_strata",
    "estimate",
    "estimate_strata",
    "histories_from_frame",
    "histories_from_people",
    "make_estimator",
    "read_histories",
    "split_strata",
]
