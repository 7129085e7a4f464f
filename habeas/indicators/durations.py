"""How long people stay in custody: provisional detention against its legal limits,
and the time from arrest to release.

These are the durations between a person's custody steps
(:mod:`habeas.domain.custody`): dates may be known only to the month, so each duration
is a range of days, summarised at its midpoint.

**Provisional detention** (:func:`provisional_detention`) runs from the day it was
ordered (``provisional_detention_date``) to release or death, whichever came first, or,
for people neither released nor dead, to the snapshot: they are still held, and their
time so far is counted (so the median is a lower bound of the time people will spend).
Only people with a provisional-detention date are counted; those whose end is unknown
(died in custody with no death date) are reported as unknown. The time is held against
the Code of Criminal Procedure's 12 and 24 months (``cpp_provisional_12m``,
``cpp_provisional_24m``), in calendar months: ordered on 6 April 2022, the 12 months
end on 6 April 2023, and a person still held on 7 April 2023 is beyond. As for the time
to a judge, a breach counts only when the dates prove it (benefit of the doubt to the
state); dates known only to the month that cannot tell are *undetermined*.

**Arrest to release** (:func:`arrest_to_release`) is over people with a release date;
the time from arrest to death is :func:`habeas.indicators.deaths.arrest_to_death`.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from habeas.domain.dates import PartialDate
from habeas.domain.legal import limit
from habeas.indicators._common import add_months, column, days_between, partial
from habeas.indicators.measures import DurationSummary, LimitCheck, summarise_durations

__all__ = ["PROVISIONAL_LIMITS", "arrest_to_release", "provisional_detention"]

#: The limits provisional detention is held against.
PROVISIONAL_LIMITS: tuple[str, ...] = ("cpp_provisional_12m", "cpp_provisional_24m")


def _end(
    released: str | None, died: object, death: str | None, snapshot: date
) -> PartialDate | None:
    """When provisional detention ended (or the snapshot); None when unknown."""
    exits = [d for d in (partial(released), partial(death)) if d is not None]
    if not exits:
        return None if died == "yes" else PartialDate.from_date(snapshot)
    first = min(exits, key=lambda d: d.first_day())
    if first.first_day() > snapshot:  # released after the snapshot: held at the snapshot
        return PartialDate.from_date(snapshot)
    return first


def _months_verdict(start: PartialDate, end: PartialDate, months: int) -> str | None:
    if end.last_day() < start.first_day():
        return None  # the dates are in the wrong order: unknown
    if end.first_day() > add_months(start.last_day(), months):
        return "beyond"
    if end.last_day() <= add_months(start.first_day(), months):
        return "within"
    return "undetermined"


def provisional_detention(
    people: pd.DataFrame, *, snapshot: date
) -> tuple[DurationSummary, list[LimitCheck]]:
    """Time in provisional detention, and checks against the 12- and 24-month limits.

    Parameters
    ----------
    people
        The people-facts table.
    snapshot
        The day the data describes: people not released nor dead are held until then.

    Returns
    -------
    tuple[DurationSummary, list[LimitCheck]]
        The summary (key ``provisional_detention``) and one check per code of
        :data:`PROVISIONAL_LIMITS` (``limit_months`` set, ``limit_days`` None).

    Examples
    --------
    >>> people = pd.DataFrame({"provisional_detention_date": ["2022-04-06", "2022-04-06"],
    ...                        "released_date": ["2023-04-06", None]})
    >>> summary, checks = provisional_detention(people, snapshot=date(2023, 4, 7))
    >>> checks[0].beyond, checks[0].within
    (1, 1)
    """
    spans: list[float | None] = []
    pairs: list[tuple[PartialDate, PartialDate] | None] = []
    for start_text, released, died, death in zip(
        column(people, "provisional_detention_date"),
        column(people, "released_date"),
        column(people, "died_in_custody"),
        column(people, "death_date"),
        strict=True,
    ):
        start = partial(start_text)  # type: ignore[arg-type]
        if start is None:
            continue  # not known to have been in provisional detention
        end = _end(released, died, death, snapshot)  # type: ignore[arg-type]
        span = None if end is None else days_between(start.iso(), end.iso())
        spans.append(None if span is None else (span[0] + span[1]) / 2)
        pairs.append(None if span is None or end is None else (start, end))
    checks = []
    for code in PROVISIONAL_LIMITS:
        months = int(limit(code).months or 0)
        verdicts = [None if p is None else _months_verdict(*p, months) for p in pairs]
        checks.append(
            LimitCheck(
                key=code,
                limit_code=code,
                limit_days=None,
                limit_months=months,
                beyond=verdicts.count("beyond"),
                within=verdicts.count("within"),
                undetermined=verdicts.count("undetermined"),
                unknown=verdicts.count(None),
            )
        )
    return summarise_durations("provisional_detention", spans), checks


def arrest_to_release(people: pd.DataFrame) -> DurationSummary:
    """Days from arrest to release, over people with a release date (key
    ``arrest_to_release``); a missing arrest date or a release before it is unknown."""
    spans = [
        days_between(a, r)  # type: ignore[arg-type]
        for a, r in zip(column(people, "arrest_date"), column(people, "released_date"), strict=True)
        if r is not None
    ]
    return summarise_durations(
        "arrest_to_release", [None if s is None else (s[0] + s[1]) / 2 for s in spans]
    )
