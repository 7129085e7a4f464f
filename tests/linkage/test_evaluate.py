"""Scores of a linkage against the truth, on hand-made tables whose answers are known."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from habeas.linkage.evaluate import (
    BadLinkageTable,
    LinkageScores,
    LinkageTablesDiffer,
    error_cases,
    evaluate,
)

# Six records of three people: A = {1, 2, 3}, B = {4, 5}, C = {6}.
# True pairs: C(3,2) + C(2,2) + C(1,2) = 3 + 1 + 0 = 4.
TRUTH_PEOPLE = ["A", "A", "A", "B", "B", "C"]


def table(people: list[str], source: str = "cdh") -> pd.DataFrame:
    ids = [f"CDH-{i:04d}" for i in range(1, len(people) + 1)]
    return pd.DataFrame({"source": source, "record_id": ids, "person_id": people})


TRUTH = table(TRUTH_PEOPLE)


def test_a_perfect_linkage_scores_one_everywhere() -> None:
    scores = evaluate(TRUTH, table(["x", "x", "x", "y", "y", "z"]))
    assert scores.pairwise_precision == scores.pairwise_recall == scores.pairwise_f1 == 1.0
    assert scores.bcubed_precision == scores.bcubed_recall == scores.bcubed_f1 == 1.0
    assert (scores.n_records, scores.n_true_people, scores.n_predicted_people) == (6, 3, 3)
    assert (scores.n_true_pairs, scores.n_predicted_pairs, scores.n_correct_pairs) == (4, 4, 4)


def test_merging_everyone_into_one_person_has_full_recall_and_poor_precision() -> None:
    scores = evaluate(TRUTH, table(["x"] * 6))
    # Predicted pairs C(6,2) = 15, of which the 4 true ones are right: P = 4/15, R = 1,
    # F1 = 2 (4/15) / (4/15 + 1) = 8/19.
    assert scores.pairwise_precision == pytest.approx(4 / 15)
    assert scores.pairwise_recall == 1.0
    assert scores.pairwise_f1 == pytest.approx(8 / 19)
    # B-cubed precision: A's records see 3 of 6 right, B's 2 of 6, C's 1 of 6:
    # (3·3/6 + 2·2/6 + 1·1/6) / 6 = 14/36 = 7/18.
    assert scores.bcubed_precision == pytest.approx(7 / 18)
    assert scores.bcubed_recall == 1.0
    assert scores.bcubed_f1 == pytest.approx(2 * (7 / 18) / (7 / 18 + 1))
    assert (scores.n_predicted_people, scores.n_predicted_pairs) == (1, 15)
    assert scores.n_false_merge_pairs == 11


def test_splitting_everyone_has_full_precision_and_no_pairwise_recall() -> None:
    scores = evaluate(TRUTH, table(list("uvwxyz")))
    # No predicted pair: precision 1 by convention (nothing to get wrong), recall 0/4.
    assert (scores.pairwise_precision, scores.pairwise_recall, scores.pairwise_f1) == (1, 0, 0)
    # B-cubed recall: A's records hold 1 of 3, B's 1 of 2, C's 1 of 1:
    # (3·1/3 + 2·1/2 + 1) / 6 = 3/6; F1 = 2 · 1 · 0.5 / 1.5 = 2/3.
    assert scores.bcubed_precision == 1.0
    assert scores.bcubed_recall == pytest.approx(0.5)
    assert scores.bcubed_f1 == pytest.approx(2 / 3)
    assert scores.n_missed_pairs == 4


def test_one_false_merge_of_two_people_costs_precision_only() -> None:
    # B and C made one person {4, 5, 6}.
    scores = evaluate(TRUTH, table(["x", "x", "x", "y", "y", "y"]))
    # Predicted pairs 3 + 3 = 6, correct 3 + 1 = 4: P = 2/3, R = 1, F1 = 4/5.
    assert scores.pairwise_precision == pytest.approx(2 / 3)
    assert scores.pairwise_recall == 1.0
    assert scores.pairwise_f1 == pytest.approx(4 / 5)
    # B-cubed precision: A's 3 records 1 each, B's 2 records 2/3 each, C's 1/3:
    # (3 + 4/3 + 1/3) / 6 = 7/9.
    assert scores.bcubed_precision == pytest.approx(7 / 9)
    assert scores.bcubed_recall == 1.0


def test_the_same_record_id_in_two_sources_is_two_records() -> None:
    truth = pd.concat([table(["A", "B"]), table(["A", "B"], source="socorro")])
    predicted = truth.assign(person_id=["x", "y", "x", "y"])
    scores = evaluate(truth, predicted)
    assert scores.n_records == 4
    assert scores.pairwise_f1 == 1.0


def test_records_missing_from_the_prediction_are_an_error_naming_them() -> None:
    with pytest.raises(LinkageTablesDiffer, match=r"2 truth records .* CDH-0005, CDH-0006|"):
        evaluate(TRUTH, table(["x", "x", "x", "y"]))
    with pytest.raises(LinkageTablesDiffer, match=r"^2 truth records are not in the prediction"):
        evaluate(TRUTH, table(["x", "x", "x", "y"]))


def test_records_the_truth_lacks_are_an_error_even_when_ignoring_truth_only_ones() -> None:
    predicted = table(["x"] * 7)
    with pytest.raises(LinkageTablesDiffer, match=r"1 predicted records .*cdh\|CDH-0007"):
        evaluate(TRUTH, predicted, truth_only="ignore")


def test_truth_records_the_prediction_lacks_can_be_left_out_and_counted() -> None:
    # e.g. the rows quarantined at import: in the truth, never linked.
    scores = evaluate(TRUTH, table(["x", "x", "x", "y"]), truth_only="ignore")
    assert scores.n_truth_only == 2
    assert scores.n_records == 4
    assert scores.pairwise_f1 == 1.0
    assert "left out" in scores.summary()


def test_a_repeated_record_or_a_missing_person_is_a_bad_table() -> None:
    repeated = pd.concat([TRUTH, TRUTH.head(1)])
    with pytest.raises(BadLinkageTable, match=r"repeated .*cdh\|CDH-0001"):
        evaluate(repeated, TRUTH)
    no_person = TRUTH.assign(person_id=["A", None, "A", "B", "B", "C"])
    with pytest.raises(BadLinkageTable, match=r"1 records of the predicted table have no"):
        evaluate(TRUTH, no_person)
    with pytest.raises(BadLinkageTable, match="lacks the column"):
        evaluate(TRUTH, TRUTH.drop(columns="person_id"))


def test_scores_round_trip_through_a_dict_and_print_a_table() -> None:
    scores = evaluate(TRUTH, table(["x", "x", "x", "y", "y", "y"]))
    assert LinkageScores.from_dict(scores.to_dict()) == scores
    text = scores.summary()
    assert "pairwise" in text and "B-cubed" in text and "0.6667" in text


def test_it_scores_a_million_records_without_enumerating_pairs() -> None:
    # A 1M-record prediction with one 200,000-record merge: 2·10^10 pairs to enumerate.
    rng = np.random.default_rng(7)
    n = 1_000_000
    true = rng.integers(0, 600_000, n)
    predicted = np.where(np.arange(n) < 200_000, -1, true)
    ids = np.arange(n).astype(str)
    truth = pd.DataFrame({"source": "s", "record_id": ids, "person_id": true})
    pred = pd.DataFrame({"source": "s", "record_id": ids, "person_id": predicted})
    started = time.perf_counter()
    scores = evaluate(truth, pred)
    assert time.perf_counter() - started < 20
    assert scores.n_predicted_pairs >= 200_000 * 199_999 // 2
    assert scores.n_records == n
    assert scores.pairwise_precision < 0.01


# Prepared fields of the six records: B (4, 5) and C (6) share given name and first
# surname but not the second; A's record 3 has another DUI.
PREPARED = pd.DataFrame(
    {
        "source": "cdh",
        "record_id": TRUTH["record_id"],
        "given_1": ["jose", "jose", "jose", "maria", "maria", "maria"],
        "surname_1": ["hernandez", "hernandez", "hernandez", "lopez", "lopez", "lopez"],
        "surname_2": ["cruz", "cruz", "cruz", "ayala", "ayala", "chicas"],
        "dui": ["04567890-3", "04567890-3", "01234567-8", None, None, None],
    }
)


def test_error_cases_group_false_merges_and_missed_links_by_what_disagreed() -> None:
    # given B and C merged, and A's record 3 split off
    predicted = table(["x", "x", "w", "y", "y", "y"])
    # when
    errors = error_cases(PREPARED, TRUTH, predicted)
    # then: false merges 4~6, 5~6 (surname_2 differs); missed 1~3, 2~3 (DUI differs)
    merges = errors.pairs[errors.pairs["kind"] == "false_merge"]
    assert sorted(zip(merges["unique_id_l"], merges["unique_id_r"], strict=True)) == [
        ("cdh|CDH-0004", "cdh|CDH-0006"),
        ("cdh|CDH-0005", "cdh|CDH-0006"),
    ]
    assert set(merges["surname_2"]) == {"disagree"}
    assert set(merges["dui"]) == {"missing"}
    assert set(merges["birth_date"]) == {"missing"}  # not in the table at all
    patterns = errors.patterns.set_index(["kind", "pattern"])["n_pairs"].to_dict()
    assert patterns == {("false_merge", "surname_2"): 2, ("missed_link", "dui"): 2}
    assert (errors.n_false_merge_pairs, errors.n_missed_pairs) == (2, 2)
    assert not errors.capped
    assert "disagree: surname_2" in errors.summary()


def test_error_cases_are_capped_but_their_totals_stay_exact() -> None:
    errors = error_cases(PREPARED, TRUTH, table(["x"] * 6), limit=3)
    merges = errors.pairs[errors.pairs["kind"] == "false_merge"]
    assert len(merges) == 3
    assert errors.n_false_merge_pairs == 11
    assert errors.capped


def test_a_perfect_linkage_has_no_error_cases() -> None:
    errors = error_cases(PREPARED, TRUTH, TRUTH)
    assert errors.pairs.empty and errors.patterns.empty
    assert (errors.n_false_merge_pairs, errors.n_missed_pairs) == (0, 0)
