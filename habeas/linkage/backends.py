"""The backend seam: which SQL engine runs Splink.

DuckDB (in process, the default) is imported with the module that needs it; Spark is
imported only when asked for, and a missing ``pyspark`` produces a message naming the
extra to install, as ``splink/__init__.py`` does for its own optional backends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from habeas.domain.errors import HabeasError

if TYPE_CHECKING:
    from splink.internals.database_api import DatabaseAPISubClass

Backend = Literal["duckdb", "spark"]

#: The backends :func:`make_db_api` knows.
BACKENDS: tuple[str, ...] = ("duckdb", "spark")


class BackendUnavailable(HabeasError, ImportError):
    """The chosen linkage backend cannot run here (unknown name or missing extra)."""


def make_db_api(backend: str = "duckdb", *, threads: int | None = None) -> DatabaseAPISubClass:
    """Return a fresh Splink database API for ``backend``.

    Parameters
    ----------
    backend
        ``"duckdb"`` (default: an in-memory DuckDB database) or ``"spark"``.
    threads
        DuckDB worker threads; ``None`` leaves DuckDB's default (one per core).

    Raises
    ------
    BackendUnavailable
        For an unknown backend, or ``"spark"`` without ``pyspark`` installed.

    Examples
    --------
    >>> make_db_api("duckdb").sql_dialect.sql_dialect_str
    'duckdb'
    """
    if backend == "duckdb":
        import duckdb
        from splink import DuckDBAPI

        con = duckdb.connect(":memory:")
        if threads is not None:
            con.execute(f"SET threads = {int(threads)}")
        # Pairs tables at scale 1 fit in memory; insertion order is not needed.
        con.execute("SET preserve_insertion_order = false")
        return DuckDBAPI(connection=con)
    if backend == "spark":
        return _spark_db_api()
    raise BackendUnavailable(
        f"unknown linkage backend {backend!r}; choose one of: {', '.join(BACKENDS)}"
    )


def _spark_db_api() -> DatabaseAPISubClass:
    try:
        import pyspark  # noqa: F401
    except ImportError as err:
        raise BackendUnavailable(
            "the spark backend needs pyspark and Java 17: pip install habeas[spark]"
        ) from err
    # The Spark session set-up (local mode, checkpoint dir, UDF jars) is the next step
    # of issue 3; until it lands, say so instead of half-working.
    raise BackendUnavailable(
        "the spark backend is not implemented yet in this version of habeas; use --backend duckdb"
    )
