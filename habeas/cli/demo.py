"""``habeas demo``: simulate a scenario, import every list, say what happened."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from habeas.cli import app
from habeas.cli.records import (
    DatabaseUrl,
    check_failures,
    find_jobs,
    print_report,
    run_import,
)


@app.command()
def demo(
    scale: Annotated[
        float, typer.Option(help="Size of the scenario (1 = about 72,000 people detained).")
    ] = 1.0,
    seed: Annotated[
        int, typer.Option(help="Random seed: the same seed gives the same lists.")
    ] = 2022,
    out: Annotated[Path, typer.Option(help="Folder for the simulated lists and truth.")] = Path(
        "demo-data"
    ),
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Open the web app afterwards.")
    ] = True,
    link: Annotated[
        bool, typer.Option("--link/--no-link", help="Link the records into people afterwards.")
    ] = True,
    lang: Annotated[str, typer.Option(help="Language of the report: es or en.")] = "es",
    database_url: DatabaseUrl = None,
) -> None:
    """Simulate El Salvador's lists, import them, link them into people, estimate, and report.

    Running it again with the same seed adds nothing and says so; the link runs again
    and keeps the person ids of unchanged people. With the truth at hand, it says how
    well the linkage did (pairwise and B-cubed F1).
    """
    from habeas.cli._progress import progress_bars
    from habeas.simulate import ScenarioSpec, write_scenario
    from habeas.web.bootstrap import setup

    console = Console()
    spec = ScenarioSpec(seed=seed, scale=scale)
    console.print(f"Simulating the default scenario (scale {scale:g}, seed {seed}) into {out}/")
    with progress_bars(console) as progress:
        scenario = write_scenario(spec, out, progress=progress)
    console.print(
        f"{scenario.n_people:,} people detained, {scenario.n_deaths:,} deaths in custody; "
        f"{sum(scenario.n_records_by_source.values()):,} records in "
        f"{len(scenario.n_records_by_source)} lists"
    )
    jobs = find_jobs(out / "sources")
    setup(database_url or None)
    with progress_bars(console) as progress:
        outcome = run_import(jobs, console=console, progress=progress)
    print_report(outcome, console)
    if link:
        from habeas.cli.link import demo_link

        console.print("\nLinking the records of the same person across and within lists")
        demo_link(console, out / "truth" / "records.csv")
        demo_report(console, out, seed=seed, lang=lang)
    console.print(
        "\nNext:\n"
        "  habeas export records --out records.csv       the records table (or .parquet)\n"
        "  habeas export quarantine --out quarantine.csv  quarantined rows, to fix and re-import\n"
        "  habeas evaluate-linkage --people records.csv  what linkage got wrong, "
        f"with --truth {out / 'truth' / 'records.csv'}\n"
        "  habeas estimate --what deaths --by period     estimates by stratum (--help: methods)\n"
        "  habeas indicators --json                      every figure of the report, as JSON\n"
        f"  the truth behind the lists (people, deaths) is in {out / 'truth'}/",
        highlight=False,
    )
    if serve:
        console.print(
            "The web app is not built yet (a later issue), so there is nothing to serve; "
            "run with --no-serve to skip this note."
        )
    check_failures(outcome)


def demo_report(console: Console, out: Path, *, seed: int, lang: str) -> Path:
    """``habeas demo``'s report: estimates against the truth, then report.html/.pdf/public/."""
    from habeas.cli.estimate import demo_estimate
    from habeas.cli.report import make_report, print_written
    from habeas.report.render import write_report

    console.print("\nCounting people and estimating how many no list documented")
    built = make_report(
        records_file=None,
        truth=out / "truth",
        snapshot=None,
        method=None,
        seed=seed,
        whereabouts_days=7,
        database_url=None,
    )
    demo_estimate(console, built.estimates, truth=built.inputs.truth or {})
    report_dir = out / "report"
    written = write_report(built, report_dir, lang=lang, seed=seed)
    print_written(written, console)
    return report_dir
