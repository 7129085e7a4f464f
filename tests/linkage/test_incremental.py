"""Incremental linking on a small simulated scenario: four lists linked in full, the
fifth added on its own, against the truth and against a full run on all five."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from habeas.linkage.evaluate import evaluate
from habeas.linkage.incremental import UntrainedModel, link_new_records, splink_model
from habeas.linkage.model import LinkageError, LinkResult, link_records

#: The list added after the first run.
FIFTH = "prensa"


@dataclass(frozen=True)
class Runs:
    records: pd.DataFrame  # all five lists
    truth: pd.DataFrame
    first: LinkResult  # four lists, full run
    added: LinkResult  # the fifth, incremental
    full: LinkResult  # all five, full run

    @property
    def n_old(self) -> int:
        return len(self.first.records)


def _read_scenario(out: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    from habeas.domain.schema import RECORD_COLUMNS
    from habeas.ingest import discover, ingest_file

    frames = [ingest_file(m.file_path, m).records for m in discover(out / "sources")]
    records = pd.concat([f[list(RECORD_COLUMNS)] for f in frames], ignore_index=True)
    truth = pd.read_csv(out / "truth" / "records.csv", dtype=str)
    return records, truth


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    from habeas.simulate import ScenarioSpec, write_scenario

    out = tmp_path_factory.mktemp("incremental_scenario")
    write_scenario(ScenarioSpec(seed=5, scale=0.03), out)
    records, truth = _read_scenario(out)
    old = records[records["source"] != FIFTH].reset_index(drop=True)
    new = records[records["source"] == FIFTH].reset_index(drop=True)
    assert len(new) > 20, "the scenario needs a fifth list to add"
    first = link_records(old)
    added = link_new_records(first.records, new, model=first.settings)
    return Runs(records, truth, first, added, link_records(records))


def _uid(frame: pd.DataFrame) -> pd.Series:
    return frame["source"].astype(str) + "|" + frame["record_id"].astype(str)


def _person_of(result: LinkResult) -> dict[str, str]:
    return dict(zip(_uid(result.records), result.records["person_id"], strict=True))


def test_existing_records_and_untouched_people_keep_their_ids(runs: Runs) -> None:
    before = runs.first.records["person_id"].tolist()
    after = runs.added.records["person_id"].tolist()
    assert after[: runs.n_old] == before
    touched = set(after[runs.n_old :])
    untouched = set(before) - touched
    assert untouched and untouched <= set(after)
    # and the people table holds the touched people only, counted from all their records
    assert set(runs.added.people["person_id"]) == touched
    assert runs.added.people["n_records"].sum() == sum(p in touched for p in after)


def test_a_new_record_of_a_known_person_gets_that_persons_id(runs: Runs) -> None:
    truth_of = dict(zip(_uid(runs.truth), runs.truth["person_id"], strict=True))
    first = _person_of(runs.first)
    known = {}  # true person -> the one person id the first run gave all their records
    for uid, person in first.items():
        known.setdefault(truth_of[uid], set()).add(person)
    added = _person_of(runs.added)
    new_uids = list(_uid(runs.added.records.iloc[runs.n_old :]))
    expected = {
        u: next(iter(known[truth_of[u]])) for u in new_uids if len(known.get(truth_of[u], ())) == 1
    }
    assert len(expected) >= 10
    right = sum(added[u] == p for u, p in expected.items())
    assert right / len(expected) >= 0.9, (right, len(expected))


def test_a_copy_of_a_known_record_in_a_new_list_joins_its_person(runs: Runs) -> None:
    records = runs.first.records
    linked = records.groupby("person_id")["source"].transform("nunique") > 1
    source = records[linked & records["dui"].notna()].iloc[0]
    copy = source.drop("person_id").to_frame().T.assign(source="cdh_2024", record_id="CDH-77")
    done = link_new_records(records, copy, model=runs.first.settings)
    assert done.records["person_id"].iloc[-1] == source["person_id"]
    assert done.records["person_id"].iloc[:-1].tolist() == records["person_id"].tolist()
    assert done.settings["incremental"] is True
    assert done.settings["incremental_counts"]["joined"] == 1


def test_incremental_quality_is_close_to_a_full_run_on_all_lists(runs: Runs) -> None:
    def scores(result: LinkResult) -> object:
        predicted = result.records[["source", "record_id", "person_id"]]
        return evaluate(runs.truth, predicted, truth_only="ignore")

    incremental, full = scores(runs.added), scores(runs.full)
    assert incremental.pairwise_f1 >= full.pairwise_f1 - 0.02, (incremental, full)
    assert incremental.bcubed_f1 >= full.bcubed_f1 - 0.02, (incremental, full)
    assert incremental.pairwise_precision >= 0.98, incremental


def test_a_different_decision_on_a_new_record_holds(runs: Runs) -> None:
    new_uids = set(_uid(runs.added.records.iloc[runs.n_old :]))
    pairs = runs.added.pairs
    joined = pairs[
        (pairs["band"] == "link")
        & (pairs["unique_id_l"].isin(new_uids) != pairs["unique_id_r"].isin(new_uids))
    ]
    assert len(joined), "no new record joined a known person"
    link = joined.iloc[0]
    said = pd.DataFrame(
        {
            "unique_id_l": [link["unique_id_r"]],
            "unique_id_r": [link["unique_id_l"]],
            "decision": ["different"],
        }
    )
    new = runs.records[runs.records["source"] == FIFTH].reset_index(drop=True)
    again = link_new_records(runs.first.records, new, model=runs.first.settings, decisions=said)
    person = _person_of(again)
    assert person[link["unique_id_l"]] != person[link["unique_id_r"]]


def test_the_model_must_be_trained_and_records_must_say_who_is_linked(runs: Runs) -> None:
    old = runs.first.records
    new = runs.records[runs.records["source"] == FIFTH].head(3)
    with pytest.raises(UntrainedModel, match="run a full link first"):
        link_new_records(old, new, model=link_records(new).settings)
    with pytest.raises(LinkageError, match="need a person_id column"):
        link_new_records(old.drop(columns="person_id"), new, model=runs.first.settings)
    with pytest.raises(LinkageError, match="already have a person_id"):
        link_new_records(old, new.assign(person_id="P-1"), model=runs.first.settings)
    with pytest.raises(LinkageError, match="repeat a"):
        link_new_records(old, old.head(2).drop(columns="person_id"), model=runs.first.settings)
    assert splink_model(runs.first.settings) is runs.first.settings["splink"]


def test_no_new_records_change_nothing(runs: Runs) -> None:
    empty = runs.records.head(0)
    done = link_new_records(runs.first.records, empty, model=runs.first.settings)
    assert done.records["person_id"].tolist() == runs.first.records["person_id"].tolist()
    assert len(done.pairs) == 0 and len(done.people) == 0
