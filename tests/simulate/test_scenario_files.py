"""write_scenario: the files, their reproducibility and the truth's completeness."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
from sim_helpers import read_list, read_mapping

from habeas import __version__
from habeas.simulate import SOURCES, ScenarioSpec, write_scenario


def _hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_the_same_seed_writes_the_same_bytes(written: Path, tmp_path: Path) -> None:
    write_scenario(ScenarioSpec(seed=11, scale=0.03), tmp_path)
    assert _hashes(tmp_path) == _hashes(written)
    assert len(_hashes(written)) == 15


def test_another_seed_writes_other_lists(written: Path, tmp_path: Path) -> None:
    write_scenario(ScenarioSpec(seed=12, scale=0.03), tmp_path)
    a, b = _hashes(written), _hashes(tmp_path)
    for src in SOURCES:
        assert a[f"sources/{src.list_file}"] != b[f"sources/{src.list_file}"]
    assert a["truth/people.csv"] != b["truth/people.csv"]


def test_it_writes_five_lists_each_with_its_mapping(written: Path) -> None:
    for src in SOURCES:
        mapping = read_mapping(written / "sources" / src.mapping_file)
        assert mapping["source"]["code"] == src.code
        assert (written / "sources" / mapping["source"]["file"]).is_file()
    assert not list((written / "sources").glob("people*"))  # the truth is kept apart


def test_truth_records_cover_every_record_of_every_list(written: Path) -> None:
    truth = pd.read_csv(written / "truth" / "records.csv", dtype=str)
    people = pd.read_csv(written / "truth" / "people.csv", dtype=str)
    assert list(truth.columns) == ["source", "record_id", "person_id"]
    assert set(truth["person_id"]) <= set(people["person_id"])
    for src in SOURCES:
        mapping = read_mapping(written / "sources" / src.mapping_file)
        ids = read_list(written / "sources" / src.mapping_file)[mapping["columns"]["record_id"]]
        ids = ids.astype(str).tolist()
        assert ids == truth.loc[truth["source"] == src.code, "record_id"].tolist()
        assert len(set(ids)) == len(ids)


def test_people_csv_holds_the_canonical_person_columns(written: Path) -> None:
    people = pd.read_csv(written / "truth" / "people.csv", dtype=str, keep_default_na=False)
    expected = (
        "person_id", "given_names", "surname_1", "sex", "dui", "arrest_date",
        "detention_centre", "died_in_custody", "urban", "gang_presence", "in_prensa",
    )  # fmt: skip
    assert set(expected) <= set(people.columns)
    assert people["arrest_date"].str.fullmatch(r"\d{4}-\d\d-\d\d").all()
    assert set(people["sex"]) == {"F", "M"}
    steps = pd.read_csv(written / "truth" / "custody_steps.csv", dtype=str)
    assert list(steps.columns) == ["person_id", "step", "kind", "date", "centre", "note"]
    assert set(steps["person_id"]) == set(people["person_id"])


def test_scenario_json_records_the_spec_and_the_version(written: Path) -> None:
    meta = json.loads((written / "scenario.json").read_text(encoding="utf-8"))
    assert meta["habeas_version"] == __version__
    assert ScenarioSpec.from_dict(meta["spec"]) == ScenarioSpec(seed=11, scale=0.03)
    assert meta["summary"]["n_people"] == 2160
    assert sum(meta["summary"]["n_records_by_source"].values()) == len(
        pd.read_csv(written / "truth" / "records.csv")
    )


def test_duplicates_inside_a_list_are_a_few_percent(written: Path) -> None:
    truth = pd.read_csv(written / "truth" / "records.csv", dtype=str)
    for code, recs in truth.groupby("source"):
        share = recs["person_id"].duplicated().mean()
        assert 0.01 < share < 0.06, code


def test_a_source_that_documents_nobody_writes_an_empty_list(tmp_path: Path) -> None:
    spec = ScenarioSpec(scale=0.005, coverage_press=0.0, deaths_per_10k=0.0)
    summary = write_scenario(spec, tmp_path)
    assert summary.n_records_by_source["prensa"] == 0 and summary.n_deaths == 0
    assert json.loads((tmp_path / "sources" / "prensa_monitoreo.json").read_text()) == {
        "records": []
    }
