"""The mapping file of each simulated list (TOML or YAML), as ingest reads them.

Value maps are not written by hand: every controlled cell of the list is checked
against the domain parser ingest will use (``parse_sex``, ``parse_yes_no``, the
vocabularies, ``lookup_centre``, ``lookup_department``), and only the labels that parser
does not read as the intended code get a ``[values.<field>]`` entry. So the mapping
stays as small as a person would write it, and it is right by construction.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from habeas.domain.centres import lookup_centre
from habeas.domain.gazetteer import lookup_department
from habeas.domain.schema import COLUMNS_BY_NAME, MULTI_SEPARATOR, Kind
from habeas.domain.vocab import VOCABULARIES, parse_sex, parse_yes_no
from habeas.simulate.shapes import Shape
from habeas.simulate.sources import Source

__all__ = ["mapping_data", "value_maps", "write_mapping"]


def _parser(field: str) -> Callable[[object], str | None]:
    col = COLUMNS_BY_NAME[field]
    if col.kind is Kind.SEX:
        return parse_sex
    if col.kind is Kind.YESNO:
        return parse_yes_no
    if col.kind is Kind.CENTRE:
        return lookup_centre
    if col.kind is Kind.DEPARTMENT:
        return lookup_department
    if col.kind in (Kind.CODE, Kind.CODES) and col.vocabulary:
        return VOCABULARIES[col.vocabulary].parse
    raise ValueError(f"no parser for field {field!r}")


def _reads_as(parse: Callable[[object], str | None], label: object, code: str) -> bool:
    try:
        return parse(label) == code
    except ValueError:  # the domain parsers raise HabeasError subclasses of ValueError
        return False


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or (isinstance(v, str) and not v)


def value_maps(shape: Shape, multi_separator: str = MULTI_SEPARATOR) -> dict[str, dict[str, str]]:
    """``field → {label as written: code}`` for the labels the domain would misread."""
    maps: dict[str, dict[str, str]] = {}
    for field, codes in shape.intended.items():
        header = shape.columns[field]
        parse = _parser(field)
        multi = COLUMNS_BY_NAME[field].kind is Kind.CODES
        seen: dict[tuple[object, str], None] = {}
        for label, code in zip(shape.frame[header].tolist(), codes, strict=True):
            if _blank(label) or _blank(code):
                continue
            if multi:
                pairs = zip(
                    (p.strip() for p in str(label).split(multi_separator)),
                    str(code).split(MULTI_SEPARATOR),
                    strict=True,
                )
            else:
                pairs = iter([(label, str(code))])
            for lab, c in pairs:
                seen.setdefault((lab, c), None)
        for lab, c in seen:
            if not _reads_as(parse, lab, c):
                maps.setdefault(field, {})[str(lab)] = c
    return {f: dict(sorted(m.items())) for f, m in sorted(maps.items())}


def mapping_data(src: Source, shape: Shape, **reading: str) -> dict[str, Any]:
    """The mapping as nested dicts: source, columns, format, values, defaults.

    ``reading`` holds the reading options (encoding, delimiter, sheet) for ``[source]``.
    """
    sep = str(shape.format.get("multi_separator", MULTI_SEPARATOR))
    data: dict[str, Any] = {
        "source": {
            "code": src.code,
            "name": src.name,
            "kind": src.kind,
            "file": src.list_file,
            **reading,
        },
        "columns": {f: h for f, h in shape.columns.items()},
        "format": dict(shape.format),
    }
    values = value_maps(shape, sep)
    if values:
        data["values"] = values
    if shape.defaults:
        data["defaults"] = dict(shape.defaults)
    return data


_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(k: str) -> str:
    return k if _BARE.match(k) else json.dumps(k, ensure_ascii=False)


def _value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    return json.dumps(str(v), ensure_ascii=False)  # a valid TOML basic string


def _toml(data: dict[str, Any], header: str) -> str:
    lines = [f"# {line}" for line in header.splitlines()]

    def table(name: str, body: dict[str, Any]) -> None:
        scalars = {k: v for k, v in body.items() if not isinstance(v, dict)}
        if scalars:
            lines.extend(["", f"[{name}]"])
            lines.extend(f"{_key(k)} = {_value(v)}" for k, v in scalars.items())
        for k, v in body.items():
            if isinstance(v, dict):
                table(f"{name}.{_key(k)}", v)

    for name, body in data.items():
        table(_key(name), body)
    return "\n".join(lines) + "\n"


def write_mapping(path: Path, data: dict[str, Any], header: str) -> Path:
    """Write ``data`` as TOML (``*.toml``) or YAML (``*.yaml``/``*.yml``), with a
    comment ``header``."""
    if path.suffix == ".toml":
        text = _toml(data, header)
    elif path.suffix in (".yaml", ".yml"):
        comment = "".join(f"# {line}\n" for line in header.splitlines())
        body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        text = comment + body
    else:
        raise ValueError(f"mapping files are .toml or .yaml, not {path.name}")
    path.write_text(text, encoding="utf-8", newline="\n")
    return path
