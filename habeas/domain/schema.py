"""The canonical records table: column names, kinds and meaning, declared once.

These names are the file interface of every command that reads or writes records
(``habeas import``, ``habeas export records``, linkage, indicators). A reader accepts
any subset of them; a missing column means unknown.

Conventions for canonical values (all stored as text, ``None``/NA when unknown):

- dates: ISO ``yyyy-mm-dd``, or ``yyyy-mm`` when only the month is known;
- sex: ``F`` or ``M``;
- yes/no fields: ``yes`` or ``no``;
- multi-valued fields (``groups``): codes separated by ``;``;
- places: district codes of :mod:`habeas.domain.gazetteer` (``residence_department``:
  department code ``01``..``14``);
- detention centres: codes of :mod:`habeas.domain.centres`;
- controlled fields: codes of the vocabulary named in :data:`COLUMNS`;
- DUI: ``########-#`` (nine digits with the dash), leading zeros kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """How a column's values are written and normalised."""

    ID = "id"
    TEXT = "text"
    NAME = "name"
    SEX = "sex"
    DATE = "date"
    AGE = "age"
    DUI = "dui"
    DISTRICT = "district"
    DEPARTMENT = "department"
    CENTRE = "centre"
    CODE = "code"
    CODES = "codes"
    YESNO = "yesno"


@dataclass(frozen=True)
class Column:
    """One column of the records table.

    ``vocabulary`` names the controlled vocabulary (:mod:`habeas.domain.vocab`) of
    ``CODE``/``CODES`` columns. ``identifying`` marks fields that can identify a person
    or a family (access control and the public export depend on it).
    """

    name: str
    kind: Kind
    doc: str
    vocabulary: str | None = None
    identifying: bool = False


C = Column
K = Kind

COLUMNS: tuple[Column, ...] = (
    C("source", K.ID, "Code of the organisation's list the record comes from."),
    C("record_id", K.ID, "The list's own identifier of the row; unique within a source."),
    C("full_name", K.NAME, "The name as written, in one field (kept raw).", identifying=True),
    C("given_names", K.NAME, "Given names (one or two, e.g. 'José Antonio').", identifying=True),
    C("surname_1", K.NAME, "Paternal surname, particles kept ('De la O').", identifying=True),
    C("surname_2", K.NAME, "Second (maternal) surname.", identifying=True),
    C("married_surname", K.NAME, "Husband's surname after 'de' ('Gómez').", identifying=True),
    C("alias", K.NAME, "Nickname or alias ('El Flaco'), without 'alias'.", identifying=True),
    C("sex", K.SEX, "F or M as recorded by the source."),
    C("birth_date", K.DATE, "Date of birth (day or month precision).", identifying=True),
    C("age", K.AGE, "Age in years at arrest, when no birth date is given."),
    C("dui", K.DUI, "Documento Único de Identidad, ########-#.", identifying=True),
    C("residence_district", K.DISTRICT, "District (pre-2024 municipality) of residence."),
    C("residence_department", K.DEPARTMENT, "Department of residence (code 01-14)."),
    C("occupation", K.TEXT, "Occupation as reported (free text)."),
    C("groups", K.CODES, "Targeted groups the person belongs to.", vocabulary="groups"),
    C("arrest_date", K.DATE, "Date of arrest."),
    C("arrest_district", K.DISTRICT, "District where the arrest took place."),
    C("authority", K.CODE, "Arresting authority.", vocabulary="authority"),
    C("grounds", K.CODES, "Grounds given or reported for the arrest.", vocabulary="grounds"),
    C("warrant_shown", K.YESNO, "Was a judicial warrant shown at arrest?"),
    C("in_flagrante", K.YESNO, "Was the person arrested in flagrante delicto?"),
    C("detention_centre", K.CENTRE, "Last known place of detention."),
    C("whereabouts_known_date", K.DATE, "Date the family learned where the person was held."),
    C("first_hearing_date", K.DATE, "Date of the first hearing before a judge."),
    C("hearing_type", K.CODE, "Individual or mass hearing.", vocabulary="hearing_type"),
    C("counsel_access", K.YESNO, "Did the person have a lawyer at the first hearing?"),
    C("provisional_detention_date", K.DATE, "Date provisional detention was ordered."),
    C("released_date", K.DATE, "Date of release."),
    C("died_in_custody", K.YESNO, "Did the person die in custody?"),
    C("death_date", K.DATE, "Date of death in custody."),
    C("death_place", K.CENTRE, "Place of death (detention centre, hospital...)."),
    C("death_cause", K.CODE, "Cause of death as reported.", vocabulary="death_cause"),
    C("signs_of_violence", K.YESNO, "Did the body show signs of violence?"),
    C(
        "reporter_relationship",
        K.CODE,
        "Who reported the case.",
        vocabulary="reporter_relationship",
    ),
    C("reported_date", K.DATE, "Date the case was reported to the source."),
    C("narrative", K.TEXT, "Free-text account of the case.", identifying=True),
)
del C, K

#: Names of the canonical record columns, in order.
RECORD_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS)

#: Column name → :class:`Column`.
COLUMNS_BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}

#: Column added once records are linked to people.
PERSON_ID = "person_id"

#: Columns that name a person; a record with none of these cannot be linked.
NAME_COLUMNS: tuple[str, ...] = (
    "full_name",
    "given_names",
    "surname_1",
    "surname_2",
    "married_surname",
    "alias",
)

#: Separator of multi-valued fields.
MULTI_SEPARATOR = ";"


def columns_of_kind(*kinds: Kind) -> tuple[str, ...]:
    """Names of the record columns of the given kinds, in table order."""
    return tuple(c.name for c in COLUMNS if c.kind in kinds)
