"""ingest_file end to end on small Salvadoran lists: what is accepted, quarantined, warned."""

from __future__ import annotations

import pandas as pd
import pytest
from ingest_helpers import COLUMNS, GOOD, HEADER, mapping, write_csv

from habeas.domain.gazetteer import lookup_place
from habeas.domain.schema import RECORD_COLUMNS
from habeas.ingest import EXTRA_COLUMNS, MissingColumns, ingest_file


def row(**changes: str) -> tuple[str, ...]:
    """GOOD with some cells changed, by header."""
    cells = dict(zip(HEADER, GOOD, strict=True))
    cells.update({HEADER[list(COLUMNS).index(k)]: v for k, v in changes.items()})
    return tuple(cells.values())


def test_it_turns_a_clean_row_into_a_canonical_record(ingest_rows):
    result = ingest_rows([GOOD])

    assert list(result.records.columns) == [*RECORD_COLUMNS, *EXTRA_COLUMNS]
    rec = result.records.iloc[0]
    assert rec["source"] == "cdh"
    assert rec["record_id"] == "CDH-001"
    assert rec["full_name"] == "José Antonio Hernández López"
    assert (rec["given_names"], rec["surname_1"], rec["surname_2"]) == (
        "José Antonio",
        "Hernández",
        "López",
    )
    assert rec["dui"] == "01234567-8" and rec["dui_status"] == "valid"
    assert rec["arrest_date"] == "2022-03-27"
    assert rec["sex"] == "M"
    assert rec["residence_district"] == lookup_place("Soyapango").district_code
    assert rec["residence_department"] == "06"
    assert rec["authority"] == "pnc"
    assert rec["row"] == 2
    assert rec["raw"] == dict(zip(HEADER, GOOD, strict=True))
    assert rec["warnings"] == []
    assert rec["narrative"] is None  # unknown is None, not NaN or ""
    assert result.n_rows == 1 and result.quarantined == () and result.warnings == ()


def test_every_record_column_holds_python_objects_not_pandas_missing_values(ingest_rows):
    records = ingest_rows([GOOD, row(record_id="CDH-002", dui="")]).records

    assert all(records[c].dtype == object for c in RECORD_COLUMNS)
    assert records.loc[1, "dui"] is None
    assert records["row"].tolist() == [2, 3]


def test_an_unreadable_date_quarantines_the_row_and_names_file_row_column_and_value(ingest_rows):
    result = ingest_rows([GOOD, row(record_id="CDH-002", arrest_date="31/02/2022")])

    assert result.records["record_id"].tolist() == ["CDH-001"]
    [q] = result.quarantined
    [problem] = q.problems
    assert q.row == 3
    assert problem.severity == "error"
    assert problem.code == "date_impossible"
    assert problem.params == {"value": "31/02/2022", "day": "31", "month": "02", "year": "2022"}
    assert str(problem) == (
        "cdh.csv, fila 3, columna 'Fecha de captura' (arrest_date): "
        "no se puede leer la fecha '31/02/2022': el día 31 no existe en 02/2022"
    )
    assert problem.render("en") == (
        "cdh.csv, row 3, column 'Fecha de captura' (arrest_date): "
        "cannot read date '31/02/2022': day 31 does not exist in 02/2022"
    )
    assert problem.message == "cannot read date '31/02/2022': day 31 does not exist in 02/2022"


def test_a_day_and_month_swapped_by_the_list_is_an_error_not_a_silent_swap(ingest_rows):
    result = ingest_rows([row(arrest_date="03/27/2022")])

    assert len(result.quarantined) == 1
    assert result.records.empty


def test_the_date_order_of_the_mapping_reads_month_first_lists(ingest_rows):
    result = ingest_rows([row(arrest_date="03/27/2022")], date_order="mdy")

    assert result.records.loc[0, "arrest_date"] == "2022-03-27"


