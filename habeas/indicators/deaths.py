"""Deaths in custody: where, of what, with what signs, and how long after the arrest.

A person died in custody when ``died_in_custody`` is ``yes`` (any of their records
said so; see :mod:`habeas.indicators.people`). Every table here is over those people.

- :func:`deaths_by_centre`: the place of death, else the last known detention centre
  (people often die in a hospital they were taken to from a prison; the record then
  names the hospital). ``(unknown)`` when neither is known.
- :func:`death_causes`: the cause as reported by the source (not an official finding);
  ``(unknown)`` when no record gives one.
- :func:`violence_share`: share whose body showed signs of violence, among deaths
  where some record says yes or no.
- :func:`arrest_to_death`: days from arrest to death (midpoint for partial dates).
"""

from __future__ import annotations

import pandas as pd

from habeas.domain.centres import centres
from habeas.indicators._common import UNKNOWN, column, days_between
from habeas.indicators.measures import DurationSummary, Share, summarise_durations

__all__ = ["arrest_to_death", "death_causes", "deaths_by_centre", "violence_share"]


def _deaths(people: pd.DataFrame) -> pd.DataFrame:
    died = [v == "yes" for v in column(people, "died_in_custody")]
    return people[died] if len(people) else people


def _ranked(values: list[str], name: str) -> pd.DataFrame:
    """Counts of ``values``, most frequent first, ``(unknown)`` last (shown even at 0)."""
    counts = pd.Series(values, dtype=object).value_counts()
    known = counts.drop(UNKNOWN, errors="ignore")
    known = known.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
    return pd.DataFrame(
        {
            name: [*known.index, UNKNOWN],
            "deaths": [*(int(n) for n in known), int(counts.get(UNKNOWN, 0))],
        }
    )


def deaths_by_centre(people: pd.DataFrame) -> pd.DataFrame:
    """Deaths in custody by place: columns ``centre`` (code), ``name``, ``deaths``.

    Examples
    --------
    >>> people = pd.DataFrame({"died_in_custody": ["yes", "yes", "no"],
    ...                        "death_place": [None, "hospital", None],
    ...                        "detention_centre": ["izalco", "izalco", "izalco"]})
    >>> deaths_by_centre(people).to_dict("list")
    {'centre': ['hospital', 'izalco', '(unknown)'], 'name': ['Hospital', 'Centro Penal de Izalco (Fases I–III)', None], 'deaths': [1, 1, 0]}
    """  # noqa: E501
    deaths = _deaths(people)
    places = [
        p or c or UNKNOWN
        for p, c in zip(
            column(deaths, "death_place"), column(deaths, "detention_centre"), strict=True
        )
    ]
    table = _ranked(places, "centre")  # type: ignore[arg-type]
    names = {c.code: c.name for c in centres()}
    table.insert(1, "name", pd.Series([names.get(c) for c in table["centre"]], dtype=object))
    return table


def death_causes(people: pd.DataFrame) -> pd.DataFrame:
    """Deaths in custody by reported cause: columns ``cause`` (vocabulary code), ``deaths``."""
    deaths = _deaths(people)
    return _ranked([c or UNKNOWN for c in column(deaths, "death_cause")], "cause")  # type: ignore[misc]


def violence_share(people: pd.DataFrame) -> Share:
    """Share of deaths in custody with signs of violence (key ``signs_of_violence``)."""
    values = column(_deaths(people), "signs_of_violence")
    yes = sum(v == "yes" for v in values)
    known = sum(v in ("yes", "no") for v in values)
    return Share("signs_of_violence", yes, known, len(values) - known)


def arrest_to_death(people: pd.DataFrame) -> DurationSummary:
    """Days from arrest to death in custody (key ``arrest_to_death``).

    Partial dates count at the midpoint of their possible range; a death dated before
    the arrest, or a missing date, is unknown.
    """
    deaths = _deaths(people)
    spans = [
        days_between(a, d)  # type: ignore[arg-type]
        for a, d in zip(column(deaths, "arrest_date"), column(deaths, "death_date"), strict=True)
    ]
    return summarise_durations(
        "arrest_to_death", [None if s is None else (s[0] + s[1]) / 2 for s in spans]
    )
