"""Incremental linking: new records against the people already found, no re-training.

:func:`link_new_records` takes the records of an earlier run (each with its
``person_id``), the records added since, and the trained Splink model of that run
(``LinkResult.settings``). It scores only the pairs that involve a new record, with
the same blocking rules, comparisons and thresholds, and assigns the new records to
people by the rule of :mod:`habeas.linkage.assign`. Existing records keep their
person ids; an existing person's id changes only through a full run.

How the pairs are scored. Splink 5 has no ``find_matches_to_new_records`` any more;
its replacements are ``linker.inference.predict_between(left, right)`` (candidate
pairs between two collections, never within either) and ``predict_within(new)``
(pairs among the new records). Both take the trained model's blocking rules and
comparisons, so the new × existing and new × new pairs they return are exactly the
pairs a full ``predict()`` over all records would return for the new records, with the
same scores (checked on a simulated scenario when this was written). The linker is
built over all records so that the term-frequency tables (a shared "Hernández" is weak
evidence) count every record, as a full run does. A linker over the union with a
source-dataset column and ``link_and_dedupe`` would score existing × existing pairs
again too, which is most of the work an incremental run is meant to save.

What an incremental run does not do: it does not revisit existing people (a decision
between two existing records, or an existing record edited since, needs a full run),
and it never merges two existing people (see :mod:`habeas.linkage.assign`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from habeas.domain.progress import ProgressCallback, no_progress
from habeas.domain.schema import PERSON_ID
from habeas.linkage.assign import assign_new_records
from habeas.linkage.backends import make_db_api, model_in_dialect
from habeas.linkage.model import LinkageError, LinkResult, check_keys, empty_pairs, for_splink
from habeas.linkage.people import people_table
from habeas.linkage.predict import tidy_pairs
from habeas.linkage.settings import ExtraColumn, LinkSettings
from habeas.linkage.stopwatch import Stopwatch
from habeas.linkage.train import quiet_splink


class UntrainedModel(LinkageError):
    """A model JSON without estimated m and u probabilities (nothing to score with)."""


def splink_model(model: dict[str, Any]) -> dict[str, Any]:
    """The trained Splink model in ``model``: a run's settings (``LinkResult.settings``,
    ``LinkRun.settings``, the ``<stem>.model.json`` of ``habeas link``) or the bare
    Splink settings JSON.

    Raises
    ------
    UntrainedModel
        When it holds no estimated probabilities (a run on fewer records than
        :data:`~habeas.linkage.model.MIN_RECORDS_TO_TRAIN` stores an untrained model).
    """
    splink = model.get("splink", model) if isinstance(model, dict) else None
    if not isinstance(splink, dict) or not splink.get("comparisons"):
        raise UntrainedModel("the model JSON has no Splink comparisons")
    levels = [lv for c in splink["comparisons"] for lv in c.get("comparison_levels", [])]
    if not any(lv.get("m_probability") is not None for lv in levels) or not any(
        lv.get("u_probability") is not None for lv in levels
    ):
        raise UntrainedModel(
            "the model was never trained (no m or u probabilities); run a full link first"
        )
    return splink


def link_new_records(
    existing: pd.DataFrame,
    new: pd.DataFrame,
    *,
    model: dict[str, Any],
    settings: LinkSettings | None = None,
    decisions: pd.DataFrame | None = None,
    progress: ProgressCallback | None = None,
) -> LinkResult:
    """Link records added since an earlier run to the people it found.

    Parameters
    ----------
    existing
        The records already linked, in the canonical columns, with ``person_id`` on
        every row.
    new
        The records to link (canonical columns; ``person_id`` absent or empty).
    model
        The trained model of the earlier run: its ``LinkResult.settings`` (or just
        ``settings["splink"]``). Its blocking rules and comparisons are used as they
        are; nothing is re-trained.
    settings
        Thresholds of the bands and the backend (:class:`LinkSettings` defaults if
        omitted); ``settings.blocking`` is not used (the model's rules are).
    decisions
        Optional reviewers' decisions, as for :func:`~habeas.linkage.model.link_records`.
        A "different" decision involving a new record is never overridden; decisions
        between two existing records are left to a full run.
    progress
        Optional ``progress(step, done, total)`` callback.

    Returns
    -------
    LinkResult
        ``records``: the existing rows (person ids unchanged) then the new rows, with
        ``person_id``; ``pairs``: the scored pairs that involve a new record (links
        not applied moved to ``"review"``); ``people``: the people the new records
        joined or formed, recomputed from all their records; ``settings``: the model,
        the link settings, ``"incremental": True`` and the assignment counts;
        ``timings``.

    Raises
    ------
    LinkageError
        When an existing record has no person, a new one has one, or a
        ``(source, record_id)`` pair repeats across both tables.
    UntrainedModel
        When ``model`` holds no trained probabilities.

    Examples
    --------
    >>> first = link_records(records_of_four_lists)  # doctest: +SKIP
    >>> later = link_new_records(first.records, fifth_list, model=first.settings)  # doctest: +SKIP
    """
    from habeas.linkage.prepare import prepare_records

    settings = settings or LinkSettings()
    progress = progress or no_progress
    splink = splink_model(model)
    watch = Stopwatch(progress, "Linking new records", 4)
    existing_ids = _existing_person_ids(existing)
    records = pd.concat([existing.drop(columns=PERSON_ID), _without_person(new)], ignore_index=True)
    check_keys(records)
    prepared = prepare_records(records, extra_columns=model_extra_columns(model, settings))
    n_old = len(existing)
    watch.lap("prepare", 1)

    quiet_splink()
    db_api = make_db_api(settings.backend, threads=settings.threads)
    old_uids = prepared["unique_id"].iloc[:n_old].astype(str).tolist()
    new_uids = prepared["unique_id"].iloc[n_old:].astype(str).tolist()
    pairs = _score_new_pairs(db_api, prepared, n_old, splink, settings) if new_uids else None
    pairs = empty_pairs() if pairs is None else pairs
    watch.lap("predict", 2)

    existing_person = dict(zip(old_uids, existing_ids, strict=True))
    assigned = assign_new_records(existing_person, new_uids, pairs, db_api, decisions)
    person_ids = np.array([*existing_ids, *(assigned.person_of[u] for u in new_uids)], dtype=object)
    watch.lap("cluster", 3)

    out = records.copy()
    out[PERSON_ID] = person_ids
    touched = pd.Series(person_ids).isin(set(assigned.person_of.values())).to_numpy()
    people = people_table(
        records[touched].reset_index(drop=True),
        prepared["unique_id"][touched].reset_index(drop=True),
        pd.Series(person_ids[touched]),
        prepared["dui"][touched].reset_index(drop=True),
    )
    watch.lap("people", 4)
    timings = watch.finish()
    return LinkResult(
        records=out,
        pairs=assigned.pairs,
        people=people,
        settings={
            "link_settings": settings.to_dict(),
            "splink": splink,
            "incremental": True,
            "incremental_counts": {
                "existing_records": n_old,
                "new_records": len(new_uids),
                **assigned.counts,
            },
        },
        timings=timings,
    )


def model_extra_columns(model: dict[str, Any], settings: LinkSettings) -> tuple[ExtraColumn, ...]:
    """The extra columns the trained model compares: those of the run that trained it
    (its stored ``link_settings``), else those of ``settings`` (a bare Splink JSON)."""
    stored = model.get("link_settings") if isinstance(model, dict) else None
    if isinstance(stored, dict) and "extra_columns" in stored:
        return LinkSettings.from_dict({"extra_columns": stored["extra_columns"]}).extra_columns
    return settings.extra_columns


def _existing_person_ids(existing: pd.DataFrame) -> list[str]:
    if PERSON_ID not in existing.columns:
        raise LinkageError(
            "the existing records need a person_id column (the output of an earlier run); "
            f"found: {', '.join(map(str, existing.columns))}"
        )
    ids = existing[PERSON_ID]
    missing = ids.isna() | (ids.astype(str).str.strip() == "")
    if missing.any():
        row = existing[missing].iloc[0]
        raise LinkageError(
            f"{int(missing.sum())} existing records have no person_id, e.g. "
            f"{row.get('source')}|{row.get('record_id')}; link them as new records"
        )
    return ids.astype(str).tolist()


def _without_person(new: pd.DataFrame) -> pd.DataFrame:
    if PERSON_ID not in new.columns:
        return new
    ids = new[PERSON_ID]
    linked = ids.notna() & (ids.astype(str).str.strip() != "")
    if linked.any():
        row = new[linked].iloc[0]
        raise LinkageError(
            f"{int(linked.sum())} new records already have a person_id, e.g. "
            f"{row.get('source')}|{row.get('record_id')}; pass them as existing records"
        )
    return new.drop(columns=PERSON_ID)


def _score_new_pairs(
    db_api: Any, prepared: pd.DataFrame, n_old: int, splink: dict[str, Any], settings: LinkSettings
) -> pd.DataFrame:
    """New × existing and new × new pairs, scored by the trained model and banded."""
    from splink import Linker

    frame = for_splink(prepared)
    every = db_api.register(frame, table_name="habeas_all_records")
    old = db_api.register(frame.iloc[:n_old].reset_index(drop=True), table_name="habeas_linked")
    new = db_api.register(frame.iloc[n_old:].reset_index(drop=True), table_name="habeas_new")
    # A model trained on one engine and scored on another: its SQL in this one's dialect.
    model = model_in_dialect(splink, db_api.sql_dialect.sql_dialect_str)
    linker = Linker(every, model, log_level=None)
    for column in _tf_columns(splink):
        linker.table_management.compute_tf_table(column)
    threshold = settings.min_pair_probability
    scored = [
        linker.inference.predict_within(
            new, threshold_match_probability=threshold, warning_mode="never"
        )
    ]
    if n_old:
        scored.append(
            linker.inference.predict_between(
                old, new, threshold_match_probability=threshold, warning_mode="never"
            )
        )
    frames = []
    for table in scored:
        rel = table.as_duckdbpyrelation() if settings.backend == "duckdb" else None
        frames.append(rel.df() if rel is not None else table.as_pandas_dataframe())
        table.drop_table_from_database_and_remove_from_cache()
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty_pairs()
    pairs = pd.concat(frames, ignore_index=True)
    # A full run orders each pair by unique_id; predict_between puts the existing record
    # on the left. The comparisons are symmetric, so swapping the ids is enough.
    left, right = pairs["unique_id_l"].astype(str), pairs["unique_id_r"].astype(str)
    swap = (left > right).to_numpy()
    pairs["unique_id_l"] = np.where(swap, right, left).astype(object)
    pairs["unique_id_r"] = np.where(swap, left, right).astype(object)
    return tidy_pairs(pairs, settings)


def _tf_columns(splink: dict[str, Any]) -> list[str]:
    """The columns whose term frequencies the model's levels adjust for."""
    columns = {
        level["tf_adjustment_column"]
        for comparison in splink["comparisons"]
        for level in comparison.get("comparison_levels", [])
        if level.get("tf_adjustment_column")
    }
    return sorted(columns)
