"""From the records table to the columns the linkage model compares.

Splink compares columns; it does not know that "CHEPE HERNANDEZ" and "José Hernández"
share a given name, that "Vásquez" sounds like "Basquez", that a DUI with a wrong check
digit is weak evidence, or that a record with an age and no birth date still says
something about the birth year. :func:`prepare_records` writes all of that into plain
columns (:data:`PREPARED_COLUMNS`), one row per record, with None for everything unknown
(never ``""`` or NaN, so Splink's null levels work).

Rules written down here rather than in the model:

- Names come from the split columns (``given_names``, ``surname_1``...). A row with none
  of ``given_names``/``surname_1``/``surname_2`` but a ``full_name`` is split with
  :func:`~habeas.domain.names.split_full_name`; fields the row does have (an ``alias``
  column, say) win over the split.
- Given names are grouped with their particles ("maria de los angeles" is two given
  names, "maria" and "de los angeles"), and each one-word name is replaced by the name
  its nickname stands for (:func:`~habeas.linkage.nicknames.canonical_given_name`).
- ``dui`` only holds a DUI whose check digit is right; ``dui_any`` also keeps one with a
  bad check digit (a typo in one digit is still weak evidence).
- ``age_at_arrest`` is computed from the birth date and the arrest date when both are
  known, counted from the first day either date can be (a month-precision date is read
  as its first day, so the age can be one year less than the truth around a birthday);
  otherwise it is the ``age`` column (0-120); otherwise None.
- Places must be known district codes (a code that lost its leading zero, "601", is
  padded; a place name is looked up); anything else is None. The 2024 municipality and
  the department come from the district when the row does not give the department.
- Extra columns (``LinkSettings.extra_columns``) follow the canonical ones, under their
  own names: text kinds folded as names are (accents, case, punctuation as single
  spaces), an ``id`` reduced to its letters and digits ("(503) 2222-1234" →
  "50322221234"), a ``numeric`` one read as a number (None when it is not one).

Examples
--------
>>> import pandas as pd
>>> out = prepare_records(pd.DataFrame({
...     "source": ["cdh"], "record_id": ["17"],
...     "full_name": ["CHEPE VASQUEZ LOPEZ"], "dui": ["04567890-3"]}))
>>> out.loc[0, ["unique_id", "given_1", "surname_1_phonetic", "dui"]].tolist()
['cdh|17', 'jose', 'baskes', '04567890-3']
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from habeas.domain.centres import centres, lookup_centre
from habeas.domain.dates import PartialDate, parse_date
from habeas.domain.dui import DuiStatus, check_dui
from habeas.domain.errors import HabeasError
from habeas.domain.gazetteer import District, departments, districts
from habeas.domain.names import NameOrder, name_key, split_full_name
from habeas.domain.places import lookup_department, lookup_place
from habeas.domain.vocab import parse_sex, parse_yes_no
from habeas.linkage.nicknames import canonical_given_name
from habeas.linkage.phonetic import spanish_phonetic

if TYPE_CHECKING:
    from habeas.linkage.settings import ExtraColumn

__all__ = ["PREPARED_COLUMNS", "DuplicateRecordId", "MissingExtraColumn", "prepare_records"]

#: The columns of :func:`prepare_records`' output, in order.
PREPARED_COLUMNS: tuple[str, ...] = (
    "unique_id", "source", "record_id",
    "given_1", "given_2", "given_all", "given_1_phonetic",
    "surname_1", "surname_2", "married_surname", "surname_1_phonetic", "surname_2_phonetic",
    "alias", "sex", "dui", "dui_any",
    "birth_date", "birth_year", "age_at_arrest", "arrest_date", "arrest_month",
    "residence_district", "residence_municipality", "residence_department",
    "arrest_district", "arrest_municipality", "detention_centre",
    "died_in_custody", "death_date",
)  # fmt: skip

_PARTICLES = frozenset({"de", "del", "la", "las", "los", "lo", "y", "e"})
_MARRIED_PREFIX = re.compile(r"^(?:(?:vda|viuda) )?(?:de )+")
_ALIAS_PREFIX = re.compile(r"^(?:alias|a k a|aka|a) (?=\S)")
_AGE = re.compile(r"^\s*(\d{1,3})(?:[.,]0+)?(?:\s*(?:anos|años|a))?\s*$", re.IGNORECASE)


class DuplicateRecordId(HabeasError, ValueError):
    """Two rows of the records table have the same source and record_id."""


class MissingExtraColumn(HabeasError, ValueError):
    """The settings name an extra column that the records table does not have."""


# ----------------------------------------------------------------------------- cells


def _text(value: object) -> str | None:
    """A cell as stripped text; None for None, NaN, NA and blank cells."""
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            return str(int(value))  # 12.0 from a spreadsheet column of numbers
    elif not isinstance(value, str) and pd.isna(value) is True:
        return None
    text = str(value).strip()
    return text or None


def _by_value(values: pd.Series | Sequence[object], fn: Callable[[Any], object]) -> np.ndarray:
    """``fn`` of every value as an object array, computing ``fn`` once per distinct value.

    Lists repeat the same names, dates and places endlessly, so this is what makes
    200,000 rows take seconds: ``pd.factorize`` finds the distinct values in C.
    Missing values (None, NaN) are passed to ``fn`` as None.
    """
    series = values if isinstance(values, pd.Series) else pd.Series(values, dtype=object)
    codes, uniques = pd.factorize(series)
    table = np.empty(len(uniques) + 1, dtype=object)
    for i, value in enumerate(uniques):
        table[i] = fn(value)  # one element at a time: tuples stay tuples
    table[-1] = fn(None)  # factorize codes missing values as -1, the last slot
    return table[codes]


def _column(records: pd.DataFrame, name: str) -> np.ndarray:
    if name not in records.columns:
        return np.full(len(records), None, dtype=object)
    return _by_value(records[name].reset_index(drop=True), _text)


def _or_none(value: str | None) -> str | None:
    return value or None


# ----------------------------------------------------------------------------- names


def _given_groups(key: str) -> list[str]:
    """Given names with their particles attached: "maria de los angeles" → 2 names."""
    groups: list[str] = []
    pending: list[str] = []
    for token in key.split():
        pending.append(token)
        if token not in _PARTICLES:
            groups.append(" ".join(pending))
            pending = []
    if pending:
        if groups:
            groups[-1] += " " + " ".join(pending)
        else:
            groups.append(" ".join(pending))
    return groups


def _given(arg: tuple[str | None, str | None] | None) -> tuple[str | None, ...]:
    """(given_names, sex) → (given_1, given_2, given_all), nicknames canonicalised."""
    given, sex = arg if arg is not None else (None, None)
    names: list[str] = []
    for group in _given_groups(name_key(given)):
        names.extend(
            _given_groups(canonical_given_name(group, sex)) if " " not in group else [group]
        )
    if not names:
        return None, None, None
    return names[0], names[1] if len(names) > 1 else None, " ".join(names)


def _married(value: str | None) -> str | None:
    return _MARRIED_PREFIX.sub("", name_key(value)) or None


def _alias(value: str | None) -> str | None:
    return _ALIAS_PREFIX.sub("", name_key(value)) or None


def _sex(value: str | None) -> str | None:
    if value in ("F", "M"):
        return value
    try:
        return parse_sex(value)
    except ValueError:
        return None


# ----------------------------------------------------------------------------- dates, DUI

_NO_DATE: tuple[Any, ...] = (None, None, None, None, 0, 0, 0)
_CANONICAL_DUI = re.compile(r"[0-9]{8}-[0-9]")
_DUI_WEIGHTS = np.arange(9, 1, -1)  # as habeas.domain.dui.dui_check_digit; a test holds them equal


def _date(value: str | None) -> PartialDate | None:
    if value is None:
        return None
    try:
        return PartialDate.from_iso(value)
    except ValueError:
        pass
    try:
        return parse_date(value)
    except ValueError:
        return None


def _date_fields(value: str | None) -> tuple[Any, ...]:
    """(iso, iso if known to the day, year, "yyyy-mm", then y, m, d of its first day)."""
    d = _date(value)
    if d is None:
        return _NO_DATE
    day_iso = d.iso() if d.day is not None else None
    return (d.iso(), day_iso, d.year, f"{d.year:04d}-{d.month:02d}", d.year, d.month, d.day or 1)


def _age_cell(value: str | None) -> int | None:
    m = _AGE.match(value) if value is not None else None
    if m is None:
        return None
    age = int(m.group(1))
    return age if age <= 120 else None


def _ages(birth: np.ndarray, arrest: np.ndarray, fallback: np.ndarray) -> list[int | None]:
    """Whole years from birth to arrest (first days of both), else the age column."""
    by, bm, bd = (np.array(_field(birth, k), dtype=np.int64) for k in (4, 5, 6))
    ay, am, ad = (np.array(_field(arrest, k), dtype=np.int64) for k in (4, 5, 6))
    age = ay - by - ((am * 100 + ad) < (bm * 100 + bd))
    ok = (by > 0) & (ay > 0) & (age >= 0) & (age <= 120)
    return [
        a if good else f for a, good, f in zip(age.tolist(), ok.tolist(), fallback, strict=True)
    ]


def _duis(records: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(DUI if valid, DUI whatever its check digit) per row.

    Raw cells go to :func:`~habeas.domain.dui.check_dui` (a number from a spreadsheet that
    lost its leading zeros is padded there, so cells are not turned into text first).
    Cells already canonical, which is nearly all of them, are checked in one numpy step.
    """
    n = len(records)
    if "dui" not in records.columns:
        return np.full(n, None, dtype=object), np.full(n, None, dtype=object)
    codes, uniques = pd.factorize(records["dui"].reset_index(drop=True))
    valid = np.full(len(uniques) + 1, None, dtype=object)
    found = np.full(len(uniques) + 1, None, dtype=object)
    canonical: list[int] = []
    for i, raw in enumerate(uniques):
        text = raw.strip() if isinstance(raw, str) else None
        if text is not None and _CANONICAL_DUI.fullmatch(text):
            canonical.append(i)
            found[i] = text
            continue
        checked = check_dui(raw)
        found[i] = checked.value
        valid[i] = checked.value if checked.status is DuiStatus.VALID else None
    if canonical:
        text = "".join(found[i] for i in canonical).encode("ascii")
        digits = np.frombuffer(text, dtype=np.uint8).reshape(-1, 10).astype(np.int64) - 48
        ok = (10 - (digits[:, :8] @ _DUI_WEIGHTS) % 10) % 10 == digits[:, 9]
        for i, good in zip(canonical, ok.tolist(), strict=True):
            valid[i] = found[i] if good else None
    return valid[codes], found[codes]


