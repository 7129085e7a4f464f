"""One function per schema :class:`~habeas.domain.schema.Kind`: a raw cell → a canonical value.

Each function returns an :class:`Outcome`: the canonical text (``None`` when the
cell is blank or could not be read) and the issues found, each an error (the row
goes to quarantine) or a warning (the row is kept). They never raise on bad input.
All the reading is done by the domain parsers (:mod:`habeas.domain.dates`,
:mod:`~habeas.domain.dui`, :mod:`~habeas.domain.names`, :mod:`~habeas.domain.vocab`,
:mod:`~habeas.domain.gazetteer`, :mod:`~habeas.domain.centres`); this module only
decides what a failure means for an import.

:func:`habeas.ingest.fields.field_normaliser` chooses the function of one canonical
field and binds it to a mapping's date order, separator and value map.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import NamedTuple

from habeas.domain import centres, dates, dui, gazetteer, names, vocab
from habeas.domain.schema import COLUMNS_BY_NAME, Kind
from habeas.ingest.date_problems import date_issue
from habeas.ingest.problems import ERROR, WARNING, Issue
from habeas.ingest.readers import cell_text

__all__ = [
    "LIMITS",
    "Outcome",
    "fold",
    "is_blank",
    "limit_for",
    "normalise_age",
    "normalise_centre",
    "normalise_code",
    "normalise_codes",
    "normalise_date",
    "normalise_department",
    "normalise_district",
    "normalise_dui",
    "normalise_full_name",
    "normalise_id",
    "normalise_name",
    "normalise_sex",
    "normalise_text",
    "normalise_yesno",
    "too_long_issue",
]

fold = vocab.fold

#: Longest cell accepted, in characters, by field (default: ``LIMITS["other"]``).
LIMITS: dict[str, int] = {"name": 200, "narrative": 20_000, "other": 500, "unmapped": 10_000}

MAX_AGE = 110
_AGE = re.compile(r"(\d{1,3})(?:[.,]0+)?\s*(?:años|anos|año|ano|a\.?|years?|yrs?)?\.?", re.I)


class Outcome(NamedTuple):
    """A canonical value and what went wrong reading it.

    ``detail`` carries what later checks need: the :class:`~habeas.domain.dates.PartialDate`
    of a date, the :class:`~habeas.domain.dui.DuiStatus` of a DUI, the department
    code found by a place that is not a district.
    """

    value: str | None
    issues: tuple[Issue, ...] = ()
    detail: object = None


_BLANK = Outcome(None)


def limit_for(field: str) -> int:
    """Longest accepted cell of a canonical field."""
    if field == "narrative":
        return LIMITS["narrative"]
    if COLUMNS_BY_NAME[field].kind is Kind.NAME:
        return LIMITS["name"]
    return LIMITS["other"]


def is_blank(cell: object) -> bool:
    """True for None, NaN and text of spaces only."""
    if cell is None:
        return True
    if isinstance(cell, float) and math.isnan(cell):
        return True
    return isinstance(cell, str) and not cell.strip()


def _too_long(text: str, limit: int) -> Outcome | None:
    if len(text) <= limit:
        return None
    return Outcome(None, (too_long_issue(text, limit),))


def too_long_issue(text: str, limit: int) -> Issue:
    """``cell_too_long``: the cell's length and the limit, as text."""
    return Issue(ERROR, "cell_too_long", {"length": f"{len(text):,}", "limit": f"{limit:,}"})


def normalise_id(cell: object, *, limit: int = LIMITS["other"]) -> Outcome:
    """A record identifier: the text as written, stripped; blank is an error."""
    text = cell_text(cell).strip()
    if not text:
        return Outcome(None, (Issue(ERROR, "record_id_missing"),))
    return _too_long(text, limit) or Outcome(text)


def normalise_text(cell: object, *, limit: int = LIMITS["other"]) -> Outcome:
    """Free text (occupation, narrative): kept as written, stripped."""
    text = cell_text(cell).strip()
    if not text:
        return _BLANK
    return _too_long(text, limit) or Outcome(text)


