"""The simulated populations the estimators are judged on: known N, the knobs do what they say."""

from __future__ import annotations

import numpy as np
import pytest

from habeas.estimate.histories import CaptureHistories, histories_from_frame
from habeas.estimate.simulate import (
    dependent_lists_population,
    hard_to_reach_population,
    latent_class_population,
)

WEIGHTS = [0.6, 0.4]
PROBS = [[0.4, 0.3, 0.5, 0.2], [0.1, 0.05, 0.1, 0.15]]


def _odds_ratio(h: CaptureHistories, a: int, b: int) -> float:
    """Odds ratio of lists a and b over the documented people (0.5 added to each cell)."""
    x = h.patterns.astype(bool)
    f = h.counts.astype(float)
    n11 = f[x[:, a] & x[:, b]].sum() + 0.5
    n10 = f[x[:, a] & ~x[:, b]].sum() + 0.5
    n01 = f[~x[:, a] & x[:, b]].sum() + 0.5
    n00 = f[~x[:, a] & ~x[:, b]].sum() + 0.5
    return n11 * n00 / (n10 * n01)


GENERATORS = {
    "latent": lambda seed: latent_class_population(3000, WEIGHTS, PROBS, seed),
    "dependent": lambda seed: dependent_lists_population(3000, WEIGHTS, PROBS, [(0, 1, 5.0)], seed),
    "hard": lambda seed: hard_to_reach_population(3000, 0.35, 0.015, WEIGHTS, PROBS, seed),
}


@pytest.mark.parametrize("design", GENERATORS)
def test_table_is_the_documented_people(design: str) -> None:
    h, n_true = GENERATORS[design](11)
    assert n_true == 3000
    assert h.n_lists == 4
    assert h.lists == ("list1", "list2", "list3", "list4")
    # No all-zero pattern, positive counts, and the counts add up to the observed n.
    assert h.patterns.sum(axis=1).min() >= 1
    assert h.counts.min() >= 1
    assert h.full_table()[0] == 0
    assert h.counts.sum() == h.observed
    # The same table as the validating builder makes from it.
    again = histories_from_frame(h.to_frame())
    assert np.array_equal(again.patterns, h.patterns)
    assert np.array_equal(again.counts, h.counts)
    assert 0 < h.observed < n_true


@pytest.mark.parametrize("design", GENERATORS)
def test_seed_reproduces_the_table(design: str) -> None:
    first, _ = GENERATORS[design](5)
    again, _ = GENERATORS[design](5)
    other, _ = GENERATORS[design](6)
    assert np.array_equal(first.full_table(), again.full_table())
    assert not np.array_equal(first.full_table(), other.full_table())


def test_observed_share_matches_the_capture_probabilities() -> None:
    # Expected share seen: sum over classes of w_k (1 - prod_j (1 - p_jk)).
    probs = np.asarray(PROBS)
    seen = float(np.dot(WEIGHTS, 1 - np.prod(1 - probs, axis=1)))
    h, n_true = latent_class_population(200_000, WEIGHTS, PROBS, seed=1)
    assert h.observed / n_true == pytest.approx(seen, abs=0.005)
    totals = np.array(list(h.list_totals().values())) / n_true
    assert totals == pytest.approx(np.dot(WEIGHTS, probs), abs=0.005)


def test_one_class_lists_are_independent() -> None:
    # One class: no heterogeneity, so in the full table (cell 0 known) lists are independent.
    h, n_true = latent_class_population(100_000, [1.0], [[0.3, 0.2, 0.25]], seed=3)
    table = h.full_table().astype(float)
    table[0] = n_true - h.observed
    on_1, on_2 = table[[1, 3, 5, 7]].sum(), table[[2, 3, 6, 7]].sum()
    assert table[[3, 7]].sum() / n_true == pytest.approx(on_1 * on_2 / n_true**2, abs=0.003)


