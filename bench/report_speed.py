"""How long a report takes, phase by phase, and whether its headline finds the truth.

The default scenario (scale 1, seed 2022: 72,000 people detained, five lists) is
simulated and read with its mappings (no database); every record gets its true
person, so the figures isolate the report from linkage error. Then, ``--runs`` times:

- indicators: ``people_facts`` and ``compute_indicators`` over the people;
- estimates: the headline (dga), lcmcr and log-linear on detentions and deaths, and
  the headline on five strata (department, sex, age group, half-year, month);
- html: the charts, the map and the page, in Spanish;
- pdf: WeasyPrint;
- public: the aggregate tables with suppression, and k-anonymous microdata.

It prints the median seconds of each phase, the peak memory of the process, and the
headline figures next to the simulator's truth.

Usage::

    .venv/bin/python bench/report_speed.py [--scale 1] [--runs 3] [--seed 2022]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
import warnings
from datetime import date
from pathlib import Path

import pandas as pd


def linked_records(folder: Path) -> pd.DataFrame:
    """The scenario's lists read with their mappings, each record with its true person."""
    from habeas.domain.schema import RECORD_COLUMNS
    from habeas.ingest import discover, ingest_file

    frames = [
        ingest_file(m.file_path, m).records[list(RECORD_COLUMNS)]
        for m in discover(folder / "sources")
    ]
    records = pd.concat(frames, ignore_index=True)
    truth = pd.read_csv(folder / "truth" / "records.csv", dtype=str)
    records = records.merge(truth, on=["source", "record_id"], how="inner", validate="1:1")
    return records.astype(object).where(records.notna(), None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2022)
    args = parser.parse_args()

    from habeas.estimate.diagnostics import EstimationWarning
    from habeas.indicators import compute_indicators, people_facts
    from habeas.report.build import Report, ReportInputs
    from habeas.report.estimates import estimate_for_report
    from habeas.report.public import write_public
    from habeas.report.render import render_html, write_pdf
    from habeas.simulate import ScenarioSpec, write_scenario

    warnings.simplefilter("ignore", EstimationWarning)
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        scenario = write_scenario(ScenarioSpec(seed=args.seed, scale=args.scale), folder)
        records = linked_records(folder)
        print(f"{len(records):,} records of {records['person_id'].nunique():,} people")
        snapshot = date(2026, 3, 31)
        times: dict[str, list[float]] = {}
        for _ in range(args.runs):
            clock = time.perf_counter()

            def lap(name: str) -> None:
                nonlocal clock
                now = time.perf_counter()
                times.setdefault(name, []).append(now - clock)
                clock = now

            people = people_facts(records)
            indicators = compute_indicators(people, snapshot=snapshot)
            lap("indicators")
            estimates = estimate_for_report(records, people, seed=args.seed)
            lap("estimates")
            report = Report(
                inputs=ReportInputs(records=records, snapshot=snapshot),
                people=people,
                indicators=indicators,
                estimates=estimates,
            )
            html = render_html(report, "es")
            lap("html")
            write_pdf(html, folder / "report.pdf")
            lap("pdf")
            write_public(people, folder / "public", include_microdata=True, seed=args.seed)
            lap("public")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    total = [sum(run) for run in zip(*times.values(), strict=True)]
    print(f"\nmedian of {args.runs} runs (seconds):")
    for name, values in {**times, "total": total}.items():
        print(f"  {name:<11}{statistics.median(values):8.1f}")
    print(f"peak memory {peak:,.0f} MB; report.html {len(html.encode()) / 1e3:,.0f} kB")
    for question, true in (
        (estimates.detentions, scenario.n_people),
        (estimates.deaths, scenario.n_deaths),
    ):
        r = question.headline
        if r is None:
            print(f"{question.what}: not estimated ({question.failed})")
            continue
        inside = "inside" if r.lower <= true <= r.upper else "OUTSIDE"
        print(
            f"{question.what}: documented {r.observed:,}, {r.method} {r.estimate:,.0f} "
            f"({r.lower:,.0f}-{r.upper:,.0f}), truth {true:,} {inside} the interval"
        )


if __name__ == "__main__":
    sys.exit(main())
