"""Due-process indicators: shares with unknowns, and time to a judge against each limit."""

from __future__ import annotations

import pandas as pd
import pytest

from habeas.indicators import (
    arrest_shares,
    counsel_share,
    domestic_rules_table,
    hearing_delay,
    hearing_limit_checks,
    hearing_type_share,
    whereabouts_share,
)


def test_arrest_shares_count_only_known_answers() -> None:
    people = pd.DataFrame(
        {
            "warrant_shown": ["yes", "no", "no", None],
            "in_flagrante": ["no", None, None, None],
            "grounds": ["community;prior_record", "community", None, "none_stated"],
        }
    )
    shares = {s.key: s for s in arrest_shares(people)}
    assert list(shares) == [
        "warrant_shown",
        "in_flagrante",
        "grounds_prior_record",
        "grounds_community",
        "grounds_none_stated",
    ]
    assert (shares["warrant_shown"].yes, shares["warrant_shown"].known) == (1, 3)
    assert shares["warrant_shown"].unknown == 1
    assert (shares["in_flagrante"].yes, shares["in_flagrante"].known) == (0, 1)
    assert (shares["grounds_community"].yes, shares["grounds_community"].known) == (2, 3)
    assert shares["grounds_community"].unknown == 1
    assert shares["grounds_none_stated"].yes == 1


def test_an_unknown_counsel_answer_is_never_a_no() -> None:
    share = counsel_share(pd.DataFrame({"counsel_access": ["yes", None, None, "no"]}))
    assert (share.key, share.yes, share.known, share.unknown) == ("counsel_access", 1, 2, 2)
    assert share.share == 0.5


def test_mass_hearing_share_is_over_mass_and_individual_hearings() -> None:
    share = hearing_type_share(pd.DataFrame({"hearing_type": ["mass", "mass", "individual", None]}))
    assert (share.key, share.yes, share.known, share.unknown) == ("mass_hearing", 2, 3, 1)


def test_whereabouts_unknown_when_more_than_n_days_passed() -> None:
    people = pd.DataFrame(
        {
            "arrest_date": ["2022-04-01"] * 5,
            "whereabouts_known_date": ["2022-04-08", "2022-04-09", "2022-04", None, "2022-05"],
        }
    )
    share = whereabouts_share(people)
    # 7 days: no; 8 days: yes; "2022-04" cannot tell; missing: unknown; May: certainly > 7.
    assert (share.key, share.yes, share.known, share.unknown) == ("whereabouts_unknown_7d", 2, 3, 2)
    assert whereabouts_share(people, days=30).key == "whereabouts_unknown_30d"


def checks(arrests: list[str | None], hearings: list[str | None]) -> dict[str, tuple[int, ...]]:
    people = pd.DataFrame({"arrest_date": arrests, "first_hearing_date": hearings})
    return {
        c.key: (c.beyond, c.within, c.undetermined, c.unknown) for c in hearing_limit_checks(people)
    }


@pytest.mark.parametrize(
    ("hearing", "iccpr", "constitution"),
    [
        ("2022-04-03", (0, 1, 0, 0), (0, 1, 0, 0)),  # 2 calendar days: within 48 h
        ("2022-04-04", (1, 0, 0, 0), (0, 1, 0, 0)),  # 3 days: beyond 48 h, within 72 h
        ("2022-04-05", (1, 0, 0, 0), (1, 0, 0, 0)),  # 4 days: beyond both
        ("2022-04", (0, 0, 1, 0), (0, 0, 1, 0)),  # month only: cannot tell
        (None, (0, 0, 0, 1), (0, 0, 0, 1)),  # no hearing date: unknown
    ],
)
def test_time_to_a_judge_against_48_and_72_hours(
    hearing: str | None, iccpr: tuple[int, ...], constitution: tuple[int, ...]
) -> None:
    result = checks(["2022-04-01"], [hearing])
    assert result["iccpr_48h"] == iccpr
    assert result["constitution_72h"] == constitution


def test_time_to_a_judge_against_15_days() -> None:
    result = checks(["2022-04-01", "2022-04-01", "2022-04-01"], ["2022-04-16", "2022-04-17", None])
    assert result["regime_15d"] == (1, 1, 0, 1)


def test_a_hearing_dated_before_the_arrest_is_unknown_not_within() -> None:
    assert checks(["2022-04-10"], ["2022-04-01"])["iccpr_48h"] == (0, 0, 0, 1)


def test_each_person_is_held_to_the_domestic_rule_of_their_arrest_day() -> None:
    # Five days to a judge: beyond the 72 hours of ordinary times (20 March 2022),
    # within the 15 days of the state of exception (from 27 March 2022).
    result = checks(["2022-03-20", "2022-04-01"], ["2022-03-25", "2022-04-06"])
    assert result["domestic_in_force"] == (1, 1, 0, 0)
    assert result["iccpr_48h"] == (2, 0, 0, 0)


def test_an_arrest_month_spanning_the_change_of_rule_is_judged_leniently() -> None:
    # An arrest in "March 2022" may fall under 72 h or 15 days: 20+ days is beyond both;
    # 5 to 35 days cannot be decided.
    result = checks(["2022-03", "2022-03"], ["2022-04-20", "2022-04-05"])
    assert result["domestic_in_force"] == (1, 0, 1, 0)


def test_domestic_rules_table_counts_people_under_each_rule() -> None:
    people = pd.DataFrame({"arrest_date": ["2022-03-20", "2022-04-01", "2023-01", "2022-03", None]})
    table = domestic_rules_table(people).set_index("rule_code")["people"].to_dict()
    assert table == {
        "constitution_72h": 1,
        "regime_15d": 2,
        "undetermined": 1,
        "unknown": 1,
    }


def test_hearing_delay_uses_the_midpoint_of_partial_dates() -> None:
    people = pd.DataFrame(
        {
            "arrest_date": ["2022-04-01", "2022-04-30", None],
            "first_hearing_date": ["2022-04-11", "2022-05", "2022-04-02"],
        }
    )
    delay = hearing_delay(people)
    # 10 days, and 1..31 days (midpoint 16); the third has no arrest date.
    assert (delay.key, delay.known, delay.unknown) == ("arrest_to_first_hearing", 2, 1)
    assert delay.max_days == 16.0
