"""Custody paths: hearings, prisons, releases and deaths as the reports describe them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from habeas.domain.custody import StepKind
from habeas.simulate import Scenario


def test_most_first_hearings_come_after_72_hours(truth: Scenario) -> None:
    p = truth.people
    days = (p["first_hearing_date"] - p["arrest_date"]).dt.days.dropna()
    assert (days > 3).mean() == pytest.approx(0.88, abs=0.02)
    assert (days > 15).mean() == pytest.approx(0.15, abs=0.02)
    assert days.between(4, 15).mean() > 0.6


def test_mass_hearings_are_the_majority_and_counsel_a_minority(truth: Scenario) -> None:
    p = truth.people
    heard = p["hearing_type"].notna()
    assert (p.loc[heard, "hearing_type"] == "mass").mean() == pytest.approx(0.8, abs=0.02)
    assert (p.loc[heard, "counsel_access"] == "yes").mean() < 0.4


def test_releases_are_under_ten_percent(truth: Scenario) -> None:
    p = truth.people
    assert p["released_date"].notna().mean() == pytest.approx(0.07, abs=0.01)
    released = p[p["released_date"].notna()]
    assert (released["released_date"] >= released["first_hearing_date"]).all()
    assert (released["released_date"] <= np.datetime64("2023-12-31")).all()


def test_deaths_are_a_few_hundred_per_seventy_thousand_peaking_mid_2022(truth: Scenario) -> None:
    p = truth.people
    died = p["died_in_custody"] == "yes"
    assert died.sum() / len(p) * 10_000 == pytest.approx(37.5, abs=0.5)
    months = p.loc[died, "death_date"].dt.to_period("M").value_counts()
    assert months.idxmax() == pd.Period("2022-06", "M")
    assert (p.loc[died, "death_date"] > p.loc[died, "arrest_date"]).all()
    assert p.loc[died, "released_date"].isna().all()
    # about half show signs of violence; causes are as reported
    assert (p.loc[died, "signs_of_violence"] == "yes").mean() == pytest.approx(0.55, abs=0.1)
    assert {"violence", "medical_neglect", "pulmonary_oedema"} <= set(p.loc[died, "death_cause"])


def test_cecot_holds_nobody_before_february_2023(truth: Scenario) -> None:
    s = truth.steps
    in_cecot = s[s["centre"] == "cecot"]
    assert len(in_cecot) > 0
    assert (in_cecot["date"] >= np.datetime64("2023-02-01")).all()


def test_women_go_to_ilopango_and_minors_to_a_juvenile_centre(truth: Scenario) -> None:
    p = truth.people
    held = p["first_centre"].notna()
    women = held & (p["sex"] == "F") & (p["age"] >= 18)
    assert set(p.loc[women, "first_centre"]) == {"ilopango_women"}
    assert set(p.loc[held & (p["age"] < 18), "first_centre"]) == {"juvenile_centre"}


def test_custody_steps_use_the_domain_kinds_in_date_order(truth: Scenario) -> None:
    s = truth.steps
    assert set(s["kind"]) <= {k.value for k in StepKind}
    same_person = s["person_id"].eq(s["person_id"].shift())
    assert (s["date"].diff()[same_person] >= pd.Timedelta(0)).all()
    assert (s.loc[~same_person, "kind"] == "arrest").all()
