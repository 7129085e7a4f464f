"""Write each source's list in its own file format, with its mapping file beside it.

=================  ==========  ========================  =====================  ========
source             file        encoding / delimiter      names                  dates
=================  ==========  ========================  =====================  ========
mesa_denuncias     CSV         UTF-8, ``,``              one full-name column   27/03/2022
asistencia_legal   .xlsx       sheet "Casos"             split columns          date cells
familiares         CSV         Windows-1252, ``;``, CRLF "APELLIDOS, Nombres"   27 de marzo de 2022
pddh               CSV         UTF-8 with BOM, ``,``     split, capitals        2022-03-27
prensa             JSON        UTF-8                     full name or alias     marzo 2022
=================  ==========  ========================  =====================  ========
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from habeas.simulate.draft import make_draft
from habeas.simulate.mapping import mapping_data, write_mapping
from habeas.simulate.shapes import SHAPES, Shape
from habeas.simulate.sources import Source
from habeas.simulate.spec import ScenarioSpec
from habeas.simulate.xlsx import write_xlsx

__all__ = ["READING", "WrittenList", "write_list"]

#: Reading options each mapping declares in its ``[source]`` table.
READING: dict[str, dict[str, str]] = {
    "mesa_denuncias": {"encoding": "utf-8", "delimiter": ","},
    "asistencia_legal": {"sheet": "Casos"},
    "familiares": {"encoding": "cp1252", "delimiter": ";"},
    "pddh": {"encoding": "utf-8-sig", "delimiter": ","},
    "prensa": {"encoding": "utf-8"},
}

_HEADER = (
    "Mapping of a SIMULATED list written by `habeas simulate` (seed {seed}, scale {scale}).\n"
    "Synthetic data: every person in it is invented."
)


@dataclass(frozen=True)
class WrittenList:
    """One written list: its files and, per record, the id, true row and errors."""

    source: Source
    list_path: Path
    mapping_path: Path
    record_ids: np.ndarray
    rows: np.ndarray  # position of each record's person in the people table
    errors: np.ndarray
    n_bait_bad_date: int
    n_bait_nameless: int


def _csv(frame: pd.DataFrame, path: Path, *, encoding: str, sep: str, eol: str) -> None:
    frame.to_csv(path, index=False, encoding=encoding, sep=sep, lineterminator=eol)


def _json(frame: pd.DataFrame, path: Path) -> None:
    items = []
    for rec in frame.to_dict(orient="records"):
        items.append({k: (None if _missing(v) else _plain(v)) for k, v in rec.items()})
    text = json.dumps({"records": items}, ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8", newline="\n")


def _missing(v: object) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))


def _plain(v: object) -> object:
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    return v


def _write_file(code: str, shape: Shape, path: Path) -> None:
    if code == "mesa_denuncias":
        _csv(shape.frame, path, encoding="utf-8", sep=",", eol="\n")
    elif code == "familiares":
        _csv(shape.frame, path, encoding="cp1252", sep=";", eol="\r\n")
    elif code == "pddh":
        _csv(shape.frame, path, encoding="utf-8-sig", sep=",", eol="\n")
    elif code == "asistencia_legal":
        rows = [[None if _missing(v) else v for v in row] for row in shape.frame.itertuples(False)]
        write_xlsx(path, SHAPES[code].SHEET, list(shape.frame.columns), rows)
    elif code == "prensa":
        _json(shape.frame, path)
    else:
        raise KeyError(code)


def write_list(
    spec: ScenarioSpec,
    rng: np.random.Generator,
    src: Source,
    records: pd.DataFrame,
    out_dir: Path,
) -> WrittenList:
    """Apply the source's errors, shape its list, and write the list and its mapping.

    Parameters
    ----------
    spec, rng
        The scenario and this source's writing stream.
    src
        The source.
    records
        :func:`habeas.simulate.records.draw_records` output for this source.
    out_dir
        The ``sources/`` directory.
    """
    module = SHAPES[src.code]
    draft = make_draft(spec, rng, records, module.STYLE, dui=src.has_dui)
    shape: Shape = module.shape(rng, draft)
    list_path = out_dir / src.list_file
    _write_file(src.code, shape, list_path)
    data = mapping_data(src, shape, **READING[src.code])
    header = _HEADER.format(seed=spec.seed, scale=spec.scale)
    mapping_path = write_mapping(out_dir / src.mapping_file, data, header)
    return WrittenList(
        source=src,
        list_path=list_path,
        mapping_path=mapping_path,
        record_ids=np.asarray(shape.record_ids, dtype=object),
        rows=draft["row"].to_numpy(),
        errors=draft["errors"].to_numpy(dtype=object),
        n_bait_bad_date=int(draft["bad_date"].sum()),
        n_bait_nameless=int(draft["nameless"].sum()),
    )
