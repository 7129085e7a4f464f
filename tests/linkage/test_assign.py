"""The rule that gives new records a person in incremental linking, on hand-made pairs."""

from __future__ import annotations

import pandas as pd
import pytest

from habeas.linkage.assign import assign_new_records
from habeas.linkage.backends import make_db_api
from habeas.linkage.people import person_id_for

# Two people already known: Hernández (two records) and Alvarado (one).
EXISTING = {
    "cdh|CDH-0001": "P-hernandez",
    "pddh|PD-0007": "P-hernandez",
    "cdh|CDH-0002": "P-alvarado",
}


def pairs(*rows: tuple[str, str, float]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["unique_id_l", "unique_id_r", "match_probability"])
    frame["band"] = ["link" if p >= 0.99 else "review" for p in frame["match_probability"]]
    return frame


def decisions(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["unique_id_l", "unique_id_r", "decision"])


@pytest.fixture(scope="module")
def db_api() -> object:
    return make_db_api("duckdb")


def test_a_new_record_linked_to_one_person_joins_it_and_keeps_its_id(db_api: object) -> None:
    scored = pairs(("cdh|CDH-0001", "prensa|PR-01", 0.999), ("pddh|PD-0007", "prensa|PR-01", 0.995))
    done = assign_new_records(EXISTING, ["prensa|PR-01"], scored, db_api)
    assert done.person_of == {"prensa|PR-01": "P-hernandez"}
    assert done.counts["joined"] == 1 and done.counts["new_people"] == 0
    assert (done.pairs["band"] == "link").all()


def test_a_new_record_linked_to_two_people_joins_the_strongest_and_merges_nobody(
    db_api: object,
) -> None:
    scored = pairs(("cdh|CDH-0001", "prensa|PR-01", 0.992), ("cdh|CDH-0002", "prensa|PR-01", 0.999))
    done = assign_new_records(EXISTING, ["prensa|PR-01"], scored, db_api)
    assert done.person_of == {"prensa|PR-01": "P-alvarado"}
    band = dict(zip(done.pairs["unique_id_l"], done.pairs["band"], strict=True))
    assert band == {"cdh|CDH-0001": "review", "cdh|CDH-0002": "link"}
    assert done.counts["ambiguous"] == 1 and done.counts["held_for_review"] == 1


def test_new_records_linked_only_to_each_other_are_a_new_person(db_api: object) -> None:
    scored = pairs(("prensa|PR-02", "prensa|PR-03", 0.999), ("cdh|CDH-0001", "prensa|PR-03", 0.4))
    done = assign_new_records(EXISTING, ["prensa|PR-03", "prensa|PR-02"], scored, db_api)
    expected = person_id_for("prensa|PR-02")
    assert done.person_of == {"prensa|PR-02": expected, "prensa|PR-03": expected}
    assert done.counts == {
        "groups": 1,
        "joined": 0,
        "new_people": 1,
        "ambiguous": 0,
        "held_for_review": 0,
    }


def test_a_group_of_new_records_joins_as_one(db_api: object) -> None:
    # PR-02 is linked to Hernández, PR-03 only to PR-02: both go to Hernández.
    scored = pairs(("prensa|PR-02", "prensa|PR-03", 0.999), ("cdh|CDH-0001", "prensa|PR-02", 0.999))
    done = assign_new_records(EXISTING, ["prensa|PR-02", "prensa|PR-03"], scored, db_api)
    assert set(done.person_of.values()) == {"P-hernandez"}


def test_a_different_decision_against_a_record_of_the_person_is_never_overridden(
    db_api: object,
) -> None:
    # The model links PR-01 to CDH-0001, but a reviewer said PR-01 is not PD-0007,
    # another record of the same person: PR-01 may not join Hernández.
    scored = pairs(("cdh|CDH-0001", "prensa|PR-01", 0.999))
    said = decisions(("prensa|PR-01", "pddh|PD-0007", "different"))
    done = assign_new_records(EXISTING, ["prensa|PR-01"], scored, db_api, said)
    assert done.person_of == {"prensa|PR-01": person_id_for("prensa|PR-01")}
    assert done.pairs["band"].tolist() == ["review"]


def test_two_new_records_said_to_differ_do_not_both_join_one_person(db_api: object) -> None:
    scored = pairs(
        ("cdh|CDH-0002", "prensa|PR-01", 0.9999), ("cdh|CDH-0002", "prensa|PR-04", 0.995)
    )
    said = decisions(("prensa|PR-01", "prensa|PR-04", "different"))
    done = assign_new_records(EXISTING, ["prensa|PR-01", "prensa|PR-04"], scored, db_api, said)
    assert done.person_of["prensa|PR-01"] == "P-alvarado"  # the stronger link wins
    assert done.person_of["prensa|PR-04"] == person_id_for("prensa|PR-04")


def test_a_same_decision_joins_a_new_record_the_model_did_not_link(db_api: object) -> None:
    said = decisions(("cdh|CDH-0002", "prensa|PR-05", "same"))
    done = assign_new_records(EXISTING, ["prensa|PR-05"], pairs(), db_api, said)
    assert done.person_of == {"prensa|PR-05": "P-alvarado"}


def test_a_new_person_never_takes_an_id_an_existing_person_holds(db_api: object) -> None:
    # A record deleted and imported again brings back the id its old person still has.
    existing = {"cdh|CDH-0009": person_id_for("cdh|CDH-0001")}
    done = assign_new_records(existing, ["cdh|CDH-0001"], pairs(), db_api)
    assert done.person_of["cdh|CDH-0001"] != person_id_for("cdh|CDH-0001")
    assert done.person_of["cdh|CDH-0001"].startswith("P-")
