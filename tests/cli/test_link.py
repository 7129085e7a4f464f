"""``habeas link`` on files and on the database, and ``habeas evaluate-linkage``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest

from habeas.cli.link import model_path, pairs_path

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.conftest import CliResult


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scenario at scale 0.02 (seed 11) with its lists read by ingest into records.csv."""
    from habeas.domain.schema import RECORD_COLUMNS
    from habeas.ingest import discover, ingest_file
    from habeas.simulate import ScenarioSpec, write_scenario

    out = tmp_path_factory.mktemp("linkage")
    write_scenario(ScenarioSpec(seed=11, scale=0.02), out)
    frames = [
        ingest_file(m.file_path, m).records[list(RECORD_COLUMNS)] for m in discover(out / "sources")
    ]
    pd.concat(frames).to_csv(out / "records.csv", index=False)
    return out


def test_link_on_files_gives_every_row_a_person_and_scores_well_against_the_truth(
    scenario: Path, habeas_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    # when
    out = tmp_path / "people.csv"
    done = habeas_cli("link", "--records", scenario / "records.csv", "--out", out)
    # then: the same rows, in order, with a person each
    assert done.exit_code == 0, done.output
    given = pd.read_csv(scenario / "records.csv", dtype=str)
    linked = pd.read_csv(out, dtype=str)
    assert linked[["source", "record_id"]].equals(given[["source", "record_id"]])
    assert list(linked.columns) == [*given.columns, "person_id"]
    assert linked["person_id"].notna().all()
    n_people = linked["person_id"].nunique()
    assert f"{len(given):,} records → {n_people:,} people" in done.stdout
    assert "to review" in done.stdout
    review = pd.read_parquet(pairs_path(out))
    assert set(review["band"]) <= {"review"}
    # and the evaluation reads it
    truth = scenario / "truth" / "records.csv"
    scored = habeas_cli("evaluate-linkage", "--truth", truth, "--people", out)
    assert scored.exit_code == 0, scored.output
    assert "B-cubed" in scored.stdout and "False merges" in scored.stdout
    assert "left out of the scores" in scored.stdout  # the quarantined bait rows
    from habeas.linkage.evaluate import evaluate

    scores = evaluate(pd.read_csv(truth, dtype=str), linked, truth_only="ignore")
    assert scores.bcubed_f1 > 0.9
    assert scores.pairwise_precision > 0.9


def test_link_reads_and_writes_parquet_and_replaces_old_person_ids(
    scenario: Path, habeas_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    given = pd.read_csv(scenario / "records.csv", dtype=str).head(300)
    given["person_id"] = "stale"
    given.to_parquet(tmp_path / "in.parquet", index=False)
    done = habeas_cli(
        "link", "--records", tmp_path / "in.parquet", "--out", tmp_path / "out.parquet"
    )
    assert done.exit_code == 0, done.output
    linked = pd.read_parquet(tmp_path / "out.parquet")
    assert len(linked) == 300
    assert not (linked["person_id"] == "stale").any()
    assert (tmp_path / "out.pairs.parquet").exists()


def test_link_on_files_adds_a_list_to_records_linked_before(
    scenario: Path, habeas_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    # given four lists linked, with the model written beside the output
    given = pd.read_csv(scenario / "records.csv", dtype=str)
    fifth = given["source"] == "prensa"
    given[~fifth].to_csv(tmp_path / "four.csv", index=False)
    given[fifth].to_parquet(tmp_path / "fifth.parquet", index=False)
    first = tmp_path / "linked.csv"
    assert habeas_cli("link", "--records", tmp_path / "four.csv", "--out", first).exit_code == 0
    assert model_path(first) == tmp_path / "linked.model.json" and model_path(first).exists()
    # when the fifth list is linked against them
    out = tmp_path / "all.csv"
    done = habeas_cli(
        "link", "--records", tmp_path / "fifth.parquet", "--existing", first,
        "--model", model_path(first), "--out", out,
    )  # fmt: skip
    # then the output holds both, the earlier person ids unchanged
    assert done.exit_code == 0, done.output
    assert f"Incremental run: {fifth.sum():,} new records linked to {(~fifth).sum():,}" in (
        done.stdout.replace("\n", " ")
    )
    before = pd.read_csv(first, dtype=str)
    after = pd.read_csv(out, dtype=str)
    assert len(after) == len(given) and after["person_id"].notna().all()
    assert after["person_id"].head(len(before)).tolist() == before["person_id"].tolist()
    assert after["record_id"].tail(fifth.sum()).tolist() == given.loc[fifth, "record_id"].tolist()
    assert model_path(out).exists()


def test_evaluate_linkage_without_record_fields_gives_the_scores_only(
    habeas_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    ids = ["CDH-0001", "CDH-0002", "CDH-0003"]
    pd.DataFrame({"source": "cdh", "record_id": ids, "person_id": ["a", "a", "b"]}).to_csv(
        tmp_path / "truth.csv", index=False
    )
    pd.DataFrame({"source": "cdh", "record_id": ids, "person_id": ["x", "y", "y"]}).to_csv(
        tmp_path / "people.csv", index=False
    )
    done = habeas_cli(
        "evaluate-linkage", "--truth", tmp_path / "truth.csv", "--people", tmp_path / "people.csv"
    )
    assert done.exit_code == 0, done.output
    # One true pair (1, 2), one predicted (2, 3): neither right.
    assert "pairwise      0.0000    0.0000" in done.stdout
    assert "no error patterns" in done.stderr


def test_evaluate_linkage_names_records_the_truth_lacks(
    habeas_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    pd.DataFrame({"source": ["cdh"], "record_id": ["1"], "person_id": ["a"]}).to_csv(
        tmp_path / "truth.csv", index=False
    )
    pd.DataFrame({"source": "cdh", "record_id": ["1", "2"], "person_id": "x"}).to_csv(
        tmp_path / "people.csv", index=False
    )
    done = habeas_cli(
        "evaluate-linkage", "--truth", tmp_path / "truth.csv", "--people", tmp_path / "people.csv"
    )
    assert done.exit_code == 1
    assert "1 predicted records are not in the truth, e.g. cdh|2" in done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--records", "in.csv"), "needs --out FILE"),
        (("--records", "in.csv", "--out", "out.xlsx"), "use .csv, .parquet"),
        (("--records", "missing.csv", "--out", "out.csv"), "no such file"),
        (("--records", "nokey.csv", "--out", "out.csv"), "lacks the column(s) record_id"),
        (("--out", "out.csv"), "go with --records"),
        (("--records", "in.csv", "--out", "out.csv", "--existing", "in.csv"), "go together"),
        (("--records", "in.csv", "--out", "out.csv", "--full"), "--full is for the database"),
        (
            ("--records", "in.csv", "--out", "o.csv", "--existing", "in.csv", "--model", "m.json"),
            "m.json: no such file",
        ),
    ],
)
def test_link_on_files_fails_with_a_one_line_message(
    habeas_cli: Callable[..., CliResult],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.csv").write_text("source,record_id\ncdh,1\n", encoding="utf-8")
    (tmp_path / "nokey.csv").write_text("source,full_name\ncdh,José Pérez\n", encoding="utf-8")
    done = habeas_cli("link", *args)
    assert done.exit_code == 1
    assert message in done.stderr
    assert "Traceback" not in done.output


@pytest.mark.django
def test_link_on_the_database_stores_people_and_says_how_many(
    small_scenario: Path, habeas_cli: Callable[..., CliResult]
) -> None:
    from habeas.web.cases.models import Person, Record

    assert habeas_cli("import", small_scenario / "sources").exit_code == 0
    # when
    done = habeas_cli("link")
    # then
    assert done.exit_code == 0, done.output
    n_records, n_people = Record.objects.count(), Person.objects.count()
    assert f"{n_records:,} records → {n_people:,} people" in done.stdout
    assert not Record.objects.filter(person=None).exists()
    # and a second run changes nobody
    again = habeas_cli("link")
    assert "0 records got a new person" in again.stdout


@pytest.mark.django
def test_link_on_the_database_adds_a_new_list_incrementally_unless_told_full(
    small_scenario: Path, habeas_cli: Callable[..., CliResult]
) -> None:
    from habeas.ingest import discover, ingest_file
    from habeas.web.cases.actions import import_result

    mappings = discover(small_scenario / "sources")
    for mapping in mappings:
        if mapping.code != "prensa":
            import_result(ingest_file(mapping.file_path, mapping))
    first = habeas_cli("link")
    assert first.exit_code == 0, first.output
    assert "Full run (no earlier run)" in first.stdout
    (prensa,) = [m for m in mappings if m.code == "prensa"]
    import_result(ingest_file(prensa.file_path, prensa))
    # when
    done = habeas_cli("link")
    # then
    assert done.exit_code == 0, done.output
    assert "Incremental run (only records without a person)" in done.stdout
    assert "no re-training" in done.stdout
    full = habeas_cli("link", "--full")
    assert "Full run (a full run was asked for)" in full.stdout


@pytest.mark.django
def test_the_demo_links_and_scores_itself_against_the_truth(
    tmp_path: Path, habeas_cli: Callable[..., CliResult]
) -> None:
    done = habeas_cli("demo", "--scale", "0.01", "--seed", "7", "--out", tmp_path, "--no-serve")
    assert done.exit_code == 0, done.output
    assert "people (" in done.stdout and "pairs to review)" in done.stdout
    assert "pairwise F1" in done.stdout and "B-cubed F1" in done.stdout
