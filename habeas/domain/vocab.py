"""Controlled vocabularies: a code plus a Spanish and an English label for each term.

Every controlled column of the records table (:data:`habeas.domain.schema.COLUMNS`)
names one of the vocabularies in :data:`VOCABULARIES`. Canonical values are the
codes; :meth:`Vocabulary.parse` turns what people write in their lists ("Policía",
"PNC y FAES", "por vivir en la colonia") into a code.

Where the HURIDOCS Events Standard Formats (ESF, 2001) and its micro-thesauri
have the concept, each vocabulary says which one it corresponds to. We name the
concept only: the codes are ours and are not HURIDOCS code numbers.

Examples
--------
>>> VOCABULARIES["authority"].parse("Policía Nacional Civil")
'pnc'
>>> VOCABULARIES["authority"].parse("PNC y FAES")
'joint'
>>> parse_yes_no("Sí")
'yes'
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from importlib.resources import files

from habeas.domain.errors import HabeasError

__all__ = [
    "VOCABULARIES",
    "Term",
    "UnknownTerm",
    "Vocabulary",
    "VocabularyError",
    "fold",
    "parse_sex",
    "parse_yes_no",
]


class VocabularyError(HabeasError, ValueError):
    """A value cannot be read as a term of a controlled vocabulary."""


class UnknownTerm(VocabularyError, KeyError):
    """A code is not in the vocabulary."""

    def __str__(self) -> str:  # KeyError would print the repr of the message
        return str(self.args[0]) if self.args else ""


_PUNCT = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


def fold(text: object) -> str:
    """Matching key of a short text: accents and ñ folded, lower case, no punctuation.

    Parameters
    ----------
    text
        Anything; ``None`` gives ``""``.

    Returns
    -------
    str
        Lower-case ASCII words separated by single spaces.

    Examples
    --------
    >>> fold("  Policía   Nacional-Civil ")
    'policia nacional civil'
    >>> fold("Ñ. Tecla")
    'n tecla'
    """
    if text is None:
        return ""
    s = unicodedata.normalize("NFKD", str(text))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = _PUNCT.sub(" ", s.replace("_", " "))
    return _SPACES.sub(" ", s).strip()


@dataclass(frozen=True)
class Term:
    """One term of a vocabulary: the canonical ``code``, labels and parsing synonyms."""

    code: str
    es: str
    en: str
    synonyms: tuple[str, ...] = ()

    def label(self, lang: str = "es") -> str:
        """The Spanish (``"es"``) or English (``"en"``) label."""
        return self.en if lang == "en" else self.es


# Words that join two values ("PNC y FAES", "policía/ejército").
_JOINERS = re.compile(r"\s*(?:\by\b|\be\b|\band\b|\bcon\b|/|\+|&|,|;)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Vocabulary:
    """A named controlled vocabulary.

    ``concept`` says which HURIDOCS ESF concept it corresponds to (or that none
    does). ``combine`` maps a set of codes written together ("PNC y FAES") to the
    code of the combination (``joint``).
    """

    name: str
    terms: tuple[Term, ...]
    concept: str = ""
    combine: tuple[tuple[frozenset[str], str], ...] = field(default=())

    def __post_init__(self) -> None:
        codes = [t.code for t in self.terms]
        if len(set(codes)) != len(codes):
            raise ValueError(f"vocabulary {self.name!r} has duplicate codes")

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes, in display order."""
        return tuple(t.code for t in self.terms)

    @cached_property
    def _by_code(self) -> dict[str, Term]:
        return {t.code: t for t in self.terms}

    @cached_property
    def _index(self) -> dict[str, str]:
        # Later keys never override earlier ones: codes and labels win over synonyms.
        index: dict[str, str] = {}
        for t in self.terms:
            for key in (t.code, t.es, t.en):
                index.setdefault(fold(key), t.code)
        for t in self.terms:
            for key in t.synonyms:
                index.setdefault(fold(key), t.code)
        index.pop("", None)
        return index

    def get(self, code: str) -> Term:
        """The term with this code; raises :class:`UnknownTerm` if there is none."""
        try:
            return self._by_code[code]
        except KeyError:
            raise UnknownTerm(
                f"{code!r} is not a code of the {self.name!r} vocabulary "
                f"(codes: {', '.join(self.codes)})"
            ) from None

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def label(self, code: str, lang: str = "es") -> str:
        """The label of ``code`` in ``lang`` (``"es"`` or ``"en"``)."""
        return self.get(code).label(lang)

    def parse(self, text: object) -> str | None:
        """The code ``text`` stands for, or ``None`` if it matches no term.

        Matching is exact after :func:`fold` (accents, case, punctuation and
        spacing ignored) on codes, labels and synonyms. Values joined by "y", "/",
        "," ... are parsed one by one and combined when the vocabulary says how
        ("PNC y FAES" → ``joint``); the same code twice gives that code.

        Examples
        --------
        >>> VOCABULARIES["grounds"].parse("Flagrancia")
        'in_flagrante'
        >>> VOCABULARIES["grounds"].parse("lo que sea") is None
        True
        """
        if text is None or (isinstance(text, float) and math.isnan(text)):
            return None
        key = fold(text)
        if not key:
            return None
        code = self._index.get(key)
        if code is not None or not self.combine:
            return code
        parts = [fold(p) for p in _JOINERS.split(str(text)) if fold(p)]
        if len(parts) < 2:
            return None
        codes = {self._index.get(p) for p in parts}
        if None in codes:
            return None
        if len(codes) == 1:
            return codes.pop()
        for members, combined in self.combine:
            if codes <= members | {combined}:
                return combined
        return None


