"""End to end: a small simulated scenario linked and scored against its truth, plus
the settings, the people rule, decisions across re-runs and the backend seam."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from habeas.linkage.backends import BackendUnavailable, make_db_api
from habeas.linkage.model import LinkageError, LinkResult, link_records
from habeas.linkage.people import people_table, person_id_for
from habeas.linkage.settings import BadLinkSettings, LinkSettings, splink_settings


def _read_scenario(out: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    from habeas.domain.schema import RECORD_COLUMNS
    from habeas.ingest import discover, ingest_file

    frames = [ingest_file(m.file_path, m).records for m in discover(out / "sources")]
    records = pd.concat([f[list(RECORD_COLUMNS)] for f in frames], ignore_index=True)
    truth = pd.read_csv(out / "truth" / "records.csv", dtype=str)
    return records, truth


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, pd.DataFrame]:
    from habeas.simulate import ScenarioSpec, write_scenario

    out = tmp_path_factory.mktemp("linkage_scenario")
    write_scenario(ScenarioSpec(seed=3, scale=0.03), out)
    return _read_scenario(out)


@pytest.fixture(scope="module")
def linked(scenario: tuple[pd.DataFrame, pd.DataFrame]) -> LinkResult:
    return link_records(scenario[0])


def _pairs_within(labels: pd.Series) -> int:
    sizes = labels.value_counts()
    return int((sizes * (sizes - 1) // 2).sum())


def _scores(result: LinkResult, truth: pd.DataFrame) -> dict[str, float]:
    both = result.records[["source", "record_id", "person_id"]].merge(
        truth.rename(columns={"person_id": "true_id"}), on=["source", "record_id"]
    )
    together = _pairs_within(both["person_id"] + "~" + both["true_id"])
    precision = together / _pairs_within(both["person_id"])
    recall = together / _pairs_within(both["true_id"])
    cells = both.groupby(["person_id", "true_id"]).size().rename("n").reset_index()
    pred_size = cells["person_id"].map(both.groupby("person_id").size())
    true_size = cells["true_id"].map(both.groupby("true_id").size())
    b3_p = float((cells["n"] ** 2 / pred_size).sum() / len(both))
    b3_r = float((cells["n"] ** 2 / true_size).sum() / len(both))
    truth_of = dict(zip(both["source"] + "|" + both["record_id"], both["true_id"], strict=True))
    auto = result.pairs[result.pairs["band"] == "link"]
    auto_ok = auto["unique_id_l"].map(truth_of) == auto["unique_id_r"].map(truth_of)
    return {
        "pairwise_f1": 2 * precision * recall / (precision + recall),
        "bcubed_f1": 2 * b3_p * b3_r / (b3_p + b3_r),
        "auto_link_precision": float(auto_ok.mean()),
    }


def test_linkage_finds_the_true_people_of_a_small_scenario(
    linked: LinkResult, scenario: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    scores = _scores(linked, scenario[1])
    assert scores["pairwise_f1"] >= 0.95, scores
    assert scores["bcubed_f1"] >= 0.95, scores
    assert scores["auto_link_precision"] >= 0.99, scores


def test_records_come_back_in_order_with_a_person_id(
    linked: LinkResult, scenario: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    records = scenario[0]
    assert list(linked.records.columns) == [*records.columns, "person_id"]
    assert linked.records["record_id"].tolist() == records["record_id"].tolist()
    assert linked.records["person_id"].str.match(r"^P-[0-9a-f]{12}$").all()


def test_people_account_for_every_record(linked: LinkResult) -> None:
    people = linked.people
    assert people["person_id"].is_unique
    assert set(people["person_id"]) == set(linked.records["person_id"])
    assert people["n_records"].sum() == len(linked.records)
    several = people[people["n_records"] > 1]
    assert several["sources"].notna().all()


def test_pairs_carry_bands_and_per_comparison_weights(linked: LinkResult) -> None:
    pairs = linked.pairs
    assert set(pairs["band"]) <= {"link", "review", "reject"}
    assert {"mw_given_names", "mw_surname_1", "mw_dui", "mw_birth"} <= set(pairs.columns)
    links = pairs[pairs["band"] == "link"]
    assert (links["match_probability"] >= LinkSettings().auto_link_probability).all()


def test_the_settings_used_are_recorded_as_json(linked: LinkResult) -> None:
    text = json.dumps(linked.settings)
    assert LinkSettings.from_dict(json.loads(text)["link_settings"]) == LinkSettings()
    splink = linked.settings["splink"]
    assert splink["link_type"] == "dedupe_only"
    assert splink["probability_two_random_records_match"] < 0.01
    assert set(linked.timings) >= {"prepare", "train", "predict", "cluster", "total"}


def test_a_reviewers_different_decision_holds_across_reruns(
    linked: LinkResult, scenario: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    link = linked.pairs[linked.pairs["band"] == "link"].iloc[0]
    decided = pd.DataFrame(
        {
            "unique_id_l": [link["unique_id_l"]],
            "unique_id_r": [link["unique_id_r"]],
            "decision": ["different"],
        }
    )
    rerun = link_records(scenario[0], decisions=decided)
    uid = rerun.records["source"] + "|" + rerun.records["record_id"]
    person = dict(zip(uid, rerun.records["person_id"], strict=True))
    assert person[link["unique_id_l"]] != person[link["unique_id_r"]]


def test_a_handful_of_records_is_each_its_own_person() -> None:
    records = pd.DataFrame(
        {
            "source": ["cdh", "cdh", "pddh"],
            "record_id": ["1", "2", "1"],
            "given_names": ["José Antonio", "María", "José Antonio"],
            "surname_1": ["Hernández", "López", "Hernández"],
        }
    )
    result = link_records(records)
    assert len(result.people) == 3
    assert len(result.pairs) == 0


def test_repeated_record_ids_within_a_source_are_refused() -> None:
    records = pd.DataFrame({"source": ["cdh", "cdh"], "record_id": ["7", "7"]})
    with pytest.raises(LinkageError, match=r"'cdh\|7'"):
        link_records(records)


def test_settings_round_trip_and_refuse_thresholds_out_of_order() -> None:
    settings = LinkSettings(auto_link_probability=0.995, blocking=("dui", "surnames_swapped"))
    assert LinkSettings.from_dict(settings.to_dict()) == settings
    with pytest.raises(BadLinkSettings, match="auto_link_probability"):
        LinkSettings(review_probability=0.999, auto_link_probability=0.99)
    with pytest.raises(BadLinkSettings, match="unknown link settings: colour"):
        LinkSettings.from_dict({"colour": "red"})
    assert len(splink_settings(settings).blocking_rules_to_generate_predictions) == 2


def test_an_unknown_blocking_rule_is_named() -> None:
    with pytest.raises(KeyError, match="by_horoscope"):
        LinkSettings(blocking=("dui", "by_horoscope"))


def test_spark_without_pyspark_names_the_extra_to_install() -> None:
    pytest.importorskip("duckdb")
    try:
        import pyspark  # noqa: F401
    except ImportError:
        with pytest.raises(BackendUnavailable, match=r"pip install habeas\[spark\]"):
            make_db_api("spark")
    with pytest.raises(BackendUnavailable, match="oracle"):
        make_db_api("oracle")


def test_people_take_the_most_frequent_value_and_a_unique_valid_dui() -> None:
    records = pd.DataFrame(
        {
            "source": ["cdh", "pddh", "prensa", "cdh", "pddh"],
            "given_names": ["José Antonio", "José", "José Antonio", "Rosa", "Rosa"],
            "surname_2": [None, "López", None, "Alvarado", "Alvarado"],
            "birth_date": ["1990-03-07", "1990-07-03", None, None, "1985-01-02"],
        }
    )
    uids = pd.Series(["cdh|1", "pddh|1", "prensa|1", "cdh|2", "pddh|2"])
    persons = pd.Series(["P-a", "P-a", "P-a", "P-b", "P-b"])
    valid_dui = pd.Series(["04145061-2", "04145061-2", None, "04145061-2", "06818713-3"])
    people = people_table(records, uids, persons, valid_dui).set_index("person_id")
    assert people.loc["P-a", "given_names"] == "José Antonio"  # 2 votes to 1
    assert people.loc["P-a", "surname_2"] == "López"  # the only value
    # one vote each: the value of the most complete record (pddh|1 also has surname_2)
    assert people.loc["P-a", "birth_date"] == "1990-07-03"
    assert people.loc["P-a", "dui"] == "04145061-2"
    assert people.loc["P-b", "dui"] is None  # two valid DUIs: keep none
    assert people.loc["P-a", "sources"] == "cdh;pddh;prensa"
    assert people.loc["P-a", "n_records"] == 3


def test_person_ids_depend_only_on_the_smallest_record_id() -> None:
    assert person_id_for("cdh|1") == person_id_for("cdh|1")
    assert person_id_for("cdh|1") != person_id_for("cdh|2")
