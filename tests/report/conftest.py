"""A linked records table for report tests: the small scenario's lists, linked perfectly.

The lists are read with their mappings (no database) and every record gets its true
person from truth/records.csv, so the report's figures can be checked against the
truth without the linkage's errors in the way.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest


@pytest.fixture(scope="session")
def linked_records(small_scenario: Path) -> pd.DataFrame:
    from habeas.domain.schema import RECORD_COLUMNS
    from habeas.ingest import discover, ingest_file

    frames = []
    for mapping in discover(small_scenario / "sources"):
        result = ingest_file(mapping.file_path, mapping)
        frames.append(result.records[list(RECORD_COLUMNS)])
    records = pd.concat(frames, ignore_index=True)
    truth = pd.read_csv(small_scenario / "truth" / "records.csv", dtype=str)
    records = records.merge(truth, on=["source", "record_id"], how="inner", validate="1:1")
    return records.astype(object).where(records.notna(), None)


@pytest.fixture(scope="session")
def small_report(linked_records: pd.DataFrame, small_scenario: Path):
    from habeas.report.build import ReportInputs, build_report

    people = pd.read_csv(small_scenario / "truth" / "people.csv", dtype=str)
    inputs = ReportInputs(
        records=linked_records,
        snapshot=date(2026, 3, 31),
        truth={
            "detained": len(people),
            "died": int((people["died_in_custody"] == "yes").sum()),
            "documented": linked_records["person_id"].nunique(),
        },
    )
    return build_report(inputs, seed=1)


@pytest.fixture(scope="session")
def written_report(small_report, tmp_path_factory: pytest.TempPathFactory):
    from habeas.report.render import write_report

    out = tmp_path_factory.mktemp("report")
    return write_report(small_report, out, lang="es", seed=1)
