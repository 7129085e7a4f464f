"""Mapping files on disk: reading one (TOML or YAML) and finding every one under a folder."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

from habeas.ingest.errors import BadMapping
from habeas.ingest.mapping import SourceMapping

__all__ = ["MAPPING_SUFFIXES", "discover", "read_mapping"]

MAPPING_SUFFIXES = (".mapping.toml", ".mapping.yaml", ".mapping.yml")


class _YamlLoader(yaml.SafeLoader):
    """YAML 1.1 reads ``No``, ``Sí``-less ``yes``/``no``/``on``/``off`` as booleans.

    A value map ``No: "no"`` must stay text, so only true/false are booleans here.
    """


_YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def read_mapping(path: str | Path) -> SourceMapping:
    """Read a mapping file (``.toml``, ``.yaml`` or ``.yml``).

    Parameters
    ----------
    path
        The mapping file; its ``[source] file`` is relative to its folder.

    Raises
    ------
    BadMapping
        If the file cannot be read or parsed (naming the line), or if anything in
        it is wrong (naming the section and key).

    Examples
    --------
    >>> m = read_mapping("listas/cdh.mapping.toml")  # doctest: +SKIP
    >>> m.code, m.columns["arrest_date"]  # doctest: +SKIP
    ('cdh', 'Fecha de captura')
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadMapping(f"{path.name}: cannot read the mapping file ({exc})") from None
    suffix = path.suffix.lower()
    try:
        if suffix == ".toml":
            data = tomllib.loads(text)
        elif suffix in (".yaml", ".yml"):
            data = yaml.load(text, Loader=_YamlLoader)
        else:
            raise BadMapping(f"{path.name}: a mapping file ends in .toml, .yaml or .yml")
    except tomllib.TOMLDecodeError as exc:
        raise BadMapping(f"{path.name}: not valid TOML ({exc})") from None
    except yaml.YAMLError as exc:
        raise BadMapping(f"{path.name}: not valid YAML ({exc})".replace("\n", " ")) from None
    return SourceMapping.from_dict(data or {}, origin=path)


def discover(folder: str | Path) -> list[SourceMapping]:
    """Every mapping file under a folder: ``*.mapping.toml``, ``*.mapping.yaml``, ``*.mapping.yml``.

    Returns
    -------
    list[SourceMapping]
        In path order. A folder without mappings gives an empty list.

    Raises
    ------
    BadMapping
        If a mapping is wrong, or two mappings share a source code.
    """
    folder = Path(folder)
    paths = sorted(
        p for p in folder.rglob("*") if p.is_file() and p.name.lower().endswith(MAPPING_SUFFIXES)
    )
    mappings = [read_mapping(p) for p in paths]
    seen: dict[str, Path] = {}
    for m in mappings:
        assert m.origin is not None
        if m.code in seen:
            raise BadMapping(
                f"{m.origin.name}: source code {m.code!r} is already used by {seen[m.code].name}"
            )
        seen[m.code] = m.origin
    return mappings
