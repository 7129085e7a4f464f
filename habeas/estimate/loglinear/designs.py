"""Log-linear model specifications: names, parsing, design matrices.

Cells are the ``2**t - 1`` observable capture patterns in the order of
:meth:`~habeas.estimate.histories.CaptureHistories.full_table` without cell 0: cell
``i`` (1-based) holds the people on the lists whose bits are set in ``i`` (list 1 is
the lowest bit). Every column below is 0 on the unobservable cell, which is why the
profile likelihood can append that cell as a row of zeros (Rcapture does the same).

Model names follow Rcapture (Baillargeon & Rivest 2007, ``closedpMS.t``): a
hierarchical model is written by the terms at the top of its hierarchy, each a run of
list digits (1 = the table's first list), e.g. ``[123,14,34]`` holds the three-way
interaction of lists 1, 2, 3, every two-way term under it, 1x4 and 3x4, and all main
effects. The classical models keep their names: ``M0``, ``Mt`` and the heterogeneity
models ``Mh``/``Mth`` with Chao's lower bound, Poisson, Darroch or Gamma columns.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from habeas.domain.errors import HabeasError

#: Rcapture's defaults for the heterogeneity parameter theta.
DEFAULT_THETA = {"Poisson": 2.0, "Gamma": 3.5}
#: Heterogeneity forms (Rcapture's ``h``); "Chao" is the lower-bound model.
HETEROGENEITY = ("Chao", "Poisson", "Darroch", "Gamma")
#: Bracket names spell each list with one digit.
MAX_LISTS_BRACKET = 9
#: Beyond this the 2**t - 1 cells are too many to fit (32,767 at 15 lists).
MAX_LISTS = 15

Term = frozenset[int]


class BadModel(HabeasError, ValueError):
    """A log-linear model specification habeas cannot fit (bad name, too many models...)."""


@dataclass(frozen=True)
class ModelSpec:
    """One log-linear model: its design is fixed once the number of lists is known.

    ``kind`` is ``"M0"`` (one column: number of lists a person is on), ``"Mt"`` (one
    column per list) or ``"hierarchical"`` (``Mt`` plus the interaction ``terms``);
    ``heterogeneity`` adds Rcapture's ``h`` columns in the number of lists.
    """

    kind: str
    terms: tuple[Term, ...] = ()
    heterogeneity: str | None = None
    theta: float | None = None

    def name(self, n_lists: int) -> str:
        """Rcapture's name: ``M0``, ``Mth Chao``, ``[123,14,34]``, ``[12,3,4] + Darroch``."""
        if self.kind == "hierarchical":
            return bracket_name(self.terms, n_lists) + self.suffix()
        if not self.heterogeneity:
            return self.kind
        prefix = "Mh" if self.kind == "M0" else "Mth"
        return f"{prefix} {self._h_label()}"

    def suffix(self) -> str:
        """`` + Chao`` (etc.) after a bracket name; empty without heterogeneity."""
        return f" + {self._h_label()}" if self.heterogeneity else ""

    def _h_label(self) -> str:
        if self.heterogeneity in DEFAULT_THETA:
            return f"{self.heterogeneity} (theta {self.theta:g})"
        return str(self.heterogeneity)

    def n_fixed(self, n_lists: int) -> int:
        """Columns that are not heterogeneity columns (Chao's refit never drops them)."""
        if self.kind == "M0":
            return 1
        return n_lists + len(self.terms)

    def design(
        self, n_lists: int, lists: Sequence[str] | None = None
    ) -> tuple[np.ndarray, list[str]]:
        """The ``(2**t - 1, p)`` design (no intercept column) and its column names
        (interactions as ``a:b``, in the names ``lists`` or ``list1``, ``list2``...)."""
        lists = list(lists) if lists is not None else [f"list{j + 1}" for j in range(n_lists)]
        bits = cell_bits(n_lists)
        captures = bits.sum(axis=1)
        if self.kind == "M0":
            columns, names = [captures], ["captures"]
        else:
            columns = [bits[:, j] for j in range(n_lists)]
            names = list(lists)
            for term in self.terms:
                columns.append(bits[:, sorted(term)].prod(axis=1))
                names.append(":".join(lists[j] for j in sorted(term)))
        if self.heterogeneity:
            h_cols, h_names = heterogeneity_columns(captures, self.heterogeneity, self.theta)
            columns.extend(h_cols.T)
            names.extend(h_names)
        return np.column_stack(columns).astype(float), names


def cell_bits(n_lists: int) -> np.ndarray:
    """``(2**t - 1, t)`` 0/1 matrix: row ``i - 1`` is the pattern of cell ``i``."""
    cells = np.arange(1, 1 << n_lists)
    return ((cells[:, None] >> np.arange(n_lists)) & 1).astype(float)


