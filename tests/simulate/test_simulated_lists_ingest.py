"""The simulated lists through the real ingest: quarantine holds exactly the bait rows,
and what ingest reads agrees with the truth where no error was written."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from habeas.simulate import SOURCES

ingest = pytest.importorskip("habeas.ingest")


@pytest.mark.parametrize("src", SOURCES, ids=lambda s: s.code)
def test_ingest_quarantines_exactly_the_bait_rows(written: Path, src) -> None:
    mapping = ingest.read_mapping(written / "sources" / src.mapping_file)
    result = ingest.ingest_file(written / "sources" / src.list_file, mapping)
    errors = pd.read_csv(written / "truth" / "record_errors.csv", dtype=str, keep_default_na=False)
    errors = errors[errors["source"] == src.code]
    bait = set(errors.loc[errors["errors"].str.contains("bad_date|nameless_row"), "record_id"])
    header = mapping.columns["record_id"]
    assert {str(q.raw[header]) for q in result.quarantined} == bait
    assert result.n_rows == len(errors)

    # sex has no written errors: after the mapping it is the person's, in every list
    truth = pd.read_csv(written / "truth" / "records.csv", dtype=str).set_index("record_id")
    truth = truth[truth["source"] == src.code]
    people = pd.read_csv(written / "truth" / "people.csv", dtype=str).set_index("person_id")
    recs = result.records[result.records["sex"].notna()]
    true_sex = people.loc[truth.loc[recs["record_id"].astype(str), "person_id"], "sex"]
    assert (recs["sex"].to_numpy() == true_sex.to_numpy()).all()
