"""Which comparison level a pair of hand-written Salvadoran records lands in.

Records are written directly in the prepared columns (folded names, phonetic keys,
valid/any DUI...), so these tests check the comparisons alone, not the preparation.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd
import pytest
from splink.internals.comparison_creator import ComparisonCreator

from habeas.linkage.comparisons import (
    AliasComparison,
    ArrestDateComparison,
    BirthComparison,
    DetentionCentreComparison,
    DuiComparison,
    ExactComparison,
    GivenNameComparison,
    PlaceComparison,
    SurnameComparison,
    default_comparisons,
)
from habeas.linkage.model import MODEL_COLUMNS, for_splink


def record(**values: Any) -> dict[str, Any]:
    """A prepared record: every model column missing unless given."""
    row = dict.fromkeys(MODEL_COLUMNS)
    row.update(values)
    if row["given_all"] is None and row["given_1"] is not None:
        row["given_all"] = " ".join(v for v in (row["given_1"], row["given_2"]) if v)
    return row


def level_of(comparison: ComparisonCreator, left: dict[str, Any], right: dict[str, Any]) -> str:
    """The label of the first level whose condition holds, as Splink's CASE WHEN does."""
    table = for_splink(pd.DataFrame([left, right]))
    con = duckdb.connect()
    con.register("t", table)
    cols = ", ".join(
        f'a."{c}" AS "{c}_l", b."{c}" AS "{c}_r"' for c in MODEL_COLUMNS if c != "unique_id"
    )
    con.execute(
        f"CREATE TABLE pair AS SELECT {cols} FROM (SELECT * FROM t LIMIT 1) a, "
        "(SELECT * FROM t OFFSET 1) b"
    )
    for level in comparison.create_comparison_dict("duckdb")["comparison_levels"]:
        sql = level["sql_condition"]
        if sql == "ELSE":
            return level["label_for_charts"]
        if con.execute(f"SELECT coalesce(({sql}), false) FROM pair").fetchone()[0]:
            return level["label_for_charts"]
    raise AssertionError("no level matched and no ELSE level")


JOSE = record(
    given_1="jose",
    given_2="antonio",
    given_1_phonetic="jose",
    surname_1="hernandez",
    surname_2="lopez",
    surname_1_phonetic="ernandes",
    surname_2_phonetic="lopes",
)


# Given names


def test_a_missing_second_given_name_is_first_name_only() -> None:
    only_first = record(given_1="jose", given_1_phonetic="jose")
    label = level_of(GivenNameComparison(), JOSE, only_first)
    assert label == "first given name equal, second missing on one side"


def test_both_given_names_equal_is_the_top_level() -> None:
    assert level_of(GivenNameComparison(), JOSE, dict(JOSE)) == "all given names equal"


def test_a_person_going_by_the_second_given_name_is_crossed() -> None:
    antonio = record(given_1="antonio", given_1_phonetic="antonio")
    label = level_of(GivenNameComparison(), JOSE, antonio)
    assert label == "first given name of one is the second of the other"


def test_b_and_v_in_a_given_name_sound_alike() -> None:
    a = record(given_1="wilber", given_1_phonetic="uilber")
    b = record(given_1="wilver", given_1_phonetic="uilber")
    assert (
        level_of(GivenNameComparison(), a, b) == "first given name sounds alike or one edit apart"
    )


def test_a_given_name_written_as_the_surname_is_swapped_not_different() -> None:
    # "Hernández José" read as given name "Hernández", surname "José".
    swapped = record(
        given_1="hernandez", given_1_phonetic="ernandes", surname_1="jose",
        surname_1_phonetic="jose",
    )  # fmt: skip
    label = "given name and first surname swapped"
    assert level_of(GivenNameComparison(), JOSE, swapped) == label
    assert level_of(GivenNameComparison(), swapped, JOSE) == label
    assert level_of(SurnameComparison(1), JOSE, swapped) == label


def test_different_given_names_fall_to_else() -> None:
    maria = record(given_1="maria", given_1_phonetic="maria")
    assert level_of(GivenNameComparison(), JOSE, maria) == "All other comparisons"