@pytest.mark.parametrize("written", ["marzo 2022", "marzo de 2022", "03/2022", "2022-03"])
def test_a_month_precision_date_is_kept_as_year_and_month(ingest_rows, written):
    result = ingest_rows([row(arrest_date=written)])

    assert result.records.loc[0, "arrest_date"] == "2022-03"


def test_a_dui_with_a_wrong_check_digit_is_kept_with_a_warning(ingest_rows):
    result = ingest_rows([row(dui="01234567-2")])

    rec = result.records.iloc[0]
    assert rec["dui"] == "01234567-2"
    assert rec["dui_status"] == "bad_check_digit"
    [warning] = result.warnings
    assert warning.severity == "warning" and warning.field == "dui"
    assert rec["warnings"] == [str(warning)]


def test_a_malformed_dui_is_dropped_with_a_warning_and_the_row_kept(ingest_rows):
    result = ingest_rows([row(dui="0123-4567")])

    rec = result.records.iloc[0]
    assert rec["dui"] is None and rec["dui_status"] == "malformed"
    assert rec["raw"]["DUI"] == "0123-4567"
    assert "0123-4567" in result.warnings[0].message


def test_a_missing_dui_is_no_problem(ingest_rows):
    result = ingest_rows([row(dui="N/A")])

    assert result.records.loc[0, "dui_status"] == "missing"
    assert result.warnings == ()


def test_a_repeated_record_id_quarantines_the_later_row(ingest_rows):
    result = ingest_rows([GOOD, row(full_name="Ana Ruth Martínez"), row(record_id="CDH-002")])

    [q] = result.quarantined
    assert q.row == 3
    [problem] = q.problems
    assert (problem.code, problem.params) == (
        "record_id_duplicate",
        {"value": "CDH-001", "first_row": "2"},
    )
    assert "duplicate record_id 'CDH-001', first seen on row 2" in problem.render("en")
    assert "record_id 'CDH-001' repetido, visto antes en la fila 2" in str(problem)
    assert result.records["row"].tolist() == [2, 4]


def test_an_empty_record_id_quarantines_the_row(ingest_rows):
    result = ingest_rows([row(record_id="  ")])

    [q] = result.quarantined
    assert q.problems[0].code == "record_id_missing"
    assert "record id is empty" in q.reasons_in("en")
    assert "(record_id) está vacío" in q.reasons


def test_a_list_without_identifiers_can_use_the_row_number(ingest_rows):
    columns = {k: v for k, v in COLUMNS.items() if k != "record_id"} | {"record_id": "@row"}
    result = ingest_rows([GOOD, GOOD], columns=columns)

    assert result.records["record_id"].tolist() == ["2", "3"]


def test_a_row_with_no_name_no_alias_and_no_dui_cannot_be_identified(ingest_rows):
    result = ingest_rows([row(full_name="", dui="")])

    [q] = result.quarantined
    assert q.problems[0].column is None
    assert q.problems[0].code == "no_identity"
    assert "no way to identify the person" in q.problems[0].render("en")
    assert "no hay cómo identificar a la persona" in str(q.problems[0])


@pytest.mark.parametrize(
    ("full_name", "dui"), [("", "01234567-8"), ("alias El Flaco", ""), ("Hernández", "")]
)
def test_a_dui_an_alias_or_a_single_name_is_enough_to_identify(ingest_rows, full_name, dui):
    result = ingest_rows([row(full_name=full_name, dui=dui)])

    assert len(result.records) == 1


def test_an_alias_in_the_name_goes_to_the_alias_field(ingest_rows):
    result = ingest_rows([row(full_name='Juan Carlos Pérez Rivas alias "El Flaco"')])

    rec = result.records.iloc[0]
    assert rec["alias"] == "El Flaco"
    assert (rec["given_names"], rec["surname_1"], rec["surname_2"]) == (
        "Juan Carlos",
        "Pérez",
        "Rivas",
    )
    assert rec["full_name"] == 'Juan Carlos Pérez Rivas alias "El Flaco"'


