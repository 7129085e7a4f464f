"""people_facts: one row per person, by the majority, earliest-date and union rules."""

from __future__ import annotations

import pandas as pd
import pytest

from habeas.indicators import PEOPLE_COLUMNS, BadRecords, NotLinked, people_facts


def facts(**columns: list[object]) -> pd.DataFrame:
    """people_facts of records given column-wise, indexed by person_id."""
    return people_facts(pd.DataFrame(columns)).set_index("person_id")


def test_the_table_has_the_agreed_columns_one_row_per_person_sorted() -> None:
    people = people_facts(
        pd.DataFrame({"person_id": ["P2", "P1", "P2"], "source": ["prensa", "pddh", "pddh"]})
    )
    assert list(people.columns) == list(PEOPLE_COLUMNS)
    assert list(people["person_id"]) == ["P1", "P2"]
    assert list(people["n_records"]) == [1, 2]
    assert list(people["sources"]) == ["pddh", "pddh;prensa"]


def test_a_yes_no_field_takes_the_majority_and_missing_values_do_not_vote() -> None:
    people = facts(
        person_id=["P1", "P1", "P1", "P2", "P2", "P2"],
        counsel_access=["yes", "yes", "no", "no", None, None],
    )
    assert people.loc["P1", "counsel_access"] == "yes"
    assert people.loc["P2", "counsel_access"] == "no"


def test_a_tie_between_yes_and_no_is_unknown() -> None:
    people = facts(person_id=["P1", "P1"], warrant_shown=["yes", "no"])
    assert people.loc["P1", "warrant_shown"] is None


def test_a_tie_between_codes_is_unknown_and_unknown_is_not_a_code() -> None:
    people = facts(
        person_id=["P1", "P1", "P2", "P2", "P2"],
        authority=["pnc", "faes", "pnc", "pnc", "faes"],
        hearing_type=["mass", "individual", "unknown", "unknown", "individual"],
    )
    assert people.loc["P1", "authority"] is None
    assert people.loc["P2", "authority"] == "pnc"
    assert people.loc["P1", "hearing_type"] is None
    # Two "unknown" do not outvote one "individual": they are missing values.
    assert people.loc["P2", "hearing_type"] == "individual"


def test_dates_take_the_earliest_with_month_precision_sorting_by_its_first_day() -> None:
    people = facts(
        person_id=["P1", "P1", "P2", "P2", "P3", "P3"],
        arrest_date=["2022-04-05", "2022-04", "2022-04", "2022-03-31", "2022-04-02", None],
    )
    assert people.loc["P1", "arrest_date"] == "2022-04"
    assert people.loc["P2", "arrest_date"] == "2022-03-31"
    assert people.loc["P3", "arrest_date"] == "2022-04-02"
    assert people.loc["P1", "arrest_month"] == "2022-04"


def test_a_date_not_in_iso_form_is_refused_naming_the_column() -> None:
    with pytest.raises(BadRecords, match="first_hearing_date"):
        facts(person_id=["P1"], first_hearing_date=["05/04/2022"])


def test_died_in_custody_is_yes_if_any_record_says_so() -> None:
    people = facts(
        person_id=["P1", "P1", "P1", "P2", "P2", "P3"],
        died_in_custody=["no", "no", "yes", "no", None, None],
    )
    assert people.loc["P1", "died_in_custody"] == "yes"
    assert people.loc["P2", "died_in_custody"] == "no"
    assert people.loc["P3", "died_in_custody"] is None


def test_groups_and_grounds_take_the_union_and_none_is_dropped() -> None:
    people = facts(
        person_id=["P1", "P1", "P1", "P2", "P3"],
        groups=["journalist", "student;journalist", "none", "none", None],
        grounds=["community", "prior_record;community", None, None, "other"],
    )
    assert people.loc["P1", "groups"] == "journalist;student"
    assert people.loc["P2", "groups"] == ""  # known: in no targeted group
    assert people.loc["P3", "groups"] is None  # nobody said
    assert people.loc["P1", "grounds"] == "community;prior_record"
    assert people.loc["P2", "grounds"] is None


@pytest.mark.parametrize(
    ("arrest", "age", "group"),
    [
        ("2022-04-01", 17, "under_18"),  # 17 years and 364 days
        ("2022-04-02", 18, "18_29"),  # the 18th birthday
    ],
)
def test_age_at_arrest_comes_from_the_birth_date(arrest: str, age: int, group: str) -> None:
    people = facts(person_id=["P1"], birth_date=["2004-04-02"], arrest_date=[arrest], age=["40"])
    assert people.loc["P1", "age"] == age
    assert people.loc["P1", "age_group"] == group


def test_the_stated_age_is_used_when_the_dates_cannot_tell() -> None:
    people = facts(
        person_id=["P1", "P2", "P3"],
        birth_date=["2004-04", "2004-04", None],
        arrest_date=["2022-04-10", "2022-04-10", None],
        age=["17", None, "61"],
    )
    assert people.loc["P1", "age"] == 17
    assert people.loc["P2", "age"] is None
    assert people.loc["P2", "age_group"] is None
    assert people.loc["P3", "age_group"] == "60_plus"


def test_department_is_of_residence_else_of_the_arrest_district() -> None:
    people = facts(
        person_id=["P1", "P2", "P3", "P4"],
        residence_department=["5", None, None, None],
        residence_district=["0608", "0608", None, None],
        arrest_district=["1201", "1201", "1201", None],
    )
    assert list(people["department"]) == ["05", "06", "12", None]


def test_missing_columns_are_unknown_for_everyone() -> None:
    people = facts(person_id=["P1"])
    row = people.loc["P1"].drop(["n_records"])
    assert row.isna().all()


def test_records_without_a_person_say_to_run_link() -> None:
    with pytest.raises(NotLinked, match="habeas link"):
        people_facts(pd.DataFrame({"source": ["pddh"]}))
    with pytest.raises(NotLinked, match="1 records"):
        people_facts(pd.DataFrame({"person_id": ["P1", None]}))
