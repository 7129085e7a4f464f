"""LogLinear: Rcapture's log-linear models for closed populations, as an estimator.

The model is a Poisson regression on the ``2**t - 1`` observable cells of the list
overlap table, empty cells included: ``log E[y] = mu + x'beta``. The people on no list
are ``exp(mu)``, so the GLM estimate is ``n + exp(mu)`` with standard error
``sqrt(exp(mu) + exp(2 mu) Var(mu))``; the reported estimate and 95% interval come
from the multinomial profile likelihood (:mod:`.profile`), as ``closedpCI.t`` reports.
With ``model="best"`` every hierarchical model is fitted and the one with the lowest
BIC (or AIC) is used, as ``closedpMS.t`` ranks them.
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from habeas.estimate.diagnostics import ModelWarning, emit, table_warnings
from habeas.estimate.histories import CaptureHistories, TooFewLists
from habeas.estimate.loglinear.checks import fit_warnings, interval_warnings, selection_warnings
from habeas.estimate.loglinear.designs import (
    DEFAULT_THETA,
    HETEROGENEITY,
    MAX_LISTS,
    MAX_LISTS_BRACKET,
    BadModel,
    ModelSpec,
    check_model_syntax,
    describe,
    is_named,
    parse_model,
)
from habeas.estimate.loglinear.irls import (
    Fit,
    asymptotic_bias,
    covariance,
    fit_chao,
    fit_one,
    information_criteria,
)
from habeas.estimate.loglinear.profile import profile_interval
from habeas.estimate.loglinear.selection import MAX_MODELS, rank_models
from habeas.estimate.results import EstimateResult

CRITERIA = ("bic", "aic")


@dataclass(frozen=True)
class LogLinear:
    """Hierarchical log-linear models (R package Rcapture), fitted by Poisson regression.

    Parameters
    ----------
    model
        ``"best"`` (default): fit every hierarchical model with all main effects and
        interactions of up to ``max_order`` lists and use the one with the lowest
        ``criterion``. Or a named model: ``"M0"``, ``"Mt"`` (``"independence"``),
        ``"Mh Chao"``, ``"Mh Poisson"``, ``"Mh Darroch"``, ``"Mh Gamma"``, ``"Mth Chao"``,
        ``"Mth Poisson"``, ``"Mth Darroch"``, ``"Mth Gamma"``. Or interactions in
        Rcapture's notation: ``"[123,14,34]"`` (digits are lists in column order; every
        main effect and every term under a listed one is included).
    criterion
        ``"bic"`` or ``"aic"``, as Rcapture computes them (from the Poisson
        likelihood; BIC's penalty uses the number of people observed).
    max_order
        Largest interaction in the ``"best"`` search; default ``t - 1`` (Rcapture's).
    heterogeneity
        Add Rcapture's heterogeneity columns (``"Chao"``, ``"Poisson"``, ``"Darroch"``,
        ``"Gamma"``) to a bracket model or to every model of the ``"best"`` search.
        Named models carry their own.
    theta
        The Poisson (default 2) or Gamma (default 3.5) heterogeneity parameter.

    Examples
    --------
    >>> import pandas as pd
    >>> from habeas.estimate import histories_from_frame
    >>> h = histories_from_frame(pd.DataFrame({
    ...     "a": [1, 0, 0, 1, 1, 0, 1], "b": [0, 1, 0, 1, 0, 1, 1],
    ...     "c": [0, 0, 1, 0, 1, 1, 1], "count": [60, 50, 40, 20, 15, 12, 5]}))
    >>> result = LogLinear(model="Mt").fit(h)
    >>> round(result.estimate), round(result.lower), round(result.upper)
    (356, 303, 433)
    """

    model: str = "best"
    criterion: str = "bic"
    max_order: int | None = None
    heterogeneity: str | None = None
    theta: float | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.model, str):
            raise BadModel(
                f"model must be a string such as 'best', 'Mt' or '[12,3]', not {self.model!r}"
            )
        check_model_syntax(self.model)
        if self.criterion not in CRITERIA:
            raise BadModel(f"criterion must be 'bic' or 'aic', not {self.criterion!r}")
        if self.max_order is not None and (
            isinstance(self.max_order, bool)
            or not isinstance(self.max_order, int | np.integer)
            or self.max_order < 1
        ):
            raise BadModel(
                f"max_order must be a whole number of lists, 1 or more, not {self.max_order!r}"
            )
        if self.max_order is not None and self.model != "best":
            raise BadModel("max_order only applies to model='best'")
        if self.heterogeneity is not None:
            if self.heterogeneity not in HETEROGENEITY:
                raise BadModel(
                    f"heterogeneity must be one of {', '.join(HETEROGENEITY)}, "
                    f"not {self.heterogeneity!r}"
                )
            if is_named(self.model):
                raise BadModel(
                    f"model {self.model!r} already says its heterogeneity; use e.g. "
                    "model='Mth Darroch', or heterogeneity= with a bracket model or 'best'"
                )
        if self.theta is not None:
            if isinstance(self.theta, bool) or not isinstance(self.theta, int | float):
                raise BadModel(f"theta must be a number, not {self.theta!r}")
            if not (math.isfinite(self.theta) and self.theta > 0 and self.theta != 1):
                raise BadModel(f"theta must be positive and not 1, not {self.theta!r}")

    def to_dict(self) -> dict[str, Any]:
        """The parameters, ready for JSON: ``LogLinear(**d)`` rebuilds this estimator."""
        return asdict(self)

    # -- fitting -------------------------------------------------------------------
    def fit(self, histories: CaptureHistories) -> EstimateResult:
        """Fit the model(s) to ``histories`` and return the estimate with its interval."""
        started = time.perf_counter()
        t = histories.n_lists
        histories.require_lists(2, "loglinear")
        if t > MAX_LISTS:
            raise BadModel(
                f"log-linear models fit all {2**t - 1:,} combinations of {t} lists: too many; "
                f"at most {MAX_LISTS} lists (merge lists, or use lcmcr)"
            )
        y = histories.full_table()[1:].astype(float)
        n = float(histories.observed)
        spec, table, found = self._choose(t, y)
        selection_seconds = time.perf_counter() - started

        chosen = _fit_chosen(spec, t, y, histories.lists)
        fit = chosen.fit
        interval = None
        if chosen.identified and np.isfinite(chosen.estimate):
            chao = spec.heterogeneity == "Chao"
            interval = profile_interval(
                chosen.design, y, chosen.estimate, n_fixed=spec.n_fixed(t) if chao else None
            )
        name = spec.name(t)
        found += fit_warnings(
            name=name,
            observed=n,
            estimate=chosen.estimate,
            se=chosen.se,
            bias=chosen.bias,
            fit=fit,
            df=chosen.df if t > 2 else None,
            identified=chosen.identified,
            statsmodels_estimate=chosen.statsmodels_estimate,
            coefficients=chosen.coefficients,
            terms=spec.terms,
            lists=histories.lists,
        )
        found += interval_warnings(interval, n)
        found = list(table_warnings(histories)) + found

        details: dict[str, Any] = {
            "model": name,
            "description": _description(spec, histories.lists),
            "criterion": self.criterion,
            "n_models": len(table) if table else 1,
            "models": table or [chosen.row(name)],
            "glm_estimate": chosen.estimate,
            "glm_se": chosen.se,
            "profile_estimate": interval.estimate if interval else math.nan,
            "deviance": fit.deviance,
            "df": chosen.df,
            "aic": chosen.aic,
            "bic": chosen.bic,
            "converged": fit.converged,
            "coefficients": chosen.coefficients,
            "eta_removed": [chosen.names[j] for j in chosen.dropped],
            "asymptotic_bias": chosen.bias,
            "heterogeneity": spec.heterogeneity,
            "theta": spec.theta,
            "interval": "multinomial profile likelihood (Rcapture closedpCI.t)",
            "upper_limit_searched": interval.upper_limit if interval else math.nan,
            "profile": [list(p) for p in interval.curve] if interval else [],
        }
        if table:
            details["max_order"] = self.max_order if self.max_order is not None else t - 1
        return EstimateResult(
            method="loglinear",
            observed=int(n),
            # Rcapture reports the profile maximum; without an interval, the GLM's figure.
            estimate=float(interval.estimate if interval else chosen.estimate),
            lower=float(interval.lower if interval else math.nan),
            upper=float(interval.upper if interval else math.nan),
            parameters=self.to_dict(),
            lists=histories.lists,
            warnings=tuple(dict.fromkeys(found)),
            draws=None,
            diagnostics={
                "seconds": time.perf_counter() - started,
                "seconds_selection": selection_seconds,
                "glm_iterations": fit.iterations,
                "glm_converged": fit.converged,
                "statsmodels_estimate": chosen.statsmodels_estimate,
            },
            details=details,
        )

    def _choose(self, t: int, y: np.ndarray) -> tuple[ModelSpec, list[dict], list[str]]:
        """The model to fit, the ranked table of a search (else empty), warnings so far."""
        if t == 2:
            message = (
                "with only two lists the only model that can be fitted is independence "
                "(Mt): it assumes being on one list does not change the chance of being "
                "on the other, which two lists cannot check; if the lists tend to "
                "record the same people, the estimate is too low"
            )
            return self._two_lists(), [], emit([message], ModelWarning)
        if self.model != "best":
            return self._spec(parse_model(self.model, t), t), [], []
        spec, table = self._select(t, y)
        return spec, table, selection_warnings(table, self.criterion)

    def _two_lists(self) -> ModelSpec:
        independence = self.model == "best" or parse_model(self.model, 2) in (
            ModelSpec("Mt"),
            ModelSpec("hierarchical"),
        )
        if independence and self.heterogeneity is None:
            return ModelSpec("Mt")
        raise TooFewLists(
            f"log-linear model {self.model!r} needs at least 3 lists; with two lists only "
            "the independence model (Mt) can be fitted"
        )

    def _spec(self, spec: ModelSpec, t: int) -> ModelSpec:
        """Attach heterogeneity and theta (defaults as Rcapture's) to a parsed model."""
        heterogeneity = spec.heterogeneity or self.heterogeneity
        if heterogeneity and t < 3:
            raise TooFewLists("heterogeneity models need at least 3 lists")
        theta = None
        if heterogeneity in DEFAULT_THETA:
            theta = float(self.theta) if self.theta is not None else DEFAULT_THETA[heterogeneity]
        return ModelSpec(spec.kind, spec.terms, heterogeneity, theta)

    def _select(self, t: int, y: np.ndarray) -> tuple[ModelSpec, list[dict]]:
        if t > MAX_LISTS_BRACKET:
            raise BadModel(
                f"model='best' names models by list digits (at most 9 lists); the table has "
                f"{t}: name a model instead (e.g. model='Mt' or 'Mth Chao')"
            )
        max_order = self.max_order if self.max_order is not None else t - 1
        if max_order > t - 1:
            raise BadModel(
                f"max_order is at most {t - 1} with {t} lists (the {t}-way interaction "
                f"cannot be estimated), not {max_order}"
            )
        base = self._spec(ModelSpec("hierarchical"), t)
        best, table = rank_models(
            t,
            y,
            max_order=max_order,
            criterion=self.criterion,
            heterogeneity=base.heterogeneity,
            theta=base.theta,
            limit=MAX_MODELS,
        )
        return best, table


def _description(spec: ModelSpec, lists: tuple[str, ...]) -> str:
    if spec.kind == "hierarchical":
        text = describe(spec.terms, lists)
        return f"{text}, with {spec.heterogeneity} heterogeneity" if spec.heterogeneity else text
    return {
        "M0": "M0: every list has the same chance of recording a person",
        "Mt": "Mt: independence of the lists",
    }[spec.kind] + (f", with {spec.heterogeneity} heterogeneity" if spec.heterogeneity else "")


@dataclass(frozen=True)
class _Chosen:
    """The chosen model's GLM fit and what is computed from it."""

    design: np.ndarray
    names: list[str]
    fit: Fit
    dropped: list[int]
    estimate: float
    se: float
    aic: float
    bic: float
    df: int
    identified: bool
    bias: float
    coefficients: list[dict]
    statsmodels_estimate: float

    def row(self, name: str) -> dict:
        """The model's row in the ``models`` table."""
        return {
            "model": name,
            "df": self.df,
            "deviance": self.fit.deviance,
            "aic": self.aic,
            "bic": self.bic,
            "estimate": self.estimate,
            "se": self.se,
            "converged": self.fit.converged,
        }


def _fit_chosen(spec: ModelSpec, t: int, y: np.ndarray, lists: tuple[str, ...]) -> _Chosen:
    """Fit ``spec`` as Rcapture would (Chao: drop negative etas) and check it."""
    design, names = spec.design(t, lists)
    if spec.heterogeneity == "Chao":
        fit, dropped = fit_chao(design, y, spec.n_fixed(t))
    else:
        fit, dropped = fit_one(design, y), []
    with np.errstate(over="ignore"):
        unseen = float(np.exp(fit.intercept))
    var0 = float(covariance(design, fit)[0, 0])
    se = float(np.sqrt(unseen + unseen**2 * var0)) if np.isfinite(unseen) else math.inf
    aic, bic = information_criteria(y, fit.fitted, fit.rank)
    # Aliased columns (more parameters than the table identifies) leave N unidentified.
    identified = len(fit.columns) == design.shape[1] - len(dropped)
    check = _statsmodels_check(design, fit, y)
    return _Chosen(
        design=design,
        names=names,
        fit=fit,
        dropped=dropped,
        estimate=float(np.sum(y)) + unseen,
        se=se,
        aic=aic,
        bic=bic,
        df=len(y) - fit.rank,
        identified=identified,
        bias=asymptotic_bias(design, fit) if identified else math.nan,
        coefficients=_coefficients(names, fit, check),
        statsmodels_estimate=check.get("estimate", math.nan),
    )


def _coefficients(names: list[str], fit: Fit, check: dict) -> list[dict]:
    """Each used coefficient with its standard error (from statsmodels when it ran)."""
    rows = [{"term": "(intercept)", "estimate": fit.intercept}]
    rows += [{"term": names[j], "estimate": float(fit.coef[j + 1])} for j in fit.columns]
    for row, se in zip(rows, check.get("se", [math.nan] * len(rows)), strict=True):
        row["se"] = float(se)
    return rows


def _statsmodels_check(design: np.ndarray, fit: Fit, y: np.ndarray) -> dict:
    """Refit the chosen model with statsmodels' GLM as an independent check.

    Returns its estimate ``n + exp(intercept)`` and standard errors; empty if it fails.
    A disagreement with R's IRLS means the fit has no stable maximum (checked later).
    """
    from statsmodels.genmod import families
    from statsmodels.genmod.generalized_linear_model import GLM

    x = np.column_stack([np.ones(len(y)), design[:, list(fit.columns)]])
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            result = GLM(y, x, family=families.Poisson()).fit()
    except Exception:  # statsmodels raises assorted errors on degenerate fits
        return {}
    with np.errstate(over="ignore"):
        return {
            "estimate": float(np.sum(y) + np.exp(result.params[0])),
            "se": np.asarray(result.bse, dtype=float),
        }
