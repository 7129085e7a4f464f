"""The shapes every indicator takes: a share, a duration summary, a check against a limit.

Each carries its denominator and the number of people whose value is unknown, so a
figure always reads "37% of 12,400 people with a known answer; unknown for 8,100".
An unknown is never counted as a no: it is left out of the denominator and reported
beside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["DurationSummary", "LimitCheck", "Share", "summarise_durations"]


@dataclass(frozen=True)
class Share:
    """``yes`` of the ``known`` people answered yes; ``unknown`` people have no answer.

    Examples
    --------
    >>> s = Share("counsel_access", yes=37, known=100, unknown=20)
    >>> s.share
    0.37
    >>> Share("counsel_access", 0, 0, 5).share is None
    True
    """

    key: str
    yes: int
    known: int
    unknown: int

    @property
    def share(self) -> float | None:
        """``yes / known``; None when nobody's answer is known."""
        return self.yes / self.known if self.known else None

    def to_dict(self) -> dict[str, Any]:
        """``key``, ``yes``, ``known``, ``unknown``, ``share`` (JSON-ready)."""
        return {
            "key": self.key,
            "yes": self.yes,
            "known": self.known,
            "unknown": self.unknown,
            "share": self.share,
        }


@dataclass(frozen=True)
class DurationSummary:
    """Quartiles and maximum of a duration in days over ``known`` people.

    The ``*_days`` are None when ``known`` is 0.
    """

    key: str
    known: int
    unknown: int
    median_days: float | None
    q1_days: float | None
    q3_days: float | None
    max_days: float | None

    def to_dict(self) -> dict[str, Any]:
        """``key``, ``known``, ``unknown``, ``median_days``, ``q1_days``, ``q3_days``,
        ``max_days`` (JSON-ready)."""
        return {
            "key": self.key,
            "known": self.known,
            "unknown": self.unknown,
            "median_days": self.median_days,
            "q1_days": self.q1_days,
            "q3_days": self.q3_days,
            "max_days": self.max_days,
        }


@dataclass(frozen=True)
class LimitCheck:
    """How many people's durations were beyond or within one legal limit.

    ``beyond``: the dates prove the limit was exceeded; ``within``: they prove it was
    not; ``undetermined``: dates known only to the month cannot tell; ``unknown``: a
    date is missing. ``limit_days`` is set for hour and day limits, ``limit_months``
    for month limits; both are None when each person has their own limit (the domestic
    rule in force on their arrest day).

    Examples
    --------
    >>> LimitCheck("iccpr_48h", "iccpr_48h", 2.0, None, 3, 1, 1, 5).share_beyond
    0.75
    """

    key: str
    limit_code: str
    limit_days: float | None
    limit_months: int | None
    beyond: int
    within: int
    undetermined: int
    unknown: int

    @property
    def share_beyond(self) -> float | None:
        """``beyond / (beyond + within)``; None when nobody's case is decided."""
        decided = self.beyond + self.within
        return self.beyond / decided if decided else None

    def to_dict(self) -> dict[str, Any]:
        """Every field and ``share_beyond`` (JSON-ready)."""
        return {
            "key": self.key,
            "limit_code": self.limit_code,
            "limit_days": self.limit_days,
            "limit_months": self.limit_months,
            "beyond": self.beyond,
            "within": self.within,
            "undetermined": self.undetermined,
            "unknown": self.unknown,
            "share_beyond": self.share_beyond,
        }


def summarise_durations(key: str, days: Iterable[float | None]) -> DurationSummary:
    """A :class:`DurationSummary` of ``days``, where None is an unknown duration.

    Examples
    --------
    >>> summarise_durations("x", [1, 2, 3, None]).to_dict()
    {'key': 'x', 'known': 3, 'unknown': 1, 'median_days': 2.0, 'q1_days': 1.5, 'q3_days': 2.5, 'max_days': 3.0}
    """  # noqa: E501
    values = list(days)
    known = np.array([float(v) for v in values if v is not None], dtype=float)
    unknown = len(values) - len(known)
    if not len(known):
        return DurationSummary(key, 0, unknown, None, None, None, None)
    q1, median, q3 = (float(q) for q in np.quantile(known, [0.25, 0.5, 0.75]))
    return DurationSummary(key, len(known), unknown, median, q1, q3, float(known.max()))
