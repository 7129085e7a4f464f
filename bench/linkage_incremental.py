"""Incremental linking against a full run: one list added onto people already linked.

Simulates a scenario (default scale 1), reads its lists with habeas.ingest, links every
list but one in full (``link_records``), then links the last list incrementally
(``link_new_records`` with the model the first run trained), and, for comparison, all
lists in a full run. Prints the time of each run, whether every existing person id was
kept, and the pairwise and B-cubed F1 of the incremental and the full result against
the simulator's truth.

Usage::

    .venv/bin/python bench/linkage_incremental.py [--scale 1] [--seed 2022] [--last prensa]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from linkage_quality import read_lists  # a sibling bench script, found through sys.path

KEYS = ["source", "record_id", "person_id"]


def main() -> None:
    from habeas.linkage.evaluate import evaluate
    from habeas.linkage.incremental import link_new_records
    from habeas.linkage.model import link_records
    from habeas.simulate import ScenarioSpec, write_scenario

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--last", default="prensa", help="the list linked incrementally")
    args = parser.parse_args()
    print(f"$ .venv/bin/python bench/linkage_incremental.py {' '.join(sys.argv[1:])}")

    with tempfile.TemporaryDirectory() as out:
        write_scenario(ScenarioSpec(seed=args.seed, scale=args.scale), Path(out))
        records = read_lists(Path(out))
        truth = pd.read_csv(Path(out) / "truth" / "records.csv", dtype=str)
    later = records["source"] == args.last
    if not later.any():
        raise SystemExit(f"no list {args.last!r} in the scenario")

    start = time.perf_counter()
    first = link_records(records[~later].reset_index(drop=True))
    t_first = time.perf_counter() - start
    start = time.perf_counter()
    added = link_new_records(
        first.records, records[later].reset_index(drop=True), model=first.settings
    )
    t_added = time.perf_counter() - start
    start = time.perf_counter()
    full = link_records(records)
    t_full = time.perf_counter() - start

    before = first.records.set_index(["source", "record_id"])["person_id"]
    after = added.records.set_index(["source", "record_id"])["person_id"].reindex(before.index)
    kept = int((before == after).sum())
    print(f"{(~later).sum():,} records linked in full in {t_first:.1f} s")
    print(f"{later.sum():,} records of {args.last!r} linked incrementally in {t_added:.1f} s")
    print(f"all {len(records):,} records linked in full in {t_full:.1f} s")
    print(f"existing person ids kept: {kept:,} of {len(before):,}")
    for name, result in (("incremental", added), ("full", full)):
        scores = evaluate(truth, result.records[KEYS], truth_only="ignore")
        print(
            f"{name:<12} pairwise F1 {scores.pairwise_f1:.4f}"
            f" (P {scores.pairwise_precision:.4f}, R {scores.pairwise_recall:.4f}),"
            f" B-cubed F1 {scores.bcubed_f1:.4f}"
        )


if __name__ == "__main__":
    main()
