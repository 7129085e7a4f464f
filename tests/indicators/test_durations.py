"""Provisional detention against 12 and 24 months; time from arrest to release."""

from __future__ import annotations

from datetime import date

import pandas as pd

from habeas.indicators import arrest_to_release, provisional_detention


def test_provisional_detention_against_12_calendar_months() -> None:
    people = pd.DataFrame(
        {
            "provisional_detention_date": ["2022-04-06"] * 5 + [None],
            "released_date": ["2023-04-06", "2023-04-07", None, "2023-04", None, "2022-05-01"],
            "died_in_custody": [None, None, None, None, "yes", None],
        }
    )
    summary, checks = provisional_detention(people, snapshot=date(2023, 4, 7))
    twelve, twenty_four = checks
    assert (twelve.key, twelve.limit_months, twelve.limit_days) == ("cpp_provisional_12m", 12, None)
    # Released on the anniversary: within. The day after: beyond. Still held at the
    # snapshot (7 April 2023): beyond. Released "April 2023": cannot tell. Died with no
    # date: unknown. The last person was never in provisional detention: not counted.
    assert (twelve.beyond, twelve.within, twelve.undetermined, twelve.unknown) == (2, 1, 1, 1)
    assert (twenty_four.beyond, twenty_four.within) == (0, 4)
    assert (summary.key, summary.known, summary.unknown) == ("provisional_detention", 4, 1)
    assert summary.median_days == 366.0  # 365, 366, 366 and 360..389 days


def test_a_release_after_the_snapshot_counts_to_the_snapshot() -> None:
    people = pd.DataFrame(
        {"provisional_detention_date": ["2022-04-06"], "released_date": ["2024-01-01"]}
    )
    summary, checks = provisional_detention(people, snapshot=date(2022, 4, 16))
    assert summary.max_days == 10.0
    assert checks[0].within == 1


def test_time_from_arrest_to_release_is_over_people_released() -> None:
    people = pd.DataFrame(
        {
            "arrest_date": ["2022-04-01", "2022-04-01", None, "2022-04-01"],
            "released_date": ["2022-04-21", None, "2022-05-01", "2022-03-01"],
        }
    )
    summary = arrest_to_release(people)
    # The second was not released; the third has no arrest date; the fourth is
    # released before the arrest (inconsistent): unknown.
    assert (summary.key, summary.known, summary.unknown) == ("arrest_to_release", 1, 2)
    assert summary.median_days == 20.0
