"""How often each estimator's 95% interval covers the true N, on simulated populations.

Issue 4, "Truth": populations of known size, drawn by :mod:`habeas.estimate.simulate`
in four designs, each estimated by every method; the script prints, per design and
method, the coverage of the 95% interval (with its own 95% Wilson interval: 40
replicates pin a coverage down to about ±10 points), the median relative bias
(estimate / N - 1), the median relative width of the interval ((upper - lower) / N),
the share of replicates whose interval lies wholly below N ("up<N"), the share of
replicates with at least one warning and the most common warning, and the median time
per fit (wall and CPU seconds: on a shared machine the wall time mostly measures the
neighbours). The settings are drawn at random per replicate from broad ranges, the
same for every method, chosen before any result was seen and never tuned afterwards:

- every design: J = 4 or 5 lists (even odds), N uniform on 2,000-6,000, 2 or 3 latent
  classes (even odds) with weights ~ Dirichlet(1, ..., 1) and capture probabilities
  uniform on 0.05-0.5 (``--capture``), independently for every class and list
  (human-rights lists reach 5-50% of the people they could; classes need not agree on
  which lists see them);
- ``latent``: just that; lists independent within a class (LCMCR's model);
- ``referral``: the same populations (same draws), plus one random pair of lists
  (a, b) with direct dependence: people on a have odds ratio R of being on b, R
  log-uniform on 2-10 (a referral from one organisation to another);
- ``avoidance``: the same with R log-uniform on 0.1-0.5 (people one list documents stay
  away from the other);
- ``hidden``: the same populations, plus a hard-to-reach class of 30-40% of N (uniform)
  with capture probability uniform on 0.01-0.02 on each list.

Methods (fixed settings, stated in the printout):

- ``lcmcr``: K = min(2**J - 1, 10), a_alpha = b_alpha = 0.25, burn-in 5,000, 2,000
  samples thinned by 25, 2 chains: 55,000 sweeps per chain (HRDAG's settings are K =
  15, 10,000 burn-in and 10,000 samples thinned by 500; these are smaller so that 160
  fits finish in minutes). The printout gives the ESS and R-hat of N: with burn-in
  2,000 and thinning 10 the ESS was under 400 in half the replicates (under 100 in a
  quarter); 2.5 times longer chains raise it but leave the 95% intervals nearly
  unchanged (within about 0.3% of N on the slowest replicates tried);
- ``dga``: delta = 2**-J, prior 1/N, m up to 12 n (the reference runs);
- ``loglinear best``: the hierarchical log-linear model with the best BIC, profile
  interval; ``loglinear Mt``: independence of the lists (no heterogeneity, no
  interaction), profile interval;
- ``checks``: :func:`habeas.estimate.checks.dependence_warnings` at odds ratio 2 (the
  default) and 3, whose warning shares are their false-alarm rates on ``latent`` and
  ``hidden`` and their detection rates on ``referral`` and ``avoidance``.

Replicates run in parallel processes (``--workers``, 2 by default), every method on
every replicate in the same process; each replicate's seed is derived from ``--seed``
and its number, and the same number gives the same population in every design. The
per-replicate figures go to ``bench/out/estimate_truth.csv`` (``--out``).

Usage::

    .venv/bin/python bench/estimate_truth.py [--replicates 40] [--workers 2] [--seed 2026]
        [--capture 0.05 0.5] [--designs latent referral avoidance hidden]
        [--methods lcmcr dga best Mt] [--out bench/out/estimate_truth.csv]
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shlex
import sys
import time
import warnings
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from habeas.estimate import estimate
from habeas.estimate.checks import dependence_warnings
from habeas.estimate.histories import CaptureHistories
from habeas.estimate.simulate import (
    dependent_lists_population,
    hard_to_reach_population,
    latent_class_population,
)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"

DESIGNS = ("latent", "referral", "avoidance", "hidden")
#: Method label -> (habeas method, parameters); lcmcr's K and seed are set per table.
METHODS: dict[str, tuple[str, dict[str, Any]]] = {
    "lcmcr": (
        "lcmcr",
        {
            "a_alpha": 0.25,
            "b_alpha": 0.25,
            "burnin": 5000,
            "samples": 2000,
            "thinning": 25,
            "chains": 2,
            # Replicates already run in parallel: one process per fit.
            "processes": 1,
        },
    ),
    "dga": ("dga", {}),
    "best": ("loglinear", {"model": "best", "criterion": "bic"}),
    "Mt": ("loglinear", {"model": "Mt"}),
}
LABELS = {
    "lcmcr": "lcmcr",
    "dga": "dga",
    "best": "loglinear best (BIC)",
    "Mt": "loglinear Mt (independence)",
}
#: Odds ratios at which the dependence check is scored.
CHECK_RATIOS = (2.0, 3.0)

# The ranges of the drawn settings (see the module docstring).
LISTS = (4, 5)
N_RANGE = (2000, 6000)
CLASSES = (2, 3)
CAPTURE_RANGE = (0.05, 0.5)
REFERRAL_RATIO = (2.0, 10.0)
AVOIDANCE_RATIO = (0.1, 0.5)
HIDDEN_SHARE = (0.30, 0.40)
HIDDEN_CAPTURE = (0.01, 0.02)
LCMCR_MAX_K = 10


def draw_population(
    design: str, seed: int, replicate: int, capture: tuple[float, float] = CAPTURE_RANGE
) -> tuple[CaptureHistories, int, dict]:
    """The replicate's population in ``design``, and the settings drawn for it."""
    # The base population depends on the replicate only, so designs are paired.
    base = np.random.default_rng([seed, replicate])
    n_lists = int(base.choice(LISTS))
    n_true = int(base.integers(N_RANGE[0], N_RANGE[1] + 1))
    n_classes = int(base.choice(CLASSES))
    weights = base.dirichlet(np.ones(n_classes))
    probs = base.uniform(*capture, size=(n_classes, n_lists))
    table_seed = int(base.integers(2**31))
    extra = np.random.default_rng([seed, replicate, DESIGNS.index(design)])
    setting: dict[str, Any] = {"J": n_lists, "N": n_true, "classes": n_classes}
    if design == "latent":
        h, n = latent_class_population(n_true, weights, probs, table_seed)
    elif design in ("referral", "avoidance"):
        low, high = REFERRAL_RATIO if design == "referral" else AVOIDANCE_RATIO
        a, b = (int(i) for i in extra.choice(n_lists, size=2, replace=False))
        ratio = float(np.exp(extra.uniform(np.log(low), np.log(high))))
        setting.update(pair=f"{a + 1}-{b + 1}", odds_ratio=ratio)
        h, n = dependent_lists_population(n_true, weights, probs, [(a, b, ratio)], table_seed)
    elif design == "hidden":
        share = float(extra.uniform(*HIDDEN_SHARE))
        hidden = extra.uniform(*HIDDEN_CAPTURE, size=n_lists)
        setting.update(hidden_share=share)
        h, n = hard_to_reach_population(n_true, share, hidden, weights, probs, table_seed)
    else:
        raise ValueError(f"unknown design {design!r}")
    setting["n"] = h.observed
    return h, n, setting


