"""The family association: CSV in Windows-1252 with ';', "APELLIDOS, Nombres" and
dates written out ("27 de marzo de 2022").

The register was kept in a desktop spreadsheet by volunteers: surnames in capitals
first, places in capitals, sex as H/M (Hombre/Mujer, so "M" means a woman here: the
mapping says so), and a contact phone number that ingest does not need.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from habeas.simulate.draft import Style
from habeas.simulate.labels import CAUSE, choose, fmt_dates
from habeas.simulate.shapes._common import (
    Shape,
    authorities,
    bad_date_text,
    centres,
    department_names,
    district_names,
    full_name,
    relations,
    text_fix,
    yes_no,
)

STYLE = Style(
    date_fields=("reported_date", "arrest_date", "first_hearing_date", "death_date"),
    optional_fields=("age", "authority", "detention_centre", "first_hearing_date"),
    dui_missing=1.2,
)

COLUMNS = {
    "record_id": "Correlativo",
    "reported_date": "Fecha de registro",
    "full_name": "Nombre del detenido (APELLIDOS, Nombres)",
    "sex": "Sexo (H/M)",
    "age": "Edad",
    "dui": "DUI",
    "residence_district": "Municipio donde vive",
    "residence_department": "Departamento",
    "arrest_date": "Fecha de la captura",
    "authority": "¿Quién lo capturó?",
    "detention_centre": "¿Dónde está detenido?",
    "first_hearing_date": "Fecha de audiencia",
    "died_in_custody": "Falleció en custodia",
    "death_date": "Fecha de fallecimiento",
    "death_cause": "Causa de muerte",
    "signs_of_violence": "Señales de violencia",
    "reporter_relationship": "Parentesco",
}
PHONE = "Teléfono de contacto"


def shape(rng: np.random.Generator, d: pd.DataFrame) -> Shape:
    """Write the draft records as the association's register."""
    n = len(d)
    acc = d["no_accents"].to_numpy()
    ids = np.arange(1, n + 1).astype(str).astype(object)
    name = full_name(d, surnames_first=True)
    name[d["nameless"].to_numpy()] = None
    arrest = fmt_dates(d["arrest_date"].to_numpy(), "long")
    bad = d["bad_date"].to_numpy()
    year = pd.DatetimeIndex(d["arrest_date"].to_numpy("datetime64[D]")).year.to_numpy()
    arrest[bad] = bad_date_text(year[bad], "long", rng)
    sex = d["sex"].to_numpy()
    # Invented numbers in a range no Salvadoran line uses (they start with 0), so no
    # real phone can ever appear in a simulated list.
    phone = [f"0{a:03d}-{b:04d}" for a, b in zip(
        rng.integers(0, 1000, size=n), rng.integers(0, 10_000, size=n), strict=True)]  # fmt: skip
    frame = {
        "record_id": ids,
        "reported_date": fmt_dates(d["reported_date"].to_numpy(), "long"),
        "full_name": text_fix(name, acc),
        "sex": np.where(sex == "F", "M", "H"),
        "age": pd.array(d["age"].to_numpy(), dtype="Int64"),
        "dui": d["dui"].to_numpy(dtype=object),
        "residence_district": text_fix(
            district_names(d["residence_district"].to_numpy()), acc, upper=True
        ),
        "residence_department": text_fix(
            department_names(d["residence_department"].to_numpy()), acc, upper=True
        ),
        "arrest_date": arrest,
        "authority": authorities(d["authority"].to_numpy(), rng),
        "detention_centre": centres(d["detention_centre"].to_numpy(), rng),
        "first_hearing_date": fmt_dates(d["first_hearing_date"].to_numpy(), "long"),
        "died_in_custody": yes_no(d["died_in_custody"].to_numpy(), "SI", "NO"),
        "death_date": fmt_dates(d["death_date"].to_numpy(), "long"),
        "death_cause": choose(d["death_cause"].to_numpy(), CAUSE, rng),
        "signs_of_violence": yes_no(d["signs_of_violence"].to_numpy(), "SI", "NO"),
        "reporter_relationship": relations(d["reporter_relationship"].to_numpy(), sex, rng),
    }
    out = pd.DataFrame({COLUMNS[k]: v for k, v in frame.items()})
    out.insert(len(out.columns), PHONE, phone)
    fields = (
        "sex", "residence_department", "authority", "detention_centre", "died_in_custody",
        "death_cause", "signs_of_violence", "reporter_relationship",
    )  # fmt: skip
    return Shape(
        frame=out,
        record_ids=ids,
        columns=dict(COLUMNS),
        intended={f: d[f].to_numpy(dtype=object) for f in fields},
        format={"date_order": "dmy", "name_order": "surnames_first"},
    )