def test_surnames_first_lists_are_split_by_the_name_order(ingest_rows):
    result = ingest_rows(
        [row(full_name="HERNÁNDEZ LÓPEZ JOSÉ ANTONIO")], name_order="surnames_first"
    )

    rec = result.records.iloc[0]
    assert (rec["given_names"], rec["surname_1"], rec["surname_2"]) == (
        "José Antonio",
        "Hernández",
        "López",
    )


def test_a_married_surname_is_recognised(ingest_rows):
    rec = ingest_rows([row(full_name="María Elena Rivas de Gómez")]).records.iloc[0]

    assert rec["married_surname"] == "Gómez"
    assert rec["surname_1"] == "Rivas"


def test_name_columns_of_the_list_win_over_the_split_full_name(ingest_rows):
    header = (*HEADER, "Apodo", "Nombres")
    columns = COLUMNS | {"alias": "Apodo", "given_names": "Nombres"}
    result = ingest_rows(
        [(*row(full_name="José Hernández alias Chepe"), "el Chele", "JOSÉ  ANTONIO")],
        header=header,
        columns=columns,
    )

    rec = result.records.iloc[0]
    assert rec["alias"] == "El Chele"
    assert rec["given_names"] == "José Antonio"
    assert rec["surname_1"] == "Hernández"


def test_value_maps_are_applied_before_the_parsers_ignoring_case_and_accents(ingest_rows):
    values = {"authority": {"Los de la moto": "pnc", "Militares y policías": "joint"}}
    result = ingest_rows(
        [
            row(authority="LOS DE LA MOTO"),
            row(record_id="2", authority="militares y policias"),
            row(record_id="3", authority="Soldados"),  # no map: the vocabulary reads it
        ],
        values=values,
    )

    assert result.records["authority"].tolist() == ["pnc", "joint", "faes"]


def test_a_value_map_to_an_empty_string_means_unknown(ingest_rows):
    result = ingest_rows([row(sex="Sin información")], values={"sex": {"Sin información": ""}})

    assert result.records.loc[0, "sex"] is None and result.warnings == ()


@pytest.mark.parametrize("sex", ["Q", "Otro", "3"])
def test_an_unreadable_sex_is_an_error(ingest_rows, sex):
    result = ingest_rows([row(sex=sex)])

    assert result.quarantined[0].problems[0].field == "sex"


def test_an_unknown_authority_label_is_recorded_as_other_with_a_warning(ingest_rows):
    result = ingest_rows([row(authority="Agentes del CAM de la alcaldía vecina")])

    assert result.records.loc[0, "authority"] == "other"
    assert result.records.loc[0, "raw"]["Captor"] == "Agentes del CAM de la alcaldía vecina"
    assert result.warnings[0].field == "authority"


def test_yes_no_fields_are_read_and_an_unreadable_answer_is_an_error(ingest_rows):
    header = (*HEADER, "¿Le mostraron orden?")
    columns = COLUMNS | {"warrant_shown": "¿Le mostraron orden?"}
    result = ingest_rows(
        [(*GOOD, "Sí"), (*row(record_id="2"), "NO"), (*row(record_id="3"), "quizás")],
        header=header,
        columns=columns,
    )

    assert result.records["warrant_shown"].tolist() == ["yes", "no"]
    assert result.quarantined[0].row == 4
    assert "quizás" in result.quarantined[0].reasons


def test_multi_valued_cells_are_split_on_the_separator_of_the_file(ingest_rows):
    header = (*HEADER, "Grupo")
    columns = COLUMNS | {"groups": "Grupo"}
    result = ingest_rows(
        [(*GOOD, "periodista, sindicalista"), (*row(record_id="2"), "estudiante, astronauta")],
        header=header,
        columns=columns,
        multi_separator=",",
    )

    assert result.records["groups"].tolist() == ["journalist;union_member", "student"]
    assert "astronauta" in result.warnings[0].message  # groups has no "other": left out


