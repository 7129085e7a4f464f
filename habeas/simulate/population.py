"""The true people detained: who they are and how they were arrested.

Vectorised draws from the scenario's population stream. Dates are numpy
``datetime64[D]`` arrays (``NaT`` when there is none) until the writers format them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from habeas.domain.dui import make_dui
from habeas.domain.names import aliases_table, given_names_table, surnames_table
from habeas.simulate.places import PlaceTable
from habeas.simulate.spec import ScenarioSpec

__all__ = ["ARREST_CURVE", "arrest_dates", "draw_people"]

#: Cumulative share of all arrests by date, from the reported official curve scaled to
#: ~73k at 31 Dec 2023 (>1,400 in 3 days; >16k by 26 Apr; 36k by 1 Jun; 50k by 24 Aug;
#: 56.8k by mid-Oct; 58k in Nov 2022; ~64k early 2023; ~68k in May 2023).
ARREST_CURVE: tuple[tuple[str, float], ...] = (
    ("2022-03-27", 0.0),
    ("2022-03-30", 0.019),
    ("2022-04-26", 0.219),
    ("2022-06-01", 0.497),
    ("2022-08-24", 0.689),
    ("2022-10-15", 0.778),
    ("2022-11-30", 0.795),
    ("2023-02-28", 0.877),
    ("2023-05-31", 0.932),
    ("2024-01-01", 1.0),
)

_AUTHORITY = (("joint", 0.50), ("pnc", 0.38), ("faes", 0.08), ("other", 0.04))
_GROUNDS = (
    ("anonymous_tip", 0.24),
    ("community", 0.20),
    ("none_stated", 0.18),
    ("appearance", 0.14),
    ("prior_record", 0.14),
    ("refused_information", 0.05),
    ("other", 0.05),
)
_OCCUPATIONS_M = (
    ("jornalero", 14), ("agricultor", 12), ("albañil", 10), ("motorista", 6),
    ("mecánico", 6), ("empleado de maquila", 5), ("panadero", 4), ("carpintero", 3),
    ("pescador", 2), ("ayudante de bus", 4), ("electricista", 3), ("desempleado", 10),
    ("vigilante", 3), ("pintor", 3), ("bodeguero", 3), ("repartidor", 4),
)  # fmt: skip
_OCCUPATIONS_F = (
    ("ama de casa", 30), ("empleada de maquila", 12), ("cocinera", 6),
    ("empleada doméstica", 10), ("costurera", 5), ("cosmetóloga", 4), ("desempleada", 12),
    ("dependienta", 6),
)  # fmt: skip
# Occupation written for a group member (first matching group wins); "{o}" = o/a.
_GROUP_OCCUPATION = {
    "journalist": "periodista",
    "lawyer": "abogad{o}",
    "judicial_official": "colaborador{a} judicial",
    "hr_defender": "promotor{a} de derechos humanos",
    "public_employee": "emplead{o} municipal",
    "union_member": "obrer{o} sindicalizad{o}",
    "student": "estudiante",
    "street_vendor": "vendedor{a} ambulante",
}


def _pick(rng: np.random.Generator, table: tuple[tuple[str, float], ...], n: int) -> np.ndarray:
    labels = np.array([t[0] for t in table], dtype=object)
    p = np.array([t[1] for t in table], dtype=float)
    return labels[rng.choice(len(labels), size=n, p=p / p.sum())]


def arrest_dates(spec: ScenarioSpec, rng: np.random.Generator, n: int) -> np.ndarray:
    """Arrest dates following :data:`ARREST_CURVE`, truncated to the scenario's dates.

    Returns
    -------
    numpy.ndarray
        ``datetime64[D]``, sorted.
    """
    start, end = np.datetime64(spec.start_date), np.datetime64(spec.end_date)
    days = np.arange(start, end + 1)
    knots = np.array([np.datetime64(d) for d in (k for k, _ in ARREST_CURVE)])
    cum = np.interp(
        (np.append(days, end + 1) - knots[0]).astype(float),
        (knots - knots[0]).astype(float),
        [s for _, s in ARREST_CURVE],
    )
    p = np.diff(cum)
    p = np.clip(p, 0, None)
    idx = rng.choice(len(days), size=n, p=p / p.sum())
    return np.sort(days[idx])


def _names(rng: np.random.Generator, sex: np.ndarray, spec: ScenarioSpec) -> dict[str, np.ndarray]:
    n = len(sex)
    given = given_names_table()
    out: dict[str, np.ndarray] = {}
    first = np.empty(n, dtype=object)
    second = np.empty(n, dtype=object)
    for s in ("F", "M"):
        names = np.array([g[0] for g in given if g[1] == s], dtype=object)
        w = np.array([g[2] for g in given if g[1] == s], dtype=float)
        mask = sex == s
        k = int(mask.sum())
        i1 = rng.choice(len(names), size=k, p=w / w.sum())
        # The second given name differs from the first: shift by a random non-zero step.
        i2 = (i1 + rng.integers(1, len(names), size=k)) % len(names)
        first[mask], second[mask] = names[i1], names[i2]
    two = rng.random(n) < 0.7
    out["given_names"] = np.where(two, first + " " + second, first)
    sur = surnames_table()
    snames = np.array([s[0] for s in sur], dtype=object)
    sw = np.array([s[1] for s in sur], dtype=float)
    sw = sw / sw.sum()
    out["surname_1"] = snames[rng.choice(len(snames), size=n, p=sw)]
    s2 = snames[rng.choice(len(snames), size=n, p=sw)]
    out["surname_2"] = np.where(rng.random(n) < spec.share_single_surname, None, s2)
    out["married_surname"] = snames[rng.choice(len(snames), size=n, p=sw)]
    aliases = np.array(aliases_table(), dtype=object)
    out["alias"] = aliases[rng.integers(0, len(aliases), size=n)]
    return out


def _groups(
    rng: np.random.Generator, spec: ScenarioSpec, sex: np.ndarray, minor: np.ndarray
) -> np.ndarray:
    n = len(sex)
    member: list[np.ndarray] = []
    for code, rate in spec.group_rates:
        p = np.full(n, rate)
        if code == "street_vendor":
            p[sex == "F"] *= 2.0
        if code == "student":
            p[minor] = 0.55
        elif code != "street_vendor":
            p[minor] = 0.0
        member.append(rng.random(n) < p)
    codes = [c for c, _ in spec.group_rates]
    joined = np.full(n, "", dtype=object)
    for code, m in zip(codes, member, strict=True):
        joined = np.where(m, np.where(joined == "", code, joined + ";" + code), joined)
    return np.where(joined == "", "none", joined)


def _occupation(
    rng: np.random.Generator, sex: np.ndarray, groups: np.ndarray, minor: np.ndarray
) -> np.ndarray:
    n = len(sex)
    fem = sex == "F"
    occ = np.where(fem, _pick(rng, _OCCUPATIONS_F, n), _pick(rng, _OCCUPATIONS_M, n))
    occ = np.where(minor, "estudiante", occ)
    in_group = pd.Series(groups, dtype=object)
    for code, label in reversed(_GROUP_OCCUPATION.items()):
        has = in_group.str.contains(code, regex=False).to_numpy(dtype=bool)
        female = label.replace("{o}", "a").replace("{a}", "a")
        male = label.replace("{o}", "o").replace("{a}", "")
        occ = np.where(has, np.where(fem, female, male), occ)
    return occ


def draw_people(spec: ScenarioSpec, rng: np.random.Generator, places: PlaceTable) -> pd.DataFrame:
    """The true people: identity, residence, arrest circumstances.

    Parameters
    ----------
    spec
        The scenario.
    rng
        The population stream.
    places
        Districts with residence weights (:func:`habeas.simulate.places.place_table`).

    Returns
    -------
    pandas.DataFrame
        One row per person in arrest-date order; ``person_id`` is not yet assigned.
    """
    n = spec.n_total
    arrest = arrest_dates(spec, rng, n)
    sex = np.where(rng.random(n) < spec.share_women, "F", "M").astype(object)
    minor = rng.random(n) < spec.share_minors
    # Adults: 18 + a gamma with mean ~14 years (detainees are mostly young men);
    # minors: 12-17, older ones more often.
    years = np.where(
        minor,
        12 + rng.choice(6, size=n, p=np.array([1, 2, 3, 5, 7, 9]) / 27) + rng.random(n),
        np.minimum(18 + rng.gamma(2.2, 6.5, size=n), 79.9),
    )
    birth = arrest - np.round(years * 365.2425).astype("timedelta64[D]")
    a, b = pd.DatetimeIndex(arrest), pd.DatetimeIndex(birth)
    age = a.year - b.year - ((a.month < b.month) | ((a.month == b.month) & (a.day < b.day)))
    age = np.asarray(age, dtype=int)
    adult = age >= 18
    out: dict[str, object] = {"sex": sex, "birth_date": birth, "age": age}
    out.update(_names(rng, sex, spec))
    married = (sex == "F") & (age >= 22) & (rng.random(n) < spec.share_married_women_de)
    out["married_surname"] = np.where(married, out["married_surname"], None)
    with_alias = (sex == "M") & (rng.random(n) < spec.share_with_alias)
    out["alias"] = np.where(with_alias, out["alias"], None)
    first8 = rng.choice(7_000_000, size=n, replace=False)
    out["dui"] = np.array(
        [make_dui(f"{x:08d}") if ok else None for x, ok in zip(first8, adult, strict=True)],
        dtype=object,
    )
    home = rng.choice(len(places.code), size=n, p=places.weight)
    out["residence_district"] = places.code[home]
    out["residence_department"] = places.department_code[home]
    out["urban"] = rng.random(n) < places.urban_share[home]
    out["gang_presence"] = np.round(places.gang_presence[home], 3)
    groups = _groups(rng, spec, sex, ~adult)
    out["groups"] = groups
    out["occupation"] = _occupation(rng, sex, groups, ~adult)
    # Arrested at home most of the time; otherwise elsewhere in the same department.
    elsewhere = rng.random(n) < 0.15
    other = np.empty(n, dtype=int)
    for dep in np.unique(places.department_code):
        in_dep = np.flatnonzero(places.department_code == dep)
        w = places.weight[in_dep] / places.weight[in_dep].sum()
        sel = places.department_code[home] == dep
        other[sel] = in_dep[rng.choice(len(in_dep), size=int(sel.sum()), p=w)]
    out["arrest_date"] = arrest
    out["arrest_district"] = np.where(elsewhere, places.code[other], places.code[home])
    out["authority"] = _pick(rng, _AUTHORITY, n)
    warrant = rng.random(n) < spec.share_warrant_shown
    flagrante = (rng.random(n) < spec.share_in_flagrante) & ~warrant
    g1 = _pick(rng, _GROUNDS, n)
    g2 = _pick(rng, _GROUNDS, n)
    # A second ground for some; "no reason stated" never comes with another.
    pair = (rng.random(n) < 0.3) & (g1 != g2) & (g1 != "none_stated") & (g2 != "none_stated")
    grounds = np.where(pair, g1 + ";" + g2, g1)
    grounds = np.where(warrant, "judicial_warrant", grounds)
    grounds = np.where(flagrante, "in_flagrante", grounds)
    out["grounds"] = grounds
    out["warrant_shown"] = np.where(warrant, "yes", "no").astype(object)
    out["in_flagrante"] = np.where(flagrante, "yes", "no").astype(object)
    return pd.DataFrame(out)
