"""LCMCR: Manrique-Vallier's Bayesian latent-class model for multiple systems estimation.

People differ in how visible they are; the model lets them fall into latent classes
(up to ``K``, with a truncated stick-breaking prior that leaves unneeded classes
empty), each with its own chance of appearing on each list, lists independent within a
class. The Gibbs sampler imputes the people on no list and gives the posterior of the
total N. It follows the R package LCMCR 0.4.14 step for step (same priors, same
initialisation, same sweep, same 21 n ceiling on N), so the two agree within
Monte-Carlo error; its kernel is :mod:`habeas.estimate.lcmcr._gibbs`.

Chains are independent, each seeded from the user's seed (numpy ``SeedSequence``), so a
seed gives the same draws however many processes run them.
"""

from __future__ import annotations

import math
import os
import secrets
import sys
import time
import warnings
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from habeas.domain.errors import HabeasError
from habeas.estimate.diagnostics import (
    ModelWarning,
    PriorCeilingWarning,
    convergence_warnings,
    emit,
    mcmc_diagnostics,
    table_warnings,
)
from habeas.estimate.histories import CaptureHistories
from habeas.estimate.results import LEVEL, EstimateResult

#: Sweeps without the alpha step before the classes are relabelled (R's Init_Model).
WARMUP = 500
#: R's LCMCR caps N at this many times the people observed (n0 <= 20 n).
CEILING = 21
#: An upper interval end above this share of the ceiling means the prior, not the data,
#: sets it.
CEILING_SHARE = 0.9
#: Share of draws using all K classes above which K is probably too small.
SATURATION_SHARE = 0.5
#: Estimated seconds of sampling below which chains run in this process (starting
#: worker processes costs about a second).
SERIAL_SECONDS = 2.0


class BadParameter(HabeasError, ValueError):
    """An LCMCR parameter that cannot be used; the message says why."""


