"""Gazetteer of El Salvador: 14 departments, 44 municipalities and 262 districts.

Since the municipal reform of 2023 (Legislative Decree 762, in force 1 May 2024) the
262 former municipalities are *districts* grouped into 44 new municipalities. People
and lists still use the old municipality names ("Soyapango", "Mejicanos"), so places
are stored as **district codes**: the department code plus a two-digit running number
within the department (``"0608"`` = Soyapango). The running number is ours, not an
official code (see ``data/el_salvador/README.md``).

Data: ``habeas/domain/data/el_salvador/`` (departments, municipalities, districts and
their census populations, with sources) and ``place_aliases.csv`` (old names, short
forms and misspellings, each with a note).

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
from typing import Literal

from habeas.domain.errors import HabeasError
from habeas.domain.vocab import fold

__all__ = [
    "Department",
    "District",
    "Municipality",
    "PlaceMatch",
    "UnknownPlace",
    "department",
    "departments",
    "district",
    "districts",
    "lookup_department",
    "lookup_place",
    "municipalities",
]

_DATA = "data/el_salvador"


class UnknownPlace(HabeasError, KeyError):
    """No department or district has this code."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class Department:
    """A department (``code`` 01–14, ISO 3166-2 ``iso`` such as ``SV-SS``).

    ``population_status`` is ``"census"`` (2024 census figure) or ``"estimate"``
    (analyst estimate, see the data README); ``adults_2024_est`` is 0.74 × population.
    """

    code: str
    iso: str
    name: str
    capital: str
    population_2024: int
    population_status: str
    adults_2024_est: int


@dataclass(frozen=True)
class Municipality:
    """One of the 44 municipalities of the 2024 reform.

    ``code`` is ours: department code, ``M`` and the order within the department
    (``"06M4"`` = San Salvador Centro). ``population_2024`` is ``None`` where no census
    figure was found.
    """

    code: str
    name: str
    department_code: str
    department: str
    district_codes: tuple[str, ...]
    population_2024: int | None


@dataclass(frozen=True)
class District:
    """A district (a municipality before 2024).

    ``population_2024`` is the census figure where we have it (10 of 262).
    ``population_estimate`` is filled for every district: the census figure if known;
    else the municipality's figure, less its districts with a figure, split evenly over
    the others; else the department's remainder split evenly over its districts still
    without a figure. ``population_is_estimate`` says which. Estimates add up exactly
    to the department totals; use them for weights (the simulator draws arrests by
    them), never as facts.
    """

    code: str
    name: str
    municipality: str
    department_code: str
    department: str
    population_2024: int | None
    population_estimate: int
    population_is_estimate: bool


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


