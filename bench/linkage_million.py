"""``link_records`` on about a million records, on DuckDB: time, peak memory, quality.

Reads a records table (Parquet, canonical columns) and its truth (``source, record_id,
person_id``), links the records with :func:`habeas.linkage.link_records` (default
settings) in a fresh process, so that the time and the peak resident memory are the
linkage's own (the child reads the records first; its memory before linking is
printed too), and scores the result against the truth.

The default records are the default scenario simulated at 22 times its size
(``bench/linkage_quality.py --scale 22`` writes them: 991,398 records of about 630,000
people, nine minutes to simulate, not timed here). Any records table with a truth
will do, e.g. a subset of people of it (``--sample-people``: a share of the true
people, whole, so no cluster is cut).

Prints the command, records and people, pairwise and B-cubed P/R/F1, the precision of
the automatic links, the review band, the scored pairs kept and the share of true
pairs among them, the seconds of each stage, the total time, and the peak resident
memory (``resource.getrusage``) with the peak of each stage (``/proc/self/statm``
sampled every 0.1 s).

Usage::

    .venv/bin/python bench/linkage_million.py [--records PARQUET] [--truth CSV]
        [--sample-people 1.0] [--seed 1] [--threads N]
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SCALE22 = ROOT / "bench" / "out" / "linkage_scale22_seed2022"

# Runs in the child process: reads the records, links them, reports its own figures.
CHILD = """
import json, os, resource, sys, threading, time
import pandas as pd
from habeas.linkage.model import link_records
from habeas.linkage.settings import LinkSettings

page = os.sysconf("SC_PAGE_SIZE")
stage = {"name": "prepare"}
peaks = {}
stop = threading.Event()

def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * page / 2**20

def sample():
    while not stop.is_set():
        now = rss_mb()
        peaks[stage["name"]] = max(peaks.get(stage["name"], 0.0), now)
        stop.wait(0.1)

ORDER = ["prepare", "train", "predict", "cluster", "people"]

def progress(step, done, total):
    peaks[stage["name"]] = max(peaks.get(stage["name"], 0.0), rss_mb())
    stage["name"] = ORDER[min(done, len(ORDER) - 1)]

records = pd.read_parquet(sys.argv[1])
records = records.astype(object).where(records.notna(), None)
threads = int(sys.argv[3]) if sys.argv[3] != "none" else None
before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
threading.Thread(target=sample, daemon=True).start()
start = time.perf_counter()
result = link_records(records, settings=LinkSettings(threads=threads), progress=progress)
seconds = time.perf_counter() - start
stop.set()
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
result.records[["source", "record_id", "person_id"]].to_parquet(sys.argv[2] + ".people.parquet")
result.pairs[["unique_id_l", "unique_id_r", "match_probability", "band"]].to_parquet(
    sys.argv[2] + ".pairs.parquet")
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "before_mb": before_mb,
                  "timings": result.timings, "stage_peaks_mb": peaks}))