def test_a_record_without_given_names_is_neutral() -> None:
    alias_only = record(alias="el flaco")
    assert level_of(GivenNameComparison(), JOSE, alias_only) == "given name missing"


# Surnames


def test_swapped_surnames_land_in_the_crossed_level_of_both_surnames() -> None:
    swapped = record(
        surname_1="lopez", surname_2="hernandez", surname_1_phonetic="lopes",
        surname_2_phonetic="ernandes",
    )  # fmt: skip
    assert level_of(SurnameComparison(1), JOSE, swapped) == "surnames swapped"
    assert level_of(SurnameComparison(2), JOSE, swapped) == "surnames swapped"


def test_a_dropped_second_surname_is_neutral_not_against() -> None:
    one_surname = record(surname_1="hernandez", surname_1_phonetic="ernandes")
    assert level_of(SurnameComparison(1), JOSE, one_surname) == "surname_1 equal"
    assert level_of(SurnameComparison(2), JOSE, one_surname) == "surname_2 missing"


def test_a_swap_with_a_typo_is_crossed() -> None:
    swapped_typo = record(surname_1="lopes", surname_2="hernandez")
    assert level_of(SurnameComparison(1), JOSE, swapped_typo) == "surnames crossed"


def test_a_list_that_kept_only_the_maternal_surname_is_crossed() -> None:
    maternal_only = record(surname_1="lopez", surname_1_phonetic="lopes")
    assert level_of(SurnameComparison(1), JOSE, maternal_only) == "surnames crossed"


def test_de_married_surname_against_the_second_surname_of_another_list() -> None:
    # "María López de Gómez" and "María López Gómez".
    married = record(surname_1="lopez", married_surname="gomez", surname_1_phonetic="lopes")
    plain = record(
        surname_1="lopez", surname_2="gomez", surname_1_phonetic="lopes",
        surname_2_phonetic="gomes",
    )  # fmt: skip
    label = level_of(SurnameComparison(2), married, plain)
    assert label == "married surname of one is a surname of the other"


def test_de_married_surname_against_the_first_surname_of_another_list() -> None:
    # "Rosa Alvarado de Martínez" and "Rosa Martínez".
    married = record(surname_1="alvarado", married_surname="martinez")
    husband = record(surname_1="martinez", surname_1_phonetic="martines")
    label = level_of(SurnameComparison(1), married, husband)
    assert label == "married surname of one is a surname of the other"


def test_a_typo_in_a_surname_is_one_edit_apart() -> None:
    typo = record(surname_1="hernadez", surname_1_phonetic="ernades")
    assert level_of(SurnameComparison(1), JOSE, typo) == "surname_1 sounds alike or one edit apart"


def test_surname_z_and_s_sound_alike() -> None:
    a = record(surname_1="menjivar", surname_1_phonetic="menjibar")
    b = record(surname_1="menjibar", surname_1_phonetic="menjibar")
    assert level_of(SurnameComparison(1), a, b) == "surname_1 sounds alike or one edit apart"


def _swapped_pair_weight(
    left: tuple[str, str], right: tuple[str, str], frequency: dict[str, float]
) -> float:
    """The match weight of two records that differ only in their surnames, scored by a
    model of the two surname comparisons (Splink's default m and u), with the term
    frequencies of each surname given."""
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    def with_tf(uid: str, surnames: tuple[str, str]) -> dict[str, Any]:
        row = record(unique_id=uid, surname_1=surnames[0], surname_2=surnames[1])
        return {
            **row,
            "tf_surname_1": frequency[surnames[0]],
            "tf_surname_2": frequency[surnames[1]],
        }

    rows = [with_tf("a", left), with_tf("b", right)]
    creator = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[SurnameComparison(1), SurnameComparison(2)],
        blocking_rules_to_generate_predictions=[block_on("unique_id")],
    )
    db_api = DuckDBAPI()
    table = db_api.register(for_splink(pd.DataFrame(rows)), table_name="records")
    linker = Linker(table, creator)
    scored = linker.inference.score_pair(rows[0], rows[1]).as_pandas_dataframe()
    return float(scored.loc[0, "match_weight"])


