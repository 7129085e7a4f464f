"""Every indicator at once, as one result object that serialises to JSON.

:func:`compute_indicators` runs each indicator of the package over a people-facts
table; :class:`Indicators` holds the results, and :meth:`Indicators.to_dict` gives
the plain structure that the report and ``habeas indicators --json`` read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from habeas.domain.legal import limit
from habeas.indicators import centres, counts, deaths, due_process, durations
from habeas.indicators.measures import DurationSummary, LimitCheck, Share

__all__ = ["Indicators", "compute_indicators"]


@dataclass
class Indicators:
    """The indicators over one people table, at one snapshot.

    Attributes hold the results of the package's functions: ``counts`` maps each
    breakdown of :data:`habeas.indicators.counts.BREAKDOWNS` to
    :func:`~habeas.indicators.counts.documented_counts`; the others are named after
    the function that computed them.

    :meth:`to_dict` structure (stable key names; every table is a list of row dicts
    with the frame's columns, NaN as None; dates ISO)::

        {
          "snapshot": "2024-06-30", "whereabouts_days": 7,
          "people": int, "deaths": int,
          "counts": {"month": [{"value", "detained", "died"}...], "department": [...],
                     "sex": [...], "age_group": [...], "group": [...]},
          "rates_by_department": {"rows": [{"department", "name", "adults",
              "population", "detained", "per_100k_adults", "share_of_adults", "died",
              "deaths_per_100k_adults"}...], "unknown": int},
          "due_process": {
            "arrest": [Share...],            # warrant_shown, in_flagrante, grounds_*
            "counsel_access": Share, "mass_hearing": Share,
            "whereabouts_unknown": Share,    # key "whereabouts_unknown_<days>d"
            "hearing_limits": [LimitCheck...],  # iccpr_48h, constitution_72h,
                                                # regime_15d, domestic_in_force
            "hearing_delay": DurationSummary,
            "domestic_rules": [{"rule_code", "people"}...]},
          "deaths_in_custody": {"by_centre": [{"centre", "name", "deaths"}...],
                                "causes": [{"cause", "deaths"}...],
                                "signs_of_violence": Share,
                                "arrest_to_death": DurationSummary},
          "centres": {"occupancy": [{"month", "centre", "name", "held", "capacity"}...],
                      "left_out": int},
          "durations": {"provisional_detention": DurationSummary,
                        "provisional_limits": [LimitCheck...],
                        "arrest_to_release": DurationSummary},
          "limits": {code: Limit.to_dict()...}   # every limit code used above
        }

    where ``Share`` is ``{"key", "yes", "known", "unknown", "share"}``,
    ``DurationSummary`` is ``{"key", "known", "unknown", "median_days", "q1_days",
    "q3_days", "max_days"}`` and ``LimitCheck`` is ``{"key", "limit_code",
    "limit_days", "limit_months", "beyond", "within", "undetermined", "unknown",
    "share_beyond"}``.
    """

    snapshot: date
    whereabouts_days: int
    people: int
    deaths: int
    counts: dict[str, pd.DataFrame]
    rates_by_department: pd.DataFrame
    arrest_shares: list[Share]
    counsel_share: Share
    hearing_type_share: Share
    whereabouts_share: Share
    hearing_limit_checks: list[LimitCheck]
    hearing_delay: DurationSummary
    domestic_rules: pd.DataFrame
    deaths_by_centre: pd.DataFrame
    death_causes: pd.DataFrame
    violence_share: Share
    arrest_to_death: DurationSummary
    occupancy: pd.DataFrame
    provisional_detention: DurationSummary
    provisional_limits: list[LimitCheck]
    arrest_to_release: DurationSummary

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready dictionary; the structure is in the class docstring."""
        used = [
            *due_process.FIXED_HEARING_LIMITS,
            *(str(code) for code in self.domestic_rules["rule_code"] if _is_limit(str(code))),
            *durations.PROVISIONAL_LIMITS,
        ]
        return {
            "snapshot": self.snapshot.isoformat(),
            "whereabouts_days": self.whereabouts_days,
            "people": self.people,
            "deaths": self.deaths,
            "counts": {by: _rows(frame) for by, frame in self.counts.items()},
            "rates_by_department": {
                "rows": _rows(self.rates_by_department),
                "unknown": int(self.rates_by_department.attrs.get("unknown", 0)),
            },
            "due_process": {
                "arrest": [s.to_dict() for s in self.arrest_shares],
                "counsel_access": self.counsel_share.to_dict(),
                "mass_hearing": self.hearing_type_share.to_dict(),
                "whereabouts_unknown": self.whereabouts_share.to_dict(),
                "hearing_limits": [c.to_dict() for c in self.hearing_limit_checks],
                "hearing_delay": self.hearing_delay.to_dict(),
                "domestic_rules": _rows(self.domestic_rules),
            },
            "deaths_in_custody": {
                "by_centre": _rows(self.deaths_by_centre),
                "causes": _rows(self.death_causes),
                "signs_of_violence": self.violence_share.to_dict(),
                "arrest_to_death": self.arrest_to_death.to_dict(),
            },
            "centres": {
                "occupancy": _rows(self.occupancy),
                "left_out": int(self.occupancy.attrs.get("left_out", 0)),
            },
            "durations": {
                "provisional_detention": self.provisional_detention.to_dict(),
                "provisional_limits": [c.to_dict() for c in self.provisional_limits],
                "arrest_to_release": self.arrest_to_release.to_dict(),
            },
            "limits": {code: limit(code).to_dict() for code in dict.fromkeys(used)},
        }


def _is_limit(code: str) -> bool:
    return code not in ("undetermined", "unknown")


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return _plain(value.item())
    return value


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {str(k): _plain(v) for k, v in row.items()}
        for row in frame.astype(object).to_dict("records")
    ]


