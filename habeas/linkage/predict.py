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

    Returns
    -------
    pandas.DataFrame
        ``unique_id_l``, ``unique_id_r``, ``match_weight``, ``match_probability``,
        ``band`` and one ``mw_<comparison>`` column per comparison (its match weight,
        term-frequency adjustment included), for the pairs with a match probability
        of at least ``settings.min_pair_probability``; strongest first.
    """
    scored = linker.inference.predict(
        threshold_match_probability=settings.min_pair_probability, warning_mode="never"
    )
    rel = scored.as_duckdbpyrelation() if settings.backend == "duckdb" else None
    frame = rel.df() if rel is not None else scored.as_pandas_dataframe()
    scored.drop_table_from_database_and_remove_from_cache()
    return tidy_pairs(frame, settings)


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
