"""The backend seam: which SQL engine runs Splink.

DuckDB (in process, the default) is imported with the module that needs it; Spark is
imported only when asked for, and a missing ``pyspark`` or Java produces a message
naming what to install, as ``splink/__init__.py`` does for its own optional backends.

Spark runs in local mode, on this machine only: one session per process (started on
first use, reused after), bound to 127.0.0.1, without its web UI, with Splink's jar of
string-similarity functions (shipped inside the ``splink`` package, never downloaded).
The model's SQL is written for DuckDB and translated by Splink (sqlglot); the few
DuckDB functions with no Spark namesake are defined in the session under their DuckDB
names (:data:`DUCKDB_FUNCTIONS_IN_SPARK`), so the same comparisons run on both.
"""

from __future__ import annotations

import atexit
import functools
import os
import re
import shutil
import subprocess
import tempfile
import warnings
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from habeas.domain.errors import HabeasError

if TYPE_CHECKING:
    from splink.internals.database_api import DatabaseAPISubClass

Backend = Literal["duckdb", "spark"]

#: The backends :func:`make_db_api` knows.
BACKENDS: tuple[str, ...] = ("duckdb", "spark")

#: Oldest Java that Spark 4 runs on.
MIN_JAVA = 17

#: Name of Spark's logging settings in the session's temporary folder.
LOG4J_FILE = "log4j2.properties"

#: Spark SQL definitions of DuckDB functions that the model's SQL calls and that
#: sqlglot leaves under their DuckDB names when it translates to Spark. ``try_strptime``
#: takes a strftime format; Spark's parser wants a Java pattern, hence the ``replace``s
#: (a literal format folds to a constant, so the pattern is computed once per query).
DUCKDB_FUNCTIONS_IN_SPARK: tuple[str, ...] = (
    "CREATE OR REPLACE TEMPORARY FUNCTION try_strptime(text STRING, format STRING) "
    "RETURNS TIMESTAMP RETURN try_to_timestamp(text, replace(replace(replace(replace("
    "replace(replace(format, '%Y', 'yyyy'), '%m', 'MM'), '%d', 'dd'), '%H', 'HH'), "
    "'%M', 'mm'), '%S', 'ss'))",
)

#: DuckDB's name (as sqlglot writes it for Spark) → class in Splink's similarity jar.
DUCKDB_NAMES_OF_JAR_FUNCTIONS: dict[str, str] = {
    "jarowinkler_similarity": "uk.gov.moj.dash.linkage.JaroWinklerSimilarity",
    "jaro_similarity": "uk.gov.moj.dash.linkage.JaroSimilarity",
}


class BackendUnavailable(HabeasError, ImportError):
    """The chosen linkage backend cannot run here (unknown name or missing extra)."""


def make_db_api(backend: str = "duckdb", *, threads: int | None = None) -> DatabaseAPISubClass:
    """Return a fresh Splink database API for ``backend``.

    Parameters
    ----------
    backend
        ``"duckdb"`` (default: an in-memory DuckDB database) or ``"spark"`` (a local
        Spark session, shared by every call in this process).
    threads
        Worker threads (DuckDB threads, or Spark's ``local[threads]``); ``None``: one
        per core. Spark takes it only when its session starts (the first call).

    Raises
    ------
    BackendUnavailable
        For an unknown backend, or ``"spark"`` without ``pyspark`` or Java 17.

    Examples
    --------
    >>> make_db_api("duckdb").sql_dialect.sql_dialect_str
    'duckdb'
    """
    if backend == "duckdb":
        return _duckdb_db_api(threads)
    if backend == "spark":
        return _spark_db_api(threads)
    raise BackendUnavailable(
        f"unknown linkage backend {backend!r}; choose one of: {', '.join(BACKENDS)}"
    )


