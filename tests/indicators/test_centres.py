"""Occupancy of detention centres at each month's end, from the custody dates."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from habeas.indicators import occupancy
from habeas.indicators.centres import BadFrequency


def held(frame: pd.DataFrame, centre: str) -> dict[str, int]:
    rows = frame[frame["centre"] == centre]
    return dict(zip(rows["month"], rows["held"], strict=True))


def test_people_are_counted_at_each_month_end_until_they_leave() -> None:
    people = pd.DataFrame(
        {
            "detention_centre": ["izalco", "izalco", "izalco", "cecot"],
            "arrest_date": ["2022-04-30", "2022-05-01", "2022-04", "2022-05-15"],
            "released_date": ["2022-05-01", None, None, None],
            "died_in_custody": [None, None, "yes", None],
            "death_date": [None, None, "2022-06-03", None],
        }
    )
    frame = occupancy(people, snapshot=date(2022, 7, 10))
    assert list(frame.columns) == ["month", "centre", "name", "held", "capacity"]
    # Released on 1 May: held at the end of April only. Arrested on 1 May: from May on.
    # Died in June: held at the end of April and May.
    assert held(frame, "izalco") == {"2022-04": 2, "2022-05": 2, "2022-06": 1, "2022-07": 1}
    assert held(frame, "cecot") == {"2022-04": 0, "2022-05": 1, "2022-06": 1, "2022-07": 1}
    capacity = dict(zip(frame["centre"], frame["capacity"], strict=False))
    assert capacity["cecot"] == 40000
    assert capacity["izalco"] is None
    assert frame.attrs["left_out"] == 0


def test_people_who_cannot_be_placed_are_left_out_and_counted() -> None:
    people = pd.DataFrame(
        {
            "detention_centre": ["izalco", None, "izalco", "izalco"],
            "arrest_date": ["2022-04-02", "2022-04-02", "2022-04-02", "2023-01-05"],
            "died_in_custody": [None, None, "yes", None],
            "death_date": [None, None, None, None],
        }
    )
    frame = occupancy(people, snapshot=date(2022, 5, 31))
    assert held(frame, "izalco") == {"2022-04": 1, "2022-05": 1}
    # No centre; died on an unknown date; arrested after the snapshot.
    assert frame.attrs["left_out"] == 3


def test_only_monthly_occupancy_is_offered() -> None:
    with pytest.raises(BadFrequency):
        occupancy(pd.DataFrame(), snapshot=date(2022, 5, 31), freq="week")
