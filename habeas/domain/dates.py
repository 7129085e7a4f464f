"""Dates as lists write them, read into :class:`PartialDate` with their precision.

Lists of detainees write dates in many ways: ``27/03/2022``, ``2022-03-27``, ``27-03-22``,
``27.03.2022``, ``27 de marzo de 2022``, ``27-mar-2022``, ``1ro de abril``, ``marzo 2022``
(month precision), sometimes with a time (``27/03/2022 14:30``) or as spreadsheet date
objects. :func:`parse_date` reads all of these and keeps the precision (day or month).

Rules that matter for evidence:

- Day and month are never swapped silently. Numeric dates are read in the order the
  source mapping declares (``dmy`` by default); with ``dmy``, ``03/27/2022`` is an error,
  not the 3rd of a 27th month and not 27 March. Four-digit years written first
  (``2022-03-27``, ``2022/03/27``) are always year-month-day.
- Impossible dates (``31/02/2022``, month 13) raise :class:`DateParseError`, whose message
  quotes the value and says why.
- Two-digit years: ``00`` up to the current two-digit year + 1 are 20yy, the rest 19yy
  (a birth date ``15/06/58`` is 1958). Years outside 1900-2099 are refused.
- Bare numbers are refused: an Excel serial number (``44647``) is not read as a date.
- Blank cells, None, NaN, NaT and placeholders (``s/f``, ``N/A``, ``sin fecha``) are None.

Examples
--------
>>> parse_date("27/03/2022").iso()
'2022-03-27'
>>> parse_date("marzo de 2022").iso()
'2022-03'
>>> format_date_es(parse_date("2022-03-27"))
'27/03/2022'
"""

from __future__ import annotations

import calendar
import functools
import numbers
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from habeas.domain.errors import HabeasError

__all__ = [
    "DateOrder",
    "DateParseError",
    "PartialDate",
    "Precision",
    "format_date_es",
    "parse_date",
]

DateOrder = Literal["dmy", "ymd", "mdy"]

MIN_YEAR = 1900
MAX_YEAR = 2099


class DateParseError(HabeasError, ValueError):
    """A value that cannot be read as a date; the message quotes it and says why."""


class Precision(StrEnum):
    """How much of a date is known."""

    DAY = "day"
    MONTH = "month"


def _check_parts(year: int, month: int, day: int | None) -> str | None:
    """Why (year, month, day) is not a date, or None when it is one."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return f"year {year} is outside {MIN_YEAR}-{MAX_YEAR}"
    if not 1 <= month <= 12:
        return f"month {month} does not exist"
    if day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            return f"day {day} does not exist in {month:02d}/{year}"
    return None


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the day or only to the month.

    Ordering and equality use ``(year, month, day or 0)``, so a month-precision date
    sorts before every day of that month and never compares equal to one of them (the
    generated comparisons on ``day`` alone would fail on ``None``).

    Examples
    --------
    >>> PartialDate(2022, 3, 27).iso()
    '2022-03-27'
    >>> PartialDate(2022, 3, None).last_day()
    datetime.date(2022, 3, 31)
    >>> PartialDate.from_iso("2022-03") < PartialDate.from_iso("2022-03-01")
    True
    """

    year: int = field(compare=False)
    month: int = field(compare=False)
    day: int | None = field(compare=False, default=None)
    _key: tuple[int, int, int] = field(init=False, repr=False, compare=True)

    def __post_init__(self) -> None:
        why = _check_parts(self.year, self.month, self.day)
        if why is not None:
            raise DateParseError(f"not a date: {why}")
        object.__setattr__(self, "_key", (self.year, self.month, self.day or 0))

    @property
    def precision(self) -> Precision:
        """DAY when the day is known, MONTH otherwise."""
        return Precision.MONTH if self.day is None else Precision.DAY

    def iso(self) -> str:
        """``yyyy-mm-dd``, or ``yyyy-mm`` for month precision (the canonical form)."""
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.iso()

    def first_day(self) -> date:
        """The earliest calendar day this date can be."""
        return date(self.year, self.month, self.day or 1)

    def last_day(self) -> date:
        """The latest calendar day this date can be."""
        if self.day is not None:
            return date(self.year, self.month, self.day)
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @classmethod
    def from_iso(cls, s: str) -> PartialDate:
        """Read the canonical ``yyyy-mm-dd`` or ``yyyy-mm`` form (nothing else).

        Raises
        ------
        DateParseError
            If ``s`` is not in one of the two forms or is not a real date.
        """
        match = _ISO_CANONICAL.fullmatch(s.strip()) if isinstance(s, str) else None
        if match is None:
            raise DateParseError(f"cannot read date {s!r}: expected yyyy-mm-dd or yyyy-mm")
        y, m, d = match.groups()
        return _make(s, int(y), int(m), int(d) if d else None)

    @classmethod
    def from_date(cls, d: date) -> PartialDate:
        """Day-precision date from a :class:`datetime.date` (or datetime: time dropped)."""
        return cls(d.year, d.month, d.day)


