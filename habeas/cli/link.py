"""``habeas link`` and ``habeas evaluate-linkage``: records to people, and how well.

``habeas link --records FILE --out FILE`` links a records table in files (no
database) and writes the trained model beside the output; with ``--existing LINKED
--model MODEL.json`` it links only FILE's records against people already found.
``habeas link`` alone links the database's records and stores the people, the run and
the review queue: only the records without a person when the last run's model allows
it, every record with ``--full``. ``habeas evaluate-linkage`` scores a linkage against
the truth of a simulated scenario.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from habeas.cli import app, err_console
from habeas.cli.records import DatabaseUrl, _check_extension, _login_name
from habeas.domain.errors import HabeasError

if TYPE_CHECKING:
    import pandas as pd

    from habeas.linkage.evaluate import LinkageScores
    from habeas.linkage.model import LinkResult
    from habeas.linkage.settings import LinkSettings
    from habeas.web.analysis.models import LinkRun

#: Bands of scored pairs, in the order they are reported.
BANDS = ("link", "review", "reject")
#: Error patterns shown by ``habeas evaluate-linkage`` unless ``--top`` says otherwise.
TOP_PATTERNS = 10


class UnreadableTable(HabeasError):
    """A table file habeas cannot read (unknown extension, missing key columns)."""


def read_table(path: Path, *, required: tuple[str, ...] = ("source", "record_id")) -> pd.DataFrame:
    """Read a CSV (UTF-8, with or without BOM) or Parquet table, every column as text.

    Empty cells are missing values (None), never ``""``.
    """
    import pandas as pd

    suffix = path.suffix.lower()
    if not path.exists():
        raise UnreadableTable(f"{path}: no such file")
    if suffix == ".csv":
        frame = pd.read_csv(
            path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig"
        )
    elif suffix == ".parquet":
        frame = pd.read_parquet(path)
    else:
        raise UnreadableTable(f"{path}: cannot tell the format from {suffix!r}; use .csv, .parquet")
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise UnreadableTable(
            f"{path}: lacks the column(s) {', '.join(missing)} "
            f"(found: {', '.join(map(str, frame.columns))})"
        )
    frame = frame.astype(object)
    return frame.where(frame.notna(), None)


def _write(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".csv":
        frame.to_csv(path, index=False, encoding="utf-8")
    else:
        frame.to_parquet(path, index=False)


def pairs_path(out: Path) -> Path:
    """Where ``habeas link --out FILE`` writes the review band: ``<stem>.pairs.parquet``."""
    return out.with_name(f"{out.stem}.pairs.parquet")


def model_path(out: Path) -> Path:
    """Where ``habeas link --out FILE`` writes the run's settings and trained model:
    ``<stem>.model.json`` (what ``--model`` reads back)."""
    return out.with_name(f"{out.stem}.model.json")


def read_model(path: Path) -> dict[str, Any]:
    """A model JSON written by ``habeas link --out`` (or a bare Splink settings JSON)."""
    if not path.exists():
        raise UnreadableTable(f"{path}: no such file")
    try:
        model = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise UnreadableTable(f"{path}: not a model JSON ({err})") from None
    if not isinstance(model, dict):
        raise UnreadableTable(f"{path}: not a model JSON (expected an object)")
    return model


def band_counts(pairs: pd.DataFrame) -> dict[str, int]:
    """Scored pairs per band (``link``, ``review``, ``reject``)."""
    counts = pairs["band"].value_counts() if len(pairs) else {}
    return {band: int(counts.get(band, 0)) for band in BANDS}


def _settings(backend: str | None, settings_file: Path | None = None) -> LinkSettings:
    from habeas.linkage.settings import LinkSettings, read_link_settings

    overrides = {"backend": backend} if backend else {}
    if settings_file is not None:
        return read_link_settings(settings_file, **overrides)
    return LinkSettings(**overrides)


Backend = Annotated[
    str | None,
    typer.Option(help="Engine: duckdb (default) or spark (pip install habeas[spark])."),
]


@app.command()
def link(
    records: Annotated[
        Path | None,
        typer.Option(
            "--records", help="Records table (.csv or .parquet); without it, the database."
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="With --records: the records with person_id added."),
    ] = None,
    decisions: Annotated[
        Path | None,
        typer.Option(
            help="With --records: reviewers' decisions (unique_id_l, unique_id_r, decision)."
        ),
    ] = None,
    existing: Annotated[
        Path | None,
        typer.Option(
            help="With --records and --model: records already linked (with person_id); "
            "only --records are linked to them, and their person ids stay."
        ),
    ] = None,
    model: Annotated[
        Path | None,
        typer.Option(help="With --existing: the <stem>.model.json of the run that linked them."),
    ] = None,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="On the database: train again and re-link every record, instead of "
            "linking only the records without a person.",
        ),
    ] = False,
    backend: Backend = None,
    settings_file: Annotated[
        Path | None,
        typer.Option(
            "--settings",
            help="Link settings (.json, .yaml or .toml): thresholds, blocking rules, extra "
            "columns to compare; see docs/linkage-settings.md.",
        ),
    ] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Link records of the same person across and within lists, and count people.

    With --records FILE --out FILE it works on files: the output has the same rows and
    a person_id column, FILE's sibling <stem>.pairs.parquet holds the pairs to review
    and <stem>.model.json the trained model. Add --existing LINKED --model MODEL.json
    to link FILE's records only, against records linked before (their person ids
    stay). Without --records it links the database's records, stores each record's
    person and the review queue, and respects every decision reviewers made; when the
    last run's model allows, only records without a person are linked (--full: all).
    """
    from habeas.cli._progress import progress_bars

    console = Console()
    settings = _settings(backend, settings_file)
    if records is None:
        if any(x is not None for x in (out, decisions, existing, model)):
            raise HabeasError("--out, --decisions, --existing and --model go with --records FILE")
        from habeas.web.bootstrap import setup

        setup(database_url or None)
        from habeas.web.analysis.linkage import link_database

        with progress_bars(console) as progress:
            run = link_database(
                settings=settings, run_by=_login_name(), progress=progress, incremental=not full
            )
        print_run(run, console)
        return
    if out is None:
        raise HabeasError("--records FILE needs --out FILE (.csv or .parquet)")
    if full:
        raise HabeasError("--full is for the database; on files, leave out --existing")
    if (existing is None) != (model is None):
        raise HabeasError("--existing LINKED and --model MODEL.json go together")
    _check_extension(out)
    trained = read_model(model) if model is not None else None
    table = read_table(records)
    # A people file fed back in: its old person ids are not input to the model.
    table = table.drop(columns=["person_id"], errors="ignore")
    given = None
    if decisions is not None:
        given = read_table(decisions, required=("unique_id_l", "unique_id_r", "decision"))
    with progress_bars(console) as progress:
        if existing is not None and trained is not None:
            from habeas.linkage.incremental import link_new_records

            linked = read_table(existing, required=("source", "record_id", "person_id"))
            result = link_new_records(
                linked,
                table,
                model=trained,
                settings=settings,
                decisions=given,
                progress=progress,
            )
        else:
            from habeas.linkage.model import link_records

            result = link_records(table, settings=settings, decisions=given, progress=progress)
    _write(result.records, out)
    review = result.pairs[result.pairs["band"] == "review"] if len(result.pairs) else result.pairs
    _write(review.reset_index(drop=True), pairs_path(out))
    model_path(out).write_text(
        json.dumps(result.settings, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
    )
    print_result(result, console)
    console.print(
        f"Wrote {len(result.records):,} records with person_id to {out}; "
        f"pairs to review to {pairs_path(out)}; the model to {model_path(out)}",
        highlight=False,
        soft_wrap=True,
    )


def print_result(result: LinkResult, console: Console) -> None:
    """Which kind of run, records → people, and the scored pairs per band."""
    counts = result.settings.get("incremental_counts")
    if counts:
        console.print(
            f"Incremental run: {counts['new_records']:,} new records linked to "
            f"{counts['existing_records']:,} already linked, with the given model "
            f"({counts['joined']:,} joined a known person, {counts['new_people']:,} new "
            f"people, {counts['held_for_review']:,} links held for review)",
            highlight=False,
            soft_wrap=True,
        )
    people = result.records["person_id"].nunique()
    console.print(f"{len(result.records):,} records → {people:,} people", highlight=False)
    counts = band_counts(result.pairs)
    console.print(
        f"Scored pairs: {counts['link']:,} linked automatically, {counts['review']:,} to "
        f"review, {counts['reject']:,} rejected",
        highlight=False,
    )


def print_run(run: LinkRun, console: Console) -> None:
    """What a database link run did: which kind of run and why, then the counts."""
    why = run.settings.get("why")
    if run.incremental:
        counts = run.settings.get("incremental_counts", {})
        console.print(
            f"Incremental run ({why}): {counts.get('new_records', 0):,} new records linked "
            f"with the model of run {run.settings.get('based_on_run')}, no re-training; "
            f"{counts.get('joined', 0):,} joined a known person, "
            f"{counts.get('held_for_review', 0):,} links held for review "
            "(habeas link --full re-links everything)",
            highlight=False,
            soft_wrap=True,
        )
    else:
        console.print(
            f"Full run{f' ({why})' if why else ''}: model trained on every record",
            highlight=False,
            soft_wrap=True,
        )
    console.print(
        f"{run.n_records:,} records → {run.n_people:,} people ({run.n_review:,} pairs to review)",
        highlight=False,
    )
    console.print(
        f"{run.n_links:,} pairs linked automatically; {run.n_relinked:,} records got a new "
        f"person, {run.n_people_created:,} people new, {run.n_people_removed:,} gone; "
        f"{run.n_decisions:,} reviewers' decisions applied",
        highlight=False,
        soft_wrap=True,
    )


def print_scores(scores: LinkageScores, console: Console, *, truth: Path) -> None:
    """The score table, and a note on truth records the prediction lacks."""
    console.print(scores.summary(), highlight=False, markup=False)
    if scores.n_truth_only:
        console.print(
            f"{scores.n_truth_only:,} records of {truth} are not in the linked records "
            "(quarantined at import, or not imported): left out of the scores",
            highlight=False,
            soft_wrap=True,
        )


@app.command("evaluate-linkage")
def evaluate_linkage(
    truth: Annotated[
        Path,
        typer.Option(help="True person of each record: source, record_id, person_id."),
    ],
    people: Annotated[
        Path,
        typer.Option(
            help="Linked records: the output of habeas link --records, or habeas export "
            "records after habeas link."
        ),
    ],
    top: Annotated[int, typer.Option(help="Error patterns shown per kind.")] = TOP_PATTERNS,
) -> None:
    """Score a linkage against the truth: pairwise and B-cubed precision, recall, F1.

    Then the false merges and missed links, grouped by the fields that disagreed
    (from the record fields the people file holds).
    """
    from habeas.linkage.evaluate import ERROR_FIELDS, error_cases, evaluate

    console = Console()
    true = read_table(truth, required=("source", "record_id", "person_id"))
    linked = read_table(people, required=("source", "record_id", "person_id"))
    scores = evaluate(true, linked, truth_only="ignore")
    print_scores(scores, console, truth=truth)
    fields = [c for c in linked.columns if c not in ("source", "record_id", "person_id")]
    if not fields:
        err_console.print(f"{people} holds no record fields: no error patterns to show")
        return
    from habeas.linkage.prepare import prepare_records

    with err_console.status("Grouping the errors by the fields that disagreed..."):
        prepared = prepare_records(linked.drop(columns=["person_id"]))
        errors = error_cases(prepared, true, linked)
    console.print("")
    console.print(errors.summary(top=top), highlight=False, markup=False, soft_wrap=True)
    console.print(
        f"Fields compared: {', '.join(ERROR_FIELDS)} (missing on either side: not counted)",
        highlight=False,
        soft_wrap=True,
    )


def demo_link(console: Console, truth: Path) -> LinkRun:
    """``habeas demo``'s linkage: link the database, report, and score against the truth."""
    from habeas.cli._progress import progress_bars
    from habeas.linkage.evaluate import evaluate
    from habeas.web.analysis.linkage import link_database
    from habeas.web.cases.exports import records_frame

    with progress_bars(console) as progress:
        run = link_database(run_by=_login_name(), progress=progress)
    console.print(
        f"{run.n_records:,} records → {run.n_people:,} people ({run.n_review:,} pairs to review)",
        highlight=False,
    )
    if truth.exists():
        linked = records_frame()[["source", "record_id", "person_id"]]
        scores = evaluate(read_table(truth), linked, truth_only="ignore")
        console.print(
            f"Against the truth ({truth}): pairwise F1 {scores.pairwise_f1:.4f} "
            f"(precision {scores.pairwise_precision:.4f}, recall {scores.pairwise_recall:.4f}), "
            f"B-cubed F1 {scores.bcubed_f1:.4f}",
            highlight=False,
            soft_wrap=True,
        )
    return run
