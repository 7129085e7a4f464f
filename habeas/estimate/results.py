"""EstimateResult: what one estimation produced, immutable, with its spec and diagnostics.

Every method returns one. Report code reads these objects and never re-runs a model,
and ``to_dict()`` is what ``habeas estimate --json`` prints, so a figure quoted in
court carries the exact parameters, seed and habeas version that made it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import habeas

#: Interval level of every estimate.
LEVEL = 0.95


@dataclass(frozen=True, eq=False)
class EstimateResult:
    """The result of one estimation (one table, or strata combined).

    Attributes
    ----------
    method
        ``"lcmcr"``, ``"dga"`` or ``"loglinear"``.
    observed
        People documented by at least one list (n).
    estimate
        Posterior median of N (Bayesian methods) or the point estimate (log-linear).
    lower, upper
        The 95% interval of N (posterior quantiles, or profile likelihood).
    parameters
        The exact specification used, seed included; enough to reproduce the figure.
    lists
        The lists of the table.
    warnings
        Plain-word reasons not to trust the figure (empty when none).
    draws
        Posterior draws of N, shape ``(chains, draws)``; ``None`` for log-linear.
    diagnostics
        Method-dependent: ``rhat``, ``ess``, ``ess_per_second``, ``seconds``...
    details
        Method-dependent tables: posterior graph weights (dga), the fitted models
        (log-linear), class counts (lcmcr).
    stratum
        The stratum this result is for, ``None`` for a whole table.
    strata
        For a combined result: the per-stratum results it sums.
    """

    method: str
    observed: int
    estimate: float
    lower: float
    upper: float
    parameters: dict[str, Any]
    lists: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    draws: np.ndarray | None = None
    diagnostics: dict[str, Any] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    stratum: str | None = None
    strata: tuple[EstimateResult, ...] = ()

    @property
    def interval(self) -> tuple[float, float]:
        """The 95% interval ``(lower, upper)``."""
        return (self.lower, self.upper)

    @property
    def undocumented(self) -> float:
        """Estimated people no list documented (estimate minus observed)."""
        return self.estimate - self.observed

    @property
    def undocumented_share(self) -> float:
        """Share of the estimated total that no list documented."""
        return 1.0 - self.observed / self.estimate if self.estimate > 0 else float("nan")

    def with_warnings(self, extra: list[str] | tuple[str, ...]) -> EstimateResult:
        """A copy with more warnings (duplicates dropped, order kept)."""
        merged = tuple(dict.fromkeys((*self.warnings, *extra)))
        return replace(self, warnings=merged)

    # -- tables -----------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """One row per stratum (if any) then the total: observed, estimate, interval."""
        rows = [_row(r) for r in self.strata] + [_row(self)]
        return pd.DataFrame(rows)

    def summary(self) -> Summary:
        """A printable summary (``str()`` for a terminal, ``_repr_html_`` in notebooks)."""
        return Summary(self)

    def to_dict(self, *, include_draws: bool = False) -> dict[str, Any]:
        """A JSON-ready dict: what ``habeas estimate --json`` prints.

        Keys: ``method``, ``observed``, ``estimate``, ``lower``, ``upper``, ``level``,
        ``undocumented_share``, ``parameters``, ``warnings``, ``diagnostics``,
        ``lists``, ``caveats`` (what no table can show), ``habeas_version``, ``stratum``
        and, for a stratified result, ``strata`` (the same objects per stratum).
        """
        data: dict[str, Any] = {
            "method": self.method,
            "observed": int(self.observed),
            "estimate": _plain(self.estimate),
            "lower": _plain(self.lower),
            "upper": _plain(self.upper),
            "level": LEVEL,
            "undocumented_share": _plain(self.undocumented_share),
            "parameters": _plain(self.parameters),
            "warnings": list(self.warnings),
            "diagnostics": _plain(self.diagnostics),
            "lists": list(self.lists),
            "stratum": self.stratum,
            "caveats": [caveat()],
            "habeas_version": habeas.__version__,
        }
        if self.strata:
            data["strata"] = [s.to_dict(include_draws=include_draws) for s in self.strata]
        if include_draws and self.draws is not None:
            data["draws"] = self.draws.tolist()
        return data

    # -- posterior ---------------------------------------------------------------
    def pooled_draws(self) -> np.ndarray:
        """All posterior draws of N in one vector (chains concatenated)."""
        if self.draws is None:
            raise ValueError(f"{self.method} results have no posterior draws")
        return np.asarray(self.draws).reshape(-1)

    def to_inference_data(self) -> Any:
        """The draws of N as an arviz ``InferenceData`` (``chain`` and ``draw`` dims)."""
        from habeas.estimate.diagnostics import import_arviz

        az = import_arviz()
        if self.draws is None:
            raise ValueError(f"{self.method} results have no posterior draws")
        return az.from_dict(posterior={"N": np.atleast_2d(self.draws)})

    def plot_diagnostics(self, out_dir: str | Path, *, fmt: str = "png") -> list[Path]:
        """Write the trace and density plots of N (``trace.png``, ``density.png``).

        ``fmt`` is ``"png"`` or ``"svg"``. Returns the files written.
        """
        from habeas.estimate.plots import write_diagnostic_plots

        return write_diagnostic_plots(self, Path(out_dir), fmt=fmt)


def caveat() -> str:
    """The standing caveat of every estimate: people no list can reach leave no trace."""
    from habeas.estimate.checks import UNREACHED_CAVEAT

    return UNREACHED_CAVEAT[0].upper() + UNREACHED_CAVEAT[1:] + "."


def _row(result: EstimateResult) -> dict[str, Any]:
    return {
        "stratum": result.stratum if result.stratum is not None else "(total)",
        "method": result.method,
        "observed": result.observed,
        "estimate": result.estimate,
        "lower": result.lower,
        "upper": result.upper,
        "undocumented_share": result.undocumented_share,
        "warnings": len(result.warnings),
    }


def _plain(value: Any) -> Any:
    """Numpy scalars and arrays to JSON-ready Python values."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


class Summary:
    """Printable summary of an :class:`EstimateResult`."""

    def __init__(self, result: EstimateResult) -> None:
        self.result = result
        self.frame = result.to_frame()

    def _lines(self) -> list[str]:
        r = self.result
        params = ", ".join(f"{k}={v}" for k, v in r.parameters.items())
        lines = [
            f"Multiple systems estimation: {r.method} ({len(r.lists)} lists: {', '.join(r.lists)})",
            f"Parameters: {params}",
        ]
        if "model" in r.details:
            lines.append(f"Model: {r.details['model']}")
        lines.append("")
        header = (
            f"{'stratum':<20} {'observed':>9} {'estimate':>10} {'95% interval':>21} {'undoc.':>7}"
        )
        lines.append(header)
        for _, row in self.frame.iterrows():
            lines.append(
                f"{str(row['stratum'])[:20]:<20} {row['observed']:>9,} {row['estimate']:>10,.0f} "
                f"{row['lower']:>10,.0f} - {row['upper']:>8,.0f} {row['undocumented_share']:>7.1%}"
            )
        for key in ("rhat", "ess", "ess_per_second"):
            if key in r.diagnostics:
                lines.append(f"{key}: {r.diagnostics[key]:.3g}")
        if r.warnings:
            lines.append("")
            lines.extend(f"Warning: {w}" for w in r.warnings)
        lines += ["", f"Note: {caveat()}"]
        return lines

    def __str__(self) -> str:
        return "\n".join(self._lines())

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(str(self)) + "</pre>"
