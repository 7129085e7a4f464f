"""LCMCR: agreement with R's LCMCR, reproducibility, warnings and bad input.

Reference values (tests/estimate/results/reference.csv) are R's LCMCR 0.4.14 with
K=10, a = b = 0.25, burn-in 10,000 + 50,000 draws thinned by 10, 5 seeds pooled; the
issue's tolerances compare habeas with the same length (5 chains).
"""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from habeas.domain.errors import HabeasError
from habeas.estimate import TooFewLists, estimate, histories_from_frame, read_histories
from habeas.estimate.diagnostics import ConvergenceWarning, ModelWarning, PriorCeilingWarning
from habeas.estimate.lcmcr import LCMCR, BadParameter

DATA = Path(__file__).parent / "data"
REFERENCE = pd.read_csv(Path(__file__).parent / "results" / "reference.csv")
#: The reference run length: 5 chains, burn-in 10,000, 50,000 draws thinned by 10.
REFERENCE_RUN = dict(burnin=10_000, samples=50_000, thinning=10, chains=5)


def reference(dataset: str, parameters: str) -> dict[str, float]:
    rows = REFERENCE[
        (REFERENCE["dataset"] == dataset)
        & (REFERENCE["method"] == "lcmcr")
        & (REFERENCE["parameters"] == parameters)
    ]
    return dict(zip(rows["statistic"], rows["value"], strict=True))


@pytest.fixture(scope="module")
def kosovo():
    return read_histories(DATA / "LCMCR_kosovo_aggregate.csv")


@pytest.fixture(scope="module")
def hiv():
    return read_histories(DATA / "Rcapture_HIV.csv")


def quiet_fit(model: LCMCR, table):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return model.fit(table)


def assert_agrees(result, ref: dict[str, float]) -> None:
    """The issue's tolerances: median 1.5%, 2.5% quantile 3%, 97.5% quantile 4%."""
    got = {"median": result.estimate, "q025": result.lower, "q975": result.upper}
    tolerance = {"median": 0.015, "q025": 0.03, "q975": 0.04}
    for key, limit in tolerance.items():
        assert abs(got[key] / ref[key] - 1) < limit, (key, got[key], ref[key])


# -- agreement with R ------------------------------------------------------------------
def test_k1_reproduces_mt_on_kosovo(kosovo):
    # K=1 is the independence model Mt, whose sampler mixes fast: a short run is enough
    result = quiet_fit(LCMCR(K=1, burnin=1000, samples=4000, thinning=2, seed=11), kosovo)

    assert_agrees(result, reference("kosovo", "K=1"))


@pytest.mark.slow
def test_k10_agrees_with_r_on_kosovo(kosovo):
    result = quiet_fit(LCMCR(K=10, seed=20240501, **REFERENCE_RUN), kosovo)

    assert_agrees(result, reference("kosovo", "K=10"))
    assert abs(result.details["mean"] / reference("kosovo", "K=10")["mean"] - 1) < 0.02


@pytest.mark.slow
def test_k10_agrees_with_r_on_hiv(hiv):
    result = quiet_fit(LCMCR(K=10, seed=20240502, **REFERENCE_RUN), hiv)

    assert_agrees(result, reference("hiv", "K=10"))


# -- the result ------------------------------------------------------------------------
def test_result_holds_draws_diagnostics_and_parameters(kosovo):
    result = quiet_fit(LCMCR(K=3, burnin=200, samples=300, chains=2, seed=3), kosovo)

    assert result.method == "lcmcr"
    assert result.observed == 4400
    assert result.draws.shape == (2, 300)
    assert result.lower <= result.estimate <= result.upper
    assert result.pooled_draws().min() >= 4400
    for key in ("rhat", "ess", "ess_tail", "ess_per_second", "seconds", "sweeps_per_second"):
        assert key in result.diagnostics
    for key in ("mean_occupied_classes", "alpha_mean", "share_draws_all_classes_used"):
        assert key in result.details
    assert 1 <= result.details["mean_occupied_classes"] <= 3
    assert result.parameters == {
        "K": 3, "a_alpha": 0.25, "b_alpha": 0.25, "burnin": 200, "samples": 300,
        "thinning": 10, "chains": 2, "seed": 3, "processes": None,
    }  # fmt: skip


