"""The ombudsman's case system: CSV in UTF-8 with a BOM, ISO dates, snake_case headers,
names and places in capitals without accents, S/N flags (YAML mapping).

An institutional system: it asks for most fields (grounds, warrant, flagrancy, group,
hearing, counsel, death details) and records the official cause of death about half of
the time, since the prison administration reports to it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from habeas.simulate.draft import Style
from habeas.simulate.labels import CAUSE, GROUNDS, GROUPS, choose, fmt_dates
from habeas.simulate.shapes._common import (
    Shape,
    bad_date_text,
    centres,
    department_names,
    district_names,
    join_labels,
    relations,
    seq_within,
    text_fix,
    yes_no,
)
from habeas.simulate.shapes._narrative import narratives

STYLE = Style(
    date_fields=(
        "reported_date",
        "birth_date",
        "arrest_date",
        "first_hearing_date",
        "death_date",
    ),
    optional_fields=("birth_date", "arrest_district", "grounds", "hearing_type", "occupation"),
    accent_drop=100.0,  # the system strips accents from every record
    dui_missing=0.8,
)

COLUMNS = {
    "record_id": "id_caso",
    "reported_date": "fecha_denuncia",
    "given_names": "nombres",
    "surname_1": "primer_apellido",
    "surname_2": "segundo_apellido",
    "married_surname": "apellido_casada",
    "alias": "alias",
    "sex": "sexo",
    "birth_date": "fecha_nacimiento",
    "age": "edad",
    "dui": "dui",
    "residence_department": "departamento",
    "residence_district": "municipio",
    "occupation": "ocupacion",
    "groups": "grupo_vulnerable",
    "arrest_date": "fecha_detencion",
    "arrest_district": "municipio_detencion",
    "authority": "autoridad",
    "grounds": "motivo_detencion",
    "warrant_shown": "orden_judicial",
    "in_flagrante": "flagrancia",
    "detention_centre": "centro_reclusion",
    "first_hearing_date": "fecha_audiencia_inicial",
    "hearing_type": "tipo_audiencia",
    "counsel_access": "defensa_tecnica",
    "died_in_custody": "fallecido",
    "death_date": "fecha_fallecimiento",
    "death_place": "lugar_fallecimiento",
    "death_cause": "causa_muerte",
    "signs_of_violence": "signos_violencia",
    "reporter_relationship": "denunciante",
    "narrative": "hechos",
}
_OFFICES = {"01": "SA", "02": "SA", "03": "SA", "11": "SM", "12": "SM", "13": "SM", "14": "SM"}
_PDDH_AUTHORITY = {"pnc": ("PNC",), "faes": ("FAES",), "joint": ("PNC-FAES",), "other": ("OTRA",)}
_HEARING = {"mass": ("MASIVA",), "individual": ("INDIVIDUAL",)}


def shape(rng: np.random.Generator, d: pd.DataFrame) -> Shape:
    """Write the draft records as the ombudsman's case export."""
    n = len(d)
    acc = np.ones(n, dtype=bool)
    year = pd.DatetimeIndex(d["reported_date"].to_numpy("datetime64[D]")).year.to_numpy()
    office = np.array([_OFFICES.get(c, "SS") for c in d["residence_department"]])
    key = np.char.add(office.astype(str), year.astype(str))
    ids = np.array(
        [f"PDDH-{o}-{y}-{k:04d}" for o, y, k in zip(office, year, seq_within(key), strict=True)]
    )
    anon = d["nameless"].to_numpy()
    names = {}
    for f in ("given_names", "surname_1", "surname_2", "married_surname", "alias"):
        v = d[f].to_numpy(dtype=object).copy()
        if f == "alias":
            v = np.where(rng.random(n) < 0.5, v, None)
        v = text_fix(v, acc, upper=True)
        v[anon] = None
        names[f] = v
    arrest = fmt_dates(d["arrest_date"].to_numpy(), "iso")
    bad = d["bad_date"].to_numpy()
    arrest[bad] = bad_date_text(year[bad], "iso", rng)
    official = rng.random(n) < 0.5
    cause = np.where(official, d["death_cause_official"].to_numpy(dtype=object), d["death_cause"])
    cause = np.where(pd.isna(d["death_cause"].to_numpy(dtype=object)), None, cause)
    sex = d["sex"].to_numpy()
    place = text_fix(district_names(d["arrest_district"].to_numpy()), acc, upper=True)
    centre = text_fix(centres(d["detention_centre"].to_numpy(), rng), acc, upper=True)
    groups_table = {k: (v[0],) for k, v in GROUPS.items()}
    frame = {
        "record_id": ids,
        "reported_date": fmt_dates(d["reported_date"].to_numpy(), "iso"),
        **names,
        "sex": np.where(sex == "F", "FEMENINO", "MASCULINO"),
        "birth_date": fmt_dates(d["birth_date"].to_numpy(), "iso"),
        "age": pd.array(d["age"].to_numpy(), dtype="Int64"),
        "dui": np.array([v.replace("-", "") if isinstance(v, str) else None for v in d["dui"]]),
        "residence_department": text_fix(
            department_names(d["residence_department"].to_numpy()), acc, upper=True
        ),
        "residence_district": text_fix(
            district_names(d["residence_district"].to_numpy()), acc, upper=True
        ),
        "occupation": text_fix(d["occupation"].to_numpy(), acc, upper=True),
        "groups": text_fix(
            join_labels(d["groups"].to_numpy(), groups_table, "|", rng), acc, upper=True
        ),
        "arrest_date": arrest,
        "arrest_district": place,
        "authority": choose(d["authority"].to_numpy(), _PDDH_AUTHORITY, rng),
        "grounds": text_fix(
            join_labels(d["grounds"].to_numpy(), GROUNDS, "|", rng), acc, upper=True
        ),
        "warrant_shown": yes_no(d["warrant_shown"].to_numpy(), "S", "N"),
        "in_flagrante": yes_no(d["in_flagrante"].to_numpy(), "S", "N"),
        "detention_centre": centre,
        "first_hearing_date": fmt_dates(d["first_hearing_date"].to_numpy(), "iso"),
        "hearing_type": choose(d["hearing_type"].to_numpy(), _HEARING, rng),
        "counsel_access": yes_no(d["counsel_access"].to_numpy(), "S", "N"),
        "died_in_custody": yes_no(d["died_in_custody"].to_numpy(), "S", "N"),
        "death_date": fmt_dates(d["death_date"].to_numpy(), "iso"),
        "death_place": text_fix(centres(d["death_place"].to_numpy(), rng), acc, upper=True),
        "death_cause": text_fix(choose(cause, CAUSE, rng), acc, upper=True),
        "signs_of_violence": yes_no(d["signs_of_violence"].to_numpy(), "S", "N"),
        "reporter_relationship": text_fix(
            relations(d["reporter_relationship"].to_numpy(), sex, rng), acc, upper=True
        ),
        "narrative": narratives(d, place, centre, rng),
    }
    out = pd.DataFrame({COLUMNS[k]: v for k, v in frame.items()})
    fields = (
        "sex", "residence_department", "groups", "authority", "grounds", "warrant_shown",
        "in_flagrante", "detention_centre", "hearing_type", "counsel_access",
        "died_in_custody", "death_place", "signs_of_violence", "reporter_relationship",
    )  # fmt: skip
    intended = {f: d[f].to_numpy(dtype=object) for f in fields}
    intended["death_cause"] = cause
    return Shape(
        frame=out,
        record_ids=ids,
        columns=dict(COLUMNS),
        intended=intended,
        format={"date_order": "ymd", "multi_separator": "|"},
    )