# ----------------------------------------------------------------------------- places


@functools.cache
def _codes() -> tuple[dict[str, District], frozenset[str], frozenset[str]]:
    """Districts by code, department codes, centre codes (package data, built once)."""
    return (
        {d.code: d for d in districts()},
        frozenset(d.code for d in departments()),
        frozenset(c.code for c in centres()),
    )


def _district(value: str | None) -> District | None:
    if value is None:
        return None
    by_code = _codes()[0]
    if value.isdigit() and len(value) <= 4:
        return by_code.get(value.zfill(4))
    match = lookup_place(value)
    return by_code.get(match.district_code or "") if match.status == "district" else None


def _department(value: str | None) -> str | None:
    if value is None:
        return None
    if value.isdigit() and len(value) <= 2:
        code = value.zfill(2)
        return code if code in _codes()[1] else None
    return lookup_department(value)


def _centre(value: str | None) -> str | None:
    if value is None:
        return None
    if value in _codes()[2]:
        return value
    return lookup_centre(value)


def _yes_no(value: str | None) -> str | None:
    try:
        return parse_yes_no(value)
    except ValueError:
        return None


# ----------------------------------------------------------------------------- the table


def _field(values: np.ndarray, k: int) -> list[Any]:
    return [v[k] for v in values]


def _attr(values: np.ndarray, name: str) -> list[Any]:
    return [getattr(v, name) if v is not None else None for v in values]


