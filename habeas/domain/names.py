"""Salvadoran names: splitting a full name, tidying it, and a key for matching.

A Salvadoran name is usually one or two given names, the paternal surname and the
maternal surname ("José Antonio Hernández López"). A married woman may add "de" and her
husband's surname, with or without her second surname ("Carmen Rosa Núñez Flores de
Gómez", "Carmen Rosa Núñez de Gómez"). Particles make compound surnames ("De la O",
"Del Cid", "De León") and compound given names ("María de los Ángeles", "José de Jesús",
"María del Carmen"); a "de" inside the given names is not a married surname.

Lists write names in one field, often in capitals without accents, sometimes surnames
first ("HERNANDEZ LOPEZ, JOSE ANTONIO"), sometimes with an alias (``Juan Pérez alias "El
Flaco"``). :func:`split_full_name` reads them; where position alone is ambiguous (three
words: "Juan Carlos Pérez" or "Juan Pérez López"?) it weighs the evidence of the
package's name lists (given names with sex, surnames with a compound flag), and falls
back on the usual pattern for names it does not know.

What the split drops, on purpose: the "de" (or "vda. de") before a married surname, a
"y"/"e" joining two surnames ("Ortega y Gasset"), the alias keyword and its quotes, and
tokens with no letter or digit. Every other token of the input ends up in one field.

This module splits names; the text helpers (:func:`name_key`, :func:`clean_name`,
:func:`extract_alias`) live in :mod:`habeas.domain.name_text` and the name lists
(:func:`given_names_table`, :func:`given_name_sex`...) in :mod:`habeas.domain.name_tables`;
both are re-exported here.

Examples
--------
>>> p = split_full_name("Carmen Rosa Núñez Flores de Gómez")
>>> (p.given_names, p.surname_1, p.surname_2, p.married_surname)
('Carmen Rosa', 'Núñez', 'Flores', 'Gómez')
>>> name_key("  JOSÉ   Muñoz ")
'jose munoz'
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Literal

from habeas.domain.name_tables import (
    _GIVEN_ABBREVIATIONS,
    _given_index,
    _surname_index,
    aliases_table,
    given_name_sex,
    given_names_table,
    surnames_table,
)
from habeas.domain.name_text import (
    _EDGE_PUNCTUATION,
    clean_name,
    extract_alias,
    name_key,
)

__all__ = [
    "NameOrder",
    "NameParts",
    "aliases_table",
    "clean_name",
    "extract_alias",
    "given_name_sex",
    "given_names_table",
    "name_key",
    "split_full_name",
    "surnames_table",
]

NameOrder = Literal["given_first", "surnames_first"]

_ARTICLES = frozenset({"la", "las", "los", "lo"})
_CONJUNCTIONS = frozenset({"y", "e"})
_WIDOW = frozenset({"vda", "viuda", "vda de", "vdade"})

# The part after "de"/"del" of compound given names, as name keys. A unit such as
# "del Carmen" right after a given name is read as part of the given names. Given names of
# the package list (Jesús, Carmen, Guadalupe, ...) count as well.
_GIVEN_COMPOUND_TAILS = frozenset(
    {
        "los angeles",
        "jesus",
        "carmen",
        "dios",
        "la paz",
        "la cruz",
        "la luz",
        "rosario",
        "pilar",
        "fatima",
        "guadalupe",
        "transito",
        "socorro",
        "lourdes",
        "la concepcion",
        "concepcion",
        "los santos",
        "los reyes",
        "milagro",
        "la asuncion",
        "los remedios",
        "la merced",
        "las mercedes",
        "refugio",
        "maria",
        "la trinidad",
        "los dolores",
        "la esperanza",
    }
)

# ------------------------------------------------------------------------ splitting


@dataclass(frozen=True)
class NameParts:
    """A name split into the canonical name columns; ``raw`` keeps the input as given."""

    raw: str | None
    given_names: str | None
    surname_1: str | None
    surname_2: str | None
    married_surname: str | None
    alias: str | None


@dataclass(frozen=True)
class _Unit:
    """A word, or particles with the word they belong to ("de la O", "y Gasset")."""

    tokens: tuple[str, ...]
    particle: str | None  # "de", "del", "de la", ..., "y", "vda de"; None for a word

    @functools.cached_property
    def key(self) -> str:
        return name_key(" ".join(self.tokens))


def _units(tokens: list[str]) -> list[_Unit]:
    keys = [name_key(t) for t in tokens]
    n = len(tokens)
    units: list[_Unit] = []
    i = 0
    while i < n:
        j, particle = i, None  # j: index of the word that ends this unit
        if keys[i] in _WIDOW and i + 1 < n and keys[i + 1] == "de":
            particle, j = "vda de", i + 2
        elif keys[i] in {"de", "del"}:
            particle, j = keys[i], i + 1
            while keys[i] == "de" and j < n and keys[j] in _ARTICLES:
                particle, j = f"{particle} {keys[j]}", j + 1
        elif keys[i] in _CONJUNCTIONS and units:
            particle, j = keys[i], i + 1
        if particle in {"de", "vda de"} and j < n and keys[j] in {"de", "del"}:
            # "López de De la O": the husband's surname is itself compound.
            j += 1
            while keys[j - 1] == "de" and j < n and keys[j] in _ARTICLES:
                j += 1
        if particle is not None and j >= n:  # particles with no word after: plain words
            particle, j = None, i
        units.append(_Unit(tuple(tokens[i : j + 1]), particle))
        i = j + 1
    return units


def _is_initial(key: str) -> bool:
    return len(key) == 1 and key.isalpha()


def _scores(unit: _Unit) -> tuple[float, float]:
    """Evidence that a word is a given name and that it is a surname."""
    key = unit.key
    if _is_initial(key):
        return 1.0, -1.0  # "José A. Hernández": middle initials are given names
    if key in _GIVEN_ABBREVIATIONS or key + "." in _GIVEN_ABBREVIATIONS:
        return 2.0, -2.0
    given = _given_index().get(key)
    surname = _surname_index().get(key)
    if given and surname:
        lean = 0.5 if given[1] > surname[0] else -0.5
        return 1.0 + lean, 1.0 - lean
    if given:
        return 2.0, -2.0
    if surname:
        return -2.0, 2.0
    if key.endswith("ez") and len(key) > 4:
        return -1.0, 1.0  # patronymic ending (Menéndez, Ordóñez): a surname
    return 0.0, 0.0


# How usual each (given names, surnames) count is, added to the word evidence of _scores:
# two surnames is the norm, one is common in lists, none is rare. With unknown words the
# prior alone decides ("Yader Zelaya Xicay": one given name, two surnames).
_PRIOR = {
    (1, 2): 0.5,
    (2, 2): 0.6,
    (2, 1): 0.3,
    (1, 1): 0.5,
    (3, 2): 0.0,
    (3, 1): -0.3,
    (1, 0): -0.5,
    (2, 0): -1.0,
    (0, 1): -1.0,
    (0, 2): -1.5,
}


def _prior(n_given: int, n_surnames: int) -> float:
    default = -0.5 * abs(n_given - 2) - 1.0 * max(0, n_surnames - 2) - 1.0
    return _PRIOR.get((n_given, n_surnames), default)


_DE = frozenset({"de", "del", "de la", "de las", "de los", "de lo"})


def _is_given_compound(units: list[_Unit], i: int, *, anywhere: bool = False) -> bool:
    """Whether units[i] ("de los Ángeles") belongs to the given name before it."""
    unit = units[i]
    if unit.particle not in _DE or i < 1 or (i > 2 and not anywhere):
        return False
    tail = name_key(" ".join(unit.tokens[1:]))
    if tail not in _GIVEN_COMPOUND_TAILS and tail not in _given_index():
        return False
    before = units[i - 1]
    if before.particle is not None:
        return _is_given_compound(units, i - 1, anywhere=anywhere)
    return _scores(before)[0] >= 0.0


def _forced_surname_start(units: list[_Unit], first: int) -> int:
    """Index of the first unit that must be a surname (a particle), or len(units)."""
    for i in range(first, len(units)):
        unit = units[i]
        if unit.particle in _CONJUNCTIONS:
            return max(first, i - 1)  # "Ortega y Gasset": the word before is a surname too
        if unit.particle is not None and not _is_given_compound(units, i):
            return i
    return len(units)


def _given_prefix(units: list[_Unit]) -> int:
    fixed = 0
    for i in range(min(3, len(units))):
        if _is_given_compound(units, i):
            fixed = i + 1
    return fixed


def _best_split(units: list[_Unit], *, surnames_first: bool) -> int:
    """Number of given-name units (given first) or of surname units (surnames first)."""
    n = len(units)
    compounds = [i for i in range(n) if _is_given_compound(units, i, anywhere=surnames_first)]
    scores = [_scores(u) if u.particle is None else (-2.0, 2.0) for u in units]
    for i in compounds:
        scores[i] = (2.0, -2.0)
    if surnames_first:
        # Surnames come first: particles force the cut after them, given compounds before.
        low = max(
            (i + 1 for i, u in enumerate(units) if u.particle and scores[i][1] > 0), default=0
        )
        high = compounds[0] - 1 if compounds else n
        candidates = range(low, max(low, high) + 1)

        def total(s: int) -> float:
            gs = sum(scores[i][1] for i in range(s)) + sum(scores[i][0] for i in range(s, n))
            return gs + _prior(n - s, s)

    else:
        low = _given_prefix(units)
        high = _forced_surname_start(units, max(low, 1))
        candidates = range(min(low, high), max(low, high) + 1)

        def total(g: int) -> float:
            gs = sum(scores[i][0] for i in range(g)) + sum(scores[i][1] for i in range(g, n))
            return gs + _prior(g, n - g)

    return max(candidates, key=lambda c: (total(c), -abs(c - 2)))


def _text(units: list[_Unit], *, drop_conjunction: bool = False) -> str | None:
    tokens: list[str] = []
    for unit in units:
        skip = 1 if drop_conjunction and unit.particle in _CONJUNCTIONS else 0
        tokens.extend(unit.tokens[skip:])
    return clean_name(" ".join(tokens))


def _married_candidate(units: list[_Unit], sex: str | None) -> bool:
    last = units[-1] if units else None
    if last is None or len(units) < 2:
        return False
    if last.particle == "vda de":
        return True
    return last.particle == "de" and sex != "M" and not _is_given_compound(units, len(units) - 1)


def _surname_fields(
    units: list[_Unit], sex: str | None
) -> tuple[str | None, str | None, str | None]:
    """(surname_1, surname_2, married_surname) from the block of surname units."""
    married = None
    if len(units) >= 2 and _married_candidate(units, sex):
        compound = _surname_index().get(units[-1].key, (0.0, False))[1]
        if units[-1].particle == "vda de" or not (compound and len(units) == 2):
            married = clean_name(
                " ".join(units[-1].tokens[1 if units[-1].particle == "de" else 2 :])
            )
            units = units[:-1]
    if not units:
        return None, None, married
    s1 = _text(units[:1])
    s2 = _text(units[1:], drop_conjunction=True) if len(units) > 1 else None
    return s1, s2, married


def _split_given_first(units: list[_Unit]) -> tuple[list[_Unit], list[_Unit]]:
    sex = given_name_sex(units[0].tokens[0]) if units else None
    if len(units) >= 3 and _married_candidate(units, sex):
        rest, married = units[:-1], units[-1:]
        g = _best_split(rest, surnames_first=False)
        if g < len(rest):  # at least one surname before "de X": X is the husband's
            return rest[:g], rest[g:] + married
    g = _best_split(units, surnames_first=False)
    return units[:g], units[g:]


def _starts_with_surname(units: list[_Unit]) -> bool:
    """'De la O Hernández Juan': a given-first name never starts with a particle."""
    return bool(units) and units[0].particle in _DE


def _clean_tokens(text: str) -> list[str]:
    stripped = (t.strip(_EDGE_PUNCTUATION) for t in text.split())
    return [t for t in stripped if any(c.isalnum() for c in t)]


@functools.lru_cache(maxsize=1 << 16)
def _split(raw: str, order: NameOrder) -> NameParts:
    text, alias = extract_alias(raw)
    before, comma, after = text.partition(",")
    given_units: list[_Unit]
    surname_units: list[_Unit]
    if comma and _clean_tokens(before) and _clean_tokens(after):
        surname_units = _units(_clean_tokens(before))
        given_units = _units(_clean_tokens(after))
    else:
        units = _units(_clean_tokens(text))
        if order == "surnames_first" or _starts_with_surname(units):
            s = _best_split(units, surnames_first=True)
            surname_units, given_units = units[:s], units[s:]
        else:
            given_units, surname_units = _split_given_first(units)
    given = _text(given_units)
    sex = given_name_sex(given) if given else None
    s1, s2, married = _surname_fields(surname_units, sex)
    return NameParts(raw, given, s1, s2, married, alias)


def split_full_name(raw: str | None, *, order: NameOrder = "given_first") -> NameParts:
    """Split a full name written in one field into the canonical name fields.

    Parameters
    ----------
    raw
        The name as the list wrote it; kept unchanged in ``NameParts.raw``.
    order
        ``"given_first"`` ("José Antonio Hernández López") or ``"surnames_first"``
        ("HERNANDEZ LOPEZ JOSE ANTONIO"). A comma always means surnames first
        ("HERNÁNDEZ LÓPEZ, José Antonio"), whatever the order.

    Returns
    -------
    NameParts
        Fields tidied by :func:`clean_name`; None where the name has no such part.

    Examples
    --------
    >>> p = split_full_name("HERNANDEZ LOPEZ, JOSE ANTONIO")
    >>> (p.given_names, p.surname_1, p.surname_2, p.married_surname)
    ('Jose Antonio', 'Hernandez', 'Lopez', None)
    >>> p = split_full_name("María de los Ángeles de la O Pérez")
    >>> (p.given_names, p.surname_1, p.surname_2)
    ('María de los Ángeles', 'De la O', 'Pérez')
    >>> split_full_name('Juan Pérez alias "El Flaco"').alias
    'El Flaco'
    """
    if order not in ("given_first", "surnames_first"):
        raise ValueError(f"order must be 'given_first' or 'surnames_first', not {order!r}")
    if raw is None or (isinstance(raw, float) and math.isnan(raw)) or not str(raw).strip():
        return NameParts(raw, None, None, None, None, None)
    return _split(str(raw), order)
