"""Quarantined rows: kept whole, written out so a person can fix and re-import them."""

from __future__ import annotations

import csv

from ingest_helpers import GOOD, HEADER

from habeas.ingest import QuarantinedRow, quarantine_frame, write_quarantine


def _bad(ingest_rows):
    row = (*GOOD[:3], "31/02/2022", "Q", *GOOD[5:])
    return ingest_rows([row, GOOD[:1] + ("",) * 6]).quarantined


def test_the_reasons_list_every_error_of_the_row(ingest_rows):
    first, second = _bad(ingest_rows)

    assert first.reasons.count("; ") == 1
    assert "columna 'Fecha de captura' (arrest_date): no se puede leer" in first.reasons
    assert "column 'Fecha de captura' (arrest_date): cannot read" in first.reasons_in("en")
    assert "no way to identify the person" in second.reasons_in("en")


def test_a_quarantined_row_round_trips_through_its_dict(ingest_rows):
    q = _bad(ingest_rows)[0]

    assert QuarantinedRow.from_dict(q.to_dict()) == q


def test_the_quarantine_file_keeps_every_cell_with_the_row_and_reasons(ingest_rows, tmp_path):
    rows = _bad(ingest_rows)

    path = write_quarantine(tmp_path / "cuarentena.csv", rows)

    with path.open(encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    assert table[0] == ["_row", "_reasons", *HEADER]
    assert table[1][0] == "2" and table[1][2:] == list(rows[0].raw.values())
    assert "no se puede leer la fecha" in table[1][1]
    assert len(quarantine_frame(rows)) == 2


def test_the_reasons_can_be_written_in_english(ingest_rows, tmp_path):
    path = write_quarantine(tmp_path / "quarantine.csv", _bad(ingest_rows), lang="en")

    with path.open(encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    assert "cannot read date '31/02/2022'" in table[1][1]


def test_raw_columns_named_row_or_reasons_survive_in_the_quarantine(ingest_rows):
    header = (*HEADER, "row", "reasons", "_row")
    bad = (*GOOD[:3], "31/02/2022", *GOOD[4:], "fila 7 del libro", "capturado en redada", "x")
    [q] = ingest_rows([bad], header=header).quarantined

    frame = quarantine_frame([q])

    assert frame.columns.tolist() == ["__row", "_reasons", *header]
    [entry] = frame.to_dict("records")
    assert (entry["row"], entry["reasons"], entry["_row"]) == (
        "fila 7 del libro",
        "capturado en redada",
        "x",
    )
    assert entry["__row"] == 2 and "31/02/2022" in entry["_reasons"]
