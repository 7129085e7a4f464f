"""``habeas estimate``: how many people no list documented (multiple systems estimation).

From a capture-histories CSV (``--histories FILE``) or from the database's linked
people (``--what detentions|deaths [--by department|period|sex]``). The method's
parameters are options with the reference R packages' defaults; ``--json`` prints one
object per run, with the exact parameters and seed, for scripts and for the record.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from habeas.cli import app
from habeas.cli.records import DatabaseUrl
from habeas.domain.errors import HabeasError

if TYPE_CHECKING:
    import pandas as pd

    from habeas.estimate import EstimateResult
    from habeas.report.estimates import ReportEstimates

#: The methods that take each method option (named as the estimators' parameters).
METHOD_OPTIONS: dict[str, tuple[str, ...]] = {
    "K": ("lcmcr",),
    "a_alpha": ("lcmcr",),
    "b_alpha": ("lcmcr",),
    "burnin": ("lcmcr",),
    "samples": ("lcmcr",),
    "thinning": ("lcmcr",),
    "chains": ("lcmcr",),
    "delta": ("dga",),
    "model": ("loglinear",),
    "criterion": ("loglinear",),
    "max_order": ("loglinear",),
    "heterogeneity": ("loglinear",),
    "theta": ("loglinear",),
    "seed": ("lcmcr", "dga"),
}


class OptionNotForMethod(HabeasError, ValueError):
    """A method option given to a method that does not take it."""


def estimator_parameters(method: str, options: dict[str, Any]) -> dict[str, Any]:
    """The estimator's parameters from the options given (``None`` = not given).

    Examples
    --------
    >>> estimator_parameters("lcmcr", {"K": 10, "delta": None, "seed": 1})
    {'K': 10, 'seed': 1}
    >>> estimator_parameters("dga", {"K": 10})
    Traceback (most recent call last):
    ...
    habeas.cli.estimate.OptionNotForMethod: --K applies to lcmcr, not to dga
    """
    parameters = {}
    for option, value in options.items():
        if value is None:
            continue
        methods = METHOD_OPTIONS[option]
        if method not in methods:
            flag = "--" + option.replace("_", "-") if option != "K" else "--K"
            raise OptionNotForMethod(f"{flag} applies to {', '.join(methods)}, not to {method}")
        parameters[option] = value
    return parameters


@app.command()
def estimate(
    histories: Annotated[
        Path | None,
        typer.Option(help="Capture-histories CSV: a 0/1 column per list and 'count'."),
    ] = None,
    method: Annotated[str, typer.Option(help="lcmcr, dga or loglinear.")] = "lcmcr",
    strata: Annotated[
        str | None, typer.Option(help="Column of --histories to estimate by, then sum.")
    ] = None,
    what: Annotated[
        str, typer.Option(help="On the database: detentions or deaths (in custody).")
    ] = "detentions",
    by: Annotated[
        str | None, typer.Option(help="On the database: department, period or sex.")
    ] = None,
    lists: Annotated[
        str | None, typer.Option(help="Comma-separated lists to use (default: all).")
    ] = None,
    K: Annotated[  # the reference package's name
        int | None, typer.Option("--K", help="lcmcr: latent classes (R default 5).")
    ] = None,
    a_alpha: Annotated[float | None, typer.Option(help="lcmcr: Gamma shape of alpha.")] = None,
    b_alpha: Annotated[float | None, typer.Option(help="lcmcr: Gamma rate of alpha.")] = None,
    burnin: Annotated[int | None, typer.Option(help="lcmcr: sweeps discarded first.")] = None,
    samples: Annotated[int | None, typer.Option(help="lcmcr: draws kept per chain.")] = None,
    thinning: Annotated[int | None, typer.Option(help="lcmcr: sweeps per kept draw.")] = None,
    chains: Annotated[int | None, typer.Option(help="lcmcr: chains (run in parallel).")] = None,
    delta: Annotated[float | None, typer.Option(help="dga: Dirichlet prior (2^-lists).")] = None,
    model: Annotated[
        str | None, typer.Option(help="loglinear: 'best', 'Mt', 'Mth Chao', '[12,34]'...")
    ] = None,
    criterion: Annotated[str | None, typer.Option(help="loglinear: bic or aic.")] = None,
    max_order: Annotated[
        int | None, typer.Option(help="loglinear: highest interaction in the 'best' search.")
    ] = None,
    heterogeneity: Annotated[
        str | None, typer.Option(help="loglinear: Chao, Poisson, Darroch or Gamma columns.")
    ] = None,
    theta: Annotated[
        float | None, typer.Option(help="loglinear: Poisson (2) or Gamma (3.5) parameter.")
    ] = None,
    seed: Annotated[int | None, typer.Option(help="Random seed (lcmcr, dga draws).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    plots: Annotated[
        Path | None, typer.Option(help="Folder for trace and density plots (PNG).")
    ] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Estimate how many people were detained (or died in custody), documented or not.

    Every list undercounts; multiple systems estimation uses how the lists overlap to
    estimate the people none of them recorded, with a 95% interval.
    """
    from habeas.estimate import (
        estimate_strata,
        histories_from_frame,
        make_estimator,
        split_strata,
    )
    from habeas.estimate.diagnostics import EstimationWarning
    from habeas.estimate.histories import read_histories_frame
    from habeas.estimate.records import UNKNOWN

    options = {
        "K": K,
        "a_alpha": a_alpha,
        "b_alpha": b_alpha,
        "burnin": burnin,
        "samples": samples,
        "thinning": thinning,
        "chains": chains,
        "delta": delta,
        "model": model,
        "criterion": criterion,
        "max_order": max_order,
        "heterogeneity": heterogeneity,
        "theta": theta,
        "seed": seed,
    }
    estimator = make_estimator(method, **estimator_parameters(method, options))
    if histories is not None:
        if by is not None:
            raise typer.BadParameter("--by is for the database; with --histories use --strata")
        frame = read_histories_frame(histories)
        label = str(histories)
        stratum_column = strata
    else:
        if strata is not None:
            raise typer.BadParameter("--strata is for --histories; on the database use --by")
        frame = database_histories(what, by, database_url)
        label = f"{what} in the database"
        stratum_column = by
    chosen = [name.strip() for name in lists.split(",")] if lists else None
    # The result carries its warnings and they are printed with it: not twice.
    warnings.simplefilter("ignore", EstimationWarning)
    if stratum_column:
        tables = split_strata(frame, stratum_column, lists=chosen, label=label)
        unknown = tables.pop(UNKNOWN, None) if histories is None else None
        result = estimate_strata(tables, estimator, seed=seed if seed is not None else 0)
        if unknown is not None:
            result = result.with_warnings(
                [
                    f"{unknown.observed:,} people whose {stratum_column} no record gives are "
                    f"left out of this estimate by {stratum_column}; estimate without --by "
                    "to count them"
                ]
            )
    else:
        ignore = [c for c in frame.columns if chosen and c not in chosen and c != "count"]
        table = histories_from_frame(frame, lists=chosen, ignore=ignore, label=label)
        result = estimator.fit(table)
    if plots is not None:
        result.plot_diagnostics(plots)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_result(result, Console(), label=label)


