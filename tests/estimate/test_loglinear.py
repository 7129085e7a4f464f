"""Log-linear models against Rcapture: the project's reference values and Rcapture's own
example outputs, model enumeration and selection, bad input and the warnings."""

from __future__ import annotations

import csv
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from habeas.estimate import (
    TooFewLists,
    estimate,
    histories_from_frame,
    make_estimator,
    read_histories,
)
from habeas.estimate.diagnostics import (
    ConvergenceWarning,
    ModelWarning,
    PriorCeilingWarning,
    SparseCellsWarning,
)
from habeas.estimate.loglinear import BadModel, LogLinear, hierarchical_models

# Every fit warns about something; tests that check a warning catch it with pytest.warns.
pytestmark = pytest.mark.filterwarnings("ignore::habeas.domain.errors.HabeasWarning")

DATA = Path(__file__).parent / "data"
RESULTS = Path(__file__).parent / "results"


def table(name: str):
    return read_histories(DATA / name)


def fit(model: str, histories, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return LogLinear(model=model, **kwargs).fit(histories)


@pytest.fixture(scope="module")
def kosovo():
    return table("LCMCR_kosovo_aggregate.csv")


@pytest.fixture(scope="module")
def hiv():
    return table("Rcapture_HIV.csv")


@pytest.fixture(scope="module")
def hare():
    return table("Rcapture_hare.csv")


@pytest.fixture(scope="module")
def kosovo_best(kosovo):
    return fit("best", kosovo)


def reference(dataset: str, parameters: str) -> dict[str, float]:
    with open(RESULTS / "reference.csv", newline="") as handle:
        return {
            row["statistic"]: float(row["value"])
            for row in csv.DictReader(handle)
            if row["dataset"] == dataset
            and row["method"] == "loglinear"
            and row["parameters"] == parameters
        }


# The reference figures were read off Rcapture's printout, which shows one decimal
# (10334.5), and rounded to whole numbers (10,335): they carry +-0.5, plus the 0.05 of
# the printed decimal. Figures printed with decimals are compared at their precision.
WHOLE = 0.55
ONE_DECIMAL = 0.05 + 1e-9


# -- the project's reference values (mse.md section 4) ---------------------------------


def test_kosovo_published_model_matches_rcapture(kosovo) -> None:
    ref = reference("kosovo", "[123,14,34]")
    result = fit("[123,14,34]", kosovo)
    assert result.details["glm_estimate"] == pytest.approx(ref["glm_estimate"], abs=ONE_DECIMAL)
    assert result.estimate == pytest.approx(ref["profile_estimate"], abs=WHOLE)
    assert result.lower == pytest.approx(ref["lower"], abs=WHOLE)
    assert result.upper == pytest.approx(ref["upper"], abs=WHOLE)
    # The sanity check: the published 1999 figure (10,356; about 9,000 - 12,100).
    assert abs(result.details["glm_estimate"] - 10356) < 1
    assert 8900 < result.lower < 9100 and 12000 < result.upper < 12200


@pytest.mark.parametrize("model", ["Mt", "Mth Chao"])
def test_kosovo_classical_models_match_rcapture(kosovo, model: str) -> None:
    ref = reference("kosovo", model)
    result = fit(model, kosovo)
    assert result.estimate == pytest.approx(ref["profile_estimate"], abs=WHOLE)
    assert result.lower == pytest.approx(ref["lower"], abs=WHOLE)
    assert result.upper == pytest.approx(ref["upper"], abs=WHOLE)


def test_bic_picks_the_published_model_on_kosovo(kosovo_best) -> None:
    assert kosovo_best.details["model"] == "[123,14,34]"
    assert kosovo_best.details["n_models"] == 113
    ref = reference("kosovo", "[123,14,34]")
    assert kosovo_best.estimate == pytest.approx(ref["profile_estimate"], abs=WHOLE)


def test_bic_picks_independence_on_hiv(hiv) -> None:
    ref = reference("hiv", "Mt (best BIC)")
    result = fit("best", hiv)
    assert result.details["model"] == "[1,2,3,4]"
    assert result.estimate == pytest.approx(ref["profile_estimate"], abs=WHOLE)
    assert result.lower == pytest.approx(ref["lower"], abs=WHOLE)
    assert result.upper == pytest.approx(ref["upper"], abs=WHOLE)
    # The same model by its classical name gives the same figure.
    assert fit("Mt", hiv).estimate == pytest.approx(result.estimate, rel=1e-9)


# -- Rcapture's own example outputs (Rcapture 1.4, tests/Examples/Rcapture-Ex.Rout.save) --

# closedp.t(hare): abundance, stderr, deviance, df, AIC as printed.
HARE = {
    "M0": (75.4, 3.5, 68.516, 61, 154.707),
    "Mt": (75.1, 3.4, 58.314, 56, 154.505),
    "Mh Chao": (79.8, 6.4, 58.023, 58, 150.214),
    "Mh Poisson": (81.5, 5.7, 59.107, 60, 147.298),
    "Mh Darroch": (90.4, 11.6, 61.600, 60, 149.791),
    "Mh Gamma": (100.6, 21.7, 62.771, 60, 150.961),
    "Mth Chao": (79.6, 6.3, 47.115, 52, 151.305),
    "Mth Poisson": (81.1, 5.6, 48.137, 55, 146.327),
    "Mth Darroch": (90.5, 11.7, 50.706, 55, 148.896),
    "Mth Gamma": (101.6, 22.4, 51.956, 55, 150.147),
}
# closedp.t(mvole[, 11:15]).
MVOLE_PERIOD_3 = {
    "M0": (51.1, 1.6, 66.964, 29, 122.895),
    "Mh Chao": (71.9, 14.2, 33.556, 26, 95.486),
    "Mh Gamma": (203.2, 119.1, 33.984, 28, 91.915),
    "Mth Darroch": (93.1, 26.6, 27.178, 24, 93.108),
}


def assert_fit(result, expected) -> None:
    abundance, stderr, deviance, df, aic = expected
    d = result.details
    assert d["glm_estimate"] == pytest.approx(abundance, abs=ONE_DECIMAL)
    assert d["glm_se"] == pytest.approx(stderr, abs=ONE_DECIMAL)
    assert d["deviance"] == pytest.approx(deviance, abs=5e-4)
    assert d["df"] == df
    assert d["aic"] == pytest.approx(aic, abs=5e-4)


@pytest.mark.parametrize("model", sorted(HARE))
def test_hare_models_match_rcapture(hare, model: str) -> None:
    assert_fit(fit(model, hare), HARE[model])


@pytest.mark.parametrize("model", sorted(MVOLE_PERIOD_3))
def test_vole_models_match_rcapture(model: str) -> None:
    period3 = table("Rcapture_mvole.csv").select_lists([f"list{i}" for i in range(11, 16)])
    assert_fit(fit(model, period3), MVOLE_PERIOD_3[model])


def test_chao_drops_negative_etas_as_rcapture(hare) -> None:
    # Rcapture's df of 58 for Mh Chao on the hares means one of four etas was set to 0.
    assert fit("Mh Chao", hare).details["eta_removed"] == ["eta5"]


@pytest.mark.parametrize(
    ("model", "expected", "interval"),
    [
        ("[12,3,4]", (12318.5, 1188.7, 7.614, 9, 86.65), (12308.0, 10266.0, 14992.3)),
        (
            "[12,13,14,23,24,34]",
            (23443.5, 9594.9, 3.037, 4, 92.073),
            (23269.8, 10027.6, 50046.3),
        ),
    ],
)
def test_hiv_interaction_models_and_intervals_match_rcapture(hiv, model, expected, interval):
    result = fit(model, hiv)
    assert_fit(result, expected)
    assert (result.estimate, result.lower, result.upper) == pytest.approx(interval, abs=ONE_DECIMAL)


def test_small_population_interval_matches_rcapture(hare) -> None:
    # Below N = 100 the Stirling correction is computed exactly: closedpCI.t(hare,
    # m = "Mth", h = "Poisson") prints 80.1 (71.8 - 93.8).
    result = fit("Mth Poisson", hare)
    assert (result.estimate, result.lower, result.upper) == pytest.approx(
        (80.1, 71.8, 93.8), abs=ONE_DECIMAL
    )


def test_heterogeneous_model_search_matches_rcapture() -> None:
    # closedpMS.t(lesbian, h = "Darroch"): "the best heterogeneous Darroch model for
    # this data set contains the double interactions 12, 13, 14".
    result = fit("best", table("Rcapture_lesbian.csv"), heterogeneity="Darroch")
    assert result.details["model"] == "[12,13,14] + Darroch"


def test_two_lists_fit_independence_only() -> None:
    # Seber (1982) p. 107 in Rcapture's examples: Mt 2389.9 (130.4), AIC 28.831.
    seber = histories_from_frame(
        pd.DataFrame({"a": [1, 1, 0], "b": [1, 0, 1], "count": [167, 781, 254]})
    )
    with pytest.warns(ModelWarning, match="only two lists"):
        result = LogLinear().fit(seber)
    assert result.details["model"] == "Mt"
    assert result.details["glm_estimate"] == pytest.approx(2389.9, abs=ONE_DECIMAL)
    assert result.details["glm_se"] == pytest.approx(130.4, abs=ONE_DECIMAL)
    assert result.details["aic"] == pytest.approx(28.831, abs=5e-4)
    with pytest.raises(TooFewLists, match="only the independence model"):
        LogLinear(model="Mth Chao").fit(seber)


# -- model enumeration and selection ---------------------------------------------------


@pytest.mark.parametrize(
    ("lists", "max_order", "count"),
    [(3, 2, 8), (4, 3, 113), (4, 2, 64), (5, 2, 1024), (5, 4, 6893), (4, 1, 1)],
)
def test_model_counts_match_rcapture(lists: int, max_order: int, count: int) -> None:
    # 113 for four lists is the count Rcapture's closedpMS help page documents.
    names = hierarchical_models(lists, max_order)
    assert len(names) == count == len(set(names))


def test_model_names_follow_rcapture() -> None:
    names = hierarchical_models(4, 3)
    assert "[1,2,3,4]" in names and "[123,14,34]" in names and "[12,3,4]" in names
    assert "[123,124,134,234]" in names and "[1234]" not in names


def test_model_table_is_ranked_by_the_criterion(kosovo_best, kosovo) -> None:
    rows = kosovo_best.details["models"]
    assert len(rows) == 113
    assert set(rows[0]) >= {"model", "df", "deviance", "aic", "bic", "estimate"}
    assert [r["bic"] for r in rows] == sorted(r["bic"] for r in rows)
    # Rcapture's BIC: the Poisson AIC with log(people observed) per parameter.
    top = rows[0]
    rank = 15 - top["df"]
    assert top["bic"] == pytest.approx(top["aic"] + (math.log(4400) - 2) * rank)
    by_aic = fit("best", kosovo, criterion="aic")
    assert by_aic.details["model"] == "[123,134]"


def test_bracket_names_are_read_in_any_order(kosovo) -> None:
    a = fit("[123,14,34]", kosovo)
    b = fit("[ 34, 14,123 ]", kosovo)
    assert b.details["model"] == "[123,14,34]"
    assert a.estimate == b.estimate


def test_five_lists_search_every_model() -> None:
    result = fit("best", table("dga_madigan_york_5list.csv"))
    assert result.details["n_models"] == 6893
    assert result.lower < result.estimate < result.upper


def test_too_many_models_are_refused_with_advice() -> None:
    eight = table("synthetic_2class_8list_N50000.csv")
    with pytest.raises(BadModel, match="max_order"):
        LogLinear().fit(eight)
    result = fit("Mt", eight)  # a named model still works on eight lists
    assert result.observed == 34109 and result.estimate > result.observed


def test_chosen_model_agrees_with_statsmodels(kosovo_best) -> None:
    assert kosovo_best.diagnostics["statsmodels_estimate"] == pytest.approx(
        kosovo_best.details["glm_estimate"], rel=1e-9
    )
    assert all(np.isfinite(c["se"]) for c in kosovo_best.details["coefficients"])


# -- the estimator's contract ----------------------------------------------------------


def test_parameters_reproduce_the_figure(kosovo_best, kosovo) -> None:
    again = fit(**{"histories": kosovo, **kosovo_best.parameters})
    assert again.estimate == kosovo_best.estimate
    assert (again.lower, again.upper) == (kosovo_best.lower, kosovo_best.upper)
    assert kosovo_best.method == "loglinear" and kosovo_best.draws is None


def test_it_is_reachable_by_method_name(hiv) -> None:
    assert make_estimator("loglinear", model="independence") == LogLinear(model="independence")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = estimate(hiv, "loglinear", model="Mt")
    assert result.to_dict()["parameters"]["model"] == "Mt"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"model": "Mx"}, "unknown log-linear model"),
        ({"model": "[12,0]"}, "unknown log-linear model"),
        ({"model": "[112]"}, "names a list twice"),
        ({"criterion": "dic"}, "criterion"),
        ({"max_order": 0}, "max_order"),
        ({"model": "Mt", "max_order": 2}, "max_order only applies"),
        ({"heterogeneity": "Normal"}, "heterogeneity must be"),
        ({"model": "Mth Chao", "heterogeneity": "Darroch"}, "already says"),
        ({"theta": 1}, "theta"),
        ({"model": 3}, "must be a string"),
    ],
)
def test_bad_parameters_are_refused(kwargs, message: str) -> None:
    with pytest.raises(BadModel, match=message):
        LogLinear(**kwargs)