@dataclass(frozen=True)
class LCMCR:
    """The latent-class capture-recapture model (R package LCMCR), fit by Gibbs sampling.

    Parameters
    ----------
    K
        Maximum number of latent classes (R's default 5; HRDAG uses up to 15).
        ``K=1`` is the independence model Mt.
    a_alpha, b_alpha
        Gamma(shape, rate) prior of the stick-breaking concentration alpha (R: 0.25).
    burnin
        Sweeps discarded per chain after the 500 warm-up sweeps (R: 10,000).
    samples
        Draws kept per chain (R: 1,000).
    thinning
        Sweeps per kept draw (R: 10).
    chains
        Independent chains; their draws are pooled and compared (R-hat).
    seed
        Seed of all chains; ``None`` picks one, recorded in the result's parameters.
    processes
        Worker processes for the chains; ``None`` uses up to one per core when the run
        is long enough to repay starting them (a couple of seconds), 1 runs in this
        process. The draws do not depend on it.

    Examples
    --------
    >>> import pandas as pd
    >>> from habeas.estimate import histories_from_frame
    >>> table = histories_from_frame(pd.DataFrame({
    ...     "a": [1, 0, 0, 1, 1, 0, 1], "b": [0, 1, 0, 1, 0, 1, 1],
    ...     "c": [0, 0, 1, 0, 1, 1, 1], "count": [200, 180, 150, 40, 35, 30, 8]}))
    >>> result = LCMCR(K=1, burnin=1000, samples=500, chains=2, seed=1).fit(table)
    >>> 1400 < result.estimate < 1650  # K=1 is Mt: 1,508.6
    True
    >>> result.parameters["seed"]
    1
    """

    K: int = 5
    a_alpha: float = 0.25
    b_alpha: float = 0.25
    burnin: int = 10_000
    samples: int = 1_000
    thinning: int = 10
    chains: int = 4
    seed: int | None = None
    processes: int | None = None

    def __post_init__(self) -> None:
        problems = []
        for name, minimum in (("K", 1), ("burnin", 0), ("samples", 1), ("thinning", 1)):
            if not _whole(getattr(self, name), minimum):
                problems.append(
                    f"{name} must be a whole number >= {minimum}, not {getattr(self, name)!r}"
                )
        if not _whole(self.chains, 1):
            problems.append(f"chains must be a whole number >= 1, not {self.chains!r}")
        for name in ("a_alpha", "b_alpha"):
            value = getattr(self, name)
            if not (_number(value) and math.isfinite(value) and value > 0):
                problems.append(f"{name} must be a positive number, not {value!r}")
        if self.seed is not None and not _whole(self.seed, 0):
            problems.append(f"seed must be a whole number >= 0 or None, not {self.seed!r}")
        if self.processes is not None and not _whole(self.processes, 1):
            problems.append(
                f"processes must be a whole number >= 1 or None, not {self.processes!r}"
            )
        if problems:
            raise BadParameter("lcmcr: " + "; ".join(problems))

    def to_dict(self) -> dict[str, Any]:
        """The parameters as plain values."""
        return asdict(self)

    def fit(self, histories: CaptureHistories) -> EstimateResult:
        """Sample the posterior of N for ``histories`` (three or more lists).

        Returns an :class:`~habeas.estimate.results.EstimateResult` whose ``estimate``
        is the posterior median of N and ``lower``/``upper`` its 2.5% and 97.5%
        quantiles, from all chains pooled; ``parameters`` holds the seed actually used.
        """
        histories.require_lists(3, "lcmcr")
        seed = self.seed if self.seed is not None else secrets.randbits(63)
        cells = np.ascontiguousarray(histories.patterns, dtype=np.uint8)
        freq = np.ascontiguousarray(histories.counts, dtype=np.int64)
        n = histories.observed

        start = time.perf_counter()
        runs, processes = self._run_chains(cells, freq, seed)
        seconds = time.perf_counter() - start

        draws = np.stack([r[0] for r in runs]).astype(float)
        alpha = np.stack([r[1] for r in runs])
        kstar = np.stack([r[2] for r in runs])
        cpu_seconds = sum(r[3] for r in runs)
        pooled = draws.reshape(-1)
        tail = (1 - LEVEL) / 2
        lower, upper = (float(q) for q in np.quantile(pooled, [tail, 1 - tail]))

        diagnostics: dict[str, Any] = mcmc_diagnostics(draws)
        sweeps = self.chains * (WARMUP + self.burnin + self.samples * self.thinning)
        diagnostics.update(
            seconds=seconds,
            ess_per_second=diagnostics["ess"] / seconds if seconds > 0 else float("inf"),
            chain_cpu_seconds=cpu_seconds,
            sweeps_per_second=sweeps / cpu_seconds if cpu_seconds > 0 else float("inf"),
            processes=processes,
        )
        saturated = float(np.mean(kstar == self.K))
        details = {
            "mean": float(pooled.mean()),
            "chain_medians": [float(np.median(d)) for d in draws],
            "mean_occupied_classes": float(kstar.mean()),
            "share_draws_all_classes_used": saturated,
            "alpha_mean": float(alpha.mean()),
            "alpha_interval": [float(q) for q in np.quantile(alpha, [tail, 1 - tail])],
            "ceiling": CEILING * n,
        }
        found = convergence_warnings(diagnostics)
        found += table_warnings(histories)
        found += self._ceiling_warnings(upper, n)
        found += self._saturation_warnings(saturated)
        parameters = {**self.to_dict(), "seed": seed}
        return EstimateResult(
            method="lcmcr",
            observed=n,
            estimate=float(np.median(pooled)),
            lower=lower,
            upper=upper,
            parameters=parameters,
            lists=histories.lists,
            warnings=tuple(dict.fromkeys(found)),
            draws=draws,
            diagnostics=diagnostics,
            details=details,
            stratum=None,
        )

    # -- sampling ------------------------------------------------------------------
    def _run_chains(
        self, cells: np.ndarray, freq: np.ndarray, seed: int
    ) -> tuple[list[tuple[np.ndarray, np.ndarray, np.ndarray, float]], int]:
        """Every chain's (N, alpha, k*, CPU seconds), and the number of processes used."""
        seeds = np.random.SeedSequence(seed).spawn(self.chains)
        spec = (self.K, self.a_alpha, self.b_alpha, self.burnin, self.samples, self.thinning)
        workers = self._workers(cells)
        if workers == 1:
            return [run_one_chain(cells, freq, *spec, s) for s in seeds], 1
        # Compile (or load the cached compilation) here first, so that the workers
        # load it from disk instead of each compiling it.
        run_one_chain(cells, freq, self.K, self.a_alpha, self.b_alpha, 0, 1, 1, seeds[0])
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
                with _main_hidden():
                    futures = [pool.submit(run_one_chain, cells, freq, *spec, s) for s in seeds]
                return [f.result() for f in futures], workers
        except (OSError, RuntimeError) as err:  # BrokenProcessPool is a RuntimeError
            warnings.warn(
                f"lcmcr: worker processes failed ({err}); running the chains in this process",
                RuntimeWarning,
                stacklevel=3,
            )
            return [run_one_chain(cells, freq, *spec, s) for s in seeds], 1

    def _workers(self, cells: np.ndarray) -> int:
        """Processes to use: 1 for short runs, else up to one per core and chain."""
        if self.chains == 1:
            return 1
        if self.processes is not None:
            return min(self.processes, self.chains)
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        sweeps = self.chains * (WARMUP + self.burnin + self.samples * self.thinning)
        # rough cost of a sweep on these machines: ~1 us + 30 ns per cell and class
        estimate = sweeps * (1e-6 + 3e-8 * cells.shape[0] * self.K)
        if estimate < SERIAL_SECONDS:
            return 1
        return max(1, min(cores or 1, self.chains))

    # -- warnings ------------------------------------------------------------------
    def _ceiling_warnings(self, upper: float, n: int) -> list[str]:
        ceiling = CEILING * n
        if upper <= CEILING_SHARE * ceiling:
            return []
        return emit(
            [
                f"the upper end of the interval ({upper:,.0f}) is near the model's ceiling of "
                f"{ceiling:,} people ({CEILING} times the {n:,} documented): the data say "
                "little about how many were missed, and the ceiling, not the data, sets how "
                "large the figure can be; do not report this interval"
            ],
            PriorCeilingWarning,
        )

    def _saturation_warnings(self, saturated: float) -> list[str]:
        if self.K == 1 or saturated < SATURATION_SHARE:
            return []
        return emit(
            [
                f"all {self.K} latent classes were in use in {saturated:.0%} of the draws: "
                f"the model may need more classes; refit with a larger K (e.g. K={2 * self.K})"
            ],
            ModelWarning,
        )


