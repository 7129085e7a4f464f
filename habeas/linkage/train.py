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
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pandas as pd
from splink import block_on
from splink.internals.exceptions import EMTrainingException  # not re-exported publicly

from habeas.linkage.cluster import normalise_decisions
from habeas.linkage.settings import LinkSettings

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from splink import Linker

#: Rules that almost never pair two different people (for the prior).
DETERMINISTIC_RULES: tuple[tuple[str, ...], ...] = (
    ("dui",),
    ("given_all", "surname_1", "surname_2", "birth_date"),
)

#: Tried after the configured rules when those find no pair at all (a list with no DUI
#: column, or with a single surname column): each still pairs almost only one person.
FALLBACK_DETERMINISTIC_RULES: tuple[tuple[str, ...], ...] = (
    ("given_all", "surname_1", "birth_date"),
    ("given_all", "surname_1", "surname_2", "age_at_arrest", "residence_district"),
)

#: EM sessions tried, in order, when a configured session has too few pairs to learn
#: from. The first two block on disjoint columns, so together they train every
#: comparison.
FALLBACK_EM_BLOCKING: tuple[tuple[str, ...], ...] = (
    ("birth_date",),
    ("given_1", "surname_1"),
    ("surname_1", "birth_year"),
    ("given_1", "residence_district"),
)

#: Fewer candidate pairs than this and an EM session learns nothing reliable.
MIN_EM_PAIRS = 100

#: Splink's u sampling scores the sampled pairs in chunks (a probe of a tenth of one
#: first), stopping once every level has been seen often enough: the chunks bound
#: DuckDB's memory. Spark spills to disk by itself and pays a fixed cost of a second or
#: more per query on a small machine, eleven queries per comparison at ten chunks; in
#: one chunk it scores every sampled pair in one query per comparison instead.
U_SAMPLING_CHUNKS: dict[str, int] = {"spark": 1}
DEFAULT_U_SAMPLING_CHUNKS = 10

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


