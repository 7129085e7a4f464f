"""The keys an import is matched by: the mapping's fingerprint, a quarantined row's id.

Pure functions of stored JSON, so the migration that fills these keys for earlier
imports computes exactly what a new import does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

#: ``record_id = "@row"`` in a mapping: the row number is the record's id.
ROW_NUMBER = "@row"
#: The longest ``record_id`` the database holds (as ``Record.record_id``).
RECORD_ID_MAX = 500


def mapping_fingerprint(mapping: Mapping[str, Any]) -> str:
    """SHA-256 of a mapping's dict (``SourceMapping.to_dict()``, JSON-ready) as sorted JSON.

    Two mappings that read a file the same way have the same fingerprint, whatever the
    order of their keys; any change (a column, a value map, the date order) changes it.

    Examples
    --------
    >>> a = mapping_fingerprint({"columns": {"record_id": "N°", "dui": "DUI"}})
    >>> a == mapping_fingerprint({"columns": {"dui": "DUI", "record_id": "N°"}})
    True
    >>> len(a)
    64
    """
    text = json.dumps(mapping, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def quarantined_record_id(
    raw: Mapping[str, Any], mapping: Mapping[str, Any], row: int
) -> str | None:
    """The ``record_id`` a quarantined row carries, read as ingest reads it; None if blank.

    ``mapping`` is the stored mapping dict (its ``columns`` section names the header
    of ``record_id``); ``row`` is the row number, the id under ``record_id = "@row"``.

    Examples
    --------
    >>> quarantined_record_id({"N°": " CDH-0002 "}, {"columns": {"record_id": "N°"}}, 3)
    'CDH-0002'
    >>> quarantined_record_id({"N°": ""}, {"columns": {"record_id": "N°"}}, 3) is None
    True
    """
    header = dict(mapping.get("columns") or {}).get("record_id")
    if header is None:
        return None
    if header == ROW_NUMBER:
        return str(row)
    value = raw.get(header)
    if value is None:
        return None
    text = str(value).strip()
    # An id longer than a record can hold never matches a record: no need to keep it whole.
    return text[:RECORD_ID_MAX] if text else None
