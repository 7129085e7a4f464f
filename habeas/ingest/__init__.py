"""From organisations' lists to the canonical records table.

``ingest_file(path, mapping)`` reads one list (CSV in any encoding in use, XLSX,
JSON) with its :class:`SourceMapping` and returns an :class:`IngestResult`: the
accepted records, the quarantined rows with their reasons, and the warnings. It
touches no database; ``habeas import`` stores the result.

Examples
--------
>>> from habeas.ingest import discover, ingest_file  # doctest: +SKIP
>>> for mapping in discover("listas/"):  # doctest: +SKIP
...     print(ingest_file(mapping.file_path, mapping).summary())
"""

from habeas.ingest.core import EXTRA_COLUMNS, IngestResult, ingest_file
from habeas.ingest.errors import (
    BadMapping,
    DuplicateColumns,
    EmptyFile,
    IngestError,
    MissingColumns,
    UnreadableFile,
)
from habeas.ingest.mapping import SourceMapping, discover, read_mapping
from habeas.ingest.problems import Problem
from habeas.ingest.quarantine import QuarantinedRow, quarantine_frame, write_quarantine

__all__ = [
    "EXTRA_COLUMNS",
    "BadMapping",
    "DuplicateColumns",
    "EmptyFile",
    "IngestError",
    "IngestResult",
    "MissingColumns",
    "Problem",
    "QuarantinedRow",
    "SourceMapping",
    "UnreadableFile",
    "discover",
    "ingest_file",
    "quarantine_frame",
    "read_mapping",
    "write_quarantine",
]