def _unique_ids(sources: np.ndarray, record_ids: np.ndarray) -> list[str]:
    ids = [
        f"{s or ''}|{r if r is not None else i + 1}"
        for i, (s, r) in enumerate(zip(sources, record_ids, strict=True))
    ]
    index = pd.Index(ids)
    if not index.is_unique:
        dupes = index[index.duplicated()].unique()[:5].tolist()
        raise DuplicateRecordId(
            f"records table: {index.duplicated().sum()} rows repeat a source and record_id "
            f"(first: {', '.join(repr(d) for d in dupes)}); each record needs its own id"
        )
    return ids


def _names(col: dict[str, np.ndarray], order: NameOrder) -> list[np.ndarray]:
    """given_names, surname_1, surname_2, married_surname, alias: split full_name if need be."""
    given, s1, s2, married, alias = (
        col[c] for c in ("given_names", "surname_1", "surname_2", "married_surname", "alias")
    )
    full = col["full_name"]
    split = pd.isna(given) & pd.isna(s1) & pd.isna(s2) & ~pd.isna(full)
    if split.any():
        parts = _by_value(full[split], lambda v: split_full_name(v, order=order))
        for target, name in ((given, "given_names"), (s1, "surname_1"), (s2, "surname_2")):
            target[split] = np.array(_attr(parts, name), dtype=object)
        for target, name in ((married, "married_surname"), (alias, "alias")):
            # A column the row does have wins over what the split found.
            found = np.array(_attr(parts, name), dtype=object)
            target[split] = np.where(pd.isna(target[split]), found, target[split])
    return [given, s1, s2, married, alias]


