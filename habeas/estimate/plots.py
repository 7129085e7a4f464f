"""Trace and density plots of the posterior of N (matplotlib, no display needed)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from habeas.estimate.results import EstimateResult


def write_diagnostic_plots(
    result: EstimateResult, out_dir: Path, *, fmt: str = "png"
) -> list[Path]:
    """Write ``trace.<fmt>`` (N per draw, one line per chain) and ``density.<fmt>``.

    The density marks the estimate and the 95% interval; for results without draws
    (log-linear) only the interval is drawn.
    """
    if fmt not in ("png", "svg"):
        raise ValueError(f"plot format must be png or svg, not {fmt!r}")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    title = f"{result.method}: N" + (f" ({result.stratum})" if result.stratum else "")
    if result.draws is not None:
        draws = np.atleast_2d(result.draws)
        fig, ax = plt.subplots(figsize=(8, 3))
        for i, chain in enumerate(draws):
            ax.plot(chain, lw=0.5, label=f"chain {i + 1}")
        ax.set_xlabel("draw")
        ax.set_ylabel("N")
        ax.set_title(title + " — trace")
        if len(draws) > 1:
            ax.legend(fontsize="small", ncols=min(len(draws), 5))
        path = out_dir / f"trace.{fmt}"
        fig.savefig(path, bbox_inches="tight")
        plt.close(fig)
        written.append(path)
    fig, ax = plt.subplots(figsize=(6, 3))
    if result.draws is not None:
        pooled = result.pooled_draws()
        ax.hist(pooled, bins=min(80, max(10, int(np.sqrt(pooled.size)))), density=True, alpha=0.6)
    ax.axvline(result.estimate, color="black", label=f"estimate {result.estimate:,.0f}")
    ax.axvspan(result.lower, result.upper, color="grey", alpha=0.2, label="95% interval")
    ax.axvline(result.observed, color="red", ls="--", label=f"documented {result.observed:,}")
    ax.set_xlabel("N")
    ax.set_title(title + " — posterior")
    ax.legend(fontsize="small")
    path = out_dir / f"density.{fmt}"
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)
    written.append(path)
    return written
