"""Short free-text accounts of a case, in the words of a complaint desk."""

from __future__ import annotations

import numpy as np
import pandas as pd

from habeas.simulate.labels import fmt_dates

__all__ = ["narratives"]

_WHERE = (
    "en su vivienda",
    "en la calle",
    "en un retén",
    "en su lugar de trabajo",
    "en la parada de buses",
    "frente a su casa",
)
_BY = {
    "pnc": "agentes de la PNC",
    "faes": "soldados",
    "joint": "policías y soldados",
    "other": "agentes de otra institución",
}
_WHY = {
    "none_stated": "No le dijeron el motivo.",
    "anonymous_tip": "Le dijeron que había una denuncia anónima.",
    "community": "Dicen que por vivir en una colonia con pandillas.",
    "appearance": "{Lo} acusaron por sus tatuajes.",
    "prior_record": "Le dijeron que tenía antecedentes.",
    "refused_information": "{Lo} detuvieron por no dar información.",
    "in_flagrante": "Según la policía, en flagrancia.",
    "judicial_warrant": "Le mostraron una orden judicial.",
    "other": "{Lo} acusan de agrupaciones ilícitas.",
}


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA


def narratives(
    d: pd.DataFrame, places: np.ndarray, centres: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """One account per record, built from the record's own (noisy) values.

    Parameters
    ----------
    d
        The draft records.
    places, centres
        The arrest place and the centre as the list writes them.
    rng
        The source's stream.
    """
    where = rng.integers(0, len(_WHERE), size=len(d))
    arrest = fmt_dates(d["arrest_date"].to_numpy("datetime64[D]"), "dmy")
    death = fmt_dates(d["death_date"].to_numpy("datetime64[D]"), "dmy")
    out = np.empty(len(d), dtype=object)
    rows = zip(d["sex"], d["authority"], d["grounds"], arrest, death, places, centres, strict=True)
    for i, (sex, auth, grounds, a, dd, place, centre) in enumerate(rows):
        female = sex == "F"
        parts = ["Fue capturada" if female else "Fue capturado"]
        if a:
            parts.append(f"el {a}")
        parts.append(_WHERE[where[i]] + (f" en {place}" if not _blank(place) else ""))
        if not _blank(auth):
            parts.append(f"por {_BY[auth]}")
        text = " ".join(parts) + "."
        if not _blank(grounds):
            text += " " + _WHY[str(grounds).split(";")[0]].format(Lo="La" if female else "Lo")
        if dd:
            text += f" Falleció el {dd}."
        elif _blank(centre):
            text += " La familia no sabe dónde se encuentra."
        else:
            text += f" Se encuentra en {centre}."
        out[i] = text
    return out
