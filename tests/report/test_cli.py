"""``habeas indicators --json`` and ``habeas report`` on a linked records file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import CliResult


@pytest.fixture
def linked_file(linked_records: pd.DataFrame, tmp_path: Path) -> Path:
    path = tmp_path / "linked.csv"
    linked_records.to_csv(path, index=False)
    return path


def test_every_figure_comes_out_as_json(
    linked_file: Path, linked_records: pd.DataFrame, habeas_cli: Callable[..., CliResult]
) -> None:
    done = habeas_cli("indicators", "--json", "--records", linked_file, "--snapshot", "2026-03-31")
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    assert data["people"] == linked_records["person_id"].nunique()
    assert data["records"] == len(linked_records)
    assert data["snapshot"] == "2026-03-31"
    assert {s["source"] for s in data["sources"]} == set(linked_records["source"])


def test_the_report_command_writes_the_report_in_english(
    linked_file: Path, tmp_path: Path, habeas_cli: Callable[..., CliResult]
) -> None:
    out = tmp_path / "out"
    done = habeas_cli("report", "--out", out, "--records", linked_file, "--lang", "en", "--no-pdf")
    assert done.exit_code == 0, done.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Headline figures" in html
    assert not (out / "report.pdf").exists()
    assert (out / "public" / "README.md").exists()
    assert not (out / "public" / "microdata.csv").exists()


def test_records_without_person_ids_are_refused_with_a_clear_message(
    linked_records: pd.DataFrame, tmp_path: Path, habeas_cli: Callable[..., CliResult]
) -> None:
    path = tmp_path / "unlinked.csv"
    linked_records.drop(columns="person_id").to_csv(path, index=False)
    done = habeas_cli("indicators", "--json", "--records", path)
    assert done.exit_code != 0
    assert "person_id" in done.stderr
