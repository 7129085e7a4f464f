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
    assert "column 'Fecha de captura' (arrest_date)" in first.reasons
    assert "no way to identify the person" in second.reasons


def test_a_quarantined_row_round_trips_through_its_dict(ingest_rows):
    q = _bad(ingest_rows)[0]

    assert QuarantinedRow.from_dict(q.to_dict()) == q


def test_the_quarantine_file_keeps_every_cell_with_the_row_and_reasons(ingest_rows, tmp_path):
    rows = _bad(ingest_rows)

    path = write_quarantine(tmp_path / "cuarentena.csv", rows)

    with path.open(encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    assert table[0] == ["row", "reasons", *HEADER]
    assert table[1][0] == "2" and table[1][2:] == list(rows[0].raw.values())
    assert len(quarantine_frame(rows)) == 2
