"""``habeas export records`` and ``habeas export quarantine``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest

from habeas.domain.schema import RECORD_COLUMNS

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.conftest import CliResult, ListMaker

LEADING_ZEROS = {"CDH-0002": {"DUI": "00016297-5"}}


@pytest.mark.django
@pytest.mark.parametrize("name", ["registros.csv", "registros.parquet"])
def test_records_are_written_in_the_canonical_columns_keeping_dui_zeros(
    lists: ListMaker, habeas_cli: Callable[..., CliResult], name: str
) -> None:
    # given
    written = lists.write(lists.csv(lists.rows(2, **LEADING_ZEROS)))
    assert habeas_cli("import", written.path).exit_code == 0
    out = lists.folder / name
    # when
    done = habeas_cli("export", "records", "--out", out)
    # then
    assert done.exit_code == 0, done.output
    assert "Wrote 2 records" in done.stdout
    back = pd.read_csv(out, dtype=str) if out.suffix == ".csv" else pd.read_parquet(out)
    assert back.columns.tolist() == list(RECORD_COLUMNS)
    assert back[["source", "record_id", "dui"]].values.tolist() == [
        ["cdh", "CDH-0001", "04567890-3"],
        ["cdh", "CDH-0002", "00016297-5"],
    ]
    assert back["arrest_district"].tolist() == ["0608", "0608"]


@pytest.mark.django
def test_an_export_to_an_unknown_format_is_refused_in_one_line(
    lists: ListMaker, habeas_cli: Callable[..., CliResult]
) -> None:
    done = habeas_cli("export", "records", "--out", lists.folder / "registros.xlsx")
    assert done.exit_code == 1
    assert "registros.xlsx: cannot tell the format from '.xlsx'; use .csv, .parquet" in done.stderr
    assert "Traceback" not in done.output


@pytest.mark.django
def test_the_quarantine_export_holds_every_raw_cell_to_fix_and_reimport(
    lists: ListMaker, habeas_cli: Callable[..., CliResult]
) -> None:
    # given a list with two bad rows
    bad = {"CDH-0002": {"Fecha de captura": "31/02/2022"}, "CDH-0003": {"Sexo": "Z"}}
    written = lists.write(lists.csv(lists.rows(4, **bad)))
    habeas_cli("import", written.path)
    out = lists.folder / "cuarentena.csv"
    # when
    done = habeas_cli("export", "quarantine", "--out", out)
    # then
    assert done.exit_code == 0, done.output
    back = pd.read_csv(out, dtype=str, encoding="utf-8-sig")
    originals = {row["N° expediente"]: row for row in lists.rows(4, **bad)}
    assert back["row"].tolist() == ["3", "4"]
    for _, row in back.iterrows():
        assert {h: row[h] for h in lists.columns} == originals[row["N° expediente"]]
    assert "Fecha de captura" in back["reasons"][0]
    assert "Sexo" in back["reasons"][1]


def test_any_command_creates_the_database_on_first_use(tmp_path: Path) -> None:
    # given a fresh folder (a new process, as a user runs it)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["DATABASE_URL"] = ""
    # when
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "habeas"),
            "export",
            "records",
            "--out",
            "registros.csv",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    # then
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "habeas.sqlite3").exists()
    header = (tmp_path / "registros.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(RECORD_COLUMNS)


@pytest.mark.django
def test_the_quarantine_export_leaves_out_fixed_rows_unless_asked_for_all(
    lists: ListMaker, habeas_cli: Callable[..., CliResult]
) -> None:
    # given a row quarantined, then fixed in the next version of the list
    written = lists.write(lists.csv(lists.rows(3, **{"CDH-0002": {"Sexo": "Z"}})))
    habeas_cli("import", written.path)
    written.path.write_text(lists.csv(lists.rows(3)), encoding="utf-8")
    habeas_cli("import", written.path)
    to_fix, every = lists.folder / "por_corregir.csv", lists.folder / "todas.csv"
    # when
    open_rows = habeas_cli("export", "quarantine", "--out", to_fix)
    all_rows = habeas_cli("export", "quarantine", "--all", "--out", every)
    # then
    assert open_rows.exit_code == all_rows.exit_code == 0
    assert "Wrote 0 quarantined rows to fix" in open_rows.stdout
    assert len(pd.read_csv(to_fix, dtype=str, encoding="utf-8-sig")) == 0
    back = pd.read_csv(every, dtype=str, encoding="utf-8-sig")
    assert back[["row", "resolved", "resolution"]].values.tolist() == [["3", "yes", "imported"]]
