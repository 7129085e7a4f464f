"""The microdata export: the proof that what goes out is k-anonymous and nothing more."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from habeas.domain.vocab import VOCABULARIES
from habeas.report.kanon import (
    MICRODATA_COLUMNS,
    QUASI_IDENTIFIERS,
    is_k_anonymous,
    microdata,
    smallest_class,
)
from habeas.report.public import PublicExportError

AGES = ["under_18", "18_29", "30_44", "45_59", "60_plus"]
DEPARTMENTS = [f"{i:02d}" for i in range(1, 15)]


def person(i: int, **facts: object) -> dict[str, object]:
    """A person with every column of the people-facts table plus fields that must not leak."""
    row: dict[str, object] = {
        "person_id": f"PID-{i:05d}",
        "n_records": 1,
        "sources": "cdh",
        "sex": "F",
        "age": 30,
        "age_group": "30_44",
        "department": "06",
        "residence_district": "0608",
        "arrest_district": "0608",
        "arrest_date": "2022-04-03",
        "arrest_month": "2022-04",
        "authority": "pnc",
        "grounds": "gang_membership",
        "groups": "",
        "warrant_shown": "no",
        "in_flagrante": None,
        "counsel_access": "no",
        "hearing_type": "mass",
        "whereabouts_known_date": "2022-04-20",
        "first_hearing_date": "2022-04-20",
        "provisional_detention_date": None,
        "released_date": None,
        "detention_centre": "cecot",
        "died_in_custody": "no",
        "death_date": None,
        "death_place": None,
        "death_cause": None,
        "signs_of_violence": None,
        "given_names": "Nombre Inventado",
        "dui": "04567890-3",
        "narrative": "relato libre 2022-04-03",
    }
    row.update(facts)
    return row


def people_of(rows: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(person(0)), dtype=object)


# --- the k-anonymity helpers ---------------------------------------------------------


def test_smallest_class_counts_missing_values_as_a_value_of_their_own() -> None:
    frame = pd.DataFrame({"sex": ["F", "F", None, None, None], "zone": "central"}, dtype=object)

    assert smallest_class(frame, ["sex", "zone"]) == 2
    assert is_k_anonymous(frame, ["sex", "zone"], 2)
    assert not is_k_anonymous(frame, ["sex", "zone"], 3)


def test_an_empty_frame_has_no_class_and_is_trivially_k_anonymous() -> None:
    frame = pd.DataFrame({"sex": []}, dtype=object)

    assert smallest_class(frame, ["sex"]) == 0
    assert is_k_anonymous(frame, ["sex"], 5)


# --- the ladder -----------------------------------------------------------------------


def test_nothing_is_coarsened_when_the_finest_levels_are_already_k_anonymous() -> None:
    people = people_of([person(i) for i in range(5)])

    rows, report = microdata(people, k=5)

    assert report.levels == {
        "arrest_period": "quarter",
        "age_group": "age_group",
        "death_cause": "cause",
        "department": "department",
    }
    assert rows["arrest_period"].tolist() == ["2022-Q2"] * 5
    assert report.rows_suppressed == 0


def test_quarters_become_half_years_when_quarters_are_too_small() -> None:
    people = people_of(
        [person(i, arrest_date="2022-02-01") for i in range(3)]
        + [person(i, arrest_date="2022-05-01") for i in range(3, 6)]
    )

    rows, report = microdata(people, k=5)

    assert report.levels["arrest_period"] == "half"
    assert rows["arrest_period"].tolist() == ["2022-H1"] * 6
    assert report.levels["department"] == "department"


def test_departments_become_zones_when_departments_are_too_small() -> None:
    people = people_of([person(i, department=f"0{1 + i % 3}") for i in range(6)])

    rows, report = microdata(people, k=5)

    assert report.levels["department"] == "zone"
    assert set(rows["department"]) == {"western"}
    assert report.rows_out == 6


def test_rows_left_in_small_classes_after_the_ladder_are_removed_and_counted() -> None:
    # Sex is never generalised: one man among women cannot be hidden.
    people = people_of([person(i) for i in range(6)] + [person(6, sex="M")])

    rows, report = microdata(people, k=5)

    assert report.rows_in == 7
    assert report.rows_out == 6
    assert report.rows_suppressed == 1
    assert set(rows["sex"]) == {"F"}


def test_the_cause_of_death_is_published_only_for_deaths() -> None:
    people = people_of(
        [person(i, died_in_custody="yes", death_cause="illness") for i in range(5)]
        + [person(i, died_in_custody="no", death_cause="illness") for i in range(5, 10)]
    )

    rows, _ = microdata(people, k=5)

    assert set(zip(rows["died_in_custody"], rows["death_cause"], strict=True)) == {
        ("yes", "illness"),
        ("no", None),
    }


@pytest.mark.parametrize(
    ("hearing", "band"),
    [
        ("2022-04-05", "<=2 days (48 h)"),
        ("2022-04-06", "3 days (72 h)"),
        ("2022-04-18", "4-15 days"),
        ("2022-04-19", ">15 days"),
        ("2022-04", None),
        ("2022-04-01", None),  # before the arrest: an error in the data, not a band
    ],
)
def test_days_to_first_hearing_fall_in_bands_at_the_legal_limits(
    hearing: str, band: str | None
) -> None:
    people = people_of([person(0, arrest_date="2022-04-03", first_hearing_date=hearing)])

    rows, _ = microdata(people, k=1)

    assert rows["days_to_first_hearing_band"].tolist() == [band]


def test_row_numbers_are_shuffled_not_taken_from_the_input_order() -> None:
    # given: 40 people in one class, the first 20 shown a warrant, the last 20 not
    people = people_of([person(i, warrant_shown="yes" if i < 20 else "no") for i in range(40)])

    # when
    rows, _ = microdata(people, k=5, seed=0)
    again, _ = microdata(people, k=5, seed=0)
    other, _ = microdata(people, k=5, seed=1)

    # then
    assert rows["row"].tolist() == list(range(1, 41))
    assert rows["warrant_shown"].tolist() != ["yes"] * 20 + ["no"] * 20
    assert rows.equals(again)
    assert not rows.equals(other)


def test_a_k_below_one_is_refused() -> None:
    with pytest.raises(PublicExportError, match="k must be"):
        microdata(people_of([person(0)]), k=0)


# --- the proof -----------------------------------------------------------------------

_dates = st.builds(
    lambda y, m, d, form: (
        f"{y}-{m:02d}-{d:02d}" if form == "day" else f"{y}-{m:02d}" if form == "month" else None
    ),
    st.integers(2022, 2024),
    st.integers(1, 12),
    st.integers(1, 28),
    st.sampled_from(["day", "day", "month", "none"]),
)

_people = st.lists(
    st.fixed_dictionaries(
        {
            "sex": st.sampled_from(["F", "M", None, "x"]),
            "age_group": st.sampled_from([*AGES, None]),
            "department": st.sampled_from([*DEPARTMENTS, None, "Soyapango"]),
            "arrest_date": _dates,
            "first_hearing_date": _dates,
            "groups": st.sampled_from(["", None, "journalist", "journalist;student", "lawyer"]),
            "died_in_custody": st.sampled_from(["yes", "no", "no", None]),
            "death_cause": st.sampled_from([*VOCABULARIES["death_cause"].codes, None]),
            "warrant_shown": st.sampled_from(["yes", "no", None]),
            "counsel_access": st.sampled_from(["yes", "no", None]),
            "hearing_type": st.sampled_from(["individual", "mass", None]),
            "death_date": _dates,
        }
    ),
    max_size=80,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=_people, k=st.sampled_from([2, 5, 10]), seed=st.integers(0, 1000))
def test_microdata_of_any_people_table_is_k_anonymous_and_holds_nothing_else(
    facts: list[dict[str, object]], k: int, seed: int
) -> None:
    people = people_of([person(i, **f) for i, f in enumerate(facts)])

    rows, report = microdata(people, k=k, seed=seed)

    assert is_k_anonymous(rows, QUASI_IDENTIFIERS, k)
    assert set(rows.columns) <= set(MICRODATA_COLUMNS)
    assert report.rows_in == len(people) == report.rows_out + report.rows_suppressed
    assert report.rows_out == len(rows)
    assert sorted(rows["row"]) == list(range(1, len(rows) + 1))
    assert report.smallest_class == smallest_class(rows, QUASI_IDENTIFIERS)
    assert report.smallest_class >= k or len(rows) == 0
    values = {str(v) for column in rows.columns for v in rows[column] if v is not None}
    assert not any(re.search(r"\d{4}-\d{2}-\d{2}", v) for v in values)
    assert not values & set(people["person_id"])
    assert not values & {"0608", "Soyapango", "x", "04567890-3", "Nombre Inventado"}
