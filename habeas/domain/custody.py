"""The custody of a person as dated steps: arrest, police custody, first hearing...

A record's date columns say *when* things happened; as a list of
:class:`CustodyStep` they become a timeline that later code can draw and measure
("time to first hearing" against the limits of :mod:`habeas.domain.legal`). Dates may
be known only to the month, so durations are ranges: :func:`duration_days` gives the
fewest and the most days the dates allow.

Examples
--------
>>> steps = steps_from_record({"arrest_date": "2022-04-02", "first_hearing_date": "2022-04-15"})
>>> [s.kind.value for s in steps]
['arrest', 'first_hearing']
>>> duration_days(steps[0].date, steps[1].date)
(13, 13)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cmp_to_key
from typing import Any

from habeas.domain.dates import DateParseError, PartialDate
from habeas.domain.errors import HabeasError

__all__ = [
    "CustodyError",
    "CustodyStep",
    "StepKind",
    "duration_days",
    "first_step",
    "step_duration_days",
    "steps_from_record",
]


class CustodyError(HabeasError, ValueError):
    """A record's custody dates cannot be read; the message names the column."""


class StepKind(StrEnum):
    """A step in a person's custody, in the order steps normally happen."""

    ARREST = "arrest"
    POLICE_CUSTODY = "police_custody"
    WHEREABOUTS_KNOWN = "whereabouts_known"
    FIRST_HEARING = "first_hearing"
    PROVISIONAL_DETENTION = "provisional_detention"
    TRANSFER = "transfer"
    RELEASE = "release"
    CONVICTION = "conviction"
    DEATH = "death"


_ORDER = {kind: i for i, kind in enumerate(StepKind)}


@dataclass(frozen=True)
class CustodyStep:
    """One dated step; ``centre`` is a detention-centre code where the step has a place."""

    kind: StepKind
    date: PartialDate
    centre: str | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain dictionary with canonical text values (``date`` as ISO)."""
        return {
            "kind": self.kind.value,
            "date": self.date.iso(),
            "centre": self.centre,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CustodyStep:
        """Inverse of :meth:`to_dict`."""
        return cls(
            StepKind(d["kind"]), PartialDate.from_iso(d["date"]), d.get("centre"), d.get("note")
        )


def _text(value: object) -> str | None:
    """Canonical text of a cell, or None when it is empty (None, NaN, NA, blank)."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        if value != value:  # pandas.NA and NaT are not equal to themselves
            return None
    except TypeError:  # pandas.NA raises on bool()
        return None
    s = str(value).strip()
    return s or None


def _date(record: Mapping[str, object], column: str) -> PartialDate | None:
    value = record.get(column)
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, date):
        return PartialDate.from_date(value)
    text = _text(value)
    if text is None:
        return None
    try:
        return PartialDate.from_iso(text)
    except DateParseError as exc:
        raise CustodyError(f"column {column!r}: {exc}") from None


def _compare(a: CustodyStep, b: CustodyStep) -> int:
    # Dates that may be the same day (month precision overlapping a day) fall back to
    # the usual order of custody, so "2022-04" arrest stays before a 2022-04-10 hearing.
    if a.date.last_day() < b.date.first_day():
        return -1
    if b.date.last_day() < a.date.first_day():
        return 1
    return _ORDER[a.kind] - _ORDER[b.kind]


def steps_from_record(record: Mapping[str, object]) -> list[CustodyStep]:
    """The dated custody steps of one canonical record, in date order.

    Parameters
    ----------
    record
        Column → canonical value (:mod:`habeas.domain.schema`): dates as ISO
        ``yyyy-mm-dd`` or ``yyyy-mm`` (``date`` and :class:`PartialDate` objects are
        accepted too); missing columns and empty values are skipped.

    Returns
    -------
    list[CustodyStep]
        ``arrest`` (note: the arrest district), ``police_custody`` (from the arrest,
        when the last known place is police cells), ``whereabouts_known`` and
        ``provisional_detention`` (at the detention centre), ``first_hearing``
        (note: hearing type), ``release``, and ``death`` (at the place of death; note:
        reported cause). Steps without a date are left out: a record saying
        ``died_in_custody = yes`` with no ``death_date`` has no death step. Steps whose
        dates may coincide keep the usual custody order.

    Raises
    ------
    CustodyError
        When a date is not in canonical form; the message names the column.

    Examples
    --------
    >>> rec = {"arrest_date": "2022-04", "provisional_detention_date": "2022-04-20",
    ...        "detention_centre": "izalco"}
    >>> [(s.kind.value, s.date.iso(), s.centre) for s in steps_from_record(rec)]
    [('arrest', '2022-04', None), ('provisional_detention', '2022-04-20', 'izalco')]
    """
    centre = _text(record.get("detention_centre"))
    steps: list[CustodyStep] = []

    def add(kind: StepKind, column: str, place: str | None = None, note: str | None = None) -> None:
        d = _date(record, column)
        if d is not None:
            steps.append(CustodyStep(kind, d, place, note))

    add(StepKind.ARREST, "arrest_date", note=_text(record.get("arrest_district")))
    if centre == "police_cells":
        add(StepKind.POLICE_CUSTODY, "arrest_date", place="police_cells")
    add(StepKind.WHEREABOUTS_KNOWN, "whereabouts_known_date", place=centre)
    add(StepKind.FIRST_HEARING, "first_hearing_date", note=_text(record.get("hearing_type")))
    add(StepKind.PROVISIONAL_DETENTION, "provisional_detention_date", place=centre)
    add(StepKind.RELEASE, "released_date")
    add(
        StepKind.DEATH,
        "death_date",
        place=_text(record.get("death_place")),
        note=_text(record.get("death_cause")),
    )
    return sorted(steps, key=cmp_to_key(_compare))


def duration_days(start: PartialDate, end: PartialDate) -> tuple[int, int]:
    """The fewest and the most whole days from ``start`` to ``end``.

    With day precision both are ``end - start``. A month-precision date can be any
    day of its month, so the range widens; the minimum is clamped at 0 when the dates
    overlap (a step does not end before it starts), but stays negative when ``end``
    is certainly before ``start``, so inconsistent records show up.

    Examples
    --------
    >>> duration_days(PartialDate(2022, 3, 27), PartialDate(2022, 4, 11))
    (15, 15)
    >>> duration_days(PartialDate(2022, 3, None), PartialDate(2022, 4, 11))
    (11, 41)
    >>> duration_days(PartialDate(2022, 4, 20), PartialDate(2022, 4, 2))
    (-18, -18)
    """
    low = (end.first_day() - start.last_day()).days
    high = (end.last_day() - start.first_day()).days
    if high >= 0:
        low = max(low, 0)
    return low, high


def first_step(steps: Sequence[CustodyStep], kind: StepKind) -> CustodyStep | None:
    """The first step of ``kind`` in ``steps``, or ``None``."""
    return next((s for s in steps if s.kind == kind), None)


def step_duration_days(
    steps: Sequence[CustodyStep], start: StepKind, end: StepKind
) -> tuple[int, int] | None:
    """:func:`duration_days` between the first ``start`` and the first ``end`` step.

    ``None`` when either step is missing. Time to first hearing:
    ``step_duration_days(steps, StepKind.ARREST, StepKind.FIRST_HEARING)``.
    """
    a, b = first_step(steps, start), first_step(steps, end)
    if a is None or b is None:
        return None
    return duration_days(a.date, b.date)
