"""dga: exact Bayesian model averaging over decomposable graphs, against R's dga."""

from __future__ import annotations

import math
import warnings
from itertools import combinations, product
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.special import gammaln

from habeas.estimate import TooFewLists, combine_strata, estimate, histories_from_frame
from habeas.estimate.dga import (
    DGA,
    BadParameter,
    TooManyLists,
    _quantile,
    log_weights,
    model_averaging,
)
from habeas.estimate.diagnostics import ModelWarning, PriorCeilingWarning, SparseCellsWarning
from habeas.estimate.graphs import GRAPH_COUNTS, check_graph, is_chordal, load_graphs
from habeas.estimate.histories import CaptureHistories, read_histories

HERE = Path(__file__).parent
DATA = HERE / "data"
REFERENCE = pd.read_csv(HERE / "results" / "reference.csv")
TABLES = {"kosovo": "LCMCR_kosovo_aggregate.csv", "hiv": "Rcapture_HIV.csv"}


def table(name: str) -> CaptureHistories:
    return read_histories(DATA / name)


def reference(dataset: str, parameters: str, statistic: str) -> float:
    row = REFERENCE[
        (REFERENCE.dataset == dataset)
        & (REFERENCE.method == "dga")
        & (REFERENCE.parameters == parameters)
        & (REFERENCE.statistic == statistic)
    ]
    return float(row.value.iloc[0])


@pytest.fixture(scope="module")
def kosovo() -> CaptureHistories:
    return table(TABLES["kosovo"])


@pytest.fixture(scope="module")
def kosovo_fit(kosovo: CaptureHistories):
    return DGA(seed=7).fit(kosovo)


# -- agreement with the reference R runs (dga 2.0.2, prior 1/N, Nmissing 0..12n) ----------


@pytest.mark.parametrize("dataset", ["kosovo", "hiv"])
def test_it_reproduces_the_reference_median_and_interval_exactly(dataset: str) -> None:
    result = DGA(delta=1 / 16, seed=1).fit(table(TABLES[dataset]))
    assert result.estimate == reference(dataset, "delta=1/16", "median")
    assert result.lower == reference(dataset, "delta=1/16", "q025")
    assert result.upper == reference(dataset, "delta=1/16", "q975")


def test_it_reproduces_the_reference_median_for_delta_one_half(kosovo: CaptureHistories) -> None:
    assert DGA(delta=0.5, seed=1).fit(kosovo).estimate == reference("kosovo", "delta=0.5", "median")


def test_delta_one_reproduces_the_reference_and_warns_of_the_saturated_graph(
    kosovo: CaptureHistories,
) -> None:
    with pytest.warns(ModelWarning, match="saturated graph"):
        result = DGA(delta=1.0, seed=1).fit(kosovo)
    assert result.estimate == reference("kosovo", "delta=1", "median")
    assert result.details["saturated_weight"] > 0.9
    assert any("delta = 2^-4" in w for w in result.warnings)


def test_delta_defaults_to_two_to_the_minus_p(kosovo_fit) -> None:
    assert kosovo_fit.parameters["delta"] == 1 / 16
    assert kosovo_fit.parameters["n_missing_max"] == 12 * 4400


def test_quantiles_are_the_smallest_n_whose_cumulative_probability_exceeds_q() -> None:
    # dga's posteriorQuantiles: N[which(cumsum > q)[1]]; a tie at q moves to the next N.
    totals = np.array([10, 11, 12, 13])
    cdf = np.array([0.25, 0.5, 0.75, 1.0])
    assert _quantile(totals, cdf, 0.5) == 12
    assert _quantile(totals, cdf, 0.4) == 11


# -- the formula, written again the slow way ------------------------------------------------


def brute_log_weight(counts: np.ndarray, m: int, delta: float, cliques, separators) -> float:
    """mse.md 2.2 term by term: loops over cells, math.lgamma, no shared code."""
    p = int(math.log2(len(counts)))
    cells = {tuple((i >> j) & 1 for j in range(p)): int(counts[i]) for i in range(1, 2**p)}
    cells[(0,) * p] = m
    big_n = sum(cells.values())

    def margin_term(vertices) -> float:
        alpha = delta * 2 ** (p - len(vertices))
        total = 0.0
        for key in product((0, 1), repeat=len(vertices)):
            inside = [
                x for x in cells if all(x[v - 1] == k for v, k in zip(vertices, key, strict=True))
            ]
            count = sum(cells[x] for x in inside)
            total += math.lgamma(count + alpha) - math.lgamma(alpha)
        return total

    value = sum(margin_term(c) for c in cliques) - sum(margin_term(s) for s in separators)
    value += (len(cliques) - len(separators)) * (
        math.lgamma(2**p * delta) - math.lgamma(big_n + 2**p * delta)
    )
    value += math.lgamma(big_n + 1) - math.lgamma(m + 1)
    value -= sum(math.lgamma(c + 1) for i, c in enumerate(counts) if i > 0)
    return value - math.log(big_n)


