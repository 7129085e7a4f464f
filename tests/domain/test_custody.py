"""Custody as dated steps, and durations between partial dates."""

from __future__ import annotations

import math

import pytest

from habeas.domain.custody import (
    CustodyError,
    CustodyStep,
    StepKind,
    duration_days,
    step_duration_days,
    steps_from_record,
)
from habeas.domain.dates import PartialDate

RECORD = {
    "source": "cdh",
    "record_id": "CDH-2022-0147",
    "full_name": "José Antonio Hernández López",
    "arrest_date": "2022-04-02",
    "arrest_district": "0608",
    "detention_centre": "izalco",
    "whereabouts_known_date": "2022-04-09",
    "first_hearing_date": "2022-04-15",
    "hearing_type": "mass",
    "provisional_detention_date": "2022-04-15",
    "released_date": None,
    "died_in_custody": "yes",
    "death_date": "2022-06",
    "death_place": "izalco",
    "death_cause": "pulmonary_oedema",
}


def test_it_builds_the_steps_of_a_record_in_order() -> None:
    steps = steps_from_record(RECORD)
    assert [(s.kind, s.date.iso(), s.centre) for s in steps] == [
        (StepKind.ARREST, "2022-04-02", None),
        (StepKind.WHEREABOUTS_KNOWN, "2022-04-09", "izalco"),
        (StepKind.FIRST_HEARING, "2022-04-15", None),
        (StepKind.PROVISIONAL_DETENTION, "2022-04-15", "izalco"),
        (StepKind.DEATH, "2022-06", "izalco"),
    ]
    assert steps[0].note == "0608"
    assert steps[2].note == "mass"
    assert steps[-1].note == "pulmonary_oedema"


def test_time_to_first_hearing_is_13_days() -> None:
    steps = steps_from_record(RECORD)
    assert step_duration_days(steps, StepKind.ARREST, StepKind.FIRST_HEARING) == (13, 13)
    assert step_duration_days(steps, StepKind.ARREST, StepKind.RELEASE) is None


def test_a_month_precision_arrest_stays_before_a_hearing_in_the_same_month() -> None:
    steps = steps_from_record({"first_hearing_date": "2022-05-03", "arrest_date": "2022-05"})
    assert [s.kind for s in steps] == [StepKind.ARREST, StepKind.FIRST_HEARING]


def test_police_cells_add_a_police_custody_step_from_the_arrest() -> None:
    steps = steps_from_record({"arrest_date": "2023-01-10", "detention_centre": "police_cells"})
    assert [(s.kind, s.centre) for s in steps] == [
        (StepKind.ARREST, None),
        (StepKind.POLICE_CUSTODY, "police_cells"),
    ]


@pytest.mark.parametrize("empty", [None, "", "  ", math.nan])
def test_empty_dates_give_no_step(empty: object) -> None:
    steps = steps_from_record({"arrest_date": "2022-03-28", "released_date": empty})
    assert [s.kind for s in steps] == [StepKind.ARREST]


def test_a_death_without_a_date_gives_no_death_step() -> None:
    assert steps_from_record({"died_in_custody": "yes"}) == []


def test_a_non_canonical_date_is_an_error_naming_the_column() -> None:
    with pytest.raises(CustodyError, match="'first_hearing_date'"):
        steps_from_record({"first_hearing_date": "15/04/2022"})


def test_a_step_round_trips_through_a_dict() -> None:
    step = CustodyStep(StepKind.TRANSFER, PartialDate(2023, 2, 24), "cecot", "traslado")
    assert CustodyStep.from_dict(step.to_dict()) == step


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2022-03-27", "2022-04-11", (15, 15)),
        ("2022-03-27", "2022-03-27", (0, 0)),
        ("2022-03", "2022-04-11", (11, 41)),
        ("2022-04-02", "2022-05", (29, 59)),
        ("2022-04", "2022-04", (0, 29)),
        ("2022-04", "2022-04-10", (0, 9)),
        ("2022-04-20", "2022-04-02", (-18, -18)),
    ],
)
def test_durations_range_over_what_partial_dates_allow(
    start: str, end: str, expected: tuple[int, int]
) -> None:
    assert duration_days(PartialDate.from_iso(start), PartialDate.from_iso(end)) == expected