def _duckdb_db_api(threads: int | None) -> DatabaseAPISubClass:
    """A Splink ``DuckDBAPI`` on a fresh in-memory DuckDB database.

    DuckDB's own defaults would let it take 80% of the machine's memory and spill to a
    ``.tmp`` folder in whatever the current directory is; here it takes at most
    :func:`duckdb_memory_limit` and spills beyond it to a folder of its own (removed
    with the database), so that a million records link next to everything else the
    machine runs.
    """
    import duckdb
    from splink import DuckDBAPI

    spill = Path(tempfile.mkdtemp(prefix="habeas-duckdb-"))
    con = duckdb.connect(
        ":memory:",
        config={"memory_limit": duckdb_memory_limit(), "temp_directory": str(spill)},
    )
    weakref.finalize(con, shutil.rmtree, spill, True)
    if threads is not None:
        con.execute(f"SET threads = {int(threads)}")
    # Insertion order is not needed, and keeping it costs memory on large tables.
    con.execute("SET preserve_insertion_order = false")
    return DuckDBAPI(connection=con)


def duckdb_memory_limit() -> str:
    """Memory for DuckDB: a third of the machine's, at least 1 GB (DuckDB's ``memory_limit``).

    The rest is for the records in pandas, the pairs and people tables, and the rest of
    the machine. ``HABEAS_DUCKDB_MEMORY`` (e.g. ``"8GB"``) overrides it.

    Examples
    --------
    >>> duckdb_memory_limit().endswith("MB")
    True
    """
    override = os.environ.get("HABEAS_DUCKDB_MEMORY")
    if override:
        return override
    total = _machine_memory()
    return f"{max(1024, total // 3 // 2**20)}MB" if total else "2048MB"


