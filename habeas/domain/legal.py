"""The law as data: legal time limits and the chain of state-of-exception decrees.

Every case is judged against the rule in force on its own dates, so the limits and
the decree periods are package data with citations
(``habeas/domain/data/legal/limits.csv`` and ``decrees.csv``), and
:func:`rules_on` says which of them applied on a given day. Entries we could not
verify carry ``uncertain=True`` and a note saying what is uncertain.

The state of exception (*régimen de excepción*) began with Decreto Legislativo 333 on
27 March 2022 and has been extended by a new 30-day decree about every month
(Constitution Arts. 29-30). Our sources give the first decree and the 48th extension
(2-31 March 2026) exactly; the periods in between are interpolated and flagged.

Examples
--------
>>> from datetime import date
>>> rules_on(date(2022, 3, 1)).domestic.code
'constitution_72h'
>>> rules_on(date(2022, 4, 1)).domestic.days
15
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass
from datetime import date, datetime
from functools import cache
from importlib.resources import files
from typing import Any, Literal

from habeas.domain.errors import HabeasError

__all__ = [
    "REGIME_START",
    "DecreePeriod",
    "Limit",
    "RulesInForce",
    "UnknownLimit",
    "data_until",
    "decree_periods",
    "limit",
    "limits",
    "period_on",
    "rules_on",
]

#: The day the state of exception began (Decreto Legislativo 333).
REGIME_START = date(2022, 3, 27)

Applies = Literal["always", "ordinary", "regime"]


class UnknownLimit(HabeasError, KeyError):
    """No legal limit has this code."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class Limit:
    """A legal time limit; exactly one of ``hours``, ``days``, ``months`` is set.

    ``kind``: ``international`` (time to a judge, ICCPR), ``domestic_arrest`` (time to
    a judge under Salvadoran law), ``judicial_inquiry``, ``provisional_detention`` or
    ``investigation`` (time to bring charges). ``applies``: ``always``, ``ordinary``
    (only outside the state of exception) or ``regime`` (only under it), further
    bounded by ``valid_from``/``valid_to`` when a reform introduced it.
    """

    code: str
    kind: str
    hours: int | None
    days: int | None
    months: int | None
    applies: Applies
    valid_from: date | None
    valid_to: date | None
    es: str
    en: str
    citation: str
    uncertain: bool
    note: str = ""

    @property
    def max_days(self) -> float | None:
        """The limit in days (``hours / 24``) for hour and day limits; None for months."""
        if self.hours is not None:
            return self.hours / 24
        return float(self.days) if self.days is not None else None

    def label(self, lang: str = "es") -> str:
        """The Spanish (``"es"``) or English (``"en"``) label."""
        return self.en if lang == "en" else self.es

    def in_force(self, d: date, *, regime: bool) -> bool:
        """Whether this limit applied on ``d``, given whether the regime was in force."""
        if self.valid_from is not None and d < self.valid_from:
            return False
        if self.valid_to is not None and d > self.valid_to:
            return False
        return self.applies == "always" or (self.applies == "regime") == regime

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready dictionary (dates as ISO strings)."""
        return _plain(asdict(self))


@dataclass(frozen=True)
class DecreePeriod:
    """One decree of the state of exception: the original (``seq`` 0) or an extension.

    ``decree_number`` and ``approved`` are ``None`` when our sources do not give them.
    ``suspended`` lists the constitutional articles suspended ("12(2)", "13(2)"...).
    """

    seq: int
    decree_number: int | None
    approved: date | None
    start: date
    end: date
    suspended: tuple[str, ...]
    citation: str
    uncertain: bool
    note: str = ""

    def covers(self, d: date) -> bool:
        """Whether ``d`` falls within the period (both ends included)."""
        return self.start <= d <= self.end

    @property
    def days(self) -> int:
        """Length of the period in days, both ends included."""
        return (self.end - self.start).days + 1

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready dictionary (dates as ISO strings)."""
        return _plain(asdict(self))


