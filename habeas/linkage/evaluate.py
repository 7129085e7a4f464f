"""How good a linkage is, against the truth: pairwise and B-cubed scores, and the errors.

Both tables say which person each record belongs to (``source, record_id, person_id``):
``truth`` the true person, ``predicted`` the linkage's. The scores come from the
contingency table of cluster sizes (how many records each true person shares with each
predicted person), so no pair of records is enumerated and a million records score in
seconds. :func:`error_cases` enumerates pairs only inside clusters that mix people,
capped, to say which fields disagreed in false merges and missed links.

Pure: no I/O, no Splink.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Literal

import numpy as np
import pandas as pd

from habeas.domain.errors import HabeasError
from habeas.domain.schema import PERSON_ID

#: The columns that identify a record in both tables.
KEYS = ("source", "record_id")

#: Fields compared in :func:`error_cases`: label → column of the prepared records.
ERROR_FIELDS: dict[str, str] = {
    "given_1": "given_1",
    "surname_1": "surname_1",
    "surname_2": "surname_2",
    "dui": "dui",
    "birth_date": "birth_date",
    "age": "age_at_arrest",
    "district": "residence_district",
    "arrest_date": "arrest_date",
    "alias": "alias",
}

#: How many keys an error message lists.
_SHOWN_KEYS = 5


class LinkageTablesDiffer(HabeasError, ValueError):
    """The truth and the prediction do not hold the same records."""


class BadLinkageTable(HabeasError, ValueError):
    """A truth or prediction table lacks a column, repeats a record or lacks a person."""


@dataclass(frozen=True)
class LinkageScores:
    """Pairwise and B-cubed precision, recall and F1 of a linkage against the truth.

    Pairwise scores count pairs of records: a pair is predicted when both records are
    in one predicted person, true when both are one true person. B-cubed scores
    average, over records, the share of a record's predicted cluster that is truly its
    person (precision) and the share of its true person that its cluster holds
    (recall). Precision is 1 when nothing is predicted linked, recall 1 when nothing is
    truly linked (no pair to get wrong, or none to miss).
    """

    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    n_records: int
    n_true_people: int
    n_predicted_people: int
    n_true_pairs: int
    n_predicted_pairs: int
    n_correct_pairs: int
    n_truth_only: int = 0

    @property
    def n_false_merge_pairs(self) -> int:
        """Predicted pairs of records of two different people."""
        return self.n_predicted_pairs - self.n_correct_pairs

    @property
    def n_missed_pairs(self) -> int:
        """True pairs the linkage left in different people."""
        return self.n_true_pairs - self.n_correct_pairs

    def to_dict(self) -> dict[str, float | int]:
        """The scores and counts as a plain dict (JSON-ready)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, float | int]) -> LinkageScores:
        """The scores back from :meth:`to_dict`."""
        return cls(**data)  # type: ignore[arg-type]

    def summary(self) -> str:
        """A plain-text table of the scores and counts."""
        rows = [
            ("", "precision", "recall", "F1"),
            ("pairwise", *_fmt3(self.pairwise_precision, self.pairwise_recall, self.pairwise_f1)),
            ("B-cubed", *_fmt3(self.bcubed_precision, self.bcubed_recall, self.bcubed_f1)),
        ]
        lines = [f"{a:<10}{b:>10}{c:>10}{d:>10}" for a, b, c, d in rows]
        lines += [
            "",
            f"records          {self.n_records:>12,}",
            f"true people      {self.n_true_people:>12,}",
            f"predicted people {self.n_predicted_people:>12,}",
            f"true pairs       {self.n_true_pairs:>12,}",
            f"predicted pairs  {self.n_predicted_pairs:>12,}",
            f"correct pairs    {self.n_correct_pairs:>12,}",
            f"falsely merged   {self.n_false_merge_pairs:>12,}",
            f"missed           {self.n_missed_pairs:>12,}",
        ]
        if self.n_truth_only:
            lines.append(f"truth records not in the prediction (left out): {self.n_truth_only:,}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def _fmt3(*values: float) -> tuple[str, ...]:
    return tuple(f"{v:.4f}" for v in values)


def _ratio(num: float, den: float) -> float:
    return float(num / den) if den else 1.0


def _f1(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


def _check_table(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    missing = [c for c in (*KEYS, PERSON_ID) if c not in frame.columns]
    if missing:
        raise BadLinkageTable(
            f"the {name} table lacks the column(s) {', '.join(missing)} "
            f"(it has: {', '.join(map(str, frame.columns))})"
        )
    table = frame[[*KEYS, PERSON_ID]].astype(object)
    no_person = table[PERSON_ID].isna()
    if no_person.any():
        raise BadLinkageTable(
            f"{int(no_person.sum()):,} records of the {name} table have no {PERSON_ID}, "
            f"e.g. {_keys(table[no_person])}"
        )
    repeated = table.duplicated(list(KEYS), keep=False)
    if repeated.any():
        raise BadLinkageTable(
            f"the {name} table lists {int(repeated.sum()):,} rows under repeated "
            f"(source, record_id), e.g. {_keys(table[repeated])}"
        )
    return table


def _keys(frame: pd.DataFrame) -> str:
    shown = [f"{s}|{r}" for s, r in frame[list(KEYS)].head(_SHOWN_KEYS).itertuples(index=False)]
    return ", ".join(shown) + (", ..." if len(frame) > _SHOWN_KEYS else "")


def align(
    truth: pd.DataFrame,
    predicted: pd.DataFrame,
    *,
    truth_only: Literal["error", "ignore"] = "error",
) -> tuple[pd.DataFrame, int]:
    """One row per record: ``source, record_id, true, predicted`` person ids.

    Returns the aligned table and how many truth records were left out (only with
    ``truth_only="ignore"``). Records the prediction has and the truth lacks are
    always an error: they cannot be scored.
    """
    t = _check_table(truth, "truth").rename(columns={PERSON_ID: "true"})
    p = _check_table(predicted, "predicted").rename(columns={PERSON_ID: "predicted"})
    both = t.merge(p, on=list(KEYS), how="outer", indicator=True)
    only_p = both[both["_merge"] == "right_only"]
    only_t = both[both["_merge"] == "left_only"]
    if len(only_p):
        raise LinkageTablesDiffer(
            f"{len(only_p):,} predicted records are not in the truth, e.g. {_keys(only_p)}"
        )
    if len(only_t) and truth_only == "error":
        raise LinkageTablesDiffer(
            f"{len(only_t):,} truth records are not in the prediction, e.g. {_keys(only_t)}"
        )
    aligned = both[both["_merge"] == "both"].drop(columns="_merge").reset_index(drop=True)
    return aligned, len(only_t)


def _pairs(sizes: np.ndarray) -> int:
    sizes = sizes.astype(np.int64)
    return int((sizes * (sizes - 1) // 2).sum())


def evaluate(
    truth: pd.DataFrame,
    predicted: pd.DataFrame,
    *,
    truth_only: Literal["error", "ignore"] = "error",
) -> LinkageScores:
    """Score a linkage against the truth.

    Parameters
    ----------
    truth
        ``source, record_id, person_id``: the true person of every record.
    predicted
        ``source, record_id, person_id``: the person the linkage gave each record.
    truth_only
        What to do with truth records the prediction lacks (say, rows quarantined at
        import): ``"error"`` (default) raises, ``"ignore"`` scores the others and
        counts them in ``n_truth_only``.

    Returns
    -------
    LinkageScores

    Raises
    ------
    LinkageTablesDiffer
        When the tables hold different records (naming how many and a few).
    BadLinkageTable
        When a table lacks a column, repeats a record or has a record without a person.

    Examples
    --------
    >>> t = pd.DataFrame({"source": "cdh", "record_id": ["1", "2", "3"],
    ...                   "person_id": ["a", "a", "b"]})
    >>> p = t.assign(person_id=["x", "y", "z"])
    >>> s = evaluate(t, p)
    >>> (s.pairwise_precision, s.pairwise_recall, s.n_true_pairs)
    (1.0, 0.0, 1)
    """
    aligned, n_truth_only = align(truth, predicted, truth_only=truth_only)
    n = len(aligned)
    # n_ij: records shared by true person i and predicted person j.
    cells = aligned.groupby(["true", "predicted"], sort=False).size()
    true_sizes = aligned.groupby("true", sort=False).size()
    pred_sizes = aligned.groupby("predicted", sort=False).size()
    n_ij = cells.to_numpy().astype(np.float64)
    a_i = true_sizes.reindex(cells.index.get_level_values("true")).to_numpy()
    b_j = pred_sizes.reindex(cells.index.get_level_values("predicted")).to_numpy()
    correct = _pairs(cells.to_numpy())
    true_pairs = _pairs(true_sizes.to_numpy())
    predicted_pairs = _pairs(pred_sizes.to_numpy())
    p_pair = _ratio(correct, predicted_pairs)
    r_pair = _ratio(correct, true_pairs)
    # B-cubed: each record of cell ij sees n_ij of its b_j cluster-mates as true.
    p_b3 = float((n_ij**2 / b_j).sum() / n) if n else 1.0
    r_b3 = float((n_ij**2 / a_i).sum() / n) if n else 1.0
    return LinkageScores(
        pairwise_precision=p_pair,
        pairwise_recall=r_pair,
        pairwise_f1=_f1(p_pair, r_pair),
        bcubed_precision=p_b3,
        bcubed_recall=r_b3,
        bcubed_f1=_f1(p_b3, r_b3),
        n_records=n,
        n_true_people=len(true_sizes),
        n_predicted_people=len(pred_sizes),
        n_true_pairs=true_pairs,
        n_predicted_pairs=predicted_pairs,
        n_correct_pairs=correct,
        n_truth_only=n_truth_only,
    )


@dataclass(frozen=True)
class ErrorCases:
    """False merges and missed links, with the fields that agreed and disagreed.

    ``pairs`` has one row per enumerated pair: ``kind`` (``false_merge`` or
    ``missed_link``), ``unique_id_l``, ``unique_id_r``, one column per field of
    :data:`ERROR_FIELDS` (``agree``, ``disagree`` or ``missing``: a value absent on
    either side) and ``pattern`` (the disagreeing fields, ``", "``-joined, or
    ``"(none)"``). ``patterns`` counts pairs by ``kind`` and ``pattern``, most
    frequent first, with an ``example`` pair. ``n_false_merge_pairs`` and
    ``n_missed_pairs`` are the exact totals; fewer pairs are enumerated when capped.
    """

    pairs: pd.DataFrame
    patterns: pd.DataFrame
    n_false_merge_pairs: int
    n_missed_pairs: int

    @property
    def capped(self) -> bool:
        """True when fewer pairs were enumerated than there are errors."""
        return len(self.pairs) < self.n_false_merge_pairs + self.n_missed_pairs

    def summary(self, top: int = 10) -> str:
        """The ``top`` disagreement patterns of each kind, as plain text."""
        lines = []
        for kind, label, total in (
            ("false_merge", "False merges (two people made one)", self.n_false_merge_pairs),
            ("missed_link", "Missed links (one person left as two)", self.n_missed_pairs),
        ):
            shown = self.patterns[self.patterns["kind"] == kind]
            counted = int(shown["n_pairs"].sum())
            note = f", patterns of {counted:,} enumerated" if counted < total else ""
            lines.append(f"{label}: {total:,} pairs{note}")
            for row in shown.head(top).itertuples(index=False):
                what = "nothing" if row.pattern == "(none)" else row.pattern
                lines.append(f"  {row.n_pairs:>9,}  disagree: {what}   e.g. {row.example}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def _cross_pairs(ids: np.ndarray, groups: np.ndarray, cap: int) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i < j) of ``ids`` whose ``groups`` differ, at most ``cap`` of them."""
    k = len(ids)
    left, right = np.triu_indices(k, 1)
    different = groups[left] != groups[right]
    left, right = left[different][:cap], right[different][:cap]
    return ids[left], ids[right]


def _enumerate(
    aligned: pd.DataFrame, cluster: str, other: str, limit: int
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs inside each ``cluster`` whose ``other`` person differs, up to ``limit``."""
    mixed = aligned.groupby(cluster)[other].transform("nunique") > 1
    inside = aligned[mixed].sort_values([cluster, other], kind="stable")
    lefts: list[np.ndarray] = []
    rights: list[np.ndarray] = []
    if inside.empty or limit <= 0:
        return np.array([], dtype=object), np.array([], dtype=object)
    groups = inside.groupby(cluster, sort=False).indices
    # An equal share per cluster, so one huge merge does not hide every other error.
    share = max(1, limit // len(groups))
    uid = inside["unique_id"].to_numpy()
    codes = pd.factorize(inside[other])[0]
    taken = 0
    for rows in groups.values():
        if taken >= limit:
            break
        # The triangle of a huge cluster is too big to build: sample its records first.
        # Evenly spaced, so the sample spans the people sorted within the cluster.
        if len(rows) > 2000:
            rows = rows[np.linspace(0, len(rows) - 1, int(np.sqrt(2 * share)) + 2).astype(int)]
        left, right = _cross_pairs(uid[rows], codes[rows], min(share, limit - taken))
        lefts.append(left)
        rights.append(right)
        taken += len(left)
    return np.concatenate(lefts), np.concatenate(rights)


def _agreement(left: pd.Series, right: pd.Series) -> np.ndarray:
    missing = left.isna().to_numpy() | right.isna().to_numpy()
    same = left.astype(object).to_numpy() == right.astype(object).to_numpy()
    return np.where(missing, "missing", np.where(same, "agree", "disagree"))


def error_cases(
    prepared: pd.DataFrame,
    truth: pd.DataFrame,
    predicted: pd.DataFrame,
    *,
    limit: int = 100_000,
    fields: Sequence[str] | None = None,
) -> ErrorCases:
    """The false merges and missed links, grouped by which fields disagreed.

    Parameters
    ----------
    prepared
        The records as :func:`habeas.linkage.prepare.prepare_records` returns them
        (``source``, ``record_id`` and the fields of :data:`ERROR_FIELDS`; a field the
        table lacks counts as missing).
    truth, predicted
        ``source, record_id, person_id`` as for :func:`evaluate`; truth records the
        prediction lacks are left out.
    limit
        At most this many pairs of each kind are enumerated (spread over the
        clusters); the totals are exact whatever the limit.
    fields
        Labels of :data:`ERROR_FIELDS` to compare (default: all).

    Returns
    -------
    ErrorCases
    """
    labels = list(fields or ERROR_FIELDS)
    aligned, _ = align(truth, predicted, truth_only="ignore")
    aligned["unique_id"] = aligned["source"].astype(str) + "|" + aligned["record_id"].astype(str)
    scores = evaluate(
        aligned.assign(person_id=aligned["true"]), aligned.assign(person_id=aligned["predicted"])
    )
    values = prepared.copy()
    values["unique_id"] = values["source"].astype(str) + "|" + values["record_id"].astype(str)
    values = values.drop_duplicates("unique_id").set_index("unique_id")
    frames = []
    for kind, cluster, other in (
        ("false_merge", "predicted", "true"),
        ("missed_link", "true", "predicted"),
    ):
        left, right = _enumerate(aligned, cluster, other, limit)
        frame = pd.DataFrame({"kind": kind, "unique_id_l": left, "unique_id_r": right})
        frames.append(frame)
    pairs = pd.concat(frames, ignore_index=True)
    disagree = []
    for label in labels:
        column = ERROR_FIELDS[label]
        if column in values.columns:
            col = values[column].astype(object).where(values[column].notna(), None)
            state = _agreement(
                col.reindex(pairs["unique_id_l"]).reset_index(drop=True),
                col.reindex(pairs["unique_id_r"]).reset_index(drop=True),
            )
        else:
            state = np.full(len(pairs), "missing", dtype=object)
        pairs[label] = state
        disagree.append(np.where(state == "disagree", label, ""))
    if len(pairs):
        joined = [", ".join(x for x in row if x) or "(none)" for row in zip(*disagree, strict=True)]
    else:
        joined = []
    pairs["pattern"] = pd.Series(joined, dtype=object)
    pairs["example"] = pairs["unique_id_l"].astype(str) + " ~ " + pairs["unique_id_r"].astype(str)
    patterns = (
        pairs.groupby(["kind", "pattern"], sort=False)
        .agg(n_pairs=("example", "size"), example=("example", "first"))
        .reset_index()
        .sort_values(["kind", "n_pairs", "pattern"], ascending=[True, False, True])
        .reset_index(drop=True)
    )
    return ErrorCases(
        pairs=pairs.drop(columns="example"),
        patterns=patterns,
        n_false_merge_pairs=scores.n_false_merge_pairs,
        n_missed_pairs=scores.n_missed_pairs,
    )
