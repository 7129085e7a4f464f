"""Reading lists as organisations really send them: encodings, delimiters, XLSX, JSON."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import openpyxl
import pytest
from ingest_helpers import COLUMNS, GOOD, HEADER, csv_text, mapping, write_csv

from habeas.ingest import EmptyFile, UnreadableFile, ingest_file
from habeas.ingest.errors import DuplicateColumns
from habeas.ingest.readers import cell_text, decode_bytes, read_table, sniff_delimiter

# -- encodings --------------------------------------------------------------------------


def test_a_windows_1252_file_is_detected_and_read_with_its_accents(tmp_path):
    path = write_csv(tmp_path / "cdh.csv", [GOOD], encoding="cp1252")
    assert "Hernández".encode() not in path.read_bytes()  # really not UTF-8

    result = ingest_file(path, mapping())

    assert result.encoding == "cp1252"
    assert result.records.loc[0, "surname_1"] == "Hernández"
    assert result.records.loc[0, "raw"]["N° expediente"] == "CDH-001"


def test_a_utf8_file_with_a_bom_leaves_no_bom_in_the_first_header(tmp_path):
    path = write_csv(tmp_path / "cdh.csv", [GOOD], encoding="utf-8-sig")

    result = ingest_file(path, mapping())

    assert result.encoding == "utf-8-sig"
    assert next(iter(result.records.loc[0, "raw"])) == "N° expediente"


def test_an_explicit_utf8_encoding_still_strips_a_bom_from_the_header(tmp_path):
    path = write_csv(tmp_path / "cdh.csv", [GOOD], encoding="utf-8-sig")

    result = ingest_file(path, mapping(encoding="utf-8"))

    assert result.records.loc[0, "record_id"] == "CDH-001"


def test_an_excel_unicode_text_export_utf16_with_tabs_is_read(tmp_path):
    path = tmp_path / "cdh.txt"
    path.write_bytes(csv_text(HEADER, [GOOD], delimiter="\t").encode("utf-16"))

    result = ingest_file(path, mapping())

    assert result.encoding == "utf-16"
    assert result.records.loc[0, "given_names"] == "José Antonio"


def test_utf16_without_a_bom_is_recognised_by_its_nul_bytes():
    text, used = decode_bytes("Nombre;DUI\r\nJosé;1\r\n".encode("utf-16-le"), "auto", "x.csv")

    assert used == "utf-16-le" and text.startswith("Nombre;DUI")


def test_bytes_invalid_in_windows_1252_fall_back_to_latin1():
    text, used = decode_bytes(b"Nombre\r\nJos\x81\r\n", "auto", "x.csv")

    assert used == "latin-1" and text.endswith("Jos\x81\r\n")


def test_a_wrong_explicit_encoding_names_the_file_and_line(tmp_path):
    path = write_csv(tmp_path / "cdh.csv", [GOOD], encoding="cp1252")

    with pytest.raises(UnreadableFile, match=r"cdh\.csv: line 1: byte 0xb0 is not valid utf-8"):
        ingest_file(path, mapping(encoding="utf-8"))


# -- delimiters and CSV shape -------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_delimiter_is_detected(tmp_path, delimiter):
    path = write_csv(tmp_path / "cdh.csv", [GOOD], delimiter=delimiter)

    result = ingest_file(path, mapping())

    assert result.records.loc[0, "dui"] == "01234567-8"


def test_a_comma_inside_names_does_not_fool_the_semicolon_detection():
    text = "Nombre;DUI;Fecha\nHERNÁNDEZ LÓPEZ, José;01234567-8;27/03/2022\nRIVAS, Ana;;\n"

    assert sniff_delimiter(text) == ";"


def test_a_one_column_list_reads_as_one_column():
    assert sniff_delimiter("Nombre\nJosé Hernández\n") == ","


def test_leading_zeros_and_text_cells_are_kept_as_written(tmp_path):
    path = write_csv(tmp_path / "cdh.csv", [("0123", *GOOD[1:])])

    result = ingest_file(path, mapping())

    assert result.records.loc[0, "record_id"] == "0123"


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "cdh.csv"
    path.write_bytes(b"")

    with pytest.raises(EmptyFile, match=r"cdh\.csv: the file is empty"):
        ingest_file(path, mapping())


def test_a_file_of_blank_lines_is_empty(tmp_path):
    path = tmp_path / "cdh.csv"
    path.write_bytes(b"\r\n \r\n")

    with pytest.raises(EmptyFile):
        ingest_file(path, mapping())


def test_a_header_without_rows_is_refused(tmp_path):
    path = write_csv(tmp_path / "cdh.csv", [])

    with pytest.raises(EmptyFile, match="header but no data rows"):
        ingest_file(path, mapping())


def test_a_row_with_more_cells_than_the_header_is_quarantined_with_every_cell(tmp_path):
    extra = (*GOOD[:1], "Hernández", "José Antonio", *GOOD[2:])  # an unquoted "Apellido, Nombre"
    path = write_csv(
        tmp_path / "cdh.csv", [extra, ("CDH-002", *GOOD[1:-1], "FAES", "", "")], delimiter=","
    )
    path.write_bytes(path.read_bytes().replace(b'"', b""))

    result = ingest_file(path, mapping())

    [q] = result.quarantined
    assert q.row == 2
    assert q.problems[0].code == "row_too_many_cells"
    assert q.problems[0].params == {"cells": "8", "columns": "7"}
    assert "8 cells but the header has 7 columns" in q.reasons_in("en")
    assert "la fila tiene 8 celdas pero el encabezado tiene 7 columnas" in q.reasons
    assert q.raw["(column H)"] == "PNC"
    assert result.records.loc[0, "authority"] == "faes"  # trailing empty cells are harmless


def test_a_row_with_fewer_cells_has_the_missing_ones_empty(tmp_path):
    path = write_csv(tmp_path / "cdh.csv", [GOOD[:3]])

    result = ingest_file(path, mapping())

    rec = result.records.iloc[0]
    assert rec["arrest_date"] is None
    assert rec["raw"]["Captor"] == ""


def test_blank_lines_are_skipped_but_row_numbers_stay_those_of_the_file(tmp_path):
    text = csv_text(HEADER, [GOOD]) + "\r\n;;;;;;\r\n" + csv_text(HEADER, [("2", "x", "", "ayer")])
    text = text.replace(";".join(HEADER) + "\r\n2;", "2;", 1)  # drop the second header
    path = tmp_path / "cdh.csv"
    path.write_text(text, encoding="utf-8")

    result = ingest_file(path, mapping())

    assert result.n_rows == 2
    assert result.quarantined[0].row == 5


def test_a_quoted_cell_over_several_lines_counts_as_one_row(tmp_path):
    rows = [(*GOOD[:1], "José\nHernández", *GOOD[2:]), ("CDH-002", "Ana", "", "ayer", "", "", "")]
    path = write_csv(tmp_path / "cdh.csv", rows)

    result = ingest_file(path, mapping())

    assert result.records.loc[0, "full_name"] == "José\nHernández"
    assert result.quarantined[0].row == 3


def test_duplicated_header_names_are_kept_apart_when_the_mapping_does_not_use_them(tmp_path):
    header = (*HEADER, "Notas", "Notas", "")
    path = write_csv(tmp_path / "cdh.csv", [(*GOOD, "a", "b", "c")], header)

    result = ingest_file(path, mapping())

    raw = result.records.loc[0, "raw"]
    assert (raw["Notas"], raw["Notas (2)"], raw["(column J)"]) == ("a", "b", "c")


def test_a_duplicated_header_the_mapping_uses_stops_the_import(tmp_path):
    path = write_csv(tmp_path / "cdh.csv", [(*GOOD, "x")], (*HEADER, "DUI"))

    with pytest.raises(DuplicateColumns, match=r"cdh\.csv: column 'DUI' \(dui\) appears more"):
        ingest_file(path, mapping())


def test_an_unknown_kind_of_file_is_refused(tmp_path):
    path = tmp_path / "cdh.pdf"
    path.write_bytes(b"%PDF-1.4")

    with pytest.raises(UnreadableFile, match=r"cdh\.pdf: unknown kind of file '\.pdf'"):
        ingest_file(path, mapping())


def test_the_digest_is_that_of_the_file_bytes(tmp_path):
    path = write_csv(tmp_path / "cdh.csv", [GOOD])

    assert read_table(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


# -- spreadsheets ---------------------------------------------------------------------------


def _workbook(path: Path, rows: list[list[object]], title_rows: int = 0) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "Portada"
    book.active["A1"] = "Asesoría legal — casos del régimen de excepción"
    sheet = book.create_sheet("Casos")
    for _ in range(title_rows):
        sheet.append(["Listado de personas capturadas (uso interno)"])
    for r in rows:
        sheet.append(r)
    book.save(path)
    return path


def test_an_xlsx_sheet_with_date_cells_and_a_dui_stored_as_a_number_is_read(tmp_path):
    rows = [
        list(HEADER),
        ["A-14", "Ana Ruth Martínez Rivas", 12345678, dt.date(2022, 3, 27), "F", "Ilopango", "PNC"],
        ["A-15", "Mario Flores", 45678903.0, dt.datetime(2022, 4, 1), "M", "", "FAES"],
    ]
    path = _workbook(tmp_path / "asesoria.xlsx", rows)

    result = ingest_file(path, mapping(sheet="Casos"))

    assert result.sheet == "Casos" and result.encoding is None
    assert result.records["dui"].tolist() == ["01234567-8", "04567890-3"]
    assert result.records["arrest_date"].tolist() == ["2022-03-27", "2022-04-01"]
    assert result.records.loc[0, "raw"]["DUI"] == "12345678"
    assert result.records.loc[1, "raw"]["Fecha de captura"] == "2022-04-01"


def test_problems_in_a_spreadsheet_name_the_sheet(tmp_path):
    rows = [list(HEADER), ["A-14", "Ana Ruth Martínez", "", "31/02/2022", "F", "", ""]]
    path = _workbook(tmp_path / "asesoria.xlsx", rows, title_rows=13 - 1)

    result = ingest_file(path, mapping(sheet="Casos", header_row=13))

    problem = result.quarantined[0].problems[0]
    assert problem.render("en").startswith(
        "asesoria.xlsx, sheet 'Casos', row 14, column 'Fecha de captura' (arrest_date): cannot read"
    )
    assert str(problem).startswith(
        "asesoria.xlsx, hoja 'Casos', fila 14, columna 'Fecha de captura' (arrest_date): "
        "no se puede leer"
    )


def test_title_rows_above_the_header_are_skipped_with_header_row(tmp_path):
    path = _workbook(tmp_path / "asesoria.xlsx", [list(HEADER), list(GOOD)], title_rows=2)

    result = ingest_file(path, mapping(sheet="Casos", header_row=3))

    assert result.records.loc[0, "row"] == 4


def test_a_missing_sheet_names_the_sheets_there_are(tmp_path):
    path = _workbook(tmp_path / "asesoria.xlsx", [list(HEADER), list(GOOD)])

    with pytest.raises(UnreadableFile, match="no sheet 'Hoja1' \\(sheets: 'Portada', 'Casos'\\)"):
        ingest_file(path, mapping(sheet="Hoja1"))


def test_a_broken_spreadsheet_is_unreadable(tmp_path):
    path = tmp_path / "asesoria.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")

    with pytest.raises(UnreadableFile, match=r"asesoria\.xlsx: not a readable spreadsheet"):
        ingest_file(path, mapping())


# -- JSON -----------------------------------------------------------------------------------


def _record(**changes: object) -> dict[str, object]:
    return dict(zip(HEADER, GOOD, strict=True)) | changes


@pytest.mark.parametrize("wrap", [lambda rs: rs, lambda rs: {"records": rs, "exported": "2024"}])
def test_json_lists_are_read_as_an_array_or_under_records(tmp_path, wrap):
    path = tmp_path / "prensa.json"
    path.write_text(json.dumps(wrap([_record(), _record(**{"N° expediente": 2})])), "utf-8")

    result = ingest_file(path, mapping())

    assert result.records["record_id"].tolist() == ["CDH-001", "2"]
    assert result.records["row"].tolist() == [1, 2]


def test_a_nested_json_value_quarantines_its_record(tmp_path):
    records = [_record(), _record(**{"N° expediente": "2", "Captor": ["PNC", "FAES"]}), "texto"]
    path = tmp_path / "prensa.json"
    path.write_text(json.dumps(records, ensure_ascii=False), "utf-8")

    result = ingest_file(path, mapping())

    nested, text = result.quarantined
    assert nested.row == 2 and nested.problems[0].column == "Captor"
    assert nested.problems[0].code == "json_nested_value"
    assert nested.raw["Captor"] == '["PNC", "FAES"]'
    assert text.raw == {**dict.fromkeys(HEADER, ""), "(record)": "texto"}
    assert text.problems[0].code == "json_not_object"
    assert "not an object" in text.reasons_in("en")
    assert "no un objeto" in text.reasons


def test_json_numbers_nulls_and_missing_keys(tmp_path):
    rec = _record(DUI=12345678, Sexo=None)
    del rec["Captor"]
    path = tmp_path / "prensa.json"
    path.write_text(json.dumps([rec, _record(**{"N° expediente": "2"})]), "utf-8")

    result = ingest_file(path, mapping())

    first = result.records.iloc[0]
    assert first["dui"] == "01234567-8" and first["sex"] is None and first["authority"] is None
    assert first["raw"]["Captor"] == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[{"a": 1},', "not valid JSON"),
        ('{"casos": []}', "expected an array of objects"),
        ("[]", "no records"),
    ],
)
def test_bad_json_files_are_refused(tmp_path, content, message):
    path = tmp_path / "prensa.json"
    path.write_text(content, "utf-8")

    with pytest.raises((UnreadableFile, EmptyFile), match=message):
        ingest_file(path, mapping())


def test_cell_text_shows_spreadsheet_values_as_a_person_sees_them():
    assert cell_text(12345678.0) == "12345678"
    assert cell_text(34.5) == "34.5"
    assert cell_text(dt.datetime(2022, 3, 27, 14, 30)) == "2022-03-27 14:30:00"
    assert cell_text(float("nan")) == ""
    assert cell_text(True) == "true"
    assert COLUMNS["dui"] == "DUI"


# -- runaway cells ----------------------------------------------------------------------------


def test_a_cell_over_the_csv_modules_own_limit_quarantines_only_its_row(tmp_path):
    header = (*HEADER, "Relato")
    story = "Lo sacaron de su casa en la colonia a las 5 de la mañana. " * 3_400  # ~200,000
    rows = [(*GOOD, ""), ("CDH-002", *GOOD[1:], story), ("CDH-003", *GOOD[1:], "Madre")]
    path = write_csv(tmp_path / "cdh.csv", rows, header)
    assert len(story) > 131_072  # the csv module's default field_size_limit

    result = ingest_file(path, mapping(COLUMNS | {"narrative": "Relato"}))

    assert result.records["record_id"].tolist() == ["CDH-001", "CDH-003"]
    [q] = result.quarantined
    assert (q.row, q.raw["Relato"]) == (3, story)
    [problem] = q.problems
    assert (problem.code, problem.column, problem.value) == ("cell_too_long", "Relato", None)
    assert "comillas" not in str(problem)  # one long line is no sign of an open quote


def test_an_unclosed_quote_keeps_the_rows_it_swallowed_in_its_quarantined_row(tmp_path):
    later = [
        (f"CDH-{n:03d}", "Ana Ruth Martínez Rivas", "", "01/04/2022", "F", "", "")
        for n in range(3, 13)
    ]
    text = csv_text(HEADER, [GOOD, ("CDH-002", "José Hernández", *GOOD[2:]), *later])
    text = text.replace(";José Hernández;", ';"José Hernández;', 1)  # the quote never closes
    path = tmp_path / "cdh.csv"
    path.write_text(text, encoding="utf-8")

    result = ingest_file(path, mapping())

    assert result.records["record_id"].tolist() == ["CDH-001"]
    [q] = result.quarantined
    swallowed = q.raw["Nombre completo"]
    assert all(r[0] in swallowed for r in later)  # nothing lost
    assert swallowed.startswith("José Hernández;01234567-8;27/03/2022")
    problem = next(p for p in q.problems if p.code == "cell_too_long")
    assert problem.params["hint"] == "open_quote"
    assert "¿comillas sin cerrar?" in problem.render("es")
    assert "an unclosed quote?" in problem.render("en")
