"""The Spark backend: the same model as DuckDB, on a local Spark session.

The fast tests check the messages when Spark cannot run (unknown backend, no pyspark,
no Java, an old Java) without starting a JVM. The slow ones start Spark in local mode
(pyspark and Java 17, both in CI): a small simulated scenario linked on DuckDB and on
Spark must find the same people, and ``habeas link --backend spark`` must work on files.
"""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest

from habeas.linkage import backends
from habeas.linkage.backends import BackendUnavailable, find_java, java_version, make_db_api
from habeas.linkage.model import LinkResult, link_records
from habeas.linkage.settings import LinkSettings

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.conftest import CliResult


def _has_pyspark() -> bool:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return False
    return True


def _java_17() -> bool:
    try:
        find_java()
    except BackendUnavailable:
        return False
    return True


needs_spark = pytest.mark.skipif(
    not (_has_pyspark() and _java_17()),
    reason="the spark backend needs pyspark and Java 17 (pip install habeas[spark])",
)


@pytest.fixture
def no_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if Spark had not started in this process (a started session skips the checks)."""
    monkeypatch.setattr(backends, "_SESSION", None)


def _fake_java(folder: Path, version_line: str) -> Path:
    """A ``bin/java`` under ``folder`` that reports ``version_line`` as ``java -version`` does."""
    java = folder / "bin" / "java"
    java.parent.mkdir(parents=True)
    java.write_text(f"#!/bin/sh\necho '{version_line}' >&2\n", encoding="utf-8")
    java.chmod(java.stat().st_mode | stat.S_IEXEC)
    return java


# ------------------------------------------------------------------------------ fast


def test_an_unknown_backend_names_the_known_ones() -> None:
    with pytest.raises(BackendUnavailable, match=r"'oracle'.*duckdb, spark"):
        make_db_api("oracle")


def test_spark_without_java_says_java_17_is_needed(
    monkeypatch: pytest.MonkeyPatch, no_session: None
) -> None:
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    with pytest.raises(BackendUnavailable, match="Java 17"):
        find_java()
    expected = "Java 17" if _has_pyspark() else r"pip install habeas\[spark\]"
    with pytest.raises(BackendUnavailable, match=expected):
        make_db_api("spark")


def test_a_java_home_without_java_is_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_session: None
) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    with pytest.raises(BackendUnavailable, match=r"JAVA_HOME .* holds no bin/java"):
        find_java()


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell for a fake java")
def test_an_old_java_is_refused_with_its_version(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_session: None
) -> None:
    _fake_java(tmp_path, 'openjdk version "1.8.0_392"')
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    with pytest.raises(BackendUnavailable, match=r"needs Java 17, and .* is Java 8"):
        find_java()


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell for a fake java")
@pytest.mark.parametrize(
    ("line", "major"),
    [
        ('openjdk version "17.0.15" 2025-04-15', 17),
        ('java version "21" 2023-09-19', 21),
        ('openjdk version "11.0.2" 2019-01-15', 11),
        ('java version "1.8.0_392"', 8),
        ("something else entirely", None),
    ],
)
def test_java_version_reads_the_major_version(tmp_path: Path, line: str, major: int | None) -> None:
    assert java_version(_fake_java(tmp_path, line)) == major


def test_the_local_session_stays_on_the_loopback_without_a_ui(tmp_path: Path) -> None:
    pytest.importorskip("pyspark")
    conf = backends.spark_conf(2, tmp_path)
    assert conf["spark.master"] == "local[2]"
    assert conf["spark.driver.host"] == conf["spark.driver.bindAddress"] == "127.0.0.1"
    assert conf["spark.ui.enabled"] == "false"
    assert Path(conf["spark.jars"]).is_file()  # Splink's similarity jar, never downloaded


def test_a_column_of_missing_values_only_is_registered_as_text() -> None:
    pytest.importorskip("pyarrow")
    frame = pd.DataFrame({"alias": [None, None], "birth_year": pd.array([1990, None], "Int64")})
    schema = backends.arrow_table(frame).schema
    assert str(schema.field("alias").type) == "string"
    assert str(schema.field("birth_year").type) == "int64"


def test_a_model_moves_between_dialects_and_back_unchanged() -> None:
    from habeas.linkage.settings import splink_settings

    creator = splink_settings()
    duck, spark = creator.create_settings_dict("duckdb"), creator.create_settings_dict("spark")
    assert backends.model_in_dialect(duck, "spark") == {**spark, "sql_dialect": "spark"}
    back = backends.model_in_dialect(backends.model_in_dialect(duck, "spark"), "duckdb")
    levels = [
        (a["sql_condition"], b["sql_condition"])
        for x, y in zip(back["comparisons"], duck["comparisons"], strict=True)
        for a, b in zip(x["comparison_levels"], y["comparison_levels"], strict=True)
    ]
    # Same conditions up to the case of function names (SUBSTRING for substr, casts of
    # midnight timestamps to dates): DuckDB reads them alike.
    assert sum(a == b for a, b in levels) >= 0.6 * len(levels)
    assert backends.model_in_dialect(duck, "duckdb") is duck


# ------------------------------------------------------------------------------ slow


def _read_scenario(out: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    from habeas.domain.schema import RECORD_COLUMNS
    from habeas.ingest import discover, ingest_file

    frames = [ingest_file(m.file_path, m).records for m in discover(out / "sources")]
    records = pd.concat([f[list(RECORD_COLUMNS)] for f in frames], ignore_index=True)
    truth = pd.read_csv(out / "truth" / "records.csv", dtype=str)
    return records, truth


@pytest.fixture(scope="module")
def scenario(small_scenario: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The records of the shared small scenario (scale 0.01, seed 7), and their truth."""
    return _read_scenario(small_scenario)