def compute_indicators(
    people: pd.DataFrame, *, snapshot: date, whereabouts_days: int = 7
) -> Indicators:
    """Every indicator over ``people`` (the people-facts table).

    Parameters
    ----------
    people
        :func:`habeas.indicators.people.people_facts` of the linked records.
    snapshot
        The day the data describes (people still held are held until then).
    whereabouts_days
        The ``days`` of :func:`~habeas.indicators.due_process.whereabouts_share`.

    Examples
    --------
    >>> import json
    >>> people = pd.DataFrame({"person_id": ["P1", "P2"], "died_in_custody": ["yes", None],
    ...                        "arrest_date": ["2022-04-01", "2022-04"],
    ...                        "arrest_month": ["2022-04", "2022-04"]})
    >>> result = compute_indicators(people, snapshot=date(2023, 1, 1))
    >>> result.people, result.deaths
    (2, 1)
    >>> json.loads(json.dumps(result.to_dict()))["counts"]["month"][0]
    {'value': '2022-04', 'detained': 2, 'died': 1}
    """
    provisional, provisional_limits = durations.provisional_detention(people, snapshot=snapshot)
    n_deaths = sum(v == "yes" for v in people.get("died_in_custody", pd.Series(dtype=object)))
    return Indicators(
        snapshot=snapshot,
        whereabouts_days=whereabouts_days,
        people=len(people),
        deaths=int(n_deaths),
        counts={by: counts.documented_counts(people, by) for by in counts.BREAKDOWNS},
        rates_by_department=counts.rates_by_department(people),
        arrest_shares=due_process.arrest_shares(people),
        counsel_share=due_process.counsel_share(people),
        hearing_type_share=due_process.hearing_type_share(people),
        whereabouts_share=due_process.whereabouts_share(people, whereabouts_days),
        hearing_limit_checks=due_process.hearing_limit_checks(people),
        hearing_delay=due_process.hearing_delay(people),
        domestic_rules=due_process.domestic_rules_table(people),
        deaths_by_centre=deaths.deaths_by_centre(people),
        death_causes=deaths.death_causes(people),
        violence_share=deaths.violence_share(people),
        arrest_to_death=deaths.arrest_to_death(people),
        occupancy=centres.occupancy(people, snapshot=snapshot),
        provisional_detention=provisional,
        provisional_limits=provisional_limits,
        arrest_to_release=durations.arrest_to_release(people),
    )
