"""Incremental linking on the database: four lists linked, the fifth imported and
linked on its own; ids stay, quality holds, decisions hold, and a full run when asked."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from habeas.ingest import discover, ingest_file
from habeas.linkage.evaluate import evaluate
from habeas.web.analysis.linkage import decide_pair, incremental_plan, link_database
from habeas.web.analysis.models import Decision, ReviewPair
from habeas.web.cases.actions import import_result
from habeas.web.cases.models import Record

pytestmark = pytest.mark.django

#: The list imported after the first run.
FIFTH = "prensa"


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from habeas.simulate import ScenarioSpec, write_scenario

    out = tmp_path_factory.mktemp("incremental_db")
    write_scenario(ScenarioSpec(seed=5, scale=0.03), out)
    return out


def import_sources(folder: Path, *, fifth: bool) -> None:
    for mapping in discover(folder / "sources"):
        if (mapping.code == FIFTH) == fifth:
            import_result(ingest_file(mapping.file_path, mapping))


def people_by_record() -> dict[str, str | None]:
    rows = Record.objects.values_list("source__code", "record_id", "person__person_id")
    return {f"{s}|{r}": p for s, r, p in rows}


def truth_of(folder: Path) -> dict[str, str]:
    truth = pd.read_csv(folder / "truth" / "records.csv", dtype=str)
    return dict(zip(truth["source"] + "|" + truth["record_id"], truth["person_id"], strict=True))


def linked_table() -> pd.DataFrame:
    from habeas.web.cases.exports import records_frame

    return records_frame()[["source", "record_id", "person_id"]]


def test_a_fifth_list_links_incrementally_keeping_every_person_id(scenario: Path) -> None:
    # given four lists linked in full, with their review queue
    import_sources(scenario, fifth=False)
    first = link_database()
    assert not first.incremental
    before = people_by_record()
    queue = set(ReviewPair.objects.values_list("record_l_id", "record_r_id"))
    # when the fifth list is imported and linked
    import_sources(scenario, fifth=True)
    assert incremental_plan().incremental
    run = link_database()
    # then only its records were linked, with the first run's model
    after = people_by_record()
    assert run.incremental and run.settings["based_on_run"] == first.pk
    assert run.settings["splink"] == first.settings["splink"]
    assert all(after[u] == p for u, p in before.items())
    new = [u for u in after if u.startswith(FIFTH + "|")]
    assert all(after[u] for u in new)
    assert run.n_relinked == len(new)
    # and the earlier review queue is still there
    assert queue <= set(ReviewPair.objects.values_list("record_l_id", "record_r_id"))
    # and a new record of a person already known has that person's id
    truth = truth_of(scenario)
    known: dict[str, set[str]] = {}
    for uid, person in before.items():
        known.setdefault(truth[uid], set()).add(person)
    expected = {u: next(iter(known[truth[u]])) for u in new if len(known.get(truth[u], ())) == 1}
    assert len(expected) >= 10
    right = sum(after[u] == p for u, p in expected.items())
    assert right / len(expected) >= 0.9, (right, len(expected))
    # and the quality is close to a full run's on all five lists
    truth_table = pd.read_csv(scenario / "truth" / "records.csv", dtype=str)
    incremental = evaluate(truth_table, linked_table(), truth_only="ignore")
    full_run = link_database(incremental=False)
    assert not full_run.incremental and full_run.settings["why"] == "a full run was asked for"
    full = evaluate(truth_table, linked_table(), truth_only="ignore")
    assert incremental.pairwise_f1 >= full.pairwise_f1 - 0.02, (incremental, full)
    assert incremental.bcubed_f1 >= full.bcubed_f1 - 0.02, (incremental, full)


def test_a_different_decision_on_a_new_record_holds_in_an_incremental_run(
    scenario: Path,
) -> None:
    import_sources(scenario, fifth=False)
    link_database()
    import_sources(scenario, fifth=True)
    # a reviewer says a new record is not a known record the model links it to
    left, right = _a_link_of_a_new_record()
    new, old = (right, left) if left.person_id is None else (left, right)
    decide_pair(new, old, Decision.DIFFERENT, decided_by="rosa")
    # when
    run = link_database()
    # then
    new.refresh_from_db()
    old.refresh_from_db()
    assert run.incremental and run.n_decisions == 1
    assert new.person_id is not None and new.person_id != old.person_id


def _a_link_of_a_new_record() -> tuple[Record, Record]:
    """Two records an incremental run would link automatically: one new, one known."""
    from habeas.linkage.incremental import link_new_records
    from habeas.web.analysis.models import LinkRun
    from habeas.web.cases.exports import records_frame

    frame = records_frame()
    new = frame["person_id"].isna().to_numpy()
    result = link_new_records(
        frame[~new], frame[new].drop(columns="person_id"), model=LinkRun.objects.get().settings
    )
    pairs = result.pairs
    link = pairs[
        (pairs["band"] == "link")
        & (
            pairs["unique_id_l"].str.startswith(FIFTH + "|")
            != pairs["unique_id_r"].str.startswith(FIFTH + "|")
        )
    ].iloc[0]

    def record(uid: str) -> Record:
        source, record_id = uid.split("|", 1)
        return Record.objects.get(source__code=source, record_id=record_id)

    return record(link["unique_id_l"]), record(link["unique_id_r"])


def test_a_decision_on_linked_records_since_the_last_run_needs_a_full_run(
    scenario: Path,
) -> None:
    import_sources(scenario, fifth=False)
    assert incremental_plan().reason == "no earlier run"
    link_database()
    assert incremental_plan().reason == "no record without a person"
    import_sources(scenario, fifth=True)
    assert incremental_plan().incremental
    # a reviewer splits two linked records the last run put in one person
    by_person: dict[int, list[Record]] = {}
    for record in Record.objects.exclude(person=None):
        by_person.setdefault(record.person_id, []).append(record)
    left, right = next(g for g in by_person.values() if len(g) >= 2)[:2]
    decide_pair(left, right, Decision.DIFFERENT)
    plan = incremental_plan()
    assert not plan.incremental and "reviewers decided" in plan.reason
    assert not incremental_plan(allowed=False).incremental
    run = link_database()
    assert not run.incremental
    left.refresh_from_db()
    right.refresh_from_db()
    assert left.person_id != right.person_id
