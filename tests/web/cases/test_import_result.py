"""Storing an ingested list: one transaction, nothing lost, re-imports add nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from habeas.ingest import IngestResult, ingest_file, read_mapping
from habeas.web.cases import actions
from habeas.web.cases.actions import import_result
from habeas.web.cases.models import (
    CustodyStep,
    ImportBatch,
    QuarantinedRow,
    Record,
    RecordRevision,
    Source,
)

if TYPE_CHECKING:
    from tests.conftest import ListMaker, WrittenList

pytestmark = pytest.mark.django

BAD_DATE = {"Fecha de captura": "31/02/2022"}


def ingest(written: WrittenList) -> IngestResult:
    return ingest_file(written.path, read_mapping(written.mapping))


def test_it_stores_every_accepted_row_with_raw_and_normalised_values(
    lists: ListMaker,
) -> None:
    # given
    result = ingest(lists.write(lists.csv(lists.rows(3))))
    # when
    summary = import_result(result, imported_by="ana")
    # then
    assert (summary.imported, summary.quarantined, summary.already_imported) == (3, 0, False)
    record = Record.objects.get(source__code="cdh", record_id="CDH-0002")
    assert record.raw["Nombre completo"] == "José Antonio Hernández López"
    assert (record.given_names, record.surname_1, record.surname_2) == (
        "José Antonio",
        "Hernández",
        "López",
    )
    assert record.dui == "04567890-3"
    assert record.dui_status == "valid"
    assert record.arrest_date == "2022-03-27"
    assert record.row == 3
    batch = ImportBatch.objects.get()
    assert (batch.n_rows, batch.n_imported, batch.imported_by) == (3, 3, "ana")
    assert batch.mapping["source"]["code"] == "cdh"
    assert record.batch == batch
    source = Source.objects.get()
    assert (source.code, source.kind, source.official) == ("cdh", "ngo", False)


def test_importing_the_same_file_again_adds_nothing(
    lists: ListMaker,
) -> None:
    written = lists.write(lists.csv(lists.rows(3, **{"CDH-0003": BAD_DATE})))
    first = import_result(ingest(written))
    # when
    again = import_result(ingest(written))
    # then
    assert again.already_imported
    assert again.imported_on is not None
    assert (again.imported, again.quarantined) == (0, 0)
    assert "already imported on" in str(again)
    assert ImportBatch.objects.count() == 1
    assert Record.objects.count() == 2
    assert QuarantinedRow.objects.count() == 1
    assert again.batch_id == first.batch_id


def test_a_changed_list_updates_the_record_and_keeps_the_previous_values(
    lists: ListMaker,
) -> None:
    # given a list imported once
    import_result(ingest(lists.write(lists.csv(lists.rows(3)))))
    old_batch = ImportBatch.objects.get()
    # when the next version fixes a surname and adds a row
    fixed = {"CDH-0002": {"Nombre completo": "José Antonio Hernández Lópes"}}
    summary = import_result(ingest(lists.write(lists.csv(lists.rows(4, **fixed)))))
    # then
    assert (summary.imported, summary.updated, summary.unchanged) == (1, 1, 2)
    record = Record.objects.get(record_id="CDH-0002")
    assert record.surname_2 == "Lópes"
    assert record.batch_id == summary.batch_id
    revision = RecordRevision.objects.get()
    assert revision.record == record
    assert revision.values["surname_2"] == "López"
    assert revision.raw["Nombre completo"] == "José Antonio Hernández López"
    assert revision.batch == old_batch
    assert Record.objects.get(record_id="CDH-0001").batch == old_batch


def test_quarantined_rows_keep_every_raw_cell_and_the_reasons(
    lists: ListMaker,
) -> None:
    result = ingest(lists.write(lists.csv(lists.rows(3, **{"CDH-0002": BAD_DATE}))))
    summary = import_result(result)
    assert (summary.imported, summary.quarantined) == (2, 1)
    stored = QuarantinedRow.objects.get()
    assert stored.row == 3
    assert stored.raw["Fecha de captura"] == "31/02/2022"
    assert stored.raw["N° expediente"] == "CDH-0002"
    assert len(stored.raw) == 7
    [problem] = stored.problems
    assert problem["column"] == "Fecha de captura"
    assert problem["field"] == "arrest_date"
    assert problem["row"] == 3
    assert problem["severity"] == "error"
    assert "31/02/2022" in problem["message"]
    assert str(summary.problems[0]).startswith(
        "cdh_denuncias.csv, row 3, column 'Fecha de captura'"
    )


def test_a_wrong_dui_check_digit_is_kept_with_a_warning(
    lists: ListMaker,
) -> None:
    result = ingest(lists.write(lists.csv(lists.rows(2, **{"CDH-0002": {"DUI": "04567890-4"}}))))
    summary = import_result(result)
    assert (summary.imported, summary.warnings) == (2, 1)
    record = Record.objects.get(record_id="CDH-0002")
    assert (record.dui, record.dui_status) == ("04567890-4", "bad_check_digit")
    assert "check digit" in record.warnings[0]
    assert ImportBatch.objects.get().n_warnings == 1


def test_custody_steps_follow_the_record_dates(lists: ListMaker) -> None:
    import_result(ingest(lists.write(lists.csv(lists.rows(1)))))
    steps = list(CustodyStep.objects.filter(record__record_id="CDH-0001"))
    assert [(s.kind, s.date, s.precision) for s in steps][:1] == [("arrest", "2022-03-27", "day")]
    assert [s.position for s in steps] == list(range(len(steps)))


def test_a_failure_mid_batch_rolls_back_everything(
    lists: ListMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a store that fails after the records went in, before the quarantine
    result = ingest(lists.write(lists.csv(lists.rows(5, **{"CDH-0004": BAD_DATE}))))

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(actions, "_store_quarantine", fail)
    # when
    with pytest.raises(RuntimeError, match="disk full"):
        import_result(result)
    # then nothing of the batch remains, not even the source
    assert Record.objects.count() == 0
    assert ImportBatch.objects.count() == 0
    assert CustodyStep.objects.count() == 0
    assert Source.objects.count() == 0


def test_a_large_list_is_stored_in_several_insert_batches(
    lists: ListMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(actions, "BATCH_SIZE", 7)
    calls: list[tuple[str, int, int]] = []
    result = ingest(lists.write(lists.csv(lists.rows(30))))
    summary = import_result(result, progress=lambda *call: calls.append(call))
    assert summary.imported == Record.objects.count() == 30
    assert calls[-1] == ("storing", 30, 30)


def test_a_source_s_name_follows_its_latest_mapping(lists: ListMaker) -> None:
    written = lists.write(lists.csv(lists.rows(1)))
    import_result(ingest(written))
    text = written.mapping.read_text(encoding="utf-8").replace("(prueba)", "(San Salvador)")
    written.mapping.write_text(text, encoding="utf-8")
    written.path.write_text(lists.csv(lists.rows(2)), encoding="utf-8")
    import_result(ingest(written))
    assert Source.objects.get().name == "Comisión de Derechos Humanos (San Salvador)"


def test_a_nul_character_goes_to_quarantine_on_every_database(lists: ListMaker) -> None:
    written = lists.write(lists.csv(lists.rows(2, **{"CDH-0002": {"Narración": "a\x00b"}})))
    summary = import_result(ingest(written))
    assert (summary.imported, summary.quarantined) == (1, 1)
    assert QuarantinedRow.objects.get().raw["Narración"] == "a\u2400b"


def test_a_changed_date_replaces_the_custody_steps(lists: ListMaker) -> None:
    import_result(ingest(lists.write(lists.csv(lists.rows(1)))))
    later = {"CDH-0001": {"Fecha de captura": "02/04/2022"}}
    import_result(ingest(lists.write(lists.csv(lists.rows(1, **later)))))
    arrest = CustodyStep.objects.get(record__record_id="CDH-0001", kind="arrest")
    assert arrest.date == "2022-04-02"
