"""Assignment of new records to people that already exist (incremental linking).

The rule, in order:

1. New records are first grouped among themselves, exactly as a full run clusters
   (:func:`habeas.linkage.cluster.cluster_records`: automatic links and reviewers'
   "same" decisions are edges, a "different" decision never is, and conflicts are cut
   at the weakest link).
2. Each group is then compared with the people already known. Its candidates are the
   existing people one of its records is linked to automatically (band ``"link"``)
   or that a reviewer said is the ``"same"`` person as one of its records; a
   candidate's strength is its strongest such link (a "same" decision counts above
   any match probability).
3. A group with exactly one candidate joins that person: the person id is kept.
4. A group with two or more candidates does **not** merge them. Merging two people
   that earlier runs (and perhaps reviewers) kept apart is a human decision or a
   full re-run, never a side effect of adding a list: the group joins the strongest
   candidate (ties: the smaller person id) and its automatic links to the other
   people are put in the review band, where a reviewer can say "same".
5. A candidate is skipped when joining it would put two records a reviewer said are
   ``"different"`` into one person (a record of the group and one of the person, or
   of another new group that already joined it); its links go to review as well.
   With no candidate left, the group is a new person.
6. A new person's id is :func:`~habeas.linkage.people.person_id_for` its smallest
   record id, as in a full run (salted in the rare case that id is already taken).

Groups are settled strongest first (ties by group key), so the outcome does not
depend on the order of the records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from habeas.linkage.cluster import cluster_records, normalise_decisions
from habeas.linkage.people import person_id_for

if TYPE_CHECKING:
    from splink.internals.database_api import DatabaseAPISubClass

#: Strength of a reviewer's "same" decision: above any match probability.
_SAME_STRENGTH = 2.0


@dataclass(frozen=True)
class Assignment:
    """Where the new records went.

    Attributes
    ----------
    person_of
        New record ``unique_id`` → person id (existing or new).
    pairs
        The scored pairs, with the automatic links that were not applied (they would
        have merged existing people, or broken a "different" decision) moved to the
        ``"review"`` band.
    counts
        ``groups``, ``joined`` (groups that joined an existing person), ``new_people``,
        ``ambiguous`` (groups linked to two or more existing people) and
        ``held_for_review`` (links moved to the review band).
    """

    person_of: dict[str, str]
    pairs: pd.DataFrame
    counts: dict[str, int] = field(default_factory=dict)


def assign_new_records(
    existing_person: Mapping[str, str],
    new_ids: Sequence[str],
    pairs: pd.DataFrame,
    db_api: DatabaseAPISubClass,
    decisions: pd.DataFrame | None = None,
) -> Assignment:
    """Give each new record a person by the module's rule.

    Parameters
    ----------
    existing_person
        Every already linked record's ``unique_id`` → its person id.
    new_ids
        The new records' ``unique_id``.
    pairs
        Scored pairs between new records and between a new and an existing record:
        ``unique_id_l``, ``unique_id_r``, ``match_probability``, ``band``.
    db_api
        The Splink database API that runs connected components.
    decisions
        Optional reviewers' decisions (``unique_id_l``, ``unique_id_r``, ``decision``).
        Decisions between two existing records are not used: existing records keep
        their person.

    Returns
    -------
    Assignment
    """
    decided = normalise_decisions(decisions)
    new_set = set(new_ids)
    pairs = pairs.reset_index(drop=True)
    new_l = pairs["unique_id_l"].isin(new_set).to_numpy()
    new_r = pairs["unique_id_r"].isin(new_set).to_numpy()
    dec_l = decided["unique_id_l"].isin(new_set).to_numpy()
    dec_r = decided["unique_id_r"].isin(new_set).to_numpy()

    group_of = cluster_records(list(new_ids), pairs[new_l & new_r], db_api, decided[dec_l & dec_r])
    edges = _edges_to_existing(pairs[new_l != new_r], decided[dec_l != dec_r], new_set)
    edges["group"] = edges["new"].map(group_of)
    edges["person"] = edges["old"].map(existing_person)
    edges = edges.dropna(subset=["person"])
    candidates = (
        edges.groupby(["group", "person"], sort=False)["strength"].max().reset_index()
    ).sort_values(["group", "strength", "person"], ascending=[True, False, True])

    different = decided[decided["decision"] == "different"]
    blocked_persons, blocked_groups = _blocks(different, group_of, existing_person)
    order = candidates.groupby("group")["strength"].max()
    by_group = {g: list(c["person"]) for g, c in candidates.groupby("group", sort=False)}
    person_of_group: dict[str, str] = {}
    groups_in: dict[str, set[str]] = {}
    ambiguous = 0
    for group in sorted(order.index, key=lambda g: (-order[g], g)):
        options = by_group[group]
        ambiguous += len(options) > 1
        for person in options:
            if person in blocked_persons.get(group, set()):
                continue
            if blocked_groups.get(group, set()) & groups_in.get(person, set()):
                continue
            person_of_group[group] = person
            groups_in.setdefault(person, set()).add(group)
            break
    taken = set(existing_person.values())
    for group in sorted(set(group_of)):
        if group not in person_of_group:
            person_of_group[group] = _fresh_id(group, taken)
            taken.add(person_of_group[group])

    person_of = {uid: person_of_group[g] for uid, g in group_of.items()}
    pairs, held = _hold_unapplied_links(pairs, new_l != new_r, person_of, existing_person, decided)
    n_new = len({person_of_group[g] for g in set(group_of)} - set(existing_person.values()))
    counts = {
        "groups": len(set(group_of)),
        "joined": sum(1 for g in set(group_of) if person_of_group[g] in groups_in),
        "new_people": n_new,
        "ambiguous": int(ambiguous),
        "held_for_review": held,
    }
    return Assignment(person_of=person_of, pairs=pairs, counts=counts)


def _edges_to_existing(
    across: pd.DataFrame, decided: pd.DataFrame, new_set: set[str]
) -> pd.DataFrame:
    """``new``, ``old``, ``strength``: automatic links and "same" decisions between a
    new and an existing record, without the pairs decided "different"."""
    links = across[across["band"] == "link"]
    same = decided[decided["decision"] == "same"]
    frames = [
        _oriented(links["unique_id_l"], links["unique_id_r"], new_set).assign(
            strength=links["match_probability"].astype(float).to_numpy()
        ),
        _oriented(same["unique_id_l"], same["unique_id_r"], new_set).assign(
            strength=_SAME_STRENGTH
        ),
    ]
    edges = pd.concat(frames, ignore_index=True)
    different = decided[decided["decision"] == "different"]
    if len(different):
        blocked = _oriented(different["unique_id_l"], different["unique_id_r"], new_set)
        key = ["new", "old"]
        edges = edges.merge(blocked.assign(_blocked=True), on=key, how="left")
        edges = edges[edges["_blocked"].isna()].drop(columns="_blocked")
    return edges.reset_index(drop=True)


def _oriented(left: pd.Series, right: pd.Series, new_set: set[str]) -> pd.DataFrame:
    """Pairs of one new and one existing record as ``new``, ``old`` columns."""
    left_ids = left.astype(str).to_numpy(dtype=object)
    right_ids = right.astype(str).to_numpy(dtype=object)
    left_new = pd.Series(left_ids, dtype=object).isin(new_set).to_numpy()
    return pd.DataFrame(
        {
            "new": np.where(left_new, left_ids, right_ids),
            "old": np.where(left_new, right_ids, left_ids),
        },
        dtype=object,
    )


def _blocks(
    different: pd.DataFrame, group_of: pd.Series, existing_person: Mapping[str, str]
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Per new group: the existing people it may not join, and the other new groups
    it may not share a person with (both from "different" decisions)."""
    persons: dict[str, set[str]] = {}
    groups: dict[str, set[str]] = {}
    for a, b in zip(different["unique_id_l"], different["unique_id_r"], strict=True):
        ga, gb = group_of.get(a), group_of.get(b)
        if ga is not None and gb is not None:
            if ga != gb:
                groups.setdefault(ga, set()).add(gb)
                groups.setdefault(gb, set()).add(ga)
        elif ga is not None and b in existing_person:
            persons.setdefault(ga, set()).add(existing_person[b])
        elif gb is not None and a in existing_person:
            persons.setdefault(gb, set()).add(existing_person[a])
    return persons, groups


