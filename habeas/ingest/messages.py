"""The sentences of import problems, in Spanish (the default) and English.

A problem carries a stable ``code`` and language-neutral ``params`` (the value as
written, a day, a limit...); the sentence a person reads is rendered from
:data:`MESSAGES` when it is shown, so the CLI, the web import page and the
quarantine export can each speak the reader's language. Spanish comes first: the
lists are kept, and their problems fixed, by Salvadoran documentation teams.

The default language is module-level state (:func:`set_language`), meant for a
command-line run; a web request should render with an explicit language
(``problem.render("en")``), never change the default under other requests.

Examples
--------
>>> render("age_invalid", {"age": "200", "max_age": "110"}, "es")
'la edad 200 no está entre 0 y 110'
>>> render("age_invalid", {"age": "200", "max_age": "110"}, "en")
'age 200 is not between 0 and 110'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Literal

__all__ = [
    "LANGUAGES",
    "LOCATION_WORDS",
    "MESSAGES",
    "Language",
    "get_language",
    "quote",
    "render",
    "set_language",
]

Language = Literal["es", "en"]
LANGUAGES: tuple[Language, ...] = ("es", "en")

_language: Language = "es"

_QUOTE_MAX = 60

_READ = "no se puede leer la fecha {value}: "
_CANNOT = "cannot read date {value}: "

#: code → (Spanish template, English template); ``{name}`` are the problem's params.
MESSAGES: dict[str, tuple[str, str]] = {
    # -- dates
    "date_unreadable": (
        _READ + "no es una forma de escribir fechas que habeas conozca",
        _CANNOT + "not a date format habeas knows",
    ),
    "date_impossible": (
        _READ + "el día {day} no existe en {month}/{year}",
        _CANNOT + "day {day} does not exist in {month}/{year}",
    ),
    "date_month_impossible": (
        _READ + "el mes {month} no existe (la columna se lee como {order})",
        _CANNOT + "month {month} does not exist (the column is read as {order})",
    ),
    "date_year_out_of_range": (
        _READ + "el año {year} está fuera de {min_year}-{max_year}",
        _CANNOT + "year {year} is outside {min_year}-{max_year}",
    ),
    "date_year_missing": (
        _READ + "falta el año (o tiene menos de 4 cifras)",
        _CANNOT + "the year is missing (or has fewer than 4 digits)",
    ),
    "date_order_conflict": (
        _READ + "el año está al final pero el orden declarado es año-mes-día; "
        "corrija el valor o el orden de fechas de la columna",
        _CANNOT + "the year is last but the declared order is year-month-day; "
        "fix the value or the column's date order",
    ),
    "date_bare_number": (
        _READ + "un número solo no es una fecha (no se leen los números de serie de las "
        "hojas de cálculo; exporte la columna como fecha o como texto)",
        _CANNOT + "a bare number is not a date (spreadsheet serial numbers are not read; "
        "export the column as a date or as text)",
    ),
    # -- other cells
    "age_unreadable": (
        "no se puede leer {value} como una edad en años",
        "cannot read {value} as an age in years",
    ),
    "age_invalid": (
        "la edad {age} no está entre 0 y {max_age}",
        "age {age} is not between 0 and {max_age}",
    ),
    "sex_unreadable": (
        "no se puede leer {value} como sexo (F/M, femenino/masculino)",
        "cannot read {value} as sex (F/M, femenino/masculino)",
    ),
    "yes_no_unreadable": (
        "no se puede leer {value} como sí/no",
        "cannot read {value} as yes/no (sí/no)",
    ),
    "dui_malformed": (
        "{value} no es un DUI (8 dígitos, un guion, un dígito verificador): se deja vacío",
        "{value} is not a DUI (8 digits, a dash, a check digit): left empty",
    ),
    "dui_bad_check_digit": (
        "el dígito verificador del DUI {dui} no cuadra (se conserva: puede ser un error "
        "al digitar)",
        "the check digit of DUI {dui} is wrong (kept: may be a typing slip)",
    ),
    "place_is_municipality": (
        "{value} es un municipio, no un distrito: solo se conserva su departamento",
        "{value} is a municipality, not a district: only its department is kept",
    ),
    "place_is_department": (
        "{value} es un departamento, no un distrito: solo se conserva el departamento",
        "{value} is a department, not a district: only its department is kept",
    ),
    "place_ambiguous": (
        "{value} puede ser varios distritos ({candidates}): se deja vacío",
        "{value} could be several districts ({candidates}): left empty",
    ),
    "place_unknown": (
        "lugar desconocido {value}: se deja vacío",
        "unknown place {value}: left empty",
    ),
    "department_unknown": (
        "departamento desconocido {value}: se deja vacío",
        "unknown department {value}: left empty",
    ),
    "centre_unknown": (
        "centro de detención desconocido {value}: se registra como 'other' (otro)",
        "unknown detention centre {value}: recorded as 'other'",
    ),
    "label_unknown": (
        "{value} no es un término del vocabulario '{vocabulary}': se registra como '{fallback}'",
        "{value} is not a term of the '{vocabulary}' vocabulary: recorded as '{fallback}'",
    ),
    "label_unknown_dropped": (
        "{value} no es un término del vocabulario '{vocabulary}': se omite",
        "{value} is not a term of the '{vocabulary}' vocabulary: left out",
    ),
    "cell_too_long": (
        "la celda tiene {length} caracteres, más de los {limit} permitidos aquí{hint}",
        "the cell has {length} characters, more than the {limit} allowed here{hint}",
    ),
    "cell_has_nul": (
        "la celda contiene un carácter NUL (se muestra como {shown_as}), "
        "que la base de datos no puede guardar",
        "the cell holds a NUL character (shown as {shown_as}), which the database cannot store",
    ),
    "json_nested_value": (
        "un valor anidado (una lista o un objeto) no se puede importar",
        "nested value (a list or an object) cannot be imported",
    ),
    # -- rows
    "record_id_missing": (
        "el número de caso (record_id) está vacío: cada fila necesita uno",
        "the record id is empty: every row needs one",
    ),
    "record_id_duplicate": (
        "record_id {value} repetido, visto antes en la fila {first_row}",
        "duplicate record_id {value}, first seen on row {first_row}",
    ),
    "no_identity": (
        "no hay cómo identificar a la persona: ni nombre, ni alias, ni DUI",
        "no way to identify the person: no name, alias or DUI",
    ),
    "row_too_many_cells": (
        "la fila tiene {cells} celdas pero el encabezado tiene {columns} columnas "
        "(¿un separador dentro de una celda sin comillas?)",
        "the row has {cells} cells but the header has {columns} columns "
        "(a delimiter inside an unquoted cell?)",
    ),
    "json_not_object": (
        "el registro es un {type}, no un objeto",
        "the record is a {type}, not an object",
    ),
    # -- dates in an unlikely order (warnings)
    "death_before_arrest": (
        "la fecha de muerte {late} es anterior a la fecha de captura {early}",
        "the death date {late} is before the arrest date {early}",
    ),
    "release_before_arrest": (
        "la fecha de liberación {late} es anterior a la fecha de captura {early}",
        "the release date {late} is before the arrest date {early}",
    ),
    "hearing_before_arrest": (
        "la fecha de la primera audiencia {late} es anterior a la fecha de captura {early}",
        "the first hearing date {late} is before the arrest date {early}",
    ),
    "birth_after_arrest": (
        "la fecha de nacimiento {early} es posterior a la fecha de captura {late}",
        "the birth date {early} is after the arrest date {late}",
    ),
    "death_date_but_alive": (
        "'murió bajo custodia' dice 'no' pero hay fecha de muerte ({date})",
        "died in custody is 'no' but there is a death date ({date})",
    ),
}

#: Words of a problem's location: sheet, row, column, field.
LOCATION_WORDS: dict[Language, tuple[str, str, str, str]] = {
    "es": ("hoja", "fila", "columna", "campo"),
    "en": ("sheet", "row", "column", "field"),
}

# Params that are codes, shown in words of the language (a missing one shows as "").
_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "order": {
        "dmy": ("día/mes/año", "day/month/year"),
        "mdy": ("mes/día/año", "month/day/year"),
        "ymd": ("año/mes/día", "year/month/day"),
    },
    "hint": {
        "": ("", ""),
        "open_quote": (
            " (¿comillas sin cerrar? la celda tiene saltos de línea y separadores: "
            "probablemente se tragó las filas siguientes, que quedan guardadas en ella)",
            " (an unclosed quote? the cell holds line breaks and delimiters: it probably "
            "swallowed the rows after it, which are kept in it)",
        ),
    },
}
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")


def _date_es(iso: str) -> str:
    # Dates in sentences as the teams write them: 27/03/2022, 03/2022.
    if m := _ISO_DAY.fullmatch(iso):
        return f"{m[3]}/{m[2]}/{m[1]}"
    if m := _ISO_MONTH.fullmatch(iso):
        return f"{m[2]}/{m[1]}"
    return iso


# How each kind of param is shown: the value quoted and shortened, dates per language.
_SHOW: dict[str, Callable[[str, int], str]] = {
    "value": lambda v, _: quote(v),
    "early": lambda v, i: _date_es(v) if i == 0 else v,
    "late": lambda v, i: _date_es(v) if i == 0 else v,
    "date": lambda v, i: _date_es(v) if i == 0 else v,
}


def quote(value: object) -> str:
    """``value`` in single quotes for a message, shortened if long, on one line.

    Examples
    --------
    >>> quote("31/02/2022")
    "'31/02/2022'"
    """
    text = str(value)
    if len(text) > _QUOTE_MAX:
        text = text[: _QUOTE_MAX - 1] + "…"
    return "'" + text.replace("\r", " ").replace("\n", " ") + "'"


def set_language(lang: str) -> None:
    """Set the language ``str(problem)`` uses: ``"es"`` (default) or ``"en"``.

    Examples
    --------
    >>> set_language("en"); get_language()
    'en'
    >>> set_language("es")
    """
    global _language
    _language = _check(lang)


def get_language() -> Language:
    """The language ``str(problem)`` renders in."""
    return _language


def _check(lang: str) -> Language:
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    return lang  # type: ignore[return-value]


def render(code: str, params: Mapping[str, str], lang: str | None = None) -> str:
    """The sentence of a problem ``code`` with its ``params``, in ``lang``.

    Parameters
    ----------
    code
        A key of :data:`MESSAGES`.
    params
        The problem's params, as text.
    lang
        ``"es"`` or ``"en"``; default the module's language (:func:`get_language`).

    Raises
    ------
    KeyError
        For a code that is not in the catalogue.
    """
    i = LANGUAGES.index(_check(lang or _language))
    template = MESSAGES[code][i]
    shown: dict[str, str] = {}
    for key, value in params.items():
        if key in _WORDS:
            shown[key] = _WORDS[key].get(value, (value, value))[i]
        elif key in _SHOW:
            shown[key] = _SHOW[key](value, i)
        else:
            shown[key] = value
    for key, words in _WORDS.items():
        if key not in shown and "" in words:  # optional: absent means nothing to add
            shown[key] = words[""][i]
    return template.format_map(shown)
