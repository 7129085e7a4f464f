"""How fast the LCMCR sampler runs, per sweep and in effective draws of N per second.

Issue 4, "Speed": R's LCMCR (C++) takes 11 ms per 1,000 sweeps on Kosovo (K=10), 12.6 ms
on the synthetic 5-list table and 56 ms on the 8-list one (K=10), on one core of these
machines (the project's mse.md, section 3b). For each of those tables this prints:

- ms per 1,000 sweeps of one chain in this process, JIT compile excluded (a warm-up
  call first; the compilation is cached on disk anyway): the median of ``--runs`` runs
  of ``--sweeps`` sweeps, as wall time and as the thread's CPU time (the machine is
  shared: CPU time leaves out the time other processes held the core), next to R's
  figure and the ratio R / habeas (above 1: habeas is faster);
- effective draws of N per second of a ``--chains``-chain run of the reference length
  (burn-in 10,000, then 50,000 draws thinned by 10; ``--samples`` to shorten) in
  parallel processes, as :class:`habeas.estimate.lcmcr.LCMCR` runs it: arviz's bulk ESS
  of all chains (what the result reports) and the sum of per-chain ESS by the
  autoregressive spectral estimate at frequency 0 (R's ``coda::effectiveSize``, the
  estimator behind mse.md's "700-1,100 per chain"), each per wall second, and per CPU
  second of sampling. R's figure per CPU second is its ESS per chain divided by the
  seconds its chain takes at the speed above (510,000 sweeps).

The load average is printed first: on a busy machine every time is longer.

Usage::

    .venv/bin/python bench/estimate_speed.py [--tables kosovo synthetic5 synthetic8]
        [--runs 5] [--sweeps 20000] [--chains 4] [--samples 50000] [--seed 2026]
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "estimate" / "data"

#: table -> (file, R's ms per 1,000 sweeps at K=10, R's ESS of N per chain of 50,000
#: draws thinned by 10, as (low, high), or None where mse.md gives none)
TABLES = {
    "kosovo": ("LCMCR_kosovo_aggregate.csv", 11.0, (700, 1100)),
    "synthetic5": ("synthetic_2class_5list_N50000.csv", 12.6, (700, 850)),
    "synthetic8": ("synthetic_2class_8list_N50000.csv", 56.0, None),
}
K = 10
#: Sweeps of one reference-length chain: 500 warm-up + 10,000 burn-in + 50,000 x 10.
REFERENCE_SWEEPS = 510_500


def sweep_times(cells: np.ndarray, freq: np.ndarray, sweeps: int, runs: int) -> tuple[float, float]:
    """Median (wall, CPU) ms per 1,000 sweeps of one chain in this process."""
    from habeas.estimate.lcmcr._gibbs import run_chain
    from habeas.estimate.lcmcr.model import WARMUP

    out = (np.empty(1, np.int64), np.empty(1), np.empty(1, np.int64))
    rng = np.random.default_rng(1)
    run_chain(cells, freq, K, 0.25, 0.25, WARMUP, 10, 1, 1, rng, *out)  # compile or load
    walls, cpus = [], []
    for i in range(runs):
        rng = np.random.default_rng(i)
        wall, cpu = time.perf_counter(), time.thread_time()
        run_chain(cells, freq, K, 0.25, 0.25, WARMUP, sweeps - WARMUP - 1, 1, 1, rng, *out)
        cpus.append((time.thread_time() - cpu) / sweeps * 1e6)
        walls.append((time.perf_counter() - wall) / sweeps * 1e6)
    return statistics.median(walls), statistics.median(cpus)


def ar_spectral_ess(x: np.ndarray) -> float:
    """coda::effectiveSize of one chain: n var(x) / spectral density at 0 of an AR fit.

    The AR order is chosen by AIC up to 10 log10(n), fitted by Yule-Walker, as R's
    ``spectrum0.ar`` does.
    """
    from statsmodels.regression.linear_model import yule_walker

    x = np.asarray(x, dtype=float) - np.mean(x)
    n = len(x)
    if np.ptp(x) == 0:
        return float(n)
    best = None
    for order in range(0, int(10 * np.log10(n)) + 1):
        if order == 0:
            rho, sigma2 = np.zeros(0), x.var()
        else:
            rho, sigma = yule_walker(x, order=order, method="mle", result_object=False)
            sigma2 = sigma**2
        aic = n * np.log(sigma2) + 2 * order
        if best is None or aic < best[0]:
            best = (aic, rho, sigma2)
    _, rho, sigma2 = best
    return float(n * x.var() / (sigma2 / (1 - rho.sum()) ** 2))


def main() -> None:
    from habeas.estimate import read_histories
    from habeas.estimate.lcmcr import LCMCR

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", nargs="+", choices=list(TABLES), default=list(TABLES))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sweeps", type=int, default=20_000)
    parser.add_argument("--chains", type=int, default=4)
    parser.add_argument("--samples", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    print("$ " + shlex.join([Path(sys.executable).name, *sys.argv]))
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; K={K}; "
        f"sweep speed: median of {args.runs} runs x {args.sweeps:,} sweeps, one chain"
    )
    print()
    header = (
        f"{'table':<11} {'J':>2} {'M':>4} {'ms/1000 wall':>12} {'CPU':>6} {'R':>6} "
        f"{'R/ours (CPU)':>12}"
    )
    print(header)
    tables = {}
    for name in args.tables:
        file, r_ms, _ = TABLES[name]
        h = read_histories(DATA / file)
        tables[name] = h
        cells = np.ascontiguousarray(h.patterns, dtype=np.uint8)
        freq = np.ascontiguousarray(h.counts, dtype=np.int64)
        wall, cpu = sweep_times(cells, freq, args.sweeps, args.runs)
        print(
            f"{name:<11} {h.n_lists:>2} {len(h.counts):>4} {wall:>12.1f} {cpu:>6.1f} "
            f"{r_ms:>6.1f} {r_ms / cpu:>11.2f}x"
        )

    print()
    print(
        f"ESS of N: {args.chains} chains in parallel processes, burn-in 10,000, "
        f"{args.samples:,} draws thinned by 10, seed {args.seed}"
    )
    print(
        f"{'table':<11} {'wall s':>7} {'CPU s':>7} {'bulk ESS':>9} {'/wall s':>8} "
        f"{'AR ESS':>8} {'/wall s':>8} {'/CPU s':>7} {'R /CPU s':>10} {'estimate [95%]':>24}"
    )
    for name, h in tables.items():
        _, r_ms, r_ess = TABLES[name]
        model = LCMCR(
            K=K, burnin=10_000, samples=args.samples, thinning=10, chains=args.chains,
            seed=args.seed, processes=min(args.chains, os.cpu_count() or 1),
        )  # fmt: skip
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = model.fit(h)
        d = result.diagnostics
        cpu = d["chain_cpu_seconds"]
        ar = sum(ar_spectral_ess(chain) for chain in result.draws)
        if r_ess is None:
            r_rate = "-"
        else:
            seconds = REFERENCE_SWEEPS * r_ms / 1e6
            r_rate = f"{r_ess[0] / seconds:.0f}-{r_ess[1] / seconds:.0f}"
        interval = f"{result.estimate:,.0f} [{result.lower:,.0f}, {result.upper:,.0f}]"
        print(
            f"{name:<11} {d['seconds']:>7.1f} {cpu:>7.1f} {d['ess']:>9.0f} "
            f"{d['ess'] / d['seconds']:>8.1f} {ar:>8.0f} {ar / d['seconds']:>8.1f} "
            f"{ar / cpu:>7.1f} {r_rate:>10} {interval:>24}"
        )
    print()
    print(
        "R /CPU s: R's ESS per chain (mse.md) over the CPU seconds of its 510,500-sweep "
        "chain at R's speed above; compare with habeas's AR ESS /CPU s."
    )


if __name__ == "__main__":
    main()
