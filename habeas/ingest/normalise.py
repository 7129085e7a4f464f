"""One function per schema :class:`~habeas.domain.schema.Kind`: a raw cell → a canonical value.

Each function returns an :class:`Outcome`: the canonical text (``None`` when the
cell is blank or could not be read) and the issues found, each an error (the row
goes to quarantine) or a warning (the row is kept). They never raise on bad input.
All the reading is done by the domain parsers (:mod:`habeas.domain.dates`,
:mod:`~habeas.domain.dui`, :mod:`~habeas.domain.names`, :mod:`~habeas.domain.vocab`,
:mod:`~habeas.domain.gazetteer`, :mod:`~habeas.domain.centres`); this module only
decides what a failure means for an import.

:func:`field_normaliser` binds a function to one canonical field of one mapping
(its date order, separator and value map) and caches it per distinct cell: lists
repeat the same dates, places and labels thousands of times.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import NamedTuple

from habeas.domain import centres, dates, dui, gazetteer, names, vocab
from habeas.domain.schema import COLUMNS_BY_NAME, Kind
from habeas.ingest.problems import ERROR, WARNING, Severity, quote
from habeas.ingest.readers import cell_text

__all__ = [
    "LIMITS",
    "Outcome",
    "field_normaliser",
    "fold",
    "limit_for",
    "normalise_age",
    "normalise_centre",
    "normalise_code",
    "normalise_codes",
    "normalise_column",
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
    issues: tuple[tuple[Severity, str], ...] = ()
    detail: object = None


_BLANK = Outcome(None)


def limit_for(field: str) -> int:
    """Longest accepted cell of a canonical field."""
    if field == "narrative":
        return LIMITS["narrative"]
    if COLUMNS_BY_NAME[field].kind is Kind.NAME:
        return LIMITS["name"]
    return LIMITS["other"]


def _is_blank(cell: object) -> bool:
    if cell is None:
        return True
    if isinstance(cell, float) and math.isnan(cell):
        return True
    return isinstance(cell, str) and not cell.strip()


def _too_long(text: str, limit: int) -> Outcome | None:
    if len(text) <= limit:
        return None
    return Outcome(
        None,
        ((ERROR, f"the cell has {len(text):,} characters, more than the {limit:,} allowed here"),),
    )


def normalise_id(cell: object, *, limit: int = LIMITS["other"]) -> Outcome:
    """A record identifier: the text as written, stripped; blank is an error."""
    text = cell_text(cell).strip()
    if not text:
        return Outcome(None, ((ERROR, "the record id is empty: every row needs one"),))
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
    except vocab.VocabularyError as exc:
        return Outcome(None, ((ERROR, str(exc)),))


def normalise_yesno(cell: object) -> Outcome:
    """``yes``/``no``; anything else (but blank or "no sabe") is an error."""
    try:
        return Outcome(vocab.parse_yes_no(cell))
    except vocab.VocabularyError as exc:
        return Outcome(None, ((ERROR, str(exc)),))


def normalise_date(cell: object, *, order: dates.DateOrder = "dmy") -> Outcome:
    """ISO ``yyyy-mm-dd`` or ``yyyy-mm``; an unreadable date is an error.

    Spreadsheet date cells (:class:`datetime.date`) go to the parser as they are.
    """
    if isinstance(cell, str):
        cell = cell.strip()
    try:
        parsed = dates.parse_date(cell, order=order)
    except dates.DateParseError as exc:
        return Outcome(None, ((ERROR, str(exc)),))
    if parsed is None:
        return _BLANK
    return Outcome(parsed.iso(), (), parsed)


def normalise_age(cell: object) -> Outcome:
    """Age in whole years, 0-110, as text; "34 años" and 34.0 are read as 34."""
    if _is_blank(cell):
        return _BLANK
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        number: float | None = float(cell) if float(cell).is_integer() else None
    else:
        m = _AGE.fullmatch(cell_text(cell).strip())
        number = float(m.group(1)) if m else None
    if number is None:
        return Outcome(None, ((ERROR, f"cannot read {quote(cell_text(cell))} as an age in years"),))
    if not 0 <= number <= MAX_AGE:
        return Outcome(None, ((ERROR, f"age {int(number)} is not between 0 and {MAX_AGE}"),))
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
        msg = f"{quote(cell_text(cell))} is not a DUI (8 digits, a dash, a check digit): left empty"
        return Outcome(None, ((WARNING, msg),), status)
    if status is dui.DuiStatus.BAD_CHECK_DIGIT:
        msg = f"the check digit of DUI {check.value} is wrong (kept: may be a typing slip)"
        return Outcome(check.value, ((WARNING, msg),), status)
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
        msg = f"{quote(text)} is a {match.status}, not a district: only its department is kept"
        return Outcome(None, ((WARNING, msg),), match.department_code)
    if match.status == "ambiguous":
        shown = ", ".join(match.candidates[:6]) + (" ..." if len(match.candidates) > 6 else "")
        msg = f"{quote(text)} could be several districts ({shown}): left empty"
        return Outcome(None, ((WARNING, msg),))
    return Outcome(None, ((WARNING, f"unknown place {quote(text)}: left empty"),))


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
        return Outcome(None, ((WARNING, f"unknown department {quote(text)}: left empty"),))
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
        return Outcome(
            "other", ((WARNING, f"unknown detention centre {quote(text)}: recorded as 'other'"),)
        )
    return Outcome(code)


def _fallback(vocabulary: vocab.Vocabulary) -> str | None:
    # Not every vocabulary has "other" (hearing_type, groups): then "unknown", else nothing.
    for code in ("other", "unknown"):
        if code in vocabulary:
            return code
    return None


def _unknown_label(text: str, vocabulary: vocab.Vocabulary) -> tuple[str | None, str]:
    code = _fallback(vocabulary)
    then = f"recorded as {code!r}" if code else "left out"
    return code, f"{quote(text)} is not a term of the {vocabulary.name!r} vocabulary: {then}"


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
    code, msg = _unknown_label(text, voc)
    return Outcome(code, ((WARNING, msg),))


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
    issues: list[tuple[Severity, str]] = []
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
            code, msg = _unknown_label(part, voc)
            issues.append((WARNING, msg))
        if code is not None:
            found[code] = None
    return Outcome(";".join(found) or None, tuple(issues))


#: Canonical fields whose values may be given in a mapping's value map.
MAPPABLE_KINDS = frozenset(
    {Kind.SEX, Kind.YESNO, Kind.CODE, Kind.CODES, Kind.CENTRE, Kind.DISTRICT, Kind.DEPARTMENT}
)

Normaliser = Callable[..., Outcome]


def _base(
    field: str, date_order: str, name_order: str, separator: str, value_map: Mapping
) -> Normaliser:
    column = COLUMNS_BY_NAME[field]
    kind = column.kind
    if kind is Kind.ID:
        return normalise_id
    if kind is Kind.TEXT:
        limit = limit_for(field)
        return lambda cell: normalise_text(cell, limit=limit)
    if field == "full_name":
        return lambda cell: normalise_full_name(cell, order=name_order)
    if kind is Kind.NAME:
        return normalise_name
    if kind is Kind.DATE:
        return lambda cell: normalise_date(cell, order=date_order)  # type: ignore[arg-type]
    if kind is Kind.CODE:
        return lambda cell: normalise_code(cell, vocabulary=column.vocabulary or "")
    if kind is Kind.CODES:
        return lambda cell: normalise_codes(
            cell, vocabulary=column.vocabulary or "", separator=separator, value_map=value_map
        )
    return {
        Kind.SEX: normalise_sex,
        Kind.YESNO: normalise_yesno,
        Kind.AGE: normalise_age,
        Kind.DUI: normalise_dui,
        Kind.DISTRICT: normalise_district,
        Kind.DEPARTMENT: normalise_department,
        Kind.CENTRE: normalise_centre,
    }[kind]


def field_normaliser(
    field: str,
    *,
    date_order: str = "dmy",
    name_order: str = "given_first",
    separator: str = ";",
    value_map: Mapping[str, str | None] | None = None,
    cache: bool = True,
) -> Normaliser:
    """The normaliser of one canonical field, with its value map and a per-value cache.

    Parameters
    ----------
    field
        A canonical column name (:data:`habeas.domain.schema.RECORD_COLUMNS`).
    date_order, name_order, separator
        The file's numeric date order, order of names in ``full_name`` and
        multi-value separator.
    value_map
        ``fold(value as written) → canonical value`` (``None``: unknown), checked
        before the domain parsers.
    cache
        Remember the outcome of every distinct cell (turned off for free text).

    Returns
    -------
    Callable
        ``f(cell) -> Outcome``; district fields take ``f(cell, department_code)``.

    Examples
    --------
    >>> f = field_normaliser("warrant_shown", value_map={"con orden": "yes"})
    >>> f("Con orden").value, f("No").value
    ('yes', 'no')
    """
    value_map = dict(value_map or {})
    base = _base(field, date_order, name_order, separator, value_map)
    kind = COLUMNS_BY_NAME[field].kind
    mapped_whole = kind is not Kind.ID and bool(value_map)

    def compute(cell: object, *hint: object) -> Outcome:
        if mapped_whole and not _is_blank(cell):
            key = fold(cell_text(cell))
            if key in value_map:
                return Outcome(value_map[key])
        return base(cell, *hint)

    if not cache or kind is Kind.TEXT:
        return compute
    memo: dict[object, Outcome] = {}

    def cached(cell: object, *hint: object) -> Outcome:
        # type() in the key: 1 == 1.0 == True would share one entry otherwise.
        key = (cell, type(cell), *hint)
        try:
            return memo[key]
        except KeyError:
            out = memo[key] = compute(cell, *hint)
            return out
        except TypeError:  # an unhashable cell (never from the readers): no cache
            return compute(cell, *hint)

    if kind is Kind.DISTRICT:
        return lambda cell, department=None: cached(cell, department)
    return cached


def normalise_column(
    normalise: Normaliser, cells: list[object], hints: list[object] | None = None
) -> list[Outcome]:
    """``normalise`` over a whole column, called once per distinct cell (and hint).

    Parameters
    ----------
    normalise
        A function from :func:`field_normaliser` (``cache=False`` is enough: this
        does the caching).
    cells
        The column's cells.
    hints
        Per-cell second argument (the department for a district column).

    Examples
    --------
    >>> f = field_normaliser("sex", cache=False)
    >>> [o.value for o in normalise_column(f, ["M", "F", "M", ""])]
    ['M', 'F', 'M', None]
    """
    keys: list[object]
    if hints is not None:
        keys = [(c, type(c), h) for c, h in zip(cells, hints, strict=True)]
    elif all(type(c) is str for c in cells):
        keys = cells
    else:  # 1 == 1.0 == True: keep cell types apart
        keys = [(c, type(c)) for c in cells]
    memo: dict[object, Outcome] = {}
    try:
        distinct = dict.fromkeys(keys)
    except TypeError:  # an unhashable cell (never from the readers)
        return [
            normalise(c) if hints is None else normalise(c, h)
            for c, h in zip(cells, hints or [None] * len(cells), strict=True)
        ]
    for key in distinct:
        if hints is not None:
            memo[key] = normalise(key[0], key[2])  # type: ignore[index]
        elif keys is cells:
            memo[key] = normalise(key)
        else:
            memo[key] = normalise(key[0])  # type: ignore[index]
    return list(map(memo.__getitem__, keys))
