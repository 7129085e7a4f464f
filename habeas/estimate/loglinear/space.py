"""Every hierarchical log-linear model of a table: Rcapture's ``getAllModels``.

A hierarchical model holds every main effect and, with any interaction, every term
under it. :class:`ModelSpace` enumerates them (113 models for 4 lists up to three-way
terms, 6,893 for 5 lists up to four-way terms, 2**15 for 6 lists with two-way terms)
as tuples of indices into its interaction terms, so that tens of thousands of models
are named and given their design columns without building sets per model.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from itertools import combinations
from math import comb

import numpy as np

from habeas.estimate.loglinear.designs import BadModel, Term, cell_bits


class ModelSpace:
    """The hierarchical models of ``n_lists`` lists with terms of at most ``max_order``.

    ``terms`` are the interaction terms (two lists or more), by order then
    lexicographically; a model is a tuple of indices into ``terms``, increasing.
    """

    def __init__(self, n_lists: int, max_order: int) -> None:
        self.n_lists = n_lists
        self.max_order = max_order
        self.terms: list[Term] = [
            frozenset(c)
            for size in range(2, max_order + 1)
            for c in combinations(range(n_lists), size)
        ]
        position = {t: i for i, t in enumerate(self.terms)}
        # The terms one list smaller under each term (two-way terms have only lists).
        self.below: list[list[int]] = [
            [position[t - {j}] for j in sorted(t)] if len(t) > 2 else [] for t in self.terms
        ]
        self.labels = ["".join(str(j + 1) for j in sorted(t)) for t in self.terms]

    def models(self, limit: int) -> list[tuple[int, ...]]:
        """Every model, or :class:`BadModel` when there are more than ``limit``."""
        # Any set of two-way terms is hierarchical: 2**(t choose 2) models at least,
        # known before walking (which would take long to find out for 7 lists or more).
        if self.max_order >= 2 and 2 ** comb(self.n_lists, 2) > limit:
            self._refuse(limit)
        found = []
        for model in self._walk():
            found.append(model)
            if len(found) > limit:
                self._refuse(limit)
        return found

    def _refuse(self, limit: int) -> None:
        advice = "max_order=2 keeps two-way interactions only; " if self.max_order > 2 else ""
        raise BadModel(
            f"with {self.n_lists} lists and interactions of up to {self.max_order} lists "
            f"there are more than {limit:,} hierarchical models to fit: lower max_order "
            f"({advice}max_order=1 is independence) or name one model (model='Mt', "
            "model='Mth Chao', model='[12,3,...]')"
        )

    def _walk(self) -> Iterator[tuple[int, ...]]:
        """Depth-first over the terms in order; a term may enter only when every term
        one list smaller under it is in, which keeps the model hierarchical."""
        chosen: list[int] = []
        present = [False] * len(self.terms)
        below = self.below
        count = len(self.terms)

        def walk(i: int) -> Iterator[tuple[int, ...]]:
            if i == count:
                yield tuple(chosen)
                return
            yield from walk(i + 1)
            if all(present[b] for b in below[i]):
                chosen.append(i)
                present[i] = True
                yield from walk(i + 1)
                chosen.pop()
                present[i] = False

        yield from walk(0)

    def name(self, model: tuple[int, ...]) -> str:
        """Rcapture's name: the terms at the top of the hierarchy, largest first."""
        covered: set[int] = set()
        lists_covered = [False] * self.n_lists
        top = []
        # Larger terms come later in ``terms``: walk backwards so a term's superset is
        # seen before it.
        for i in reversed(model):
            if i not in covered:
                top.append(i)
            if self.below[i]:
                covered.update(self.below[i])
            else:
                for j in self.terms[i]:
                    lists_covered[j] = True
        top.sort(key=lambda i: (-len(self.terms[i]), i))
        parts = [self.labels[i] for i in top]
        parts += [str(j + 1) for j in range(self.n_lists) if not lists_covered[j]]
        return "[" + ",".join(parts) + "]"

    def model_terms(self, model: tuple[int, ...]) -> tuple[Term, ...]:
        """The interaction terms of ``model`` (the design's column order)."""
        return tuple(self.terms[i] for i in model)

    @cached_property
    def bank(self) -> np.ndarray:
        """Every column: the lists' main effects, then each interaction term."""
        bits = cell_bits(self.n_lists)
        inter = [bits[:, sorted(t)].prod(axis=1) for t in self.terms]
        return np.column_stack([bits, *inter]) if inter else bits

    def columns(self, model: tuple[int, ...]) -> list[int]:
        """``model``'s columns in :attr:`bank`."""
        return list(range(self.n_lists)) + [self.n_lists + i for i in model]


def hierarchical_models(n_lists: int, max_order: int, limit: int = 100_000) -> list[str]:
    """The names of every hierarchical model (main effects forced), as ``getAllModels``.

    Examples
    --------
    >>> len(hierarchical_models(4, 3))
    113
    >>> hierarchical_models(3, 2)[:3]
    ['[1,2,3]', '[23,1]', '[13,2]']
    """
    space = ModelSpace(n_lists, max_order)
    return [space.name(m) for m in space.models(limit)]
