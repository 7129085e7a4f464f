"""``habeas import`` and ``habeas export records|quarantine``: lists in, tables out."""

from __future__ import annotations

import dataclasses
import getpass
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from habeas.cli import app, err_console
from habeas.domain.errors import HabeasError

if TYPE_CHECKING:
    from habeas.domain.progress import ProgressCallback
    from habeas.ingest import SourceMapping
    from habeas.web.cases.actions import ImportSummary

export_app = typer.Typer(
    help="Write tables out of the database (records, quarantine).", no_args_is_help=True
)
app.add_typer(export_app, name="export")

DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        envvar="DATABASE_URL",
        help="Database to use (default: the SQLite file habeas.sqlite3 in this folder).",
        show_default=False,
    ),
]

#: Quarantine reasons printed after an import; the rest are in `habeas export quarantine`.
SHOWN_PROBLEMS = 10


class NoMapping(HabeasError):
    """A list to import has no mapping file that says how to read it."""


class FilesNotImported(HabeasError):
    """Some lists of an import could not be read; the others were imported."""


@dataclass(frozen=True)
class ImportJob:
    """One file to import with the mapping that reads it."""

    path: Path
    mapping: SourceMapping


@dataclass
class ImportOutcome:
    """What became of each file of an import run."""

    summaries: list[ImportSummary] = field(default_factory=list)
    failures: list[tuple[Path, str]] = field(default_factory=list)


def find_jobs(
    path: Path, *, source: str | None = None, mapping: Path | None = None
) -> list[ImportJob]:
    """The files to import from ``path`` (a folder or a file) and the mapping of each.

    A folder: every mapping file under it (``--source`` picks one). A file: the
    ``--mapping`` given, else a mapping file beside it that names it. ``--source``
    also sets the source code of a single file's records.
    """
    from habeas.ingest import discover, read_mapping

    if not path.exists():
        raise NoMapping(f"{path}: no such file or folder")
    if path.is_dir():
        if mapping is not None:
            raise NoMapping(f"{path}: --mapping goes with a single file, not a folder")
        mappings = discover(path)
        if not mappings:
            raise NoMapping(f"{path}: no *.mapping.toml or *.mapping.yaml file in this folder")
        if source is not None:
            chosen = [m for m in mappings if m.code == source]
            if not chosen:
                codes = ", ".join(sorted(m.code for m in mappings))
                raise NoMapping(f"{path}: no mapping for source {source!r} (found: {codes})")
            mappings = chosen
        return [ImportJob(m.file_path, m) for m in mappings]
    if mapping is not None:
        found = read_mapping(mapping)
    else:
        beside = [
            m for m in discover(path.parent) if m.file and m.file_path.resolve() == path.resolve()
        ]
        if not beside:
            raise NoMapping(
                f"{path}: no mapping file names this list; pass --mapping FILE "
                "(see docs: source mapping files)"
            )
        found = beside[0]
    if source is not None:
        found = dataclasses.replace(found, code=source)
    return [ImportJob(path, found)]


def run_import(
    jobs: list[ImportJob], *, console: Console, progress: ProgressCallback
) -> ImportOutcome:
    """Ingest and store each job; a file-level error is recorded and the others go on."""
    from habeas.ingest import ingest_file
    from habeas.web.cases.actions import import_result

    outcome = ImportOutcome()
    user = _login_name()
    for job in jobs:
        try:
            # One set of bars per source, so a folder's files don't share bars.
            def labelled(step: str, done: int, total: int, code: str = job.mapping.code) -> None:
                progress(f"{code}: {step}", done, total)

            result = ingest_file(job.path, job.mapping, progress=labelled)
            summary = import_result(result, imported_by=user, progress=labelled)
        except HabeasError as exc:
            # Reported now, in context; the other files still import.
            outcome.failures.append((job.path, str(exc)))
            err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
            continue
        outcome.summaries.append(summary)
    return outcome


