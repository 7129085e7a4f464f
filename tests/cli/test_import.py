"""``habeas import``: lists into the database, bad input reported, nothing lost."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from habeas.web.cases.models import ImportBatch, QuarantinedRow, Record, RecordRevision

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.conftest import CliResult, ListMaker

pytestmark = pytest.mark.django


def test_it_imports_every_list_of_a_folder_and_reports_each_source(
    lists: ListMaker, habeas_cli: Callable[..., CliResult]
) -> None:
    lists.write(lists.csv(lists.rows(3)), code="cdh", name="cdh.csv")
    lists.write(lists.csv(lists.rows(2)), code="socorro", name="socorro.csv", folder="listas/s")
    # when
    done = habeas_cli("import", lists.folder / "listas")
    # then
    assert done.exit_code == 0, done.output
    assert Record.objects.filter(source__code="cdh").count() == 3
    assert Record.objects.filter(source__code="socorro").count() == 2
    lines = done.stdout.splitlines()
    assert any("cdh" in line and "cdh.csv" in line for line in lines)
    assert any("socorro" in line and "socorro.csv" in line for line in lines)
    assert any("total" in line and "2 files" in line for line in lines)


def test_a_file_is_read_with_the_mapping_given(
    lists: ListMaker, habeas_cli: Callable[..., CliResult]
) -> None:
    written = lists.write(lists.csv(lists.rows(2)))
    moved = lists.folder / "mappings" / "cdh.mapping.toml"
    moved.parent.mkdir()
    written.mapping.rename(moved)
    done = habeas_cli("import", written.path, "--mapping", moved, "--source", "cdh_2023")
    assert done.exit_code == 0, done.output
    assert set(Record.objects.values_list("source__code", flat=True)) == {"cdh_2023"}


def test_a_file_finds_the_mapping_beside_it_that_names_it(
    lists: ListMaker, habeas_cli: Callable[..., CliResult]
) -> None:
    written = lists.write(lists.csv(lists.rows(2)))
    assert habeas_cli("import", written.path).exit_code == 0
    assert Record.objects.count() == 2


def test_a_file_without_a_mapping_is_refused_with_what_to_do(
    lists: ListMaker, habeas_cli: Callable[..., CliResult]
) -> None:
    orphan = lists.folder / "sin_mapeo.csv"
    orphan.write_text(lists.csv(lists.rows(1)), encoding="utf-8")
    done = habeas_cli("import", orphan)
    assert done.exit_code == 1
    assert "sin_mapeo.csv: no mapping file names this list; pass --mapping FILE" in done.stderr
    assert "Traceback" not in done.output


def test_a_list_in_windows_encoding_keeps_its_accents(
    lists: ListMaker, habeas_cli: Callable[..., CliResult]
) -> None:
    written = lists.write(lists.csv(lists.rows(2)).encode("cp1252"))
    assert habeas_cli("import", written.path).exit_code == 0
    assert Record.objects.first().full_name == "José Antonio Hernández López"
    assert ImportBatch.objects.get().encoding == "cp1252"


def test_a_list_in_another_encoding_than_its_mapping_says_is_refused_whole(
    lists: ListMaker, habeas_cli: Callable[..., CliResult]
) -> None:
    written = lists.write(lists.csv(lists.rows(2)).encode("cp1252"), encoding="utf-8")
    done = habeas_cli("import", written.path)
    assert done.exit_code == 1
    assert "cdh_denuncias.csv: line 1:" in done.output
    assert "not valid utf-8" in done.output
    assert ImportBatch.objects.count() == 0


def test_missing_columns_stop_that_file_and_the_others_still_import(
    lists: ListMaker, habeas_cli: Callable[..., CliResult]
) -> None:
    # given a folder with a good list and one whose export lost the DUI column
    lists.write(lists.csv(lists.rows(2)), code="socorro", name="socorro.csv", folder="l/s")
    header = [h for h in lists.columns if h != "DUI"]
    lists.write(lists.csv(lists.rows(2), header=header), code="cdh", name="cdh.csv", folder="l/c")
    # when
    done = habeas_cli("import", lists.folder / "l")
    # then
    assert done.exit_code == 1
    assert "cdh.csv: the mapping names columns the file does not have: 'DUI' (dui)" in done.output
    assert "Traceback" not in done.output
    assert not ImportBatch.objects.filter(source__code="cdh").exists()
    assert Record.objects.filter(source__code="socorro").count() == 2


def test_an_empty_file_is_refused_and_nothing_is_written(
    lists: ListMaker, habeas_cli: Callable[..., CliResult]
) -> None:
    written = lists.write(b"")
    done = habeas_cli("import", written.path)
    assert done.exit_code == 1
    assert "cdh_denuncias.csv: the file is empty" in done.output
    assert ImportBatch.objects.count() == 0


def test_a_header_without_rows_is_refused(
    lists: ListMaker, habeas_cli: Callable[..., CliResult]
) -> None:
    written = lists.write(lists.csv([]))
    done = habeas_cli("import", written.path)
    assert done.exit_code == 1
    assert "cdh_denuncias.csv" in done.stderr
    assert ImportBatch.objects.count() == 0


def test_unreadable_dates_send_their_rows_to_quarantine_and_the_rest_imports(
    lists: ListMaker, habeas_cli: Callable[..., CliResult]
) -> None:
    bad = {"CDH-0002": {"Fecha de captura": "31/02/2022"}, "CDH-0004": {"Fecha de captura": "ayer"}}
    written = lists.write(lists.csv(lists.rows(5, **bad)))
    done = habeas_cli("import", written.path)
    assert done.exit_code == 0, done.output
    assert Record.objects.count() == 3
    assert sorted(QuarantinedRow.objects.values_list("row", flat=True)) == [3, 5]
    out = " ".join(done.stdout.split())
    # The location reads in the interface language (Spanish by default) or English.
    where = r"cdh_denuncias\.csv, (row|fila) 3, (column|columna) 'Fecha de captura' \(arrest_date\)"
    assert re.search(where, out), out
    assert "habeas export quarantine --out" in out


def test_bad_duis_are_kept_with_their_status_and_a_warning(
    lists: ListMaker, habeas_cli: Callable[..., CliResult]
) -> None:
    bad = {"CDH-0002": {"DUI": "04567890-4"}, "CDH-0003": {"DUI": "4567-89"}}
    written = lists.write(lists.csv(lists.rows(3, **bad)))
    done = habeas_cli("import", written.path)
    assert done.exit_code == 0, done.output
    statuses = dict(Record.objects.values_list("record_id", "dui_status"))
    assert statuses == {"CDH-0001": "valid", "CDH-0002": "bad_check_digit", "CDH-0003": "malformed"}
    malformed = Record.objects.get(record_id="CDH-0003")
    assert malformed.dui is None
    assert malformed.raw["DUI"] == "4567-89"
    assert ImportBatch.objects.get().n_warnings == 2


def test_a_huge_cell_is_quarantined_whole(
    lists: ListMaker, habeas_cli: Callable[..., CliResult]
) -> None:
    story = "La familia relata que " + "lo golpearon. " * 7_000  # ~100,000 characters
    written = lists.write(lists.csv(lists.rows(3, **{"CDH-0003": {"Narración": story}})))
    done = habeas_cli("import", written.path)
    assert done.exit_code == 0, done.output
    assert Record.objects.count() == 2
    stored = QuarantinedRow.objects.get()
    assert stored.raw["Narración"] == story
    assert "characters" in stored.problems[0]["message"]


def test_a_cell_beyond_what_the_reader_takes_is_reported_never_half_imported(
    lists: ListMaker, habeas_cli: Callable[..., CliResult]
) -> None:
    story = "x" * 1_000_000
    written = lists.write(lists.csv(lists.rows(3, **{"CDH-0003": {"Narración": story}})))
    done = habeas_cli("import", written.path)
    assert "Traceback" not in done.output
    if done.exit_code == 0:  # the row is quarantined, whole
        assert QuarantinedRow.objects.get().raw["Narración"] == story
        assert Record.objects.count() == 2
    else:  # the file is refused, naming it and the line
        assert "cdh_denuncias.csv: line 4" in done.output
        assert ImportBatch.objects.count() == 0


def test_importing_the_same_file_again_adds_nothing_and_says_so(
    lists: ListMaker, habeas_cli: Callable[..., CliResult]
) -> None:
    written = lists.write(lists.csv(lists.rows(3)))
    assert habeas_cli("import", written.path).exit_code == 0
    again = habeas_cli("import", written.path)
    assert again.exit_code == 0
    # dd/mm/yyyy, as every date the interface shows
    shown = r"Already imported, so nothing added \(-\): cdh_denuncias\.csv \(\d\d/\d\d/20\d\d "
    assert re.search(shown, again.stdout), again.stdout
    assert "Nothing new" in again.stdout
    assert (ImportBatch.objects.count(), Record.objects.count()) == (1, 3)


def test_a_changed_list_updates_its_records_and_keeps_the_old_values(
    lists: ListMaker, habeas_cli: Callable[..., CliResult]
) -> None:
    written = lists.write(lists.csv(lists.rows(3)))
    habeas_cli("import", written.path)
    moved = {"CDH-0001": {"Municipio de captura": "Ilopango"}}
    written.path.write_text(lists.csv(lists.rows(3, **moved)), encoding="utf-8")
    done = habeas_cli("import", written.path)
    assert done.exit_code == 0
    assert RecordRevision.objects.get().raw["Municipio de captura"] == "Soyapango"
    assert Record.objects.get(record_id="CDH-0001").raw["Municipio de captura"] == "Ilopango"
    batch = ImportBatch.objects.order_by("started").last()
    assert (batch.n_imported, batch.n_updated, batch.n_unchanged) == (0, 1, 2)


def test_a_folder_without_mappings_says_so(
    lists: ListMaker, habeas_cli: Callable[..., CliResult]
) -> None:
    (lists.folder / "vacía").mkdir()
    done = habeas_cli("import", lists.folder / "vacía")
    assert done.exit_code == 1
    assert "no *.mapping.toml or *.mapping.yaml file" in done.stderr


def test_source_picks_one_list_of_a_folder(
    lists: ListMaker, habeas_cli: Callable[..., CliResult]
) -> None:
    lists.write(lists.csv(lists.rows(3)), code="cdh", name="cdh.csv", folder="l/c")
    lists.write(lists.csv(lists.rows(2)), code="socorro", name="socorro.csv", folder="l/s")
    done = habeas_cli("import", lists.folder / "l", "--source", "socorro")
    assert done.exit_code == 0, done.output
    assert set(Record.objects.values_list("source__code", flat=True)) == {"socorro"}
    unknown = habeas_cli("import", lists.folder / "l", "--source", "fespad")
    assert unknown.exit_code == 1
    assert "no mapping for source 'fespad' (found: cdh, socorro)" in unknown.stderr


def test_records_a_newer_full_list_lacks_are_reported_as_absent_and_kept(
    lists: ListMaker, habeas_cli: Callable[..., CliResult]
) -> None:
    written = lists.write(lists.csv(lists.rows(4)))
    habeas_cli("import", written.path)
    written.path.write_text(lists.csv(lists.rows(3)), encoding="utf-8")
    # when
    done = habeas_cli("import", written.path)
    # then
    assert done.exit_code == 0, done.output
    header = next(line for line in done.stdout.splitlines() if "quarantined" in line)
    assert header.split()[-1] == "absent"
    assert "cdh: 1 records of this source are not in this file (kept" in done.stdout
    assert "--partial" in done.stdout
    assert Record.objects.count() == 4


def test_a_partial_list_does_not_report_the_records_it_lacks(
    lists: ListMaker, habeas_cli: Callable[..., CliResult]
) -> None:
    written = lists.write(lists.csv(lists.rows(4)))
    habeas_cli("import", written.path)
    written.path.write_text(lists.csv(lists.rows(4)[3:]), encoding="utf-8")
    # when this month's new cases come alone
    done = habeas_cli("import", written.path, "--partial")
    # then
    assert done.exit_code == 0, done.output
    assert "absent" not in done.stdout
    assert "not in this file" not in done.stdout
    assert ImportBatch.objects.order_by("started").last().n_absent == 3


def test_a_fixed_mapping_reads_the_same_file_again_and_says_so(
    lists: ListMaker, habeas_cli: Callable[..., CliResult]
) -> None:
    # given a list that codes sex as on the form (1 = hombre), unknown to its mapping
    content = lists.csv(lists.rows(2, **{"CDH-0002": {"Sexo": "1"}}))
    written = lists.write(content)
    habeas_cli("import", written.path)
    assert QuarantinedRow.objects.get().raw["Sexo"] == "1"
    mapping = written.mapping.read_text(encoding="utf-8")
    written.mapping.write_text(mapping + '\n[values.sex]\n"1" = "M"\n', encoding="utf-8")
    # when
    done = habeas_cli("import", written.path)
    # then
    assert done.exit_code == 0, done.output
    assert "Read again with a changed mapping: cdh_denuncias.csv" in done.stdout
    assert "Already imported" not in done.stdout
    assert Record.objects.get(record_id="CDH-0002").sex == "M"
    assert not QuarantinedRow.objects.filter(resolved=False).exists()
