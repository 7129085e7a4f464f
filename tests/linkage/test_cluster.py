"""Clustering pairs into people, and reviewers' decisions that must hold."""

from __future__ import annotations

import pandas as pd
import pytest

from habeas.linkage.backends import make_db_api
from habeas.linkage.cluster import BadDecisions, cluster_records, normalise_decisions

IDS = ["cdh|1", "cdh|2", "pddh|7", "prensa|3", "prensa|4"]


def pairs(*rows: tuple[str, str, float]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["unique_id_l", "unique_id_r", "match_probability"])
    frame["band"] = ["link" if p >= 0.99 else "review" for p in frame["match_probability"]]
    return frame


def decisions(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["unique_id_l", "unique_id_r", "decision"])


def people(clusters: pd.Series) -> set[frozenset[str]]:
    return {frozenset(g.index) for _, g in clusters.groupby(clusters.to_numpy())}


def test_linked_pairs_chain_into_one_person_named_by_its_smallest_id() -> None:
    scored = pairs(("cdh|1", "pddh|7", 0.999), ("pddh|7", "prensa|3", 0.995))
    clusters = cluster_records(IDS, scored, make_db_api())
    assert people(clusters) == {
        frozenset({"cdh|1", "pddh|7", "prensa|3"}),
        frozenset({"cdh|2"}),
        frozenset({"prensa|4"}),
    }
    assert clusters["prensa|3"] == "cdh|1"
    assert list(clusters.index) == IDS


def test_review_band_pairs_do_not_link() -> None:
    clusters = cluster_records(IDS, pairs(("cdh|1", "cdh|2", 0.7)), make_db_api())
    assert clusters["cdh|1"] != clusters["cdh|2"]


def test_a_same_decision_forces_a_link() -> None:
    clusters = cluster_records(
        IDS, pairs(("cdh|1", "cdh|2", 0.7)), make_db_api(), decisions(("cdh|2", "cdh|1", "same"))
    )
    assert clusters["cdh|1"] == clusters["cdh|2"]


def test_a_different_decision_removes_the_direct_link() -> None:
    scored = pairs(("cdh|1", "cdh|2", 0.9999))
    clusters = cluster_records(
        IDS, scored, make_db_api(), decisions(("cdh|1", "cdh|2", "different"))
    )
    assert clusters["cdh|1"] != clusters["cdh|2"]


def test_a_different_pair_joined_through_a_third_record_is_cut_at_the_weakest_link() -> None:
    # cdh|1 - pddh|7 strong, pddh|7 - prensa|3 weaker; a reviewer says cdh|1 and
    # prensa|3 are two people: the weaker link goes, the stronger stays.
    scored = pairs(("cdh|1", "pddh|7", 0.9999), ("pddh|7", "prensa|3", 0.995))
    clusters = cluster_records(
        IDS, scored, make_db_api(), decisions(("prensa|3", "cdh|1", "different"))
    )
    assert clusters["cdh|1"] == clusters["pddh|7"]
    assert clusters["prensa|3"] != clusters["cdh|1"]


def test_a_different_decision_wins_over_contradicting_same_decisions() -> None:
    decided = decisions(
        ("cdh|1", "cdh|2", "same"), ("cdh|2", "pddh|7", "same"), ("cdh|1", "pddh|7", "different")
    )
    clusters = cluster_records(IDS, pairs(), make_db_api(), decided)
    assert clusters["cdh|1"] != clusters["pddh|7"]


def test_the_last_decision_on_a_pair_wins() -> None:
    decided = normalise_decisions(
        decisions(("cdh|1", "cdh|2", "same"), ("cdh|2", "cdh|1", "different"))
    )
    assert decided.to_dict("records") == [
        {"unique_id_l": "cdh|1", "unique_id_r": "cdh|2", "decision": "different"}
    ]


def test_an_unsure_decision_leaves_the_pair_to_the_model() -> None:
    decided = normalise_decisions(
        decisions(("cdh|1", "cdh|2", "unsure"), ("cdh|3", "cdh|4", "different"))
    )
    assert decided.to_dict("records") == [
        {"unique_id_l": "cdh|3", "unique_id_r": "cdh|4", "decision": "different"}
    ]


def test_a_decision_other_than_same_different_or_unsure_is_refused() -> None:
    with pytest.raises(BadDecisions, match="maybe"):
        normalise_decisions(decisions(("cdh|1", "cdh|2", "maybe")))


def test_a_decisions_table_without_its_columns_is_refused() -> None:
    with pytest.raises(BadDecisions, match="decision"):
        normalise_decisions(pd.DataFrame({"unique_id_l": ["cdh|1"], "unique_id_r": ["cdh|2"]}))
