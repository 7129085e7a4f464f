"""How fast ``ingest_file`` reads a typical list: 100,000 rows of a CSV.

Generates a semicolon-separated Windows-1252 CSV (as Excel in Spanish saves it) in a
temporary folder, with names drawn from the domain name tables, DUIs (a few with a
wrong check digit), arrest dates in three spellings, districts, centres, authorities
and yes/no answers, then imports it three times and prints the median time and the
rows per second. Usage::

    .venv/bin/python bench/ingest_speed.py [--rows 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

from habeas.domain import centres, gazetteer, names
from habeas.domain.dui import make_dui
from habeas.ingest import SourceMapping, ingest_file

HEADER = [
    "N° caso",
    "Nombre completo",
    "Sexo",
    "Edad",
    "DUI",
    "Municipio de residencia",
    "Fecha de captura",
    "Lugar de captura",
    "Captor",
    "Con orden",
    "Centro penal",
    "Fecha de audiencia",
    "Observaciones",
]

MAPPING = SourceMapping(
    code="bench",
    name="Benchmark list",
    kind="ngo",
    delimiter=";",
    columns={
        "record_id": "N° caso",
        "full_name": "Nombre completo",
        "sex": "Sexo",
        "age": "Edad",
        "dui": "DUI",
        "residence_district": "Municipio de residencia",
        "arrest_date": "Fecha de captura",
        "arrest_district": "Lugar de captura",
        "authority": "Captor",
        "warrant_shown": "Con orden",
        "detention_centre": "Centro penal",
        "first_hearing_date": "Fecha de audiencia",
        "narrative": "Observaciones",
    },
)


def _weighted(rng: random.Random, table: list, weight_index: int, k: int) -> list:
    return rng.choices(table, weights=[row[weight_index] for row in table], k=k)


def write_list(path: Path, n_rows: int, seed: int = 7) -> None:
    """Write an ``n_rows`` list of made-up people to ``path`` (cp1252, ``;``)."""
    rng = random.Random(seed)
    given = names.given_names_table()
    surnames = names.surnames_table()
    places = [d.name for d in gazetteer.districts()]
    centre_names = [c.name for c in centres.centres()]
    start = dt.date(2022, 3, 27)
    givens = _weighted(rng, given, 2, 2 * n_rows)
    surs = _weighted(rng, surnames, 1, 2 * n_rows)
    lines = [";".join(HEADER)]
    for i in range(n_rows):
        g1, g2 = givens[2 * i], givens[2 * i + 1]
        first = g1[0] if rng.random() < 0.4 else f"{g1[0]} {g2[0]}"
        name = f"{first} {surs[2 * i][0]} {surs[2 * i + 1][0]}"
        if rng.random() < 0.5:
            name = name.upper()
        first8 = f"{rng.randrange(10**8):08d}"
        dui = make_dui(first8) if rng.random() < 0.97 else f"{first8}-{rng.randrange(10)}"
        if rng.random() < 0.3:
            dui = ""
        arrest = start + dt.timedelta(days=int(rng.expovariate(1 / 120)))
        hearing = arrest + dt.timedelta(days=rng.randrange(1, 40))
        spelled = rng.choice(
            [arrest.strftime("%d/%m/%Y"), arrest.isoformat(), arrest.strftime("%d-%m-%y")]
        )
        row = [
            f"C-{i + 1:06d}",
            name,
            rng.choice(["M", "M", "M", "F", "Masculino", "Femenino"]),
            rng.choice([str(rng.randrange(18, 70)), f"{rng.randrange(18, 70)} años", ""]),
            dui,
            rng.choice(places),
            spelled,
            rng.choice(places),
            rng.choice(["PNC", "Policía", "Soldados", "PNC y FAES", "no sabe"]),
            rng.choice(["Sí", "No", "No", "", "no sabe"]),
            rng.choice(centre_names),
            hearing.strftime("%d/%m/%Y") if rng.random() < 0.6 else "",
            rng.choice(["", "", "Capturado frente a su casa", "Lo sacaron del trabajo"]),
        ]
        lines.append(";".join(row))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252", errors="replace"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lista.csv"
        write_list(path, args.rows)
        size = path.stat().st_size / 1e6
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            result = ingest_file(path, MAPPING)
            times.append(time.perf_counter() - t0)
    median = statistics.median(times)
    print(f"ingest_file: {args.rows:,} rows, {size:.1f} MB, {len(HEADER)} columns")
    print(f"  runs (s): {', '.join(f'{t:.2f}' for t in times)}")
    print(f"  median: {median:.2f} s = {args.rows / median:,.0f} rows/s")
    print(f"  {result.summary()} (encoding {result.encoding})")


if __name__ == "__main__":
    main()