def heterogeneity_columns(
    captures: np.ndarray, kind: str, theta: float | None
) -> tuple[np.ndarray, list[str]]:
    """Rcapture's heterogeneity columns in ``k`` = lists a person is on.

    Chao: ``max(k - j + 1, 0)`` for ``j = 3..t`` (one ``eta`` each); Poisson:
    ``theta**k - 1``; Darroch: ``k**2 / 2``; Gamma: ``log(theta) - log(theta + k)``.
    All are 0 at ``k = 0``, the unobserved cell.
    """
    t = int(captures.max())
    if kind == "Chao":
        cols = np.column_stack([np.maximum(captures - j + 1, 0) for j in range(3, t + 1)])
        return cols, [f"eta{j}" for j in range(3, t + 1)]
    if kind == "Poisson":
        return (theta**captures - 1)[:, None], ["tau"]
    if kind == "Darroch":
        return (captures**2 / 2)[:, None], ["tau"]
    if kind == "Gamma":
        return (math.log(theta) - np.log(theta + captures))[:, None], ["tau"]
    raise BadModel(f"unknown heterogeneity {kind!r}; choose one of {', '.join(HETEROGENEITY)}")


# -- names ----------------------------------------------------------------------------


def bracket_name(terms: Sequence[Term], n_lists: int) -> str:
    """The name of the hierarchical model with ``terms`` (and every main effect)."""
    every = {frozenset([j]) for j in range(n_lists)} | set(terms)
    # A term is at the top unless a term with one more list contains it.
    top = [s for s in every if not any(s | {j} in every for j in range(n_lists) if j not in s)]
    top.sort(key=lambda s: (-len(s), sorted(s)))
    return "[" + ",".join("".join(str(j + 1) for j in sorted(s)) for s in top) + "]"


def describe(terms: Sequence[Term], lists: Sequence[str]) -> str:
    """The model's top terms in list names: ``EXH*ABA*OSCE + EXH*HRW + OSCE*HRW``."""
    name = bracket_name(terms, len(lists))
    if all(len(part) == 1 for part in name[1:-1].split(",")):
        return "independence: " + " + ".join(lists)
    return " + ".join("*".join(lists[int(d) - 1] for d in part) for part in name[1:-1].split(","))


_NAMED = {
    "m0": ("M0", None),
    "mt": ("Mt", None),
    "independence": ("Mt", None),
    "mh": ("M0", "Chao"),
    "mth": ("Mt", "Chao"),
}
for _h in HETEROGENEITY:
    _NAMED[f"mh{_h.lower()}"] = ("M0", _h)
    _NAMED[f"mth{_h.lower()}"] = ("Mt", _h)
_NAMED["mhlb"] = ("M0", "Chao")
_NAMED["mthlb"] = ("Mt", "Chao")

_BRACKET = re.compile(r"^\[\s*[1-9]+(\s*,\s*[1-9]+)*\s*\]$")


def is_named(model: str) -> bool:
    """Whether ``model`` is one of the classical names (``Mt``, ``Mh Chao``...)."""
    return _key(model) in _NAMED


def _key(model: str) -> str:
    return re.sub(r"[\s_\-]", "", model).lower()


def check_model_syntax(model: str) -> None:
    """Raise :class:`BadModel` unless ``model`` is ``best``, a name or a bracket model."""
    if model == "best" or is_named(model):
        return
    if not _BRACKET.match(model):
        raise BadModel(
            f"unknown log-linear model {model!r}: use 'best', one of M0, Mt (or "
            "independence), Mh/Mth with Chao, Poisson, Darroch or Gamma (e.g. 'Mth Chao'), "
            "or interactions in Rcapture's notation such as '[123,14,34]' (digits are "
            "the lists in column order)"
        )
    for part in model.strip("[] ").split(","):
        part = part.strip()
        if len(set(part)) != len(part):
            raise BadModel(f"model {model!r}: the term {part} names a list twice")


def parse_model(model: str, n_lists: int) -> ModelSpec:
    """The :class:`ModelSpec` of a named or bracket model for a table of ``n_lists``."""
    check_model_syntax(model)
    if is_named(model):
        kind, heterogeneity = _NAMED[_key(model)]
        return ModelSpec(kind, (), heterogeneity)
    if n_lists > MAX_LISTS_BRACKET:
        raise BadModel(f"bracket models name lists by one digit: at most 9 lists, not {n_lists}")
    terms: set[Term] = set()
    for part in model.strip("[] ").split(","):
        term = frozenset(int(d) - 1 for d in part.strip())
        if max(term) >= n_lists:
            raise BadModel(f"model {model!r} names list {max(term) + 1}; the table has {n_lists}")
        if len(term) == n_lists:
            raise BadModel(
                f"model {model!r}: the {n_lists}-way interaction of every list cannot be "
                "estimated (it is confounded with the people on no list); the largest "
                f"terms have {n_lists - 1} lists"
            )
        # Hierarchy: every subset of a term of two or more lists is in the model.
        for size in range(2, len(term) + 1):
            terms.update(frozenset(c) for c in combinations(sorted(term), size))
    return ModelSpec("hierarchical", sort_terms(terms))


def sort_terms(terms: set[Term] | Sequence[Term]) -> tuple[Term, ...]:
    """Terms by order, then lexicographically (the column order of the design)."""
    return tuple(sorted(terms, key=lambda s: (len(s), sorted(s))))
