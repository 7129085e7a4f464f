"""Rows the database cannot hold are refused to quarantine, with the reason."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import pytest

from habeas.ingest import IngestResult, ingest_file, read_mapping
from habeas.web.cases.rows import NUL_SHOWN, prepare_rows, without_nul

if TYPE_CHECKING:
    from tests.conftest import ListMaker


@pytest.fixture
def result(lists: ListMaker) -> IngestResult:
    written = lists.write(lists.csv(lists.rows(3)))
    return ingest_file(written.path, read_mapping(written.mapping))


def with_value(result: IngestResult, index: int, name: str, value: object) -> IngestResult:
    records = result.records.copy()
    records.at[index, name] = value
    return replace(result, records=records)


def test_accepted_rows_keep_their_canonical_values_and_raw_cells(result: IngestResult) -> None:
    rows, refused = prepare_rows(result)
    assert refused == []
    assert [r.record_id for r in rows] == ["CDH-0001", "CDH-0002", "CDH-0003"]
    assert rows[0].values["surname_1"] == "Hernández"
    assert rows[0].values["alias"] is None
    assert rows[0].raw["DUI"] == "04567890-3"
    assert rows[0].dui_status == "valid"


def test_a_value_longer_than_its_column_is_refused_naming_row_and_column(
    result: IngestResult,
) -> None:
    rows, refused = prepare_rows(with_value(result, 1, "arrest_date", "2022-03-27T08:30"))
    assert len(rows) == 2
    [(row, raw, problems)] = refused
    assert row == 3
    assert raw["N° expediente"] == "CDH-0002"
    problem = problems[0]
    assert (problem.file, problem.row, problem.column, problem.field) == (
        "cdh_denuncias.csv",
        3,
        "Fecha de captura",
        "arrest_date",
    )
    assert problem.code == "cell_too_long"
    assert problem.message == "the cell has 16 characters, more than the 10 allowed here"
    assert problem.render("en").endswith(problem.message)


def test_a_row_without_record_id_is_refused(result: IngestResult) -> None:
    _, refused = prepare_rows(with_value(result, 0, "record_id", None))
    assert refused[0][2][0].code == "record_id_missing"
    assert refused[0][2][0].message == "the record id is empty: every row needs one"


def test_a_repeated_record_id_is_refused_naming_the_first_row(result: IngestResult) -> None:
    _, refused = prepare_rows(with_value(result, 2, "record_id", "CDH-0001"))
    assert refused[0][0] == 4
    problem = refused[0][2][0]
    assert (problem.code, problem.params["first_row"]) == ("record_id_duplicate", "2")
    assert problem.render("es").endswith("record_id 'CDH-0001' repetido, visto antes en la fila 2")


def test_a_nul_character_is_refused_and_shown_in_quarantine(result: IngestResult) -> None:
    raw = dict(result.records.at[1, "raw"], Narración="golpeado\x00")
    _, refused = prepare_rows(with_value(result, 1, "raw", raw))
    [(_, kept, problems)] = refused
    assert kept["Narración"] == f"golpeado{NUL_SHOWN}"
    assert problems[0].column == "Narración"
    assert problems[0].field == "narrative"


def test_without_nul_reaches_into_dicts_and_lists() -> None:
    assert without_nul({"a\x00": ["b\x00", 1]}) == {f"a{NUL_SHOWN}": [f"b{NUL_SHOWN}", 1]}
