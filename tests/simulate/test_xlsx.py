"""Reproducible workbooks: the same rows give the same bytes, with real date cells."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from habeas.simulate.xlsx import FIXED_TIME, write_xlsx


def test_the_same_rows_give_the_same_bytes_at_different_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [["EXP-22-0001", dt.date(2022, 3, 27), "Hernández"]]
    header = ["Expediente", "Fecha", "Apellido"]
    a = write_xlsx(tmp_path / "a.xlsx", "Casos", header, rows)
    # zip entries are stamped with time.time(): pretend a year has passed
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 365 * 86400)
    b = write_xlsx(tmp_path / "b.xlsx", "Casos", header, rows)
    assert a.read_bytes() == b.read_bytes()


def test_dates_are_date_cells_shown_day_first(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "c.xlsx", "Casos", ["Fecha"], [[dt.date(2022, 3, 27)]])
    wb = load_workbook(path)
    cell = wb["Casos"]["A2"]
    assert cell.is_date and cell.value == dt.datetime(2022, 3, 27)
    assert cell.number_format == "dd/mm/yyyy"
    assert wb.properties.modified == FIXED_TIME
