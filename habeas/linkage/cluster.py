"""Clustering: from linked pairs to people, honouring reviewers' decisions.

The rule, in order:

1. The edges are the automatic links (band ``"link"``) plus every pair a reviewer
   decided is the ``"same"`` person; a pair decided ``"different"`` is never an edge.
2. People are the connected components of those edges (Splink's connected
   components, on the linkage backend).
3. A component that still holds two records a reviewer said are ``"different"``
   (joined through other records) is rebuilt: its edges are added strongest first
   (reviewers' "same" decisions first, then by match probability, ties by record
   ids), and an edge is left out when it would put a "different" pair into one
   person. This cuts the weakest links on every path between the two records, and
   nothing else. A "different" decision is therefore never overridden; a "same"
   decision holds unless it contradicts "different" decisions (then the ``same``
   decision that would close the contradiction is dropped, the first in id order
   being kept).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from habeas.domain.errors import HabeasError

if TYPE_CHECKING:
    from splink.internals.database_api import DatabaseAPISubClass

#: Strength given to a reviewer's "same" decision: above any match probability.
_SAME_STRENGTH = 2.0

DECISIONS: tuple[str, ...] = ("same", "different")


class BadDecisions(HabeasError, ValueError):
    """A decisions table without the expected columns or values."""


def normalise_decisions(decisions: pd.DataFrame | None) -> pd.DataFrame:
    """Decisions as ``unique_id_l < unique_id_r``, ``decision``; the last one per pair wins.

    ``"unsure"`` decisions are dropped: a reviewer who could not decide leaves the pair
    to the model, exactly as if it had not been reviewed.

    Raises
    ------
    BadDecisions
        If columns are missing or a decision is not ``"same"``, ``"different"`` or
        ``"unsure"``.
    """
    cols = ["unique_id_l", "unique_id_r", "decision"]
    if decisions is None or len(decisions) == 0:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in cols})
    missing = [c for c in cols if c not in decisions.columns]
    if missing:
        raise BadDecisions(
            f"decisions table lacks column(s) {', '.join(missing)}; "
            f"found: {', '.join(map(str, decisions.columns))}"
        )
    bad = sorted(set(decisions["decision"].astype(str)) - {*DECISIONS, "unsure"})
    if bad:
        raise BadDecisions(
            f"decisions must be 'same', 'different' or 'unsure', found: {', '.join(bad)}"
        )
    decisions = decisions[decisions["decision"].astype(str) != "unsure"]
    left = decisions["unique_id_l"].astype(str)
    right = decisions["unique_id_r"].astype(str)
    swap = left > right
    out = pd.DataFrame(
        {
            "unique_id_l": left.where(~swap, right).to_numpy(dtype=object),
            "unique_id_r": right.where(~swap, left).to_numpy(dtype=object),
            "decision": decisions["decision"].astype(str).to_numpy(dtype=object),
        }
    )
    out = out[out["unique_id_l"] != out["unique_id_r"]]
    return out.drop_duplicates(["unique_id_l", "unique_id_r"], keep="last").reset_index(drop=True)


def cluster_records(
    unique_ids: Sequence[str],
    pairs: pd.DataFrame,
    db_api: DatabaseAPISubClass,
    decisions: pd.DataFrame | None = None,
) -> pd.Series:
    """The cluster of each record: the smallest ``unique_id`` of its person.

    Parameters
    ----------
    unique_ids
        Every record's ``unique_id`` (records without any link are their own person).
    pairs
        Scored pairs with ``unique_id_l``, ``unique_id_r``, ``match_probability`` and
        ``band`` (only ``"link"`` pairs join records).
    db_api
        The Splink database API that runs connected components.
    decisions
        Optional ``unique_id_l``, ``unique_id_r``, ``decision`` (``"same"`` /
        ``"different"``) from human review.

    Returns
    -------
    pandas.Series
        Indexed by ``unique_id`` (in the order given), the cluster key.
    """
    from splink.clustering import cluster_pairwise_predictions_at_threshold

    decided = normalise_decisions(decisions)
    edges = _edges(pairs, decided)
    nodes = pd.DataFrame({"unique_id": pd.Series(list(unique_ids), dtype=object)})
    if len(edges):
        cc = cluster_pairwise_predictions_at_threshold(
            nodes,
            edges[["unique_id_l", "unique_id_r"]],
            db_api=db_api,
            node_id_column_name="unique_id",
        )
        clusters = cc.as_pandas_dataframe()
        cc.drop_table_from_database_and_remove_from_cache()
        cluster_of = dict(zip(clusters["unique_id"], clusters["cluster_id"], strict=True))
    else:
        cluster_of = {}
    different = decided[decided["decision"] == "different"]
    if len(different):
        cluster_of.update(_split_conflicts(cluster_of, edges, different))
    # Splink names a cluster by one of its ids; use the smallest, whatever Splink picks.
    keys = pd.Series([cluster_of.get(u, u) for u in unique_ids], index=list(unique_ids))
    smallest = pd.Series(keys.index, index=keys.index).groupby(keys.to_numpy()).transform("min")
    return smallest.astype(object)


def _edges(pairs: pd.DataFrame, decided: pd.DataFrame) -> pd.DataFrame:
    links = pairs.loc[pairs["band"] == "link", ["unique_id_l", "unique_id_r", "match_probability"]]
    same = decided.loc[decided["decision"] == "same", ["unique_id_l", "unique_id_r"]].assign(
        match_probability=_SAME_STRENGTH
    )
    edges = pd.concat([same, links], ignore_index=True).astype(
        {"unique_id_l": object, "unique_id_r": object}
    )
    left, right = edges["unique_id_l"].astype(str), edges["unique_id_r"].astype(str)
    swap = left > right
    edges["unique_id_l"] = left.where(~swap, right).to_numpy(dtype=object)
    edges["unique_id_r"] = right.where(~swap, left).to_numpy(dtype=object)
    edges = edges.drop_duplicates(["unique_id_l", "unique_id_r"], keep="first")
    blocked = decided.loc[decided["decision"] == "different", ["unique_id_l", "unique_id_r"]]
    if len(blocked):
        key = ["unique_id_l", "unique_id_r"]
        edges = edges.merge(blocked.assign(_blocked=True), on=key, how="left")
        edges = edges[edges["_blocked"].isna()].drop(columns="_blocked")
    return edges.reset_index(drop=True)


def _split_conflicts(
    cluster_of: dict[str, str], edges: pd.DataFrame, different: pd.DataFrame
) -> dict[str, str]:
    """New cluster keys for the records of components that hold a "different" pair."""
    conflicted = {
        cluster_of[a]
        for a, b in zip(different["unique_id_l"], different["unique_id_r"], strict=True)
        if a in cluster_of and cluster_of.get(a) == cluster_of.get(b)
    }
    if not conflicted:
        return {}
    edges = edges[edges["unique_id_l"].map(cluster_of).isin(conflicted)]
    edges = edges.sort_values(
        ["match_probability", "unique_id_l", "unique_id_r"], ascending=[False, True, True]
    )
    cannot: dict[str, set[str]] = {}
    for a, b in zip(different["unique_id_l"], different["unique_id_r"], strict=True):
        cannot.setdefault(a, set()).add(b)
        cannot.setdefault(b, set()).add(a)
    parent: dict[str, str] = {}
    members: dict[str, set[str]] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        members.setdefault(x, {x})
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in zip(edges["unique_id_l"], edges["unique_id_r"], strict=True):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        small, large = sorted((ra, rb), key=lambda r: len(members[r]))
        if any(cannot.get(x, set()) & members[large] for x in members[small]):
            continue  # this edge would join a "different" pair: leave it out
        parent[small] = large
        members[large] |= members.pop(small)
    return {x: find(x) for x in list(parent)}
