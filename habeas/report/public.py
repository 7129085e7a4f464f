"""The anonymised public export: aggregate tables, optional k-anonymous microdata, a README.

The people in these records can be endangered, so the export publishes as little as
will do: by default only aggregate tables with small cells suppressed
(:mod:`habeas.report.public_tables`); one row per person only when asked, coarsened
to k-anonymity (:mod:`habeas.report.kanon`). Every file is checked before it is
written: only the columns this module produces (an allow-list), no exact date
(``yyyy-mm-dd``) anywhere. A ``microdata.csv`` left by an earlier run
is deleted when microdata is not asked for, so a folder never holds more than the
README says.

The README is written in Spanish or English through Django's i18n (:func:`_texts`;
the Spanish is in ``habeas/report/locale``, see :mod:`habeas.report.i18n`).

Examples
--------
>>> import tempfile
>>> people = pd.DataFrame({"person_id": [f"p{i}" for i in range(8)], "sex": "F"})
>>> with tempfile.TemporaryDirectory() as tmp:
...     paths = write_public(people, Path(tmp), lang="en")
...     sorted(p.name for p in paths)[:3]
['README.md', 'deaths_by_cause.csv', 'deaths_by_centre.csv']
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from django.utils import translation
from django.utils.translation import gettext as _

from habeas import __version__
from habeas.report.i18n import ensure_django
from habeas.report.kanon import (
    LADDERS,
    MICRODATA_COLUMNS,
    QUASI_IDENTIFIERS,
    MicrodataReport,
    is_k_anonymous,
    microdata,
    smallest_class,
)
from habeas.report.public_tables import (
    TABLES,
    TOTAL,
    UNKNOWN,
    PublicExportError,
    aggregate_tables,
)

__all__ = [
    "MicrodataReport",
    "PublicExportError",
    "aggregate_tables",
    "is_k_anonymous",
    "microdata",
    "smallest_class",
    "write_public",
]

#: Every column an aggregate table may have.
_TABLE_COLUMNS = frozenset(
    {
        "department",
        "department_name",
        "sex",
        "age_group",
        "group",
        "centre",
        "centre_name",
        "cause",
        "people",
        "suppressed",
        *(
            f"{event}_{period}"
            for event in ("arrest", "death")
            for period in ("month", "quarter", "year")
        ),
    }
)
_EXACT_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _texts() -> dict[str, str]:
    """The README's sentences in the active language (call inside ``translation.override``).

    Placeholders are filled by :func:`_readme`; Markdown heading marks are added there too.
    """
    return {
        "title": _("Anonymised public data"),
        "intro": _(
            "Produced by habeas %(version)s. These tables count **documented people**: each "
            "person once, however many organisations recorded them. They are not "
            "estimates: people nobody documented are not here, and the true number of "
            "people detained is larger. There are no names, DUIs, narratives, reporter "
            "details, exact dates or districts."
        ),
        "files": _("Files"),
        "cells": _("Small cells"),
        "cells_rule": _(
            "A cell counting 1 to %(below)s people (fewer than min_cell = %(min_cell)s) is "
            "suppressed: its `people` column is empty and its `suppressed` column says "
            "`true`. Because totals are published, a single suppressed cell in a row or "
            "column could be recovered by subtraction; so the smallest non-zero cell of "
            "that line is suppressed too, until no line has exactly one suppressed cell. "
            "Zeros are published: they say no documented person is in that cell, a fact "
            "about the table, not about a person. So a reader knows that every suppressed "
            "cell holds at least one person, and a check makes sure that, even knowing "
            "this, no small cell can be derived by combining several lines."
        ),
        "cells_more": _(
            "Every table ends with a `%(total)s` row; the table by department and sex also "
            "has the margin of every row and column. `%(unknown)s` gathers unknown values. A "
            "person who belongs to two groups counts in both in `detained_by_group`, whose "
            "total is the number of people, not the sum of the rows. The death tables count "
            "people who died in custody (`died_in_custody` = `yes`): `deaths_by_month` by "
            "month of death, `deaths_by_centre` by place of death."
        ),
        "coarsened": _("The monthly tables were aggregated by %(period)s to suppress fewer cells."),
        "quarter": _("quarter (yyyy-Qn)"),
        "year": _("year"),
        "micro": _("Microdata"),
        "no_micro": _("No microdata (one row per person) is published: aggregate tables only."),
        "micro_rule": _(
            "`microdata.csv` has one row per person and only these columns: %(columns)s. "
            "`row` is a new number, given at random, unrelated to any identifier. It is "
            "k-anonymous with k = %(k)s: every combination of the quasi-identifiers "
            "(%(qis)s) that appears is shared by at least %(k)s rows (an empty value counts "
            "as a value of its own). To get there whole columns are generalised step by "
            "step: arrest period quarter (Q) → half-year (H) → year → suppressed; age group "
            "→ under 30 / 30 and over → suppressed; department → zone (western 01-03, "
            "central 04-10, eastern 11-14) → suppressed; cause of death → suppressed. Rows "
            "still in groups smaller than %(k)s are removed."
        ),
        "micro_result": _(
            "Levels used: %(levels)s. Rows: %(rows_in)s people, %(rows_out)s published, "
            "%(rows_suppressed)s removed; the smallest group has %(smallest)s rows."
        ),
        "detained_by_department": _("people detained by department of residence"),
        "detained_by_month": _("people detained by month of arrest"),
        "detained_by_sex": _("people detained by sex"),
        "detained_by_age_group": _("people detained by age group at arrest"),
        "detained_by_group": _("people detained by targeted group (journalists, defenders…)"),
        "detained_by_department_sex": _("people detained by department and sex"),
        "deaths_by_department": _("deaths in custody by department of residence"),
        "deaths_by_month": _("deaths in custody by month of death"),
        "deaths_by_centre": _("deaths in custody by place of death"),
        "deaths_by_cause": _("deaths in custody by reported cause"),
        "microdata": _("one row per person, k-anonymous"),
        "level:quarter": _("quarter"),
        "level:half": _("half-year"),
        "level:year": _("year"),
        "level:suppressed": _("suppressed"),
        "level:age_group": _("age group"),
        "level:wide": _("under 30 / 30 and over"),
        "level:department": _("department"),
        "level:zone": _("zone"),
        "level:cause": _("cause"),
    }


def _check(name: str, frame: pd.DataFrame, allowed: frozenset[str]) -> None:
    """Raise unless ``frame`` holds only allowed columns and no exact date.

    Values are allow-listed where they are made; this is the last look before a file
    is written, in case a later change lets something through.
    """
    extra = set(frame.columns) - allowed
    if extra:
        raise PublicExportError(f"{name}: columns not allowed in a public file: {sorted(extra)}")
    for column in frame.columns:
        values = {str(v) for v in frame[column].dropna()}
        if any(_EXACT_DATE.search(v) for v in values):
            raise PublicExportError(f"{name}: column {column!r} holds an exact date")


def _csv(frame: pd.DataFrame, path: Path) -> None:
    out = frame.copy()
    if "suppressed" in out:
        out["suppressed"] = out["suppressed"].map({True: "true", False: "false"})
    out.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def write_public(
    people: pd.DataFrame,
    out_dir: Path,
    *,
    min_cell: int = 5,
    include_microdata: bool = False,
    k: int = 5,
    seed: int = 0,
    lang: str = "es",
    coarsen_months: str | None = None,
) -> list[Path]:
    """Write the public export: one CSV per aggregate table, optional microdata, a README.

    Parameters
    ----------
    people
        The people-facts table (:func:`habeas.indicators.people.people_facts`).
    out_dir
        The folder to write to (created if missing).
    min_cell
        Cells counting 1 to ``min_cell - 1`` people are suppressed.
    include_microdata
        Also write ``microdata.csv``, k-anonymous with ``k``; otherwise a
        ``microdata.csv`` already in ``out_dir`` is deleted.
    k, seed
        Passed to :func:`~habeas.report.kanon.microdata`.
    lang
        ``"es"`` for a Spanish README, anything else for English.
    coarsen_months
        ``None``, ``"quarter"`` or ``"year"``: see :func:`aggregate_tables`.

    Returns
    -------
    list of pathlib.Path
        The files written: the README first, then the tables, then the microdata.
    """
    tables = aggregate_tables(people, min_cell=min_cell, coarsen_months=coarsen_months)
    for name, frame in tables.items():
        _check(name, frame, _TABLE_COLUMNS)
    rows: pd.DataFrame | None = None
    report: MicrodataReport | None = None
    if include_microdata:
        rows, report = microdata(people, k=k, seed=seed)
        _check("microdata", rows, frozenset(MICRODATA_COLUMNS))
        if not is_k_anonymous(rows, QUASI_IDENTIFIERS, k):  # never expected; never publish
            raise PublicExportError("microdata: not k-anonymous")

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    readme = out_dir / "README.md"
    ensure_django()
    with translation.override("es" if lang == "es" else "en"):
        text = _readme(_texts(), min_cell, coarsen_months, report)
    readme.write_text(text, encoding="utf-8")
    paths = [readme]
    for name, frame in tables.items():
        path = out_dir / f"{name}.csv"
        _csv(frame, path)
        paths.append(path)
    stale = out_dir / "microdata.csv"
    if rows is not None:
        _csv(rows, stale)
        paths.append(stale)
    elif stale.exists():
        stale.unlink()  # from an earlier run: the README no longer speaks for it
    return paths


def _readme(
    text: dict[str, str], min_cell: int, coarsen: str | None, report: MicrodataReport | None
) -> str:
    names = [*TABLES, *(["microdata"] if report is not None else [])]
    parts = [
        "# " + text["title"],
        text["intro"] % {"version": __version__},
        "## " + text["files"],
        "\n".join(f"- `{name}.csv`: {text[name]}" for name in names),
        "## " + text["cells"],
        text["cells_rule"] % {"below": max(min_cell - 1, 0), "min_cell": min_cell},
        text["cells_more"] % {"total": TOTAL, "unknown": UNKNOWN},
    ]
    if coarsen is not None:
        parts.append(text["coarsened"] % {"period": text[coarsen]})
    parts.append("## " + text["micro"])
    if report is None:
        parts.append(text["no_micro"])
    else:
        parts.append(
            text["micro_rule"]
            % {
                "columns": ", ".join(f"`{c}`" for c in MICRODATA_COLUMNS),
                "k": report.k,
                "qis": ", ".join(f"`{c}`" for c in QUASI_IDENTIFIERS),
            }
        )
        levels = ", ".join(f"`{c}`: {text['level:' + report.levels[c]]}" for c in LADDERS)
        parts.append(
            text["micro_result"]
            % {
                "levels": levels,
                "rows_in": report.rows_in,
                "rows_out": report.rows_out,
                "rows_suppressed": report.rows_suppressed,
                "smallest": report.smallest_class,
            }
        )
    return "\n\n".join(parts) + "\n"
