"""Reviewers' decisions as training labels: used from a minimum on, never hurting.

A small simulated scenario is linked three times: unsupervised (no decisions), with
enough "same" decisions from the truth to train m, and with the same decisions under a
minimum they do not reach (so only clustering uses them).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from habeas.linkage.cluster import BadDecisions
from habeas.linkage.evaluate import evaluate
from habeas.linkage.model import LinkResult, link_records
from habeas.linkage.settings import BadLinkSettings, LinkSettings
from habeas.linkage.train import check_labels, labelled_pairs

N_SAME = 60
N_DIFFERENT = 30


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, pd.DataFrame]:
    from habeas.domain.schema import RECORD_COLUMNS
    from habeas.ingest import discover, ingest_file
    from habeas.simulate import ScenarioSpec, write_scenario

    out: Path = tmp_path_factory.mktemp("labels_scenario")
    write_scenario(ScenarioSpec(seed=11, scale=0.03), out)
    frames = [ingest_file(m.file_path, m).records for m in discover(out / "sources")]
    records = pd.concat([f[list(RECORD_COLUMNS)] for f in frames], ignore_index=True)
    truth = pd.read_csv(out / "truth" / "records.csv", dtype=str)
    return records, truth


@pytest.fixture(scope="module")
def unsupervised(scenario: tuple[pd.DataFrame, pd.DataFrame]) -> LinkResult:
    return link_records(scenario[0])


def _true_person(records: pd.DataFrame, truth: pd.DataFrame) -> pd.Series:
    """The true person of every record, indexed by ``unique_id``."""
    uid = records["source"] + "|" + records["record_id"]
    by_uid = truth.set_index(truth["source"] + "|" + truth["record_id"])["person_id"]
    return pd.Series(uid.map(by_uid).to_numpy(), index=uid.to_numpy())


@pytest.fixture(scope="module")
def decisions(
    scenario: tuple[pd.DataFrame, pd.DataFrame], unsupervised: LinkResult
) -> pd.DataFrame:
    """ "same" for random true pairs; "different" for the most likely-looking candidate
    pairs of two different people (what a reviewer would be shown)."""
    person = _true_person(*scenario)
    rng = np.random.default_rng(20220327)
    groups = pd.Series(person.index).groupby(person.to_numpy()).agg(list)
    groups = groups[groups.map(len) > 1]
    assert len(groups) >= N_SAME, "the scenario has too few people in several records"
    picked = rng.choice(len(groups), size=N_SAME, replace=False)
    same = [tuple(rng.choice(groups.iloc[i], size=2, replace=False)) for i in picked]
    pairs = unsupervised.pairs
    apart = pairs["unique_id_l"].map(person) != pairs["unique_id_r"].map(person)
    hard = pairs[apart].head(N_DIFFERENT)
    rows = [(a, b, "same") for a, b in same]
    pairs_apart = zip(hard["unique_id_l"], hard["unique_id_r"], strict=True)
    rows += [(a, b, "different") for a, b in pairs_apart]
    return pd.DataFrame(rows, columns=["unique_id_l", "unique_id_r", "decision"])


def _f1(result: LinkResult, truth: pd.DataFrame) -> float:
    predicted = result.records[["source", "record_id", "person_id"]]
    return evaluate(truth, predicted, truth_only="ignore").pairwise_f1


def test_enough_same_decisions_train_the_model_and_do_not_hurt_it(
    scenario: tuple[pd.DataFrame, pd.DataFrame],
    unsupervised: LinkResult,
    decisions: pd.DataFrame,
) -> None:
    records, truth = scenario
    n_different = int((decisions["decision"] == "different").sum())
    labelled = link_records(records, decisions=decisions)
    constrained = link_records(
        records, decisions=decisions, settings=LinkSettings(min_labels_for_training=N_SAME + 1)
    )

    report = labelled.settings["training"]
    assert report["method"] == "labels+em"
    assert report["labels_used"] == N_SAME
    assert report["labels_different"] == n_different
    assert report["labels_contradicted"] is not None
    assert labelled.settings["splink"] != constrained.settings["splink"]  # m moved

    # the same decisions, only as clustering constraints: training is unsupervised
    below = constrained.settings["training"]
    assert below["method"] == "em"
    assert below["labels_used"] == 0
    assert below["labels_same"] == N_SAME

    f1_labelled = _f1(labelled, truth)
    assert f1_labelled >= _f1(constrained, truth) - 0.005
    assert f1_labelled >= _f1(unsupervised, truth) - 0.005


def test_a_run_without_decisions_says_no_labels_were_used(unsupervised: LinkResult) -> None:
    report = unsupervised.settings["training"]
    assert report["method"] == "em"
    assert report["labels_used"] == report["labels_same"] == 0
    assert report["labels_contradicted"] is None
    assert report["min_labels_for_training"] == LinkSettings().min_labels_for_training


def test_labelled_pairs_drop_unsure_decisions_and_unknown_records() -> None:
    decisions = pd.DataFrame(
        {
            "unique_id_l": ["pddh|14", "cdh|3", "cdh|3", "cdh|3", "cdh|9"],
            "unique_id_r": ["cdh|3", "prensa|2", "pddh|14", "prensa|77", "cdh|3"],
            "decision": ["same", "unsure", "different", "same", "same"],
        }
    )
    known = ["cdh|3", "cdh|9", "pddh|14", "prensa|2"]
    got = labelled_pairs(decisions, known)
    # the later "different" on (cdh|3, pddh|14) overrides the earlier "same"
    assert got.values.tolist() == [
        ["cdh|3", "pddh|14", "different"],
        ["cdh|3", "cdh|9", "same"],
    ]
    assert len(labelled_pairs(None, known)) == 0


def test_labelled_pairs_refuse_a_decision_that_is_not_one() -> None:
    decisions = pd.DataFrame(
        {"unique_id_l": ["cdh|1"], "unique_id_r": ["cdh|2"], "decision": ["probably"]}
    )
    with pytest.raises(BadDecisions, match="probably"):
        labelled_pairs(decisions, ["cdh|1", "cdh|2"])


def test_the_label_check_counts_pairs_the_model_scores_against_the_reviewer() -> None:
    labels = pd.DataFrame(
        {
            "unique_id_l": ["cdh|1", "cdh|2", "cdh|3", "cdh|4"],
            "unique_id_r": ["pddh|1", "pddh|2", "pddh|3", "pddh|4"],
            "decision": ["same", "same", "different", "different"],
        }
    )
    pairs = pd.DataFrame(
        {
            "unique_id_l": ["cdh|1", "cdh|3", "cdh|4"],
            "unique_id_r": ["pddh|1", "pddh|3", "pddh|4"],
            "match_probability": [0.97, 0.2, 0.8],
        }
    )
    # cdh|2 is no candidate pair (the model says "different"); cdh|4 scores 0.8
    assert check_labels({}, labels, pairs)["labels_contradicted"] == 2
    assert check_labels({}, labels.head(0), pairs)["labels_contradicted"] is None


def test_the_minimum_of_labels_must_be_positive() -> None:
    with pytest.raises(BadLinkSettings, match="min_labels_for_training"):
        LinkSettings(min_labels_for_training=0)
    settings = LinkSettings(min_labels_for_training=200)
    assert LinkSettings.from_dict(settings.to_dict()) == settings
