"""The legal-aid office: an .xlsx workbook, names split in columns, real date cells.

Lawyers open a file per client: they ask for the DUI and the birth date, follow the
first hearing (type, whether a defender was present), provisional detention and
release. Dates are typed as date cells; a clerk sometimes types a date as text, and
now and then an impossible one ("31/02/2022").
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from habeas.simulate.draft import Style
from habeas.simulate.shapes._common import (
    Shape,
    authorities,
    bad_date_text,
    centres,
    department_names,
    district_names,
    is_blank,
    relations,
    seq_within,
    text_fix,
    yes_no,
)

STYLE = Style(
    date_fields=(
        "reported_date",
        "birth_date",
        "arrest_date",
        "first_hearing_date",
        "provisional_detention_date",
        "released_date",
        "death_date",
    ),
    optional_fields=("birth_date", "authority", "hearing_type", "counsel_access"),
    accent_drop=0.6,
    dui_missing=0.5,
    typo=0.7,
)

SHEET = "Casos"
COLUMNS = {
    "record_id": "Expediente",
    "reported_date": "Fecha de apertura",
    "given_names": "Nombres",
    "surname_1": "Primer apellido",
    "surname_2": "Segundo apellido",
    "married_surname": "Apellido de casada",
    "sex": "Sexo",
    "birth_date": "Fecha de nacimiento",
    "dui": "Número de DUI",
    "residence_department": "Departamento de domicilio",
    "residence_district": "Municipio de domicilio",
    "arrest_date": "Fecha de detención",
    "authority": "Autoridad captora",
    "detention_centre": "Centro penal",
    "first_hearing_date": "Fecha audiencia inicial",
    "hearing_type": "Tipo de audiencia",
    "counsel_access": "¿Tuvo defensor en la audiencia?",
    "provisional_detention_date": "Fecha detención provisional",
    "released_date": "Fecha de liberación",
    "died_in_custody": "¿Falleció?",
    "death_date": "Fecha de defunción",
    "reporter_relationship": "Solicitante",
}
DATE_FIELDS = tuple(f for f in COLUMNS if f.endswith("_date"))
_HEARING = {"mass": ("Masiva", "Virtual masiva", "Colectiva"), "individual": ("Individual",)}


def _cells(values: np.ndarray) -> np.ndarray:
    d = np.asarray(values, dtype="datetime64[D]")
    return np.array([None if np.isnat(x) else x.astype(dt.date) for x in d], dtype=object)


def shape(rng: np.random.Generator, d: pd.DataFrame) -> Shape:
    """Write the draft records as the office's case workbook (cells, not text)."""
    n = len(d)
    acc = d["no_accents"].to_numpy()
    year = pd.DatetimeIndex(d["reported_date"].to_numpy("datetime64[D]")).year.to_numpy()
    ids = np.array(
        [f"EXP-{y % 100:02d}-{k:04d}" for y, k in zip(year, seq_within(year), strict=True)]
    )
    anon = d["nameless"].to_numpy()
    names = {}
    for f in ("given_names", "surname_1", "surname_2", "married_surname"):
        v = text_fix(d[f].to_numpy(dtype=object), acc)
        v[anon] = None
        names[f] = v
    arrest = _cells(d["arrest_date"].to_numpy())
    bad = d["bad_date"].to_numpy()
    arrest[bad] = bad_date_text(year[bad], "dmy", rng)
    sex = d["sex"].to_numpy()
    hearing = np.array(
        [None if is_blank(h) else _HEARING[h][int(u * len(_HEARING[h]))]
         for h, u in zip(d["hearing_type"], rng.random(n), strict=True)],
        dtype=object,
    )  # fmt: skip
    frame = {
        "record_id": ids,
        "reported_date": _cells(d["reported_date"].to_numpy()),
        **names,
        "sex": sex,
        "birth_date": _cells(d["birth_date"].to_numpy()),
        "dui": d["dui"].to_numpy(dtype=object),
        "residence_department": department_names(d["residence_department"].to_numpy()),
        "residence_district": text_fix(district_names(d["residence_district"].to_numpy()), acc),
        "arrest_date": arrest,
        "authority": authorities(d["authority"].to_numpy(), rng),
        "detention_centre": centres(d["detention_centre"].to_numpy(), rng),
        "first_hearing_date": _cells(d["first_hearing_date"].to_numpy()),
        "hearing_type": hearing,
        "counsel_access": yes_no(d["counsel_access"].to_numpy(), "Sí", "No"),
        "provisional_detention_date": _cells(d["provisional_detention_date"].to_numpy()),
        "released_date": _cells(d["released_date"].to_numpy()),
        "died_in_custody": yes_no(d["died_in_custody"].to_numpy(), "Sí", "No"),
        "death_date": _cells(d["death_date"].to_numpy()),
        "reporter_relationship": relations(d["reporter_relationship"].to_numpy(), sex, rng),
    }
    out = pd.DataFrame({COLUMNS[k]: v for k, v in frame.items()})
    fields = (
        "sex", "residence_department", "authority", "detention_centre", "hearing_type",
        "counsel_access", "died_in_custody", "reporter_relationship",
    )  # fmt: skip
    return Shape(
        frame=out,
        record_ids=ids,
        columns=dict(COLUMNS),
        intended={f: d[f].to_numpy(dtype=object) for f in fields},
        format={"date_order": "dmy"},
    )