@pytest.mark.parametrize(
    "name, graph_index, m, delta",
    [
        ("dga_madigan_york_5list.csv", 350, 83, 0.5),  # [12,13,24,45]
        ("dga_madigan_york_5list.csv", 536, 0, 1 / 32),  # [124,13,45], m = 0
        ("LCMCR_kosovo_aggregate.csv", 55, 8195, 1 / 16),  # [123,134]
    ],
)
def test_log_weight_agrees_with_the_formula_computed_by_hand(
    name: str, graph_index: int, m: int, delta: float
) -> None:
    h = table(name)
    graph = load_graphs(h.n_lists)[graph_index]
    fast = log_weights(h.full_table(), [m], delta, [graph])[0, 0]
    slow = brute_log_weight(h.full_table(), m, delta, graph.cliques, graph.separators)
    assert fast == pytest.approx(slow, rel=1e-12, abs=1e-9)


def test_the_posterior_is_the_whole_matrix_normalised() -> None:
    h = table("dga_madigan_york_3list.csv")
    graphs = load_graphs(3)
    grid = np.arange(0, 301)
    slow = np.array(
        [
            [brute_log_weight(h.full_table(), m, 0.125, g.cliques, g.separators) for m in grid]
            for g in graphs
        ]
    )
    weights = np.exp(slow - slow.max())
    weights /= weights.sum()
    post = model_averaging(h.full_table(), grid, 0.125, graphs)
    np.testing.assert_allclose(post.probability, weights.sum(axis=0), rtol=0, atol=1e-12)
    np.testing.assert_allclose(post.model_weights, weights.sum(axis=1), rtol=0, atol=1e-12)


@pytest.mark.parametrize(
    "name, ceiling, prior, delta",
    [
        ("LCMCR_kosovo_aggregate.csv", 12, "1/N", 1 / 16),
        ("LCMCR_kosovo_aggregate.csv", 12, "uniform", 2.0),
        ("synthetic_2class_5list_N50000.csv", 1, "1/N", 1 / 32),
    ],
)
def test_skipping_negligible_cells_changes_nothing_visible(
    name: str, ceiling: int, prior: str, delta: float
) -> None:
    h = table(name)
    grid = np.arange(ceiling * h.observed + 1)
    graphs = load_graphs(h.n_lists)
    pruned = model_averaging(h.full_table(), grid, delta, graphs, prior)
    full = model_averaging(h.full_table(), grid, delta, graphs, prior, prune=False)
    assert pruned.computed < full.computed
    np.testing.assert_allclose(pruned.probability, full.probability, rtol=0, atol=1e-12)
    np.testing.assert_allclose(pruned.model_weights, full.model_weights, rtol=0, atol=1e-12)


# -- Madigan & York examples, as documented by dga ------------------------------------------


def test_five_list_example_matches_dga_documentation() -> None:
    # dga's README (5 lists, delta 0.5, Nmissing 1:300): the five heaviest graphs.
    # Its summary table was printed against N = 626 + Nmissing (the 3-list example's n,
    # left over in that R session) instead of 537 + Nmissing, so the published mode and
    # quantiles are these plus 89; the model weights do not depend on N's labels.
    h = table("dga_madigan_york_5list.csv")
    graphs = load_graphs(5)
    grid = np.arange(1, 301)
    post = model_averaging(h.full_table(), grid, 0.5, graphs)
    joint = np.exp(log_weights(h.full_table(), grid, 0.5, graphs))
    order = np.argsort(-post.model_weights)[:5]
    published = [
        ("[12,13,24,45]", 0.21707345, 716, 713, 687, 752),
        ("[12,13,45]", 0.16029369, 704, 703, 680, 734),
        ("[124,13,45]", 0.08226562, 702, 699, 675, 737),
        ("[12,13,14,45]", 0.06535887, 699, 697, 674, 729),
        ("[12,13,34,45]", 0.05193514, 705, 703, 680, 736),
    ]
    as_printed = 626 + grid
    for index, (name, weight, bayes, mode, low, high) in zip(order, published, strict=True):
        w = joint[index] / joint[index].sum()
        cdf = np.cumsum(w)
        assert graphs[index].name == name
        assert post.model_weights[index] == pytest.approx(weight, abs=5e-9)
        assert round(np.mean(w / as_printed) / np.mean(w / as_printed**2)) == bayes
        assert as_printed[np.argmax(w)] == mode
        assert (_quantile(as_printed, cdf, 0.025), _quantile(as_printed, cdf, 0.975)) == (low, high)


