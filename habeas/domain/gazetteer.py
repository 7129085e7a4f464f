"""Gazetteer of El Salvador: 14 departments, 44 municipalities and 262 districts.

Since the municipal reform of 2023 (Legislative Decree 762, in force 1 May 2024) the
262 former municipalities are *districts* grouped into 44 new municipalities. People
and lists still use the old municipality names ("Soyapango", "Mejicanos"), so places
are stored as **district codes**: the department code plus a two-digit running number
within the department (``"0608"`` = Soyapango). The running number is ours, not an
official code (see ``data/el_salvador/README.md``).

Data: ``habeas/domain/data/el_salvador/`` (departments, municipalities, districts and
their census populations, with sources). Reading place names as written in lists
(:func:`lookup_place`, :class:`PlaceMatch`, :func:`lookup_department`) lives in
:mod:`habeas.domain.places` and is re-exported here.

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
import io
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from habeas.domain.errors import HabeasError
from habeas.domain.places import PlaceMatch, lookup_department, lookup_place

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