_ISO_CANONICAL = re.compile(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?")

_MONTH_NAMES_ES = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]

# Every written form of a month a list may use, folded (no accents, lower case, no dot).
_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(_MONTH_NAMES_ES, start=1):
    _MONTHS[_name] = _i
    _MONTHS[_name[:3]] = _i
for _i, _name in enumerate(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ],
    start=1,
):
    _MONTHS[_name] = _i
    _MONTHS[_name[:3]] = _i
_MONTHS.update({"setiembre": 9, "set": 9, "sept": 9, "sep": 9, "dic": 12, "ago": 8, "abr": 4})
_MONTHS.update({"ene": 1, "enr": 1, "agto": 8, "nbre": 11, "dbre": 12, "oct": 10, "nov": 11})

_WEEKDAYS = frozenset(
    [
        "lunes",
        "martes",
        "miercoles",
        "jueves",
        "viernes",
        "sabado",
        "domingo",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)

_PLACEHOLDERS = frozenset(
    {
        "-",
        "--",
        "---",
        "?",
        "na",
        "n/a",
        "nd",
        "n/d",
        "s/d",
        "sd",
        "s/f",
        "sf",
        "nan",
        "nat",
        "none",
        "null",
        "sin fecha",
        "sin dato",
        "sin datos",
        "desconocida",
        "desconocido",
        "no sabe",
        "no se sabe",
        "no consta",
        "pendiente",
    }
)

_TIME = re.compile(
    r"(?:[ t]|,\s*|\s+a las\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*"
    r"(?:[ap]\.?\s*m\.?|hrs?\.?|horas)?\s*(?:z|[+-]\d{2}:?\d{2})?$"
)
_SEP = r"[/.\-]"
_NUM3 = re.compile(rf"(\d{{1,4}})\s*({_SEP})\s*(\d{{1,2}})\s*\2\s*(\d{{1,4}})")
_NUM2 = re.compile(rf"(\d{{1,4}})\s*{_SEP}\s*(\d{{1,4}})")
_ORDINAL = re.compile(r"\b(\d{1,2})\s*(?:ro|ero|er|o|°)(?!\w)")


def _two_digit_pivot() -> int:
    return date.today().year % 100 + 1


def _year(text: str, value: object) -> int:
    if len(text) == 4:
        return int(text)
    if len(text) == 2:
        yy = int(text)
        return 2000 + yy if yy <= _two_digit_pivot() else 1900 + yy
    raise DateParseError(f"cannot read date {value!r}: a year has 2 or 4 digits, not {text!r}")


def _make(value: object, year: int, month: int, day: int | None) -> PartialDate:
    why = _check_parts(year, month, day)
    if why is not None:
        raise DateParseError(f"cannot read date {value!r}: {why}")
    return PartialDate(year, month, day)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.lower().split())


def _parse_numeric(value: object, text: str, order: DateOrder) -> PartialDate | None:
    match = _NUM3.fullmatch(text)
    if match is not None:
        a, _, b, c = match.groups()
        if len(a) == 4:  # 2022-03-27 / 2022/03/27: year first is unambiguous
            return _make(value, int(a), int(b), _int_day(c, value))
        if len(c) == 4 and order == "ymd":
            raise DateParseError(
                f"cannot read date {value!r}: the year is last but the declared order is "
                "year-month-day; fix the value or the column's date order"
            )
        if order == "ymd":
            return _make(value, _year(a, value), int(b), _int_day(c, value))
        year = _year(c, value)
        day_s, month_s = (a, b) if order == "dmy" else (b, a)
        month = int(month_s)
        if not 1 <= month <= 12:
            word = "day/month/year" if order == "dmy" else "month/day/year"
            raise DateParseError(
                f"cannot read date {value!r}: month {month} does not exist "
                f"(the column is read as {word})"
            )
        return _make(value, year, month, _int_day(day_s, value))
    match = _NUM2.fullmatch(text)
    if match is not None:
        a, b = match.groups()
        if len(a) == 4 and len(b) <= 2:
            return _make(value, int(a), int(b), None)
        if len(b) == 4 and len(a) <= 2:
            return _make(value, int(b), int(a), None)
        raise DateParseError(
            f"cannot read date {value!r}: day and month without a year, or a year of "
            "fewer than 4 digits, is not a date"
        )
    return None


def _int_day(text: str, value: object) -> int:
    if len(text) > 2:
        raise DateParseError(f"cannot read date {value!r}: {text!r} is not a day")
    return int(text)