def run_replicate(task: tuple[str, int, int, tuple[str, ...], tuple[float, float]]) -> list[dict]:
    """Every method on one replicate of one design: one row per method."""
    design, replicate, seed, methods, capture = task
    warnings.simplefilter("ignore")  # their text is kept from result.warnings
    h, n_true, setting = draw_population(design, seed, replicate, capture)
    rows = []
    for label in methods:
        method, params = METHODS[label]
        params = dict(params)
        if method == "lcmcr":
            params.update(K=min(2**h.n_lists - 1, LCMCR_MAX_K), seed=seed * 1000 + replicate)
        if method == "dga":
            params.update(seed=seed * 1000 + replicate)
        row = {"design": design, "replicate": replicate, "method": label, **setting}
        start, cpu = time.perf_counter(), time.process_time()
        try:
            result = estimate(h, method, **params)
        except Exception as err:  # a failure is a result of the bench, not a crash
            row.update(error=f"{type(err).__name__}: {err}")
        else:
            row.update(
                estimate=result.estimate,
                lower=result.lower,
                upper=result.upper,
                warnings=" | ".join(result.warnings),
                ess=result.diagnostics.get("ess", np.nan),
                rhat=result.diagnostics.get("rhat", np.nan),
            )
        # CPU time too: on a shared machine the wall time mostly measures the neighbours.
        row.update(seconds=time.perf_counter() - start, cpu=time.process_time() - cpu)
        rows.append(row)
    for ratio in CHECK_RATIOS:
        start, cpu = time.perf_counter(), time.process_time()
        found = dependence_warnings(h, strong=ratio)
        rows.append(
            {
                "design": design,
                "replicate": replicate,
                "method": f"check OR>{ratio:g}",
                **setting,
                "warnings": " | ".join(found),
                "seconds": time.perf_counter() - start,
                "cpu": time.process_time() - cpu,
            }
        )
    for row in rows:
        row["truth"] = n_true
    return rows