def print_report(outcome: ImportOutcome, console: Console, *, partial: bool = False) -> None:
    """Print what each file added and the first quarantine reasons.

    ``partial`` says the files are parts of their lists (say, this month's new cases):
    then the records of a source that a file does not list are not reported as absent.
    """
    summaries = outcome.summaries
    fresh = [s for s in summaries if not s.already_imported]
    # Absent records mean something only when a file is the whole list: a full export
    # that no longer lists a record. Shown unless the user says the files are partial.
    show_absent = not partial and any(s.absent for s in fresh)
    names = ["imported", "updated", "unchanged", "quarantined", "warnings"]
    headers = ["new", "changed", "same", "quarantined", "warnings"]
    if show_absent:
        names.append("absent")
        headers.append("absent")
    if summaries:
        # The file names go in a line of their own: in an 80-column terminal (or a
        # pipe) a file column squeezes the numbers into unreadable slivers.
        table = Table(title="Imported", title_justify="left", box=box.SIMPLE_HEAD)
        table.add_column("source", no_wrap=True)
        for header in ("rows", *headers):
            table.add_column(header, justify="right", no_wrap=True)
        for s in summaries:
            if s.already_imported:
                table.add_row(s.source, f"{s.rows:,}", *["-"] * len(names))
                continue
            numbers = [s.rows, *(getattr(s, name) for name in names)]
            table.add_row(s.source, *(f"{n:,}" for n in numbers))
        if len(fresh) > 1:
            totals = [sum(getattr(s, name) for s in fresh) for name in ("rows", *names)]
            table.add_section()
            table.add_row(f"total ({len(fresh)} files)", *(f"{n:,}" for n in totals))
        console.print(table)
        files = ", ".join(f"{s.source} = {s.file}" for s in summaries)
        console.print(f"Files: {files}", highlight=False, soft_wrap=True)
    if show_absent:
        for s in fresh:
            if s.absent:
                console.print(
                    f"{s.source}: {s.absent:,} records of this source are not in this file "
                    "(kept: habeas never deletes a record)",
                    highlight=False,
                )
        console.print(
            "If a file holds only part of its list, import it with --partial.", highlight=False
        )
    remapped = [s.file for s in fresh if s.remapped]
    if remapped:
        console.print(
            f"Read again with a changed mapping: {', '.join(remapped)}",
            highlight=False,
            soft_wrap=True,
        )
    resolved = [s for s in fresh if s.resolved or s.superseded]
    for s in resolved:
        console.print(
            f"{s.source}: quarantined rows of earlier imports resolved: {s.resolved:,} now "
            f"imported, {s.superseded:,} quarantined again",
            highlight=False,
        )
    # A few reasons from every file rather than many from the first.
    per_file = max(2, SHOWN_PROBLEMS // max(1, len(summaries)))
    problems = [p for s in summaries for p in s.problems[:per_file]][:SHOWN_PROBLEMS]
    if problems:
        console.print("First reasons rows were quarantined:")
        for problem in problems:
            console.print(f"  {problem}", highlight=False, markup=False, soft_wrap=True)
        console.print(
            "Every quarantined row, with its cells: habeas export quarantine --out FILE.csv"
        )
    again = [s for s in summaries if s.already_imported]
    if again:
        listed = ", ".join(
            f"{s.file} ({s.imported_on:%d/%m/%Y %H:%M})" if s.imported_on else s.file for s in again
        )
        console.print(f"Already imported, so nothing added (-): {listed}", highlight=False)
    if summaries and all(s.already_imported for s in summaries):
        console.print("Nothing new: every file had been imported before.")
    elif summaries and not any(s.imported or s.updated for s in summaries):
        console.print("Nothing new: every record was already in the database, unchanged.")
    if outcome.failures:
        names = ", ".join(path.name for path, _ in outcome.failures)
        console.print(f"[bold red]Not imported[/] (see the errors above): {names}", highlight=False)


def check_failures(outcome: ImportOutcome) -> None:
    """Fail the command (exit code 1) when any file could not be imported."""
    if outcome.failures:
        total = len(outcome.failures) + len(outcome.summaries)
        raise FilesNotImported(f"{len(outcome.failures)} of {total} lists not imported")


@app.command("import")
def import_(
    path: Annotated[Path, typer.Argument(help="A list, or a folder of lists with mapping files.")],
    source: Annotated[
        str | None, typer.Option(help="Source code: pick one in a folder, or set a file's.")
    ] = None,
    mapping: Annotated[
        Path | None, typer.Option(help="Mapping file (TOML/YAML) that says how to read the list.")
    ] = None,
    partial: Annotated[
        bool,
        typer.Option(
            "--partial",
            help="The files hold only part of their lists: don't report the records they lack.",
        ),
    ] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Import organisations' lists: valid rows become records, invalid rows go to quarantine.

    Importing the same file with the same mapping again adds nothing; a changed list
    (or a fixed mapping) updates its records and keeps their previous values. Records
    a newer list no longer holds are kept and counted as absent; a fixed row resolves
    its earlier quarantined row.
    """
    from habeas.cli._progress import progress_bars
    from habeas.web.bootstrap import setup

    console = Console()
    jobs = find_jobs(path, source=source, mapping=mapping)
    setup(database_url or None)
    with progress_bars(console) as progress:
        outcome = run_import(jobs, console=console, progress=progress)
    print_report(outcome, console, partial=partial)
    check_failures(outcome)


@export_app.command("records")
def export_records(
    out: Annotated[Path, typer.Option("--out", help="Output file: .csv or .parquet.")],
    source: Annotated[str | None, typer.Option(help="Only this source's records.")] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Write the records table in the canonical columns (CSV or Parquet, by extension)."""
    from habeas.web.bootstrap import setup

    _check_extension(out)
    setup(database_url or None)
    from habeas.web.cases.exports import records_frame, write_table

    # A spinner, not a bar: neither step knows its length in advance, and on a large
    # database each takes seconds.
    with err_console.status("Reading the records from the database..."):
        frame = records_frame(source)
    with err_console.status(f"Writing {len(frame):,} records..."):
        write_table(frame, out)
    typer.echo(f"Wrote {len(frame):,} records to {out}")


@export_app.command("quarantine")
def export_quarantine(
    out: Annotated[Path, typer.Option("--out", help="Output file: .csv or .parquet.")],
    source: Annotated[str | None, typer.Option(help="Only this source's rows.")] = None,
    all_rows: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Also the rows later imports resolved, with resolved/resolution columns.",
        ),
    ] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Write the quarantined rows still to fix, with their raw cells and the reasons.

    A row is resolved (and left out unless --all) once a later import of its source
    accepts its record_id, or quarantines that record_id again (the newer row is listed).
    """
    from habeas.web.bootstrap import setup

    _check_extension(out)
    setup(database_url or None)
    from habeas.web.cases.exports import quarantine_frame, write_table

    frame = quarantine_frame(source, include_resolved=all_rows)
    write_table(frame, out, excel=True)
    what = "quarantined rows" if all_rows else "quarantined rows to fix"
    typer.echo(f"Wrote {len(frame):,} {what} to {out}")


def _check_extension(out: Path) -> None:
    # Checked before touching the database, so a typo costs nothing.
    if out.suffix.lower() not in (".csv", ".parquet"):
        raise HabeasError(f"{out}: cannot tell the format from {out.suffix!r}; use .csv, .parquet")


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return ""