def test_ages_are_read_in_the_ways_lists_write_them(ingest_rows):
    header = (*HEADER, "Edad")
    columns = COLUMNS | {"age": "Edad"}
    ages = ["34", "34 años", "34.0", "", "200", "treinta"]
    rows = [(*row(record_id=str(i)), age) for i, age in enumerate(ages)]
    result = ingest_rows(rows, header=header, columns=columns)

    assert result.records["age"].tolist() == ["34", "34", "34", None]
    assert [q.raw["Edad"] for q in result.quarantined] == ["200", "treinta"]


def test_a_municipality_fills_the_department_only(ingest_rows):
    result = ingest_rows([row(residence_district="San Salvador Centro")])

    rec = result.records.iloc[0]
    assert rec["residence_district"] is None
    assert rec["residence_department"] == "06"
    assert "municipality" in result.warnings[0].message


def test_an_unknown_place_is_a_warning_and_the_raw_value_is_kept(ingest_rows):
    result = ingest_rows([row(residence_district="Colonia Escalón")])

    rec = result.records.iloc[0]
    assert rec["residence_district"] is None
    assert rec["raw"]["Municipio"] == "Colonia Escalón"
    assert result.warnings[0].field == "residence_district"


def test_the_department_of_residence_settles_a_district_name_two_departments_share(ingest_rows):
    header = (*HEADER, "Departamento")
    columns = COLUMNS | {"residence_department": "Departamento"}
    result = ingest_rows(
        [(*row(residence_district="San Lorenzo"), "San Vicente")], header=header, columns=columns
    )

    rec = result.records.iloc[0]
    assert rec["residence_district"] == lookup_place("San Lorenzo", department="10").district_code
    assert rec["residence_department"] == "10"
    assert result.warnings == ()


def test_an_unknown_detention_centre_is_other_with_a_warning(ingest_rows):
    header = (*HEADER, "Penal")
    columns = COLUMNS | {"detention_centre": "Penal"}
    result = ingest_rows(
        [(*GOOD, "Mariona"), (*row(record_id="2"), "Penal de Narnia")],
        header=header,
        columns=columns,
    )

    assert result.records["detention_centre"].tolist() == ["la_esperanza", "other"]
    assert len(result.warnings) == 1


DATES = ("Captura", "Audiencia", "Libertad", "Muerte", "Nacimiento", "¿Murió?")
DATE_COLUMNS = {
    "record_id": "N° expediente",
    "full_name": "Nombre completo",
    "arrest_date": "Captura",
    "first_hearing_date": "Audiencia",
    "released_date": "Libertad",
    "death_date": "Muerte",
    "birth_date": "Nacimiento",
    "died_in_custody": "¿Murió?",
}


@pytest.mark.parametrize(
    ("cells", "field"),
    [
        (("10/04/2022", "", "", "01/04/2022", "", "Sí"), "death_date"),
        (("10/04/2022", "", "02/04/2022", "", "", ""), "released_date"),
        (("10/04/2022", "05/04/2022", "", "", "", ""), "first_hearing_date"),
        (("10/04/2022", "", "", "", "11/04/2022", ""), "birth_date"),
        (("10/04/2022", "", "", "01/08/2022", "", "No"), "died_in_custody"),
    ],
)
def test_dates_in_an_unlikely_order_are_warnings_and_the_row_is_kept(ingest_rows, cells, field):
    result = ingest_rows(
        [("1", "Carlos Ernesto Mejía", *cells)],
        header=("N° expediente", "Nombre completo", *DATES),
        columns=DATE_COLUMNS,
    )

    assert len(result.records) == 1
    assert [w.field for w in result.warnings] == [field]


def test_a_month_precision_date_is_not_flagged_when_it_may_be_in_order(ingest_rows):
    result = ingest_rows(
        [("1", "Carlos Ernesto Mejía", "27/03/2022", "", "marzo 2022", "", "", "")],
        header=("N° expediente", "Nombre completo", *DATES),
        columns=DATE_COLUMNS,
    )

    assert result.warnings == ()