#: Which HURIDOCS ESF concept each vocabulary corresponds to (concept names only; the
#: ESF code numbers are deliberately not reproduced here).
_CONCEPTS: dict[str, str] = {
    "authority": "HURIDOCS ESF 'Type of Perpetrator' (the perpetrator's affiliation in the "
    "Involvement record): here only the state bodies that make arrests in El Salvador.",
    "grounds": "No ESF equivalent; closest is the reason or context given in the Act record "
    "of an arrest ('Type of Act': arbitrary arrest/detention).",
    "groups": "Closest ESF concepts: the victim's 'Occupation' and group affiliation in the "
    "Person record; the list follows the issue's targeted groups.",
    "hearing_type": "No ESF equivalent (domestic criminal procedure: audiencia inicial).",
    "death_cause": "Cause of death as reported by the source; closest ESF concepts are "
    "'Type of Act' (killing, death in custody) and 'Method of Violence'.",
    "reporter_relationship": "HURIDOCS ESF 'Relationship' / source's 'Connection to "
    "Information': how the person who reported is related to the victim.",
    "detention_status": "Closest ESF concept: the victim's status at the end of the Act "
    "(detained, released, dead, disappeared).",
    "source_kind": "Closest ESF concept: 'Type of Source' of the Information record.",
}

#: Codes written together that stand for a combined code ("PNC y FAES" → joint).
_COMBINE: dict[str, tuple[tuple[frozenset[str], str], ...]] = {
    "authority": ((frozenset({"pnc", "faes"}), "joint"),),
}


def _build() -> dict[str, Vocabulary]:
    text = (
        files("habeas.domain").joinpath("data/vocab/vocabularies.csv").read_text(encoding="utf-8")
    )
    rows: dict[str, list[Term]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        synonyms = tuple(s for s in row["synonyms"].split("|") if s)
        term = Term(row["code"], row["es"], row["en"], synonyms)
        rows.setdefault(row["vocabulary"], []).append(term)
    return {
        name: Vocabulary(name, tuple(terms), _CONCEPTS.get(name, ""), _COMBINE.get(name, ()))
        for name, terms in rows.items()
    }


#: Every controlled vocabulary by name (the ``vocabulary`` of a schema column).
VOCABULARIES: dict[str, Vocabulary] = _build()


_YES = {"si", "s", "x", "1", "1 0", "true", "yes", "y", "verdadero", "v", "afirmativo", "cierto"}
_NO = {"no", "n", "0", "0 0", "false", "falso", "f", "negativo"}
# Explicit "don't know" answers are unknown, like a blank cell.
_UNKNOWN = {
    "",
    "nan",
    "none",
    "null",
    "na",
    "n a",
    "nd",
    "n d",
    "s d",
    "sd",
    "sin dato",
    "sin datos",
    "no sabe",
    "ns",
    "no se sabe",
    "desconocido",
    "se desconoce",
    "unknown",
    "no consta",
}


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return str(value).strip() in {"", "-", "--", "?", "…", "..."}


def parse_yes_no(value: object) -> str | None:
    """Read a yes/no cell as ``"yes"``, ``"no"`` or ``None`` (unknown).

    Parameters
    ----------
    value
        "Sí", "si", "S", "X", "1", "true", "yes" (and booleans) mean yes; "No",
        "N", "0", "false" mean no; a blank cell, NaN or an explicit "no sabe" /
        "desconocido" / "N/D" is unknown.

    Raises
    ------
    VocabularyError
        For anything else, naming the value.

    Examples
    --------
    >>> parse_yes_no("SÍ"), parse_yes_no(0), parse_yes_no("")
    ('yes', 'no', None)
    """
    if _blank(value):
        return None
    key = fold(value)
    if key in _YES:
        return "yes"
    if key in _NO:
        return "no"
    if key in _UNKNOWN:
        return None
    raise VocabularyError(f"cannot read {value!r} as yes/no (sí/no)")


_FEMALE = {"f", "fem", "femenino", "female", "mujer", "woman", "w", "femenina", "nina", "senora"}
_MALE = {"m", "masc", "masculino", "male", "hombre", "man", "h", "varon", "nino", "senor"}


def parse_sex(value: object) -> str | None:
    """Read a sex cell as ``"F"``, ``"M"`` or ``None`` (blank or unknown).

    Raises
    ------
    VocabularyError
        For anything that is neither female nor male nor blank/unknown.

    Examples
    --------
    >>> parse_sex("Femenino"), parse_sex("H"), parse_sex(None)
    ('F', 'M', None)
    """
    if _blank(value):
        return None
    key = fold(value)
    if key in _FEMALE:
        return "F"
    if key in _MALE:
        return "M"
    if key in _UNKNOWN:
        return None
    raise VocabularyError(f"cannot read {value!r} as sex (F/M, femenino/masculino)")
