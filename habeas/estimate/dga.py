"""dga: Bayesian model averaging over decomposable graphical models (Madigan & York 1997).

Each decomposable graph on the lists is a log-linear model (its cliques are the
interactions it allows). With a hyper-Dirichlet prior of total mass ``2**p * delta``
the marginal likelihood of a graph, for ``m`` people on no list, is a product of
Dirichlet-multinomial terms over its cliques divided by those over its separators, so
the joint posterior of (graph, m) is computed exactly over a grid of ``m`` and every
graph; no sampling. This reproduces the R package dga's ``bma.cr`` (dga 2.0.2) to
rounding: see docs/analyst-guide.md, section "dga".

Speed: the per-subset terms are computed once for the ``2**p - 1`` list subsets and
combined through a (graph x subset) incidence matrix, and (graph, m) cells that
provably hold less than ``e**-40`` of the posterior are skipped (see
:func:`model_averaging`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.special import gammaln, logsumexp

from habeas.domain.errors import HabeasError
from habeas.estimate.diagnostics import (
    ModelWarning,
    PriorCeilingWarning,
    emit,
    table_warnings,
)
from habeas.estimate.graphs import GRAPH_COUNTS, Graph, edge_matrix, incidence, load_graphs
from habeas.estimate.histories import BadHistories, CaptureHistories
from habeas.estimate.results import LEVEL, EstimateResult

#: The built-in priors on N: ``"1/N"`` (dga's default, improper) and ``"uniform"``.
PRIORS = ("1/N", "uniform")
#: The reference runs searched m = 0..12n; so does habeas unless told otherwise.
DEFAULT_CEILING = 12
#: Saturated-graph weight above which the estimate mostly echoes the prior.
SATURATED_LIMIT = 0.5
#: Posterior mass in the top tenth of the searched range that means it is too short.
CEILING_MASS_LIMIT = 1e-3

LogPrior = str | Callable[[np.ndarray], np.ndarray]


class BadParameter(HabeasError, ValueError):
    """A dga parameter that cannot be used; the message says why."""


class TooManyLists(BadHistories):
    """More lists than dga's enumerated graphs cover (5)."""


@dataclass(frozen=True, eq=False)
class Posterior:
    """The exact joint posterior of dga, summed both ways.

    Attributes
    ----------
    n_missing
        The grid of ``m``, people on no list.
    probability
        Posterior probability of each ``m`` (column sums of the graph x m matrix).
    model_weights
        Posterior probability of each graph (row sums), in the order of ``graphs``.
    computed
        (graph, m) cells computed exactly; the others hold less than ``e**-40`` in all.
    """

    n_missing: np.ndarray
    probability: np.ndarray
    model_weights: np.ndarray
    computed: int


def log_weights(
    table: np.ndarray,
    n_missing: np.ndarray | Sequence[int],
    delta: float,
    graphs: Sequence[Graph],
    log_prior: LogPrior | np.ndarray = "1/N",
) -> np.ndarray:
    """Unnormalised log posterior of every (graph, m): dga's ``bma.cr(normalize=FALSE)``.

    Parameters
    ----------
    table
        The ``2**p`` cell counts (:meth:`CaptureHistories.full_table`); cell 0 is ignored.
    n_missing
        Values of ``m`` (people on no list); ``N = n + m``.
    delta
        Hyper-Dirichlet prior count per cell.
    graphs
        The decomposable graphs on the ``p`` lists (:func:`load_graphs`).
    log_prior
        ``"1/N"``, ``"uniform"``, a function of ``N`` or an array over ``n_missing``.

    Returns
    -------
    numpy.ndarray
        ``(len(graphs), len(n_missing))``.
    """
    model = _Model(table, delta, graphs, log_prior, n_missing)
    return np.asarray(model.coefficients @ model.terms(np.asarray(n_missing, dtype=float)))


