"""Training: the prior, the u probabilities and the m probabilities of the model.

Unsupervised by default, in Splink's usual three steps, each reproducible:

1. the prior (probability that two random records match) from deterministic rules
   that admit almost no false pairs: a valid DUI equal, or all names and the birth
   date equal; their recall is an assumption (``LinkSettings.deterministic_recall``);
2. u probabilities by random sampling of record pairs (seeded): almost every random
   pair is two different people;
3. m probabilities by expectation maximisation over a few blocking rules; each
   session leaves the comparisons it blocks on untouched, so the sessions together
   cover every comparison (DUI-blocked pairs train the names, name-blocked pairs
   train the DUI).

Reviewers' decisions as labels. When at least ``LinkSettings.min_labels_for_training``
pairs were decided "same" (about the records being linked), step 3 first estimates m
from those pairs (Splink's ``estimate_m_from_pairwise_labels``), then runs EM as usual,
starting from the labels' m values. The m probability kept for each level is Splink's
median over its estimates (the labels' and each EM session's), so the labels are one
voice among three, not the last word: reviewed pairs come from the review queue, the
hard cases, and are no random sample of true matches; fixing m to them would teach the
model that true matches disagree more than they do. "Different" pairs do not train
the model (a pair a reviewer rejected is no random non-match, so it would bias u);
they only check it: the model's verdict on every labelled pair is compared with the
reviewer's, and the disagreements are counted in the training report
(:func:`check_labels`). "Unsure" decisions are ignored. Fewer "same" pairs than the
minimum: training is unchanged (fully unsupervised). Either way, clustering still
applies every decision.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import pandas as pd
from splink import block_on

from habeas.linkage.cluster import normalise_decisions
from habeas.linkage.settings import LinkSettings

if TYPE_CHECKING:
    from collections.abc import Iterable

    from splink import Linker

#: Rules that almost never pair two different people (for the prior).
DETERMINISTIC_RULES: tuple[tuple[str, ...], ...] = (
    ("dui",),
    ("given_all", "surname_1", "surname_2", "birth_date"),
)

#: Name of the labelled pairs' table in the linkage engine.
LABELS_TABLE = "habeas_training_labels"

#: A reviewer's "cannot tell": neither a label nor a constraint.
UNSURE = "unsure"

_SPLINK_LOGGER = "splink"


def labelled_pairs(decisions: pd.DataFrame | None, unique_ids: Iterable[str]) -> pd.DataFrame:
    """The reviewers' "same"/"different" pairs between records being linked.

    "Unsure" decisions are dropped, pairs whose records are not among ``unique_ids``
    are dropped, and the last decision per pair wins.

    Raises
    ------
    habeas.linkage.cluster.BadDecisions
        If columns are missing or a decision is not "same", "different" or "unsure".

    Returns
    -------
    pandas.DataFrame
        ``unique_id_l`` < ``unique_id_r``, ``decision``.

    Examples
    --------
    >>> d = pd.DataFrame({"unique_id_l": ["cdh|2", "cdh|1", "cdh|1"],
    ...                   "unique_id_r": ["cdh|1", "pddh|9", "cdh|3"],
    ...                   "decision": ["same", "different", "unsure"]})
    >>> labelled_pairs(d, ["cdh|1", "cdh|2", "cdh|3"]).values.tolist()
    [['cdh|1', 'cdh|2', 'same']]
    """
    if decisions is not None and "decision" in decisions.columns:
        decisions = decisions[decisions["decision"].astype(str) != UNSURE]
    pairs = normalise_decisions(decisions)
    known = set(map(str, unique_ids))
    keep = pairs["unique_id_l"].isin(known) & pairs["unique_id_r"].isin(known)
    return pairs[keep].reset_index(drop=True)


def train_model(
    linker: Linker, settings: LinkSettings, labels: pd.DataFrame | None = None
) -> dict[str, Any]:
    """Estimate the prior, u and m probabilities of ``linker``'s model in place.

    Parameters
    ----------
    linker
        A Splink linker over the prepared records, with
        :func:`~habeas.linkage.settings.splink_settings`.
    settings
        Seed, sample sizes, recall of the deterministic rules, EM blocking rules, the
        minimum of "same" labels that train m.
    labels
        Optional reviewers' pairs from :func:`labelled_pairs`.

    Returns
    -------
    dict
        The training report: ``labels_used`` (the "same" pairs m was estimated from;
        0 when fewer than the minimum), ``labels_same``, ``labels_different``,
        ``min_labels_for_training``, ``method`` (``"labels+em"`` or ``"em"``) and
        ``labels_contradicted`` (``None`` here: see :func:`check_labels`).
    """
    labels = labels if labels is not None else normalise_decisions(None)
    same = labels[labels["decision"] == "same"]
    use_labels = len(same) >= settings.min_labels_for_training
    training = linker.training
    training.estimate_probability_two_random_records_match(
        [block_on(*cols) for cols in DETERMINISTIC_RULES],
        recall=settings.deterministic_recall,
    )
    training.estimate_u_using_random_sampling(max_pairs=settings.u_max_pairs, seed=settings.seed)
    if use_labels:
        table = _register_labels(linker, same)
        training.estimate_m_from_pairwise_labels(table)
        table.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)
    for cols in settings.em_blocking:
        training.estimate_parameters_using_expectation_maximisation(
            block_on(*cols),
            max_pairs=settings.em_max_pairs,
        )
    return {
        "method": "labels+em" if use_labels else "em",
        "labels_used": len(same) if use_labels else 0,
        "labels_same": len(same),
        "labels_different": len(labels) - len(same),
        "min_labels_for_training": settings.min_labels_for_training,
        "labels_contradicted": None,  # filled by check_labels after prediction
    }


def untrained_report(labels: pd.DataFrame, settings: LinkSettings) -> dict[str, Any]:
    """The training report of a run too small to train (see :func:`train_model`)."""
    same = int((labels["decision"] == "same").sum())
    return {
        "method": "none",
        "labels_used": 0,
        "labels_same": same,
        "labels_different": len(labels) - same,
        "min_labels_for_training": settings.min_labels_for_training,
        "labels_contradicted": None,
    }


def check_labels(
    report: dict[str, Any], labels: pd.DataFrame, pairs: pd.DataFrame
) -> dict[str, Any]:
    """``report`` with ``labels_contradicted``: the labelled pairs the model scores on
    the other side of a match probability of 0.5 than the reviewer decided.

    A labelled pair missing from ``pairs`` (not a candidate, or scored below
    ``LinkSettings.min_pair_probability``) counts as the model saying "different".
    ``None`` without labels. (Splink's ``prediction_errors_from_labels_table`` would
    need the matching columns retained in every prediction, a cost paid on millions
    of pairs for a check on a few hundred.)
    """
    if not len(labels):
        return {**report, "labels_contradicted": None}
    key = ["unique_id_l", "unique_id_r"]
    scored = labels.merge(
        pairs[[*key, "match_probability"]].astype({k: object for k in key}), on=key, how="left"
    )
    says_same = scored["match_probability"].fillna(0.0).astype(float) >= 0.5
    wrong = says_same != (scored["decision"] == "same")
    return {**report, "labels_contradicted": int(wrong.sum())}


def _register_labels(linker: Linker, labels: pd.DataFrame) -> Any:
    frame = labels[["unique_id_l", "unique_id_r"]].astype(object)
    return linker.table_management.register_table(frame, LABELS_TABLE, overwrite=True)


def quiet_splink() -> None:
    """Keep Splink's chatter (every step, and a warning per level EM saw no pair in)
    out of the user's terminal; the trained model records what was estimated."""
    logging.getLogger(_SPLINK_LOGGER).setLevel(logging.ERROR)
