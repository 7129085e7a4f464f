"""``habeas report`` and ``habeas indicators``: the figures, as a report or as JSON.

Both read the linked records of the database (or a linked records file with
``--records``), compute the indicators over people and the estimates, and either
write report.html, report.pdf and public/ (``report``) or print every figure as
JSON (``indicators --json``), so any number in a report can be reproduced.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from habeas.cli import app
from habeas.cli.records import DatabaseUrl

if TYPE_CHECKING:
    import pandas as pd

    from habeas.report.build import Report, ReportInputs

RecordsFile = Annotated[
    Path | None,
    typer.Option(
        "--records",
        help="A linked records file (CSV/XLSX/Parquet with person_id) instead of the database.",
    ),
]
TruthDir = Annotated[
    Path | None,
    typer.Option(
        help="The simulated scenario's truth/ folder: the report then says how close it came."
    ),
]
Snapshot = Annotated[
    str | None,
    typer.Option(help="Date of the data snapshot, yyyy-mm-dd (default: today)."),
]
Method = Annotated[
    str | None,
    typer.Option(
        help="Headline estimation method: dga, lcmcr or loglinear (default: dga "
        "with up to 5 lists, else lcmcr)."
    ),
]
Seed = Annotated[int, typer.Option(help="Seed of the estimation samplers.")]
WhereaboutsDays = Annotated[
    int,
    typer.Option(help="N of 'the family did not learn the place of detention within N days'."),
]


def _plain_records(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns with None for missing, as the indicators expect."""
    frame = frame.astype(object)
    return frame.where(frame.notna(), None)


def database_inputs(snapshot: date, database_url: str | None) -> ReportInputs:
    """The report's inputs from the database: linked records, sources, the last link run."""
    import pandas as pd

    from habeas.report.build import ReportInputs
    from habeas.web.bootstrap import setup

    setup(database_url or None)
    from habeas.web.analysis.models import LinkRun
    from habeas.web.cases.exports import records_frame
    from habeas.web.cases.models import Source

    records = _plain_records(records_frame())
    sources = pd.DataFrame(list(Source.objects.values("code", "name", "kind", "official")))
    run = LinkRun.objects.order_by("-finished").first()
    link_run = None
    if run is not None:
        link_run = {
            "finished": run.finished.isoformat(timespec="seconds"),
            "habeas_version": run.habeas_version,
            "n_records": run.n_records,
            "n_people": run.n_people,
            "n_links": run.n_links,
            "n_review": run.n_review,
            "n_decisions": run.n_decisions,
        }
    return ReportInputs(records=records, snapshot=snapshot, sources=sources, link_run=link_run)


def file_inputs(path: Path, snapshot: date) -> ReportInputs:
    """The report's inputs from a linked records file."""
    from habeas.cli.link import read_table
    from habeas.report.build import ReportInputs

    records = _plain_records(read_table(path, required=("source", "record_id", "person_id")))
    return ReportInputs(records=records, snapshot=snapshot)


def add_truth(inputs: ReportInputs, truth: Path) -> None:
    """Add the simulator's true totals and the linkage's measured quality to ``inputs``."""
    import pandas as pd

    from habeas.cli.link import read_table
    from habeas.linkage.evaluate import evaluate

    people = pd.read_csv(truth / "people.csv", dtype=str, keep_default_na=False)
    # One in_<source> 0/1 column per list (in_flagrante is a record column, not a list).
    lists = [f"in_{code}" for code in inputs.records["source"].unique()]
    on_a_list = people[[c for c in lists if c in people]].astype(int).sum(axis=1) > 0
    inputs.truth = {
        "detained": len(people),
        "died": int((people["died_in_custody"] == "yes").sum()),
        "documented": int(on_a_list.sum()),
    }
    linked = inputs.records[["source", "record_id", "person_id"]]
    scores = evaluate(read_table(truth / "records.csv"), linked, truth_only="ignore")
    inputs.linkage_quality = scores.to_dict()


def make_report(
    *,
    records_file: Path | None,
    truth: Path | None,
    snapshot: str | None,
    method: str | None,
    seed: int,
    whereabouts_days: int,
    database_url: str | None,
) -> Report:
    """Read the inputs (database or file), add the truth if given, compute every figure."""
    from habeas.report.build import build_report

    day = date.fromisoformat(snapshot) if snapshot else date.today()
    if records_file is not None:
        inputs = file_inputs(records_file, day)
    else:
        inputs = database_inputs(day, database_url)
    if truth is not None:
        add_truth(inputs, truth)
    return build_report(inputs, method=method, seed=seed, whereabouts_days=whereabouts_days)


