"""How people write codes and dates in their lists: Spanish labels and date formats.

Each label table maps a canonical code to the ways a clerk writes it; a record draws
one of them. Whether ingest understands a label is not assumed: the mapping writer
checks every label against the domain parsers and adds a ``[values.*]`` entry for
those they do not read (see :mod:`habeas.simulate.mapping`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from habeas.domain.centres import centre

__all__ = [
    "AUTHORITY",
    "CAUSE",
    "GROUNDS",
    "GROUPS",
    "MONTHS",
    "RELATION",
    "centre_labels",
    "choose",
    "fmt_dates",
]

MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
    "septiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip

AUTHORITY: dict[str, tuple[str, ...]] = {
    "pnc": ("PNC", "Policía", "Policía Nacional Civil", "Agentes de la PNC"),
    "faes": ("Soldados", "FAES", "Ejército", "Militares"),
    "joint": ("PNC y FAES", "Policía y militares", "Policías y soldados", "Operativo conjunto"),
    "other": ("Fiscalía", "CAM", "Otra"),
}
GROUNDS: dict[str, tuple[str, ...]] = {
    "in_flagrante": ("Flagrancia",),
    "judicial_warrant": ("Orden judicial", "Orden de captura"),
    "prior_record": ("Antecedentes", "Tiene antecedentes"),
    "community": ("Por vivir en la colonia", "Zona de pandillas", "Por el lugar donde vive"),
    "anonymous_tip": ("Denuncia anónima", "Llamada anónima", "Lo señalaron"),
    "appearance": ("Tatuajes", "Por su apariencia"),
    "refused_information": ("No dio información", "No quiso colaborar"),
    "none_stated": ("Sin motivo", "No le dijeron", "Ninguno"),
    "other": ("Otro", "Agrupaciones ilícitas", "Por un familiar"),
}
# Group labels: (masculine, feminine).
GROUPS: dict[str, tuple[str, str]] = {
    "journalist": ("Periodista", "Periodista"),
    "hr_defender": ("Defensor de derechos humanos", "Defensora de derechos humanos"),
    "community_leader": ("Líder comunitario", "Lideresa comunitaria"),
    "union_member": ("Sindicalista", "Sindicalista"),
    "judicial_official": ("Empleado judicial", "Empleada judicial"),
    "lawyer": ("Abogado", "Abogada"),
    "public_employee": ("Empleado público", "Empleada pública"),
    "street_vendor": ("Vendedor ambulante", "Vendedora ambulante"),
    "student": ("Estudiante", "Estudiante"),
    "none": ("Ninguno", "Ninguno"),
}
CAUSE: dict[str, tuple[str, ...]] = {
    "violence": ("Golpes", "Golpiza", "Lo mataron a golpes", "Muerte violenta"),
    "medical_neglect": ("Falta de atención médica", "No le dieron sus medicamentos"),
    "illness": ("Enfermedad", "Paro cardíaco", "Insuficiencia renal"),
    "malnutrition": ("Desnutrición",),
    "asphyxia": ("Asfixia",),
    "pulmonary_oedema": ("Edema pulmonar", "Edema pulmonar agudo"),
    "suicide": ("Suicidio",),
    "covid": ("COVID", "COVID-19"),
    "unknown": ("No le dijeron", "Desconocida", "No informaron"),
}
# Relationship labels: (for a man detained, for a woman detained).
RELATION: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "mother": (("Madre", "Mamá"), ("Madre", "Mamá")),
    "father": (("Padre", "Papá"), ("Padre", "Papá")),
    "spouse": (("Esposa", "Compañera de vida"), ("Esposo", "Compañero de vida")),
    "sibling": (("Hermana", "Hermano"), ("Hermana", "Hermano")),
    "child": (("Hija", "Hijo"), ("Hija", "Hijo")),
    "other_relative": (("Tía", "Abuela", "Prima"), ("Tía", "Abuela", "Prima")),
    "self": (("Él mismo",), ("Ella misma",)),
    "neighbour": (("Vecina", "Vecino"), ("Vecina", "Vecino")),
    "lawyer": (("Abogado", "Abogada"), ("Abogado", "Abogada")),
    "other": (("ONG", "Iglesia", "Pastor"), ("ONG", "Iglesia", "Pastor")),
    "press": (("Prensa",), ("Prensa",)),
}
_CENTRE: dict[str, tuple[str, ...]] = {
    "la_esperanza": ("Mariona", "Penal La Esperanza", "La Esperanza", "Penal de Mariona"),
    "izalco": ("Penal de Izalco", "Izalco", "Izalco Fase III", "Izalco fase 1"),
    "cecot": ("CECOT", "Cecot", "Centro de Confinamiento del Terrorismo"),
    "ilopango_women": ("Cárcel de Mujeres", "Penal de Ilopango", "Cárcel de Mujeres de Ilopango"),
    "zacatecoluca": ("Zacatraz", "Penal de Zacatecoluca"),
    "juvenile_centre": ("Centro de menores", "Centro de inserción social"),
    "police_cells": ("Bartolinas", "Bartolinas de la PNC", "Delegación PNC"),
    "hospital": ("Hospital Rosales", "Hospital Zacamil", "Hospital"),
}


def centre_labels(code: str) -> tuple[str, ...]:
    """The ways a list names a detention centre (its own table, else the domain's
    first two aliases)."""
    if code in _CENTRE:
        return _CENTRE[code]
    return centre(code).aliases[:2] or (centre(code).name,)


def choose(
    codes: np.ndarray, table: dict[str, tuple[str, ...]], rng: np.random.Generator
) -> np.ndarray:
    """One label per code, drawn among the table's labels (``None`` stays ``None``)."""
    codes = np.asarray(codes, dtype=object)
    u = rng.random(len(codes))
    out = np.empty(len(codes), dtype=object)
    for i, c in enumerate(codes):
        if c is None or (isinstance(c, float) and np.isnan(c)):
            out[i] = None
            continue
        labels = table[c]
        out[i] = labels[int(u[i] * len(labels))]
    return out


def fmt_dates(values: np.ndarray, style: str) -> np.ndarray:
    """Format ``datetime64[D]`` values: ``dmy`` 27/03/2022, ``iso`` 2022-03-27, ``long``
    27 de marzo de 2022, ``month`` marzo 2022. ``NaT`` becomes ``None``."""
    d = np.asarray(values, dtype="datetime64[D]")
    ok = ~np.isnat(d)
    idx = pd.DatetimeIndex(np.where(ok, d, np.datetime64("2000-01-01")))
    y, m, dd = idx.year.to_numpy(), idx.month.to_numpy(), idx.day.to_numpy()
    months = np.array(MONTHS, dtype=object)[m - 1]
    if style == "dmy":
        text = [f"{a:02d}/{b:02d}/{c:04d}" for a, b, c in zip(dd, m, y, strict=True)]
    elif style == "iso":
        text = [f"{c:04d}-{b:02d}-{a:02d}" for a, b, c in zip(dd, m, y, strict=True)]
    elif style == "long":
        text = [f"{a} de {b} de {c}" for a, b, c in zip(dd, months, y, strict=True)]
    elif style == "month":
        text = [f"{b} {c}" for b, c in zip(months, y, strict=True)]
    else:
        raise ValueError(f"unknown date style {style!r}")
    return np.where(ok, np.array(text, dtype=object), None)
