"""Fixtures of the ingest tests: write a small list and ingest it with its mapping."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from ingest_helpers import HEADER, mapping, write_csv

from habeas.ingest import IngestResult, ingest_file, set_language


@pytest.fixture
def ingest_rows(tmp_path: Path):
    """``ingest_rows(rows, header=HEADER, columns=COLUMNS, **mapping options)`` → IngestResult."""

    def run(
        rows: Sequence[Sequence[str]],
        header: Sequence[str] = HEADER,
        columns: dict[str, str] | None = None,
        **options: object,
    ) -> IngestResult:
        path = write_csv(tmp_path / "cdh.csv", rows, header)
        return ingest_file(path, mapping(columns, **options))

    return run


@pytest.fixture(autouse=True)
def _spanish_by_default():
    """Every test starts and ends with the default language, Spanish."""
    set_language("es")
    yield
    set_language("es")
