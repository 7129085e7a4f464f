"""Prediction: score the candidate pairs and put each in a band."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from habeas.linkage.settings import LinkSettings

if TYPE_CHECKING:
    from splink import Linker

#: Band of a pair: automatic link, review queue, rejection.
BANDS: tuple[str, ...] = ("link", "review", "reject")

#: Prefix of the per-comparison match-weight columns of the pairs table.
WEIGHT_PREFIX = "mw_"


def band_of(probability: pd.Series | np.ndarray, settings: LinkSettings) -> np.ndarray:
    """``"link"`` at or above the automatic threshold, ``"review"`` from the review
    threshold up to it, ``"reject"`` below.

    Examples
    --------
    >>> band_of(np.array([0.999, 0.7, 0.1]), LinkSettings()).tolist()
    ['link', 'review', 'reject']
    """
    p = np.asarray(probability, dtype=float)
    return np.select(
        [p >= settings.auto_link_probability, p >= settings.review_probability],
        ["link", "review"],
        default="reject",
    )


def predict_pairs(linker: Linker, settings: LinkSettings) -> pd.DataFrame:
    """Score the candidate pairs of the blocking rules with the trained model.

    On DuckDB, a list of more than :data:`CHUNK_RECORDS` records is scored in chunks
    (:func:`predict_chunks`): Splink materialises the candidate pairs of a chunk
    before it scores them, and the candidate pairs of all the records at once do not
    fit in memory at a million records. The chunks score the same pairs with the same
    model, so the result does not depend on them.

    Returns
    -------
    pandas.DataFrame
        ``unique_id_l``, ``unique_id_r``, ``match_weight``, ``match_probability``,
        ``band`` and one ``mw_<comparison>`` column per comparison (its match weight,
        term-frequency adjustment included), for the pairs with a match probability
        of at least ``settings.min_pair_probability``; strongest first.
    """
    chunks = predict_chunks(_record_count(linker)) if settings.backend == "duckdb" else 1
    scored = linker.inference.predict(
        threshold_match_probability=settings.min_pair_probability,
        num_chunks_left=chunks,
        num_chunks_right=chunks,
        warning_mode="never",
    )
    if settings.backend == "duckdb":
        # Only the columns tidy_pairs reads reach pandas (not the term frequencies).
        rel = scored.as_duckdbpyrelation()
        wanted = [c for c in rel.columns if c in _PAIR_COLUMNS or c.startswith(WEIGHT_PREFIX)]
        frame = rel.select(*[duckdb_column(c) for c in wanted]).df()
    else:
        frame = scored.as_pandas_dataframe()
    scored.drop_table_from_database_and_remove_from_cache()
    return tidy_pairs(frame, settings)


#: Records per chunk on each side of the candidate pairs (see :func:`predict_chunks`).
CHUNK_RECORDS = 250_000

_PAIR_COLUMNS = ("unique_id_l", "unique_id_r", "match_weight", "match_probability")


def predict_chunks(n_records: int) -> int:
    """Chunks of each side of the candidate pairs for ``n_records`` records.

    The candidate pairs of name rules grow with the square of the records (a name's
    block grows with the list), so ``k`` chunks of records on each side, ``k * k``
    chunk pairs in all, keep the pairs of each one about those of
    :data:`CHUNK_RECORDS` records (about 25 million on the simulated scenario, some
    2 GB in DuckDB), whatever the size of the list.

    Examples
    --------
    >>> predict_chunks(45_000), predict_chunks(250_000), predict_chunks(991_398)
    (1, 1, 4)
    """
    return max(1, -(-int(n_records) // CHUNK_RECORDS))


def _record_count(linker: Linker) -> int:
    """Rows of the linker's input table(s)."""
    total = 0
    for table in linker._input_tables_dict.values():
        total += int(table.as_duckdbpyrelation().aggregate("count(*)").fetchall()[0][0])
    return total


def duckdb_column(name: str) -> str:
    """``name`` quoted as a DuckDB identifier."""
    return '"' + name.replace('"', '""') + '"'


def tidy_pairs(frame: pd.DataFrame, settings: LinkSettings) -> pd.DataFrame:
    """Keep the public columns of Splink's predictions, per-comparison weights summed
    with their term-frequency adjustments, and add the band."""
    out = frame[["unique_id_l", "unique_id_r", "match_weight", "match_probability"]].copy()
    out["band"] = band_of(out["match_probability"], settings)
    tf_prefix = WEIGHT_PREFIX + "tf_adj_"
    for col in frame.columns:
        if col.startswith(WEIGHT_PREFIX) and not col.startswith(tf_prefix):
            weight = frame[col].astype(float)
            tf_col = tf_prefix + col[len(WEIGHT_PREFIX) :]
            if tf_col in frame.columns:
                weight = weight + frame[tf_col].astype(float).fillna(0.0)
            out[col] = weight
    out = out.sort_values(
        ["match_probability", "unique_id_l", "unique_id_r"], ascending=[False, True, True]
    )
    return out.reset_index(drop=True)
