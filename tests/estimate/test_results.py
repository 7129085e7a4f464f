"""Results objects and the combination of strata."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from habeas.estimate import EstimateResult, combine_strata
from habeas.estimate.diagnostics import ModelWarning, mcmc_diagnostics


def bayesian(observed: int, centre: float, sd: float, seed: int, name: str) -> EstimateResult:
    draws = np.random.default_rng(seed).normal(centre, sd, size=(2, 4000))
    return EstimateResult(
        method="lcmcr",
        observed=observed,
        estimate=float(np.median(draws)),
        lower=float(np.quantile(draws, 0.025)),
        upper=float(np.quantile(draws, 0.975)),
        parameters={"K": 5, "seed": seed},
        lists=("a", "b", "c"),
        draws=draws,
        stratum=name,
        warnings=("only 3 people are on more than one list",) if name == "LL" else (),
    )


def test_summing_draws_gives_a_narrower_total_than_adding_interval_ends() -> None:
    parts = {
        "SS": bayesian(1000, 1500.0, 100.0, 1, "SS"),
        "LL": bayesian(500, 800.0, 100.0, 2, "LL"),
    }
    total = combine_strata(parts, seed=3)
    assert total.observed == 1500
    assert total.estimate == pytest.approx(2300, rel=0.01)
    # Independent strata: the sd of the sum is sqrt(2) * 100, not 200.
    half_width = (total.upper - total.lower) / 2
    assert half_width == pytest.approx(1.96 * np.sqrt(2) * 100, rel=0.05)
    assert (
        half_width
        < (parts["SS"].upper - parts["SS"].lower + parts["LL"].upper - parts["LL"].lower) / 2
    )
    assert [s.stratum for s in total.strata] == ["SS", "LL"]
    assert total.warnings == ("stratum LL: only 3 people are on more than one list",)
    frame = total.to_frame()
    assert list(frame["stratum"]) == ["SS", "LL", "(total)"]


def test_results_without_draws_are_combined_with_a_warning() -> None:
    part = EstimateResult("loglinear", 100, 150.0, 130.0, 180.0, {"model": "Mt"})
    with pytest.warns(ModelWarning, match="approximate"):
        total = combine_strata({"x": part, "y": part})
    assert total.estimate == 300
    assert total.lower == pytest.approx(300 - 20 * np.sqrt(2))
    assert total.upper == pytest.approx(300 + 30 * np.sqrt(2))


def test_to_dict_is_json_with_the_fields_the_cli_promises() -> None:
    total = combine_strata({"SS": bayesian(1000, 1500.0, 100.0, 1, "SS")}, seed=0)
    data = json.loads(json.dumps(total.to_dict()))
    for key in ("method", "observed", "estimate", "lower", "upper", "parameters", "warnings"):
        assert key in data
    assert data["strata"][0]["stratum"] == "SS"
    assert isinstance(data["warnings"], list)


def test_summary_prints_the_figures(tmp_path: Path) -> None:
    result = bayesian(1000, 1500.0, 100.0, 1, "SS")
    text = str(result.summary())
    assert "lcmcr" in text and "1,000" in text and "95% interval" in text
    files = result.plot_diagnostics(tmp_path)
    assert [f.name for f in files] == ["trace.png", "density.png"]
    assert all(f.stat().st_size > 1000 for f in files)


def test_mcmc_diagnostics_see_chains_that_disagree() -> None:
    rng = np.random.default_rng(0)
    agree = rng.normal(0, 1, size=(4, 1000))
    assert mcmc_diagnostics(agree)["rhat"] < 1.01
    apart = agree + np.arange(4)[:, None] * 3
    assert mcmc_diagnostics(apart)["rhat"] > 1.5
