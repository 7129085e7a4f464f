"""The errors people make when they write a list, each at a named rate of the spec.

Every function takes the values and a generator and returns the noisy values together
with a boolean mask of the records it changed, so the truth can say which error each
record carries (``truth/record_errors.csv``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "blank",
    "noisy_age",
    "noisy_dates",
    "noisy_dui",
    "pick_bait",
    "strip_accents",
    "typo",
]

NAT = np.datetime64("NaT", "D")

_ACCENTS = str.maketrans("áéíóúüÁÉÍÓÚÜñÑ", "aeiouuAEIOUUnN")
# Spelling confusions of Spanish: b/v, s/z/c, ll/y, a silent h, g/j before e and i.
_PHONETIC = (
    ("v", "b"), ("b", "v"), ("z", "s"), ("s", "z"), ("ll", "y"), ("y", "ll"),
    ("ce", "se"), ("ci", "si"), ("ge", "je"), ("gi", "ji"), ("j", "g"), ("h", ""),
    ("qu", "k"), ("x", "j"), ("rr", "r"), ("nn", "n"),
)  # fmt: skip
_KEYBOARD = {
    "a": "sq", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj",
    "i": "uo", "j": "hk", "k": "jl", "l": "kñ", "m": "n", "n": "bm", "o": "ip", "p": "o",
    "q": "w", "r": "et", "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "zc",
    "y": "tu", "z": "x", "á": "a", "é": "e", "í": "i", "ó": "o", "ú": "u", "ñ": "n",
}  # fmt: skip


def strip_accents(s: str) -> str:
    """Drop Spanish accents (and ñ → n) as people typing fast do.

    Examples
    --------
    >>> strip_accents("Núñez Hernández")
    'Nunez Hernandez'
    """
    return s.translate(_ACCENTS)


def _recase(old: str, new: str) -> str:
    if old[:1].isupper() and new[:1].islower():
        return new[:1].upper() + new[1:]
    return new


def typo(s: str, rng: np.random.Generator) -> str:
    """One realistic typo: a spelling confusion, a dropped, doubled, swapped or
    neighbouring letter.

    Examples
    --------
    >>> typo("Hernández", np.random.default_rng(1)) != "Hernández"
    True
    """
    if len(s) < 3:
        return s + s[-1:]
    low = s.lower()
    op = rng.random()
    if op < 0.35:
        hits = [(i, a, b) for a, b in _PHONETIC for i in _find_all(low, a)]
        if hits:
            i, a, b = hits[int(rng.integers(len(hits)))]
            cased = b.upper() if s[i : i + len(a)].isupper() and b else b
            return _recase(s, s[:i] + cased + s[i + len(a) :])
    i = int(rng.integers(1, len(s) - 1))
    if op < 0.55:
        return s[:i] + s[i + 1 :]
    if op < 0.75:
        return s[:i] + s[i + 1] + s[i] + s[i + 2 :] if s[i + 1] != " " else s[:i] + s[i + 1 :]
    if op < 0.85:
        return s[:i] + s[i] + s[i:]
    near = _KEYBOARD.get(low[i], "")
    if not near:
        return s[:i] + s[i + 1 :]
    c = near[int(rng.integers(len(near)))]
    return s[:i] + (c.upper() if s[i].isupper() else c) + s[i + 1 :]


def _find_all(s: str, sub: str) -> list[int]:
    out, i = [], s.find(sub)
    while i >= 0:
        out.append(i)
        i = s.find(sub, i + 1)
    return out


def blank(
    values: np.ndarray, rng: np.random.Generator, rate: float
) -> tuple[np.ndarray, np.ndarray]:
    """Leave a share ``rate`` of the known values blank (``None``/``NaT``)."""
    values = np.asarray(values)
    hit = rng.random(len(values)) < rate
    if values.dtype.kind == "M":
        known = ~np.isnat(values)
        return np.where(hit, NAT, values), hit & known
    known = pd.notna(values)
    return np.where(hit, None, values), hit & known


def noisy_dates(
    values: np.ndarray, rng: np.random.Generator, *, wrong_day: float, swap: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dates off by one to three days, or with day and month swapped (only where the
    swap still gives a real date, e.g. 05/03 → 03/05; the quarantine bait is apart).

    Returns
    -------
    (dates, shifted, swapped)
    """
    d = np.asarray(values, dtype="datetime64[D]")
    n = len(d)
    known = ~np.isnat(d)
    shift = rng.choice(np.array([-3, -2, -1, 1, 2, 3]), size=n)
    off = known & (rng.random(n) < wrong_day)
    out = np.where(off, d + shift.astype("timedelta64[D]"), d)
    idx = pd.DatetimeIndex(out)
    day = np.asarray(idx.day, dtype=float)
    month = np.asarray(idx.month, dtype=float)
    can = known & (day <= 12) & (day != month)
    sw = can & ~off & (rng.random(n) < swap)
    if sw.any():
        years = np.asarray(idx.year)[sw]
        swapped = pd.to_datetime(
            pd.DataFrame(
                {"year": years, "month": day[sw].astype(int), "day": month[sw].astype(int)}
            )
        )
        out[sw] = swapped.to_numpy("datetime64[D]")
    return out, off, sw


def noisy_age(
    ages: np.ndarray, rng: np.random.Generator, rate: float
) -> tuple[np.ndarray, np.ndarray]:
    """Ages off by one or two years (the family's guess)."""
    a = np.asarray(ages, dtype=float)
    hit = ~np.isnan(a) & (rng.random(len(a)) < rate)
    delta = rng.choice(np.array([-2, -1, 1, 1, 2]), size=len(a))
    return np.where(hit, a + delta, a), hit


def noisy_dui(
    duis: np.ndarray, rng: np.random.Generator, *, missing: float, wrong: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """DUIs left blank or miswritten (one digit changed or two neighbours swapped).

    Returns
    -------
    (duis, blanked, miswritten)
    """
    values = np.asarray(duis, dtype=object)
    n = len(values)
    has = pd.notna(values)
    gone = has & (rng.random(n) < missing)
    bad = has & ~gone & (rng.random(n) < wrong)
    out = values.copy()
    out[gone] = None
    for i in np.flatnonzero(bad):
        digits = list(str(values[i]).replace("-", ""))
        j = int(rng.integers(0, 8))
        if rng.random() < 0.5:
            digits[j], digits[j + 1] = digits[j + 1], digits[j]
        if rng.random() < 0.5 or digits == list(str(values[i]).replace("-", "")):
            digits[j] = str((int(digits[j]) + int(rng.integers(1, 10))) % 10)
        out[i] = "".join(digits[:8]) + "-" + digits[8]
    return out, gone, bad


def pick_bait(
    n: int, rng: np.random.Generator, *, bad_date_rate: float, nameless_rate: float
) -> tuple[np.ndarray, np.ndarray]:
    """Rows that get an unreadable date or no name at all: ``round(rate * n)`` of each,
    at least one when the rate is positive, never the same row.

    Returns
    -------
    (bad_date, nameless)
        Boolean masks of length ``n``.
    """
    k_bad = max(1, round(bad_date_rate * n)) if bad_date_rate > 0 else 0
    k_anon = max(1, round(nameless_rate * n)) if nameless_rate > 0 else 0
    k_bad, k_anon = min(k_bad, n // 2), min(k_anon, n // 2)
    chosen = rng.choice(n, size=k_bad + k_anon, replace=False)
    bad = np.zeros(n, dtype=bool)
    anon = np.zeros(n, dtype=bool)
    bad[chosen[:k_bad]] = True
    anon[chosen[k_bad:]] = True
    return bad, anon
