"""Due-process indicators over people: the arrest, the lawyer, the family, the judge.

Every share counts only the people whose answer is known and reports the others as
unknown; an unknown is never a no.

- **Arrest** (:func:`arrest_shares`): share of people shown a warrant, arrested in
  flagrante (the ``in_flagrante`` yes/no field), and arrested on "prior record",
  "community" or no stated grounds (among people whose grounds some record gives).
- **Counsel** (:func:`counsel_share`): share who had a lawyer at the first hearing.
- **Hearing type** (:func:`hearing_type_share`): share of mass hearings among people
  whose hearing is known to be mass or individual.
- **Whereabouts** (:func:`whereabouts_share`): share whose family learned the place of
  detention more than ``days`` days after the arrest.
- **Time to a judge** (:func:`hearing_limit_checks`, :func:`hearing_delay`): days from
  arrest to first hearing, against the UN Human Rights Committee's 48 hours (ICCPR
  Art. 9(3)), the Constitution's 72 hours (Art. 13), the state of exception's 15 days,
  and the domestic rule in force on each person's arrest day
  (:func:`habeas.domain.legal.rules_on`). Each limit gets its own share, never one
  verdict.

Dates known only to the day (or the month) cannot show hours, so durations are ranges
of whole days (:func:`habeas.domain.custody.duration_days`). A breach is counted only
when the calendar dates prove it: *beyond* when the fewest possible days exceed the
limit (48 h = 2 days, 72 h = 3 days), *within* when the most possible days do not,
*undetermined* otherwise. Arrested on 1 April and heard on 3 April is within 48 hours;
heard on 4 April is beyond. This gives the benefit of the doubt to the state: a
hearing 2 calendar days later may have come 60 hours after the arrest and still counts
as within 48 hours, so the shares beyond are lower bounds. A first hearing dated
before the arrest is an inconsistent record and counts as unknown.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import pandas as pd

from habeas.domain.legal import limit, limits, rules_on
from habeas.indicators._common import column, days_between, partial
from habeas.indicators.measures import DurationSummary, LimitCheck, Share, summarise_durations

__all__ = [
    "FIXED_HEARING_LIMITS",
    "arrest_shares",
    "counsel_share",
    "domestic_rules_table",
    "hearing_delay",
    "hearing_limit_checks",
    "hearing_type_share",
    "whereabouts_share",
]

#: The fixed limits every time to a first hearing is held against.
FIXED_HEARING_LIMITS: tuple[str, ...] = ("iccpr_48h", "constitution_72h", "regime_15d")

#: Grounds codes reported as shares, under the key ``grounds_<code>``.
GROUNDS_SHARES: tuple[str, ...] = ("prior_record", "community", "none_stated")


def _yes_no_share(people: pd.DataFrame, field: str, key: str) -> Share:
    values = column(people, field)
    yes = sum(v == "yes" for v in values)
    known = sum(v in ("yes", "no") for v in values)
    return Share(key, yes, known, len(values) - known)


def arrest_shares(people: pd.DataFrame) -> list[Share]:
    """Shares of arrests with a warrant shown, in flagrante, and on given grounds.

    Returns
    -------
    list[Share]
        Keys ``warrant_shown``, ``in_flagrante``, ``grounds_prior_record``,
        ``grounds_community``, ``grounds_none_stated``. A person's grounds are known
        when any record gives them; yes when the code is among them.

    Examples
    --------
    >>> people = pd.DataFrame({"warrant_shown": ["no", "yes", None],
    ...                        "grounds": ["community;prior_record", None, "other"]})
    >>> [(s.key, s.yes, s.known, s.unknown) for s in arrest_shares(people)][:3]
    [('warrant_shown', 1, 2, 1), ('in_flagrante', 0, 0, 3), ('grounds_prior_record', 1, 2, 1)]
    """
    shares = [
        _yes_no_share(people, "warrant_shown", "warrant_shown"),
        _yes_no_share(people, "in_flagrante", "in_flagrante"),
    ]
    grounds = [None if g is None else set(str(g).split(";")) for g in column(people, "grounds")]
    known = sum(g is not None for g in grounds)
    for code in GROUNDS_SHARES:
        yes = sum(g is not None and code in g for g in grounds)
        shares.append(Share(f"grounds_{code}", yes, known, len(grounds) - known))
    return shares


def counsel_share(people: pd.DataFrame) -> Share:
    """Share of people who had a lawyer at the first hearing (key ``counsel_access``)."""
    return _yes_no_share(people, "counsel_access", "counsel_access")


def hearing_type_share(people: pd.DataFrame) -> Share:
    """Share of mass hearings among people whose hearing was mass or individual
    (key ``mass_hearing``)."""
    values = column(people, "hearing_type")
    yes = sum(v == "mass" for v in values)
    known = sum(v in ("mass", "individual") for v in values)
    return Share("mass_hearing", yes, known, len(values) - known)


def whereabouts_share(people: pd.DataFrame, days: int = 7) -> Share:
    """Share of people whose family learned the place of detention more than ``days``
    days after the arrest (key ``whereabouts_unknown_<days>d``).

    Yes when the dates prove more than ``days`` days passed, no when they prove at
    most ``days`` did; unknown when a date is missing or dates known only to the month
    cannot tell.

    Examples
    --------
    >>> people = pd.DataFrame({"arrest_date": ["2022-04-01", "2022-04-01", "2022-04-01"],
    ...                        "whereabouts_known_date": ["2022-04-09", "2022-04-08", None]})
    >>> whereabouts_share(people).to_dict()
    {'key': 'whereabouts_unknown_7d', 'yes': 1, 'known': 2, 'unknown': 1, 'share': 0.5}
    """
    yes = no = 0
    arrests = column(people, "arrest_date")
    learned = column(people, "whereabouts_known_date")
    for start, end in zip(arrests, learned, strict=True):
        span = days_between(start, end)  # type: ignore[arg-type]
        if span is None:
            continue
        if span[0] > days:
            yes += 1
        elif span[1] <= days:
            no += 1
    return Share(f"whereabouts_unknown_{days}d", yes, yes + no, len(arrests) - yes - no)


def _verdict(span: tuple[int, int], low_limit: float, high_limit: float) -> str:
    """beyond / within / undetermined, given the possible limits (benefit to the state)."""
    if span[0] > high_limit:
        return "beyond"
    if span[1] <= low_limit:
        return "within"
    return "undetermined"


@cache
def _domestic_on(day: date) -> tuple[str, float]:
    rule = rules_on(day).domestic
    return rule.code, float(rule.max_days or 0)


@cache
def _domestic_between(first: date, last: date) -> frozenset[tuple[str, float]]:
    """The domestic limits that may have applied to an arrest known to lie in [first, last]."""
    found = set()
    day = first
    while day <= last:
        found.add(_domestic_on(day))
        day += timedelta(days=1)
    return frozenset(found)


def _domestic_for(arrest: str | None) -> frozenset[tuple[str, float]]:
    d = partial(arrest)
    if d is None:
        return frozenset()
    return _domestic_between(d.first_day(), d.last_day())


def hearing_limit_checks(people: pd.DataFrame) -> list[LimitCheck]:
    """Time from arrest to first hearing against each limit, by the calendar-date rule.

    Returns
    -------
    list[LimitCheck]
        One per code of :data:`FIXED_HEARING_LIMITS` (every person with dates held
        against the same limit), then ``domestic_in_force`` (``limit_code``
        ``in_force``): each person against the domestic limit in force on their arrest
        day (72 hours before the state of exception, 15 days under it). When an arrest
        known only to the month may fall under either rule, the person is beyond only
        if beyond the longer limit and within only if within the shorter one. People
        with no arrest or first-hearing date are unknown.

    Examples
    --------
    >>> people = pd.DataFrame({"arrest_date": ["2022-04-01", "2022-04-01", "2022-04-01"],
    ...                        "first_hearing_date": ["2022-04-03", "2022-04-04", "2022-04"]})
    >>> c = hearing_limit_checks(people)[0]
    >>> c.key, c.beyond, c.within, c.undetermined, c.unknown
    ('iccpr_48h', 1, 1, 1, 0)
    """
    spans = [
        days_between(a, h)  # type: ignore[arg-type]
        for a, h in zip(
            column(people, "arrest_date"), column(people, "first_hearing_date"), strict=True
        )
    ]
    checks = []
    for code in FIXED_HEARING_LIMITS:
        days = float(limit(code).max_days or 0)
        verdicts = [_verdict(s, days, days) for s in spans if s is not None]
        checks.append(_check(code, code, days, verdicts, len(spans)))
    verdicts = []
    for arrest, span in zip(column(people, "arrest_date"), spans, strict=True):
        if span is None:
            continue
        possible = [days for _, days in _domestic_for(arrest)]  # type: ignore[arg-type]
        verdicts.append(_verdict(span, min(possible), max(possible)))
    checks.append(_check("domestic_in_force", "in_force", None, verdicts, len(spans)))
    return checks


def _check(
    key: str, code: str, days: float | None, verdicts: list[str], everyone: int
) -> LimitCheck:
    return LimitCheck(
        key=key,
        limit_code=code,
        limit_days=days,
        limit_months=None,
        beyond=verdicts.count("beyond"),
        within=verdicts.count("within"),
        undetermined=verdicts.count("undetermined"),
        unknown=everyone - len(verdicts),
    )


def hearing_delay(people: pd.DataFrame) -> DurationSummary:
    """Days from arrest to first hearing (key ``arrest_to_first_hearing``).

    Partial dates count at the midpoint of their possible range of days.
    """
    spans = [
        days_between(a, h)  # type: ignore[arg-type]
        for a, h in zip(
            column(people, "arrest_date"), column(people, "first_hearing_date"), strict=True
        )
    ]
    return summarise_durations(
        "arrest_to_first_hearing", [None if s is None else (s[0] + s[1]) / 2 for s in spans]
    )


def domestic_rules_table(people: pd.DataFrame) -> pd.DataFrame:
    """How many people were arrested under each domestic rule (time to a judge).

    Returns
    -------
    pandas.DataFrame
        Columns ``rule_code``, ``people``: one row per domestic-arrest limit of the
        legal data, then ``undetermined`` (an arrest known only to a month in which
        the rule changed) and ``unknown`` (no arrest date).

    Examples
    --------
    >>> people = pd.DataFrame({"arrest_date": ["2022-03-20", "2022-04-01", "2022-03", None]})
    >>> domestic_rules_table(people).to_dict("list")
    {'rule_code': ['constitution_72h', 'regime_15d', 'undetermined', 'unknown'], 'people': [1, 1, 1, 1]}
    """  # noqa: E501
    codes = [lim.code for lim in limits() if lim.kind == "domestic_arrest"]
    counts = dict.fromkeys([*codes, "undetermined", "unknown"], 0)
    for arrest in column(people, "arrest_date"):
        possible = _domestic_for(arrest)  # type: ignore[arg-type]
        if not possible:
            counts["unknown"] += 1
        elif len(possible) > 1:
            counts["undetermined"] += 1
        else:
            counts[next(iter(possible))[0]] += 1
    return pd.DataFrame({"rule_code": list(counts), "people": list(counts.values())})
