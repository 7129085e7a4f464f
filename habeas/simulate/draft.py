"""A source's records with the errors of its clerks, still in canonical form.

The draft is what a shape writer formats: names, DUIs, ages and dates already carry
their typos, swaps and blanks; ``errors`` lists, per record, every error applied (the
codes are the spec field names without ``_rate``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from habeas.simulate.noise import (
    blank,
    noisy_age,
    noisy_dates,
    noisy_dui,
    pick_bait,
    typo,
)
from habeas.simulate.spec import ScenarioSpec

__all__ = ["Style", "make_draft"]


@dataclass(frozen=True)
class Style:
    """How one source's clerks write (multipliers of the spec's error rates)."""

    date_fields: tuple[str, ...]  # dates the list has (each gets date noise)
    optional_fields: tuple[str, ...]  # fields sometimes left blank
    accent_drop: float = 1.0
    dui_missing: float = 1.0
    typo: float = 1.0
    alias_only: float = 0.0  # × spec.alias_only_rate (press only)


def _names(
    spec: ScenarioSpec, rng: np.random.Generator, d: pd.DataFrame, style: Style
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Noisy name columns, and the error flags they carry."""
    n = len(d)
    flags: dict[str, np.ndarray] = {}
    given = d["given_names"].to_numpy(dtype=object).copy()
    s1 = d["surname_1"].to_numpy(dtype=object).copy()
    s2 = d["surname_2"].to_numpy(dtype=object).copy()
    married = d["married_surname"].to_numpy(dtype=object).copy()

    two = np.array([" " in g for g in given], dtype=bool)
    first_only = two & (rng.random(n) < spec.first_given_name_only_rate)
    given[first_only] = [g.split(" ")[0] for g in given[first_only]]
    flags["first_given_name_only"] = first_only

    has2 = pd.notna(s2)
    drop2 = has2 & (rng.random(n) < spec.missing_second_surname_rate)
    s2[drop2] = None
    flags["missing_second_surname"] = drop2

    swap = pd.notna(s2) & (rng.random(n) < spec.surname_swap_rate)
    s1[swap], s2[swap] = s2[swap], d["surname_1"].to_numpy(dtype=object)[swap]
    flags["surname_swap"] = swap

    is_married = pd.notna(married)
    shown = is_married & (rng.random(n) < spec.married_form_rate)
    married[~shown] = None
    # "Carmen Rosa Núñez de Gómez": the maiden second surname often goes with "de".
    short = shown & pd.notna(s2) & (rng.random(n) < 0.5)
    s2[short] = None

    hit = rng.random(n) < spec.typo_rate * style.typo
    part = rng.choice(3, size=n, p=[0.4, 0.4, 0.2])
    for i in np.flatnonzero(hit):
        arr = (given, s1, s2)[part[i]]
        if pd.isna(arr[i]):
            arr = s1
        arr[i] = typo(str(arr[i]), rng)
    flags["typo"] = hit
    out = {"given_names": given, "surname_1": s1, "surname_2": s2, "married_surname": married}
    alias = d["alias"].to_numpy(dtype=object)
    only = pd.notna(alias) & (rng.random(n) < spec.alias_only_rate * style.alias_only)
    flags["alias_only"] = only
    out["alias_only"] = only
    return out, flags


def make_draft(
    spec: ScenarioSpec, rng: np.random.Generator, records: pd.DataFrame, style: Style, *, dui: bool
) -> pd.DataFrame:
    """Apply the clerks' errors to a source's records.

    Parameters
    ----------
    spec, rng
        The scenario and this source's noise stream.
    records
        :func:`habeas.simulate.records.draw_records` output.
    style
        The source's writing style.
    dui
        Whether the list has a DUI column.

    Returns
    -------
    pandas.DataFrame
        ``records`` with noisy values and the columns ``no_accents``, ``alias_only``,
        ``bad_date``, ``nameless`` (booleans) and ``errors`` (``;``-separated codes).
    """
    d = records.copy()
    n = len(d)
    names, flags = _names(spec, rng, d, style)
    for col, values in names.items():
        d[col] = values
    d["no_accents"] = rng.random(n) < min(spec.accent_drop_rate * style.accent_drop, 1.0)
    flags["accent_drop"] = d["no_accents"].to_numpy()
    if dui:
        values, gone, bad = noisy_dui(
            d["dui"].to_numpy(),
            rng,
            missing=min(spec.dui_missing_rate * style.dui_missing, 1.0),
            wrong=spec.dui_wrong_rate,
        )
        d["dui"] = values
        flags["dui_missing"], flags["dui_wrong"] = gone, bad
    age, flags["age_error"] = noisy_age(d["age"].to_numpy(), rng, spec.age_error_rate)
    d["age"] = pd.array(age, dtype="Float64").astype("Int64")
    wrong = np.zeros(n, dtype=bool)
    swapped = np.zeros(n, dtype=bool)
    for col in style.date_fields:
        dates, off, sw = noisy_dates(
            d[col].to_numpy("datetime64[D]"),
            rng,
            wrong_day=spec.wrong_day_rate,
            swap=spec.day_month_swap_rate,
        )
        d[col] = dates
        wrong |= off
        swapped |= sw
    flags["wrong_day"], flags["day_month_swap"] = wrong, swapped
    missing = np.zeros(n, dtype=bool)
    for col in style.optional_fields:
        values = d[col].to_numpy()
        if values.dtype.kind == "M":
            values = values.astype("datetime64[D]")
        d[col], hit = blank(values, rng, spec.missing_field_rate)
        missing |= hit
    flags["missing_field"] = missing
    bad, anon = pick_bait(
        n, rng, bad_date_rate=spec.bad_date_rate, nameless_rate=spec.nameless_row_rate
    )
    d["bad_date"], d["nameless"] = bad, anon
    # "No name at all": nothing identifies the person, not even a DUI or an alias.
    d.loc[anon, ["dui", "alias"]] = None
    flags["bad_date"], flags["nameless_row"] = bad, anon
    flags["duplicate"] = d["duplicate"].to_numpy(dtype=bool)
    codes = list(flags)
    matrix = np.column_stack([flags[c] for c in codes]) if codes else np.zeros((n, 0), bool)
    d["errors"] = [";".join(c for c, f in zip(codes, row, strict=True) if f) for row in matrix]
    return d
