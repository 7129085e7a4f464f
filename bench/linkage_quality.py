"""How well and how fast ``link_records`` finds the people behind a simulated scenario.

Simulates the default scenario (``--scale``, ``--seed``) into ``bench/out/`` (git-ignored),
reads its five lists with :mod:`habeas.ingest` (no database), links them with
:func:`habeas.linkage.link_records` in a fresh process per run (so the time and peak
memory are the linkage's own: the child only reads the records from Parquet first, and
its memory before linking is printed too), and scores the first run against the truth.

Prints pairwise and B-cubed precision, recall and F1, the precision of the automatic
links (pairs in the ``link`` band that are truly one person), the size of the review
band and the share of true matches in it, and the median time and peak resident memory
(``resource.getrusage``) of ``link_records`` over ``--runs`` runs (default 1: one run
each, so the "median" is that run's).

Usage::

    .venv/bin/python bench/linkage_quality.py [--scale 1] [--seed 2022] [--runs 1]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"

# Runs in the child process: reads the records, links them, reports its own figures.
CHILD = """
import json, resource, sys, time
import pandas as pd
from habeas.linkage.model import link_records
records = pd.read_parquet(sys.argv[1])
records = records.astype(object).where(records.notna(), None)
before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
start = time.perf_counter()
result = link_records(records)
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
result.records[["source", "record_id", "person_id"]].to_parquet(sys.argv[2] + ".people.parquet")
result.pairs[["unique_id_l", "unique_id_r", "match_probability", "band"]].to_parquet(
    sys.argv[2] + ".pairs.parquet")
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "before_mb": before_mb,
                  "timings": result.timings}))
"""


def read_lists(folder: Path) -> pd.DataFrame:
    """Every list of a scenario folder, as ingest reads it, in the canonical columns."""
    from habeas.domain.schema import RECORD_COLUMNS
    from habeas.ingest import discover, ingest_file

    frames = []
    for mapping in discover(folder / "sources"):
        result = ingest_file(mapping.file_path, mapping)
        frames.append(result.records[list(RECORD_COLUMNS)])
    return pd.concat(frames, ignore_index=True)


def auto_link_precision(pairs: pd.DataFrame, truth: pd.DataFrame, band: str) -> tuple[int, float]:
    """Pairs in ``band`` and the share of them that are truly one person."""
    person = dict(zip(truth["source"] + "|" + truth["record_id"], truth["person_id"], strict=True))
    chosen = pairs[pairs["band"] == band]
    if chosen.empty:
        return 0, 1.0
    same = chosen["unique_id_l"].map(person) == chosen["unique_id_r"].map(person)
    return len(chosen), float(same.mean())


def main() -> None:
    from habeas.linkage.evaluate import evaluate
    from habeas.simulate import ScenarioSpec, write_scenario

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()

    folder = OUT / f"linkage_scale{args.scale:g}_seed{args.seed}"
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    write_scenario(ScenarioSpec(seed=args.seed, scale=args.scale), folder)
    records = read_lists(folder)
    records_file = folder / "records.parquet"
    records.to_parquet(records_file, index=False)
    prepared_in = time.perf_counter() - started
    print(
        f"scenario scale {args.scale:g}, seed {args.seed}: {len(records):,} records read by "
        f"ingest in {prepared_in:.0f} s (simulate + ingest, not timed below)"
    )

    runs = []
    for i in range(args.runs):
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(records_file), str(folder / f"run{i}")],
            check=True,
            capture_output=True,
            text=True,
        )
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))

    truth = pd.read_csv(folder / "truth" / "records.csv", dtype=str)
    people = pd.read_parquet(folder / "run0.people.parquet")
    pairs = pd.read_parquet(folder / "run0.pairs.parquet")
    scores = evaluate(truth, people, truth_only="ignore")
    n_link, p_link = auto_link_precision(pairs, truth, "link")
    n_review, p_review = auto_link_precision(pairs, truth, "review")

    print(f"{scores.n_records:,} records → {scores.n_predicted_people:,} people")
    print(f"  (true people among them: {scores.n_true_people:,})")
    print(scores.summary())
    print(f"automatic links: {n_link:,} pairs, precision {p_link:.4f}")
    print(f"review band: {n_review:,} pairs, of which {p_review:.1%} truly one person")
    seconds = statistics.median(r["seconds"] for r in runs)
    peak = statistics.median(r["peak_mb"] for r in runs)
    before = statistics.median(r["before_mb"] for r in runs)
    each = ", ".join(f"{r['seconds']:.1f}" for r in runs)
    print(
        f"link_records: median of {args.runs} run(s) {seconds:.1f} s (runs: {each} s), "
        f"peak memory {peak:.0f} MB ({before:.0f} MB before linking, records loaded)"
    )
    stages = runs[0]["timings"]
    print("  stages (first run, s): " + ", ".join(f"{k} {v:.1f}" for k, v in stages.items()))


if __name__ == "__main__":
    main()