def normalise_name(cell: object, *, limit: int = LIMITS["name"]) -> Outcome:
    """One name part, tidied by :func:`habeas.domain.names.clean_name`."""
    text = cell_text(cell).strip()
    if not text:
        return _BLANK
    return _too_long(text, limit) or Outcome(names.clean_name(text))


def normalise_full_name(cell: object, *, order: str = "given_first") -> Outcome:
    """The whole name as written (stripped), split into its parts in ``detail``.

    ``detail`` is a :class:`~habeas.domain.names.NameParts` whose parts went through
    :func:`~habeas.domain.names.clean_name`; an alias in the name ("alias El Flaco")
    is one of them.
    """
    text = cell_text(cell).strip()
    if not text:
        return _BLANK
    if too_long := _too_long(text, LIMITS["name"]):
        return too_long
    parts = names.split_full_name(text, order=order)  # type: ignore[arg-type]
    return Outcome(text, (), parts)


def normalise_sex(cell: object) -> Outcome:
    """``F``/``M``; anything the domain cannot read as a sex is an error."""
    try:
        return Outcome(vocab.parse_sex(cell))
    except vocab.VocabularyError:
        return Outcome(None, (Issue(ERROR, "sex_unreadable", {"value": cell_text(cell)}),))


def normalise_yesno(cell: object) -> Outcome:
    """``yes``/``no``; anything else (but blank or "no sabe") is an error."""
    try:
        return Outcome(vocab.parse_yes_no(cell))
    except vocab.VocabularyError:
        return Outcome(None, (Issue(ERROR, "yes_no_unreadable", {"value": cell_text(cell)}),))


def normalise_date(cell: object, *, order: dates.DateOrder = "dmy") -> Outcome:
    """ISO ``yyyy-mm-dd`` or ``yyyy-mm``; an unreadable date is an error.

    Spreadsheet date cells (:class:`datetime.date`) go to the parser as they are.
    """
    if isinstance(cell, str):
        cell = cell.strip()
    try:
        parsed = dates.parse_date(cell, order=order)
    except dates.DateParseError:
        return Outcome(None, (date_issue(cell, order),))
    if parsed is None:
        return _BLANK
    return Outcome(parsed.iso(), (), parsed)


def normalise_age(cell: object) -> Outcome:
    """Age in whole years, 0-110, as text; "34 años" and 34.0 are read as 34."""
    if is_blank(cell):
        return _BLANK
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        number: float | None = float(cell) if float(cell).is_integer() else None
    else:
        m = _AGE.fullmatch(cell_text(cell).strip())
        number = float(m.group(1)) if m else None
    if number is None:
        return Outcome(None, (Issue(ERROR, "age_unreadable", {"value": cell_text(cell)}),))
    if not 0 <= number <= MAX_AGE:
        params = {"age": str(int(number)), "max_age": str(MAX_AGE)}
        return Outcome(None, (Issue(ERROR, "age_invalid", params),))
    return Outcome(str(int(number)))


def normalise_dui(cell: object) -> Outcome:
    """``########-#``; a wrong check digit is kept with a warning, a malformed DUI dropped.

    Linkage uses a DUI with a wrong check digit as weak evidence (a typing slip
    in one digit), so it is kept; ``detail`` is the :class:`~habeas.domain.dui.DuiStatus`.
    """
    if isinstance(cell, str):
        cell = cell.strip()
    check = dui.check_dui(cell)
    status = check.status
    if status is dui.DuiStatus.MALFORMED:
        issue = Issue(WARNING, "dui_malformed", {"value": cell_text(cell)})
        return Outcome(None, (issue,), status)
    if status is dui.DuiStatus.BAD_CHECK_DIGIT:
        issue = Issue(WARNING, "dui_bad_check_digit", {"dui": check.value or ""})
        return Outcome(check.value, (issue,), status)
    return Outcome(check.value, (), status)