def model_averaging(
    table: np.ndarray,
    n_missing: np.ndarray | Sequence[int],
    delta: float,
    graphs: Sequence[Graph],
    log_prior: LogPrior | np.ndarray = "1/N",
    *,
    prune: bool = True,
) -> Posterior:
    """The posterior of ``m`` and of each graph, normalised over the whole matrix.

    Same arguments as :func:`log_weights`. With ``prune`` (and a built-in prior over a
    contiguous grid) the matrix is first evaluated on a coarse grid whose spacing
    keeps every row within 1 of the chord between grid points (a bound on the
    curvature of the log-gamma terms), and only the (graph, interval) blocks that can
    come within ``40 + log(cells)`` of the maximum are computed exactly; the rest
    hold less than ``e**-40`` of the posterior together.

    Examples
    --------
    >>> table = np.array([0, 60, 49, 4, 247, 112, 142, 12])  # Madigan & York, 3 lists
    >>> post = model_averaging(table, np.arange(0, 301), 2**-3, load_graphs(3))
    >>> round(float(post.probability.sum()), 12), post.model_weights.shape
    (1.0, (8,))
    """
    model = _Model(table, delta, graphs, log_prior, n_missing)
    grid = np.asarray(n_missing, dtype=np.int64)
    size = len(graphs) * len(grid)
    contiguous = len(grid) > 1 and bool(np.all(np.diff(grid) == 1))
    if prune and contiguous and model.bounded and size > 1 << 20:
        rows, columns = model.active_block(int(grid[0]), int(grid[-1]), size)
    else:
        rows, columns = np.ones(len(graphs), bool), np.ones(len(grid), bool)
    col_log = np.full(len(grid), -np.inf)
    row_log = np.full(len(graphs), -np.inf)
    coefficients = model.coefficients[rows]
    where = np.flatnonzero(columns)
    chunk = max(64, (1 << 18) // max(1, int(rows.sum())))  # blocks of ~2 MB stay in cache
    for start in range(0, len(where), chunk):
        index = where[start : start + chunk]
        block = coefficients @ model.terms(grid[index].astype(float))
        shift = block.max()
        np.subtract(block, shift, out=block)
        np.exp(block, out=block)
        with np.errstate(divide="ignore"):
            col_log[index] = shift + np.log(block.sum(axis=0))
            row_log[rows] = np.logaddexp(row_log[rows], shift + np.log(block.sum(axis=1)))
    total = logsumexp(col_log)
    return Posterior(
        n_missing=grid,
        probability=np.exp(col_log - total),
        model_weights=np.exp(row_log - total),
        computed=int(rows.sum()) * len(where),
    )


class _Model:
    """Per-subset terms of the log posterior, and the graphs' coefficients on them.

    ``log w(g, m) = coefficients[g] @ terms(m)``, terms being one row per list subset
    A (the marginal Dirichlet-multinomial term, whose only m-dependent cell is the
    all-zero one), then the normalising term, then what every graph shares
    (multinomial coefficient and prior).
    """

    def __init__(
        self,
        table: np.ndarray,
        delta: float,
        graphs: Sequence[Graph],
        log_prior: Any,
        n_missing: Any,
    ):
        table = np.asarray(table, dtype=float).copy()
        table[0] = 0.0
        self.p = p = len(table).bit_length() - 1
        self.n = table.sum()
        self.delta = delta
        self.log_prior = _prior_function(log_prior, np.asarray(n_missing), self.n)
        # Only the built-in priors have a known curvature, which pruning needs.
        self.bounded = isinstance(log_prior, str)
        cells = np.arange(1 << p)
        subsets = np.arange(1, 1 << p)
        self.zero_cell = np.empty(len(subsets))
        self.offset = np.empty(len(subsets))
        self.constant = np.empty(len(subsets))
        for i, subset in enumerate(subsets):
            size = int(subset).bit_count()
            alpha = delta * 2.0 ** (p - size)  # every margin carries total mass 2**p delta
            margin = np.bincount(cells & subset, weights=table, minlength=1 << p)
            inside = cells[(cells & ~subset) == 0][1:]  # margin cells but the all-zero one
            self.zero_cell[i] = margin[0]
            self.offset[i] = alpha
            self.constant[i] = gammaln(margin[inside] + alpha).sum() - (1 << size) * gammaln(alpha)
        self.observed_term = gammaln(table[1:] + 1).sum()
        signs = incidence(tuple(graphs), p)
        components = signs.sum(axis=1)  # cliques minus separators
        # Sparse (a graph touches ~7 of the 2**p + 1 terms), and single-threaded: a dense
        # BLAS product this thin is slower, and 20x slower when its threads compete.
        self.coefficients = sparse.csr_matrix(
            np.column_stack([signs, components, np.ones(len(graphs))])
        )
        # Curvature bound of every row: sum of |coefficients| of its log-gamma terms.
        self.curvature = float((np.abs(signs).sum(axis=1) + np.abs(components)).max() + 2)

    def terms(self, m: np.ndarray) -> np.ndarray:
        total = self.n + m
        mass = 2.0**self.p * self.delta
        out = np.empty((len(self.offset) + 2, len(m)))
        out[:-2] = (
            gammaln(self.zero_cell[:, None] + self.offset[:, None] + m) + self.constant[:, None]
        )
        out[-2] = gammaln(mass) - gammaln(total + mass)
        out[-1] = gammaln(total + 1) - self.observed_term - gammaln(m + 1) + self._prior(total)
        return out

    def _prior(self, total: np.ndarray) -> np.ndarray:
        return np.broadcast_to(np.asarray(self.log_prior(total), dtype=float), total.shape)

    def active_block(self, low: int, high: int, size: int) -> tuple[np.ndarray, np.ndarray]:
        """Graphs and m values that may hold more than ``e**-40`` of the posterior."""
        # |d2/dm2 log w| <= curvature * trigamma(m + x0) + 1/N**2 (the 1/N prior), and
        # trigamma(x) < 1/x + 1/x**2; a spacing s with bound * s**2 / 8 <= 1 keeps each
        # row within 1 of the larger end of every interval.
        x0 = min(self.delta, 1.0)
        points = [low]
        while points[-1] < high:
            x = points[-1] + x0
            bound = self.curvature * (1 / x + 1 / x**2) + 1 / (self.n + points[-1]) ** 2
            points.append(min(high, points[-1] + max(1, int(math.sqrt(8 / bound)))))
        coarse = np.array(points)
        values = self.coefficients @ self.terms(coarse.astype(float))
        ceiling = np.maximum(values[:, :-1], values[:, 1:]) + 1.0
        keep = ceiling >= values.max() - (40 + math.log(size))
        rows = keep.any(axis=1)
        change = np.zeros(high - low + 2, dtype=np.int64)
        used = np.flatnonzero(keep.any(axis=0))
        np.add.at(change, coarse[used] - low, 1)
        np.add.at(change, coarse[used + 1] - low + 1, -1)
        return rows, np.cumsum(change)[:-1] > 0


@dataclass(frozen=True)
class DGA:
    """Bayesian model averaging over decomposable graphs (R package dga, ``bma.cr``).

    Parameters
    ----------
    delta
        Hyper-Dirichlet prior count per cell; ``None`` means ``2**-p`` (1/16 for 4
        lists), HRDAG's choice, which keeps the saturated graph (not identified) from
        taking the posterior. dga's examples use 0.5 and 1: on Kosovo they move the
        median from 12,595 to 11,319 and 4,616.
    prior
        Prior on N: ``"1/N"`` (dga's default), ``"uniform"``, or a function taking an
        array of N and returning log prior values (any normalisation).
    n_missing_max
        The largest number of undocumented people considered (the grid is
        ``0..n_missing_max``); ``None`` means ``12 * n``, as in the reference runs.
    draws
        Draws of N taken from the exact posterior, for summing strata.
    seed
        Seed of those draws; ``None`` picks one and records it in the result.

    Examples
    --------
    >>> import pandas as pd
    >>> from habeas.estimate import histories_from_frame
    >>> h = histories_from_frame(pd.DataFrame({
    ...     "a": [1, 0, 0, 1, 1, 0, 1], "b": [0, 1, 0, 1, 0, 1, 1],
    ...     "c": [0, 0, 1, 0, 1, 1, 1], "count": [60, 49, 247, 4, 112, 142, 12]}))
    >>> result = DGA(seed=1).fit(h)
    >>> result.estimate, result.parameters["delta"]
    (731.0, 0.125)
    >>> result.details["graphs"]["graph"].iloc[0]
    '[12,3]'
    """

    delta: float | None = None
    prior: LogPrior = "1/N"
    n_missing_max: int | None = None
    draws: int = 10_000
    seed: int | None = None

    def __post_init__(self) -> None:
        problems = []
        if self.delta is not None and not (
            isinstance(self.delta, int | float)
            and not isinstance(self.delta, bool)
            and math.isfinite(self.delta)
            and self.delta > 0
        ):
            problems.append(f"delta must be a positive number, not {self.delta!r}")
        if not (callable(self.prior) or (isinstance(self.prior, str) and self.prior in PRIORS)):
            problems.append(f"prior must be one of {', '.join(PRIORS)} or a function of N")
        if self.n_missing_max is not None and not _whole(self.n_missing_max, 1):
            problems.append(
                f"n_missing_max must be a whole number >= 1, not {self.n_missing_max!r}"
            )
        if not _whole(self.draws, 1):
            problems.append(f"draws must be a whole number >= 1, not {self.draws!r}")
        if self.seed is not None and not _whole(self.seed, 0):
            problems.append(f"seed must be a whole number >= 0, not {self.seed!r}")
        if problems:
            raise BadParameter("dga: " + "; ".join(problems))

    def to_dict(self) -> dict[str, Any]:
        """The parameters as plain values (a prior function by its name)."""
        prior = self.prior if isinstance(self.prior, str) else _name(self.prior)
        return {
            "delta": self.delta,
            "prior": prior,
            "n_missing_max": self.n_missing_max,
            "draws": self.draws,
            "seed": self.seed,
        }

    def fit(self, histories: CaptureHistories) -> EstimateResult:
        """The exact posterior of N for ``histories`` (3 to 5 lists)."""
        histories.require_lists(3, "dga")
        p = histories.n_lists
        if p > max(GRAPH_COUNTS):
            raise TooManyLists(
                f"dga averages over every decomposable graph on the lists, and those are "
                f"enumerated only for 3, 4 and 5 lists (8, 61 and 822 graphs); the table has "
                f"{p} lists, and 6 lists would already need 18,154 graphs. Use lcmcr, or merge "
                f"lists (or keep 5 of them with histories.select_lists) before using dga"
            )
        started = time.perf_counter()
        n = histories.observed
        delta = float(self.delta) if self.delta is not None else 2.0**-p
        top = int(self.n_missing_max) if self.n_missing_max is not None else DEFAULT_CEILING * n
        seed = int(self.seed) if self.seed is not None else _fresh_seed()
        graphs = load_graphs(p)
        post = model_averaging(
            histories.full_table(), np.arange(top + 1), delta, graphs, self.prior
        )
        totals = n + post.n_missing
        cdf = np.cumsum(post.probability)
        alpha = (1 - LEVEL) / 2
        estimate, lower, upper = (float(_quantile(totals, cdf, q)) for q in (0.5, alpha, 1 - alpha))
        draws = _sample(totals, cdf, self.draws, seed)
        table = _graph_table(graphs, post.model_weights, histories.lists)
        saturated = float(post.model_weights[-1]) if graphs[-1].is_saturated(p) else 0.0
        details = {
            "posterior": _support(totals, post.probability),
            "graphs": table,
            "edge_probabilities": _edges(graphs, post.model_weights, histories.lists),
            "mean": float(totals @ post.probability),
            "mode": float(totals[np.argmax(post.probability)]),
            # Madigan & York's and dga's point estimate: Bayes under relative squared error.
            "relative_loss_estimate": float(
                (post.probability / totals).sum() / (post.probability / totals**2).sum()
            ),
            "saturated_weight": saturated,
        }
        warnings = table_warnings(histories)
        warnings += _saturated_warning(saturated, delta, p)
        warnings += _ceiling_warning(post, totals)
        parameters = {
            "delta": delta,
            "prior": self.prior,
            "n_missing_max": top,
            "draws": self.draws,
            "seed": seed,
        }
        return EstimateResult(
            method="dga",
            observed=n,
            estimate=estimate,
            lower=lower,
            upper=upper,
            parameters=parameters,
            lists=histories.lists,
            warnings=tuple(dict.fromkeys(warnings)),
            draws=draws.reshape(1, -1),
            diagnostics={
                "seconds": time.perf_counter() - started,
                "graphs": len(graphs),
                "grid_points": len(totals),
                "cells_computed": post.computed,
            },
            details=details,
        )


def _prior_function(
    log_prior: Any, n_missing: np.ndarray, n: float
) -> Callable[[np.ndarray], np.ndarray]:
    """The log prior as a function of N, from a name, a function or values over the grid."""
    if isinstance(log_prior, str):
        if log_prior not in PRIORS:
            raise BadParameter(f"prior must be one of {', '.join(PRIORS)} or a function of N")
        if log_prior == "1/N":
            return lambda total: -np.log(total)
        return np.zeros_like
    if callable(log_prior):
        return log_prior
    values = np.asarray(log_prior, dtype=float)
    if values.shape != n_missing.shape or np.any(np.diff(n_missing) <= 0):
        raise BadParameter(
            "a log prior given as values needs one per n_missing, in increasing order"
        )
    return lambda total: values[np.searchsorted(n_missing, total - n)]


def _quantile(totals: np.ndarray, cdf: np.ndarray, q: float) -> float:
    """The smallest N whose cumulative posterior probability exceeds ``q`` (dga's rule)."""
    return totals[min(int(np.searchsorted(cdf, q, side="right")), len(totals) - 1)]


def _sample(totals: np.ndarray, cdf: np.ndarray, size: int, seed: int) -> np.ndarray:
    """Independent draws of N from the exact posterior (inverse CDF)."""
    last = int(np.flatnonzero(np.diff(cdf, prepend=0.0) > 0)[-1])
    u = np.random.default_rng(seed).random(size) * cdf[last]
    return totals[np.minimum(np.searchsorted(cdf, u, side="right"), last)].astype(float)


def _support(totals: np.ndarray, probability: np.ndarray) -> pd.DataFrame:
    """The posterior of N where it is not zero (skipped cells are exactly zero)."""
    nonzero = np.flatnonzero(probability > 0)
    span = slice(nonzero[0], nonzero[-1] + 1)
    return pd.DataFrame({"N": totals[span], "probability": probability[span]})


def _graph_table(
    graphs: Sequence[Graph], weights: np.ndarray, lists: Sequence[str]
) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "graph": [g.name for g in graphs],
            "weight": weights,
            "cliques": [g.labelled(tuple(lists)) for g in graphs],
            "index": np.arange(len(graphs)),
        }
    )
    return frame.sort_values("weight", ascending=False, kind="stable").reset_index(drop=True)


