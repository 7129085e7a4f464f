"""The per-kind normalisers: what each kind of cell becomes, and what is an error."""

from __future__ import annotations

import datetime as dt

import pytest

from habeas.ingest.fields import field_normaliser, normalise_column
from habeas.ingest.normalise import (
    normalise_age,
    normalise_code,
    normalise_codes,
    normalise_date,
    normalise_department,
    normalise_dui,
    normalise_text,
    normalise_yesno,
)


@pytest.mark.parametrize(
    ("cell", "age"),
    [("34", "34"), ("34 años", "34"), ("34.0", "34"), (34.0, "34"), (0, "0"), ("110", "110")],
)
def test_ages_are_whole_years(cell, age):
    assert normalise_age(cell).value == age


@pytest.mark.parametrize("cell", ["111", "-3", "34.5", 34.5, "treinta y cuatro", "3 meses"])
def test_other_ages_are_errors(cell):
    out = normalise_age(cell)

    assert out.value is None and out.issues[0][0] == "error"


def test_a_spreadsheet_date_cell_is_read_as_a_date():
    assert normalise_date(dt.datetime(2022, 3, 27, 0, 0)).value == "2022-03-27"


def test_an_impossible_date_is_an_error_naming_the_value_and_the_day():
    [issue] = normalise_date("31/02/2022").issues

    assert (issue.severity, issue.code) == ("error", "date_impossible")
    assert issue.params == {"value": "31/02/2022", "day": "31", "month": "02", "year": "2022"}


@pytest.mark.parametrize(
    ("cell", "code", "es"),
    [
        ("31 de junio de 2022", "date_impossible", "el día 31 no existe en 06/2022"),
        (
            "03/27/2022",
            "date_month_impossible",
            "el mes 27 no existe (la columna se lee como día/mes/año)",
        ),
        ("27/03/1850", "date_year_out_of_range", "el año 1850 está fuera de 1900-2099"),
        ("27/03", "date_year_missing", "falta el año"),
        ("44647", "date_bare_number", "un número solo no es una fecha"),
        (44647.0, "date_bare_number", "un número solo no es una fecha"),
        ("ayer", "date_unreadable", "no es una forma de escribir fechas"),
    ],
)
def test_each_kind_of_unreadable_date_has_its_own_code(cell, code, es):
    [issue] = normalise_date(cell).issues

    assert issue.code == code
    assert es in issue.render("es")
    assert issue.render("en").startswith("cannot read date")


def test_dui_statuses():
    assert normalise_dui("01234567-8").detail == "valid"
    assert normalise_dui(12345678.0).value == "01234567-8"
    assert normalise_dui("01234567-2").issues[0][0] == "warning"
    assert normalise_dui("abc").value is None


def test_unknown_hearing_types_fall_back_to_unknown_as_the_vocabulary_has_no_other():
    assert normalise_code("audiencia rara", vocabulary="hearing_type").value == "unknown"


def test_multi_valued_cells_keep_each_code_once():
    out = normalise_codes("periodista; Periodista; estudiante", vocabulary="groups")

    assert out.value == "journalist;student"


@pytest.mark.parametrize("cell", ["06", "San Salvador", "SV-SS", "depto. de San Salvador"])
def test_departments_are_read_from_codes_and_names(cell):
    assert normalise_department(cell).value == "06"


def test_yes_no_reads_booleans_from_json_and_spreadsheets():
    assert normalise_yesno(True).value == "yes"
    assert normalise_yesno(0.0).value == "no"


def test_text_over_its_limit_is_an_error():
    assert normalise_text("x" * 501).issues[0][0] == "error"
    assert normalise_text("x" * 501, limit=20_000).value == "x" * 501


def test_a_column_is_normalised_once_per_distinct_value_keeping_types_apart():
    calls = []

    def spy(cell):
        calls.append(cell)
        return normalise_yesno(cell)

    outcomes = normalise_column(spy, ["Sí", "Sí", True, 1, 1.0, "Sí"])

    assert [o.value for o in outcomes] == ["yes"] * 6
    assert calls == ["Sí", True, 1, 1.0]


def test_a_field_normaliser_applies_its_value_map_first():
    f = field_normaliser("authority", value_map={"los de la moto": "pnc"})

    assert f("Los de la Moto").value == "pnc"
    assert f("Soldados").value == "faes"
