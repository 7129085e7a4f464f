"""Source mappings: which column of an organisation's list is which canonical field.

One mapping file per source, TOML (``*.mapping.toml``) or YAML (``*.mapping.yaml``),
read by :mod:`habeas.ingest.mapping_files` into a frozen :class:`SourceMapping`
that is checked as a whole: every mistake (an unknown field, an unknown code in a
value map, a bad date order...) is reported at once in one
:class:`~habeas.ingest.errors.BadMapping` naming the file and the key.
The format is documented for users in ``docs/mapping.md``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from habeas.domain.schema import COLUMNS_BY_NAME, NAME_COLUMNS, RECORD_COLUMNS, Kind
from habeas.domain.vocab import VOCABULARIES
from habeas.ingest.errors import BadMapping
from habeas.ingest.fields import MAPPABLE_KINDS, field_normaliser
from habeas.ingest.normalise import fold
from habeas.ingest.readers import cell_text

__all__ = [
    "DATE_ORDERS",
    "DELIMITERS",
    "ENCODINGS",
    "NAME_ORDERS",
    "ROW_NUMBER",
    "SourceMapping",
]

ENCODINGS = ("auto", "utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1")
DELIMITERS = ("auto", ",", ";", "\t", "|")
DATE_ORDERS = ("dmy", "ymd", "mdy")
NAME_ORDERS = ("given_first", "surnames_first")
#: ``record_id = "@row"``: the list has no identifier; use the row number.
ROW_NUMBER = "@row"

_CODE = re.compile(r"[a-z0-9_]+")
_SOURCE_KEYS = ("code", "name", "kind", "file", "encoding", "delimiter", "sheet", "header_row")
_FORMAT_KEYS = ("date_order", "name_order", "multi_separator", "date_order_by_field")
_SECTIONS = ("source", "columns", "format", "values", "defaults")
# A default for these would give every record the same identity.
_NO_DEFAULT = frozenset({"source", "record_id", "dui", *NAME_COLUMNS})


def _suggest(name: str, choices: tuple[str, ...] | list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


@dataclass(frozen=True)
class SourceMapping:
    """How to read one organisation's list into canonical records.

    Build it with :func:`read_mapping` or :meth:`from_dict`; the constructor checks
    every field and raises one :class:`BadMapping` listing all the mistakes.

    Attributes
    ----------
    code
        ``[a-z0-9_]+``, the ``source`` of every record of the list.
    columns
        Canonical field → column header in the file (``record_id`` may be ``"@row"``).
    name, kind
        Display name of the source and its ``source_kind`` code.
    file
        The list, relative to the mapping file (optional when the caller passes it).
    encoding, delimiter, sheet, header_row
        Reading options; ``"auto"`` detects encoding and delimiter, ``sheet`` names the
        spreadsheet tab, ``header_row`` (1-based) skips title rows above the header.
    date_order, name_order, multi_separator, date_order_by_field
        How dates, full names and multi-valued cells are written.
    values
        Canonical field → {value as written → canonical value}; ``""`` means unknown.
    defaults
        Canonical field → value given to every record whose list lacks it.
    origin
        The mapping file, for messages and relative paths (not compared).

    Examples
    --------
    >>> m = SourceMapping("cdh", {"record_id": "N°", "full_name": "Nombre"})
    >>> m.to_dict()["columns"]
    {'record_id': 'N°', 'full_name': 'Nombre'}
    """

    code: str
    columns: Mapping[str, str]
    name: str = ""
    kind: str = "other"
    file: str | None = None
    encoding: str = "auto"
    delimiter: str = "auto"
    sheet: str | None = None
    header_row: int | None = None
    date_order: str = "dmy"
    name_order: str = "given_first"
    multi_separator: str = ";"
    date_order_by_field: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    defaults: Mapping[str, str] = field(default_factory=dict)
    origin: Path | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        errors = self._check()
        if errors:
            where = self.origin.name if self.origin else f"mapping {self.code!r}"
            raise BadMapping(f"{where}: " + "; ".join(errors))
        # Compile now so that a bad value map or default is reported here.
        _ = self.value_maps, self.default_values

    # -- checks ------------------------------------------------------------------------

    def _check(self) -> list[str]:
        errors: list[str] = []
        if not isinstance(self.code, str) or not _CODE.fullmatch(self.code):
            errors.append(f"[source] code {self.code!r} must be lower-case letters, digits, _")
        if self.kind not in VOCABULARIES["source_kind"]:
            codes = ", ".join(VOCABULARIES["source_kind"].codes)
            errors.append(f"[source] kind {self.kind!r} is not one of {codes}")
        for key, value, allowed in (
            ("encoding", self.encoding, ENCODINGS),
            ("delimiter", self.delimiter, DELIMITERS),
        ):
            if value not in allowed:
                errors.append(
                    f"[source] {key} {value!r} is not one of {', '.join(map(repr, allowed))}"
                )
        if self.header_row is not None and (
            not isinstance(self.header_row, int) or self.header_row < 1
        ):
            errors.append(
                f"[source] header_row {self.header_row!r} must be a row number, 1 or more"
            )
        errors += self._check_columns()
        for key, value, allowed in (
            ("date_order", self.date_order, DATE_ORDERS),
            ("name_order", self.name_order, NAME_ORDERS),
        ):
            if value not in allowed:
                errors.append(f"[format] {key} {value!r} is not one of {', '.join(allowed)}")
        if not isinstance(self.multi_separator, str) or not self.multi_separator.strip(" "):
            errors.append(f"[format] multi_separator {self.multi_separator!r} must be a character")
        for name, order in self.date_order_by_field.items():
            if name not in COLUMNS_BY_NAME or COLUMNS_BY_NAME[name].kind is not Kind.DATE:
                errors.append(f"[format.date_order_by_field] {name}: not a date field")
            elif order not in DATE_ORDERS:
                allowed = ", ".join(DATE_ORDERS)
                errors.append(
                    f"[format.date_order_by_field] {name}: {order!r} is not one of {allowed}"
                )
        for name in self.values:
            if (err := self._field_error(name, "values")) is not None:
                errors.append(err)
            elif COLUMNS_BY_NAME[name].kind not in MAPPABLE_KINDS:
                kind = COLUMNS_BY_NAME[name].kind.value
                errors.append(f"[values.{name}] value maps are for coded fields, not {kind} fields")
        for name in self.defaults:
            if (err := self._field_error(name, "defaults")) is not None:
                errors.append(err)
            elif name in _NO_DEFAULT:
                errors.append(
                    f"[defaults] {name}: a default makes no sense for an identifying field"
                )
        return errors

    def _check_columns(self) -> list[str]:
        errors = []
        for name, header in self.columns.items():
            if (err := self._field_error(name, "columns")) is not None:
                errors.append(err)
            elif not isinstance(header, str) or not header.strip():
                errors.append(f"[columns] {name}: the column header must be non-empty text")
        if "record_id" not in self.columns:
            errors.append(
                f"[columns] record_id is required (the list's own case number; "
                f'record_id = "{ROW_NUMBER}" uses the row number when the list has none)'
            )
        return errors

    @staticmethod
    def _field_error(name: str, section: str) -> str | None:
        if name == "source":
            return f"[{section}] source: set by [source] code, not by a column"
        if name not in COLUMNS_BY_NAME:
            return f"[{section}] {name}: unknown canonical field{_suggest(name, RECORD_COLUMNS)}"
        return None

    # -- compiled forms ------------------------------------------------------------------

    def date_order_for(self, name: str) -> str:
        """The numeric date order of one date field."""
        return self.date_order_by_field.get(name, self.date_order)

    @cached_property
    def value_maps(self) -> dict[str, dict[str, str | None]]:
        """Field → {folded value as written → canonical value or None}.

        The right-hand sides are read by the field's own parser, so a label
        ("Policía") works as well as a code ("pnc"); one it cannot read is a
        :class:`BadMapping`.
        """
        compiled: dict[str, dict[str, str | None]] = {}
        errors = []
        for name, table in self.values.items():
            read = field_normaliser(name, separator=";", cache=False)
            compiled[name] = {}
            for written, target in table.items():
                text = cell_text(target).strip()
                out = read(text) if text else None
                if out is not None and (out.issues or out.value is None):
                    reason = (
                        out.issues[0].render("en") if out.issues else "not a value of this field"
                    )
                    errors.append(f"[values.{name}] {written!r} = {text!r}: {reason}")
                    continue
                compiled[name][fold(written)] = out.value if out else None
        if errors:
            where = self.origin.name if self.origin else f"mapping {self.code!r}"
            raise BadMapping(f"{where}: " + "; ".join(errors))
        return compiled

    @cached_property
    def default_values(self) -> dict[str, str]:
        """Field → canonical default value, read by the field's own parser."""
        compiled: dict[str, str] = {}
        errors = []
        for name, value in self.defaults.items():
            read = field_normaliser(name, date_order=self.date_order_for(name), cache=False)
            out = read(cell_text(value))
            if out.issues or out.value is None:
                reason = out.issues[0].render("en") if out.issues else "empty"
                errors.append(f"[defaults] {name} = {cell_text(value)!r}: {reason}")
            else:
                compiled[name] = out.value
        if errors:
            where = self.origin.name if self.origin else f"mapping {self.code!r}"
            raise BadMapping(f"{where}: " + "; ".join(errors))
        return compiled

    @property
    def file_path(self) -> Path:
        """The list this mapping describes, resolved against the mapping file's folder."""
        if self.file is None:
            raise BadMapping(f"{self.label}: [source] file is not set: say which list to read")
        base = self.origin.parent if self.origin else Path.cwd()
        return base / self.file

    @property
    def label(self) -> str:
        """How messages name this mapping: its file name, or its code."""
        return self.origin.name if self.origin else f"mapping {self.code!r}"

    # -- dict round trip -----------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The mapping as the nested dict of its file (TOML/YAML sections)."""
        source: dict[str, Any] = {"code": self.code, "name": self.name, "kind": self.kind}
        for key in ("file", "encoding", "delimiter", "sheet", "header_row"):
            value = getattr(self, key)
            if value is not None:
                source[key] = value
        fmt: dict[str, Any] = {
            "date_order": self.date_order,
            "name_order": self.name_order,
            "multi_separator": self.multi_separator,
        }
        if self.date_order_by_field:
            fmt["date_order_by_field"] = dict(self.date_order_by_field)
        data: dict[str, Any] = {"source": source, "columns": dict(self.columns), "format": fmt}
        if self.values:
            data["values"] = {k: dict(v) for k, v in self.values.items()}
        if self.defaults:
            data["defaults"] = dict(self.defaults)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, origin: Path | None = None) -> SourceMapping:
        """Build a mapping from the nested dict of a mapping file.

        Raises
        ------
        BadMapping
            For unknown sections or keys, wrong types, and everything the
            constructor checks, naming ``origin`` and the key.
        """
        where = origin.name if origin else "mapping"
        if not isinstance(data, Mapping):
            raise BadMapping(f"{where}: expected sections [source], [columns] ...")
        errors = [
            f"unknown section [{s}]{_suggest(str(s), _SECTIONS)}"
            for s in data
            if s not in _SECTIONS
        ]
        sections: dict[str, dict[str, Any]] = {}
        for s in _SECTIONS:
            value = data.get(s, {})
            if not isinstance(value, Mapping):
                errors.append(f"[{s}] must be a table of keys and values")
                value = {}
            sections[s] = {str(k): v for k, v in value.items()}
        source, fmt = sections["source"], sections["format"]
        for s, keys in (("source", _SOURCE_KEYS), ("format", _FORMAT_KEYS)):
            errors += [
                f"[{s}] unknown key {k!r}{_suggest(k, keys)}" for k in sections[s] if k not in keys
            ]
        if "code" not in source:
            errors.append("[source] code is required")
        values = {}
        for name, table in sections["values"].items():
            if not isinstance(table, Mapping):
                errors.append(
                    f"[values.{name}] must be a table: value as written = canonical value"
                )
                continue
            values[name] = {cell_text(k): cell_text(v) for k, v in table.items()}
        by_field = fmt.get("date_order_by_field", {})
        if not isinstance(by_field, Mapping):
            errors.append("[format.date_order_by_field] must be a table: field = order")
            by_field = {}
        if errors:
            raise BadMapping(f"{where}: " + "; ".join(errors))
        code = source["code"]
        return cls(
            code=cell_text(code),
            columns={k: cell_text(v) for k, v in sections["columns"].items()},
            name=cell_text(source.get("name", "")) or cell_text(code),
            kind=cell_text(source.get("kind", "other")),
            file=cell_text(source["file"]) if "file" in source else None,
            encoding=cell_text(source.get("encoding", "auto")).lower(),
            delimiter=_delimiter(source.get("delimiter", "auto")),
            sheet=cell_text(source["sheet"]) if "sheet" in source else None,
            header_row=source.get("header_row"),
            date_order=cell_text(fmt.get("date_order", "dmy")),
            name_order=cell_text(fmt.get("name_order", "given_first")),
            multi_separator=cell_text(fmt.get("multi_separator", ";")),
            date_order_by_field={str(k): cell_text(v) for k, v in by_field.items()},
            values=values,
            defaults={k: cell_text(v) for k, v in sections["defaults"].items()},
            origin=origin,
        )


def _delimiter(value: object) -> str:
    text = cell_text(value)
    return {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}.get(
        text.lower(), text
    )