def prepare_records(
    records: pd.DataFrame,
    *,
    name_order: NameOrder = "given_first",
    extra_columns: Sequence[ExtraColumn] = (),
) -> pd.DataFrame:
    """The linkage columns of a records table, one row per record, in the same order.

    Parameters
    ----------
    records
        Any subset of :data:`habeas.domain.schema.RECORD_COLUMNS`, canonical values as
        text (None/NaN when unknown). Other columns are ignored.
    name_order
        How ``full_name`` is written when a row has to be split (see
        :func:`~habeas.domain.names.split_full_name`); a comma always means surnames first.
    extra_columns
        Columns of ``records`` beyond the canonical ones to pass through, normalised by
        kind (``LinkSettings.extra_columns``).

    Returns
    -------
    pandas.DataFrame
        :data:`PREPARED_COLUMNS`, object dtype, None for missing values, a fresh
        RangeIndex, then one column per extra column (object dtype, or ``Float64`` for
        a ``numeric`` one). ``unique_id`` is ``"{source}|{record_id}"`` (an empty source
        when it is missing, the 1-based row number when the record_id is).

    Raises
    ------
    DuplicateRecordId
        When two rows have the same source and record_id.
    MissingExtraColumn
        When ``records`` lacks one of ``extra_columns``.
    """
    missing = [c.name for c in extra_columns if c.name not in records.columns]
    if missing:
        raise MissingExtraColumn(
            f"the link settings compare extra column(s) {', '.join(missing)}, which the "
            f"records do not have (found: {', '.join(map(str, records.columns))})"
        )
    col = {name: _column(records, name) for name in _INPUTS}
    unique_id = _unique_ids(col["source"], col["record_id"])
    sex = _by_value(col["sex"], _sex)

    given, s1, s2, married, alias = _names(col, name_order)
    g = _by_value(pd.Series(list(zip(given, sex, strict=True)), dtype=object), _given)
    given_1 = _field(g, 0)
    surname_1 = _by_value(s1, lambda v: _or_none(name_key(v)))
    surname_2 = _by_value(s2, lambda v: _or_none(name_key(v)))

    def phonetic(values: Sequence[object]) -> np.ndarray:
        return _by_value(values, lambda v: _or_none(spanish_phonetic(v)))

    dui, dui_any = _duis(records)
    birth = _by_value(col["birth_date"], _date_fields)
    arrest = _by_value(col["arrest_date"], _date_fields)
    residence = _by_value(col["residence_district"], _district)
    arrest_place = _by_value(col["arrest_district"], _district)
    department = _by_value(col["residence_department"], _department)
    residence_department = np.where(
        pd.isna(department), np.array(_attr(residence, "department_code"), dtype=object), department
    )

    out = {
        "unique_id": unique_id,
        "source": col["source"],
        "record_id": col["record_id"],
        "given_1": given_1,
        "given_2": _field(g, 1),
        "given_all": _field(g, 2),
        "given_1_phonetic": phonetic(given_1),
        "surname_1": surname_1,
        "surname_2": surname_2,
        "married_surname": _by_value(married, _married),
        "surname_1_phonetic": phonetic(surname_1),
        "surname_2_phonetic": phonetic(surname_2),
        "alias": _by_value(alias, _alias),
        "sex": sex,
        "dui": dui,
        "dui_any": dui_any,
        "birth_date": _field(birth, 1),
        "birth_year": _field(birth, 2),
        "age_at_arrest": _ages(birth, arrest, _by_value(col["age"], _age_cell)),
        "arrest_date": _field(arrest, 0),
        "arrest_month": _field(arrest, 3),
        "residence_district": _attr(residence, "code"),
        "residence_municipality": _attr(residence, "municipality"),
        "residence_department": residence_department,
        "arrest_district": _attr(arrest_place, "code"),
        "arrest_municipality": _attr(arrest_place, "municipality"),
        "detention_centre": _by_value(col["detention_centre"], _centre),
        "died_in_custody": _by_value(col["died_in_custody"], _yes_no),
        "death_date": _field(_by_value(col["death_date"], _date_fields), 0),
    }
    frame = {name: pd.Series(out[name], dtype=object) for name in PREPARED_COLUMNS}
    for extra in extra_columns:
        frame[extra.name] = extra_values(records[extra.name], extra.kind)
    return pd.DataFrame(frame)


