"""A later import resolves the quarantined rows it fixes; the quarantine lists each row once."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from habeas.ingest import ingest_file, read_mapping
from habeas.web.cases.actions import ImportSummary, import_result
from habeas.web.cases.exports import RESOLUTION_COLUMNS, quarantine_frame
from habeas.web.cases.models import QuarantinedRow

if TYPE_CHECKING:
    from tests.conftest import ListMaker, WrittenList

pytestmark = pytest.mark.django

BAD_DATE = {"Fecha de captura": "31/02/2022"}


def store(written: WrittenList) -> ImportSummary:
    return import_result(ingest_file(written.path, read_mapping(written.mapping)))


def test_a_fixed_row_resolves_its_earlier_quarantined_row(lists: ListMaker) -> None:
    # given a list whose row 3 was quarantined for an impossible date
    store(lists.write(lists.csv(lists.rows(3, **{"CDH-0002": BAD_DATE}))))
    assert quarantine_frame()["row"].tolist() == ["3"]
    # when the team fixes the row and imports the list again
    summary = store(lists.write(lists.csv(lists.rows(3))))
    # then
    assert (summary.imported, summary.resolved, summary.superseded) == (1, 1, 0)
    stored = QuarantinedRow.objects.get()
    assert stored.record_id == "CDH-0002"
    assert stored.resolved
    assert stored.resolution == QuarantinedRow.Resolution.IMPORTED
    assert stored.resolved_by_batch_id == summary.batch_id
    assert stored.resolved_at is not None
    assert len(quarantine_frame()) == 0


def test_a_row_still_wrong_in_the_next_version_is_listed_once(lists: ListMaker) -> None:
    store(lists.write(lists.csv(lists.rows(3, **{"CDH-0002": BAD_DATE}))))
    # when the next version still has the row wrong (another way) and adds a row
    still_wrong = {"CDH-0002": {"Fecha de captura": "ayer"}}
    summary = store(lists.write(lists.csv(lists.rows(4, **still_wrong))))
    # then the newer row is the one to fix
    assert (summary.resolved, summary.superseded) == (0, 1)
    [row] = quarantine_frame().to_dict("records")
    assert row["Fecha de captura"] == "ayer"
    old = QuarantinedRow.objects.get(resolved=True)
    assert old.raw["Fecha de captura"] == "31/02/2022"
    assert old.resolution == QuarantinedRow.Resolution.SUPERSEDED


def test_a_quarantined_row_without_record_id_is_left_open(lists: ListMaker) -> None:
    store(lists.write(lists.csv(lists.rows(2, **{"CDH-0002": {"N° expediente": " "}}))))
    assert QuarantinedRow.objects.get().record_id is None
    # when every record of the list is imported later
    summary = store(lists.write(lists.csv(lists.rows(2))))
    # then nothing says which record the blank row was: it stays to fix
    assert summary.resolved == 0
    assert not QuarantinedRow.objects.get().resolved
    assert len(quarantine_frame()) == 1


def test_another_source_s_quarantine_is_not_resolved(lists: ListMaker) -> None:
    store(lists.write(lists.csv(lists.rows(2, **{"CDH-0002": BAD_DATE})), code="socorro"))
    summary = store(lists.write(lists.csv(lists.rows(2)), code="cdh", folder="cdh"))
    assert summary.resolved == 0
    assert not QuarantinedRow.objects.get().resolved


def test_a_repeated_id_in_the_same_file_does_not_resolve_its_own_row(lists: ListMaker) -> None:
    rows = lists.rows(2)
    rows.append(dict(rows[0]))  # CDH-0001 again on row 4
    summary = store(lists.write(lists.csv(rows)))
    assert (summary.quarantined, summary.resolved) == (1, 0)
    assert QuarantinedRow.objects.get().record_id == "CDH-0001"
    assert not QuarantinedRow.objects.get().resolved


def test_every_row_with_its_resolution_when_asked(lists: ListMaker) -> None:
    store(lists.write(lists.csv(lists.rows(3, **{"CDH-0002": BAD_DATE}))))
    store(lists.write(lists.csv(lists.rows(3)), name="cdh_v2.csv"))
    # when
    frame = quarantine_frame(include_resolved=True)
    # then
    assert frame.columns.tolist()[5:9] == list(RESOLUTION_COLUMNS)
    [row] = frame.to_dict("records")
    assert (row["resolved"], row["resolution"], row["resolved_by"]) == (
        "yes",
        "imported",
        "cdh_v2.csv",
    )
    assert row["resolved_at"].startswith("20")
    assert "resolved" not in quarantine_frame().columns
