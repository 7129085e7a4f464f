"""Documented counts by month, department, sex, age group and group; rates per adult."""

from __future__ import annotations

import pandas as pd
import pytest

from habeas.domain.gazetteer import department
from habeas.indicators import UnknownBreakdown, documented_counts, rates_by_department


def counted(people: pd.DataFrame, by: str) -> dict[str, tuple[int, int]]:
    table = documented_counts(people, by)
    assert list(table.columns) == ["value", "detained", "died"]
    return {
        v: (d, x) for v, d, x in zip(table["value"], table["detained"], table["died"], strict=True)
    }


def test_months_run_in_order_with_gaps_filled_and_unknown_last() -> None:
    people = pd.DataFrame(
        {
            "arrest_month": ["2022-05", "2022-03", "2022-03", None],
            "died_in_custody": ["yes", "no", None, "yes"],
        }
    )
    table = documented_counts(people, "month")
    assert list(table["value"]) == ["2022-03", "2022-04", "2022-05", "(unknown)"]
    assert list(table["detained"]) == [2, 0, 1, 1]
    assert list(table["died"]) == [0, 0, 1, 1]


def test_a_person_in_two_groups_counts_in_both() -> None:
    people = pd.DataFrame(
        {
            "groups": ["journalist;union_member", "journalist", "", None],
            "died_in_custody": ["yes", None, None, None],
        }
    )
    result = counted(people, "group")
    assert result["journalist"] == (2, 1)
    assert result["union_member"] == (1, 1)
    assert result["none"] == (1, 0)
    assert result["(unknown)"] == (1, 0)
    assert result["lawyer"] == (0, 0)


def test_sex_and_age_group_show_every_category_and_the_unknown() -> None:
    people = pd.DataFrame(
        {
            "sex": ["F", None, "F"],
            "age_group": ["under_18", "60_plus", None],
            "died_in_custody": [None] * 3,
        }
    )
    assert counted(people, "sex") == {"F": (2, 0), "M": (0, 0), "(unknown)": (1, 0)}
    ages = counted(people, "age_group")
    assert list(ages) == ["under_18", "18_29", "30_44", "45_59", "60_plus", "(unknown)"]
    assert ages["under_18"] == (1, 0) and ages["(unknown)"] == (1, 0)


def test_counting_by_something_else_is_refused() -> None:
    with pytest.raises(UnknownBreakdown, match="month"):
        documented_counts(pd.DataFrame({"sex": ["F"]}), "colour")


def test_rates_for_a_department_are_per_100k_adults_of_the_gazetteer() -> None:
    people = pd.DataFrame(
        {
            "department": ["06", "06", "06", "01", None],
            "died_in_custody": ["yes", "no", None, None, "yes"],
        }
    )
    rates = rates_by_department(people)
    assert len(rates) == 14
    assert rates.attrs["unknown"] == 1
    row = rates.set_index("department").loc["06"]
    adults = department("06").adults_2024_est
    assert row["name"] == "San Salvador"
    assert row["adults"] == adults
    assert row["detained"] == 3
    assert row["per_100k_adults"] == pytest.approx(3 / adults * 100_000)
    assert row["share_of_adults"] == pytest.approx(3 / adults)
    assert row["died"] == 1
    assert row["deaths_per_100k_adults"] == pytest.approx(100_000 / adults)
    assert rates.set_index("department").loc["14", "detained"] == 0