@dataclass(frozen=True)
class RulesInForce:
    """The rules that applied on one day.

    ``international`` is the ICCPR 48-hour standard (always); ``domestic`` the time
    within which Salvadoran law required the detainee be brought before a judge that
    day (72 hours normally, 15 days under the regime); ``provisional`` the limits that
    run once the person is before a judge (the judge's 72 hours, provisional detention,
    the time to bring charges) then in force.
    ``uncertain`` is true when the period or a limit used is uncertain, or when the day
    is outside the decree data (see ``note``).
    """

    date: date
    period: DecreePeriod | None
    state_of_exception: bool
    suspended_articles: tuple[str, ...]
    international: Limit
    domestic: Limit
    provisional: tuple[Limit, ...]
    uncertain: bool
    note: str = ""

    @property
    def limits(self) -> tuple[Limit, ...]:
        """Every limit in force that day: international, domestic, then provisional."""
        return (self.international, self.domestic, *self.provisional)

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready dictionary (dates as ISO strings)."""
        return _plain(asdict(self))


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _rows(name: str) -> list[dict[str, str]]:
    text = files("habeas.domain").joinpath(f"data/legal/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _date(s: str) -> date | None:
    return date.fromisoformat(s) if s else None


def _int(s: str) -> int | None:
    return int(s) if s else None


@cache
def limits() -> tuple[Limit, ...]:
    """Every legal limit of ``data/legal/limits.csv``."""
    return tuple(
        Limit(
            code=r["code"],
            kind=r["kind"],
            hours=_int(r["hours"]),
            days=_int(r["days"]),
            months=_int(r["months"]),
            applies=r["applies"],  # type: ignore[arg-type]
            valid_from=_date(r["valid_from"]),
            valid_to=_date(r["valid_to"]),
            es=r["es"],
            en=r["en"],
            citation=r["citation"],
            uncertain=r["uncertain"] == "true",
            note=r["note"],
        )
        for r in _rows("limits.csv")
    )


def limit(code: str) -> Limit:
    """The limit with this code (``"iccpr_48h"``, ``"constitution_72h"``, ``"regime_15d"``...)."""
    for lim in limits():
        if lim.code == code:
            return lim
    raise UnknownLimit(f"no legal limit has the code {code!r}")


@cache
def decree_periods() -> tuple[DecreePeriod, ...]:
    """The chain of state-of-exception decrees, in order (``seq`` 0 is Decree 333)."""
    return tuple(
        DecreePeriod(
            seq=int(r["seq"]),
            decree_number=_int(r["decree_number"]),
            approved=_date(r["approved"]),
            start=date.fromisoformat(r["start"]),
            end=date.fromisoformat(r["end"]),
            suspended=tuple(a for a in r["suspended"].split(";") if a),
            citation=r["citation"],
            uncertain=r["uncertain"] == "true",
            note=r["note"],
        )
        for r in _rows("decrees.csv")
    )


def data_until() -> date:
    """The last day covered by the decree data; after it, the regime's status is unknown."""
    return decree_periods()[-1].end


def period_on(d: date) -> DecreePeriod | None:
    """The decree period in force on ``d``, or ``None`` if none was."""
    d = d.date() if isinstance(d, datetime) else d
    for p in decree_periods():
        if p.covers(d):
            return p
    return None


def rules_on(d: date) -> RulesInForce:
    """The rules that applied on day ``d``.

    Parameters
    ----------
    d
        The day (for the time to a judge, the day of arrest).

    Returns
    -------
    RulesInForce
        The decree period (or None), whether the state of exception was in force, the
        suspended articles, and the international, domestic and provisional-detention
        limits that applied. After the last period in the data (:func:`data_until`)
        the regime is treated as not in force and the result is flagged uncertain.

    Examples
    --------
    >>> r = rules_on(date(2025, 6, 10))
    >>> r.state_of_exception, r.domestic.code, r.international.hours
    (True, 'regime_15d', 48)
    """
    d = d.date() if isinstance(d, datetime) else d
    period = period_on(d)
    regime = period is not None
    in_force = [lim for lim in limits() if lim.in_force(d, regime=regime)]
    international = next(lim for lim in in_force if lim.kind == "international")
    domestic = next(lim for lim in in_force if lim.kind == "domestic_arrest")
    provisional = tuple(
        lim
        for lim in in_force
        if lim.kind in ("judicial_inquiry", "provisional_detention", "investigation")
    )
    notes = []
    if d > data_until():
        notes.append(
            f"{d.isoformat()} is after the last decree period in our data "
            f"({data_until().isoformat()}): whether the regime was in force is unknown; "
            "update data/legal/decrees.csv."
        )
    elif period is not None and period.uncertain:
        notes.append(f"Decree period {period.seq}: {period.note}")
    if domestic.uncertain:
        notes.append(f"{domestic.code}: {domestic.note}")
    return RulesInForce(
        date=d,
        period=period,
        state_of_exception=regime,
        suspended_articles=period.suspended if period else (),
        international=international,
        domestic=domestic,
        provisional=provisional,
        uncertain=d > data_until()
        or (period is not None and period.uncertain)
        or domestic.uncertain,
        note=" ".join(notes),
    )
