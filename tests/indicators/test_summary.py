"""compute_indicators and Indicators.to_dict, on hand-made people and a simulated scenario."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd

from habeas.indicators import Indicators, compute_indicators, people_facts

PEOPLE = pd.DataFrame(
    {
        "person_id": ["P1", "P2", "P3"],
        "sex": ["F", "M", None],
        "department": ["06", None, "01"],
        "arrest_date": ["2022-04-01", "2022-03", None],
        "arrest_month": ["2022-04", "2022-03", None],
        "first_hearing_date": ["2022-04-04", None, None],
        "counsel_access": ["no", None, "yes"],
        "detention_centre": ["cecot", "izalco", None],
        "died_in_custody": ["yes", "no", None],
        "death_date": ["2022-06-01", None, None],
        "death_cause": ["violence", None, None],
    }
)


def test_to_dict_round_trips_through_json() -> None:
    result = compute_indicators(PEOPLE, snapshot=date(2022, 12, 31))
    plain = result.to_dict()
    assert json.loads(json.dumps(plain, allow_nan=False)) == plain
    assert plain["snapshot"] == "2022-12-31"
    assert (plain["people"], plain["deaths"]) == (3, 1)
    assert set(plain) == {
        "snapshot",
        "whereabouts_days",
        "people",
        "deaths",
        "counts",
        "rates_by_department",
        "due_process",
        "deaths_in_custody",
        "centres",
        "durations",
        "limits",
    }


def test_to_dict_reports_the_international_and_domestic_limits_used() -> None:
    plain = compute_indicators(PEOPLE, snapshot=date(2022, 12, 31)).to_dict()
    limits = {c["key"]: c for c in plain["due_process"]["hearing_limits"]}
    assert list(limits) == ["iccpr_48h", "constitution_72h", "regime_15d", "domestic_in_force"]
    assert limits["iccpr_48h"]["beyond"] == 1  # 1 April to 4 April
    assert limits["iccpr_48h"]["unknown"] == 2
    assert {"iccpr_48h", "constitution_72h", "regime_15d", "cpp_provisional_12m"} <= set(
        plain["limits"]
    )
    assert plain["limits"]["iccpr_48h"]["citation"]


def test_unknown_values_become_none_in_the_tables() -> None:
    plain = compute_indicators(PEOPLE, snapshot=date(2022, 12, 31)).to_dict()
    occupancy = plain["centres"]["occupancy"]
    assert {row["capacity"] for row in occupancy} == {40000, None}
    assert plain["deaths_in_custody"]["by_centre"][-1] == {
        "centre": "(unknown)",
        "name": None,
        "deaths": 0,
    }


def test_indicators_on_the_simulated_truth_are_plausible(small_scenario: Path) -> None:
    # given the simulated truth: one record per true person, with the canonical columns
    truth = pd.read_csv(small_scenario / "truth" / "people.csv", dtype=str, keep_default_na=False)
    truth = truth.replace("", None)
    # when
    people = people_facts(truth)
    result = compute_indicators(people, snapshot=date(2024, 1, 1))
    # then
    assert isinstance(result, Indicators)
    assert result.people == len(truth)
    assert result.deaths == int((truth["died_in_custody"] == "yes").sum())
    assert 0 < result.counsel_share.share < 1
    assert result.counsel_share.known + result.counsel_share.unknown == len(truth)
    checks = {c.key: c for c in result.hearing_limit_checks}
    # A longer limit is never breached more often than a shorter one.
    assert checks["iccpr_48h"].beyond >= checks["constitution_72h"].beyond
    assert checks["constitution_72h"].beyond >= checks["regime_15d"].beyond
    months = result.counts["month"]
    assert months["detained"].sum() == len(truth)
    assert result.rates_by_department["detained"].sum() + result.rates_by_department.attrs[
        "unknown"
    ] == len(truth)
    json.dumps(result.to_dict(), allow_nan=False)
