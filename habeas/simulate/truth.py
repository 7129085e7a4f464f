"""The truth files, kept apart from the lists: people, custody steps, record → person.

``truth/people.csv``
    ``person_id``, the canonical record columns that describe a person (canonical
    codes, ISO dates), then truth-only columns: ``urban``, ``gang_presence``,
    ``first_centre``, ``transfer_date``, ``hearing_group_size``,
    ``death_cause_official``, the latent ``family_propensity`` and ``visibility`` of
    the capture model, and one ``in_<source>`` 0/1 column per list.
``truth/custody_steps.csv``
    ``person_id, step, kind, date, centre, note`` (kinds of
    :class:`habeas.domain.custody.StepKind`).
``truth/records.csv``
    ``source, record_id, person_id`` for every record of every list, bait rows included.
``truth/record_errors.csv``
    ``source, record_id, errors``: the errors written into each record (``;``-separated
    codes named after the spec's rate fields, plus ``duplicate``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from habeas.domain.custody import StepKind
from habeas.domain.schema import PERSON_ID, RECORD_COLUMNS
from habeas.simulate.sources import SOURCES

__all__ = ["PERSON_COLUMNS", "TRUTH_ONLY_COLUMNS", "write_truth"]

#: Canonical record columns describing a person (not a report of one).
PERSON_COLUMNS: tuple[str, ...] = tuple(
    c
    for c in RECORD_COLUMNS
    if c not in ("source", "record_id", "reporter_relationship", "reported_date", "narrative")
)
TRUTH_ONLY_COLUMNS: tuple[str, ...] = (
    "urban",
    "gang_presence",
    "first_centre",
    "transfer_date",
    "hearing_group_size",
    "death_cause_official",
    "family_propensity",
    "visibility",
)


def _iso(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    return out


def _write(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


def write_truth(
    people: pd.DataFrame,
    steps: pd.DataFrame,
    records: pd.DataFrame,
    out_dir: Path,
) -> list[Path]:
    """Write the truth files into ``out_dir`` (created if needed).

    Parameters
    ----------
    people
        True people with ``person_id``, the person columns and the truth-only columns.
    steps
        Custody steps with ``person_id``.
    records
        ``source, record_id, person_id, errors`` for every record.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    captured = [f"in_{s.code}" for s in SOURCES]
    cols = [PERSON_ID, *PERSON_COLUMNS, *TRUTH_ONLY_COLUMNS, *captured]
    table = _iso(people[[c for c in cols if c in people.columns]])
    table["urban"] = people["urban"].astype(int)
    for c in captured:
        table[c] = people[c].astype(int)
    kinds = {k.value for k in StepKind}
    unknown = sorted(set(steps["kind"]) - kinds)
    if unknown:  # a programming error: the simulator must speak the domain's language
        raise ValueError(f"custody step kinds not in StepKind: {unknown}")
    step_table = _iso(steps)
    step_table.insert(1, "step", steps.groupby(PERSON_ID).cumcount().to_numpy() + 1)
    return [
        _write(table, out_dir / "people.csv"),
        _write(
            step_table[[PERSON_ID, "step", "kind", "date", "centre", "note"]],
            out_dir / "custody_steps.csv",
        ),
        _write(records[["source", "record_id", PERSON_ID]], out_dir / "records.csv"),
        _write(records[["source", "record_id", "errors"]], out_dir / "record_errors.csv"),
    ]


def person_ids(n: int) -> np.ndarray:
    """``P000001``... (at least six digits)."""
    width = max(6, len(str(n)))
    return np.array([f"P{i:0{width}d}" for i in range(1, n + 1)], dtype=object)