def test_a_swapped_rare_pair_of_surnames_outweighs_a_swapped_common_pair() -> None:
    # Thousands of people are "Rivera López" or "López Rivera"; few "Menjívar Cuchilla".
    frequency = {"rivera": 0.03, "lopez": 0.05, "menjivar": 0.0005, "cuchilla": 0.0002}
    common = _swapped_pair_weight(("rivera", "lopez"), ("lopez", "rivera"), frequency)
    rare = _swapped_pair_weight(("menjivar", "cuchilla"), ("cuchilla", "menjivar"), frequency)
    assert rare > common + 5


def test_a_rare_surname_crossed_outweighs_a_common_one() -> None:
    # A list kept only the second surname, in first place.
    frequency = {"rivera": 0.03, "lopez": 0.05, "menjivar": 0.0005, "cuchilla": 0.0002}
    common = _swapped_pair_weight(
        ("rivera", "lopez"), ("lopez", "lopes"), frequency | {"lopes": 0.001}
    )
    rare = _swapped_pair_weight(
        ("menjivar", "cuchilla"), ("cuchilla", "cuchila"), frequency | {"cuchila": 0.0001}
    )
    assert rare > common


def test_surname_position_must_be_one_or_two() -> None:
    with pytest.raises(ValueError, match="1 or 2"):
        SurnameComparison(3)


# Alias


def test_alias_only_records_agree_on_the_alias() -> None:
    a, b = record(alias="el flaco"), record(alias="el flaco")
    assert level_of(AliasComparison(), a, b) == "alias equal"
    assert level_of(AliasComparison(), a, record(alias="el chele")) == "All other comparisons"


# DUI


def test_equal_valid_duis_are_the_top_level() -> None:
    a = record(dui="04145061-2", dui_any="04145061-2")
    assert level_of(DuiComparison(), a, dict(a)) == "valid DUI equal"


def test_a_bad_check_digit_dui_equal_as_written_is_weak_evidence() -> None:
    bad = record(dui=None, dui_any="04145061-3")
    assert level_of(DuiComparison(), bad, dict(bad)) == "DUI equal as written, check digit wrong"


def test_a_bad_check_digit_against_the_valid_dui_is_one_digit_apart() -> None:
    valid = record(dui="04145061-2", dui_any="04145061-2")
    typo = record(dui=None, dui_any="04145061-3")
    assert level_of(DuiComparison(), valid, typo) == "DUI one digit apart"


def test_two_different_valid_duis_are_evidence_against() -> None:
    a = record(dui="04145061-2", dui_any="04145061-2")
    b = record(dui="06818713-3", dui_any="06818713-3")
    assert level_of(DuiComparison(), a, b) == "both DUIs valid and different"


def test_a_one_digit_typo_with_a_recomputed_check_digit_is_not_evidence_against() -> None:
    # 04145061-2 with its fifth digit mistyped, and the check digit recomputed: two
    # valid DUIs, but not two people.
    from habeas.domain.dui import make_dui

    a = record(dui="04145061-2", dui_any="04145061-2")
    typo = make_dui("04146061")
    assert typo[-1] != "2"
    b = record(dui=typo, dui_any=typo)
    label = level_of(DuiComparison(), a, b)
    assert label == "first 8 digits one edit apart (check digit recomputed)"


def test_two_transposed_digits_with_a_recomputed_check_digit_are_one_edit_apart() -> None:
    from habeas.domain.dui import make_dui

    a, b = make_dui("04145061"), make_dui("04154061")
    label = level_of(DuiComparison(), record(dui=a, dui_any=a), record(dui=b, dui_any=b))
    assert label == "first 8 digits one edit apart (check digit recomputed)"


def test_a_missing_dui_is_neutral() -> None:
    a = record(dui="04145061-2", dui_any="04145061-2")
    assert level_of(DuiComparison(), a, record()) == "DUI missing"


# Birth date and age


def test_day_and_month_swapped_birth_dates() -> None:
    a = record(birth_date="1990-03-07", birth_year=1990, age_at_arrest=32)
    b = record(birth_date="1990-07-03", birth_year=1990, age_at_arrest=31)
    assert level_of(BirthComparison(), a, b) == "birth date with day and month swapped"


def test_a_birth_date_one_digit_apart() -> None:
    a = record(birth_date="1988-12-30", birth_year=1988)
    b = record(birth_date="1988-12-31", birth_year=1988)
    assert level_of(BirthComparison(), a, b) == "birth date one digit apart"