def database_histories(what: str, by: str | None, database_url: str | None) -> pd.DataFrame:
    """The capture histories of ``what`` from the database's linked records."""
    from habeas.estimate.records import histories_for
    from habeas.web.bootstrap import setup

    setup(database_url or None)
    from habeas.web.cases.exports import records_frame

    return histories_for(records_frame(), what, by)


def print_result(result: EstimateResult, console: Console, *, label: str) -> None:
    """The result as a table: observed, estimate, 95% interval, share undocumented."""
    frame = result.to_frame()
    table = Table(
        title=f"{label}: {result.method} over {len(result.lists)} lists", title_justify="left"
    )
    for heading in ("stratum", "documented", "estimate", "95% interval", "undocumented"):
        table.add_column(heading, justify="left" if heading == "stratum" else "right")
    for row in frame.itertuples():
        table.add_row(
            str(row.stratum),
            f"{row.observed:,}",
            f"{row.estimate:,.0f}",
            f"{row.lower:,.0f} – {row.upper:,.0f}",
            f"{row.undocumented_share:.0%}",
        )
    console.print(table)
    if "model" in result.details:
        console.print(f"model: {result.details['model']}", highlight=False)
    console.print("parameters: " + ", ".join(f"{k}={v}" for k, v in result.parameters.items()))
    for name in ("rhat", "ess", "ess_per_second", "seconds"):
        if name in result.diagnostics:
            console.print(f"{name}: {result.diagnostics[name]:.3g}")
    for warning in result.warnings:
        console.print(f"[yellow]warning:[/] {warning}", highlight=False)


