"""How fast ``habeas import`` stores a 100,000-row list, on SQLite and on PostgreSQL.

Writes a synthetic NGO list (``bench/out/``, git-ignored) with the usual faults (about
1% of rows with an unreadable date, 3% with a wrong DUI check digit), then times
``habeas import LIST --mapping MAPPING`` end to end (a new process: reading, validating
and storing) into a fresh, migrated database per run. Migration is not timed. Prints
the median of the runs in seconds and rows per second.

Usage::

    .venv/bin/python bench/import_speed.py [--rows 100000] [--runs 3]
        [--postgres postgres://postgres@127.0.0.1:5432/postgres]

PostgreSQL is skipped, with a note, when the server does not answer.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
BIN = Path(sys.executable).parent
BENCH_DB = "habeas_bench"

GIVEN_M = ["José", "Juan Carlos", "Luis Alberto", "Carlos", "Mario Ernesto", "Kevin", "Óscar"]
GIVEN_F = ["María", "Ana Gladys", "Rosa Elena", "Marta", "Karla Yamileth", "Sonia", "Cecilia"]
SURNAMES = ["Hernández", "López", "Martínez", "García", "Rivera", "Flores", "Ramírez", "Cruz"]
SURNAMES += ["Méndez", "Portillo", "Guevara", "Alvarado", "Romero", "De la O", "Chicas", "Ayala"]
AUTHORITIES = ["PNC", "Fuerza Armada", "PNC y soldados", "No sabe"]
CENTRES = ["CECOT", "Mariona", "Izalco", "Bartolinas de Soyapango", "Apanteos", "Cárcel de mujeres"]
HEADER = [
    "N° expediente",
    "Nombre completo",
    "DUI",
    "Sexo",
    "Edad",
    "Fecha de captura",
    "Municipio de captura",
    "Autoridad",
    "Centro de detención",
    "Fecha primera audiencia",
    "¿Tuvo abogado?",
    "Relato",
]
MAPPING = """[source]
code = "bench"
name = "Lista de prueba de velocidad"
kind = "ngo"
file = "{file}"

[columns]
record_id = "N° expediente"
full_name = "Nombre completo"
dui = "DUI"
sex = "Sexo"
age = "Edad"
arrest_date = "Fecha de captura"
arrest_district = "Municipio de captura"
authority = "Autoridad"
detention_centre = "Centro de detención"
first_hearing_date = "Fecha primera audiencia"
counsel_access = "¿Tuvo abogado?"
narrative = "Relato"

[values.authority]
"PNC y soldados" = "joint"
"No sabe" = "unknown"
"""


def write_list(rows: int, seed: int = 2022) -> tuple[Path, Path]:
    """Write the synthetic list and its mapping; return their paths."""
    from habeas.domain.dui import dui_check_digit
    from habeas.domain.gazetteer import districts

    rng = random.Random(seed)
    places = [d.name for d in districts()]
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"lista_{rows}.csv"
    start = date(2022, 3, 27)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(1, rows + 1):
            woman = rng.random() < 0.13
            given = rng.choice(GIVEN_F if woman else GIVEN_M)
            name = f"{given} {rng.choice(SURNAMES)} {rng.choice(SURNAMES)}"
            first8 = f"{rng.randrange(10**8):08d}"
            check = dui_check_digit(first8)
            if rng.random() < 0.03:
                check = (check + 1) % 10
            arrest = start + timedelta(days=rng.randrange(640))
            hearing = arrest + timedelta(days=rng.randrange(3, 40))
            arrest_text = arrest.strftime("%d/%m/%Y") if rng.random() > 0.01 else "31/02/2022"
            writer.writerow(
                [
                    f"B-{i:06d}",
                    name,
                    f"{first8}-{check}",
                    "F" if woman else "M",
                    str(rng.randrange(18, 70)),
                    arrest_text,
                    rng.choice(places),
                    rng.choice(AUTHORITIES),
                    rng.choice(CENTRES),
                    hearing.strftime("%d/%m/%Y") if rng.random() < 0.7 else "",
                    rng.choice(["Sí", "No", ""]),
                    "Capturado en la vía pública; la familia no sabe dónde está.",
                ]
            )
    mapping = OUT / "bench.mapping.toml"
    mapping.write_text(MAPPING.format(file=path.name), encoding="utf-8")
    return path, mapping


def postgres_reachable(url: str) -> bool:
    try:
        import psycopg

        psycopg.connect(url, connect_timeout=3).close()
    except Exception:
        return False
    return True


def fresh_database(kind: str, admin_url: str, run: int) -> str:
    """Create an empty database for one run and return its URL."""
    if kind == "sqlite":
        path = OUT / f"bench_{run}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        connection.execute(f"CREATE DATABASE {BENCH_DB}")
    return admin_url.rsplit("/", 1)[0] + f"/{BENCH_DB}"


def drop_database(admin_url: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")


def run(args: list[str], url: str) -> float:
    env = dict(os.environ, DATABASE_URL=url, COLUMNS="120")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    started = time.perf_counter()
    done = subprocess.run(args, env=env, cwd=OUT, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    options = parser.parse_args()

    path, mapping = write_list(options.rows)
    print(f"list: {path.relative_to(ROOT)} ({options.rows:,} rows, {path.stat().st_size:,} bytes)")
    migrate = [sys.executable, "-c", "from habeas.web.bootstrap import setup; setup()"]
    habeas_import = [str(BIN / "habeas"), "import", str(path), "--mapping", str(mapping)]
    backends = ["sqlite"]
    if postgres_reachable(options.postgres):
        backends.append("postgres")
    else:
        print(f"PostgreSQL skipped: no server at {options.postgres}")
    for kind in backends:
        times = []
        for i in range(options.runs):
            url = fresh_database(kind, options.postgres, i)
            run(migrate, url)
            times.append(run(habeas_import, url))
            print(f"  {kind} run {i + 1}: {times[-1]:.1f} s")
        if kind == "postgres":
            drop_database(options.postgres)
        median = statistics.median(times)
        print(
            f"{kind}: habeas import of {options.rows:,} rows: median {median:.1f} s "
            f"over {options.runs} runs, {options.rows / median:,.0f} rows/s"
        )


if __name__ == "__main__":
    main()
