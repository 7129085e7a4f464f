"""One thing wrong with one cell or one row of a list, located so a person can find it.

A problem has a stable ``code`` and language-neutral ``params``; its sentence is
rendered from :mod:`habeas.ingest.messages` in Spanish (the default) or English.
``message`` keeps the English sentence, for logs and for code that stored it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, NamedTuple

from habeas.ingest import messages
from habeas.ingest.messages import quote

__all__ = ["ERROR", "WARNING", "Issue", "Problem", "Severity", "quote"]

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"


class Issue(NamedTuple):
    """A problem not yet located: what a normaliser or reader found in one cell or row.

    Examples
    --------
    >>> Issue("error", "age_invalid", {"age": "200", "max_age": "110"}).render("es")
    'la edad 200 no está entre 0 y 110'
    """

    severity: Severity
    code: str
    params: Mapping[str, str] = {}

    def render(self, lang: str | None = None) -> str:
        """The sentence, in ``lang`` (default: the module's language)."""
        return messages.render(self.code, self.params, lang)


@dataclass(frozen=True)
class Problem:
    """A problem with one cell (``column`` set) or one row (``column`` None) of a list.

    ``severity`` "error" sends the row to quarantine; "warning" keeps it. ``row``
    is the row number a person sees in a spreadsheet (header = 1) or the 1-based
    index of a JSON record. ``sheet`` (XLSX only) is an addition to the contract
    so that the message can say where to look. ``code`` (a key of
    :data:`habeas.ingest.messages.MESSAGES`) and ``params`` give the sentence in
    any language; a problem built without a code shows ``message`` as it is.

    Examples
    --------
    >>> p = Problem.of("asesoria.xlsx", 14, "Fecha de captura", "arrest_date", "31/02/2022",
    ...                Issue("error", "date_impossible",
    ...                      {"value": "31/02/2022", "day": "31", "month": "02", "year": "2022"}),
    ...                sheet="Casos")
    >>> print(p.render("es"))  # doctest: +NORMALIZE_WHITESPACE
    asesoria.xlsx, hoja 'Casos', fila 14, columna 'Fecha de captura' (arrest_date):
    no se puede leer la fecha '31/02/2022': el día 31 no existe en 02/2022
    >>> print(p.render("en"))  # doctest: +NORMALIZE_WHITESPACE
    asesoria.xlsx, sheet 'Casos', row 14, column 'Fecha de captura' (arrest_date):
    cannot read date '31/02/2022': day 31 does not exist in 02/2022
    """

    file: str
    row: int | None
    column: str | None
    field: str | None
    value: str | None
    message: str
    severity: Severity
    sheet: str | None = None
    code: str = ""
    # Not hashed (a dict is not hashable); compared.
    params: Mapping[str, str] = field(default_factory=dict, hash=False)

    @classmethod
    def of(
        cls,
        file: str,
        row: int | None,
        column: str | None,
        field: str | None,
        value: str | None,
        issue: Issue,
        sheet: str | None = None,
    ) -> Problem:
        """A located :class:`Issue`; ``message`` is its English sentence."""
        params = dict(issue.params)
        message = messages.render(issue.code, params, "en")
        return cls(
            file, row, column, field, value, message, issue.severity, sheet, issue.code, params
        )

    @property
    def is_error(self) -> bool:
        """True when the problem sends its row to quarantine."""
        return self.severity == ERROR

    def location(self, lang: str | None = None) -> str:
        """Where the problem is: file, sheet, row, column and canonical field."""
        sheet, row, column, field_ = messages.LOCATION_WORDS[lang or messages.get_language()]  # type: ignore[index]
        parts = [self.file]
        if self.sheet:
            parts.append(f"{sheet} {self.sheet!r}")
        if self.row is not None:
            parts.append(f"{row} {self.row}")
        if self.column is not None:
            parts.append(f"{column} {self.column!r}" + (f" ({self.field})" if self.field else ""))
        elif self.field:
            parts.append(f"{field_} {self.field}")
        return ", ".join(parts)

    def text(self, lang: str | None = None) -> str:
        """The sentence alone, without the location, in ``lang`` (default: the module's)."""
        if self.code in messages.MESSAGES:
            try:
                return messages.render(self.code, self.params, lang)
            except (KeyError, IndexError, ValueError):  # params stored by an older version
                pass
        return self.message

    def message_in(self, lang: str) -> str:
        """Alias of :meth:`text` with a required language."""
        return self.text(lang)

    def render(self, lang: str | None = None) -> str:
        """Location and sentence, in ``lang`` (default: the module's language)."""
        return f"{self.location(lang)}: {self.text(lang)}"

    def __str__(self) -> str:
        return self.render()

    def to_dict(self) -> dict[str, Any]:
        """The problem as a plain dict (for JSON or a database row)."""
        data = asdict(self)
        data["params"] = dict(self.params)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Problem:
        """Inverse of :meth:`to_dict` (dicts stored before ``code`` existed are read too)."""
        data = dict(data)
        data["params"] = dict(data.get("params") or {})
        return cls(**data)
