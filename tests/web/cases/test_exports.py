"""The records and quarantine tables read back out of the database."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest

from habeas.domain.schema import PERSON_ID, RECORD_COLUMNS
from habeas.ingest import ingest_file, read_mapping
from habeas.web.cases.actions import import_result
from habeas.web.cases.exports import (
    QUARANTINE_COLUMNS,
    UnknownTableFormat,
    quarantine_frame,
    records_frame,
    write_table,
)
from habeas.web.cases.models import Person, Record

if TYPE_CHECKING:
    from tests.conftest import ListMaker, WrittenList

pytestmark = pytest.mark.django

LEADING_ZERO_DUI = {"DUI": "00016297-5"}


def store(written: WrittenList) -> None:
    import_result(ingest_file(written.path, read_mapping(written.mapping)))


def test_records_come_in_the_canonical_columns_sorted_by_source_and_record_id(
    lists: ListMaker,
) -> None:
    # given two sources imported in reverse order
    store(lists.write(lists.csv(lists.rows(3)), code="socorro", folder="socorro"))
    store(lists.write(lists.csv(lists.rows(2)), code="cdh", folder="cdh"))
    # when
    frame = records_frame()
    # then
    assert frame.columns.tolist() == list(RECORD_COLUMNS)
    assert list(zip(frame["source"], frame["record_id"], strict=True)) == [
        ("cdh", "CDH-0001"),
        ("cdh", "CDH-0002"),
        ("socorro", "CDH-0001"),
        ("socorro", "CDH-0002"),
        ("socorro", "CDH-0003"),
    ]
    assert frame["married_surname"].isna().all()
    assert records_frame("cdh")["record_id"].tolist() == ["CDH-0001", "CDH-0002"]


def test_person_id_is_added_once_records_are_linked(lists: ListMaker) -> None:
    store(lists.write(lists.csv(lists.rows(2))))
    Record.objects.filter(record_id="CDH-0002").update(
        person=Person.objects.create(person_id="P-000042")
    )
    frame = records_frame()
    assert frame.columns.tolist() == [*RECORD_COLUMNS, PERSON_ID]
    assert frame[PERSON_ID].tolist()[1] == "P-000042"
    assert pd.isna(frame[PERSON_ID].tolist()[0])


@pytest.mark.parametrize("name", ["records.csv", "records.parquet"])
def test_records_round_trip_with_the_leading_zeros_of_duis(
    lists: ListMaker, tmp_path: Path, name: str
) -> None:
    store(lists.write(lists.csv(lists.rows(2, **{"CDH-0002": LEADING_ZERO_DUI}))))
    frame = records_frame()
    out = tmp_path / "export" / name
    # when
    write_table(frame, out)
    # then
    if out.suffix == ".csv":
        back = pd.read_csv(out, dtype=str, keep_default_na=False, na_values=[""])
    else:
        back = pd.read_parquet(out)
    assert back.columns.tolist() == list(RECORD_COLUMNS)
    assert back["dui"].tolist() == ["04567890-3", "00016297-5"]
    pd.testing.assert_frame_equal(back, frame, check_dtype=False)


def test_an_unknown_extension_is_refused_before_writing(tmp_path: Path) -> None:
    with pytest.raises(UnknownTableFormat, match=r"records\.xlsx.*\.csv, \.parquet"):
        write_table(pd.DataFrame({"a": ["1"]}), tmp_path / "records.xlsx")
    assert not (tmp_path / "records.xlsx").exists()


def test_the_quarantine_keeps_every_raw_cell_and_the_reasons(lists: ListMaker) -> None:
    bad = {"CDH-0002": {"Fecha de captura": "31/02/2022", "Sexo": "X"}}
    store(lists.write(lists.csv(lists.rows(3, **bad))))
    frame = quarantine_frame()
    assert frame.columns.tolist()[: len(QUARANTINE_COLUMNS)] == list(QUARANTINE_COLUMNS)
    [row] = frame.to_dict("records")
    assert (row["source"], row["file"], row["row"]) == ("cdh", "cdh_denuncias.csv", "3")
    assert row["Fecha de captura"] == "31/02/2022"
    assert row["Nombre completo"] == "José Antonio Hernández López"
    assert row["Narración"] == "Capturado frente a su casa por agentes de la PNC."
    assert re.search(r"(column|columna) 'Fecha de captura' \(arrest_date\)", row["reasons"])
    assert re.search(r"(column|columna) 'Sexo' \(sex\)", row["reasons"])


def test_a_raw_header_named_like_a_leading_column_is_kept_apart(lists: ListMaker) -> None:
    columns = {"Código": "record_id", "Fecha de captura": "arrest_date", "source": "occupation"}
    rows = [{"Código": "A-1", "Fecha de captura": "32/13/2022", "source": "panadero"}]
    store(lists.write(lists.csv(rows, header=list(columns)), columns=columns))
    [row] = quarantine_frame().to_dict("records")
    assert row["source"] == "cdh"
    assert row["source (raw)"] == "panadero"


def test_an_empty_quarantine_still_has_its_columns() -> None:
    assert quarantine_frame().columns.tolist() == list(QUARANTINE_COLUMNS)