def _machine_memory() -> int | None:
    """The machine's physical memory in bytes, ``None`` where the OS does not say."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None


def _spark_db_api(threads: int | None = None) -> DatabaseAPISubClass:
    """A Splink ``SparkAPI`` on a fresh session of the process's local Spark.

    Each call gets its own session (same JVM, same cores): its temporary views and
    functions are its own, so a second run in the process does not collide with the
    tables of the first (Splink refuses to register a table name twice).
    """
    _quiet_pyspark_warnings()
    base = spark_session(threads)
    session = base.newSession()
    api = _habeas_spark_api_class()(
        spark_session=session,
        # Splink writes each table it will read again to Parquet files (under the
        # session's checkpoint folder) and reads them back, so that a query starts
        # from files, not from the whole lineage. Not "persist": Spark does not find
        # a cached table inside a query that reads it through a WITH clause, as all
        # of Splink's do, and recomputes it from scratch every time (EM: every
        # iteration), twice as slow on the small case of the tests.
        break_lineage_method="parquet",
        # Splink repartitions its big tables to this many parts; a few per core keep
        # every core busy without hundreds of tiny tasks on small lists.
        num_partitions_on_repartition=2 * _spark_cores(base),
    )
    _define_duckdb_functions(session)
    return api


def require_pyspark() -> None:
    """Raise :class:`BackendUnavailable` unless ``pyspark`` imports."""
    try:
        import pyspark  # noqa: F401
    except ImportError as err:
        raise BackendUnavailable(
            "the spark backend needs pyspark and Java 17: pip install habeas[spark], "
            "and install Java 17 (e.g. apt install openjdk-17-jre-headless)"
        ) from err


def find_java() -> Path:
    """The ``java`` that Spark will start: ``$JAVA_HOME/bin/java``, else the one on PATH.

    Raises
    ------
    BackendUnavailable
        If there is none, or it is older than Java 17.
    """
    home = os.environ.get("JAVA_HOME")
    if home:
        java = Path(home) / "bin" / "java"
        if not java.is_file():
            raise BackendUnavailable(
                f"the spark backend needs Java 17, and JAVA_HOME ({home}) holds no bin/java; "
                "point JAVA_HOME at a Java 17 installation, or unset it"
            )
    else:
        found = shutil.which("java")
        if found is None:
            raise BackendUnavailable(
                "the spark backend needs Java 17, and no `java` is on the PATH "
                "(nor JAVA_HOME set); install Java 17 (e.g. apt install openjdk-17-jre-headless)"
            )
        java = Path(found)
    version = java_version(java)
    if version is not None and version < MIN_JAVA:
        raise BackendUnavailable(
            f"the spark backend needs Java 17, and {java} is Java {version}; "
            "install Java 17 and put it first on the PATH (or set JAVA_HOME)"
        )
    return java


def java_version(java: Path) -> int | None:
    """The major version of ``java`` (8 for "1.8.0_392", 17 for "17.0.15"), or ``None``
    when it cannot be told (then Spark is left to try)."""
    try:
        done = subprocess.run(
            [str(java), "-version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    # `java -version` writes to stderr: openjdk version "17.0.15" 2025-04-15
    match = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr + done.stdout)
    if match is None:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


#: The temporary folder of this process's Spark session (checkpoints, spills,
#: warehouse), removed when the process exits.
_SPARK_DIR: Path | None = None

#: This process's Spark session, once started.
_SESSION: Any = None


def spark_session(threads: int | None = None) -> Any:
    """This process's local Spark session, started on first use.

    Parameters
    ----------
    threads
        Cores Spark uses (``local[threads]``); ``None``: all of them. Ignored once the
        session runs (a JVM cannot change its master).

    Raises
    ------
    BackendUnavailable
        Without ``pyspark`` or Java 17, or when the JVM does not start.
    """
    require_pyspark()
    from pyspark.sql import SparkSession

    global _SESSION
    if _SESSION is not None and not _stopped(_SESSION):
        return _SESSION
    find_java()
    # Spark picks the machine's network address unless told otherwise; everything here
    # is local, so keep it (driver, block manager, shuffles) on the loopback.
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    workdir = _spark_dir()
    (workdir / LOG4J_FILE).write_text(_LOG4J, encoding="utf-8")
    builder = SparkSession.builder.appName("habeas-linkage")
    for key, value in spark_conf(threads, workdir).items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as err:  # py4j/pyspark raise bare runtime errors here
        raise BackendUnavailable(
            f"the spark backend could not start Spark (is Java 17 installed?): {err}"
        ) from err
    session.sparkContext.setLogLevel("ERROR")
    session.sparkContext.setCheckpointDir(str(workdir / "checkpoints"))
    _SESSION = session
    return session


def _stopped(session: Any) -> bool:
    """Whether ``session``'s Spark context was stopped (``session.stop()``)."""
    return session.sparkContext._jsc is None


def spark_conf(threads: int | None, workdir: Path) -> dict[str, str]:
    """The settings of the local Spark session (see :func:`spark_session`).

    Examples
    --------
    >>> spark_conf(2, Path("/tmp/x"))["spark.master"]
    'local[2]'
    """
    cores = int(threads) if threads else os.cpu_count() or 1
    return {
        "spark.master": f"local[{cores}]",
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.driver.memory": driver_memory(),
        # Few shuffle partitions: a list of a million records is small data for Spark,
        # and adaptive execution merges partitions further when they are tiny.
        "spark.sql.shuffle.partitions": str(max(2, 2 * cores)),
        "spark.default.parallelism": str(max(4, 2 * cores)),
        "spark.jars": _similarity_jar(),
        "spark.local.dir": str(workdir / "local"),
        "spark.sql.warehouse.dir": str(workdir / "warehouse"),
        # Splink writes its Spark SQL to Spark 3's rules: ANSI mode, Spark 4's default,
        # stops the whole run at a failed cast or an overflow instead of giving NULL.
        "spark.sql.ansi.enabled": "false",
        "spark.sql.session.timeZone": "UTC",
        # Heartbeats only carry metrics in local mode; on a busy machine, a late one
        # makes Spark re-register its block manager and log errors for nothing.
        "spark.executor.heartbeatInterval": "60s",
        "spark.network.timeout": "600s",
        # Tables to and from pandas through Arrow, in columns, not row by row.
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        # The JVM's own start-up lines (log4j) are not for the user's terminal.
        "spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile={workdir / LOG4J_FILE}",
    }