def _parse_words(value: object, text: str) -> PartialDate | None:
    # "27 de marzo de 2022", "27-mar-2022", "domingo, 27 de marzo del 2022",
    # "1ro de abril de 2022", "march 27, 2022", "marzo 2022": split into words and numbers.
    text = _ORDINAL.sub(r"\1", text)
    words = [w for w in re.split(r"[\s,/.\-]+", text) if w]
    words = [w for w in words if w not in {"de", "del", "of", "the"} and w not in _WEEKDAYS]
    if words and words[0] == "primero":
        words[0] = "1"
    months = [w for w in words if not w.isdigit()]
    numbers = [w for w in words if w.isdigit()]
    if len(months) != 1 or months[0] not in _MONTHS:
        return None
    month = _MONTHS[months[0]]
    position = words.index(months[0])
    if len(numbers) == 1:
        if position != 0:
            raise DateParseError(f"cannot read date {value!r}: the year is missing")
        return _make(value, _year(numbers[0], value), month, None)
    if len(numbers) != 2:
        return None
    if position == 1:  # 27 marzo 2022
        day_s, year_s = words[0], words[2]
    elif position == 0:  # marzo 27 2022
        day_s, year_s = words[1], words[2]
    else:
        return None
    return _make(value, _year(year_s, value), month, _int_day(day_s, value))


@functools.lru_cache(maxsize=1 << 16)
def _parse_text(value: str, order: DateOrder) -> PartialDate | None:
    text = _fold(value)
    if not text or text in _PLACEHOLDERS:
        return None
    text = _TIME.sub("", text).strip()
    if re.fullmatch(r"[0-9]+(?:\.0+)?", text):
        raise DateParseError(
            f"cannot read date {value!r}: a bare number is not a date (spreadsheet serial "
            "numbers are not read; export the column as a date or as text)"
        )
    parsed = _parse_numeric(value, text, order)
    if parsed is not None:
        return parsed
    parsed = _parse_words(value, text)
    if parsed is not None:
        return parsed
    raise DateParseError(f"cannot read date {value!r}: not a date format habeas knows")


def _is_nan(value: object) -> bool:
    try:
        return bool(value != value)
    except (TypeError, ValueError):  # pandas.NA refuses bool()
        return True


def parse_date(value: object, *, order: DateOrder = "dmy") -> PartialDate | None:
    """Read one date cell.

    Parameters
    ----------
    value
        Text in any of the formats lists use, a :class:`datetime.date` or
        :class:`datetime.datetime` (pandas ``Timestamp`` included; the time is dropped),
        a numpy ``datetime64``, None or NaN.
    order
        How to read all-numeric dates whose year is not written first: ``"dmy"``
        (default, El Salvador), ``"mdy"`` or ``"ymd"``.

    Returns
    -------
    PartialDate or None
        None for blank, None, NaN/NaT and placeholders such as ``s/f`` or ``sin fecha``.

    Raises
    ------
    DateParseError
        For anything that is not a real date; the message quotes the value and says why.

    Examples
    --------
    >>> parse_date("27-mar-22")
    PartialDate(year=2022, month=3, day=27)
    >>> parse_date("1ro de abril de 2022").iso()
    '2022-04-01'
    >>> parse_date("03/27/2022", order="mdy").iso()
    '2022-03-27'
    """
    if order not in ("dmy", "ymd", "mdy"):
        raise ValueError(f"order must be 'dmy', 'ymd' or 'mdy', not {order!r}")
    if value is None:
        return None
    if isinstance(value, str):
        return _parse_text(value, order)
    if isinstance(value, PartialDate):
        return value
    if _is_nan(value):  # NaN, pandas NA and NaT (NaT is also a datetime instance)
        return None
    if isinstance(value, datetime):
        return PartialDate.from_date(value.date())
    if isinstance(value, date):
        return PartialDate.from_date(value)
    if type(value).__name__ == "datetime64":  # numpy, without importing it here
        return parse_date(str(value)[:10], order="ymd")
    if isinstance(value, numbers.Number):
        raise DateParseError(
            f"cannot read date {value!r}: a bare number is not a date (spreadsheet serial "
            "numbers are not read; export the column as a date or as text)"
        )
    raise DateParseError(f"cannot read date {value!r}: unexpected type {type(value).__name__}")


def format_date_es(d: PartialDate | None) -> str:
    """The date as people in El Salvador read it: ``27/03/2022``, or ``03/2022``.

    Examples
    --------
    >>> format_date_es(PartialDate(2022, 3, None))
    '03/2022'
    >>> format_date_es(None)
    ''
    """
    if d is None:
        return ""
    if d.day is None:
        return f"{d.month:02d}/{d.year:04d}"
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"
