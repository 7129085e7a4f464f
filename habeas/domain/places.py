"""Reading place names as written in lists: :func:`lookup_place` and :func:`lookup_department`.

Lists write places as people say them: old names ("Nueva San Salvador"), short forms
("Cojute"), abbreviations ("Sn Salvador", "Cd. Delgado"), capitals without accents,
a trailing department or neighbourhood ("Soyapango, San Salvador", "Col. Santa Lucía,
Ilopango") and misspellings. This module turns them into district codes of
:mod:`habeas.domain.gazetteer`, which re-exports the public names.

Data: the gazetteer tables and ``data/el_salvador/place_aliases.csv`` (old names, short
forms and misspellings, each with a note).

The rule behind every choice: a wrong district is worse than an unknown one, because it
corrupts linkage and per-department rates. So:

- A name shared by a department and one of its districts ("San Miguel", "Santa Ana",
  "La Libertad"; ten in all) is read as the **district**: lists name towns far more
  often than departments, and the department code is the same under both readings, so
  per-department figures do not depend on the choice. Only for La Libertad is the
  district not the departmental capital (that is Santa Tecla); "departamento de La
  Libertad" gives the department.
- "neighbourhood, town" gives the town ("Col. Escalón, San Salvador" is the district San
  Salvador); a neighbourhood alone, or without a separator before its town ("Colonia
  Jardines de Guadalupe"), is unknown.
- A place followed by a department or 2024 municipality it is not in ("Guadalupe, San
  Salvador", where Guadalupe is surely a colonia) is unknown: one part is wrong.
- "N/A", "desconocido", "sin dato" and the country alone are unknown at once, never
  matched by spelling; misspellings are corrected only when one name is clearly closest.

Examples
--------
>>> lookup_place("SOYAPANGO").district_code
'0608'
>>> lookup_place("San Lorenzo").status
'ambiguous'
>>> lookup_place("San Lorenzo", department="San Vicente").district_code
'1006'
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Literal

from habeas.domain.vocab import fold

if TYPE_CHECKING:
    from habeas.domain.gazetteer import Department, District, Municipality

__all__ = ["PlaceMatch", "lookup_department", "lookup_place"]


def _tables() -> tuple[tuple[District, ...], tuple[Municipality, ...], tuple[Department, ...]]:
    # gazetteer re-exports this module's names, so it imports this module at load time;
    # the tables are imported here, at call time, to keep loading one-way.
    from habeas.domain import gazetteer

    return gazetteer.districts(), gazetteer.municipalities(), gazetteer.departments()


def _alias_rows() -> list[dict[str, str]]:
    path = "data/el_salvador/place_aliases.csv"
    text = files("habeas.domain").joinpath(path).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@dataclass(frozen=True)
class PlaceMatch:
    """The result of :func:`lookup_place`.

    ``status``: ``"district"`` (``district_code`` set), ``"municipality"`` (a 2024
    municipality; ``candidates`` are its districts, ``district_code`` is set only when
    it has one district), ``"department"``, ``"ambiguous"`` (``candidates`` are the
    district codes it could be) or ``"unknown"`` (``department_code`` may still be set
    when the department was given or written after the place).
    """

    query: str
    status: Literal["district", "municipality", "department", "ambiguous", "unknown"]
    district_code: str | None
    department_code: str | None
    candidates: tuple[str, ...] = ()

    @property
    def found(self) -> bool:
        """True when the place is a district, municipality or department."""
        return self.status in ("district", "municipality", "department")


# --- lookup -----------------------------------------------------------------------------

_ABBREVIATIONS = {
    "sn": "san",
    "sta": "santa",
    "sto": "santo",
    "cd": "ciudad",
    "cdad": "ciudad",
    "nva": "nueva",
    "nvo": "nuevo",
    "pto": "puerto",
    "ote": "oriente",
}
# "S." is San, Santa or Santo: all three are tried and kept only if exactly one matches.
_S_EXPANSIONS = ("san", "santa", "santo")
_PREFIXES = re.compile(
    r"^(?:(?:el )?(?:municipio|distrito|ciudad|departamento|depto|dpto|mun|mpio) de )"
)
_DEPARTMENT_PREFIX = re.compile(r"^(?:departamento|depto|dpto) (?:de )?")
# Short forms of department names common in lists ("Mejicanos, S.S.").
_DEPARTMENT_ABBREVIATIONS = {"ss": "06", "s s": "06"}
# Answers that mean "not known" (folded): unknown at once, never fuzzy-matched.
_NO_PLACE = frozenset(
    {
        "n a", "na", "n d", "nd", "s d", "sd", "ns", "nan", "none", "null", "x",
        "sin dato", "sin datos", "sin informacion", "no sabe", "no se sabe", "no consta",
        "desconocido", "desconocida", "se desconoce", "unknown", "ignorado", "ignorada",
        "se ignora", "no especificado", "no especifica", "no indica", "no aplica",
        "ninguno", "ninguna", "pendiente", "otro", "otra", "el salvador",
    }
)  # fmt: skip
# The country after a place ("Soyapango, San Salvador, El Salvador").
_COUNTRY = re.compile(r"(?:^|\s)(?:(?:republica|rep) de )?el salvador(?: c ?a)?$")
# Words that start a neighbourhood, street or hamlet, never a district: "Col. Escalón",
# "Barrio El Centro", "Cantón El Limón", "Res. Altavista".
_LOCALITY = re.compile(
    r"^(?:col|colonia|bo|barrio|canton|cton|caserio|cas|res|residencial|reparto|rpto|"
    r"urb|urbanizacion|lot|lotificacion|comunidad|pasaje|pje|psje|calle|avenida|av|"
    r"ave|senda|block|poligono|condominio|cond|hacienda|finca|km|kilometro|edificio|edif|"
    r"zona|sector|asentamiento|aldea|parcelacion|lotif)\b"
)
# Separators of the parts of a place: "Soyapango, San Salvador", "Apopa (S.S.)".
_SEPARATORS = re.compile(r"[,;/()]|\s[-\u2013]\s")
_FUZZY_CUTOFF = 0.9
_FUZZY_MARGIN = 0.06


@cache
def _index() -> dict[str, tuple[str, ...]]:
    """Folded name → keys: ``d:<district>``, ``m:<municipality code>``, ``D:<department>``."""
    index: dict[str, list[str]] = defaultdict(list)
    districts, municipalities, departments = _tables()

    def add(name: str, key: str) -> None:
        k = fold(name)
        if key not in index[k]:
            index[k].append(key)

    for d in districts:
        add(d.name, f"d:{d.code}")
        add(d.code, f"d:{d.code}")
    for m in municipalities:
        add(m.name, f"m:{m.code}")
    by_name = {(d.department_code, fold(d.name)): d.code for d in districts}
    for r in _alias_rows():
        add(r["alias"], f"d:{by_name[r['department_code'], fold(r['district'])]}")
    for dep in departments:
        for name in (dep.name, dep.code, dep.iso):
            add(name, f"D:{dep.code}")
    for short, code in _DEPARTMENT_ABBREVIATIONS.items():
        add(short, f"D:{code}")
    return {k: tuple(v) for k, v in index.items()}


def _department_of(key: str) -> str:
    return key[2:4]  # every key is "<kind>:" followed by a code starting with the department


@lru_cache(maxsize=256)
def lookup_department(name: str | None) -> str | None:
    """The department code of a department code, ISO code, name or usual short form
    ("S.S." for San Salvador), else ``None``.

    Examples
    --------
    >>> lookup_department("SV-SS"), lookup_department("cabanas"), lookup_department("x")
    ('06', '09', None)
    """
    key = _DEPARTMENT_PREFIX.sub("", fold(name))
    if key.isdigit() and len(key) == 1:
        key = f"0{key}"
    for k in _index().get(key, ()):
        if k.startswith("D:"):
            return k[2:]
    return None


def _variants(key: str) -> tuple[list[str], list[str]]:
    """The folded query with abbreviations and prefixes expanded or removed, and the
    readings of a lone "s" (San, Santa, Santo)."""
    words = [_ABBREVIATIONS.get(w, w) for w in key.split()]
    base = " ".join(words)
    plain = list(dict.fromkeys(v for v in (key, base, _PREFIXES.sub("", base)) if v))
    if "s" not in words:
        return plain, []
    return plain, [" ".join(e if w == "s" else w for w in words) for e in _S_EXPANSIONS]


def _resolve(keys: tuple[str, ...], query: str, dep: str | None) -> PlaceMatch | None:
    """Turn index keys into a match, preferring districts, then municipalities."""
    if dep is not None:
        in_dep = tuple(k for k in keys if _department_of(k) == dep)
        keys = in_dep or keys
    dists = [k[2:] for k in keys if k.startswith("d:")]
    munis = [k[2:] for k in keys if k.startswith("m:")]
    deps = [k[2:] for k in keys if k.startswith("D:")]
    # A district named like its department ("Santa Ana") is read as the district: lists
    # of detainees name towns far more often than departments.
    if len(dists) == 1:
        return PlaceMatch(query, "district", dists[0], dists[0][:2])
    if len(dists) > 1:
        return PlaceMatch(query, "ambiguous", None, None, tuple(sorted(dists)))
    if len(munis) == 1:
        m = _municipality(munis[0])
        only = m.district_codes[0] if len(m.district_codes) == 1 else None
        return PlaceMatch(query, "municipality", only, m.department_code, m.district_codes)
    if len(deps) == 1:
        return PlaceMatch(query, "department", None, deps[0])
    return None


@cache
def _municipality(code: str) -> Municipality:
    return next(m for m in _tables()[1] if m.code == code)


def _fuzzy(key: str, dep: str | None) -> tuple[str, ...]:
    """Index keys of the single clearly best close spelling of ``key``, if any."""
    if len(key) < 5:
        return ()
    index = _index()
    names = [n for n in index if not n[:1].isdigit() and not n.startswith("sv ")]
    if dep is not None:
        names = [n for n in names if any(_department_of(k) == dep for k in index[n])] or names
    low = _FUZZY_CUTOFF - _FUZZY_MARGIN
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(key)  # the matcher caches its analysis of the second sequence
    best: dict[tuple[str, ...], float] = {}
    for n in names:
        # Cheap upper bounds first: this runs once per distinct unknown name of a list.
        if 2 * min(len(n), len(key)) / (len(n) + len(key)) < low:
            continue
        matcher.set_seq1(n)
        if matcher.real_quick_ratio() < low or matcher.quick_ratio() < low:
            continue
        if (r := matcher.ratio()) >= low:
            best[index[n]] = max(r, best.get(index[n], 0.0))
    ranked = sorted(best.items(), key=lambda kv: kv[1], reverse=True)
    if not ranked or ranked[0][1] < _FUZZY_CUTOFF:
        return ()
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < _FUZZY_MARGIN:
        return ()
    return ranked[0][0]


@cache
def _folded_districts() -> tuple[tuple[str, str], ...]:
    return tuple((fold(d.name), d.code) for d in _tables()[0])


def _truncated(key: str, query: str, dep: str | None) -> PlaceMatch | None:
    """A name cut short ("San Pablo", "San Juan"): the districts whose names start with it."""
    if " " not in key:
        return None
    found = sorted(
        code
        for name, code in _folded_districts()
        if name.startswith(key + " ") and dep in (None, code[:2])
    )
    if len(found) == 1:
        return PlaceMatch(query, "district", found[0], found[0][:2])
    if found:
        return PlaceMatch(query, "ambiguous", None, None, tuple(found))
    return None


def _as(query: str, m: PlaceMatch) -> PlaceMatch:
    return PlaceMatch(query, m.status, m.district_code, m.department_code, m.candidates)


def _within(m: PlaceMatch, dep: str | None, codes: tuple[str, ...]) -> bool:
    """Whether a match lies inside the department ``dep`` or the districts ``codes``."""
    if dep is not None and m.department_code not in (None, dep):
        return False
    inside = (m.district_code,) if m.district_code else m.candidates
    return not codes or not inside or set(inside) <= set(codes)


def _from_parts(parts: list[str], query: str, dep: str | None) -> PlaceMatch:
    """A place written in parts: "Soyapango, San Salvador", "Col. Escalón, San Salvador".

    A last part naming a department or a 2024 municipality sets the scope of the others.
    The others are read from the last one, skipping neighbourhoods ("Col.", "Barrio",
    "Cantón"...), and a district beats a municipality or a department. A part that is a
    place outside the scope ("Guadalupe, San Salvador": Guadalupe is a district of San
    Vicente, here surely a neighbourhood) is not read as a place, and then nothing is:
    one of the two parts is wrong and we cannot tell which. When no other part is a
    place, a last part naming both a department and one of its districts is read as the
    district, as "neighbourhood, town".
    """
    last = parts[-1]
    scope_dep = lookup_department(last)
    tail = _lookup(last, dep) if scope_dep is None else None
    scope: tuple[str, ...] = ()
    if tail is not None and tail.status == "municipality":
        scope_dep, scope = tail.department_code, tail.candidates
    rest = parts[:-1] if scope_dep is not None else parts
    dep = scope_dep or dep
    broader: PlaceMatch | None = None
    conflict = False
    for part in reversed(rest):
        if _LOCALITY.match(fold(part)):
            continue
        m = _lookup(part, dep)
        if m.status == "unknown":
            continue
        if scope_dep is not None and not _within(m, scope_dep, scope):
            conflict = True
        elif m.status in ("district", "ambiguous"):
            return _as(query, m)
        elif broader is None:
            broader = m
    if broader is not None:
        return _as(query, broader)
    if not conflict and tail is not None and scope:
        return _as(query, tail)
    if (
        not conflict
        and scope_dep is not None
        and not scope
        and (m := _lookup(last, scope_dep)).status == "district"
    ):
        return _as(query, m)
    return PlaceMatch(query, "unknown", None, dep)


def _from_words(key: str, query: str, dep: str | None) -> tuple[PlaceMatch | None, str | None]:
    """A place followed by its department without a separator: "Apopa San Salvador",
    "Mejicanos SS". Returns the match, or None and the department named at the end.

    A neighbourhood is never split from a town without a separator: "Colonia Jardines
    de Guadalupe" is not Guadalupe, "Res. Villas de San Miguel" not San Miguel.
    """
    if _LOCALITY.match(key):
        return PlaceMatch(query, "unknown", None, dep), None
    words = key.split()
    for i in range(1, len(words)):
        tail_dep = lookup_department(" ".join(words[i:]))
        if tail_dep is not None and dep in (None, tail_dep):
            m = _lookup(" ".join(words[:i]), tail_dep)
            if m.status != "unknown" and _within(m, tail_dep, ()):
                return _as(query, m), None
            return None, tail_dep
    return None, None


@lru_cache(maxsize=65536)
def _lookup(query: str, department: str | None) -> PlaceMatch:
    dep = lookup_department(department) if department else None
    key = fold(query)
    if not key or key in _NO_PLACE:
        return PlaceMatch(query, "unknown", None, dep)
    key = _COUNTRY.sub("", key).strip()
    if not key:  # the country alone
        return PlaceMatch(query, "unknown", None, dep)
    if _DEPARTMENT_PREFIX.match(key):
        code = lookup_department(key)
        if code is not None:
            return PlaceMatch(query, "department", None, code)
    index = _index()
    plain, s_readings = _variants(key)
    for v in plain:
        if (keys := index.get(v)) and (m := _resolve(keys, query, dep)) is not None:
            return m
    found = [m for v in s_readings if (k := index.get(v)) and (m := _resolve(k, query, dep))]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        codes = sorted({c for m in found for c in (m.district_code, *m.candidates) if c})
        return PlaceMatch(query, "ambiguous", None, None, tuple(codes))
    parts = [p.strip() for p in _SEPARATORS.split(query)]
    parts = [p for p in parts if fold(p) and not _COUNTRY.fullmatch(fold(p))]
    if len(parts) > 1:
        return _from_parts(parts, query, dep)
    m, tail_dep = _from_words(key, query, dep)
    if m is not None:
        return m
    if (m := _truncated(plain[-1], query, dep)) is not None:
        return m
    if (keys := _fuzzy(plain[-1], dep)) and (m := _resolve(keys, query, dep)) is not None:
        return m
    return PlaceMatch(query, "unknown", None, dep or tail_dep)


def lookup_place(name: str | None, *, department: str | None = None) -> PlaceMatch:
    """Find the district (or municipality, or department) a place name refers to.

    Parameters
    ----------
    name
        A place name as written: any case, with or without accents, old names
        ("Nueva San Salvador"), short forms ("Cojute", "Sonso"), abbreviations ("Sn
        Salvador", "Cd. Delgado", "Sta. Ana"), prefixes ("municipio de Apopa"), a
        trailing department, municipality or country ("Soyapango, San Salvador",
        "Mejicanos, S.S.", "Apopa San Salvador", "Soyapango, El Salvador"), a
        neighbourhood before the town ("Col. Santa Lucía, Ilopango") or a district
        code ("0608"). See the module docstring for how ambiguous shapes are read.
        A name cut short ("San Pablo") gives the districts it can be the start of.
        Misspellings are corrected only when one name is clearly the closest
        (difflib ratio at least 0.9 and well ahead of the next).
    department
        Department code, ISO code or name; it settles names shared by districts of
        two departments ("San Lorenzo", "El Rosario"...).

    Returns
    -------
    PlaceMatch
        ``status`` says what was found; ``"ambiguous"`` lists the candidates and
        ``"unknown"`` means nothing matched. Never raises.

    Examples
    --------
    >>> lookup_place("Cd. Delgado").district_code
    '0614'
    >>> lookup_place("San Salvador Centro").status
    'municipality'
    >>> lookup_place("Colonia Escalón").status
    'unknown'
    """
    if name is None or not isinstance(name, str):
        name = "" if name is None else str(name)
    return _lookup(name.strip(), department.strip() if isinstance(department, str) else None)