def wilson(hits: int, total: int) -> tuple[float, float]:
    """95% Wilson interval of a proportion."""
    if total == 0:
        return (math.nan, math.nan)
    z = 1.959964
    p = hits / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return centre - half, centre + half


def warning_kind(text: str) -> str:
    """A warning with its figures and list names blanked, to count kinds of warning."""
    text = re.sub(r"\blist\d+\b", "list#", text)
    return re.sub(r"\d[\d,.]*(e[+-]?\d+)?", "#", text)


def summarise(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per design and method with the issue's figures."""
    out = []
    for (design, method), part in frame.groupby(["design", "method"], sort=False):
        fitted = part[part["error"].isna()] if "error" in part else part
        row: dict[str, Any] = {"design": design, "method": method, "runs": len(part)}
        row["errors"] = len(part) - len(fitted)
        warned = fitted["warnings"].fillna("").str.len() > 0
        row["warned"] = warned.mean() if len(fitted) else math.nan
        # Count each kind of warning once per replicate.
        kinds = Counter()
        for text in fitted["warnings"].fillna(""):
            kinds.update({warning_kind(w) for w in text.split(" | ") if w})
        top = kinds.most_common(1)
        row["top_warning"], row["top_share"] = (
            (top[0][0], top[0][1] / len(fitted)) if top else ("", 0.0)
        )
        row["seconds"] = part["seconds"].median()
        row["cpu"] = part["cpu"].median()
        if not method.startswith("check") and len(fitted):
            truth = fitted["truth"]
            covered = (fitted["lower"] <= truth) & (truth <= fitted["upper"])
            row["covered"] = int(covered.sum())
            row["coverage"] = covered.mean()
            row["wilson"] = wilson(int(covered.sum()), len(fitted))
            row["bias"] = (fitted["estimate"] / truth - 1).median()
            row["bias_q"] = (fitted["estimate"] / truth - 1).quantile([0.1, 0.9]).tolist()
            row["width"] = ((fitted["upper"] - fitted["lower"]) / truth).median()
            row["under"] = (fitted["upper"] < truth).mean()
            row["ess_median"] = fitted["ess"].median()
            row["ess_min"] = fitted["ess"].min()
            row["rhat_max"] = fitted["rhat"].max()
        out.append(row)
    return pd.DataFrame(out)


def print_table(summary: pd.DataFrame, frame: pd.DataFrame) -> None:
    """The figures, one block per design."""
    for design, part in summary.groupby("design", sort=False):
        rows = frame[frame["design"] == design]
        n_runs = rows["replicate"].nunique()
        print(
            f"\n== {design} ({n_runs} replicates; observed share n/N median "
            f"{(rows['n'] / rows['truth']).median():.2f}) =="
        )
        print(
            f"{'method':30} {'coverage (95% CI)':22} {'bias med [10%,90%]':24} "
            f"{'width':>6} {'up<N':>6} {'warned':>6} {'s/fit':>6} {'cpu s':>6}"
        )
        for _, r in part.iterrows():
            label = LABELS.get(r["method"], r["method"])
            if r["method"].startswith("check"):
                print(
                    f"{label:30} {'':22} {'':24} {'':>6} {'':>6} {r['warned']:6.0%} "
                    f"{r['seconds']:6.3f} {r['cpu']:6.3f}"
                )
                continue
            if r["errors"] == r["runs"]:
                print(f"{label:30} all {r['runs']} fits failed")
                continue
            low, high = r["wilson"]
            fits = r["runs"] - r["errors"]
            cov = f"{int(r['covered'])}/{fits} {r['coverage']:.0%} ({low:.0%}-{high:.0%})"
            bias = f"{r['bias']:+.1%} [{r['bias_q'][0]:+.0%},{r['bias_q'][1]:+.0%}]"
            print(
                f"{label:30} {cov:22} {bias:24} {r['width']:6.1%} {r['under']:6.0%} "
                f"{r['warned']:6.0%} {r['seconds']:6.2f} {r['cpu']:6.2f}"
            )
            if r["errors"]:
                print(f"{'':30} {r['errors']} fits failed")
        print("most common warning per method (share of replicates with it):")
        for _, r in part.iterrows():
            if r["top_warning"]:
                print(
                    f"  {LABELS.get(r['method'], r['method'])}: ({r['top_share']:.0%}) "
                    f"{r['top_warning'][:160]}"
                )
        lcmcr = part[part["method"] == "lcmcr"]
        if len(lcmcr) and "ess_median" in lcmcr and np.isfinite(lcmcr["ess_median"].iloc[0]):
            r = lcmcr.iloc[0]
            print(
                f"lcmcr ESS of N: median {r['ess_median']:.0f}, min {r['ess_min']:.0f}; "
                f"max split R-hat {r['rhat_max']:.3f}"
            )
        if design in ("referral", "avoidance"):
            checks = rows[rows["method"].str.startswith("check")].copy()
            low, high = REFERRAL_RATIO if design == "referral" else AVOIDANCE_RATIO
            edges = np.geomspace(low, high, 4)
            checks["band"] = pd.cut(checks["odds_ratio"], edges, include_lowest=True)
            checks["flag"] = checks["warnings"].fillna("").str.len() > 0
            rate = checks.groupby(["method", "band"], observed=True)["flag"].agg(["mean", "size"])
            print("dependence check detection by true odds ratio:")
            for (method, band), v in rate.iterrows():
                print(f"  {method} {band}: {v['mean']:.0%} of {int(v['size'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--capture",
        nargs=2,
        type=float,
        default=CAPTURE_RANGE,
        metavar=("LOW", "HIGH"),
        help="range of the capture probabilities of the latent classes",
    )
    parser.add_argument(
        "--out", type=Path, default=OUT / "estimate_truth.csv", help="per-replicate CSV"
    )
    parser.add_argument("--designs", nargs="+", choices=DESIGNS, default=list(DESIGNS))
    parser.add_argument("--methods", nargs="+", choices=list(METHODS), default=list(METHODS))
    args = parser.parse_args()
    print("$ " + shlex.join([Path(sys.executable).name, *sys.argv]))
    print(
        f"{args.replicates} replicates per design, {args.workers} workers; J in {LISTS}, "
        f"N in {N_RANGE}, {CLASSES} latent classes, capture probabilities {tuple(args.capture)}; "
        f"referral OR {REFERRAL_RATIO}, avoidance OR {AVOIDANCE_RATIO}, hidden class "
        f"{HIDDEN_SHARE} of N at {HIDDEN_CAPTURE}"
    )
    for label in args.methods:
        method, params = METHODS[label]
        extra = f"K=min(2^J-1, {LCMCR_MAX_K}), " if method == "lcmcr" else ""
        shown = ", ".join(f"{k}={v}" for k, v in params.items()) or "defaults (delta=2^-J)"
        print(f"  {LABELS[label]}: {extra}{shown}")
    capture = (args.capture[0], args.capture[1])
    tasks = [
        (d, r, args.seed, tuple(args.methods), capture)
        for d in args.designs
        for r in range(args.replicates)
    ]
    start = time.perf_counter()
    cpu_start = os.times()
    rows: list[dict] = []
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        for done in pool.map(run_replicate, tasks, chunksize=1):
            rows.extend(done)
    elapsed = time.perf_counter() - start
    used = os.times()
    # Children's CPU (the workers, reaped at the pool's shutdown) plus this process's.
    cpu_total = sum(used[:4]) - sum(cpu_start[:4])
    frame = pd.DataFrame(rows)
    if "error" not in frame:
        frame["error"] = None
    args.out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(args.out, index=False)
    print_table(summarise(frame), frame)
    print(
        f"\nwall time {elapsed / 60:.1f} min on {args.workers} workers, CPU time "
        f"{cpu_total / 60:.1f} min (the wall time on {args.workers} idle cores would be "
        f"about {cpu_total / 60 / args.workers:.1f} min); "
        f"per-replicate rows in {args.out}"
    )


if __name__ == "__main__":
    main()
