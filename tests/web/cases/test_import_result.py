"""Storing an ingested list: one transaction, nothing lost, re-imports add nothing."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import pytest

from habeas.ingest import IngestResult, ingest_file, read_mapping
from habeas.web.cases import actions
from habeas.web.cases.actions import import_result
from habeas.web.cases.keys import mapping_fingerprint
from habeas.web.cases.models import (
    CustodyStep,
    ImportBatch,
    QuarantinedRow,
    Record,
    RecordRevision,
    Source,
)
from tests.conftest import LIST_COLUMNS

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
    shown = summary.problems[0]
    assert (shown.file, shown.row, shown.column) == ("cdh_denuncias.csv", 3, "Fecha de captura")
    assert str(shown).startswith("cdh_denuncias.csv, ")
    assert "'Fecha de captura'" in str(shown)


def test_a_wrong_dui_check_digit_is_kept_with_a_warning(
    lists: ListMaker,
) -> None:
    result = ingest(lists.write(lists.csv(lists.rows(2, **{"CDH-0002": {"DUI": "04567890-4"}}))))
    summary = import_result(result)
    assert (summary.imported, summary.warnings) == (2, 1)
    record = Record.objects.get(record_id="CDH-0002")
    assert (record.dui, record.dui_status) == ("04567890-4", "bad_check_digit")
    assert "04567890-4" in record.warnings[0]
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


# -- re-imports: a fixed mapping, records a newer list lacks ---------------------------

WITHOUT_NARRATIVE = {h: f for h, f in LIST_COLUMNS.items() if f != "narrative"}


def test_a_fixed_mapping_reads_the_same_file_again_and_revises_what_it_changes(
    lists: ListMaker,
) -> None:
    # given a list imported with a mapping that forgot the narrative column
    content = lists.csv(lists.rows(3))
    first = import_result(ingest(lists.write(content, columns=WITHOUT_NARRATIVE)))
    assert Record.objects.get(record_id="CDH-0001").narrative is None
    # when the team fixes the mapping, not the file, and imports again
    second = import_result(ingest(lists.write(content)))
    # then the file is read again: every record gains its narrative, none is added
    assert not second.already_imported
    assert second.remapped
    assert (second.imported, second.updated, second.unchanged) == (0, 3, 0)
    assert Record.objects.count() == 3
    record = Record.objects.get(record_id="CDH-0001")
    assert record.narrative == "Capturado frente a su casa por agentes de la PNC."
    assert record.batch_id == second.batch_id
    revision = RecordRevision.objects.get(record=record)
    assert revision.values["narrative"] is None
    assert revision.batch_id == first.batch_id
    batches = ImportBatch.objects.order_by("started")
    assert len({b.sha256 for b in batches}) == 1
    assert len({b.mapping_fingerprint for b in batches}) == 2


def test_the_same_file_with_the_same_fixed_mapping_is_then_already_imported(
    lists: ListMaker,
) -> None:
    content = lists.csv(lists.rows(2))
    import_result(ingest(lists.write(content, columns=WITHOUT_NARRATIVE)))
    import_result(ingest(lists.write(content)))
    # when
    third = import_result(ingest(lists.write(content)))
    # then
    assert third.already_imported
    assert ImportBatch.objects.count() == 2
    assert RecordRevision.objects.count() == 2


def test_a_mapping_change_that_changes_no_value_leaves_every_record_the_same(
    lists: ListMaker,
) -> None:
    written = lists.write(lists.csv(lists.rows(3)))
    import_result(ingest(written))
    # when only the source's display name changes
    text = written.mapping.read_text(encoding="utf-8").replace("(prueba)", "(Soyapango)")
    written.mapping.write_text(text, encoding="utf-8")
    again = import_result(ingest(written))
    # then
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 3)
    assert RecordRevision.objects.count() == 0


def test_the_fingerprint_ignores_key_order_and_follows_every_setting(lists: ListMaker) -> None:
    written = lists.write(lists.csv(lists.rows(1)))
    mapping = read_mapping(written.mapping)
    as_dict = actions.json_safe(mapping.to_dict())
    shuffled = {key: as_dict[key] for key in reversed(list(as_dict))}
    assert mapping_fingerprint(shuffled) == mapping_fingerprint(as_dict)
    other = replace(mapping, date_order="ymd")
    assert mapping_fingerprint(actions.json_safe(other.to_dict())) != mapping_fingerprint(as_dict)


def test_records_a_newer_list_lacks_are_kept_and_counted_as_absent(lists: ListMaker) -> None:
    # given five records imported
    import_result(ingest(lists.write(lists.csv(lists.rows(5)))))
    # when the next version lists three, one of them with a row now unreadable
    newer = lists.rows(3, **{"CDH-0003": BAD_DATE})
    summary = import_result(ingest(lists.write(lists.csv(newer))))
    # then CDH-0004 and CDH-0005 are absent (CDH-0003 is in the file, in quarantine)
    assert summary.absent == 2
    assert Record.objects.count() == 5
    assert ImportBatch.objects.get(pk=summary.batch_id).n_absent == 2
    assert "2 records of this source are not in this file (kept)" in str(summary)


def test_a_first_import_has_no_absent_records_and_other_sources_do_not_count(
    lists: ListMaker,
) -> None:
    import_result(ingest(lists.write(lists.csv(lists.rows(4)), code="socorro", folder="s")))
    summary = import_result(ingest(lists.write(lists.csv(lists.rows(2)), code="cdh")))
    assert summary.absent == 0
    assert "not in this file" not in str(summary)


def test_a_new_wording_of_a_warning_alone_is_no_change(lists: ListMaker) -> None:
    # given a record kept with a warning (wrong DUI check digit)
    written = lists.write(lists.csv(lists.rows(2, **{"CDH-0002": {"DUI": "04567890-4"}})))
    import_result(ingest(written))
    Record.objects.filter(record_id="CDH-0002").update(warnings=["older wording"])
    # when the same rows come again in a file that differs (a blank line: another SHA-256)
    again = lists.write(lists.csv(lists.rows(2, **{"CDH-0002": {"DUI": "04567890-4"}})) + "\n")
    summary = import_result(ingest(again))
    # then
    assert (summary.updated, summary.unchanged) == (0, 2)
    assert RecordRevision.objects.count() == 0
