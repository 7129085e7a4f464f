"""How long ``habeas simulate`` takes to write the default scenario, and its peak memory.

Runs ``write_scenario`` in a fresh process per run (so peak memory is the run's own),
into a temporary folder, and prints the median wall time and the median peak resident
memory over the runs, with the scenario's size.

Usage::

    .venv/bin/python bench/simulate_speed.py [--scale 1.0] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile

# Runs in the child process: times write_scenario and reports its own peak memory.
CHILD = """
import json, resource, sys, time
from pathlib import Path
from habeas.simulate import ScenarioSpec, write_scenario
start = time.perf_counter()
summary = write_scenario(ScenarioSpec(scale=float(sys.argv[1])), Path(sys.argv[2]))
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
records = sum(summary.n_records_by_source.values())
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "people": summary.n_people,
                  "records": records}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as out:
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(args.scale), out],
                check=True,
                capture_output=True,
                text=True,
            )
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    seconds = statistics.median(r["seconds"] for r in results)
    peak = statistics.median(r["peak_mb"] for r in results)
    first = results[0]
    runs = ", ".join(f"{r['seconds']:.1f}" for r in results)
    print(
        f"simulate scale {args.scale}: {first['people']:,} people, {first['records']:,} records;"
        f" median of {args.runs} runs {seconds:.1f} s, peak memory {peak:.0f} MB"
        f" (runs: {runs} s)"
    )


if __name__ == "__main__":
    main()
