"""``habeas simulate``: write a synthetic scenario (lists, mappings and truth)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from habeas.cli import app


@app.command()
def simulate(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")],
    seed: Annotated[
        int, typer.Option(help="Random seed; the same seed writes the same bytes.")
    ] = 2022,
    scale: Annotated[
        float, typer.Option(help="Size relative to the default scenario (~72,000 people).")
    ] = 1.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
) -> None:
    """Simulate El Salvador 2022-2023: five documenting sources' lists and the truth.

    Writes OUT/sources/ (the lists and one mapping file per list), OUT/truth/
    (people.csv, custody_steps.csv, records.csv, record_errors.csv) and
    OUT/scenario.json. No real person is in it.
    """
    from habeas.cli._progress import progress_bars
    from habeas.simulate import ScenarioSpec, write_scenario

    spec = ScenarioSpec(seed=seed, scale=scale)
    started = time.perf_counter()
    if quiet:
        summary = write_scenario(spec, out)
    else:
        with progress_bars() as progress:
            summary = write_scenario(spec, out, progress)
    seconds = time.perf_counter() - started
    typer.echo(
        f"{summary.n_people:,} people detained, {summary.n_deaths:,} deaths in custody "
        f"(seed {seed}, scale {scale}; {seconds:.1f} s)"
    )
    for code, n in summary.n_records_by_source.items():
        bait = summary.quarantine_bait.get(code, {})
        bad, nameless = bait.get("bad_date", 0), bait.get("nameless", 0)
        typer.echo(
            f"  {code:<18} {n:>7,} records  ({bad} unreadable dates, {nameless} without a name)"
        )
    typer.echo(f"Lists and mappings in {out / 'sources'}; the truth in {out / 'truth'}")