@pytest.mark.parametrize(
    ("model", "message"),
    [("[1234]", "cannot be estimated"), ("[15]", "names list 5")],
)
def test_models_that_do_not_fit_the_table_are_refused(kosovo, model, message) -> None:
    with pytest.raises(BadModel, match=message):
        LogLinear(model=model).fit(kosovo)


def test_max_order_beyond_the_table_is_refused(kosovo) -> None:
    with pytest.raises(BadModel, match="at most 3"):
        LogLinear(max_order=4).fit(kosovo)


def test_one_list_is_refused() -> None:
    one = histories_from_frame(pd.DataFrame({"a": [1], "count": [5]}))
    with pytest.raises(TooFewLists):
        LogLinear().fit(one)


# -- warnings in plain words -----------------------------------------------------------


def test_close_rival_models_are_reported(kosovo) -> None:
    with pytest.warns(ModelWarning, match="almost as well"):
        result = LogLinear().fit(kosovo)
    assert any("[123,134] gives 12,741" in w for w in result.warnings)


def test_a_poor_fit_is_reported(kosovo) -> None:
    with pytest.warns(ModelWarning, match="fits the table poorly"):
        LogLinear(model="Mt").fit(kosovo)


def test_strong_dependence_between_two_lists_is_reported() -> None:
    with pytest.warns(ModelWarning, match="strongly dependent"):
        result = LogLinear().fit(table("dga_madigan_york_3list.csv"))
    assert any("list1 and list2" in w and "too high" in w for w in result.warnings)


