"""The decomposable graphs dga averages over, read from package data.

A decomposable (chordal) graph on the lists is a log-linear model whose maximal
interaction terms are the graph's cliques; its marginal likelihood factorises over
cliques and separators, which is what makes exact model averaging cheap (Madigan &
York 1997). The graphs are enumerated once and shipped as package data
(``data/dga_graphs{3,4,5}.json``, from the R package dga 2.0.2; see ``data/README.md``):
8 graphs on 3 lists, 61 on 4, 822 on 5. The next count, 18,154 on 6 lists, is not
enumerated, so dga stops at 5 lists.

Vertices are numbered from 1 (the first list) as in dga. Internally a clique or
separator is a bit mask over the lists (list ``j`` = bit ``j``, the order of
:meth:`CaptureHistories.cell_index`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from itertools import combinations

import numpy as np

#: Lists for which the decomposable graphs are enumerated, and how many there are.
GRAPH_COUNTS: dict[int, int] = {3: 8, 4: 61, 5: 822}


@dataclass(frozen=True)
class Graph:
    """One decomposable graph: its cliques and the separators of a junction tree.

    Parameters
    ----------
    cliques
        The maximal cliques, each a sorted tuple of vertices numbered from 1.
    separators
        The non-empty separators (a vertex set may appear more than once); empty
        separators, between disconnected components, are left out.

    Examples
    --------
    >>> g = Graph(((1, 2), (1, 3)), ((1,),))
    >>> g.name, g.components, g.edges
    ('[12,13]', 1, ((1, 2), (1, 3)))
    """

    cliques: tuple[tuple[int, ...], ...]
    separators: tuple[tuple[int, ...], ...]

    @cached_property
    def name(self) -> str:
        """The generating class in Rcapture's bracket notation, isolated lists included.

        ``[12,13,4]``: lists 1-2 and 1-3 interact, list 4 is independent of the others;
        ``[1,2,3,4]`` is independence and ``[1234]`` the saturated model. Rcapture
        leaves out single lists (its main effects are always in the model), so its
        name for ``[12,13,4]`` is ``[12,13]``.
        """
        return "[" + ",".join("".join(str(v) for v in c) for c in sorted(self.cliques)) + "]"

    def labelled(self, lists: tuple[str, ...] | list[str]) -> str:
        """The cliques with list names: ``"EXH*ABA + EXH*OSCE + HRW"``."""
        return " + ".join("*".join(lists[v - 1] for v in c) for c in sorted(self.cliques))

    @property
    def components(self) -> int:
        """Connected components: cliques minus non-empty separators."""
        return len(self.cliques) - len(self.separators)

    @cached_property
    def edges(self) -> tuple[tuple[int, int], ...]:
        """The graph's edges (pairs of lists that interact directly), sorted."""
        found = {pair for c in self.cliques for pair in combinations(c, 2)}
        return tuple(sorted(found))

    def is_saturated(self, p: int) -> bool:
        """Whether this is the complete graph on ``p`` lists (no restriction at all)."""
        return len(self.cliques) == 1 and len(self.cliques[0]) == p


def edge_matrix(graphs: tuple[Graph, ...], p: int) -> np.ndarray:
    """``(graphs, pairs)`` booleans: whether each graph joins each pair of lists.

    Pairs are in the order of ``itertools.combinations(range(1, p + 1), 2)``.
    """
    pairs = list(combinations(range(1, p + 1), 2))
    return np.array([[pair in set(g.edges) for pair in pairs] for g in graphs], dtype=bool)


def mask(vertices: tuple[int, ...]) -> int:
    """Bit mask of a vertex set (vertex 1 = bit 0)."""
    return sum(1 << (v - 1) for v in vertices)


@cache
def load_graphs(p: int) -> tuple[Graph, ...]:
    """All decomposable graphs on ``p`` lists (3, 4 or 5), in dga's order.

    Examples
    --------
    >>> [len(load_graphs(p)) for p in (3, 4, 5)]
    [8, 61, 822]
    >>> load_graphs(3)[-1].name
    '[123]'
    """
    if p not in GRAPH_COUNTS:
        raise ValueError(f"decomposable graphs are enumerated for 3, 4 and 5 lists, not {p}")
    text = resources.files("habeas.estimate").joinpath(f"data/dga_graphs{p}.json").read_text()
    return tuple(
        Graph(
            tuple(tuple(sorted(c)) for c in entry["C"]),
            tuple(tuple(sorted(s)) for s in entry["S"] if s),
        )
        for entry in json.loads(text)
    )


def incidence(graphs: tuple[Graph, ...], p: int) -> np.ndarray:
    """The ``(graphs, 2**p - 1)`` matrix of +1 per clique and -1 per separator.

    Column ``A - 1`` is the vertex subset with bit mask ``A``; a graph's log marginal
    likelihood is this row times the per-subset terms.
    """
    matrix = np.zeros((len(graphs), (1 << p) - 1))
    for row, graph in enumerate(graphs):
        for clique in graph.cliques:
            matrix[row, mask(clique) - 1] += 1
        for separator in graph.separators:
            matrix[row, mask(separator) - 1] -= 1
    return matrix


def maximal_cliques(edges: set[tuple[int, int]], p: int) -> set[tuple[int, ...]]:
    """Maximal cliques of a graph on vertices ``1..p`` (brute force: p is at most 5)."""
    cliques = [
        c
        for size in range(1, p + 1)
        for c in combinations(range(1, p + 1), size)
        if all(pair in edges for pair in combinations(c, 2))
    ]
    return {c for c in cliques if not any(set(c) < set(d) for d in cliques)}


def is_chordal(edges: set[tuple[int, int]], p: int) -> bool:
    """Whether the graph is chordal: repeatedly remove a vertex whose neighbours are a clique."""
    left = set(range(1, p + 1))
    neighbours = {v: {w for e in edges if v in e for w in e if w != v} for v in left}
    while left:
        for v in sorted(left):
            near = neighbours[v] & left
            if all(tuple(sorted(pair)) in edges for pair in combinations(near, 2)):
                left.remove(v)
                break
        else:
            return False
    return True


def check_graph(graph: Graph, p: int) -> list[str]:
    """Problems with a graph's cliques and separators (empty when consistent).

    The cliques must be exactly the maximal cliques of a chordal graph on ``1..p``, and
    the separators the non-empty intersections of a running-intersection order of
    the cliques (a junction tree).
    """
    problems = []
    edges = set(graph.edges)
    if {v for c in graph.cliques for v in c} != set(range(1, p + 1)):
        problems.append("the cliques do not cover every list")
    if set(graph.cliques) != maximal_cliques(edges, p) or len(set(graph.cliques)) != len(
        graph.cliques
    ):
        problems.append("the cliques are not the graph's maximal cliques")
    if not is_chordal(edges, p):
        problems.append("the graph is not chordal (not decomposable)")
    if not _has_junction_order(graph):
        problems.append("no order of the cliques has these separators")
    return problems


def _has_junction_order(graph: Graph) -> bool:
    """Whether some clique order has the running intersection property with these separators."""
    from itertools import permutations

    wanted = sorted(graph.separators)
    for order in permutations(graph.cliques):
        seen: set[int] = set()
        found = []
        ok = True
        for i, clique in enumerate(order):
            common = set(clique) & seen
            if i and common:
                # The intersection with the earlier cliques must lie inside one of them.
                if not any(common <= set(c) for c in order[:i]):
                    ok = False
                    break
                found.append(tuple(sorted(common)))
            seen |= set(clique)
        if ok and sorted(found) == wanted:
            return True
    return False
