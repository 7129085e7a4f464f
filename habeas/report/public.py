"""The anonymised public export: aggregate tables, optional k-anonymous microdata, a README.

The people in these records can be endangered, so the export publishes as little as
will do: by default only aggregate tables with small cells suppressed
(:mod:`habeas.report.public_tables`); one row per person only when asked, coarsened
to k-anonymity (:mod:`habeas.report.kanon`). Every file is checked before it is
written: only the columns this module produces (an allow-list), no exact date
(``yyyy-mm-dd``) anywhere. A ``microdata.csv`` left by an earlier run
is deleted when microdata is not asked for, so a folder never holds more than the
README says.

The README's text lives in :data:`_TEXT` (Spanish and English).

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

from habeas import __version__
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

_TEXT: dict[str, dict[str, str]] = {
    "es": {
        "title": "# Datos públicos anonimizados",
        "intro": (
            "Producido por habeas {version}. Estas tablas cuentan **personas documentadas**: "
            "cada persona una sola vez, aunque varias organizaciones la hayan registrado. "
            "No son estimaciones: las personas que nadie documentó no están aquí, y el total "
            "real de personas detenidas es mayor. No hay nombres, DUI, relatos, datos de "
            "quien denunció, fechas exactas ni distritos."
        ),
        "files": "## Archivos",
        "cells": "## Celdas pequeñas",
        "cells_rule": (
            "Una celda que cuenta entre 1 y {below} personas (menos de min_cell = {min_cell}) "
            "se suprime: su columna `people` queda vacía y su columna `suppressed` dice "
            "`true`. Como se publican los totales, una sola celda suprimida en una fila o "
            "columna podría calcularse restando; por eso también se suprime la celda no nula "
            "más pequeña de esa línea, hasta que ninguna línea tenga una sola celda "
            "suprimida, y se comprueba que ninguna celda pequeña pueda deducirse combinando "
            "varias líneas. Los ceros se publican: dicen que ninguna persona documentada "
            "está en esa celda, un hecho de la tabla y no de una persona."
        ),
        "cells_more": (
            "Cada tabla termina con una fila `{total}`; la tabla por departamento y sexo "
            "tiene además los márgenes de cada fila y columna. `{unknown}` reúne los valores "
            "desconocidos. Una persona que pertenece a dos grupos cuenta en los dos en "
            "`detained_by_group`, cuyo total es el número de personas y no la suma de las "
            "filas. Las tablas de muertes cuentan a las personas que murieron bajo custodia "
            "(`died_in_custody` = `yes`): `deaths_by_month` por mes de la muerte, "
            "`deaths_by_centre` por lugar de la muerte."
        ),
        "coarsened": "Las tablas mensuales se agregaron por {period} para suprimir menos celdas.",
        "quarter": "trimestre (aaaa-Qn)",
        "year": "año",
        "micro": "## Microdatos",
        "no_micro": ("No se publican microdatos (una fila por persona): solo tablas agregadas."),
        "micro_rule": (
            "`microdata.csv` tiene una fila por persona y solo estas columnas: {columns}. "
            "`row` es un número nuevo, asignado al azar, sin relación con ningún "
            "identificador. Es k-anónimo con k = {k}: toda combinación de los "
            "cuasi-identificadores ({qis}) que aparece la comparten al menos {k} filas "
            "(un valor vacío cuenta como un valor más). Para lograrlo se generalizan "
            "columnas enteras, paso a paso: período de detención trimestre (Q) → semestre "
            "(H) → año → suprimido; grupo de edad → menor de 30 / 30 o más → suprimido; "
            "departamento → zona (occidental 01-03, central 04-10, oriental 11-14) → "
            "suprimido; causa de muerte → suprimida. Las filas que aun así quedan en "
            "grupos de menos de {k} se eliminan."
        ),
        "micro_result": (
            "Niveles usados: {levels}. Filas: {rows_in} personas, {rows_out} publicadas, "
            "{rows_suppressed} eliminadas; el grupo más pequeño tiene {smallest} filas."
        ),
        "detained_by_department": "personas detenidas por departamento de residencia",
        "detained_by_month": "personas detenidas por mes de la detención",
        "detained_by_sex": "personas detenidas por sexo",
        "detained_by_age_group": "personas detenidas por grupo de edad al ser detenidas",
        "detained_by_group": "personas detenidas por grupo señalado (periodistas, defensores…)",
        "detained_by_department_sex": "personas detenidas por departamento y sexo",
        "deaths_by_department": "muertes bajo custodia por departamento de residencia",
        "deaths_by_month": "muertes bajo custodia por mes de la muerte",
        "deaths_by_centre": "muertes bajo custodia por lugar de la muerte",
        "deaths_by_cause": "muertes bajo custodia por causa informada",
        "microdata": "una fila por persona, k-anónima",
        "level:quarter": "trimestre",
        "level:half": "semestre",
        "level:year": "año",
        "level:suppressed": "suprimido",
        "level:age_group": "grupo de edad",
        "level:wide": "menor de 30 / 30 o más",
        "level:department": "departamento",
        "level:zone": "zona",
        "level:cause": "causa",
    },
    "en": {
        "title": "# Anonymised public data",
        "intro": (
            "Produced by habeas {version}. These tables count **documented people**: each "
            "person once, however many organisations recorded them. They are not "
            "estimates: people nobody documented are not here, and the true number of "
            "people detained is larger. There are no names, DUIs, narratives, reporter "
            "details, exact dates or districts."
        ),
        "files": "## Files",
        "cells": "## Small cells",
        "cells_rule": (
            "A cell counting 1 to {below} people (fewer than min_cell = {min_cell}) is "
            "suppressed: its `people` column is empty and its `suppressed` column says "
            "`true`. Because totals are published, a single suppressed cell in a row or "
            "column could be recovered by subtraction; so the smallest non-zero cell of "
            "that line is suppressed too, until no line has exactly one suppressed cell, "
            "and a check makes sure no small cell can be derived by combining several "
            "lines. Zeros are published: they say no documented person is in that cell, a "
            "fact about the table, not about a person."
        ),
        "cells_more": (
            "Every table ends with a `{total}` row; the table by department and sex also "
            "has the margin of every row and column. `{unknown}` gathers unknown values. A "
            "person who belongs to two groups counts in both in `detained_by_group`, whose "
            "total is the number of people, not the sum of the rows. The death tables count "
            "people who died in custody (`died_in_custody` = `yes`): `deaths_by_month` by "
            "month of death, `deaths_by_centre` by place of death."
        ),
        "coarsened": "The monthly tables were aggregated by {period} to suppress fewer cells.",
        "quarter": "quarter (yyyy-Qn)",
        "year": "year",
        "micro": "## Microdata",
        "no_micro": "No microdata (one row per person) is published: aggregate tables only.",
        "micro_rule": (
            "`microdata.csv` has one row per person and only these columns: {columns}. "
            "`row` is a new number, given at random, unrelated to any identifier. It is "
            "k-anonymous with k = {k}: every combination of the quasi-identifiers ({qis}) "
            "that appears is shared by at least {k} rows (an empty value counts as a value "
            "of its own). To get there whole columns are generalised step by step: arrest "
            "period quarter (Q) → half-year (H) → year → suppressed; age group → under 30 / "
            "30 and over → suppressed; department → zone (western 01-03, central 04-10, "
            "eastern 11-14) → suppressed; cause of death → suppressed. Rows still in groups "
            "smaller than {k} are removed."
        ),
        "micro_result": (
            "Levels used: {levels}. Rows: {rows_in} people, {rows_out} published, "
            "{rows_suppressed} removed; the smallest group has {smallest} rows."
        ),
        "detained_by_department": "people detained by department of residence",
        "detained_by_month": "people detained by month of arrest",
        "detained_by_sex": "people detained by sex",
        "detained_by_age_group": "people detained by age group at arrest",
        "detained_by_group": "people detained by targeted group (journalists, defenders…)",
        "detained_by_department_sex": "people detained by department and sex",
        "deaths_by_department": "deaths in custody by department of residence",
        "deaths_by_month": "deaths in custody by month of death",
        "deaths_by_centre": "deaths in custody by place of death",
        "deaths_by_cause": "deaths in custody by reported cause",
        "microdata": "one row per person, k-anonymous",
        "level:quarter": "quarter",
        "level:half": "half-year",
        "level:year": "year",
        "level:suppressed": "suppressed",
        "level:age_group": "age group",
        "level:wide": "under 30 / 30 and over",
        "level:department": "department",
        "level:zone": "zone",
        "level:cause": "cause",
    },
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
    text = _TEXT["es" if lang == "es" else "en"]
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
    readme.write_text(_readme(text, min_cell, coarsen_months, report), encoding="utf-8")
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
        text["title"],
        text["intro"].format(version=__version__),
        text["files"],
        "\n".join(f"- `{name}.csv`: {text[name]}" for name in names),
        text["cells"],
        text["cells_rule"].format(below=max(min_cell - 1, 0), min_cell=min_cell),
        text["cells_more"].format(total=TOTAL, unknown=UNKNOWN),
    ]
    if coarsen is not None:
        parts.append(text["coarsened"].format(period=text[coarsen]))
    parts.append(text["micro"])
    if report is None:
        parts.append(text["no_micro"])
    else:
        parts.append(
            text["micro_rule"].format(
                columns=", ".join(f"`{c}`" for c in MICRODATA_COLUMNS),
                k=report.k,
                qis=", ".join(f"`{c}`" for c in QUASI_IDENTIFIERS),
            )
        )
        levels = ", ".join(f"`{c}`: {text['level:' + report.levels[c]]}" for c in LADDERS)
        parts.append(
            text["micro_result"].format(
                levels=levels,
                rows_in=report.rows_in,
                rows_out=report.rows_out,
                rows_suppressed=report.rows_suppressed,
                smallest=report.smallest_class,
            )
        )
    return "\n\n".join(parts) + "\n"
