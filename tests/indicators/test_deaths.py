"""Deaths in custody: by place, by reported cause, signs of violence, time after arrest."""

from __future__ import annotations

import pandas as pd

from habeas.indicators import arrest_to_death, death_causes, deaths_by_centre, violence_share

PEOPLE = pd.DataFrame(
    {
        "died_in_custody": ["yes", "yes", "yes", "no", None],
        "death_place": ["hospital", None, None, None, None],
        "detention_centre": ["izalco", "izalco", None, "cecot", "cecot"],
        "death_cause": ["violence", None, "violence", "illness", None],
        "signs_of_violence": ["yes", None, "no", "yes", "yes"],
        "arrest_date": ["2022-04-01", "2022-05", None, "2022-04-01", None],
        "death_date": ["2022-04-11", "2022-05-31", "2022-06-01", None, None],
    }
)


def test_deaths_by_centre_use_the_place_of_death_else_the_centre() -> None:
    table = deaths_by_centre(PEOPLE)
    assert list(table.columns) == ["centre", "name", "deaths"]
    result = dict(zip(table["centre"], table["deaths"], strict=True))
    assert result == {"hospital": 1, "izalco": 1, "(unknown)": 1}
    assert table["centre"].iloc[-1] == "(unknown)"
    assert "cecot" not in result  # the living are not counted


def test_death_causes_include_the_unknown() -> None:
    table = death_causes(PEOPLE)
    assert dict(zip(table["cause"], table["deaths"], strict=True)) == {
        "violence": 2,
        "(unknown)": 1,
    }


def test_signs_of_violence_are_a_share_of_deaths_with_an_answer() -> None:
    share = violence_share(PEOPLE)
    assert (share.key, share.yes, share.known, share.unknown) == ("signs_of_violence", 1, 2, 1)


def test_time_from_arrest_to_death() -> None:
    summary = arrest_to_death(PEOPLE)
    # 10 days; "2022-05" to 31 May is 0..30 days (midpoint 15); the third has no arrest.
    assert (summary.key, summary.known, summary.unknown) == ("arrest_to_death", 2, 1)
    assert (summary.median_days, summary.max_days) == (12.5, 15.0)
