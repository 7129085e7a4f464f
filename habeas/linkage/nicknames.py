"""Nicknames that stand for a given name: "Chepe" is José, "Toño" Antonio, "Chayo" Rosario.

Families and neighbours report a detainee by the name they use every day, and lists copy
it into the given-name field. :func:`canonical_given_name` turns such a nickname back into
the given name, as a :func:`~habeas.domain.names.name_key`, so that "Chepe Hernández" and
"José Hernández" agree on the given name.

The table is package data (``habeas/linkage/data/nicknames.csv``, our own curated
compilation; see the README beside it). Only unambiguous rows are applied. A nickname that
stands for several names ("Beto": Roberto, Alberto, Humberto...) is listed with
``ambiguous = yes`` and left unchanged: a wrong guess would make two different people's
given names agree, and a false merge is the costliest linkage error. A nickname whose
meaning depends on sex ("Gaby": Gabriela or Gabriel) has one row per sex and is applied
only when the record's sex is known.

Examples
--------
>>> canonical_given_name("chepe"), canonical_given_name("tono")
('jose', 'antonio')
>>> canonical_given_name("beto")  # ambiguous: kept
'beto'
>>> canonical_given_name("gaby", sex="F"), canonical_given_name("gaby")
('gabriela', 'gaby')
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from importlib import resources

from habeas.domain.names import name_key

__all__ = ["Nickname", "canonical_given_name", "nicknames_table"]


@dataclass(frozen=True)
class Nickname:
    """One row of the nickname table.

    ``sex`` is the sex the canonical name goes with (None: both). When a nickname has one
    row per sex, the record's sex chooses between them; a nickname with a single row is
    applied whatever the record's sex. ``ambiguous`` rows are documented, never applied.
    """

    nickname: str
    canonical: str
    sex: str | None
    ambiguous: bool
    note: str


@functools.cache
def nicknames_table() -> tuple[Nickname, ...]:
    """The curated nickname table, in file order (package data, read once).

    Examples
    --------
    >>> next(n for n in nicknames_table() if n.nickname == "Chepe").canonical
    'José'
    """
    text = resources.files("habeas.linkage").joinpath("data/nicknames.csv").read_text("utf-8")
    return tuple(
        Nickname(
            nickname=row["nickname"].strip(),
            canonical=row["canonical"].strip(),
            sex=row["sex"].strip() or None,
            ambiguous=row["ambiguous"].strip() == "yes",
            note=row["note"].strip(),
        )
        for row in csv.DictReader(io.StringIO(text))
    )


@functools.cache
def _index() -> dict[str, dict[str | None, str]]:
    """Nickname key → {sex or None: canonical key}, unambiguous rows only."""
    index: dict[str, dict[str | None, str]] = {}
    for row in nicknames_table():
        if not row.ambiguous:
            index.setdefault(name_key(row.nickname), {})[row.sex] = name_key(row.canonical)
    return index


def canonical_given_name(name_key: str, sex: str | None = None) -> str:
    """The given-name key a nickname stands for, or the key unchanged.

    Parameters
    ----------
    name_key
        One given name as a :func:`~habeas.domain.names.name_key` ("chepe", "tono").
    sex
        ``"F"``/``"M"`` of the record, or None. Nicknames whose meaning depends on sex
        ("Gaby", "Dani", "Ale") are only replaced when it is known.

    Returns
    -------
    str
        The canonical given name's key ("jose"; two words for "Chema" → "jose maria"),
        or ``name_key`` itself when it is not an unambiguous nickname.

    Examples
    --------
    >>> canonical_given_name("chema")
    'jose maria'
    >>> canonical_given_name("dani", sex="M")
    'daniel'
    >>> canonical_given_name("jose")
    'jose'
    """
    by_sex = _index().get(name_key)
    if by_sex is None:
        return name_key
    if len(by_sex) == 1:
        # One meaning: apply it whatever the record says (its sex may be missing or wrong).
        return next(iter(by_sex.values()))
    return by_sex.get(sex, name_key) if sex is not None else name_key