def _edges(graphs: Sequence[Graph], weights: np.ndarray, lists: Sequence[str]) -> dict[str, float]:
    """Posterior probability that two lists interact directly (an edge), per pair."""
    p = len(lists)
    probability = weights @ edge_matrix(tuple(graphs), p)
    pairs = combinations(range(p), 2)
    return {
        f"{lists[a]}-{lists[b]}": float(x) for (a, b), x in zip(pairs, probability, strict=True)
    }


def _saturated_warning(weight: float, delta: float, p: int) -> list[str]:
    if weight <= SATURATED_LIMIT:
        return []
    advice = (
        "use lcmcr or a log-linear model"
        if math.isclose(delta, 2.0**-p)
        else f"use delta = 2^-{p} = {2.0**-p:g} (HRDAG's choice) or another method (lcmcr)"
    )
    return emit(
        [
            f"{weight:.0%} of the posterior weight is on the saturated graph, in which every "
            "list depends on every other; that model cannot tell how many people no list "
            f"documented, so the estimate mostly echoes the prior: {advice}"
        ],
        ModelWarning,
    )


def _ceiling_warning(post: Posterior, totals: np.ndarray) -> list[str]:
    top = totals[-1]
    share = float(post.probability[totals > totals[0] + 0.9 * (top - totals[0])].sum())
    if share <= CEILING_MASS_LIMIT:
        return []
    return emit(
        [
            f"{share:.1%} of the posterior lies in the top tenth of the range searched "
            f"(N up to {top:,.0f}): the posterior has not died out there, so the estimate "
            "and the upper bound are set by where the search stops; raise n_missing_max "
            "and expect a wide, prior-driven interval"
        ],
        PriorCeilingWarning,
    )


def _whole(value: Any, minimum: int) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool) and value >= minimum


def _fresh_seed() -> int:
    return int(np.random.SeedSequence().entropy % (2**32))


def _name(function: Callable[..., Any]) -> str:
    return getattr(function, "__qualname__", None) or repr(function)