def test_dependence_raises_or_lowers_the_pair_odds_ratio() -> None:
    base, _ = latent_class_population(20_000, [1.0], [[0.3, 0.3, 0.3, 0.3]], seed=4)
    up, _ = dependent_lists_population(20_000, [1.0], [[0.3] * 4], [(0, 1, 5.0)], seed=4)
    down, _ = dependent_lists_population(20_000, [1.0], [[0.3] * 4], [(0, 1, 0.2)], seed=4)
    # The pair (1, 2) moves; an untouched pair (3, 4) does not.
    assert _odds_ratio(up, 0, 1) > 3 * _odds_ratio(base, 0, 1)
    assert _odds_ratio(down, 0, 1) < _odds_ratio(base, 0, 1) / 3
    assert _odds_ratio(up, 2, 3) == pytest.approx(_odds_ratio(base, 2, 3), rel=0.25)


def test_dependence_odds_ratio_holds_in_the_full_population() -> None:
    # With the unseen cell known, the odds ratio of lists 1 and 2 is the one asked for.
    n_true = 200_000
    h, _ = dependent_lists_population(n_true, [1.0], [[0.2, 0.3, 0.25]], [(0, 1, 4.0)], seed=5)
    table = h.full_table().astype(float)
    table[0] = n_true - h.observed
    n11, n10, n01, n00 = (table[[c, c + 4]].sum() for c in (3, 1, 2, 0))
    assert n11 * n00 / (n10 * n01) == pytest.approx(4.0, rel=0.08)


def test_odds_ratio_one_is_the_latent_class_design() -> None:
    h, _ = dependent_lists_population(50_000, WEIGHTS, PROBS, [(0, 1, 1.0)], seed=6)
    ref, _ = latent_class_population(50_000, WEIGHTS, PROBS, seed=6)
    assert h.observed == pytest.approx(ref.observed, rel=0.02)
    assert _odds_ratio(h, 0, 1) == pytest.approx(_odds_ratio(ref, 0, 1), rel=0.1)


def test_hard_to_reach_class_is_barely_seen() -> None:
    n_true, share = 100_000, 0.35
    reachable, _ = latent_class_population(round(n_true * (1 - share)), WEIGHTS, PROBS, seed=7)
    h, _ = hard_to_reach_population(n_true, share, 0.015, WEIGHTS, PROBS, seed=7)
    extra = h.observed - reachable.observed
    # About 1 - 0.985**4 = 5.9% of the 35,000 hidden people are seen, nearly all once.
    assert extra == pytest.approx(share * n_true * (1 - 0.985**4), rel=0.1)
    singles = h.counts[h.patterns.sum(axis=1) == 1].sum()
    ref_singles = reachable.counts[reachable.patterns.sum(axis=1) == 1].sum()
    assert singles - ref_singles == pytest.approx(extra, rel=0.1)


def test_hidden_probabilities_per_list() -> None:
    h, _ = hard_to_reach_population(50_000, 0.4, [0.0, 0.0, 0.0, 0.2], [1.0], [[0.3] * 4], seed=8)
    totals = h.list_totals()
    assert totals["list4"] > 1.3 * totals["list1"]


def test_list_names_and_bad_parameters() -> None:
    h, _ = latent_class_population(100, [1.0], [[0.5, 0.5, 0.5]], seed=1, lists=["a", "b", "c"])
    assert h.lists == ("a", "b", "c")
    with pytest.raises(ValueError, match="one weight per class"):
        latent_class_population(100, [0.5, 0.5], [[0.5, 0.5, 0.5]], seed=1)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        latent_class_population(100, [1.0], [[1.5, 0.5, 0.5]], seed=1)
    with pytest.raises(ValueError, match="positive whole number"):
        latent_class_population(0, [1.0], [[0.5, 0.5, 0.5]], seed=1)
    with pytest.raises(ValueError, match="different lists"):
        dependent_lists_population(100, [1.0], [[0.5] * 3], [(1, 1, 2.0)], seed=1)
    with pytest.raises(ValueError, match="not positive"):
        dependent_lists_population(100, [1.0], [[0.5] * 3], [(0, 1, 0.0)], seed=1)
    with pytest.raises(ValueError, match="hidden_share"):
        hard_to_reach_population(100, 1.0, 0.01, [1.0], [[0.5] * 3], seed=1)
    with pytest.raises(ValueError, match="document nobody"):
        latent_class_population(100, [1.0], [[0.5, 0.0, 0.5]], seed=1)