def _rows(name: str) -> list[dict[str, str]]:
    text = files("habeas.domain").joinpath(f"{_DATA}/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _int(s: str) -> int | None:
    return int(s) if s.strip() else None


def _split_evenly(total: int, n: int) -> list[int]:
    base, extra = divmod(max(total, 0), n)
    return [base + (1 if i < extra else 0) for i in range(n)]


@cache
def departments() -> tuple[Department, ...]:
    """The 14 departments, in code order."""
    return tuple(
        Department(
            code=r["code"],
            iso=r["iso_3166_2"],
            name=r["name"],
            capital=r["capital"],
            population_2024=int(r["population_2024"]),
            population_status=r["population_2024_status"],
            adults_2024_est=int(r["adults_2024_est"]),
        )
        for r in _rows("departments.csv")
    )


@cache
def _tables() -> tuple[tuple[Municipality, ...], tuple[District, ...]]:
    dept_names = {d.code: d.name for d in departments()}
    muni_rows = _rows("municipalities.csv")
    dist_rows = _rows("districts.csv")
    by_muni: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for r in dist_rows:
        by_muni[r["department_code"], r["municipality"]].append(r)

    munis: list[Municipality] = []
    seq: dict[str, int] = defaultdict(int)
    for r in muni_rows:
        dc = r["department_code"]
        seq[dc] += 1
        members = by_muni[dc, r["municipality"]]
        munis.append(
            Municipality(
                code=f"{dc}M{seq[dc]}",
                name=r["municipality"],
                department_code=dc,
                department=dept_names[dc],
                district_codes=tuple(
                    f"{dc}{int(m['district_seq_in_department']):02d}" for m in members
                ),
                population_2024=_int(r["population_2024"]),
            )
        )

    estimate = _estimate_populations(munis, dist_rows)
    dists = tuple(
        District(
            code=(code := f"{r['department_code']}{int(r['district_seq_in_department']):02d}"),
            name=r["district"],
            municipality=r["municipality"],
            department_code=r["department_code"],
            department=dept_names[r["department_code"]],
            population_2024=_int(r["population_2024"]),
            population_estimate=estimate[code],
            population_is_estimate=_int(r["population_2024"]) is None,
        )
        for r in dist_rows
    )
    return tuple(munis), tuple(sorted(dists, key=lambda d: d.code))


def _estimate_populations(
    munis: list[Municipality], dist_rows: list[dict[str, str]]
) -> dict[str, int]:
    """District population estimates that add up to municipality and department totals."""
    known = {
        f"{r['department_code']}{int(r['district_seq_in_department']):02d}": int(
            r["population_2024"]
        )
        for r in dist_rows
        if r["population_2024"].strip()
    }
    estimate = dict(known)
    # Districts of municipalities without a figure share the department's remainder.
    leftover: dict[str, list[str]] = defaultdict(list)
    remainder = {d.code: d.population_2024 for d in departments()}
    for m in munis:
        missing = [c for c in m.district_codes if c not in known]
        if m.population_2024 is not None:
            remainder[m.department_code] -= m.population_2024
            share = m.population_2024 - sum(known.get(c, 0) for c in m.district_codes)
            if missing:
                estimate.update(zip(missing, _split_evenly(share, len(missing)), strict=True))
        else:
            remainder[m.department_code] -= sum(known.get(c, 0) for c in m.district_codes)
            leftover[m.department_code].extend(missing)
    for dc, missing in leftover.items():
        estimate.update(zip(missing, _split_evenly(remainder[dc], len(missing)), strict=True))
    return estimate


def municipalities() -> tuple[Municipality, ...]:
    """The 44 municipalities of the 2024 reform, by department."""
    return _tables()[0]


def districts() -> tuple[District, ...]:
    """The 262 districts, in code order."""
    return _tables()[1]


@cache
def _district_by_code() -> dict[str, District]:
    return {d.code: d for d in districts()}


def district(code: str) -> District:
    """The district with this code (``"0608"``); raises :class:`UnknownPlace` otherwise."""
    try:
        return _district_by_code()[code]
    except KeyError:
        raise UnknownPlace(f"no district has the code {code!r}") from None


def department(code: str) -> Department:
    """The department with this code (``"06"``); raises :class:`UnknownPlace` otherwise."""
    for d in departments():
        if d.code == code:
            return d
    raise UnknownPlace(f"no department has the code {code!r}")


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
_FUZZY_CUTOFF = 0.9
_FUZZY_MARGIN = 0.06


@cache
def _index() -> dict[str, tuple[str, ...]]:
    """Folded name → keys: ``d:<district>``, ``m:<municipality code>``, ``D:<department>``."""
    index: dict[str, list[str]] = defaultdict(list)

    def add(name: str, key: str) -> None:
        k = fold(name)
        if key not in index[k]:
            index[k].append(key)

    for d in districts():
        add(d.name, f"d:{d.code}")
        add(d.code, f"d:{d.code}")
    for m in municipalities():
        add(m.name, f"m:{m.code}")
    by_name = {(d.department_code, fold(d.name)): d.code for d in districts()}
    for r in _rows("place_aliases.csv"):
        add(r["alias"], f"d:{by_name[r['department_code'], fold(r['district'])]}")
    for dep in departments():
        for name in (dep.name, dep.code, dep.iso):
            add(name, f"D:{dep.code}")
    return {k: tuple(v) for k, v in index.items()}


def _department_of(key: str) -> str:
    return key[2:4]  # every key is "<kind>:" followed by a code starting with the department


@lru_cache(maxsize=256)
def lookup_department(name: str | None) -> str | None:
    """The department code of a department code, ISO code or name, else ``None``.

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
        m = next(x for x in municipalities() if x.code == munis[0])
        only = m.district_codes[0] if len(m.district_codes) == 1 else None
        return PlaceMatch(query, "municipality", only, m.department_code, m.district_codes)
    if len(deps) == 1:
        return PlaceMatch(query, "department", None, deps[0])
    return None


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
    return tuple((fold(d.name), d.code) for d in districts())


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


@lru_cache(maxsize=65536)
def _lookup(query: str, department: str | None) -> PlaceMatch:
    dep = lookup_department(department) if department else None
    key = fold(query)
    if not key:
        return PlaceMatch(query, "unknown", None, None)
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
    # "Soyapango, San Salvador", "Col. Santa Lucía, Ilopango": a place written with its
    # department or its locality; the parts are read from the last one.
    parts = [p.strip() for p in re.split(r",|\s-\s|\(|\)", query) if p.strip()]
    if len(parts) > 1:
        if dep is None and (d2 := lookup_department(parts[-1])) is not None:
            parts, dep = parts[:-1], d2
        for part in reversed(parts):
            m = _lookup(part, dep)
            if m.status != "unknown":
                return PlaceMatch(query, m.status, m.district_code, m.department_code, m.candidates)
    if (m := _truncated(plain[-1], query, dep)) is not None:
        return m
    if (keys := _fuzzy(plain[-1], dep)) and (m := _resolve(keys, query, dep)) is not None:
        return m
    return PlaceMatch(query, "unknown", None, dep)


def lookup_place(name: str | None, *, department: str | None = None) -> PlaceMatch:
    """Find the district (or municipality, or department) a place name refers to.

    Parameters
    ----------
    name
        A place name as written: any case, with or without accents, old names
        ("Nueva San Salvador"), short forms ("Cojute"), abbreviations ("Sn Salvador",
        "Cd. Delgado", "Sta. Ana"), prefixes ("municipio de Apopa"), a trailing
        department or locality ("Soyapango, San Salvador", "Col. Santa Lucía,
        Ilopango") or a district code ("0608").
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
