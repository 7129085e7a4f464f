"""Linkage on the database: people stored, ids stable, reviewers' decisions respected."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from habeas import __version__
from habeas.ingest import discover, ingest_file
from habeas.web.analysis.linkage import (
    decide_pair,
    link_database,
    review_decisions,
    store_linkage,
)
from habeas.web.analysis.models import Decision, LinkRun, ReviewPair
from habeas.web.cases.actions import import_result
from habeas.web.cases.models import Person, Record

pytestmark = pytest.mark.django


def import_scenario(folder: Path) -> None:
    for mapping in discover(folder / "sources"):
        import_result(ingest_file(mapping.file_path, mapping))


def people_by_record() -> dict[tuple[str, str], str]:
    rows = Record.objects.values_list("source__code", "record_id", "person__person_id")
    return {(s, r): p for s, r, p in rows}


def two_records_of_one_person() -> tuple[Record, Record]:
    """Two records the last run put in one person (from two sources if it can)."""
    by_person: dict[str, list[Record]] = {}
    for record in Record.objects.select_related("person", "source"):
        by_person.setdefault(record.person.person_id, []).append(record)
    groups = [g for g in by_person.values() if len(g) >= 2]
    assert groups, "the model linked no records at all"
    groups.sort(key=lambda g: (len({r.source_id for r in g}) < 2, -len(g)))
    return groups[0][0], groups[0][1]


def test_linking_gives_every_record_a_person_and_stores_the_run(small_scenario: Path) -> None:
    import_scenario(small_scenario)
    # when
    run = link_database(run_by="ana")
    # then
    n_records = Record.objects.count()
    assert Record.objects.filter(person=None).count() == 0
    assert run.n_records == n_records
    assert run.n_people == Person.objects.count() < n_records
    assert run.n_relinked == n_records and run.n_people_created == run.n_people
    assert run.habeas_version == __version__ and run.run_by == "ana"
    assert "splink" in run.settings and "link_settings" in run.settings
    assert run.timings["total"] > 0
    assert run.n_review == ReviewPair.objects.count()
    for pair in ReviewPair.objects.all()[:20]:
        assert pair.record_l_id < pair.record_r_id
        assert pair.decision is None
        assert pair.evidence and all(isinstance(k, str) for k in pair.evidence)


def test_a_second_run_on_the_same_records_keeps_every_person_id(small_scenario: Path) -> None:
    import_scenario(small_scenario)
    link_database()
    before = people_by_record()
    # when
    again = link_database()
    # then
    assert people_by_record() == before
    assert (again.n_relinked, again.n_people_created, again.n_people_removed) == (0, 0, 0)
    assert LinkRun.objects.count() == 2


def test_a_different_decision_splits_two_records_the_model_linked(small_scenario: Path) -> None:
    # given two records the model put in one person
    import_scenario(small_scenario)
    link_database()
    left, right = two_records_of_one_person()
    # when a reviewer says they are different people, and linkage runs again
    decide_pair(right, left, Decision.DIFFERENT, decided_by="beatriz")
    run = link_database()
    # then
    left.refresh_from_db()
    right.refresh_from_db()
    assert left.person_id != right.person_id
    assert run.n_decisions == 1
    # and the decision is kept, and holds on the run after
    pair = ReviewPair.objects.get(decision=Decision.DIFFERENT)
    assert (pair.record_l_id, pair.record_r_id) == tuple(sorted((left.pk, right.pk)))
    assert pair.decided_by == "beatriz" and pair.decided_at is not None
    link_database()
    left.refresh_from_db()
    right.refresh_from_db()
    assert left.person_id != right.person_id
    assert ReviewPair.objects.filter(decision=Decision.DIFFERENT).count() == 1


def test_a_same_decision_joins_two_records_of_different_people(small_scenario: Path) -> None:
    import_scenario(small_scenario)
    link_database()
    first, second = Record.objects.order_by("pk")[:2]
    if first.person_id == second.person_id:  # pragma: no cover - pick two people
        second = Record.objects.exclude(person=first.person).order_by("pk").first()
    decide_pair(first, second, Decision.SAME, decided_by="carmen")
    link_database()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.person_id == second.person_id


def test_only_same_and_different_decisions_go_to_the_model(small_scenario: Path) -> None:
    import_scenario(small_scenario)
    a, b, c = Record.objects.select_related("source").order_by("pk")[:3]
    decide_pair(a, b, Decision.UNSURE)
    decide_pair(a, c, Decision.SAME)
    decisions = review_decisions()
    assert decisions.to_dict("records") == [
        {
            "unique_id_l": f"{a.source.code}|{a.record_id}",
            "unique_id_r": f"{c.source.code}|{c.record_id}",
            "decision": "same",
        }
    ]


def test_undecided_pairs_are_replaced_by_each_run_and_decided_ones_kept(
    small_scenario: Path,
) -> None:
    # given a stored run with one decided pair and one stale undecided pair
    import_scenario(small_scenario)
    a, b, c = Record.objects.order_by("pk")[:3]
    decide_pair(a, b, Decision.UNSURE, decided_by="ana")
    ReviewPair.objects.create(record_l=a, record_r=c)
    result = _result_with_review_pair(c, b)
    # when
    run = store_linkage(result)
    # then
    pairs = {(p.record_l_id, p.record_r_id): p for p in ReviewPair.objects.all()}
    assert set(pairs) == {(a.pk, b.pk), (b.pk, c.pk)}
    assert pairs[(a.pk, b.pk)].decision == Decision.UNSURE
    fresh = pairs[(b.pk, c.pk)]
    assert fresh.match_probability == pytest.approx(0.7)
    assert fresh.evidence == {"surname_1": 3.5, "dui": None}
    assert fresh.run == run and run.n_review == 1


def _result_with_review_pair(left: Record, right: Record) -> object:
    """A hand-made link result: every record its own person, one pair to review."""
    from habeas.linkage.model import LinkResult
    from habeas.web.analysis.linkage import records_snapshot

    records = records_snapshot()
    records["person_id"] = "P-" + records["source"] + records["record_id"]
    pairs = pd.DataFrame(
        {
            "unique_id_l": [f"{left.source.code}|{left.record_id}"],
            "unique_id_r": [f"{right.source.code}|{right.record_id}"],
            "match_weight": [1.2],
            "match_probability": [0.7],
            "band": ["review"],
            "mw_surname_1": [3.5],
            "mw_dui": [float("nan")],
        }
    )
    return LinkResult(records=records, pairs=pairs, people=pd.DataFrame(), settings={})
