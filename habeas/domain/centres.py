"""Detention centres: prisons with their official capacity where it is public, and
generic places (police cells, hospital, juvenile centre, other, unknown).

Data: ``habeas/domain/data/el_salvador/centres.csv``; every capacity figure names its
source, an empty capacity means none was public in our sources, and ``uncertain``
marks entries taken from general knowledge rather than from cited reporting.

Examples
--------
>>> lookup_centre("Penal de Mariona")
'la_esperanza'
>>> centre("cecot").official_capacity
40000
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib.resources import files

from habeas.domain.errors import HabeasError
from habeas.domain.vocab import fold

__all__ = [
    "GENERIC_CENTRES",
    "DetentionCentre",
    "UnknownCentre",
    "centre",
    "centres",
    "lookup_centre",
]

#: Codes of the generic entries, which stand for a kind of place rather than one place.
GENERIC_CENTRES: tuple[str, ...] = (
    "juvenile_centre",
    "police_cells",
    "hospital",
    "other",
    "unknown",
)


class UnknownCentre(HabeasError, KeyError):
    """No detention centre has this code."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class DetentionCentre:
    """A place of detention.

    ``kind`` is one of ``prison``, ``maximum_security``, ``women_prison``,
    ``juvenile``, ``police_cells``, ``hospital``, ``other``, ``unknown``.
    ``official_capacity`` is ``None`` when no official figure is public;
    ``capacity_source`` then says so and quotes the populations that were reported.
    """

    code: str
    name: str
    kind: str
    department_code: str | None
    district_code: str | None
    official_capacity: int | None
    capacity_source: str
    opened: date | None
    aliases: tuple[str, ...]
    uncertain: bool = False
    note: str = ""


@cache
def centres() -> tuple[DetentionCentre, ...]:
    """Every detention centre, the named ones first, then the generic entries."""
    path = "data/el_salvador/centres.csv"
    text = files("habeas.domain").joinpath(path).read_text(encoding="utf-8")
    return tuple(
        DetentionCentre(
            code=r["code"],
            name=r["name"],
            kind=r["kind"],
            department_code=r["department_code"] or None,
            district_code=r["district_code"] or None,
            official_capacity=int(r["official_capacity"]) if r["official_capacity"] else None,
            capacity_source=r["capacity_source"],
            opened=date.fromisoformat(r["opened"]) if r["opened"] else None,
            aliases=tuple(a for a in r["aliases"].split("|") if a),
            uncertain=r["uncertain"] == "true",
            note=r["note"],
        )
        for r in csv.DictReader(io.StringIO(text))
    )


@cache
def _by_code() -> dict[str, DetentionCentre]:
    return {c.code: c for c in centres()}


def centre(code: str) -> DetentionCentre:
    """The centre with this code; raises :class:`UnknownCentre` otherwise."""
    try:
        return _by_code()[code]
    except KeyError:
        raise UnknownCentre(
            f"{code!r} is not a detention centre code (codes: {', '.join(_by_code())})"
        ) from None


@cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for c in centres():
        for name in (c.code, c.name, *c.aliases):
            index.setdefault(fold(name), c.code)
    return index


# Words around a centre's name that do not identify it.
_NOISE = re.compile(
    r"\b(?:centro|penal|penitenciari[oa]|preventivo|de|del|la|el|carcel|prision|"
    r"cumplimiento|penas|readaptacion|fase|i|ii|iii|1|2|3|en|sector|recinto|complejo)\b"
)
_HOSPITAL = re.compile(r"\b(?:hospital|clinica|unidad de salud)\b")
_POLICE = re.compile(r"\b(?:bartolinas?|delegacion|subdelegacion|puesto policial|celdas)\b")
# The police named with a prison is the prison ("trasladado por la PNC al penal de Izalco").
_POLICE_WEAK = re.compile(r"\b(?:pnc|policia|policial|comisaria)\b")
_PRISON_WORD = re.compile(r"\b(?:penal|carcel|penitenciari[oa]|prision|cecot|mariona)\b")
_JUVENILE = re.compile(r"\b(?:menores|isna|insercion social|tutelar)\b")
# Penitentiary farms (granjas penitenciarias) are places of their own, not the prison of
# their town; our sources do not describe them, so they are "other".
_FARM = re.compile(r"\bgranjas?\b")


@lru_cache(maxsize=16384)
def _lookup(key: str) -> str | None:
    index = _index()
    if key in index:
        return index[key]
    # A hospital or police cells named after a town ("Hospital de Zacatecoluca",
    # "bartolinas de Soyapango") are that kind of place, not the prison of the town.
    if _HOSPITAL.search(key):
        return "hospital"
    if _POLICE.search(key) or (_POLICE_WEAK.search(key) and not _PRISON_WORD.search(key)):
        return "police_cells"
    if _JUVENILE.search(key):
        return "juvenile_centre"
    if _FARM.search(key):
        return "other"
    core = " ".join(_NOISE.sub(" ", key).split())
    if core in index:
        return index[core]
    # Names written inside a longer text ("trasladado a Izalco fase III").
    hits = {
        code
        for name, code in index.items()
        if len(name) >= 5 and code not in GENERIC_CENTRES and re.search(rf"\b{name}\b", key)
    }
    if len(hits) == 1:
        return hits.pop()
    if hits:
        return None
    close = difflib.get_close_matches(core or key, list(index), n=2, cutoff=0.9)
    if len(close) == 1 and len(close[0]) >= 5:
        return index[close[0]]
    return None


def lookup_centre(name: str | None) -> str | None:
    """The code of the detention centre a name refers to, or ``None``.

    Accent-, case- and punctuation-insensitive; knows official names, usual names
    ("Mariona", "Zacatraz", "megacárcel") and the words around them ("Penal de",
    "Centro Penal de", "fase III"). A hospital, police cells ("Delegación PNC
    Soyapango"), a centre for minors or a penitentiary farm named after a town are
    the generic ``hospital`` / ``police_cells`` / ``juvenile_centre`` / ``other``, not
    the prison of that town. "N/A", "sin dato", "desconocido" are ``unknown``.
    Several different centres named in one text give ``None``.

    Examples
    --------
    >>> lookup_centre("Centro de Confinamiento del Terrorismo")
    'cecot'
    >>> lookup_centre("Penal de Izalco, fase III")
    'izalco'
    >>> lookup_centre("bartolinas de la delegación de Soyapango")
    'police_cells'
    >>> lookup_centre("Guantánamo") is None
    True
    """
    key = fold(name)
    if not key:
        return None
    return _lookup(key)
