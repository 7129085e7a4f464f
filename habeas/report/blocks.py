"""The building blocks of the report's text: sections, blocks, and figures in words.

Every share is written with its denominator and its unknowns ("37 % of 12,400 people
with a known answer; unknown for 8,100"): an unknown is never counted as a no.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from django.utils.translation import gettext as _

from habeas.estimate.results import LEVEL
from habeas.indicators import DurationSummary, LimitCheck, Share
from habeas.report.i18n import number, percent


@dataclass
class Block:
    """One element of a section: ``kind`` is chart, table, shares, figures or text."""

    kind: str
    title: str = ""
    svg: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    items: list[dict[str, str]] = field(default_factory=list)
    text: str = ""
    note: str = ""


@dataclass
class Section:
    """A numbered section of the report."""

    id: str
    title: str
    intro: str = ""
    blocks: list[Block] = field(default_factory=list)


def level_text(lang: str) -> str:
    """The intervals' level, "95 %" or "95%"."""
    return percent(LEVEL, lang, decimals=0)


def share_text(share: Share, lang: str) -> str:
    """ "37 % of 12,400 people with a known answer; unknown for 8,100"."""
    if share.known == 0:
        return _("no person with a known answer; unknown for %(unknown)s") % {
            "unknown": number(share.unknown, lang)
        }
    return _("%(share)s of %(known)s people with a known answer; unknown for %(unknown)s") % {
        "share": percent(share.share, lang),
        "known": number(share.known, lang),
        "unknown": number(share.unknown, lang),
    }


def limit_text(check: LimitCheck, lang: str) -> str:
    """A limit check in words: the share beyond, of how many, and what the dates cannot tell."""
    told = check.beyond + check.within
    return _(
        "%(share)s beyond the limit, of %(told)s people whose dates tell; "
        "dates too vague for %(undetermined)s, unknown for %(unknown)s"
    ) % {
        "share": percent(check.share_beyond, lang),
        "told": number(told, lang),
        "undetermined": number(check.undetermined, lang),
        "unknown": number(check.unknown, lang),
    }


def duration_text(summary: DurationSummary, lang: str) -> str:
    """ "median 12 days (quartiles 5–15), of 9,000 people; unknown for 4,000"."""
    if summary.known == 0:
        return _("no person with both dates; unknown for %(unknown)s") % {
            "unknown": number(summary.unknown, lang)
        }
    return _(
        "median %(median)s days (half between %(q1)s and %(q3)s; longest %(max)s), "
        "of %(known)s people with both dates; unknown for %(unknown)s"
    ) % {
        "median": number(summary.median_days, lang, decimals=1),
        "q1": number(summary.q1_days, lang, decimals=1),
        "q3": number(summary.q3_days, lang, decimals=1),
        "max": number(summary.max_days, lang),
        "known": number(summary.known, lang),
        "unknown": number(summary.unknown, lang),
    }


def interval_text(
    estimate: float | None, lower: float | None, upper: float | None, lang: str
) -> str:
    """ "12.345 (11.000–14.000)"; an em dash when there is no estimate."""
    if estimate is None or pd.isna(estimate):
        return "—"
    return f"{number(estimate, lang)} ({number(lower, lang)}–{number(upper, lang)})"


# -- labels of codes ------------------------------------------------------------------