def count_pairs(prepared: pd.DataFrame, columns: tuple[str, ...]) -> int:
    """Record pairs that agree on every one of ``columns``, none of them null.

    That is what ``block_on(*columns)`` yields, counted without building a pair.

    Examples
    --------
    >>> t = pd.DataFrame({"dui": ["1", "1", "1", None, "2"]})
    >>> count_pairs(t, ("dui",))
    3
    """
    present = [c for c in columns if c in prepared.columns]
    if len(present) < len(columns):
        return 0
    sizes = prepared[list(columns)].dropna().groupby(list(columns), sort=False).size()
    return int((sizes * (sizes - 1) // 2).sum())


def usable_rules(
    prepared: pd.DataFrame,
    configured: tuple[tuple[str, ...], ...],
    fallbacks: tuple[tuple[str, ...], ...],
    *,
    minimum: int,
    wanted: int,
) -> list[tuple[str, ...]]:
    """The configured blocking rules with at least ``minimum`` pairs, topped up from
    ``fallbacks`` (in order) until there are ``wanted`` of them, when the data allow.

    A list without DUIs or without second surnames must still train: Splink fails
    outright on a rule that yields no pair.
    """
    chosen = [r for r in configured if count_pairs(prepared, r) >= minimum]
    for rule in fallbacks:
        if len(chosen) >= wanted:
            break
        if rule not in chosen and count_pairs(prepared, rule) >= minimum:
            chosen.append(rule)
    return chosen


def train_model(
    linker: Linker,
    settings: LinkSettings,
    labels: pd.DataFrame | None = None,
    prepared: pd.DataFrame | None = None,
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
    prepared
        The prepared records the linker holds; with them, rules that would find no
        pair in these data are replaced by fallbacks (see :func:`usable_rules`).

    Returns
    -------
    dict
        The training report: ``labels_used`` (the "same" pairs m was estimated from;
        0 when fewer than the minimum), ``labels_same``, ``labels_different``,
        ``min_labels_for_training``, ``method`` (``"labels+em"`` or ``"em"``) and
        ``labels_contradicted`` (``None`` here: see :func:`check_labels`), and the rules
        actually used: ``prior_rules`` (empty: Splink's default prior was kept) and
        ``em_sessions``.
    """
    labels = labels if labels is not None else normalise_decisions(None)
    same = labels[labels["decision"] == "same"]
    use_labels = len(same) >= settings.min_labels_for_training
    if prepared is None:
        prior_rules, em_sessions = list(DETERMINISTIC_RULES), list(settings.em_blocking)
    else:
        prior_rules = usable_rules(
            prepared, DETERMINISTIC_RULES, (), minimum=1, wanted=len(DETERMINISTIC_RULES)
        ) or usable_rules(prepared, (), FALLBACK_DETERMINISTIC_RULES, minimum=1, wanted=1)
        em_sessions = usable_rules(
            prepared, settings.em_blocking, FALLBACK_EM_BLOCKING, minimum=MIN_EM_PAIRS, wanted=2
        )
    training = linker.training
    if prior_rules:
        training.estimate_probability_two_random_records_match(
            [block_on(*cols) for cols in prior_rules],
            recall=settings.deterministic_recall,
        )
    training.estimate_u_using_random_sampling(
        max_pairs=settings.u_max_pairs,
        seed=settings.seed,
        num_chunks=U_SAMPLING_CHUNKS.get(settings.backend, DEFAULT_U_SAMPLING_CHUNKS),
    )
    if use_labels:
        table = _register_labels(linker, same)
        training.estimate_m_from_pairwise_labels(table)
        table.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)
    trained, failed = _run_em_sessions(linker, settings, em_sessions, prepared)
    return {
        "prior_rules": [list(r) for r in prior_rules],
        "em_sessions": [list(r) for r in trained],
        "em_sessions_failed": [list(r) for r in failed],
        "method": "labels+em" if use_labels else "em",
        "labels_used": len(same) if use_labels else 0,
        "labels_same": len(same),
        "labels_different": len(labels) - len(same),
        "min_labels_for_training": settings.min_labels_for_training,
        "labels_contradicted": None,  # filled by check_labels after prediction
    }


def _run_em_sessions(
    linker: Linker,
    settings: LinkSettings,
    sessions: list[tuple[str, ...]],
    prepared: pd.DataFrame | None,
) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """Run EM on each session; a session Splink cannot complete is replaced by the next
    fallback with enough pairs, so that two sessions train when the data allow.

    Splink refuses a session with no pair (``EMTrainingException``), which happens on
    lists unlike the usual ones (no DUI, no second surname); an m that underflows to 0
    is floored instead (:func:`_m_u_floor`). A failed session leaves the model as it
    was before it.
    """
    trained: list[tuple[str, ...]] = []
    failed: list[tuple[str, ...]] = []
    queue = list(sessions)
    if prepared is not None:
        queue += [r for r in FALLBACK_EM_BLOCKING if r not in queue]
    for cols in queue:
        if len(trained) >= max(2, len(sessions)):
            break
        if cols not in sessions and count_pairs(prepared, cols) < MIN_EM_PAIRS:
            continue
        # Splink's EM session prunes the model it is given (the comparisons it blocks
        # on, and a prior adjusted for the block) before it runs, and puts the whole
        # model back only when it succeeds: a failed session would leave the linker
        # without those comparisons and with the block's prior (at 250,000 simulated
        # records, every name comparison gone and a prior of 0.58). Keep a copy.
        before = linker._settings_obj.core_model_settings.copy()
        try:
            with _m_u_floor():
                linker.training.estimate_parameters_using_expectation_maximisation(
                    block_on(*cols),
                    max_pairs=settings.em_max_pairs,
                )
        except (EMTrainingException, ValueError):
            linker._settings_obj.core_model_settings = before
            failed.append(cols)
            continue
        trained.append(cols)
    return trained, failed


@contextmanager
def _m_u_floor() -> Iterator[None]:
    """Within the block, EM's estimates of m and u below Splink's smallest allowed
    value (``M_U_CLAMP_MIN``, 1e-300) are raised to it instead of failing the session.

    A level never seen among matches (in simulated lists, an arrest district that
    differs between two records of one person) has an m that EM divides by about
    1e-47 at each iteration: it reaches 0 within a few iterations once a session needs
    more of them, as on large lists, and Splink refuses an m of 0 (``ValueError``).
    Splink already clamps m and u at that value when it turns them into match weights,
    so the floor only keeps the estimate Splink would have used: a session that
    completes without it is unchanged. Splink's module function is wrapped for the
    duration of the block and put back after it.
    """
    import splink.internals.expectation_maximisation as em
    from splink.internals.comparison_level import M_U_CLAMP_MIN

    original = em.populate_m_u_from_lookup

    def populate(
        training_fixed_probabilities: set[str],
        comparison_level: Any,
        output_column_name: str,
        m_u_records_lookup: dict[str, dict[int, Any]],
    ) -> None:
        record = m_u_records_lookup.get(output_column_name, {}).get(
            comparison_level.comparison_vector_value
        )
        for key in ("m_probability", "u_probability"):
            value = record.get(key) if record is not None else None
            if isinstance(value, int | float) and value < M_U_CLAMP_MIN:
                record[key] = M_U_CLAMP_MIN
        original(
            training_fixed_probabilities, comparison_level, output_column_name, m_u_records_lookup
        )

    em.populate_m_u_from_lookup = populate
    try:
        yield
    finally:
        em.populate_m_u_from_lookup = original


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
