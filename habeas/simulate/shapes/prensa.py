"""Press monitoring: a JSON file of news items, arrest dates to the month ("marzo 2022"),
some people named only by an alias.

The monitor reads the news: names as printed (police communiqués give aliases, and
sometimes nothing else), the month of the arrest, deaths in detail with the official
cause more often than not. No DUI. Every record is reported by the press (a mapping
default).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from habeas.simulate.draft import Style
from habeas.simulate.labels import CAUSE, GROUPS, choose, fmt_dates
from habeas.simulate.shapes._common import (
    Shape,
    authorities,
    bad_date_text,
    centres,
    district_names,
    full_name,
    is_blank,
    join_labels,
    seq_within,
    text_fix,
)

STYLE = Style(
    date_fields=("reported_date", "death_date"),
    optional_fields=("age", "sex", "residence_district", "authority", "detention_centre"),
    accent_drop=0.3,
    typo=0.5,
    alias_only=1.0,
)

COLUMNS = {
    "record_id": "idNota",
    "reported_date": "fechaPublicacion",
    "full_name": "persona",
    "age": "edadReportada",
    "sex": "genero",
    "residence_district": "lugar",
    "groups": "perfil",
    "arrest_date": "mesCaptura",
    "authority": "cuerpoCaptor",
    "detention_centre": "recinto",
    "died_in_custody": "murio",
    "death_date": "fechaMuerte",
    "death_cause": "causaMuerte",
    "signs_of_violence": "senalesViolencia",
}
OUTLETS = (
    "Diario El Centinela", "La Voz del Valle", "Noticiero Cuscatlán Hoy", "Radio Comunitaria 94.1",
    "Periódico Digital La Brújula del Sur", "Semanario El Faro de Oriente",
)  # fmt: skip
_GROUPS_PRESS = {k: (v[0].lower(),) for k, v in GROUPS.items()}


def _flag(values: np.ndarray) -> list[bool | None]:
    return [True if v == "yes" else (False if v == "no" else None) for v in values]


def shape(rng: np.random.Generator, d: pd.DataFrame) -> Shape:
    """Write the draft records as the monitor's JSON items."""
    n = len(d)
    acc = d["no_accents"].to_numpy()
    pub = pd.DatetimeIndex(d["reported_date"].to_numpy("datetime64[D]"))
    month = np.array([f"{y}{m:02d}" for y, m in zip(pub.year, pub.month, strict=True)])
    ids = np.array([f"PR-{m}-{k:03d}" for m, k in zip(month, seq_within(month), strict=True)])
    name = full_name(d)
    alias = d["alias"].to_numpy(dtype=object)
    has_alias = pd.notna(alias)
    form = rng.random(n)
    alias_text = np.where(
        form < 0.5, 'alias "' + alias.astype(str) + '"', "(a) " + alias.astype(str)
    )
    name = np.where(has_alias & (rng.random(n) < 0.6), name + " " + alias_text, name)
    name = np.where(d["alias_only"].to_numpy(), alias_text, name)
    name[d["nameless"].to_numpy()] = None
    arrest = fmt_dates(d["arrest_date"].to_numpy(), "month")
    bad = d["bad_date"].to_numpy()
    arrest[bad] = bad_date_text(pub.year.to_numpy()[bad], "dmy", rng)
    official = rng.random(n) < 0.6
    cause = np.where(official, d["death_cause_official"].to_numpy(dtype=object), d["death_cause"])
    cause = np.array([None if is_blank(c) else c for c in cause], dtype=object)
    sex = d["sex"].to_numpy(dtype=object)
    groups = np.where(d["groups"].to_numpy(dtype=object) == "none", None, d["groups"])
    outlet = np.array(OUTLETS, dtype=object)[rng.integers(0, len(OUTLETS), size=n)]
    age = d["age"].to_numpy(dtype=object)
    items = {
        "record_id": ids,
        "reported_date": fmt_dates(pub.to_numpy("datetime64[D]"), "iso"),
        "full_name": text_fix(name, acc),
        "age": [None if is_blank(a) else int(a) for a in age],
        "sex": np.array(
            [None if is_blank(s) else ("mujer" if s == "F" else "hombre") for s in sex]
        ),
        "residence_district": text_fix(district_names(d["residence_district"].to_numpy()), acc),
        "groups": join_labels(groups, _GROUPS_PRESS, ", ", rng),
        "arrest_date": arrest,
        "authority": authorities(d["authority"].to_numpy(), rng),
        "detention_centre": centres(d["detention_centre"].to_numpy(), rng),
        "died_in_custody": _flag(d["died_in_custody"].to_numpy()),
        "death_date": fmt_dates(d["death_date"].to_numpy(), "long"),
        "death_cause": choose(cause, CAUSE, rng),
        "signs_of_violence": _flag(d["signs_of_violence"].to_numpy()),
    }
    # object dtype keeps JSON ints as ints and booleans as booleans
    out = pd.DataFrame({COLUMNS[k]: pd.array(list(v), dtype=object) for k, v in items.items()})
    out.insert(2, "medio", outlet)
    slug = [
        f"https://noticias.example/{p:%Y/%m}/nota-{i.lower()}"
        for p, i in zip(pub, ids, strict=True)
    ]
    out["url"] = slug
    intended = {
        f: d[f].to_numpy(dtype=object)
        for f in ("sex", "authority", "detention_centre", "died_in_custody", "signs_of_violence")
    }
    intended["groups"] = groups
    intended["death_cause"] = cause
    return Shape(
        frame=out,
        record_ids=ids,
        columns=dict(COLUMNS),
        intended=intended,
        format={"date_order": "dmy", "name_order": "given_first", "multi_separator": ","},
        defaults={"reporter_relationship": "press"},
    )