def driver_memory() -> str:
    """Memory for the local Spark JVM: half the machine's, between 1 and 16 GB.

    ``HABEAS_SPARK_MEMORY`` (e.g. ``"8g"``) overrides it.
    """
    override = os.environ.get("HABEAS_SPARK_MEMORY")
    if override:
        return override
    total = _machine_memory()
    return f"{min(16, max(1, total // 2**31))}g" if total else "2g"


def _quiet_pyspark_warnings() -> None:
    """Keep PySpark's warnings about pandas 3 out of the user's terminal.

    PySpark warns on every table it converts that it does not fully support pandas 3
    (habeas runs the same model on it: tests/linkage/test_spark_backend.py), and its
    own code calls pandas in ways pandas 3 deprecates; neither is for the user.
    """
    for category in (FutureWarning, DeprecationWarning):
        warnings.filterwarnings("ignore", category=category, module=r"pyspark(\.|$)")


def _spark_cores(session: Any) -> int:
    """The cores of a local session, from its master (``local[4]``, ``local[*]``)."""
    match = re.fullmatch(r"local\[(\d+)(?:,\d+)?\]", session.sparkContext.master)
    return int(match.group(1)) if match else os.cpu_count() or 1


def _spark_dir() -> Path:
    global _SPARK_DIR
    if _SPARK_DIR is None or not _SPARK_DIR.exists():
        _SPARK_DIR = Path(tempfile.mkdtemp(prefix="habeas-spark-"))
        atexit.register(shutil.rmtree, _SPARK_DIR, True)
    return _SPARK_DIR


def _similarity_jar() -> str:
    """Splink's jar of string-similarity functions for this Spark's major version."""
    from splink.backends.spark import similarity_jar_location

    jar = similarity_jar_location()
    if not Path(jar).is_file():
        raise BackendUnavailable(
            f"the spark backend needs Splink's similarity jar, missing at {jar}; reinstall splink"
        )
    return jar


_LOG4J = """\
# Errors only. Spark's own loggers at the root's level: PySpark counts as a shell, and
# Spark prints a banner when the two differ.
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
logger.spark.name = org.apache.spark
logger.spark.level = error
# When a busy machine delays a heartbeat, the local block manager registers again and
# Spark logs a stack trace per attempt (it looks for a cluster's scheduler, which local
# mode has not); harmless, and nothing the user can act on.
logger.inbox.name = org.apache.spark.rpc.netty.Inbox
logger.inbox.level = off
"""


@functools.cache
def _habeas_spark_api_class() -> type:
    """Splink's ``SparkAPI``, registering pandas tables with explicit column types.

    Spark infers a column's type from its values and cannot type a column of missing
    values only (a list without aliases): it refuses (without Arrow) or makes it
    ``void`` (with Arrow), which Splink's functions and Parquet do not take. Through
    :func:`arrow_table` such a column is text, as DuckDB reads it.
    """
    from splink import SparkAPI
    from splink.internals.misc import is_pandas_frame

    class HabeasSparkAPI(SparkAPI):
        def _table_registration(self, input: Any, table_name: str) -> None:
            if is_pandas_frame(input):
                input = self.spark.createDataFrame(arrow_table(input))
            super()._table_registration(input, table_name)

    return HabeasSparkAPI


def arrow_table(frame: Any) -> Any:
    """``frame`` (pandas) as a ``pyarrow.Table``, columns of missing values only as text.

    Examples
    --------
    >>> import pandas as pd
    >>> arrow_table(pd.DataFrame({"alias": [None, None]})).schema.field("alias").type
    DataType(string)
    """
    import pyarrow as pa

    table = pa.Table.from_pandas(frame, preserve_index=False)
    fields = [
        pa.field(f.name, pa.string()) if pa.types.is_null(f.type) else f for f in table.schema
    ]
    return table.cast(pa.schema(fields))


