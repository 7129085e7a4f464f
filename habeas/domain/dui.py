"""DUI (Documento Único de Identidad): normalisation and check-digit validation.

A DUI is nine digits written ``########-#``: eight digits and a check digit. Since
17 December 2021 it is also the tax number (NIT) of natural persons.

The check digit follows the public library avalon-tech/idsv-php (``isValidDUI``): weight
the first eight digits 9, 8, ..., 2 from left to right, add them up (S), and the check
digit is ``(10 - S % 10) % 10``. No official RNPN specification was found, and public
code disagrees: one validator uses ``S % 10`` directly (it would accept ``01234567-2``),
another uses modulo 11 with weights 2..9. habeas follows idsv, whose own tests include
``00000000-0`` as valid and ``00000000-1`` as invalid.

Normalisation, as lists really write DUIs:

- spaces and dots are removed; a dash may only separate the check digit
  (``01234567-8``), so ``0123-4567`` is malformed rather than silently re-cut;
- leading zeros are kept;
- eight digits are left-padded with one zero, as idsv does (a spreadsheet that stored
  the DUI as a number drops the leading zero, and most DUIs start with 0). idsv pads
  any shorter value; habeas pads shorter *strings* no further, because seven digits
  are more likely a typing slip than two lost zeros. Numbers (``int``, or integral
  ``float`` such as ``12345678.0`` from a spreadsheet, or the text ``"12345678.0"``)
  cannot hold leading zeros, so they are padded to nine digits whatever their length;
- blanks, ``None``, NaN and placeholders such as ``N/A``, ``s/d`` or ``no tiene`` are
  *missing*, not malformed.

Examples
--------
>>> check_dui("01234567-8").status
<DuiStatus.VALID: 'valid'>
>>> check_dui(12345678.0).value
'01234567-8'
>>> make_dui("04567890")
'04567890-3'
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass
from enum import StrEnum

from habeas.domain.errors import HabeasError

__all__ = [
    "DuiCheck",
    "DuiStatus",
    "MalformedDui",
    "check_dui",
    "dui_check_digit",
    "make_dui",
]

_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)

# Values that lists write in a DUI column to say "none": counted as missing, so an
# empty cell and "N/A" get the same treatment (compared after lower-casing and
# removing spaces, dots and slashes).
_PLACEHOLDERS = frozenset(
    {
        "",
        "-",
        "--",
        "---",
        "na",
        "nd",
        "sd",
        "nan",
        "none",
        "null",
        "notiene",
        "nopresenta",
        "noporta",
        "sindui",
        "sindato",
        "sindatos",
        "ninguno",
        "desconocido",
        "menordeedad",
    }
)

_TEXT_FLOAT = re.compile(r"[0-9]{1,9}\.0+")
_WITH_DASH = re.compile(r"([0-9]+)-([0-9])")


class MalformedDui(HabeasError, ValueError):
    """Raised by :func:`dui_check_digit` and :func:`make_dui` on anything but 8 digits."""


class DuiStatus(StrEnum):
    """What :func:`check_dui` found in a DUI cell."""

    MISSING = "missing"
    MALFORMED = "malformed"
    BAD_CHECK_DIGIT = "bad_check_digit"
    VALID = "valid"


@dataclass(frozen=True)
class DuiCheck:
    """The result of checking one DUI value.

    ``raw`` is the value as given, as text (None when it was None or NaN). ``value`` is
    the canonical ``########-#`` when the value has nine digits (status VALID or
    BAD_CHECK_DIGIT), None otherwise.
    """

    raw: str | None
    value: str | None
    status: DuiStatus

    @property
    def is_valid(self) -> bool:
        """True when the DUI is well formed and its check digit is right."""
        return self.status is DuiStatus.VALID


def _require_8_digits(first8: str) -> str:
    if not isinstance(first8, str) or len(first8) != 8 or not first8.isascii():
        raise MalformedDui(f"a DUI needs exactly 8 digits before the check digit, got {first8!r}")
    if not first8.isdigit():
        raise MalformedDui(f"a DUI needs exactly 8 digits before the check digit, got {first8!r}")
    return first8


def dui_check_digit(first8: str) -> int:
    """Return the check digit of a DUI from its first eight digits.

    Parameters
    ----------
    first8
        Exactly eight ASCII digits, leading zeros included.

    Returns
    -------
    int
        ``(10 - S % 10) % 10`` where S weights the digits 9, 8, ..., 2.

    Raises
    ------
    MalformedDui
        If ``first8`` is not exactly eight digits.

    Examples
    --------
    >>> dui_check_digit("01234567")
    8
    >>> dui_check_digit("00000000")
    0
    """
    digits = _require_8_digits(first8)
    total = sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True))
    return (10 - total % 10) % 10


def make_dui(first8: str) -> str:
    """Return the valid formatted DUI ``########-#`` for eight digits.

    Meant for synthetic people (the simulator): draw eight random digits and let this
    append the check digit. Never build DUIs from real documents.

    Examples
    --------
    >>> make_dui("12345678")
    '12345678-4'
    """
    return f"{first8}-{dui_check_digit(first8)}"


def _is_missing_number(value: object) -> bool:
    try:
        return bool(value != value)  # NaN, pandas NA/NaT: the only values unequal to themselves
    except (TypeError, ValueError):  # pandas.NA raises on bool()
        return True


def _digits_from_number(value: object) -> str | None:
    """Digits of an int or integral float, or None if it is not a usable number."""
    if isinstance(value, numbers.Integral):
        n = int(value)
    else:
        f = float(value)  # type: ignore[arg-type]
        if not math.isfinite(f) or not f.is_integer():
            return None
        n = int(f)
    if n < 0:
        return None
    return str(n)


def _verdict(raw: str | None, digits: str | None, *, pad_any: bool) -> DuiCheck:
    if digits is None or not digits:
        return DuiCheck(raw, None, DuiStatus.MALFORMED)
    if len(digits) < 9 and (pad_any or len(digits) == 8):
        digits = digits.rjust(9, "0")
    if len(digits) != 9:
        return DuiCheck(raw, None, DuiStatus.MALFORMED)
    value = f"{digits[:8]}-{digits[8]}"
    ok = dui_check_digit(digits[:8]) == int(digits[8])
    return DuiCheck(raw, value, DuiStatus.VALID if ok else DuiStatus.BAD_CHECK_DIGIT)


def check_dui(raw: object) -> DuiCheck:
    """Normalise a DUI as a list wrote it and say whether it is valid.

    Parameters
    ----------
    raw
        Text (``"01234567-8"``, ``" 01234567 - 8 "``, ``"012345678"``), an int or an
        integral float from a spreadsheet, None or NaN.

    Returns
    -------
    DuiCheck
        ``status`` is MISSING (blank, None, NaN, placeholder such as ``N/A``), MALFORMED
        (letters, wrong length, a dash anywhere but before the last digit),
        BAD_CHECK_DIGIT (nine digits whose last is wrong) or VALID. ``value`` is the
        canonical ``########-#`` for the last two.

    Examples
    --------
    >>> check_dui("04567890-3").status
    <DuiStatus.VALID: 'valid'>
    >>> check_dui("01234567-2").status
    <DuiStatus.BAD_CHECK_DIGIT: 'bad_check_digit'>
    >>> check_dui("0123-4567").status
    <DuiStatus.MALFORMED: 'malformed'>
    >>> check_dui("").status
    <DuiStatus.MISSING: 'missing'>
    """
    if raw is None:
        return DuiCheck(None, None, DuiStatus.MISSING)
    if isinstance(raw, bool):
        return DuiCheck(str(raw), None, DuiStatus.MALFORMED)
    if isinstance(raw, numbers.Real):
        if _is_missing_number(raw):
            return DuiCheck(None, None, DuiStatus.MISSING)
        return _verdict(str(raw), _digits_from_number(raw), pad_any=True)
    if not isinstance(raw, str):
        if _is_missing_number(raw):
            return DuiCheck(None, None, DuiStatus.MISSING)
        raw = str(raw)
    text = raw.strip()
    squeezed = re.sub(r"[\s./\\]", "", text).lower()
    if squeezed in _PLACEHOLDERS:
        return DuiCheck(raw, None, DuiStatus.MISSING)
    if _TEXT_FLOAT.fullmatch(text):
        # "12345678.0": a spreadsheet number that went through text; its zeros are lost.
        return _verdict(raw, text.split(".")[0], pad_any=True)
    compact = re.sub(r"[\s.]", "", text)
    # Typographic dashes count as dashes.
    compact = re.sub(r"[‐‑‒–—−]", "-", compact)
    if compact.isascii() and compact.isdigit():
        return _verdict(raw, compact, pad_any=False)
    match = _WITH_DASH.fullmatch(compact)
    if match is None:
        return DuiCheck(raw, None, DuiStatus.MALFORMED)
    body, check = match.groups()
    # With the dash written, the body must be the 8 digits (or 7 that lost one zero).
    if len(body) not in (7, 8):
        return DuiCheck(raw, None, DuiStatus.MALFORMED)
    return _verdict(raw, body + check, pad_any=False)