def test_defaults_fill_fields_the_list_does_not_have_or_leaves_blank(ingest_rows):
    header = (*HEADER, "Quién denuncia")
    columns = COLUMNS | {"reporter_relationship": "Quién denuncia"}
    result = ingest_rows(
        [(*GOOD, "Hermana"), (*row(record_id="2"), "")],
        header=header,
        columns=columns,
        defaults={"reporter_relationship": "madre", "death_cause": "unknown"},
    )

    assert result.records["reporter_relationship"].tolist() == ["sibling", "mother"]
    assert result.records["death_cause"].tolist() == ["unknown", "unknown"]


def test_a_huge_cell_is_an_error_with_per_field_limits(ingest_rows):
    header = (*HEADER, "Relato", "Ocupación", "Notas internas")
    columns = COLUMNS | {"narrative": "Relato", "occupation": "Ocupación"}
    story = "Lo sacaron de su casa en la colonia a las 5 de la mañana. "
    rows = [
        (*row(record_id="ok"), story * 250, "Vendedor", ""),  # 15,000 characters: fine
        (*row(record_id="long story"), story * 400, "", ""),  # 24,000: over 20,000
        (*row(record_id="long job"), "", "x" * 600, ""),
        (*row(record_id="long name", full_name="José " * 50), "", "", ""),
        (*row(record_id="long note"), "", "", "n" * 12_000),
    ]
    result = ingest_rows(rows, header=header, columns=columns)

    assert result.records["record_id"].tolist() == ["ok"]
    assert [q.problems[0].column for q in result.quarantined] == [
        "Relato",
        "Ocupación",
        "Nombre completo",
        "Notas internas",
    ]
    assert {p.code for q in result.quarantined for p in q.problems} == {"cell_too_long"}
    length = f"{len((story * 400).strip()):,}"
    assert result.quarantined[0].problems[0].params == {"length": length, "limit": "20,000"}
    assert f"{length} characters" in result.quarantined[0].reasons_in("en")
    assert f"la celda tiene {length} caracteres" in result.quarantined[0].reasons


def test_every_problem_of_a_row_is_reported_together(ingest_rows):
    result = ingest_rows([row(arrest_date="ayer", sex="Q", dui="01234567-2")])

    [q] = result.quarantined
    assert [(p.field, p.severity) for p in q.problems] == [
        ("dui", "warning"),
        ("arrest_date", "error"),
        ("sex", "error"),
    ]


def test_every_quarantined_row_keeps_all_its_raw_cells(ingest_rows):
    header = (*HEADER, "Observaciones")
    bad = (*row(arrest_date="31/02/2022"), "Madre busca información")
    result = ingest_rows([bad], header=header)

    assert result.quarantined[0].raw == dict(zip(header, bad, strict=True))


def test_a_column_named_in_the_mapping_but_missing_from_the_file_stops_the_import(tmp_path):
    path = write_csv(tmp_path / "cdh.csv", [GOOD[:-1]], HEADER[:-1])

    with pytest.raises(MissingColumns) as info:
        ingest_file(path, mapping())

    message = str(info.value)
    assert message.startswith("cdh.csv: ")
    assert "'Captor' (authority)" in message
    assert "Columns found: 'N° expediente'" in message
    assert info.value.missing == {"authority": "Captor"}


def test_headers_match_ignoring_case_accents_and_spacing(ingest_rows):
    header = (
        "Nº EXPEDIENTE",
        "NOMBRE  COMPLETO",
        "dui",
        "Fecha de Captura",
        "SEXO",
        "municipio",
        "CAPTOR",
    )
    result = ingest_rows([GOOD], header=header)

    assert result.records.loc[0, "surname_1"] == "Hernández"


def test_the_result_counts_add_up(ingest_rows):
    result = ingest_rows([GOOD, row(record_id="2", sex="?x"), row(record_id="3", dui="1")])

    assert result.n_rows == 3 == len(result.records) + len(result.quarantined)
    assert "3 rows read, 2 imported, 1 quarantined, 1 warnings" in result.summary()
    assert isinstance(result.records, pd.DataFrame)
    assert len(result.sha256) == 64