def _fresh_id(group: str, taken: set[str]) -> str:
    """``person_id_for(group)``, salted with a counter while the id is already in use
    (a record deleted and imported again can bring back an id a person still holds)."""
    candidate, n = person_id_for(group), 1
    while candidate in taken:
        candidate = person_id_for(f"{group}#{n}")
        n += 1
    return candidate


def _hold_unapplied_links(
    pairs: pd.DataFrame,
    across: np.ndarray,
    person_of: Mapping[str, str],
    existing_person: Mapping[str, str],
    decided: pd.DataFrame,
) -> tuple[pd.DataFrame, int]:
    """Move to ``"review"`` the undecided automatic links between a new and an
    existing record that the assignment left in two different people."""
    if not len(pairs):
        return pairs, 0
    both = {**existing_person, **person_of}
    left = pairs["unique_id_l"].astype(str).map(both)
    right = pairs["unique_id_r"].astype(str).map(both)
    key = pairs["unique_id_l"].astype(str) + "\x1f" + pairs["unique_id_r"].astype(str)
    decided_keys = set(decided["unique_id_l"] + "\x1f" + decided["unique_id_r"])
    hold = (
        across
        & (pairs["band"] == "link").to_numpy()
        & (left != right).to_numpy()
        & ~key.isin(decided_keys).to_numpy()
    )
    out = pairs.copy()
    out.loc[hold, "band"] = "review"
    return out, int(hold.sum())
