"""Run a scenario: the true population, the five lists, the truth files.

Randomness: one :class:`numpy.random.SeedSequence` from ``spec.seed``, with one child
stream per stage (places, population, custody, capture, then one per source for its
records and one for its writing), so changing how one list is written does not change
the people or the other lists. No global random state, no clock, no set ordering.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from habeas import __version__
from habeas.domain.progress import ProgressCallback, no_progress
from habeas.domain.schema import PERSON_ID
from habeas.simulate.lists import draw_captures
from habeas.simulate.places import place_table
from habeas.simulate.population import draw_people
from habeas.simulate.records import draw_records
from habeas.simulate.sources import SOURCES
from habeas.simulate.spec import ScenarioSpec
from habeas.simulate.timeline import draw_custody
from habeas.simulate.truth import person_ids, write_truth
from habeas.simulate.writers import WrittenList, write_list

__all__ = ["Scenario", "ScenarioSummary", "simulate", "write_scenario"]

_STREAMS = ("places", "population", "custody", "capture")


def _stream(spec: ScenarioSpec, name: str) -> np.random.Generator:
    names = [*_STREAMS]
    for s in SOURCES:
        names += [f"records:{s.code}", f"writing:{s.code}"]
    seq = np.random.SeedSequence(spec.seed, spawn_key=(names.index(name),))
    return np.random.default_rng(seq)


@dataclass(frozen=True)
class Scenario:
    """The truth in memory: people (with ``person_id``), custody steps, and each
    source's records as known on the day of the report (before writing errors)."""

    spec: ScenarioSpec
    people: pd.DataFrame
    steps: pd.DataFrame
    records: dict[str, pd.DataFrame]


@dataclass(frozen=True)
class ScenarioSummary:
    """What :func:`write_scenario` wrote."""

    n_people: int
    n_deaths: int
    n_records_by_source: dict[str, int]
    files: list[Path]
    quarantine_bait: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_dict(self, root: Path | None = None) -> dict[str, object]:
        """Plain values; file paths relative to ``root`` when given."""
        files = [str(p.relative_to(root)) if root else str(p) for p in self.files]
        return {
            "n_people": self.n_people,
            "n_deaths": self.n_deaths,
            "n_records_by_source": dict(self.n_records_by_source),
            "quarantine_bait": {k: dict(v) for k, v in self.quarantine_bait.items()},
            "files": files,
        }


def simulate(spec: ScenarioSpec, progress: ProgressCallback | None = None) -> Scenario:
    """Draw the true people and what each source knows of them (no files).

    Examples
    --------
    >>> sc = simulate(ScenarioSpec(scale=0.002))
    >>> len(sc.people), sorted(sc.records)[0]
    (144, 'asistencia_legal')
    """
    progress = progress or no_progress
    step, total = "Simulating people", 4 + len(SOURCES)
    progress(step, 0, total)
    places = place_table(_stream(spec, "places"))
    people = draw_people(spec, _stream(spec, "population"), places)
    progress(step, 1, total)
    custody, steps = draw_custody(spec, _stream(spec, "custody"), people)
    people = pd.concat([people, custody], axis=1)
    progress(step, 2, total)
    captures = draw_captures(spec, _stream(spec, "capture"), people)
    people = pd.concat([people, captures], axis=1)
    progress(step, 3, total)
    ids = person_ids(len(people))
    people.insert(0, PERSON_ID, ids)
    steps.insert(0, PERSON_ID, ids[steps["row"].to_numpy()])
    steps = steps.drop(columns="row")
    records = {}
    for i, src in enumerate(SOURCES):
        mask = people[f"in_{src.code}"].to_numpy()
        records[src.code] = draw_records(
            spec, _stream(spec, f"records:{src.code}"), people, mask, src
        )
        progress(step, 4 + i, total)
    progress(step, total, total)
    return Scenario(spec=spec, people=people, steps=steps, records=records)


def write_scenario(
    spec: ScenarioSpec, out: Path, progress: ProgressCallback | None = None
) -> ScenarioSummary:
    """Simulate and write ``out/sources/`` (five lists and their mappings),
    ``out/truth/`` and ``out/scenario.json``.

    Parameters
    ----------
    spec
        The scenario; the same spec writes the same bytes.
    out
        The output directory (created if needed; other files in it are left alone).
    progress
        Optional ``progress(step, done, total)`` callback.

    Returns
    -------
    ScenarioSummary

    Examples
    --------
    >>> import tempfile
    >>> s = write_scenario(ScenarioSpec(scale=0.002), Path(tempfile.mkdtemp()))
    >>> s.n_people
    144
    """
    progress = progress or no_progress
    out = Path(out)
    sources_dir, truth_dir = out / "sources", out / "truth"
    sources_dir.mkdir(parents=True, exist_ok=True)
    sc = simulate(spec, progress)
    written: list[WrittenList] = []
    step = "Writing lists"
    for i, src in enumerate(SOURCES):
        progress(step, i, len(SOURCES))
        rng = _stream(spec, f"writing:{src.code}")
        written.append(write_list(spec, rng, src, sc.records[src.code], sources_dir))
    progress(step, len(SOURCES), len(SOURCES))
    pid = sc.people[PERSON_ID].to_numpy()
    records = pd.DataFrame(
        {
            "source": np.concatenate([[w.source.code] * len(w.rows) for w in written]),
            "record_id": np.concatenate([w.record_ids for w in written]),
            PERSON_ID: np.concatenate([pid[w.rows] for w in written]),
            "errors": np.concatenate([w.errors for w in written]),
        }
    )
    progress("Writing the truth", 0, 1)
    files = [p for w in written for p in (w.list_path, w.mapping_path)]
    files += write_truth(sc.people, sc.steps, records, truth_dir)
    progress("Writing the truth", 1, 1)
    summary = ScenarioSummary(
        n_people=len(sc.people),
        n_deaths=int((sc.people["died_in_custody"] == "yes").sum()),
        n_records_by_source={w.source.code: len(w.rows) for w in written},
        files=[*files, out / "scenario.json"],
        quarantine_bait={
            w.source.code: {"bad_date": w.n_bait_bad_date, "nameless": w.n_bait_nameless}
            for w in written
        },
    )
    meta = {"habeas_version": __version__, "spec": spec.to_dict(), "summary": summary.to_dict(out)}
    text = json.dumps(meta, ensure_ascii=False, indent=2) + "\n"
    (out / "scenario.json").write_text(text, encoding="utf-8", newline="\n")
    return summary
