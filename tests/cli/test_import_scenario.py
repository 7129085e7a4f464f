"""A simulated scenario's five lists through ``habeas import``: nothing is lost."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest

from habeas.ingest import discover
from habeas.web.cases.models import QuarantinedRow, Record

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.conftest import CliResult

pytestmark = pytest.mark.django


def test_every_simulated_record_is_imported_or_quarantined(
    small_scenario: Path, habeas_cli: Callable[..., CliResult]
) -> None:
    # given the truth: which records the five lists hold
    truth = pd.read_csv(small_scenario / "truth" / "records.csv", dtype=str)
    expected = set(zip(truth["source"], truth["record_id"], strict=True))
    id_header = {m.code: m.columns["record_id"] for m in discover(small_scenario / "sources")}
    # when
    done = habeas_cli("import", small_scenario / "sources")
    # then
    assert done.exit_code == 0, done.output
    stored = set(Record.objects.values_list("source__code", "record_id"))
    quarantined = {
        (q.batch.source.code, q.raw[id_header[q.batch.source.code]])
        for q in QuarantinedRow.objects.select_related("batch__source")
    }
    assert stored.isdisjoint(quarantined)
    assert stored | quarantined == expected
    assert len(quarantined) > 0  # the simulator plants unreadable rows


def test_the_exported_records_are_the_stored_ones(
    small_scenario: Path, habeas_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    habeas_cli("import", small_scenario / "sources")
    out = tmp_path / "records.parquet"
    assert habeas_cli("export", "records", "--out", out).exit_code == 0
    frame = pd.read_parquet(out)
    assert len(frame) == Record.objects.count()
    assert frame["source"].nunique() == 5
    duis = frame["dui"].dropna()
    assert duis.str.fullmatch(r"\d{8}-\d").all()
    assert duis.str.startswith("0").any()  # leading zeros survive the round trip