@pytest.fixture(scope="module")
def on_both(scenario: tuple[pd.DataFrame, pd.DataFrame]) -> dict[str, LinkResult]:
    records = scenario[0]
    return {
        backend: link_records(records, settings=LinkSettings(backend=backend))
        for backend in ("duckdb", "spark")
    }


def _keys(records: pd.DataFrame) -> pd.Series:
    return records["source"].astype(str) + "|" + records["record_id"].astype(str)


def _linked_pairs(keys: pd.Series, person: pd.Series) -> set[tuple[str, str]]:
    """Pairs of records (by key) that ``person`` puts in one person."""
    pairs: set[tuple[str, str]] = set()
    for members in keys.groupby(person.to_numpy()).agg(sorted):
        pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
    return pairs


def _pairs_of(result: LinkResult) -> set[tuple[str, str]]:
    return _linked_pairs(_keys(result.records), result.records["person_id"])


def _pairwise_f1(result: LinkResult, truth: pd.DataFrame) -> float:
    """Pairwise F1 of ``result`` against the simulator's truth (records it lacks: alone)."""
    keys = _keys(result.records)
    true_person = keys.map(dict(zip(_keys(truth), truth["person_id"], strict=True)))
    found, true = _pairs_of(result), _linked_pairs(keys, true_person.fillna(keys))
    return 2 * len(found & true) / (len(found) + len(true))