def negative_binomial_prior(total: np.ndarray) -> np.ndarray:
    a, b = 13.14, 55.17  # Madigan & York's prior for the 3-list example
    return (
        total * np.log(b)
        - (total + a) * np.log(1 + b)
        + gammaln(total + a)
        - gammaln(total + 1)
        - gammaln(a)
    )


def test_three_list_example_matches_madigan_and_york() -> None:
    # dga's unit test "3 lists example against Madigan and York" (delta 1, NB prior).
    h = table("dga_madigan_york_3list.csv")
    grid = np.arange(1, 301)
    total = h.observed + grid
    joint = np.exp(log_weights(h.full_table(), grid, 1.0, load_graphs(3), negative_binomial_prior))
    joint /= joint.sum()
    top = joint[np.argmax(joint.sum(axis=1))]
    average = joint.sum(axis=0)
    assert round(top.sum(), 2) == 0.37
    assert round(np.mean(top / total) / np.mean(top / total**2)) == 731
    assert total[np.argmax(top)] == 729
    assert round(np.mean(average / total) / np.mean(average / total**2)) == 731
    assert total[np.argmax(average)] == 728
    # The prior given as values over the grid is the same prior.
    values = negative_binomial_prior(total.astype(float))
    as_values = model_averaging(h.full_table(), grid, 1.0, load_graphs(3), values)
    np.testing.assert_allclose(as_values.probability, average, rtol=0, atol=1e-12)


def test_a_prior_function_is_used_and_recorded() -> None:
    h = table("dga_madigan_york_3list.csv")
    result = DGA(delta=1, prior=negative_binomial_prior, n_missing_max=300, seed=1).fit(h)
    assert round(result.details["relative_loss_estimate"]) == 731
    assert result.details["mode"] == 728
    assert result.parameters["prior"] is negative_binomial_prior
    assert DGA(prior=negative_binomial_prior).to_dict()["prior"] == "negative_binomial_prior"


# -- the graph lists ------------------------------------------------------------------------


@pytest.mark.parametrize("p", sorted(GRAPH_COUNTS))
def test_the_graph_lists_are_every_decomposable_graph_once(p: int) -> None:
    graphs = load_graphs(p)
    assert len(graphs) == GRAPH_COUNTS[p] == {3: 8, 4: 61, 5: 822}[p]
    for graph in graphs:
        assert check_graph(graph, p) == [], graph
    shipped = {graph.edges for graph in graphs}
    assert len(shipped) == len(graphs)
    pairs = list(combinations(range(1, p + 1), 2))
    chordal = set()
    for bits in range(1 << len(pairs)):
        edges = {pair for i, pair in enumerate(pairs) if bits >> i & 1}
        if is_chordal(edges, p):
            chordal.add(tuple(sorted(edges)))
    assert shipped == chordal
    assert (
        graphs[-1].is_saturated(p)
        and graphs[0].name == "[" + ",".join(map(str, range(1, p + 1))) + "]"
    )


def test_a_graph_with_wrong_separators_is_caught() -> None:
    from habeas.estimate.graphs import Graph

    assert check_graph(Graph(((1, 2), (2, 3)), ()), 3) == [
        "no order of the cliques has these separators"
    ]
    assert "not chordal" in " ".join(check_graph(Graph(((1, 2), (2, 3), (3, 4), (1, 4)), ()), 4))


def test_the_graph_data_says_where_it_comes_from() -> None:
    from importlib import resources

    readme = resources.files("habeas.estimate").joinpath("data/README.md").read_text()
    assert "dga 2.0.2" in readme and "Madigan" in readme and "822" in readme


# -- the result -----------------------------------------------------------------------------


