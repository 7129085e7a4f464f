"""Capture: each source's reach, heterogeneity and dependence between the lists."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest

from habeas.simulate import SOURCES, Scenario, ScenarioSpec
from habeas.simulate.lists import HIGH_PROFILE_GROUPS, solve_intercept


def _in(truth: Scenario, code: str) -> np.ndarray:
    return truth.people[f"in_{code}"].to_numpy()


@pytest.mark.parametrize("src", SOURCES, ids=lambda s: s.code)
def test_each_source_documents_its_share_of_people(truth: Scenario, src) -> None:
    target = getattr(ScenarioSpec(), src.coverage_field)
    assert _in(truth, src.code).mean() == pytest.approx(target, rel=0.12)


def test_the_press_documents_most_deaths_and_well_known_group_members(truth: Scenario) -> None:
    p = truth.people
    press = _in(truth, "prensa")
    died = (p["died_in_custody"] == "yes").to_numpy()
    high = p["groups"].str.contains("|".join(HIGH_PROFILE_GROUPS)).to_numpy()
    assert press.mean() < 0.05
    assert press[died].mean() > 0.6
    assert press[high].mean() > 0.3


def test_urban_people_are_documented_more_often(truth: Scenario) -> None:
    urban = truth.people["urban"].to_numpy()
    for code in ("pddh", "prensa", "mesa_denuncias"):
        assert _in(truth, code)[urban].mean() > 1.3 * _in(truth, code)[~urban].mean()


def test_a_family_that_went_to_one_organisation_often_went_to_another(truth: Scenario) -> None:
    fam, ngo = _in(truth, "familiares"), _in(truth, "mesa_denuncias")
    assert ngo[fam].mean() > 2 * ngo[~fam].mean()


def test_the_naive_two_list_estimate_is_visibly_biased(truth: Scenario) -> None:
    # Lincoln-Petersen on the true people (no linkage error at all): N = n1 n2 / m.
    n = len(truth.people)
    ratios = {}
    for a, b in combinations([s.code for s in SOURCES], 2):
        x, y = _in(truth, a), _in(truth, b)
        ratios[a, b] = x.sum() * y.sum() / (x & y).sum() / n
    # Positive dependence everywhere: every pair underestimates, most by far.
    assert max(ratios.values()) < 0.95
    assert ratios["mesa_denuncias", "familiares"] < 0.6  # ~0.44 of the truth
    assert ratios["pddh", "prensa"] < 0.6  # ~0.4: both chase deaths and the visible
    assert np.median(list(ratios.values())) < 0.7


def test_the_intercept_solver_hits_its_target() -> None:
    x = np.random.default_rng(0).normal(size=5000)
    a = solve_intercept(x, 0.1)
    assert (1 / (1 + np.exp(-(a + x)))).mean() == pytest.approx(0.1, abs=1e-9)
