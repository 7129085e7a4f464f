"""Capture-history tables of simulated populations whose size is known.

The estimators are judged on these (issue 4, "Truth"): a population of ``N`` people,
each documented or not by each of ``J`` lists, of which only the people on at least
one list are kept, as in real data. Three designs:

- :func:`latent_class_population`: heterogeneous capture through latent classes, lists
  independent within a class. This is LCMCR's model; the others are not built for it
  but should cope.
- :func:`dependent_lists_population`: the same, plus direct dependence between lists:
  being on list ``a`` multiplies the odds of being on list ``b`` (an organisation that
  refers the families it sees to another; an odds ratio below 1 for lists that avoid
  each other's people). No method here models it; positive dependence makes people on
  both lists look common, so the unseen look rare and every method undercounts.
- :func:`hard_to_reach_population`: a large class (30-40% of people) that almost no
  list reaches (capture probability 0.01-0.02 on every list). The few of them seen
  look like ordinary people seen once, so no method can tell how many are missing.

Each returns ``(histories, N)``: the validated :class:`CaptureHistories` of the people
documented (the all-zero cell, the people no list documented, is dropped) and the true
population size. Draws use :func:`numpy.random.default_rng` with the given seed, so a
seed reproduces the table exactly.

Examples
--------
>>> h, n_true = latent_class_population(
...     2000, [0.6, 0.4], [[0.4, 0.3, 0.5, 0.2], [0.1, 0.05, 0.1, 0.15]], seed=1)
>>> n_true, h.n_lists, h.observed < n_true
(2000, 4, True)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from habeas.estimate.histories import CaptureHistories

#: Default list names: ``list1``, ``list2``...
LIST_PREFIX = "list"


def latent_class_population(
    N: int,
    class_weights: Sequence[float],
    capture_probs: Sequence[Sequence[float]] | np.ndarray,
    seed: int | np.random.Generator | None = None,
    *,
    lists: Sequence[str] | None = None,
) -> tuple[CaptureHistories, int]:
    """A population whose capture follows a latent-class model (LCMCR's assumptions).

    Each person falls in class ``k`` with probability ``class_weights[k]`` and is on
    list ``j`` with probability ``capture_probs[k][j]``, independently of the other
    lists given the class.

    Parameters
    ----------
    N
        True population size.
    class_weights
        ``K`` class probabilities (normalised to sum to 1).
    capture_probs
        ``K × J`` capture probabilities, each in ``[0, 1]``.
    seed
        Seed (or Generator) of the draws.
    lists
        List names; ``list1..listJ`` by default.

    Returns
    -------
    (CaptureHistories, int)
        The documented people's table (no all-zero row) and ``N``.

    Raises
    ------
    ValueError
        Bad shapes or probabilities, or a draw in which some list documents nobody.

    Examples
    --------
    >>> h, n_true = latent_class_population(500, [1.0], [[0.3, 0.3, 0.3]], seed=4)
    >>> h.to_frame().columns.tolist()
    ['list1', 'list2', 'list3', 'count']
    """
    rng = np.random.default_rng(seed)
    weights, probs = _check_classes(class_weights, capture_probs)
    _check_size(N)
    # Per class, the 2**J cell counts are multinomial: exact and O(K·2**J) for any N.
    classes = rng.multinomial(N, weights)
    patterns = _all_patterns(probs.shape[1])
    table = np.zeros(len(patterns), dtype=np.int64)
    for size, lam in zip(classes, probs, strict=True):
        cell_probs = np.prod(np.where(patterns == 1, lam, 1.0 - lam), axis=1)
        table += rng.multinomial(size, cell_probs / cell_probs.sum())
    return _histories(patterns, table, lists), int(N)


def dependent_lists_population(
    N: int,
    class_weights: Sequence[float],
    capture_probs: Sequence[Sequence[float]] | np.ndarray,
    dependence: Sequence[tuple[int, int, float]] = ((0, 1, 5.0),),
    seed: int | np.random.Generator | None = None,
    *,
    lists: Sequence[str] | None = None,
) -> tuple[CaptureHistories, int]:
    """A latent-class population with direct dependence between pairs of lists.

    Capture is first drawn as in :func:`latent_class_population`; then, for each
    ``(a, b, odds_ratio)`` in ``dependence`` (in order), list ``b`` is redrawn so that
    a person on list ``a`` has ``odds_ratio`` times the odds of being on ``b`` that the
    class gives (``capture_probs[k][b]`` for people not on ``a``). ``odds_ratio`` > 1
    is a referral from ``a`` to ``b``; < 1, people ``a`` documents tend to stay away
    from ``b``. List ``b`` grows (or shrinks) accordingly, as a real referral would.

    Parameters
    ----------
    N, class_weights, capture_probs, seed, lists
        As in :func:`latent_class_population`.
    dependence
        ``(a, b, odds_ratio)`` triples: list indices (0-based, ``a != b``) and the odds
        ratio of being on ``b`` for people on ``a`` against people not on ``a``, within
        each class. Later pairs see the lists as earlier pairs left them.

    Returns
    -------
    (CaptureHistories, int)
        The documented people's table and ``N``.

    Examples
    --------
    >>> h, n_true = dependent_lists_population(
    ...     3000, [1.0], [[0.2, 0.2, 0.2, 0.2]], dependence=[(0, 1, 10.0)], seed=2)
    >>> table = h.full_table()
    >>> bool(table[0b0011] > table[0b0101])  # on lists 1 and 2 vs on lists 1 and 3
    True
    """
    rng = np.random.default_rng(seed)
    weights, probs = _check_classes(class_weights, capture_probs)
    _check_size(N)
    n_lists = probs.shape[1]
    for a, b, ratio in dependence:
        if not (0 <= a < n_lists and 0 <= b < n_lists) or a == b:
            raise ValueError(f"dependence ({a}, {b}): need two different lists in 0..{n_lists - 1}")
        if not ratio > 0 or not np.isfinite(ratio):
            raise ValueError(f"dependence ({a}, {b}): odds ratio {ratio} is not positive")
    # Person by person: the redraw of b depends on each person's own a.
    klass = rng.choice(len(weights), size=N, p=weights)
    lam = probs[klass]
    captured = rng.random((N, n_lists)) < lam
    for a, b, ratio in dependence:
        base = lam[:, b]
        boosted = ratio * base / (1.0 - base + ratio * base)
        chance = np.where(captured[:, a], boosted, base)
        captured[:, b] = rng.random(N) < chance
    index = captured.astype(np.int64) @ (1 << np.arange(n_lists, dtype=np.int64))
    table = np.bincount(index, minlength=1 << n_lists)
    return _histories(_all_patterns(n_lists), table, lists), int(N)


def hard_to_reach_population(
    N: int,
    hidden_share: float,
    hidden_probs: float | Sequence[float],
    class_weights: Sequence[float],
    capture_probs: Sequence[Sequence[float]] | np.ndarray,
    seed: int | np.random.Generator | None = None,
    *,
    lists: Sequence[str] | None = None,
) -> tuple[CaptureHistories, int]:
    """A latent-class population with a large class that almost no list reaches.

    A share ``hidden_share`` of the ``N`` people (30-40% for the issue's design) is on
    each list ``j`` with probability ``hidden_probs`` (0.01-0.02: people in remote
    places, or who fear every organisation alike); the rest follow ``class_weights``
    and ``capture_probs`` as in :func:`latent_class_population`. Formally it is one
    more latent class, but so few of its members are seen (and those mostly on a single
    list) that the table barely shows it.

    Parameters
    ----------
    N, seed, lists
        As in :func:`latent_class_population`.
    hidden_share
        Share of the population in the hard-to-reach class, in ``[0, 1)``.
    hidden_probs
        Their capture probability: one for every list, or one per list.
    class_weights, capture_probs
        Classes of the reachable people (weights normalised within them).

    Returns
    -------
    (CaptureHistories, int)
        The documented people's table and ``N``.

    Examples
    --------
    >>> h, n_true = hard_to_reach_population(
    ...     4000, 0.35, 0.015, [1.0], [[0.3, 0.4, 0.2, 0.3]], seed=3)
    >>> h.observed < 0.7 * n_true
    True
    """
    weights, probs = _check_classes(class_weights, capture_probs)
    if not 0 <= hidden_share < 1:
        raise ValueError(f"hidden_share {hidden_share} is not in [0, 1)")
    hidden = np.broadcast_to(np.asarray(hidden_probs, dtype=float), (probs.shape[1],))
    all_weights = np.append((1.0 - hidden_share) * weights, hidden_share)
    all_probs = np.vstack([probs, hidden])
    return latent_class_population(N, all_weights, all_probs, seed, lists=lists)


def _check_classes(
    class_weights: Sequence[float], capture_probs: Sequence[Sequence[float]] | np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    weights = np.asarray(class_weights, dtype=float)
    probs = np.atleast_2d(np.asarray(capture_probs, dtype=float))
    if weights.ndim != 1 or len(weights) != probs.shape[0]:
        raise ValueError(
            f"{len(np.atleast_1d(weights))} class weights for {probs.shape[0]} rows of "
            "capture probabilities; need one weight per class (row)"
        )
    if np.any(weights < 0) or not weights.sum() > 0:
        raise ValueError("class weights must be non-negative and not all zero")
    if probs.ndim != 2 or probs.shape[1] < 1:
        raise ValueError("capture_probs must be a K × J table")
    if np.any((probs < 0) | (probs > 1)) or not np.all(np.isfinite(probs)):
        raise ValueError("capture probabilities must be in [0, 1]")
    return weights / weights.sum(), probs


def _check_size(N: int) -> None:
    if int(N) != N or N < 1:
        raise ValueError(f"N = {N} is not a positive whole number")


def _all_patterns(n_lists: int) -> np.ndarray:
    """The ``2**J`` capture patterns, row ``i`` = the bits of ``i`` (list j = bit j)."""
    cells = np.arange(1 << n_lists)
    return ((cells[:, None] >> np.arange(n_lists)) & 1).astype(np.uint8)


def _histories(
    patterns: np.ndarray, table: np.ndarray, lists: Sequence[str] | None
) -> CaptureHistories:
    """The validated table of the documented cells (cell 0, nobody's list, dropped)."""
    n_lists = patterns.shape[1]
    names = list(lists) if lists is not None else [f"{LIST_PREFIX}{j + 1}" for j in range(n_lists)]
    if len(names) != n_lists:
        raise ValueError(f"{len(names)} list names for {n_lists} lists")
    keep = table > 0
    keep[0] = False
    patterns, counts = patterns[keep], table[keep].astype(np.int64)
    # Valid by construction (distinct non-zero patterns in cell order, positive counts),
    # so the table is built directly: histories_from_frame's pandas checks cost ~20 ms.
    totals = patterns.T.astype(np.int64) @ counts
    empty = [name for name, total in zip(names, totals, strict=True) if total == 0]
    if empty or not len(counts):
        raise ValueError(
            f"the simulated table cannot be estimated from: list(s) {', '.join(empty)} "
            "document nobody; raise N or the capture probabilities"
        )
    return CaptureHistories(tuple(names), patterns, counts, label="simulated")