def test_same_seed_gives_the_same_draws(kosovo):
    model = LCMCR(K=4, burnin=100, samples=200, thinning=2, chains=2, seed=5)

    first, second = quiet_fit(model, kosovo), quiet_fit(model, kosovo)
    other = quiet_fit(LCMCR(K=4, burnin=100, samples=200, thinning=2, chains=2, seed=6), kosovo)

    np.testing.assert_array_equal(first.draws, second.draws)
    assert not np.array_equal(first.draws, other.draws)
    # chains differ from each other
    assert not np.array_equal(first.draws[0], first.draws[1])


def test_parameters_reproduce_the_figure_even_without_a_seed(kosovo):
    result = quiet_fit(LCMCR(K=2, burnin=100, samples=100, chains=2), kosovo)

    assert isinstance(result.parameters["seed"], int)
    again = quiet_fit(LCMCR(**result.parameters), kosovo)
    np.testing.assert_array_equal(result.draws, again.draws)
    assert again.estimate == result.estimate


@pytest.mark.slow
def test_draws_do_not_depend_on_the_number_of_processes(kosovo):
    spec = dict(K=5, burnin=500, samples=500, thinning=5, chains=3, seed=8)

    serial = quiet_fit(LCMCR(processes=1, **spec), kosovo)
    parallel = quiet_fit(LCMCR(processes=2, **spec), kosovo)

    assert parallel.diagnostics["processes"] == 2
    np.testing.assert_array_equal(serial.draws, parallel.draws)


@pytest.mark.slow
def test_worker_processes_do_not_rerun_an_unguarded_script(tmp_path):
    script = tmp_path / "fit.py"
    script.write_text(
        "import warnings\n"
        "warnings.simplefilter('ignore')\n"
        "from habeas.estimate import read_histories\n"
        "from habeas.estimate.lcmcr import LCMCR\n"
        f"h = read_histories({str(DATA / 'LCMCR_kosovo_aggregate.csv')!r})\n"
        "r = LCMCR(K=3, burnin=100, samples=100, chains=2, seed=1, processes=2).fit(h)\n"
        "print('fitted with', r.diagnostics['processes'], 'processes')\n"
    )

    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True, timeout=300
    )

    assert done.stdout.splitlines() == ["fitted with 2 processes"]


def test_it_is_registered_as_the_lcmcr_method(kosovo):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = estimate(kosovo, "lcmcr", K=2, burnin=50, samples=50, chains=1, seed=1)

    assert result.method == "lcmcr"
    assert result.draws.shape == (1, 50)


# -- warnings ---------------------------------------------------------------------------
def test_a_short_run_warns_about_convergence(kosovo):
    with pytest.warns(ConvergenceWarning):
        result = LCMCR(K=10, burnin=0, samples=30, thinning=1, chains=2, seed=2).fit(kosovo)

    assert any("effective draws" in w or "disagree" in w for w in result.warnings)


def test_lists_that_barely_overlap_hit_the_prior_ceiling():
    table = histories_from_frame(
        pd.DataFrame(
            {"a": [1, 0, 0, 1], "b": [0, 1, 0, 1], "c": [0, 0, 1, 0], "count": [300, 300, 300, 1]}
        )
    )

    with pytest.warns(PriorCeilingWarning):
        result = LCMCR(K=2, burnin=500, samples=500, chains=2, seed=4).fit(table)

    assert any("ceiling" in w for w in result.warnings)
    assert result.upper <= 21 * table.observed


def test_too_few_classes_warn_that_k_is_saturated(kosovo):
    with pytest.warns(ModelWarning, match="latent classes"):
        result = LCMCR(K=2, burnin=500, samples=300, chains=2, seed=9).fit(kosovo)

    assert result.details["share_draws_all_classes_used"] > 0.5


# -- bad input --------------------------------------------------------------------------
def test_two_lists_are_too_few():
    table = histories_from_frame(pd.DataFrame({"a": [1, 0, 1], "b": [0, 1, 1], "count": [5, 4, 3]}))

    with pytest.raises(TooFewLists, match="at least 3 lists"):
        LCMCR(samples=10).fit(table)


