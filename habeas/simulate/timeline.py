"""What happened to each person after arrest: hearing, prison, transfer, release, death.

The flow follows the domain notes (section 6): arrest → PNC cells (*bartolinas*) → a
first hearing, mostly mass and mostly after 72 hours (the regime allowed 15 days) →
provisional detention in a prison chosen by sex, age, region and date (CECOT only from
February 2023; women to Ilopango; minors to a juvenile centre) → a few transfers to
CECOT, few releases, and a few hundred deaths in custody peaking in May-June 2022.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from habeas.domain.custody import StepKind
from habeas.simulate.spec import ScenarioSpec

__all__ = ["DEATH_MONTH_WEIGHTS", "draw_custody"]

NAT = np.datetime64("NaT", "D")
CECOT_OPENS = np.datetime64("2023-02-01")

#: Relative number of deaths in custody per month (SJH counted 20 in May and 41 in June
#: 2022; Cristosal 139 in the first year and 265 by April 2024).
DEATH_MONTH_WEIGHTS: dict[str, float] = {
    "2022-03": 1, "2022-04": 6, "2022-05": 20, "2022-06": 41, "2022-07": 25,
    "2022-08": 18, "2022-09": 14, "2022-10": 12, "2022-11": 11, "2022-12": 10,
    "2023-01": 10, "2023-02": 9, "2023-03": 9, "2023-04": 8, "2023-05": 8, "2023-06": 8,
    "2023-07": 8, "2023-08": 8, "2023-09": 8, "2023-10": 8, "2023-11": 8, "2023-12": 8,
}  # fmt: skip

# Men's prisons: base weight and region (west, centre, east); a person is sent to a
# prison of their own region four times as often.
_PRISONS = (
    ("la_esperanza", 0.34, "c"), ("izalco", 0.30, "w"), ("apanteos", 0.07, "w"),
    ("quezaltepeque", 0.06, "c"), ("san_miguel", 0.07, "e"), ("zacatecoluca", 0.04, "c"),
    ("ciudad_barrios", 0.03, "e"), ("usulutan", 0.02, "e"), ("sonsonate", 0.02, "w"),
    ("cojutepeque", 0.02, "c"), ("chalatenango", 0.01, "c"), ("metapan", 0.01, "w"),
    ("sensuntepeque", 0.005, "c"), ("san_vicente", 0.005, "c"),
)  # fmt: skip
_REGION = {"01": "w", "02": "w", "03": "w", "11": "e", "12": "e", "13": "e", "14": "e"}
_CECOT_SHARE = 0.25  # of men sent to prison from February 2023
_TRANSFER_FROM = ("la_esperanza", "izalco", "zacatecoluca", "quezaltepeque", "apanteos")

_CAUSE = (
    ("violence", 0.30), ("medical_neglect", 0.22), ("illness", 0.14),
    ("pulmonary_oedema", 0.12), ("malnutrition", 0.06), ("asphyxia", 0.05),
    ("unknown", 0.07), ("suicide", 0.02), ("covid", 0.02),
)  # fmt: skip
_SIGNS_BY_CAUSE = {
    "violence": 0.95, "asphyxia": 0.8, "pulmonary_oedema": 0.55, "medical_neglect": 0.35,
    "malnutrition": 0.3, "illness": 0.2, "unknown": 0.45, "suicide": 0.5, "covid": 0.1,
}  # fmt: skip
_OFFICIAL_CAUSE = (
    ("pulmonary_oedema", 0.35), ("illness", 0.30), ("unknown", 0.20), ("covid", 0.05),
    ("suicide", 0.05), ("asphyxia", 0.05),
)  # fmt: skip


def _pick(rng: np.random.Generator, table: tuple[tuple[str, float], ...], n: int) -> np.ndarray:
    labels = np.array([t[0] for t in table], dtype=object)
    p = np.array([t[1] for t in table], dtype=float)
    return labels[rng.choice(len(labels), size=n, p=p / p.sum())]


def _hearing_days(spec: ScenarioSpec, rng: np.random.Generator, n: int) -> np.ndarray:
    u = rng.random(n)
    within = u < spec.share_hearing_within_72h
    beyond = u >= 1 - spec.share_hearing_beyond_15d
    mid = np.arange(4, 16)
    # Many hearings near the end of the 15-day window.
    d_mid = rng.choice(mid, size=n, p=(mid - 2.0) / (mid - 2.0).sum())
    d_beyond = 15 + rng.geometric(1 / 12, size=n)
    return np.select([within, beyond], [rng.integers(1, 4, size=n), d_beyond], d_mid)


def _first_prison(rng: np.random.Generator, people: pd.DataFrame, when: np.ndarray) -> np.ndarray:
    n = len(people)
    codes = np.array([p[0] for p in _PRISONS], dtype=object)
    base = np.array([p[1] for p in _PRISONS])
    region = people["residence_department"].map(lambda d: _REGION.get(d, "c")).to_numpy()
    w = base[None, :] * np.where(region[:, None] == np.array([p[2] for p in _PRISONS]), 4.0, 1.0)
    cum = np.cumsum(w, axis=1)
    pick = (rng.random(n)[:, None] * cum[:, -1:] < cum).argmax(axis=1)
    centre = codes[pick]
    to_cecot = (when >= CECOT_OPENS) & (rng.random(n) < _CECOT_SHARE)
    centre = np.where(to_cecot, "cecot", centre)
    centre = np.where(people["sex"].to_numpy() == "F", "ilopango_women", centre)
    return np.where(people["age"].to_numpy() < 18, "juvenile_centre", centre)


def _days(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (b - a).astype("timedelta64[D]").astype(float)


def _death_dates(spec: ScenarioSpec, rng: np.random.Generator, k: int) -> np.ndarray:
    start, end = np.datetime64(spec.start_date), np.datetime64(spec.end_date)
    months = [m for m in DEATH_MONTH_WEIGHTS if np.datetime64(m) <= end]
    w = np.array([DEATH_MONTH_WEIGHTS[m] for m in months], dtype=float)
    first = np.array([np.datetime64(m + "-01") for m in months])
    last = np.array([np.datetime64(m, "M") + 1 for m in months]).astype("datetime64[D]") - 1
    lo = np.maximum(first, start + 2)
    hi = np.minimum(last, end)
    # Expected count per month, rounded; the remainders go to months drawn at random, so
    # the May-June 2022 peak shows even in a small scenario.
    expected = k * w / w.sum()
    counts = np.floor(expected).astype(int)
    rest = k - counts.sum()
    if rest:
        extra = rng.choice(
            len(months), size=rest, replace=False, p=(expected - counts) / (expected - counts).sum()
        )
        counts[extra] += 1
    m = np.repeat(np.arange(len(months)), counts)
    span = _days(lo[m], hi[m]) + 1
    return np.sort(lo[m] + np.floor(rng.random(k) * span).astype("timedelta64[D]"))


def _choose_dead(
    rng: np.random.Generator, people: pd.DataFrame, deaths: np.ndarray, released: np.ndarray
) -> np.ndarray:
    """For each death date, a person held at that date (weighted); people are sorted by
    arrest date, so the eligible set is a prefix and a draw is a binary search."""
    arrest = people["arrest_date"].to_numpy("datetime64[D]")
    age = people["age"].to_numpy()
    w = np.where(people["sex"].to_numpy() == "M", 3.0, 1.0)
    w *= np.where(age < 18, 0.3, 1.0 + np.maximum(age - 30, 0) / 15)
    cw = np.cumsum(w)
    taken = np.zeros(len(people), dtype=bool)
    chosen = np.empty(len(deaths), dtype=int)
    for j, t in enumerate(deaths):
        k = int(np.searchsorted(arrest, t - 2, side="right"))
        while True:
            i = int(np.searchsorted(cw, rng.random() * cw[k - 1], side="right"))
            i = min(i, k - 1)
            if not taken[i] and not (released[i] <= t):
                break
        taken[i] = True
        chosen[j] = i
    return chosen


def draw_custody(
    spec: ScenarioSpec, rng: np.random.Generator, people: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Draw each person's custody path.

    Parameters
    ----------
    spec, rng
        The scenario and its custody stream.
    people
        :func:`habeas.simulate.population.draw_people` output (arrest-date order).

    Returns
    -------
    columns : pandas.DataFrame
        New columns for ``people`` (same index): the canonical custody fields plus the
        truth-only ``first_centre``, ``transfer_date``, ``hearing_group_size`` and
        ``death_cause_official``.
    steps : pandas.DataFrame
        ``row`` (position in ``people``), ``kind``, ``date``, ``centre``, ``note``.
    """
    n = len(people)
    end = np.datetime64(spec.end_date)
    arrest = people["arrest_date"].to_numpy("datetime64[D]")

    r = rng.random(n)
    delay = np.where(
        r < 0.3, rng.integers(0, 3, size=n), np.round(rng.lognormal(np.log(12), 0.8, n))
    )
    known = arrest + delay.astype("timedelta64[D]")
    known[(r >= 1 - spec.share_whereabouts_never_known) | (known > end)] = NAT

    hearing = arrest + _hearing_days(spec, rng, n).astype("timedelta64[D]")
    hearing[hearing > end] = NAT
    heard = ~np.isnat(hearing)
    mass = rng.random(n) < spec.share_mass_hearing
    size = np.where(mass, np.minimum(20 + rng.lognormal(np.log(150), 0.9, n), 1500), 1).round()
    p_counsel = np.where(mass, spec.share_counsel_mass, spec.share_counsel_individual)
    counsel = rng.random(n) < p_counsel
    first = _first_prison(rng, people, hearing)

    # Releases: more likely for women, minors, group members and people with counsel,
    # and for those held longer (arrested early); at the first hearing for a quarter.
    avail = np.where(heard, _days(hearing, np.full(n, end)), 0.0)
    w = avail * np.where(people["sex"].to_numpy() == "F", 2.0, 1.0)
    w *= np.where(people["age"].to_numpy() < 18, 3.0, 1.0)
    w *= np.where(people["groups"].to_numpy() != "none", 1.5, 1.0)
    w *= np.where(counsel, 1.5, 1.0)
    p_rel = np.clip(spec.share_released * n * w / max(w.sum(), 1e-9), 0, 0.95)
    released = (rng.random(n) < p_rel) & heard
    at_hearing = released & (rng.random(n) < 0.25)
    later = np.ceil(rng.beta(1.2, 2.0, n) * avail).astype("timedelta64[D]")
    release = np.where(released, np.where(at_hearing, hearing, hearing + later), NAT)
    provisional = np.where(heard & ~at_hearing, hearing, NAT)

    can_move = np.isin(first, _TRANSFER_FROM) & (provisional < CECOT_OPENS)
    moved = can_move & (rng.random(n) < spec.share_transferred_to_cecot)
    offset = np.floor(rng.random(n) * (_days(CECOT_OPENS, end) + 1)).astype("timedelta64[D]")
    transfer = np.where(moved, CECOT_OPENS + offset, NAT)
    transfer[release <= transfer] = NAT

    # Deaths: a fixed number, dated by the monthly profile, each given to someone held.
    k = round(spec.deaths_per_10k * n / 10_000)
    death_dates = _death_dates(spec, rng, k)
    dead_rows = _choose_dead(rng, people, death_dates, release)
    death = np.full(n, NAT)
    death[dead_rows] = death_dates
    died = ~np.isnat(death)
    release[died] = NAT
    transfer[died & (transfer >= death)] = NAT
    for arr in (hearing, provisional):
        arr[died & (arr >= death)] = NAT
    heard = ~np.isnat(hearing)

    def centre_at(t: np.ndarray) -> np.ndarray:
        in_prison = ~np.isnat(provisional) & (provisional <= t)
        c = np.where(in_prison, first, "police_cells")
        return np.where(~np.isnat(transfer) & (transfer <= t), "cecot", c)

    last = np.where(died, death, np.where(~np.isnat(release), release, end))
    held = centre_at(last)
    cause = np.where(died, _pick(rng, _CAUSE, n), None)
    signs_p = np.array([_SIGNS_BY_CAUSE.get(c, 0.0) if c else 0.0 for c in cause])
    signs = rng.random(n) < signs_p
    hospital = rng.random(n) < spec.share_died_in_hospital
    official = _pick(rng, _OFFICIAL_CAUSE, n)

    def yes_no(flag: np.ndarray, known_mask: np.ndarray) -> np.ndarray:
        return np.where(known_mask, np.where(flag, "yes", "no"), None)

    cols = pd.DataFrame(
        {
            "detention_centre": held,
            "whereabouts_known_date": known,
            "first_hearing_date": hearing,
            "hearing_type": np.where(heard, np.where(mass, "mass", "individual"), None),
            "counsel_access": yes_no(counsel, heard),
            "provisional_detention_date": provisional,
            "released_date": release,
            "died_in_custody": np.where(died, "yes", "no"),
            "death_date": death,
            "death_place": np.where(died, np.where(hospital, "hospital", held), None),
            "death_cause": cause,
            "signs_of_violence": yes_no(signs, died),
            "first_centre": np.where(heard & ~np.isnat(provisional), first, None),
            "transfer_date": transfer,
            "hearing_group_size": pd.array(np.where(heard, size, np.nan)).astype("Int64"),
            "death_cause_official": np.where(died, official, None),
        },
        index=people.index,
    )
    return cols, _steps(arrest, cols)


