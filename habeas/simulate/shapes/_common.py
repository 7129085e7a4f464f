"""What the five list shapes share: the Shape result and small formatting helpers."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from habeas.domain.gazetteer import department, district
from habeas.simulate.labels import AUTHORITY, RELATION, centre_labels, choose
from habeas.simulate.noise import strip_accents

__all__ = [
    "Shape",
    "bad_date_text",
    "centres",
    "department_names",
    "district_names",
    "full_name",
    "is_blank",
    "join_labels",
    "relations",
    "seq_within",
    "text_fix",
    "yes_no",
]


@dataclass
class Shape:
    """A list as its source writes it, with what ingest needs to read it back.

    ``frame`` holds the cells in file order (headers as in the file); ``columns``
    maps canonical fields to headers; ``intended`` gives, for controlled fields, the
    canonical code each cell stands for (used to build the mapping's value maps).
    """

    frame: pd.DataFrame
    record_ids: np.ndarray
    columns: dict[str, str]
    intended: dict[str, np.ndarray] = field(default_factory=dict)
    format: dict[str, object] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)


def is_blank(v: object) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA


def full_name(d: pd.DataFrame, *, surnames_first: bool = False) -> np.ndarray:
    """``José Antonio Hernández López`` / ``Carmen Rosa Núñez de Gómez``, or
    ``HERNÁNDEZ LÓPEZ, José Antonio`` with ``surnames_first``."""
    out = np.empty(len(d), dtype=object)
    cols = zip(d["given_names"], d["surname_1"], d["surname_2"], d["married_surname"], strict=True)
    for i, (g, s1, s2, m) in enumerate(cols):
        surnames = " ".join(s for s in (s1, s2) if not is_blank(s))
        if not is_blank(m):
            surnames += f" de {m}"
        if surnames_first:
            out[i] = f"{surnames.upper()}, {g}"
        else:
            out[i] = f"{g} {surnames}"
    return out


def text_fix(values: np.ndarray, no_accents: np.ndarray, *, upper: bool = False) -> np.ndarray:
    """Drop accents on the flagged rows (and upper-case all rows if asked)."""
    out = np.asarray(values, dtype=object).copy()
    for i, v in enumerate(out):
        if is_blank(v) or not isinstance(v, str):
            continue
        if no_accents[i]:
            v = strip_accents(v)
        out[i] = v.upper() if upper else v
    return out


def district_names(codes: np.ndarray) -> np.ndarray:
    """District (pre-2024 municipality) names for district codes."""
    return np.array([None if is_blank(c) else district(c).name for c in codes], dtype=object)


def department_names(codes: np.ndarray) -> np.ndarray:
    """Department names for department codes."""
    return np.array([None if is_blank(c) else department(c).name for c in codes], dtype=object)


def centres(codes: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A human name for each centre code ("Mariona", "Penal de Izalco", "CECOT")."""
    table = {c: centre_labels(c) for c in {c for c in codes if not is_blank(c)}}
    return choose(codes, table, rng)


def relations(codes: np.ndarray, sex: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Relationship labels that agree with the detainee's sex ("Esposa" of a man)."""
    u = rng.random(len(codes))
    out = np.empty(len(codes), dtype=object)
    for i, (c, s) in enumerate(zip(codes, sex, strict=True)):
        labels = RELATION[c][1 if s == "F" else 0]
        out[i] = labels[int(u[i] * len(labels))]
    return out


def authorities(codes: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Authority labels ("PNC", "Soldados", "PNC y FAES")."""
    return choose(codes, AUTHORITY, rng)


def join_labels(
    codes: np.ndarray, table: dict[str, tuple[str, ...]], sep: str, rng: np.random.Generator
) -> np.ndarray:
    """Multi-valued cells: each ``;``-separated code written as a label, joined by ``sep``."""
    u = rng.random(len(codes))
    out = np.empty(len(codes), dtype=object)
    for i, c in enumerate(codes):
        if is_blank(c):
            out[i] = None
            continue
        parts = []
        for code in str(c).split(";"):
            labels = table[code]
            parts.append(labels[int(u[i] * len(labels))])
        out[i] = sep.join(parts)
    return out


def yes_no(values: np.ndarray, yes: str, no: str | None) -> np.ndarray:
    """``yes``/``no`` codes written as the list does (``no=None`` leaves "no" blank)."""
    return np.array(
        [yes if v == "yes" else (no if v == "no" else None) for v in values], dtype=object
    )


def seq_within(keys: np.ndarray) -> np.ndarray:
    """1, 2, 3... within each key, in row order (for ids like DEN-2022-00017)."""
    return pd.Series(keys).groupby(pd.Series(keys)).cumcount().to_numpy() + 1


_BAD = {
    "dmy": ("31/02/{y}", "30/02/{y}", "31/04/{y}", "31/06/{y}", "31/09/{y}", "31/11/{y}"),
    "iso": ("{y}-02-30", "{y}-02-31", "{y}-04-31", "{y}-06-31", "{y}-11-31"),
    "long": ("30 de febrero de {y}", "31 de abril de {y}", "31 de junio de {y}"),
}


def bad_date_text(years: np.ndarray, style: str, rng: np.random.Generator) -> np.ndarray:
    """Impossible dates as people type them ("31/02/2022"): the quarantine bait."""
    forms = _BAD[style]
    pick = rng.integers(0, len(forms), size=len(years))
    return np.array([forms[k].format(y=y) for k, y in zip(pick, years, strict=True)], dtype=object)