@app.command()
def report(
    out: Annotated[Path, typer.Option(help="Folder to write report.html, report.pdf and public/.")],
    lang: Annotated[str, typer.Option(help="Language of the report: es or en.")] = "es",
    pdf: Annotated[bool, typer.Option("--pdf/--no-pdf", help="Also write report.pdf.")] = True,
    min_cell: Annotated[
        int, typer.Option(help="Public tables: cells with fewer people are suppressed.")
    ] = 5,
    microdata: Annotated[
        bool,
        typer.Option(
            "--microdata/--no-microdata",
            help="Also publish k-anonymous microdata (names, DUIs, dates and text removed).",
        ),
    ] = False,
    k: Annotated[int, typer.Option(help="k of the microdata's k-anonymity.")] = 5,
    records_file: RecordsFile = None,
    truth: TruthDir = None,
    snapshot: Snapshot = None,
    method: Method = None,
    seed: Seed = 2022,
    whereabouts_days: WhereaboutsDays = 7,
    database_url: DatabaseUrl = None,
) -> None:
    """Write the report: report.html (self-contained), report.pdf and an anonymised public/."""
    from habeas.report.i18n import check_lang
    from habeas.report.render import write_report

    console = Console(stderr=True)
    check_lang(lang)
    console.print("Computing the indicators and the estimates…")
    built = make_report(
        records_file=records_file,
        truth=truth,
        snapshot=snapshot,
        method=method,
        seed=seed,
        whereabouts_days=whereabouts_days,
        database_url=database_url,
    )
    written = write_report(
        built, out, lang=lang, pdf=pdf, min_cell=min_cell, microdata=microdata, k=k, seed=seed
    )
    print_written(written, console)


def print_written(written: Any, console: Console) -> None:
    """Where the report's files went."""
    console.print(f"Report: {written.html}", highlight=False, soft_wrap=True)
    if written.pdf is not None:
        console.print(f"PDF:    {written.pdf}", highlight=False, soft_wrap=True)
    if written.public:
        console.print(
            f"Public: {written.public[0].parent}/ ({len(written.public)} files)",
            highlight=False,
            soft_wrap=True,
        )


@app.command()
def indicators(
    as_json: Annotated[
        bool, typer.Option("--json", help="Print every figure of the report as JSON.")
    ] = False,
    out: Annotated[Path | None, typer.Option(help="Write the JSON to this file.")] = None,
    records_file: RecordsFile = None,
    truth: TruthDir = None,
    snapshot: Snapshot = None,
    method: Method = None,
    seed: Seed = 2022,
    whereabouts_days: WhereaboutsDays = 7,
    database_url: DatabaseUrl = None,
) -> None:
    """Every figure of the report: indicators over people and estimates (--json for all)."""
    built = make_report(
        records_file=records_file,
        truth=truth,
        snapshot=snapshot,
        method=method,
        seed=seed,
        whereabouts_days=whereabouts_days,
        database_url=database_url,
    )
    data = built.to_dict()
    if as_json or out is not None:
        text = json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False)
        if out is not None:
            out.write_text(text + "\n", encoding="utf-8")
        else:
            sys.stdout.write(text + "\n")
        return
    print_headline(built, Console())


def print_headline(built: Report, console: Console) -> None:
    """The headline figures in a terminal: documented and estimated, with intervals."""
    from rich.table import Table

    ind, est = built.indicators, built.estimates
    table = Table(title="People detained and deaths in custody", title_justify="left")
    table.add_column("")
    table.add_column("documented", justify="right")
    table.add_column(f"estimated ({est.method}, 95% interval)", justify="right")
    if built.inputs.truth:
        table.add_column("true (simulated)", justify="right")
    for question, documented, label, key in (
        (est.detentions, ind.people, "detained", "detained"),
        (est.deaths, ind.deaths, "died in custody", "died"),
    ):
        r = question.headline
        cells = [label, f"{documented:,}"]
        cells.append(f"{r.estimate:,.0f} ({r.lower:,.0f}–{r.upper:,.0f})" if r else "—")
        if built.inputs.truth:
            cells.append(f"{built.inputs.truth[key]:,}")
        table.add_row(*cells)
    console.print(table)