def run_one_chain(
    cells: np.ndarray,
    freq: np.ndarray,
    K: int,
    a_alpha: float,
    b_alpha: float,
    burnin: int,
    samples: int,
    thinning: int,
    seed: np.random.SeedSequence,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """One chain: draws of N, alpha and occupied classes, and its CPU seconds of sampling.

    Module-level so that worker processes can run it.
    """
    from habeas.estimate.lcmcr._gibbs import run_chain

    rng = np.random.Generator(np.random.PCG64(seed))
    out_n = np.empty(samples, dtype=np.int64)
    out_alpha = np.empty(samples, dtype=np.float64)
    out_kstar = np.empty(samples, dtype=np.int64)
    cpu = time.thread_time()
    run_chain(
        cells, freq, int(K), float(a_alpha), float(b_alpha), WARMUP, int(burnin),
        int(samples), int(thinning), rng, out_n, out_alpha, out_kstar,
    )  # fmt: skip
    return out_n, out_alpha, out_kstar, time.thread_time() - cpu


def _context() -> Any:
    """A forkserver context that preloads only this module, else spawn.

    The default forkserver (and spawn) re-imports the caller's ``__main__``, which
    reruns a script without an ``if __name__ == "__main__"`` guard in every worker;
    preloading this module instead also means each forked worker starts with numpy
    and the compiled sampler already loaded.
    """
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, "habeas.estimate.lcmcr._gibbs"])
    return context


@contextmanager
def _main_hidden() -> Iterator[None]:
    """Start workers without telling them the caller's script.

    spawn and forkserver workers re-import the parent's ``__main__`` from its file,
    which reruns a script that lacks an ``if __name__ == "__main__":`` guard (every
    worker would fit the whole model again before running its chain). The workers
    only need this module, so the script's path is hidden while they start.
    """
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if main is None or path is None:
        yield
        return
    del main.__file__
    try:
        yield
    finally:
        main.__file__ = path


def _whole(value: Any, minimum: int) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool) and value >= minimum


def _number(value: Any) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)