def test_an_age_only_record_within_a_year_of_a_birth_date() -> None:
    dated = record(birth_date="1985-10-10", birth_year=1985, age_at_arrest=36)
    age_only = record(age_at_arrest=37)
    assert level_of(BirthComparison(), dated, age_only) == "ages within 1 year"
    assert level_of(BirthComparison(), dated, record(age_at_arrest=38)) == "ages within 2 years"


def test_two_full_birth_dates_years_apart_disagree_whatever_the_ages() -> None:
    a = record(birth_date="1985-10-10", birth_year=1985, age_at_arrest=36)
    b = record(birth_date="1986-02-27", birth_year=1986, age_at_arrest=36)
    assert level_of(BirthComparison(), a, b) == "All other comparisons"


def test_no_date_and_no_age_is_neutral() -> None:
    a = record(birth_date="1985-10-10", birth_year=1985, age_at_arrest=36)
    assert level_of(BirthComparison(), a, record()) == "birth date and age missing"


# Places, arrest date, centre, sex


def test_neighbouring_districts_of_one_municipality_agree_partly() -> None:
    # Soyapango and Ilopango are both districts of San Salvador Este.
    a = record(residence_district="0617", residence_municipality="San Salvador Este")
    b = record(residence_district="0608", residence_municipality="San Salvador Este")
    assert level_of(PlaceComparison("residence"), a, b) == "same 2024 municipality"


def test_districts_of_one_department_agree_weakly() -> None:
    a = record(arrest_district="0617", arrest_municipality="San Salvador Este")
    b = record(arrest_district="0614", arrest_municipality="San Salvador Centro")
    assert level_of(PlaceComparison("arrest"), a, b) == "same department"


def test_arrest_dates_a_few_days_apart() -> None:
    a = record(arrest_date="2022-03-27", arrest_month="2022-03")
    b = record(arrest_date="2022-04-01", arrest_month="2022-04")
    assert level_of(ArrestDateComparison(), a, b) == "arrested within 7 days"


def test_a_month_only_arrest_date_is_compatible_with_a_day_in_that_month() -> None:
    a = record(arrest_date="2022-04-19", arrest_month="2022-04")
    b = record(arrest_date="2022-04", arrest_month="2022-04")
    assert level_of(ArrestDateComparison(), a, b) == "same month, one month-only"


def test_two_month_only_dates_are_not_the_same_day() -> None:
    a = record(arrest_date="2022-04", arrest_month="2022-04")
    assert level_of(ArrestDateComparison(), a, dict(a)) == "same month, one month-only"


def test_two_prisons_differ_but_police_cells_then_a_prison_do_not() -> None:
    cecot, izalco = record(detention_centre="cecot"), record(detention_centre="izalco")
    cells = record(detention_centre="police_cells")
    assert level_of(DetentionCentreComparison(), cecot, izalco) == "All other comparisons"
    label = level_of(DetentionCentreComparison(), cells, cecot)
    assert label == "one of them a transit or generic place"


def test_sex_is_exact_or_not() -> None:
    a, b, c = record(sex="M"), record(sex="M"), record(sex="F")
    assert level_of(ExactComparison("sex"), a, b) == "sex equal"
    assert level_of(ExactComparison("sex"), a, c) == "All other comparisons"


def test_every_default_comparison_has_a_null_and_an_else_level() -> None:
    for comparison in default_comparisons():
        levels = comparison.create_comparison_dict("duckdb")["comparison_levels"]
        assert levels[0].get("is_null_level") is True
        assert levels[-1]["sql_condition"] == "ELSE"


def test_term_frequencies_can_be_switched_off() -> None:
    def tf_columns(tf: bool) -> set[str]:
        found = set()
        for comparison in default_comparisons(term_frequencies=tf):
            for level in comparison.create_comparison_dict("duckdb")["comparison_levels"]:
                if level.get("tf_adjustment_column"):
                    found.add(level["tf_adjustment_column"])
        return found

    assert {"given_all", "given_1", "surname_1", "surname_2"} <= tf_columns(True)
    assert tf_columns(False) == set()