def _folded(value: str | None) -> str | None:
    return _or_none(name_key(value))


def _identifier(value: str | None) -> str | None:
    return _or_none(name_key(value).replace(" ", ""))


def _number(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def extra_values(values: pd.Series, kind: str) -> pd.Series:
    """An extra column's cells, normalised for its kind (see the module notes).

    Examples
    --------
    >>> extra_values(pd.Series(["  Calle  Arce #5 ", None]), "jaro_winkler").tolist()
    ['calle arce 5', None]
    >>> extra_values(pd.Series(["(503) 2222-1234", "A-123 456"]), "id").tolist()
    ['50322221234', 'a123456']
    >>> extra_values(pd.Series(["12", "doce", 3.5]), "numeric").tolist()
    [12.0, <NA>, 3.5]
    """
    text = _by_value(values.reset_index(drop=True), _text)
    if kind == "numeric":
        return pd.Series(_by_value(text, _number), dtype="Float64")
    fold = _identifier if kind == "id" else _folded
    return pd.Series(_by_value(text, fold), dtype=object)


_INPUTS = (
    "source", "record_id", "full_name", "given_names", "surname_1", "surname_2",
    "married_surname", "alias", "sex", "birth_date", "age", "arrest_date",
    "residence_district", "residence_department", "arrest_district", "detention_centre",
    "died_in_custody", "death_date",
)  # fmt: skip
