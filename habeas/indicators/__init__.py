"""Indicators over people: documented counts, rates, due process, deaths, custody.

Numbers are computed over people (after linkage, never over raw records), each with
its denominator and the number of people whose value is unknown, and each duration
against every legal limit that applied (:mod:`habeas.domain.legal`), never one
verdict. Start from the linked records::

    people = people_facts(records)
    result = compute_indicators(people, snapshot=date(2024, 6, 30))
    result.to_dict()

This package imports only :mod:`habeas.domain`, numpy and pandas; estimated totals
come from :mod:`habeas.estimate` and are put beside these by the report.
"""

from __future__ import annotations

from habeas.indicators.centres import BadFrequency, occupancy
from habeas.indicators.counts import (
    BREAKDOWNS,
    UnknownBreakdown,
    documented_counts,
    rates_by_department,
)
from habeas.indicators.deaths import (
    arrest_to_death,
    death_causes,
    deaths_by_centre,
    violence_share,
)
from habeas.indicators.due_process import (
    arrest_shares,
    counsel_share,
    domestic_rules_table,
    hearing_delay,
    hearing_limit_checks,
    hearing_type_share,
    whereabouts_share,
)
from habeas.indicators.durations import arrest_to_release, provisional_detention
from habeas.indicators.measures import DurationSummary, LimitCheck, Share
from habeas.indicators.people import (
    AGE_GROUPS,
    PEOPLE_COLUMNS,
    BadRecords,
    NotLinked,
    age_group,
    people_facts,
)
from habeas.indicators.summary import Indicators, compute_indicators

__all__ = [
    "AGE_GROUPS",
    "BREAKDOWNS",
    "PEOPLE_COLUMNS",
    "BadFrequency",
    "BadRecords",
    "DurationSummary",
    "Indicators",
    "LimitCheck",
    "NotLinked",
    "Share",
    "UnknownBreakdown",
    "age_group",
    "arrest_shares",
    "arrest_to_death",
    "arrest_to_release",
    "compute_indicators",
    "counsel_share",
    "death_causes",
    "deaths_by_centre",
    "documented_counts",
    "domestic_rules_table",
    "hearing_delay",
    "hearing_limit_checks",
    "hearing_type_share",
    "occupancy",
    "people_facts",
    "provisional_detention",
    "rates_by_department",
    "violence_share",
    "whereabouts_share",
]