@pytest.mark.parametrize(
    "parameters",
    [
        {"K": 0},
        {"K": 2.5},
        {"K": True},
        {"burnin": -1},
        {"samples": 0},
        {"thinning": 0},
        {"chains": 0},
        {"a_alpha": 0},
        {"b_alpha": -1.0},
        {"a_alpha": float("nan")},
        {"seed": -3},
        {"seed": "seven"},
        {"processes": 0},
    ],
)
def test_bad_parameters_are_refused_with_a_clear_message(parameters):
    with pytest.raises(BadParameter, match=next(iter(parameters))) as caught:
        LCMCR(**parameters)

    assert isinstance(caught.value, HabeasError)


# -- the kernel's random variates -------------------------------------------------------
def test_binomial_draws_follow_the_binomial_distribution():
    from habeas.estimate.lcmcr import _variates

    draws = _draws(_variates.binomial, [(7, 0.3), (40, 0.1), (1000, 0.3), (500, 0.97), (3, 0.999)])
    for (n, p), values in draws.items():
        assert _chi2_pvalue(values, stats.binom(n, p)) > 1e-3, (n, p)


def test_log_gamma_variates_follow_the_gamma_distribution():
    from habeas.estimate.lcmcr import _variates

    for shape in (0.05, 0.3, 0.7, 1.0, 3.5, 2000.0):
        logs = _draws(_variates.log_gamma_variate, [(shape,)])[(shape,)]
        # compared in logs: for small shapes many variates underflow to 0 outside them
        law = stats.gamma(shape)
        assert stats.kstest(logs, lambda y, law=law: law.cdf(np.exp(y))).pvalue > 1e-3, shape


@pytest.mark.parametrize("n", [3, 12, 400])
def test_multinomial_draws_have_multinomial_moments(n):
    from habeas.estimate.lcmcr import _variates

    weights = np.array([0.05, 3.0, 1e-9, 1.0, 0.5, 0.0])
    counts = _multinomial_draws(_variates.multinomial, n, weights, 40_000)
    p = weights / weights.sum()
    assert (counts.sum(axis=1) == n).all()
    assert (counts[:, 5] == 0).all()
    np.testing.assert_allclose(counts.mean(axis=0), n * p, rtol=0.03, atol=0.01)
    np.testing.assert_allclose(counts.var(axis=0), n * p * (1 - p), rtol=0.06, atol=1e-3)
    # one count's law: binomial
    assert _chi2_pvalue(counts[:, 3].astype(float), stats.binom(n, p[3])) > 1e-3


def test_a_single_class_takes_everyone():
    from habeas.estimate.lcmcr import _variates

    counts = _multinomial_draws(_variates.multinomial, 5000, np.array([0.3]), 10)
    assert (counts == 5000).all()


def _draws(sampler, argsets, size=40_000):
    import numba

    @numba.njit
    def sample(rng, args, out):
        for i in range(out.shape[0]):
            out[i] = sampler(rng, *args)

    found = {}
    rng = np.random.default_rng(2024)
    for args in argsets:
        out = np.empty(size)
        sample(rng, args, out)
        found[args] = out
    return found


def _multinomial_draws(sampler, n, weights, size):
    import numba

    @numba.njit
    def sample(rng, n, weights, out):
        taken = np.empty(weights.shape[0], dtype=np.int64)
        row = np.empty(weights.shape[0], dtype=np.int64)
        for i in range(out.shape[0]):
            sampler(rng, n, weights.copy(), row, taken)
            out[i] = row

    out = np.empty((size, len(weights)), dtype=np.int64)
    sample(np.random.default_rng(7), n, weights, out)
    return out


def _chi2_pvalue(values, law) -> float:
    support, observed = np.unique(values.astype(int), return_counts=True)
    expected = law.pmf(support) * len(values)
    keep = expected >= 5
    chi2 = ((observed[keep] - expected[keep]) ** 2 / expected[keep]).sum()
    return float(stats.chi2.sf(chi2, max(int(keep.sum()) - 1, 1)))
