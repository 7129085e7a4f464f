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

Examples
--------
>>> p = split_full_name("Carmen Rosa Núñez Flores de Gómez")
>>> (p.given_names, p.surname_1, p.surname_2, p.married_surname)
('Carmen Rosa', 'Núñez', 'Flores', 'Gómez')
>>> name_key("  JOSÉ   Muñoz ")
'jose munoz'
"""

from __future__ import annotations

import csv
import functools
import io
import math
import re
import unicodedata
from dataclasses import dataclass
from importlib.resources import files
from typing import Literal

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

# Words written in lower case inside a name ("María de los Ángeles", "Ortega y Gasset").
_LOWER_WORDS = frozenset({"de", "del", "la", "las", "los", "lo", "y"})
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
# Abbreviations of given names common in lists ("Ma. de los Ángeles").
_GIVEN_ABBREVIATIONS = {"ma": "F", "ma.": "F", "jose ma": "M", "fco": "M", "fco.": "M"}


# --------------------------------------------------------------------------- data


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


# ---------------------------------------------------------------------- key and case


def name_key(s: str | None) -> str:
    """A matching key: accents and "ñ" folded, lower case, punctuation as single spaces.

    Apostrophes are dropped ("D'Aubuisson" and "Daubuisson" match). The key is idempotent
    and holds only ``a-z``, ``0-9`` and single spaces. None gives ``""``.

    Examples
    --------
    >>> name_key("María  de los ÁNGELES Núñez")
    'maria de los angeles nunez'
    >>> name_key("D'Aubuisson") == name_key("DAUBUISSON")
    True
    """
    if not s:
        return ""
    return _name_key(s)


@functools.lru_cache(maxsize=1 << 16)
def _name_key(s: str) -> str:
    # Cached: lists repeat the same few thousand words (José, Hernández...) endlessly.
    folded = unicodedata.normalize("NFKD", s.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = re.sub(r"['’`´]", "", folded)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def _capitalise(word: str) -> str:
    if not word.isupper() and not word.islower() and word[0].isupper():
        return word  # mixed case as written ("McKenzie", "DeLeón"): trust the source
    parts = re.split(r"([-'’])", word.lower())
    return "".join(p[:1].upper() + p[1:] for p in parts)


def clean_name(s: str | None) -> str | None:
    """Tidy the spacing and capitalisation of a name; None for blank.

    Each word gets a capital initial, particles (de, del, la, las, los, y) are lower case
    except as the first word, so "de la o" as a surname becomes "De la O" and "juan de la
    o" becomes "Juan de la O". Accents are never invented: "JOSE" becomes "Jose".

    Examples
    --------
    >>> clean_name("JOSE  hernandez")
    'Jose Hernandez'
    >>> clean_name("MARÍA DE LOS ÁNGELES")
    'María de los Ángeles'
    >>> clean_name("de la o")
    'De la O'
    """
    if s is None:
        return None
    words = s.split()
    if not words:
        return None
    out = []
    for i, word in enumerate(words):
        lower = word.lower()
        out.append(lower if i > 0 and lower in _LOWER_WORDS else _capitalise(word))
    return " ".join(out)


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


# ------------------------------------------------------------------------- aliases

_QUOTES = '"“”«»„'
_EDGE_PUNCTUATION = ",;:()[]{}" + _QUOTES
_KEYWORD = (
    r"(?:\balias\b|\ba\.?\s?k\.?\s?a\b\.?|\(\s*a\s*\)|\bconocid[oa]s?\s+como\b"
    r"|\bapodad[oa]\b|\bapodo\b)"
)
_PAREN_ALIAS = re.compile(rf"\(\s*{_KEYWORD}\s*[:.]?\s*([^)]*)\)", re.IGNORECASE)
_KEYWORD_ALIAS = re.compile(
    rf"[,;]?\s*{_KEYWORD}\s*[:.]?\s*(?:[{_QUOTES}']([^{_QUOTES}]+?)[{_QUOTES}']|([^,;()]+))",
    re.IGNORECASE,
)
_QUOTED = re.compile(rf"[{_QUOTES}]([^{_QUOTES}]+)[{_QUOTES}]|(?<!\S)'([^']+)'(?!\S)")


def _tidy_alias(text: str) -> str | None:
    text = text.strip().strip(_QUOTES + "'").strip(" ,;:.")
    return clean_name(text)


def extract_alias(raw: str) -> tuple[str, str | None]:
    """Split an alias off a name: ``(name without the alias, alias or None)``.

    Reads ``alias "El Flaco"``, ``alias el Chele``, ``(a) El Flaco``, ``a.k.a.``,
    ``conocido como``, ``(alias ...)`` and a nickname in double quotes anywhere in the name
    (``Juan "El Flaco" Pérez``). The alias loses its keyword and quotes and is tidied by
    :func:`clean_name`; several aliases are joined with "; ".

    Examples
    --------
    >>> extract_alias('Juan Pérez alias "El Flaco"')
    ('Juan Pérez', 'El Flaco')
    >>> extract_alias("JOSE LOPEZ (a) El Chele")
    ('JOSE LOPEZ', 'El Chele')
    >>> extract_alias("Juan Pérez")
    ('Juan Pérez', None)
    """
    text = " ".join(raw.split())
    if len(text) > 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()  # a whole name in quotes is a name, not a nickname
    aliases: list[str] = []

    def take(match: re.Match[str]) -> str:
        found = next((g for g in match.groups() if g), "")
        alias = _tidy_alias(found)
        if alias:
            aliases.append(alias)
        return " "

    for pattern in (_PAREN_ALIAS, _KEYWORD_ALIAS, _QUOTED):
        text = pattern.sub(take, text)
    name = " ".join(text.split()).strip(" ,;:-")
    return name, "; ".join(aliases) if aliases else None


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