def demo_estimate(console: Console, estimates: ReportEstimates, *, truth: dict[str, int]) -> None:
    """``habeas demo``'s estimates: detentions and deaths, documented, estimated, true.

    ``estimates`` are the report's (:mod:`habeas.report.estimates`): every method on
    the same tables, so the demo's table and the report agree.
    """
    from habeas.estimate.checks import UNREACHED_CAVEAT
    from habeas.report.estimates import METHOD_PARAMETERS

    # One column per question and one row per method, so it fits an 80-column terminal.
    rows: dict[str, list[str]] = {name: [] for name in ("documented", *METHOD_PARAMETERS)}
    rows["true (simulated)"] = []
    notes: dict[str, list[str]] = {}  # warning -> the methods that gave it
    for question, label, true in (
        (estimates.detentions, "detained", truth["detained"]),
        (estimates.deaths, "died in custody", truth["died"]),
    ):
        rows["true (simulated)"].append(f"{true:,}")
        rows["documented"].append(f"{question.documented:,}" if question.documented else "—")
        for method in METHOD_PARAMETERS:
            result = question.comparison.get(method)
            if result is None:
                rows[method].append("—")
                reason = question.failed.get(method) or question.failed.get("all", "")
                notes.setdefault(f"{label}: not estimated: {reason}", []).append(method)
                continue
            star = "*" if result is question.headline else ""
            rows[method].append(
                f"{star}{result.estimate:,.0f} ({result.lower:,.0f}–{result.upper:,.0f})"
            )
            for warning in result.warnings:
                notes.setdefault(f"{label}: {_headline(warning)}", []).append(method)
    table = Table(
        title="People detained and deaths in custody: estimate (95% interval)", title_justify="left"
    )
    table.add_column("")
    table.add_column("detained", justify="right")
    table.add_column("died in custody", justify="right")
    for name, cells in rows.items():
        table.add_row(name, *cells)
    console.print(table)
    lcmcr = ", ".join(f"{k}={v}" for k, v in METHOD_PARAMETERS["lcmcr"].items())
    console.print(
        f"documented = people found by linkage; * = the report's headline method; lcmcr with "
        f"{lcmcr}, seed={estimates.seed}; dga with delta = 2^-lists; loglinear = the best "
        "model by BIC. Details and diagnostics: habeas estimate --method METHOD "
        "[--what deaths] (docs/analyst-guide.md).",
        highlight=False,
    )
    for note, methods in notes.items():
        by = f" ({', '.join(methods)})" if methods else ""
        console.print(f"[yellow]warning{by}:[/] {note}", highlight=False)
    console.print(f"Always: {UNREACHED_CAVEAT}.", highlight=False)


def _headline(warning: str) -> str:
    """A warning's first clause, for a one-line-per-warning summary."""
    for stop in (" (", ":", ";"):
        if stop in warning:
            warning = warning.split(stop, 1)[0]
    return warning