def test_the_result_has_graph_weights_posterior_and_draws(kosovo_fit) -> None:
    graphs = kosovo_fit.details["graphs"]
    assert list(graphs.columns[:3]) == ["graph", "weight", "cliques"]
    assert graphs.weight.is_monotonic_decreasing
    assert graphs.weight.sum() == pytest.approx(1, abs=1e-12)
    assert graphs.graph.iloc[0] == "[123,134]"
    assert graphs.cliques.iloc[0] == "list1*list2*list3 + list1*list3*list4"
    posterior = kosovo_fit.details["posterior"]
    assert posterior.probability.sum() == pytest.approx(1, abs=1e-12)
    assert posterior.N.iloc[0] >= 4400
    assert kosovo_fit.draws.shape == (1, 10_000)
    assert np.median(kosovo_fit.draws) == pytest.approx(kosovo_fit.estimate, rel=0.02)
    assert min(kosovo_fit.details["edge_probabilities"].values()) >= 0
    assert kosovo_fit.details["edge_probabilities"]["list1-list3"] == pytest.approx(1, abs=1e-6)
    # Kosovo's lists depend on each other (the log-linear BIC model says so too).
    assert kosovo_fit.warnings
    assert all("share many more people" in w for w in kosovo_fit.warnings)


def test_the_same_parameters_give_the_same_figures_and_draws(
    kosovo: CaptureHistories, kosovo_fit
) -> None:
    again = DGA(**kosovo_fit.parameters).fit(kosovo)
    assert again.interval == kosovo_fit.interval
    np.testing.assert_array_equal(again.draws, kosovo_fit.draws)
    unseeded = DGA().fit(kosovo)
    assert isinstance(unseeded.parameters["seed"], int)
    np.testing.assert_array_equal(DGA(**unseeded.parameters).fit(kosovo).draws, unseeded.draws)


def test_strata_combine_by_summing_draws(kosovo: CaptureHistories) -> None:
    hiv = table(TABLES["hiv"])
    parts = {"kosovo": DGA(seed=1).fit(kosovo), "hiv": DGA(seed=2).fit(hiv)}
    total = combine_strata(parts, seed=3)
    assert total.observed == 4400 + 1896
    assert total.estimate == pytest.approx(12595 + 11220, rel=0.03)
    assert total.upper - total.lower < (16544 - 9827) + (14095 - 9404)


def test_it_is_reachable_by_name(kosovo: CaptureHistories) -> None:
    result = estimate(kosovo, "dga", delta=0.5, seed=1)
    assert result.method == "dga" and result.estimate == 11319


# -- warnings -------------------------------------------------------------------------------


def test_it_warns_when_the_search_stops_before_the_posterior_dies_out(
    kosovo: CaptureHistories,
) -> None:
    with pytest.warns(PriorCeilingWarning, match="top tenth"):
        result = DGA(n_missing_max=6000, seed=1).fit(kosovo)
    assert any("n_missing_max" in w for w in result.warnings)


def test_it_warns_when_lists_barely_overlap() -> None:
    h = histories_from_frame(
        pd.DataFrame(
            {"a": [1, 0, 0, 1], "b": [0, 1, 0, 1], "c": [0, 0, 1, 0], "count": [40, 30, 20, 2]}
        )
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = DGA(seed=1, n_missing_max=500).fit(h)
    assert any("more than one list" in w for w in result.warnings)
    # With so little overlap nothing is identified: the other two warnings follow.
    assert {type(w.message) for w in caught} == {
        SparseCellsWarning,
        ModelWarning,
        PriorCeilingWarning,
    }


# -- bad input ------------------------------------------------------------------------------


def test_two_lists_are_too_few() -> None:
    h = histories_from_frame(pd.DataFrame({"a": [1, 0, 1], "b": [0, 1, 1], "count": [5, 6, 7]}))
    with pytest.raises(TooFewLists, match="dga needs at least 3 lists"):
        DGA().fit(h)


def test_six_lists_are_too_many_and_the_error_says_what_to_do() -> None:
    h = table("Rcapture_hare.csv")
    with pytest.raises(TooManyLists, match="18,154") as caught:
        DGA().fit(h)
    assert "lcmcr" in str(caught.value) and "merge lists" in str(caught.value)


@pytest.mark.parametrize(
    "parameters, message",
    [
        ({"delta": 0}, "delta"),
        ({"delta": -1.0}, "delta"),
        ({"delta": float("nan")}, "delta"),
        ({"delta": "1/16"}, "delta"),
        ({"delta": True}, "delta"),
        ({"prior": "jeffreys"}, "prior"),
        ({"prior": np.zeros(3)}, "prior"),
        ({"n_missing_max": 0}, "n_missing_max"),
        ({"n_missing_max": 10.5}, "n_missing_max"),
        ({"draws": 0}, "draws"),
        ({"seed": -1}, "seed"),
    ],
)
def test_bad_parameters_are_refused_in_plain_words(parameters: dict, message: str) -> None:
    with pytest.raises(BadParameter, match=message):
        DGA(**parameters)
