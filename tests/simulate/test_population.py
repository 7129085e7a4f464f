"""The true population: marginal rates calibrated to the reported figures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from habeas.domain.dui import DuiStatus, check_dui
from habeas.domain.gazetteer import district
from habeas.domain.names import given_name_sex
from habeas.simulate import Scenario, ScenarioSpec
from habeas.simulate.population import arrest_dates


def test_about_thirteen_percent_are_women(truth: Scenario) -> None:
    assert (truth.people["sex"] == "F").mean() == pytest.approx(0.13, abs=0.01)


def test_about_two_percent_are_minors_aged_twelve_to_seventeen(truth: Scenario) -> None:
    age = truth.people["age"]
    assert (age < 18).mean() == pytest.approx(0.02, abs=0.005)
    assert age.min() >= 12 and age.max() < 81


def test_every_adult_has_a_valid_dui_and_no_minor_has_one(truth: Scenario) -> None:
    p = truth.people
    adults = p[p["age"] >= 18]
    assert {check_dui(d).status for d in adults["dui"]} == {DuiStatus.VALID}
    assert adults["dui"].is_unique
    assert p.loc[p["age"] < 18, "dui"].isna().all()


def test_age_agrees_with_birth_date(truth: Scenario) -> None:
    p = truth.people
    years = (p["arrest_date"] - p["birth_date"]).dt.days / 365.25
    assert ((years - p["age"]).between(-0.01, 1.01)).all()


def test_given_names_agree_with_sex(truth: Scenario) -> None:
    p = truth.people.head(2000)
    first = p["given_names"].str.split(" ").str[0]
    agree = [given_name_sex(n) in (s, None) for n, s in zip(first, p["sex"], strict=True)]
    assert np.mean(agree) > 0.99


def test_married_women_use_de_and_men_never(truth: Scenario) -> None:
    p = truth.people
    assert p.loc[p["sex"] == "M", "married_surname"].isna().all()
    women = p[(p["sex"] == "F") & (p["age"] >= 22)]
    assert women["married_surname"].notna().mean() == pytest.approx(0.35, abs=0.05)


def test_districts_are_real_and_departments_agree(truth: Scenario) -> None:
    p = truth.people.head(3000)
    for code, dep in zip(p["residence_district"], p["residence_department"], strict=True):
        assert district(code).department_code == dep


def test_arrests_follow_the_reported_curve() -> None:
    spec = ScenarioSpec(scale=1.0)
    dates = pd.Series(arrest_dates(spec, np.random.default_rng(1), spec.n_total))
    by = {d: (dates <= np.datetime64(d)).sum() for d in ("2022-06-01", "2022-08-24", "2022-11-30")}
    assert 34_000 < by["2022-06-01"] < 38_000  # reported 36,277 at 1 June 2022
    assert 48_000 < by["2022-08-24"] < 52_000  # 50,311 admissions by 24 August
    assert 55_000 < by["2022-11-30"] < 60_000  # "more than 58,000" in November
    assert dates.min() == np.datetime64("2022-03-27")
    assert dates.max() <= np.datetime64("2023-12-31")


def test_targeted_groups_are_rare_and_coded(truth: Scenario) -> None:
    groups = truth.people["groups"]
    assert (groups != "none").mean() == pytest.approx(0.055, abs=0.015)
    assert (groups.str.contains("journalist")).sum() >= 1


def test_warrants_are_shown_rarely(truth: Scenario) -> None:
    p = truth.people
    assert (p["warrant_shown"] == "yes").mean() == pytest.approx(0.03, abs=0.006)
    warrant = p["warrant_shown"] == "yes"
    assert (p.loc[warrant, "grounds"] == "judicial_warrant").all()
    assert not p["grounds"].str.contains("none_stated;|;none_stated").any()