def normalise_district(cell: object, department: str | None = None) -> Outcome:
    """A district code from a place name; anything else is a warning and no value.

    A municipality of one district gives that district. A larger municipality, or
    a department, gives no district but its department code in ``detail``, so the
    caller can fill the department of residence.
    """
    text = cell_text(cell).strip()
    if not text:
        return _BLANK
    if too_long := _too_long(text, LIMITS["other"]):
        return too_long
    match = gazetteer.lookup_place(text, department=department)
    if match.district_code is not None:
        return Outcome(match.district_code, (), match.department_code)
    if match.status in ("municipality", "department"):
        issue = Issue(WARNING, f"place_is_{match.status}", {"value": text})
        return Outcome(None, (issue,), match.department_code)
    if match.status == "ambiguous":
        shown = ", ".join(match.candidates[:6]) + (" ..." if len(match.candidates) > 6 else "")
        issue = Issue(WARNING, "place_ambiguous", {"value": text, "candidates": shown})
        return Outcome(None, (issue,))
    return Outcome(None, (Issue(WARNING, "place_unknown", {"value": text}),))


def normalise_department(cell: object) -> Outcome:
    """A department code ``01``-``14`` from a code, ISO code or name (or a place in it)."""
    text = cell_text(cell).strip()
    if not text:
        return _BLANK
    if too_long := _too_long(text, LIMITS["other"]):
        return too_long
    code = gazetteer.lookup_department(text)
    if code is None:
        match = gazetteer.lookup_place(text)
        code = match.department_code if match.found else None
    if code is None:
        return Outcome(None, (Issue(WARNING, "department_unknown", {"value": text}),))
    return Outcome(code)


def normalise_centre(cell: object) -> Outcome:
    """A detention-centre code; an unknown centre is a warning and ``other``."""
    text = cell_text(cell).strip()
    if not text:
        return _BLANK
    if too_long := _too_long(text, LIMITS["other"]):
        return too_long
    code = centres.lookup_centre(text)
    if code is None:
        return Outcome("other", (Issue(WARNING, "centre_unknown", {"value": text}),))
    return Outcome(code)


def _fallback(vocabulary: vocab.Vocabulary) -> str | None:
    # Not every vocabulary has "other" (hearing_type, groups): then "unknown", else nothing.
    for code in ("other", "unknown"):
        if code in vocabulary:
            return code
    return None


def _unknown_label(text: str, vocabulary: vocab.Vocabulary) -> tuple[str | None, Issue]:
    code = _fallback(vocabulary)
    params = {"value": text, "vocabulary": vocabulary.name}
    if code is None:
        return None, Issue(WARNING, "label_unknown_dropped", params)
    return code, Issue(WARNING, "label_unknown", params | {"fallback": code})


def normalise_code(cell: object, *, vocabulary: str) -> Outcome:
    """A vocabulary code; an unknown label is a warning and ``other`` (raw kept)."""
    text = cell_text(cell).strip()
    if not text:
        return _BLANK
    if too_long := _too_long(text, LIMITS["other"]):
        return too_long
    voc = vocab.VOCABULARIES[vocabulary]
    code = voc.parse(text)
    if code is not None:
        return Outcome(code)
    code, issue = _unknown_label(text, voc)
    return Outcome(code, (issue,))


def normalise_codes(
    cell: object,
    *,
    vocabulary: str,
    separator: str = ";",
    value_map: Mapping[str, str | None] | None = None,
) -> Outcome:
    """Codes of a multi-valued cell, ``;``-separated, each part read like :func:`normalise_code`."""
    text = cell_text(cell).strip()
    if not text:
        return _BLANK
    if too_long := _too_long(text, LIMITS["other"]):
        return too_long
    voc = vocab.VOCABULARIES[vocabulary]
    value_map = value_map or {}
    found: dict[str, None] = {}
    issues: list[Issue] = []
    for part in (p.strip() for p in text.split(separator)):
        if not part:
            continue
        key = fold(part)
        if key in value_map:
            mapped = value_map[key]
            found.update(dict.fromkeys(mapped.split(";") if mapped else ()))
            continue
        code = voc.parse(part)
        if code is None:
            code, issue = _unknown_label(part, voc)
            issues.append(issue)
        if code is not None:
            found[code] = None
    return Outcome(";".join(found) or None, tuple(issues))