def _steps(arrest: np.ndarray, c: pd.DataFrame) -> pd.DataFrame:
    n = len(arrest)
    mass = c["hearing_type"].to_numpy() == "mass"
    size = c["hearing_group_size"].to_numpy(dtype=float, na_value=np.nan)
    note = np.where(mass, [f"mass hearing, about {s:.0f} people" for s in size], "individual")

    def const(value: str | None) -> np.ndarray:
        return np.full(n, value, dtype=object)

    K = StepKind
    parts = [  # kind, date, centre, note; in the order steps happen on the same day
        (K.ARREST, arrest, const(None), const(None)),
        (K.POLICE_CUSTODY, arrest, const("police_cells"), const(None)),
        (K.WHEREABOUTS_KNOWN, c["whereabouts_known_date"], const(None), const(None)),
        (K.FIRST_HEARING, c["first_hearing_date"], const(None), note),
        (K.PROVISIONAL_DETENTION, c["provisional_detention_date"], c["first_centre"], const(None)),
        (K.TRANSFER, c["transfer_date"], const("cecot"), const(None)),
        (K.RELEASE, c["released_date"], const(None), const(None)),
        (K.DEATH, c["death_date"], c["death_place"], c["death_cause"]),
    ]
    frames = []
    for order, (kind, date, centre, text) in enumerate(parts):
        date = np.asarray(date, dtype="datetime64[D]")
        ok = ~np.isnat(date)
        frame = {
            "row": np.flatnonzero(ok),
            "order": order,
            "kind": kind.value,
            "date": date[ok],
            "centre": np.asarray(centre, dtype=object)[ok],
            "note": np.asarray(text, dtype=object)[ok],
        }
        frames.append(pd.DataFrame(frame))
    steps = pd.concat(frames, ignore_index=True)
    steps = steps.sort_values(["row", "date", "order"], kind="stable").drop(columns="order")
    return steps.reset_index(drop=True)