"""


def band_precision(pairs: pd.DataFrame, person: pd.Series, band: str) -> tuple[int, float]:
    """Pairs in ``band`` and the share of them that are truly one person."""
    chosen = pairs[pairs["band"] == band]
    if chosen.empty:
        return 0, float("nan")
    same = chosen["unique_id_l"].map(person) == chosen["unique_id_r"].map(person)
    return len(chosen), float(same.mean())


def true_pairs_scored(pairs: pd.DataFrame, person: pd.Series) -> tuple[int, int]:
    """True pairs among the records, and how many of them are among the scored pairs."""
    sizes = person.value_counts()
    n_true = int((sizes * (sizes - 1) // 2).sum())
    found = int((pairs["unique_id_l"].map(person) == pairs["unique_id_r"].map(person)).sum())
    return n_true, found


def sample_people(
    records: pd.DataFrame, truth: pd.DataFrame, share: float, seed: int
) -> pd.DataFrame:
    """The records of a random ``share`` of the true people (whole clusters)."""
    keyed = records[["source", "record_id"]].merge(truth, on=["source", "record_id"], how="left")
    people = keyed["person_id"].dropna().unique()
    rng = np.random.default_rng(seed)
    kept = rng.choice(people, size=round(share * len(people)), replace=False)
    return records[keyed["person_id"].isin(set(kept)).to_numpy()].reset_index(drop=True)


def main() -> None:
    from habeas.linkage.evaluate import evaluate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=Path, default=SCALE22 / "records.parquet")
    parser.add_argument("--truth", type=Path, default=SCALE22 / "truth" / "records.csv")
    parser.add_argument(
        "--sample-people",
        type=float,
        default=1.0,
        help="link only this share of the true people, drawn at random (default 1: all)",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of --sample-people")
    parser.add_argument("--threads", type=int, default=None, help="DuckDB threads")
    args = parser.parse_args()
    print("$ " + shlex.join([".venv/bin/python", "bench/linkage_million.py", *sys.argv[1:]]))
    if not args.records.is_file():
        sys.exit(
            f"{args.records} not found; simulate it first: "
            ".venv/bin/python bench/linkage_quality.py --scale 22 (nine minutes)"
        )

    truth = pd.read_csv(args.truth, dtype=str, usecols=["source", "record_id", "person_id"])
    with tempfile.TemporaryDirectory(prefix="habeas-million-") as tmp:
        records_file = args.records
        if args.sample_people < 1:
            records = pd.read_parquet(args.records)
            records = sample_people(records, truth, args.sample_people, args.seed)
            records_file = Path(tmp) / "records.parquet"
            records.to_parquet(records_file, index=False)
            del records
        out = str(Path(tmp) / "run")
        threads = "none" if args.threads is None else str(args.threads)
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(records_file), out, threads],
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - started
        if done.returncode != 0:
            print(done.stderr[-3000:], file=sys.stderr)
            sys.exit(
                f"the linking process failed (exit code {done.returncode}"
                f"{', killed: out of memory?' if done.returncode < 0 else ''}) after {wall:.0f} s"
            )
        run = json.loads(done.stdout.strip().splitlines()[-1])
        people = pd.read_parquet(out + ".people.parquet")
        pairs = pd.read_parquet(out + ".pairs.parquet")

    keys = people["source"].astype(str) + "|" + people["record_id"].astype(str)
    truth_keys = truth["source"] + "|" + truth["record_id"]
    person = pd.Series(truth["person_id"].to_numpy(), index=truth_keys.to_numpy())
    person = person[person.index.isin(set(keys))]
    s = evaluate(truth, people, truth_only="ignore")
    n_link, p_link = band_precision(pairs, person, "link")
    n_review, p_review = band_precision(pairs, person, "review")
    n_true, n_found = true_pairs_scored(pairs, person)

    shown = args.records.relative_to(ROOT) if args.records.is_relative_to(ROOT) else args.records
    print(
        f"{s.n_records:,} records ({shown}) -> {s.n_predicted_people:,} people; "
        f"true people {s.n_true_people:,}"
    )
    print(
        f"  pairwise  P {s.pairwise_precision:.4f}  R {s.pairwise_recall:.4f}  "
        f"F1 {s.pairwise_f1:.4f}"
    )
    print(f"  B-cubed   P {s.bcubed_precision:.4f}  R {s.bcubed_recall:.4f}  F1 {s.bcubed_f1:.4f}")
    print(f"automatic links: {n_link:,} pairs, precision {p_link:.4f}")
    print(f"review band: {n_review:,} pairs, {p_review:.1%} of them truly one person")
    print(
        f"scored pairs kept: {len(pairs):,}; true pairs among them {n_found:,} of "
        f"{n_true:,} ({n_found / max(n_true, 1):.2%})"
    )
    print(
        f"link_records {run['seconds']:.1f} s; stages (s): "
        + ", ".join(f"{k} {v:.1f}" for k, v in run["timings"].items())
    )
    print(
        f"peak resident memory {run['peak_mb']:,.0f} MB ({run['before_mb']:,.0f} MB before "
        "linking, records loaded); peak per stage (MB): "
        + ", ".join(f"{k} {v:,.0f}" for k, v in run["stage_peaks_mb"].items())
    )


if __name__ == "__main__":
    main()
