"""Lists without a DUI column or a second surname still train and link."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from habeas.linkage.evaluate import evaluate
from habeas.linkage.model import link_records
from habeas.linkage.train import count_pairs, usable_rules


@pytest.fixture(scope="module")
def names_only(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A small simulated scenario with every DUI and second surname blanked out."""
    from habeas.domain.schema import RECORD_COLUMNS
    from habeas.ingest import discover, ingest_file
    from habeas.simulate import ScenarioSpec, write_scenario

    out: Path = tmp_path_factory.mktemp("fallbacks")
    write_scenario(ScenarioSpec(seed=5, scale=0.03), out)
    frames = [ingest_file(m.file_path, m).records for m in discover(out / "sources")]
    records = pd.concat([f[list(RECORD_COLUMNS)] for f in frames], ignore_index=True)
    records = records.drop(columns=["dui", "surname_2", "full_name"])
    truth = pd.read_csv(out / "truth" / "records.csv", dtype=str)
    return records, truth


def test_count_pairs_counts_what_a_blocking_rule_would_pair() -> None:
    t = pd.DataFrame({"a": ["x", "x", "x", "y", None], "b": ["1", "1", "2", "1", "1"]})
    assert count_pairs(t, ("a",)) == 3
    assert count_pairs(t, ("a", "b")) == 1
    assert count_pairs(t, ("missing_column",)) == 0


def test_rules_that_find_no_pair_are_replaced_by_fallbacks() -> None:
    t = pd.DataFrame({"dui": [None] * 4, "birth_date": ["1990-01-01"] * 2 + ["1991-02-02"] * 2})
    assert usable_rules(t, (("dui",),), (("birth_date",),), minimum=1, wanted=2) == [
        ("birth_date",)
    ]


def test_a_list_without_dui_or_second_surname_still_links(names_only) -> None:
    # given records whose lists never recorded a DUI nor a second surname
    records, truth = names_only

    # when they are linked
    result = link_records(records)

    # then training chose rules these data can feed, and people are still found
    training = result.settings["training"]
    assert training["em_sessions"]
    assert all("dui" not in rule for rule in training["em_sessions"])
    scores = evaluate(
        truth, result.records[["source", "record_id", "person_id"]], truth_only="ignore"
    )
    assert scores.bcubed_f1 >= 0.9
    assert result.records["person_id"].nunique() < len(records)
