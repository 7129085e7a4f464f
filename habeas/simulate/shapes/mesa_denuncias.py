"""The NGO complaint desk: CSV in UTF-8, one full-name column, dates dd/mm/yyyy.

Families come to the desk and tell what happened: the clerk writes the full name as
said (sometimes with an alias), the age rather than the birth date, the place names,
and a short account. "Falleció" is ticked only when the person died.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from habeas.simulate.draft import Style
from habeas.simulate.labels import CAUSE, GROUNDS, choose, fmt_dates
from habeas.simulate.shapes._common import (
    Shape,
    authorities,
    bad_date_text,
    centres,
    department_names,
    district_names,
    full_name,
    join_labels,
    relations,
    seq_within,
    text_fix,
    yes_no,
)
from habeas.simulate.shapes._narrative import narratives

STYLE = Style(
    date_fields=("reported_date", "arrest_date", "whereabouts_known_date", "death_date"),
    optional_fields=("occupation", "arrest_district", "authority", "grounds", "age"),
)

COLUMNS = {
    "record_id": "N° denuncia",
    "reported_date": "Fecha de denuncia",
    "full_name": "Nombre completo",
    "sex": "Sexo",
    "age": "Edad",
    "dui": "DUI",
    "residence_district": "Municipio",
    "residence_department": "Departamento",
    "occupation": "Ocupación",
    "arrest_date": "Fecha de captura",
    "arrest_district": "Lugar de captura",
    "authority": "Autoridad",
    "grounds": "Motivo de la captura",
    "warrant_shown": "¿Le mostraron orden judicial?",
    "detention_centre": "Lugar de detención",
    "whereabouts_known_date": "Fecha en que supo su paradero",
    "died_in_custody": "Falleció",
    "death_date": "Fecha de fallecimiento",
    "death_cause": "Causa de muerte (según familia)",
    "reporter_relationship": "Parentesco de quien denuncia",
    "narrative": "Relato",
}


def shape(rng: np.random.Generator, d: pd.DataFrame) -> Shape:
    """Write the draft records as the desk's spreadsheet export."""
    n = len(d)
    acc = d["no_accents"].to_numpy()
    year = pd.DatetimeIndex(d["reported_date"].to_numpy("datetime64[D]")).year.to_numpy()
    ids = np.array([f"DEN-{y}-{k:05d}" for y, k in zip(year, seq_within(year), strict=True)])
    name = full_name(d)
    alias = d["alias"].to_numpy(dtype=object)
    with_alias = pd.notna(alias) & (rng.random(n) < 0.3)
    name = np.where(with_alias, name + ' alias "' + alias.astype(str) + '"', name)
    name[d["nameless"].to_numpy()] = None
    dui = d["dui"].to_numpy(dtype=object)
    plain = rng.random(n) < 0.2  # typed without the dash
    dui = np.array(
        [
            v.replace("-", "") if p and isinstance(v, str) else v
            for v, p in zip(dui, plain, strict=True)
        ],
        dtype=object,
    )
    place = text_fix(district_names(d["arrest_district"].to_numpy()), acc)
    centre = centres(d["detention_centre"].to_numpy(), rng)
    arrest = fmt_dates(d["arrest_date"].to_numpy(), "dmy")
    bad = d["bad_date"].to_numpy()
    arrest[bad] = bad_date_text(year[bad], "dmy", rng)
    sex = d["sex"].to_numpy()
    frame = {
        "record_id": ids,
        "reported_date": fmt_dates(d["reported_date"].to_numpy(), "dmy"),
        "full_name": text_fix(name, acc),
        "sex": np.where(sex == "F", "Mujer", "Hombre"),
        "age": d["age"].to_numpy(),
        "dui": dui,
        "residence_district": text_fix(district_names(d["residence_district"].to_numpy()), acc),
        "residence_department": department_names(d["residence_department"].to_numpy()),
        "occupation": text_fix(d["occupation"].to_numpy(), acc),
        "arrest_date": arrest,
        "arrest_district": place,
        "authority": authorities(d["authority"].to_numpy(), rng),
        "grounds": join_labels(d["grounds"].to_numpy(), GROUNDS, ", ", rng),
        "warrant_shown": yes_no(d["warrant_shown"].to_numpy(), "Sí", "No"),
        "detention_centre": centre,
        "whereabouts_known_date": fmt_dates(d["whereabouts_known_date"].to_numpy(), "dmy"),
        "died_in_custody": yes_no(d["died_in_custody"].to_numpy(), "Sí", None),
        "death_date": fmt_dates(d["death_date"].to_numpy(), "dmy"),
        "death_cause": choose(d["death_cause"].to_numpy(), CAUSE, rng),
        "reporter_relationship": relations(d["reporter_relationship"].to_numpy(), sex, rng),
        "narrative": narratives(d, place, centre, rng),
    }
    out = pd.DataFrame({COLUMNS[k]: v for k, v in frame.items()})
    out[COLUMNS["age"]] = pd.array(d["age"].to_numpy(), dtype="Int64")
    return Shape(
        frame=out,
        record_ids=ids,
        columns=dict(COLUMNS),
        intended=_intended(d),
        format={"date_order": "dmy", "name_order": "given_first", "multi_separator": ","},
    )


def _intended(d: pd.DataFrame) -> dict[str, np.ndarray]:
    fields = (
        "sex", "residence_department", "authority", "grounds", "warrant_shown",
        "detention_centre", "died_in_custody", "death_cause", "reporter_relationship",
    )  # fmt: skip
    return {f: d[f].to_numpy(dtype=object) for f in fields}
