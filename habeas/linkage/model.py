"""``link_records``: records in, people out (prepare, train, predict, cluster).

The whole run is one pure function over DataFrames: it reads no file and touches no
database but the in-memory engine it creates, so the CLI, the web app and a notebook
call it the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from habeas.domain.errors import HabeasError
from habeas.domain.progress import ProgressCallback, no_progress
from habeas.domain.schema import PERSON_ID
from habeas.linkage.backends import make_db_api
from habeas.linkage.cluster import cluster_records
from habeas.linkage.people import people_table, person_id_for
from habeas.linkage.predict import predict_pairs
from habeas.linkage.settings import LinkSettings, splink_settings
from habeas.linkage.stopwatch import Stopwatch
from habeas.linkage.train import (
    check_labels,
    labelled_pairs,
    quiet_splink,
    train_model,
    untrained_report,
)

#: Prepared columns the model reads (comparisons and blocking rules).
MODEL_COLUMNS: tuple[str, ...] = (
    "unique_id",
    "given_1",
    "given_2",
    "given_all",
    "given_1_phonetic",
    "surname_1",
    "surname_2",
    "married_surname",
    "surname_1_phonetic",
    "surname_2_phonetic",
    "alias",
    "sex",
    "dui",
    "dui_any",
    "birth_date",
    "birth_year",
    "age_at_arrest",
    "arrest_date",
    "arrest_month",
    "residence_district",
    "residence_municipality",
    "arrest_district",
    "arrest_municipality",
    "detention_centre",
)
_INTEGER_COLUMNS = ("birth_year", "age_at_arrest")

#: Below this many records there is nothing to learn from; every record is a person.
MIN_RECORDS_TO_TRAIN = 50


class LinkageError(HabeasError):
    """Records that cannot be linked as given (missing keys, duplicated ids...)."""


@dataclass(frozen=True)
class LinkResult:
    """The outcome of :func:`link_records`.

    Attributes
    ----------
    records
        The input rows (all their columns) plus ``person_id``, in the input order.
    pairs
        Scored candidate pairs (match probability at least
        ``LinkSettings.min_pair_probability``): ``unique_id_l``, ``unique_id_r``,
        ``match_weight``, ``match_probability``, ``band`` (``link``/``review``/
        ``reject``) and one ``mw_<comparison>`` match weight per comparison.
    people
        One row per person (see :mod:`habeas.linkage.people` for the rule).
    settings
        ``{"link_settings": ..., "splink": ..., "training": ...}``: the habeas
        settings used, the trained Splink model JSON, and the training report
        (whether reviewers' decisions trained the model, and how many: see
        :func:`habeas.linkage.train.train_model`).
    timings
        Seconds per stage (``prepare``, ``train``, ``predict``, ``cluster``,
        ``people``, ``total``).
    """

    records: pd.DataFrame
    pairs: pd.DataFrame
    people: pd.DataFrame
    settings: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)

    def review_queue(self) -> pd.DataFrame:
        """The pairs in the review band, most likely matches first."""
        return self.pairs[self.pairs["band"] == "review"].reset_index(drop=True)

    def summary(self) -> str:
        """One line: records, people, automatic links, pairs to review."""
        n_link = int((self.pairs["band"] == "link").sum()) if len(self.pairs) else 0
        return (
            f"{len(self.records):,} records -> {len(self.people):,} people "
            f"({n_link:,} automatic links, {len(self.review_queue()):,} pairs to review)"
        )

    def __str__(self) -> str:
        return self.summary()


def link_records(
    records: pd.DataFrame,
    *,
    settings: LinkSettings | None = None,
    decisions: pd.DataFrame | None = None,
    progress: ProgressCallback | None = None,
) -> LinkResult:
    """Link records of the same person across and within lists, and count people.

    Parameters
    ----------
    records
        A records table in the canonical columns (``habeas.domain.schema``; any
        subset, but ``source`` and ``record_id`` are required and unique together).
    settings
        Thresholds, seeds, blocking rules; :class:`LinkSettings` defaults if omitted.
    decisions
        Optional human review decisions: ``unique_id_l``, ``unique_id_r`` (as
        ``"source|record_id"``) and ``decision`` (``"same"`` / ``"different"``). A
        "different" pair never ends up in one person; "same" forces a link.
    progress
        Optional ``progress(step, done, total)`` callback.

    Returns
    -------
    LinkResult

    Examples
    --------
    >>> result = link_records(records)  # doctest: +SKIP
    >>> print(result)  # doctest: +SKIP
    11,287 records -> 7,245 people (4,310 automatic links, 212 pairs to review)
    """
    from habeas.linkage.prepare import prepare_records

    settings = settings or LinkSettings()
    progress = progress or no_progress
    watch = Stopwatch(progress, "Linking records", 5)
    check_keys(records)
    prepared = prepare_records(records, extra_columns=settings.extra_columns)
    watch.lap("prepare", 1)

    quiet_splink()
    db_api = make_db_api(settings.backend, threads=settings.threads)
    creator = splink_settings(settings, n_records=len(prepared))
    labels = labelled_pairs(decisions, prepared["unique_id"].astype(str))
    if len(prepared) >= MIN_RECORDS_TO_TRAIN:
        linker = _linker(db_api, prepared, creator)
        training = train_model(linker, settings, labels, prepared)
        watch.lap("train", 2)
        pairs = predict_pairs(linker, settings)
        training = check_labels(training, labels, pairs)
        splink_json = linker.misc.save_model_to_json()
        watch.lap("predict", 3)
    else:
        pairs = empty_pairs()
        splink_json = creator.create_settings_dict(db_api.sql_dialect.sql_dialect_str)
        training = untrained_report(labels, settings)
        watch.lap("train", 2)
        watch.lap("predict", 3)

    unique_ids = prepared["unique_id"].astype(str).tolist()
    clusters = cluster_records(unique_ids, pairs, db_api, decisions)
    person_ids = clusters.map(person_id_for).to_numpy(dtype=object)
    watch.lap("cluster", 4)

    out = records.copy()
    out[PERSON_ID] = person_ids
    people = people_table(records, prepared["unique_id"], pd.Series(person_ids), prepared["dui"])
    watch.lap("people", 5)
    timings = watch.finish()
    return LinkResult(
        records=out,
        pairs=pairs,
        people=people,
        settings={
            "link_settings": settings.to_dict(),
            "splink": splink_json,
            "training": training,
        },
        timings=timings,
    )


def check_keys(records: pd.DataFrame) -> None:
    """Raise :class:`LinkageError` unless every record has a unique (source, record_id)."""
    missing = [c for c in ("source", "record_id") if c not in records.columns]
    if missing:
        raise LinkageError(
            f"records lack column(s) {', '.join(missing)}; "
            f"found: {', '.join(map(str, records.columns))}"
        )
    keys = records["source"].astype(str) + "|" + records["record_id"].astype(str)
    dup = keys[keys.duplicated()]
    if len(dup):
        raise LinkageError(
            f"{len(dup)} records repeat a (source, record_id) pair, e.g. {dup.iloc[0]!r}; "
            "each record needs a unique id within its source"
        )


def for_splink(prepared: pd.DataFrame) -> pd.DataFrame:
    """The model's columns, with missing values as None and integers as Int64, then the
    extra columns (``LinkSettings.extra_columns``) ``prepared`` carries: every column
    beyond :data:`~habeas.linkage.prepare.PREPARED_COLUMNS`, numeric ones as they are."""
    from habeas.linkage.prepare import PREPARED_COLUMNS

    frame = pd.DataFrame(index=range(len(prepared)))
    extra = [c for c in prepared.columns if c not in PREPARED_COLUMNS]
    for col in (*MODEL_COLUMNS, *extra):
        values = prepared[col] if col in prepared.columns else pd.Series([None] * len(prepared))
        if col in extra and pd.api.types.is_numeric_dtype(values.dtype):
            frame[col] = values.reset_index(drop=True)
        elif col in _INTEGER_COLUMNS:
            frame[col] = pd.array(pd.to_numeric(values, errors="coerce"), dtype="Int64")
        else:
            arr = values.to_numpy(dtype=object)
            arr = np.where(pd.isna(arr), None, arr)
            frame[col] = pd.Series(arr, dtype=object)
    return frame


def _linker(db_api: Any, prepared: pd.DataFrame, creator: Any) -> Any:
    from splink import Linker

    table = db_api.register(for_splink(prepared), table_name="habeas_records")
    return Linker(table, creator, log_level=None)


def empty_pairs() -> pd.DataFrame:
    """A pairs table with no row (a run with too few records to score any pair)."""
    cols = ["unique_id_l", "unique_id_r", "match_weight", "match_probability", "band"]
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in cols})