def test_saturated_models_are_reported(kosovo) -> None:
    with pytest.warns(ModelWarning, match="saturated"):
        LogLinear(model="[123,124,134,234]").fit(kosovo)


def test_unidentified_models_give_no_interval(kosovo) -> None:
    with pytest.warns(ModelWarning, match="more parameters than the table can identify"):
        result = LogLinear(model="[123,124,134,234]", heterogeneity="Chao").fit(kosovo)
    assert math.isnan(result.lower) and math.isnan(result.upper)


def test_an_upper_end_beyond_the_search_is_infinite_and_reported() -> None:
    period3 = table("Rcapture_mvole.csv").select_lists([f"list{i}" for i in range(11, 16)])
    with pytest.warns(PriorCeilingWarning, match="upper end"):
        result = LogLinear(model="Mh Gamma").fit(period3)
    assert math.isinf(result.upper) and result.lower < result.estimate


def test_unstable_estimates_are_reported() -> None:
    # Few people on several lists: the unseen are a long extrapolation.
    thin = histories_from_frame(
        pd.DataFrame(
            {
                "a": [1, 0, 0, 1, 0],
                "b": [0, 1, 0, 1, 1],
                "c": [0, 0, 1, 0, 1],
                "count": [40, 35, 30, 1, 1],
            }
        )
    )
    with pytest.warns(SparseCellsWarning), pytest.warns(ConvergenceWarning):
        result = LogLinear(model="Mt").fit(thin)
    assert any("overlap" in w for w in result.warnings)
