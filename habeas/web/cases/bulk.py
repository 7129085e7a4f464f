"""Fast multi-row INSERT for imports, on SQLite and PostgreSQL.

``QuerySet.bulk_create`` compiles every value of every row through the ORM; for a
100,000-row list with forty columns that is most of an import's time (and SQLite's
999-parameter limit makes it send tens of rows per statement). This module prepares
only the values that need it (JSON, timestamps) and hands whole batches to SQLite's
``executemany``, or streams them to PostgreSQL with ``COPY``. It is used only
inside :mod:`habeas.web.cases.actions`, within the action's transaction, for tables
whose rows the action builds itself.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import Any

from django.db import connection, models

#: Rows handed to the driver per ``executemany``.
CHUNK = 2000


def _needs_preparing(field: models.Field) -> bool:
    # Text and numbers go to the driver as they are; JSON and dates need the
    # backend's own preparation (psycopg wants a Jsonb wrapper, SQLite a string).
    return isinstance(field, models.JSONField | models.DateTimeField | models.DateField)


def insert_rows(
    model: type[models.Model],
    names: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    ready: Collection[str] = (),
    progress: Callable[[int], None] | None = None,
) -> int:
    """Insert ``rows`` (values in the order of ``names``, attnames like ``source_id``).

    Returns the number of rows inserted. No model ``save()`` runs and no defaults are
    filled in: give every column that has no database default. JSON and date values
    are prepared for the database, except those of the columns named in ``ready``
    (already prepared once, e.g. the same timestamp on every row).

    Examples
    --------
    >>> insert_rows(Person, ["person_id", "created"], [("P-1", now)])  # doctest: +SKIP
    1
    """
    fields = {f.attname: f for f in model._meta.concrete_fields}
    columns = [fields[name].column for name in names]
    prepared = [
        (i, fields[name])
        for i, name in enumerate(names)
        if name not in ready and _needs_preparing(fields[name])
    ]
    prepared_rows = _prepare(rows, len(names), prepared)
    if connection.vendor == "postgresql":
        return _copy_rows(model, columns, prepared_rows, progress)
    return _execute_many(model, columns, prepared_rows, progress)


def _execute_many(
    model: type[models.Model],
    columns: list[str],
    rows: Iterable[tuple[Any, ...]],
    progress: Callable[[int], None] | None,
) -> int:
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(c) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )
    total = 0
    chunk: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK:
                cursor.executemany(sql, chunk)
                total += len(chunk)
                chunk = []
                if progress:
                    progress(total)
        if chunk:
            cursor.executemany(sql, chunk)
            total += len(chunk)
            if progress:
                progress(total)
    return total


def _prepare(
    rows: Iterable[Sequence[Any]], width: int, prepared: list[tuple[int, models.Field]]
) -> Iterator[tuple[Any, ...]]:
    for row in rows:
        if len(row) != width:
            raise ValueError(f"{len(row)} values for {width} columns")
        if prepared:
            values = list(row)
            for i, field in prepared:
                values[i] = field.get_db_prep_save(values[i], connection)
            row = values
        yield tuple(row)


def _copy_rows(
    model: type[models.Model],
    columns: list[str],
    rows: Iterable[tuple[Any, ...]],
    progress: Callable[[int], None] | None,
) -> int:
    # PostgreSQL: COPY streams every row in one statement, where executemany pays a
    # round trip per row (about ten times slower on a 100,000-row list).
    quote = connection.ops.quote_name
    statement = "COPY {} ({}) FROM STDIN".format(
        quote(model._meta.db_table), ", ".join(quote(c) for c in columns)
    )
    total = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            total += 1
            if progress and total % CHUNK == 0:
                progress(total)
    if progress:
        progress(total)
    return total
