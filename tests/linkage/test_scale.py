"""What keeps a million records within the machine: chunked prediction, and training
that a failed or underflowing EM session does not wreck."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import habeas.linkage.predict as predict
from habeas.linkage.backends import make_db_api
from habeas.linkage.model import _linker, link_records
from habeas.linkage.prepare import prepare_records
from habeas.linkage.settings import LinkSettings, splink_settings
from habeas.linkage.train import _m_u_floor, _run_em_sessions


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    from habeas.domain.schema import RECORD_COLUMNS
    from habeas.ingest import discover, ingest_file
    from habeas.simulate import ScenarioSpec, write_scenario

    out: Path = tmp_path_factory.mktemp("scale")
    write_scenario(ScenarioSpec(seed=11, scale=0.02), out)
    frames = [ingest_file(m.file_path, m).records for m in discover(out / "sources")]
    return pd.concat([f[list(RECORD_COLUMNS)] for f in frames], ignore_index=True)


def test_chunks_grow_with_the_records() -> None:
    assert predict.predict_chunks(1) == 1
    assert predict.predict_chunks(predict.CHUNK_RECORDS) == 1
    assert predict.predict_chunks(predict.CHUNK_RECORDS + 1) == 2
    assert predict.predict_chunks(1_000_000) == 4


def test_chunked_prediction_scores_the_same_pairs(
    records: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given the records linked in one piece
    whole = link_records(records)

    # when the candidate pairs are scored in 3 x 3 chunks instead
    monkeypatch.setattr(predict, "CHUNK_RECORDS", len(records) // 3 + 1)
    assert predict.predict_chunks(len(records)) == 3
    chunked = link_records(records)

    # then the pairs, their scores and the people are the same
    pd.testing.assert_frame_equal(whole.pairs, chunked.pairs)
    assert whole.records["person_id"].tolist() == chunked.records["person_id"].tolist()


def _linker_for(records: pd.DataFrame) -> object:
    prepared = prepare_records(records)
    return _linker(make_db_api("duckdb"), prepared, splink_settings(LinkSettings())), prepared


def test_a_failed_em_session_leaves_the_model_as_it_was(records: pd.DataFrame) -> None:
    # given a linker, and an EM session on a column no record fills (Splink prunes the
    # model it trains, then finds no pair and fails)
    linker, _ = _linker_for(records.assign(alias=None))
    before = linker._settings_obj.core_model_settings
    names = [c.output_column_name for c in before.comparisons]
    prior = before.probability_two_random_records_match

    # when the session is run
    trained, failed = _run_em_sessions(linker, LinkSettings(), [("alias",)], None)

    # then it is reported as failed and every comparison and the prior are still there
    assert (trained, failed) == ([], [("alias",)])
    after = linker._settings_obj.core_model_settings
    assert [c.output_column_name for c in after.comparisons] == names
    assert after.probability_two_random_records_match == prior


def test_an_m_that_underflows_is_floored_during_em(records: pd.DataFrame) -> None:
    import splink.internals.expectation_maximisation as em
    from splink.internals.comparison_level import M_U_CLAMP_MIN

    linker, _ = _linker_for(records)
    comparison = linker._settings_obj.core_model_settings.comparisons[0]
    level = comparison._comparison_levels_excluding_null[-1]
    lookup = {
        comparison.output_column_name: {
            level.comparison_vector_value: {"m_probability": 0.0, "u_probability": 0.5}
        }
    }
    # Splink alone refuses an m of 0...
    with pytest.raises(ValueError, match="below the minimum"):
        em.populate_m_u_from_lookup(set(), level, comparison.output_column_name, lookup)
    # ...within the floor it keeps the smallest m it allows, and puts itself back after
    original = em.populate_m_u_from_lookup
    with _m_u_floor():
        em.populate_m_u_from_lookup(set(), level, comparison.output_column_name, lookup)
    assert level.m_probability == M_U_CLAMP_MIN
    assert level.u_probability == 0.5
    assert em.populate_m_u_from_lookup is original