@pytest.mark.slow
@needs_spark
def test_spark_finds_the_same_people_as_duckdb(
    on_both: dict[str, LinkResult], scenario: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    duck, spark = on_both["duckdb"], on_both["spark"]
    truth = scenario[1]
    assert _pairwise_f1(duck, truth) >= 0.95
    assert _pairwise_f1(spark, truth) >= 0.95
    # The two partitions: their linked pairs agree (pairs in both / pairs in either).
    a, b = _pairs_of(duck), _pairs_of(spark)
    assert len(a & b) / len(a | b) >= 0.98
    # Same records, same order, a person each; the model says which engine ran it.
    assert spark.records[["source", "record_id"]].equals(duck.records[["source", "record_id"]])
    assert spark.records["person_id"].notna().all()
    assert backends.model_dialect(spark.settings["splink"]) == "spark"
    assert spark.settings["link_settings"]["backend"] == "spark"
    assert spark.settings["training"]["em_sessions"]


@pytest.mark.slow
@needs_spark
def test_spark_scores_pairs_like_duckdb(on_both: dict[str, LinkResult]) -> None:
    duck, spark = on_both["duckdb"], on_both["spark"]
    key = ["unique_id_l", "unique_id_r"]
    both = duck.pairs.merge(spark.pairs, on=key, suffixes=("_duck", "_spark"))
    # The same candidate pairs above the floor, and the same band for almost all of them
    # (u probabilities come from random samples, drawn by each engine's own generator).
    assert len(both) >= 0.98 * max(len(duck.pairs), len(spark.pairs))
    same_band = (both["band_duck"] == both["band_spark"]).mean()
    assert same_band >= 0.98
    # The name and DUI comparisons (edit distances, Jaro-Winkler: Splink's jar on Spark,
    # DuckDB's functions) weigh each pair alike.
    for comparison in ("given_names", "surname_1", "surname_2", "dui"):
        diff = (both[f"mw_{comparison}_duck"] - both[f"mw_{comparison}_spark"]).abs()
        assert diff.max() < 0.1, comparison


@pytest.mark.slow
@needs_spark
def test_new_records_link_on_spark_with_a_model_trained_on_duckdb(
    on_both: dict[str, LinkResult],
) -> None:
    from habeas.linkage.incremental import link_new_records

    linked = on_both["duckdb"].records
    existing, new = linked.iloc[:380], linked.iloc[380:].drop(columns="person_id")
    model = on_both["duckdb"].settings  # its SQL is DuckDB's: translated for Spark
    runs = {
        backend: link_new_records(
            existing, new, model=model, settings=LinkSettings(backend=backend)
        ).records
        for backend in ("duckdb", "spark")
    }
    assert runs["spark"]["person_id"].tolist() == runs["duckdb"]["person_id"].tolist()
    # and the new records that the full run put with known people joined those people
    full, incremental = linked["person_id"].iloc[380:], runs["spark"]["person_id"].iloc[380:]
    known = full.isin(set(existing["person_id"]))
    assert known.any()
    assert (incremental[known] == full[known]).mean() >= 0.95


@pytest.mark.slow
@needs_spark
def test_habeas_link_runs_on_spark_from_files(
    scenario: tuple[pd.DataFrame, pd.DataFrame],
    habeas_cli: Callable[..., CliResult],
    tmp_path: Path,
) -> None:
    # A few records (too few to train: what runs on Spark is the clustering of a
    # reviewer's "same" decision), so that the test adds seconds, not a second training.
    records = scenario[0].head(30)
    records.to_csv(tmp_path / "records.csv", index=False)
    first, second = (f"{r.source}|{r.record_id}" for r in records.head(2).itertuples())
    pd.DataFrame({"unique_id_l": [first], "unique_id_r": [second], "decision": ["same"]}).to_csv(
        tmp_path / "decisions.csv", index=False
    )
    out = tmp_path / "people.csv"
    done = habeas_cli(
        "link",
        "--backend",
        "spark",
        "--records",
        tmp_path / "records.csv",
        "--decisions",
        tmp_path / "decisions.csv",
        "--out",
        out,
    )
    assert done.exit_code == 0, done.output
    linked = pd.read_csv(out, dtype=str)
    assert len(linked) == 30
    assert linked["person_id"].notna().all()
    assert linked.loc[0, "person_id"] == linked.loc[1, "person_id"]
    model = json.loads(out.with_name("people.model.json").read_text(encoding="utf-8"))
    assert backends.model_dialect(model["splink"]) == "spark"
