"""A report's figures, computed once: indicators over people and estimates, with provenance.

:func:`build_report` takes the linked records (a snapshot of the database, or a file)
and everything the methods section must state (sources, the link run, its measured
quality when a truth is known) and computes every figure. :meth:`Report.to_dict` is
what ``habeas indicators --json`` prints, so every number in the report can be
reproduced from the command line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd

import habeas
from habeas.indicators import Indicators, compute_indicators, people_facts
from habeas.report.estimates import ReportEstimates, estimate_for_report


@dataclass
class ReportInputs:
    """What a report is made from.

    ``records`` is the linked records table (every row with ``person_id`` and
    ``source``). ``sources`` has ``code, name`` (and optionally ``kind``, ``official``)
    per list. ``link_run`` holds the last link run's fields (settings, counts,
    timings); ``linkage_quality`` the scores of :class:`habeas.linkage.evaluate.LinkageScores`
    when a truth was at hand (the simulated scenario); ``truth`` the true totals
    (``detained``, ``died``) when the data are simulated, so the report can say how
    close it came.
    """

    records: pd.DataFrame
    snapshot: date
    sources: pd.DataFrame | None = None
    link_run: dict[str, Any] | None = None
    linkage_quality: dict[str, Any] | None = None
    truth: dict[str, int] | None = None


@dataclass
class Report:
    """Every figure of a report, and where it came from."""

    inputs: ReportInputs
    people: pd.DataFrame
    indicators: Indicators
    estimates: ReportEstimates
    created: datetime = field(default_factory=lambda: datetime.now().astimezone())
    version: str = habeas.__version__

    def sources_table(self) -> pd.DataFrame:
        """Per list: code, name, records, people documented, people only it documented."""
        records = self.inputs.records
        per_source = records.groupby("source").agg(
            records=("source", "size"), people=("person_id", "nunique")
        )
        lists = self.people["sources"].fillna("").str.split(";")
        only = lists[lists.map(len) == 1].map(lambda s: s[0]).value_counts()
        per_source["only_here"] = only.reindex(per_source.index).fillna(0).astype(int)
        names = {}
        if self.inputs.sources is not None and "name" in self.inputs.sources:
            names = dict(zip(self.inputs.sources["code"], self.inputs.sources["name"], strict=True))
        per_source["name"] = [names.get(code, code) for code in per_source.index]
        return per_source.reset_index().rename(columns={"index": "source"})

    def to_dict(self) -> dict[str, Any]:
        """Every figure, JSON-ready: ``habeas indicators --json``."""
        return {
            "habeas_version": self.version,
            "snapshot": self.inputs.snapshot.isoformat(),
            "created": self.created.isoformat(timespec="seconds"),
            "records": len(self.inputs.records),
            "people": len(self.people),
            "sources": self.sources_table().to_dict("records"),
            "indicators": self.indicators.to_dict(),
            "estimates": self.estimates.to_dict(),
            "link_run": self.inputs.link_run,
            "linkage_quality": self.inputs.linkage_quality,
            "truth": self.inputs.truth,
        }


def build_report(
    inputs: ReportInputs,
    *,
    method: str | None = None,
    seed: int = 2022,
    whereabouts_days: int = 7,
) -> Report:
    """Compute the indicators and the estimates of a report.

    Parameters
    ----------
    inputs
        The linked records and their provenance (:class:`ReportInputs`).
    method
        Headline estimation method (``dga``, ``lcmcr``, ``loglinear``); by default
        dga with up to five lists, else lcmcr (:mod:`habeas.report.estimates`).
    seed
        Seed of the estimation samplers.
    whereabouts_days
        The N of "the family did not learn the place of detention within N days".
    """
    people = people_facts(inputs.records)
    indicators = compute_indicators(
        people, snapshot=inputs.snapshot, whereabouts_days=whereabouts_days
    )
    estimates = estimate_for_report(inputs.records, people, method=method, seed=seed)
    return Report(inputs=inputs, people=people, indicators=indicators, estimates=estimates)
