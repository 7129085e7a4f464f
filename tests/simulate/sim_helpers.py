"""Helpers for the simulator's tests: reading a simulated list back as its file holds it."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pandas as pd
import yaml


def read_mapping(path: Path) -> dict[str, Any]:
    """A mapping file as nested dicts (TOML or YAML)."""
    if path.suffix == ".toml":
        return tomllib.loads(path.read_text(encoding="utf-8"))
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def read_list(mapping_path: Path) -> pd.DataFrame:
    """The cells of a simulated list as the file holds them (text for CSV, Python
    values for xlsx and JSON), read with the mapping's reading options."""
    m = read_mapping(mapping_path)["source"]
    path = mapping_path.parent / m["file"]
    if path.suffix == ".csv":
        return pd.read_csv(
            path,
            dtype=str,
            keep_default_na=False,
            encoding=m["encoding"],
            sep=m["delimiter"],
        ).replace("", None)
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        ws = load_workbook(path, read_only=True)[m["sheet"]]
        rows = list(ws.iter_rows(values_only=True))
        return pd.DataFrame(rows[1:], columns=rows[0], dtype=object)
    items = json.loads(path.read_text(encoding="utf-8"))["records"]
    return pd.DataFrame(items, dtype=object)
