"""One thing wrong with one cell or one row of a list, located so a person can find it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

__all__ = ["ERROR", "WARNING", "Problem", "Severity", "quote"]

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"

_QUOTE_MAX = 60


def quote(value: object) -> str:
    """``value`` in single quotes for a message, shortened if long.

    Examples
    --------
    >>> quote("31/02/2022")
    "'31/02/2022'"
    """
    text = str(value)
    if len(text) > _QUOTE_MAX:
        text = text[: _QUOTE_MAX - 1] + "…"
    return "'" + text.replace("\n", " ") + "'"


@dataclass(frozen=True)
class Problem:
    """A problem with one cell (``column`` set) or one row (``column`` None) of a list.

    ``severity`` "error" sends the row to quarantine; "warning" keeps it. ``row``
    is the row number a person sees in a spreadsheet (header = 1) or the 1-based
    index of a JSON record. ``sheet`` (XLSX only) is an addition to the contract
    so that the message can say where to look.

    Examples
    --------
    >>> p = Problem("asesoria.xlsx", 14, "Fecha de captura", "arrest_date", "31/02/2022",
    ...             "cannot read the date '31/02/2022'", "error", sheet="Casos")
    >>> print(p)  # doctest: +NORMALIZE_WHITESPACE
    asesoria.xlsx, sheet 'Casos', row 14, column 'Fecha de captura' (arrest_date):
    cannot read the date '31/02/2022'
    """

    file: str
    row: int | None
    column: str | None
    field: str | None
    value: str | None
    message: str
    severity: Severity
    sheet: str | None = None

    @property
    def is_error(self) -> bool:
        """True when the problem sends its row to quarantine."""
        return self.severity == ERROR

    def location(self) -> str:
        """Where the problem is: file, sheet, row, column and canonical field."""
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column!r}" + (f" ({self.field})" if self.field else ""))
        elif self.field:
            parts.append(f"field {self.field}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """The problem as a plain dict (for JSON or a database row)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Problem:
        """Inverse of :meth:`to_dict`."""
        return cls(**data)