def _define_duckdb_functions(session: Any) -> None:
    """Define, in ``session``, the DuckDB functions of the model's SQL (see module doc)."""
    from pyspark.sql.types import DoubleType

    for name, java_class in DUCKDB_NAMES_OF_JAR_FUNCTIONS.items():
        session.udf.registerJavaFunction(name, java_class, DoubleType())
    for statement in DUCKDB_FUNCTIONS_IN_SPARK:
        try:
            session.sql(statement)
        except Exception as err:  # a ParseException before Spark had SQL functions
            import pyspark

            raise BackendUnavailable(
                f"the spark backend needs a newer pyspark (found {pyspark.__version__}; "
                f"habeas is tested with 4.3): pip install -U habeas[spark] ({err})"
            ) from err


def model_in_dialect(splink: dict[str, Any], dialect: str) -> dict[str, Any]:
    """A trained Splink model (settings JSON) with its SQL in ``dialect``.

    Splink takes a model's SQL conditions as written and runs them on whatever engine
    the linker has: a model trained on DuckDB (``"x_l" = "x_r"``: two columns) would
    read on Spark as a comparison of two strings. Each comparison level's condition and
    each blocking rule is translated (sqlglot, Splink's own dialects) from the model's
    ``sql_dialect`` to ``dialect``; the functions DuckDB and Spark name differently are
    defined in the Spark session under their DuckDB names (:func:`_spark_db_api`).

    Examples
    --------
    >>> m = {"sql_dialect": "duckdb", "blocking_rules_to_generate_predictions": [],
    ...      "comparisons": [{"comparison_levels": [{"sql_condition": '"a_l" = "a_r"'}]}]}
    >>> model_in_dialect(m, "spark")["comparisons"][0]["comparison_levels"][0]["sql_condition"]
    '`a_l` = `a_r`'
    """
    import copy

    source = model_dialect(splink)
    if source is None or source == dialect:
        return splink
    translated = copy.deepcopy(splink)
    translated["sql_dialect"] = dialect
    for comparison in translated.get("comparisons", []):
        for level in comparison.get("comparison_levels", []):
            condition = str(level.get("sql_condition") or "")
            if condition.strip().upper() not in ("", "ELSE"):
                level["sql_condition"] = _transpile(condition, source, dialect)
    rules = []
    for rule in translated.get("blocking_rules_to_generate_predictions", []):
        if isinstance(rule, dict):
            sql = _transpile(rule["blocking_rule"], rule.get("sql_dialect", source), dialect)
            rule = {**rule, "blocking_rule": sql, "sql_dialect": dialect}
        else:
            rule = _transpile(rule, source, dialect)
        rules.append(rule)
    translated["blocking_rules_to_generate_predictions"] = rules
    return translated


def model_dialect(splink: dict[str, Any]) -> str | None:
    """The SQL dialect a model is written in: its own ``sql_dialect``, else its blocking
    rules' (Splink's untrained settings name it only there), else ``None``.

    Examples
    --------
    >>> model_dialect({"blocking_rules_to_generate_predictions": [
    ...     {"blocking_rule": "l.dui = r.dui", "sql_dialect": "spark"}]})
    'spark'
    """
    if splink.get("sql_dialect"):
        return str(splink["sql_dialect"])
    for rule in splink.get("blocking_rules_to_generate_predictions", []):
        if isinstance(rule, dict) and rule.get("sql_dialect"):
            return str(rule["sql_dialect"])
    return None


def _transpile(sql: str, source: str, target: str) -> str:
    import sqlglot
    from splink.internals.dialects import SplinkDialect

    read = SplinkDialect.from_string(source).sqlglot_dialect
    write = SplinkDialect.from_string(target).sqlglot_dialect
    return sqlglot.transpile(sql, read=read, write=write)[0]
