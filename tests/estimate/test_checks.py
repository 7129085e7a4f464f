"""The dependence check: few false alarms when lists are independent within classes,
most referrals found, and nothing pretends to see the hard-to-reach."""

from __future__ import annotations

import numpy as np
import pytest

from habeas.estimate import read_histories
from habeas.estimate.checks import (
    UNREACHED_CAVEAT,
    conditional_odds_ratios,
    dependence_warnings,
)
from habeas.estimate.diagnostics import ModelWarning
from habeas.estimate.simulate import (
    dependent_lists_population,
    hard_to_reach_population,
    latent_class_population,
)

DATA = "tests/estimate/data"


def _setting(rng: np.random.Generator) -> tuple[int, int, np.ndarray, np.ndarray]:
    """The bench's ranges: 4-5 lists, N 2,000-6,000, 2-3 classes, capture 0.05-0.5."""
    n_lists = int(rng.choice([4, 5]))
    n_classes = int(rng.choice([2, 3]))
    weights = rng.dirichlet(np.ones(n_classes))
    probs = rng.uniform(0.05, 0.5, size=(n_classes, n_lists))
    return n_lists, int(rng.integers(2000, 6001)), weights, probs


def _flag_rate(design: str, replicates: int = 150) -> float:
    rng = np.random.default_rng(20)
    flags = []
    for r in range(replicates):
        n_lists, n_true, weights, probs = _setting(rng)
        if design == "latent":
            h, _ = latent_class_population(n_true, weights, probs, seed=r)
        elif design == "referral":
            a, b = (int(i) for i in rng.choice(n_lists, 2, replace=False))
            ratio = float(np.exp(rng.uniform(np.log(2), np.log(10))))
            h, _ = dependent_lists_population(n_true, weights, probs, [(a, b, ratio)], seed=r)
        else:
            share = rng.uniform(0.3, 0.4)
            hidden = rng.uniform(0.01, 0.02, n_lists)
            h, _ = hard_to_reach_population(n_true, share, hidden, weights, probs, seed=r)
        flags.append(bool(dependence_warnings(h)))
    return float(np.mean(flags))


@pytest.mark.filterwarnings("ignore::habeas.estimate.diagnostics.ModelWarning")
def test_false_alarms_are_rare_and_referrals_are_found() -> None:
    assert _flag_rate("latent") < 0.10
    assert _flag_rate("referral") > 0.70
    # A hard-to-reach class leaves no mark: no more flags than without it.
    assert _flag_rate("hidden") < 0.10


def test_referral_names_the_pair_and_warns() -> None:
    h, _ = dependent_lists_population(
        4000, [0.5, 0.5], [[0.3, 0.2, 0.3, 0.4], [0.1, 0.1, 0.05, 0.2]], [(1, 3, 6.0)], seed=4
    )
    with pytest.warns(ModelWarning, match="list2 and list4 share many more people"):
        found = dependence_warnings(h)
    assert len(found) == 1
    assert "undercount" in found[0]


def test_avoidance_is_reported_as_overcount() -> None:
    h, _ = dependent_lists_population(4000, [1.0], [[0.3, 0.3, 0.3, 0.3]], [(0, 2, 0.15)], seed=5)
    with pytest.warns(ModelWarning, match="list1 and list3 share far fewer people"):
        found = dependence_warnings(h)
    assert "overcount" in found[0]


def test_independent_lists_odds_ratios_near_one() -> None:
    h, _ = latent_class_population(20_000, [1.0], [[0.3, 0.2, 0.25, 0.35, 0.3]], seed=6)
    ratios = conditional_odds_ratios(h)
    assert len(ratios) == 10
    for row in ratios.values():
        assert row["odds_ratio"] == pytest.approx(1, abs=0.2)
    assert dependence_warnings(h) == []


def test_no_check_for_too_few_or_too_many_lists() -> None:
    h, _ = latent_class_population(1000, [1.0], [[0.3, 0.3]], seed=1)
    assert conditional_odds_ratios(h) == {}
    assert dependence_warnings(read_histories(f"{DATA}/Rcapture_rbvole.csv")) == []


def test_kosovo_pairs_look_dependent() -> None:
    # Kosovo's lists share people beyond heterogeneity (its best log-linear model has
    # three interactions): the check says so for two pairs.
    with pytest.warns(ModelWarning):
        found = dependence_warnings(read_histories(f"{DATA}/LCMCR_kosovo_aggregate.csv"))
    assert len(found) == 2


def test_caveat_is_plain_words() -> None:
    assert "undercounts" in UNREACHED_CAVEAT
