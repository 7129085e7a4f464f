"""The name lists of the package: given names with sex, surnames, aliases.

Data: ``habeas/domain/data/names/`` (see its README for sources). The lists weigh the
evidence when a full name is split (:mod:`habeas.domain.names`, which re-exports the
public names) and feed the simulator.

Examples
--------
>>> given_name_sex("María José")
'F'
"""

from __future__ import annotations

import csv
import functools
import io
from importlib.resources import files

from habeas.domain.name_text import _LOWER_WORDS, name_key

__all__ = ["aliases_table", "given_name_sex", "given_names_table", "surnames_table"]

# Abbreviations of given names common in lists ("Ma. de los Ángeles").
_GIVEN_ABBREVIATIONS = {"ma": "F", "ma.": "F", "jose ma": "M", "fco": "M", "fco.": "M"}


def _read_csv(name: str) -> list[dict[str, str]]:
    text = (files("habeas.domain") / "data" / "names" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@functools.cache
def _given_rows() -> tuple[tuple[str, str, float], ...]:
    return tuple((r["name"], r["sex"], float(r["weight"])) for r in _read_csv("names_given.csv"))


@functools.cache
def _surname_rows() -> tuple[tuple[str, float, bool], ...]:
    return tuple(
        (r["name"], float(r["weight"]), r["compound"].strip() == "1")
        for r in _read_csv("names_surnames.csv")
    )


@functools.cache
def _alias_rows() -> tuple[str, ...]:
    return tuple(r["alias"] for r in _read_csv("aliases.csv"))


def given_names_table() -> list[tuple[str, str, float]]:
    """Given names of the package data as ``(name, sex, weight)``; weights are relative.

    Examples
    --------
    >>> given_names_table()[0]
    ('José', 'M', 60.0)
    """
    return list(_given_rows())


def surnames_table() -> list[tuple[str, float, bool]]:
    """Surnames of the package data as ``(name, weight, compound)``; weights are relative.

    Examples
    --------
    >>> ("De la O", 1.0, True) in surnames_table()
    True
    """
    return list(_surname_rows())


def aliases_table() -> list[str]:
    """Alias strings of the package data ("El Chele", ...), for synthetic records only.

    Examples
    --------
    >>> "El Flaco" in aliases_table()
    True
    """
    return list(_alias_rows())


@functools.cache
def _given_index() -> dict[str, tuple[str, float]]:
    rows = _given_rows()
    total = sum(w for _, _, w in rows)
    return {name_key(n): (s, w / total) for n, s, w in rows}


@functools.cache
def _surname_index() -> dict[str, tuple[float, bool]]:
    rows = _surname_rows()
    total = sum(w for _, w, _ in rows)
    return {name_key(n): (w / total, c) for n, w, c in rows}


def given_name_sex(name: str) -> str | None:
    """Sex ("F"/"M") of a given name from the package list, from its first word.

    Examples
    --------
    >>> given_name_sex("María José")
    'F'
    >>> given_name_sex("JOSE ANTONIO")
    'M'
    >>> given_name_sex("Xochitl") is None
    True
    """
    words = [w for w in name_key(name).split() if w not in _LOWER_WORDS]
    if not words:
        return None
    if words[0] in _GIVEN_ABBREVIATIONS:
        return _GIVEN_ABBREVIATIONS[words[0]]
    found = _given_index().get(words[0])
    return found[0] if found else None
