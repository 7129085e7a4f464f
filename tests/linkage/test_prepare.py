"""prepare_records: the columns the linkage model compares, from a hand-made records table."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from habeas.domain.dui import DuiStatus, check_dui, make_dui
from habeas.domain.errors import HabeasError
from habeas.linkage.prepare import PREPARED_COLUMNS, DuplicateRecordId, prepare_records

CONTRACT_COLUMNS = [
    "unique_id", "source", "record_id", "given_1", "given_2", "given_all", "given_1_phonetic",
    "surname_1", "surname_2", "married_surname", "surname_1_phonetic", "surname_2_phonetic",
    "alias", "sex", "dui", "dui_any", "birth_date", "birth_year", "age_at_arrest",
    "arrest_date", "arrest_month", "residence_district", "residence_municipality",
    "residence_department", "arrest_district", "arrest_municipality", "detention_centre",
    "died_in_custody", "death_date",
]  # fmt: skip

NONE = None
# fmt: off
ROWS = [
    # source, record_id, full_name, given_names, surname_1, surname_2, married_surname, alias,
    # sex, dui, birth_date, age, arrest_date, residence_district, arrest_district
    ("cdh", "CDH-001", "JOSE ANTONIO HERNANDEZ LOPEZ", NONE, NONE, NONE, NONE, NONE,
     "M", "04567890-3", "1990-05-10", NONE, "2022-04-02", "0614", "0614"),
    ("cdh", "CDH-002", NONE, "Chepe", "Hernández", "López", NONE, NONE,
     "M", "04567890-4", "1990-05", NONE, "2022-04", "0614", NONE),
    ("socorro", "17", NONE, NONE, NONE, NONE, NONE, "El Flaco",
     NONE, "0456-7890", NONE, "34", "2022-05-01", "9999", NONE),
    ("socorro", "18", "Carmen Rosa Núñez Flores de Gómez", NONE, NONE, NONE, NONE, NONE,
     "F", NONE, "1975-12-31", "40", "2022-12-30", "601", NONE),
    ("madres", "A-1", NONE, "María de los Ángeles", "De la O", NONE, "Gómez", NONE,
     "F", "12345678-4", NONE, NONE, "2023-01", NONE, "0101"),
    ("madres", "A-2", 'Juan Pérez alias "El Chele"', NONE, NONE, NONE, NONE, "Chelito",
     "Masculino", "N/A", NONE, "ochenta", NONE, NONE, NONE),
]
# fmt: on
FIELDS = [
    "source",
    "record_id",
    "full_name",
    "given_names",
    "surname_1",
    "surname_2",
    "married_surname",
    "alias",
    "sex",
    "dui",
    "birth_date",
    "age",
    "arrest_date",
    "residence_district",
    "arrest_district",
]  # fmt: skip


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return pd.DataFrame(ROWS, columns=FIELDS)


@pytest.fixture(scope="module")
def prepared(records: pd.DataFrame) -> pd.DataFrame:
    return prepare_records(records).set_index("unique_id", drop=False)


def test_the_output_has_exactly_the_contract_columns_in_order(prepared: pd.DataFrame) -> None:
    assert list(PREPARED_COLUMNS) == CONTRACT_COLUMNS
    assert list(prepared.columns) == CONTRACT_COLUMNS


def test_it_keeps_one_row_per_record_in_order_with_unique_ids(
    records: pd.DataFrame, prepared: pd.DataFrame
) -> None:
    assert len(prepared) == len(records)
    assert prepared["unique_id"].tolist() == [f"{s}|{r}" for s, r, *_ in ROWS]
    assert prepared["unique_id"].is_unique


def test_missing_values_are_none_never_blank_or_nan(prepared: pd.DataFrame) -> None:
    assert all(dtype is np.dtype(object) for dtype in prepared.dtypes)
    for column in prepared.columns:
        for value in prepared[column]:
            assert value != "", column
            assert not (isinstance(value, float) and math.isnan(value)), column


def test_it_splits_a_full_name_when_the_row_has_no_split_names(prepared: pd.DataFrame) -> None:
    row = prepared.loc["cdh|CDH-001"]
    assert (row.given_1, row.given_2, row.given_all) == ("jose", "antonio", "jose antonio")
    assert (row.surname_1, row.surname_2) == ("hernandez", "lopez")
    assert (row.surname_1_phonetic, row.surname_2_phonetic) == ("ernandes", "lopes")


def test_split_names_are_folded_and_nicknames_canonicalised(prepared: pd.DataFrame) -> None:
    row = prepared.loc["cdh|CDH-002"]
    assert (row.given_1, row.given_2, row.given_1_phonetic) == ("jose", None, "jose")
    assert (row.surname_1, row.surname_2) == ("hernandez", "lopez")


def test_a_record_known_only_by_its_alias_keeps_the_alias(prepared: pd.DataFrame) -> None:
    row = prepared.loc["socorro|17"]
    assert row.alias == "el flaco"
    assert row.given_1 is None and row.surname_1 is None and row.given_1_phonetic is None


def test_married_names_keep_the_husbands_surname_apart(prepared: pd.DataFrame) -> None:
    split = prepared.loc["socorro|18"]
    assert (split.given_all, split.surname_1, split.surname_2) == ("carmen rosa", "nunez", "flores")
    assert split.married_surname == "gomez"
    given = prepared.loc["madres|A-1"]
    assert (given.surname_1, given.surname_1_phonetic) == ("de la o", "de la o")
    assert (given.given_1, given.given_2) == ("maria", "de los angeles")
    assert given.married_surname == "gomez"


def test_an_alias_column_wins_over_the_alias_inside_the_full_name(prepared: pd.DataFrame) -> None:
    row = prepared.loc["madres|A-2"]
    assert (row.given_1, row.surname_1, row.alias) == ("juan", "perez", "chelito")


def test_dui_holds_only_valid_duis_and_dui_any_keeps_a_bad_check_digit(
    prepared: pd.DataFrame,
) -> None:
    assert prepared.loc["cdh|CDH-001", "dui"] == "04567890-3"
    assert prepared.loc["cdh|CDH-001", "dui_any"] == "04567890-3"
    assert prepared.loc["cdh|CDH-002", "dui"] is None  # bad check digit
    assert prepared.loc["cdh|CDH-002", "dui_any"] == "04567890-4"
    for malformed_or_missing in ("socorro|17", "socorro|18", "madres|A-2"):
        assert prepared.loc[malformed_or_missing, "dui"] is None
        assert prepared.loc[malformed_or_missing, "dui_any"] is None


def test_age_at_arrest_comes_from_the_birth_date_before_the_age_column(
    prepared: pd.DataFrame,
) -> None:
    assert prepared.loc["cdh|CDH-001", "age_at_arrest"] == 31  # 1990-05-10 → 2022-04-02
    # Born 31 December 1975, arrested the day before the birthday: 46, not the 40 written.
    assert prepared.loc["socorro|18", "age_at_arrest"] == 46
    assert prepared.loc["socorro|17", "age_at_arrest"] == 34  # no birth date: the age column
    assert prepared.loc["madres|A-2", "age_at_arrest"] is None  # "ochenta" is not read
    assert prepared.loc["madres|A-1", "age_at_arrest"] is None


def test_month_precision_dates_keep_their_precision(prepared: pd.DataFrame) -> None:
    row = prepared.loc["cdh|CDH-002"]
    assert (row.arrest_date, row.arrest_month) == ("2022-04", "2022-04")
    # A birth month is not a birth date, but it still gives the year and an age.
    assert (row.birth_date, row.birth_year, row.age_at_arrest) == (None, 1990, 31)
    assert prepared.loc["cdh|CDH-001", "birth_date"] == "1990-05-10"
    assert prepared.loc["cdh|CDH-001", "arrest_month"] == "2022-04"


def test_places_are_known_districts_with_their_municipality_and_department(
    prepared: pd.DataFrame,
) -> None:
    row = prepared.loc["cdh|CDH-001"]
    assert (row.residence_district, row.residence_municipality) == ("0614", "San Salvador Centro")
    assert row.residence_department == "06"
    assert (row.arrest_district, row.arrest_municipality) == ("0614", "San Salvador Centro")
    assert prepared.loc["socorro|18", "residence_district"] == "0601"  # lost its leading zero
    unknown = prepared.loc["socorro|17"]
    assert unknown.residence_district is None
    assert unknown.residence_municipality is None and unknown.residence_department is None
    assert prepared.loc["madres|A-1", "arrest_municipality"] == "Ahuachapán Norte"


def test_sex_is_read_or_left_unknown(prepared: pd.DataFrame) -> None:
    assert prepared["sex"].tolist() == ["M", "M", None, "F", "F", "M"]


def test_it_reads_a_table_with_nan_cells_and_a_non_default_index() -> None:
    table = pd.DataFrame(
        {
            "source": ["cdh", "cdh"],
            "record_id": [1.0, 2.0],  # numbers from a spreadsheet
            "given_names": ["Rosa", np.nan],
            "surname_1": pd.array(["Ayala", None], dtype="str"),
            "dui": [np.nan, 4567890.0],  # a number that lost its leading zeros
            "died_in_custody": ["Sí", "quizás"],
            "detention_centre": ["cecot", "Penal de Mariona"],
            "death_date": ["2023-02-01", None],
        },
        index=[10, 3],
    )
    out = prepare_records(table)
    assert out.index.tolist() == [0, 1]
    assert out["unique_id"].tolist() == ["cdh|1", "cdh|2"]
    assert out["given_1"].tolist() == ["rosa", None]
    assert out["surname_1"].tolist() == ["ayala", None]
    assert out["dui_any"].tolist() == [None, check_dui(4567890.0).value]
    assert out["died_in_custody"].tolist() == ["yes", None]
    assert out.loc[0, "detention_centre"] == "cecot"
    assert out["death_date"].tolist() == ["2023-02-01", None]


def test_missing_ids_fall_back_on_the_row_number() -> None:
    out = prepare_records(pd.DataFrame({"full_name": ["Ana Ruiz", "Ana Ruiz"]}))
    assert out["unique_id"].tolist() == ["|1", "|2"]
    assert out["source"].tolist() == [None, None]


def test_it_refuses_two_rows_with_the_same_source_and_record_id() -> None:
    table = pd.DataFrame({"source": ["cdh", "cdh"], "record_id": ["7", "7"]})
    with pytest.raises(DuplicateRecordId, match=r"'cdh\|7'") as caught:
        prepare_records(table)
    assert isinstance(caught.value, HabeasError)


def test_an_empty_table_gives_an_empty_table_with_the_columns() -> None:
    out = prepare_records(pd.DataFrame())
    assert list(out.columns) == CONTRACT_COLUMNS and len(out) == 0


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(alphabet="0123456789", min_size=8, max_size=8), min_size=1, max_size=20))
def test_the_fast_dui_check_agrees_with_the_domain_check(firsts: list[str]) -> None:
    duis = [make_dui(f) for f in firsts] + [f"{f}-{(int(f[-1]) + 3) % 10}" for f in firsts]
    out = prepare_records(pd.DataFrame({"record_id": range(len(duis)), "dui": duis}))
    for raw, dui, dui_any in zip(duis, out["dui"], out["dui_any"], strict=True):
        checked = check_dui(raw)
        assert dui_any == checked.value
        assert dui == (checked.value if checked.status is DuiStatus.VALID else None)


name_text = st.one_of(
    st.none(), st.text(max_size=30), st.sampled_from(["de", "de la", "vda de", "alias", " "])
)


TEXT_COLUMNS = ("full_name", "given_names", "surname_1", "surname_2", "married_surname", "alias")
OTHER_COLUMNS = ("sex", "birth_date", "age", "dui", "residence_district", "died_in_custody")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.fixed_dictionaries({name: name_text for name in TEXT_COLUMNS + OTHER_COLUMNS}),
        min_size=1,
        max_size=5,
    )
)
def test_it_never_raises_on_arbitrary_text_in_name_columns(rows: list[dict]) -> None:
    out = prepare_records(pd.DataFrame(rows))
    assert list(out.columns) == CONTRACT_COLUMNS and len(out) == len(rows)
    assert not out.isin([""]).any().any()
