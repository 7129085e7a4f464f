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
from habeas.ingest.mapping import SourceMapping
from habeas.ingest.mapping_files import discover, read_mapping
from habeas.ingest.messages import MESSAGES, get_language, set_language
from habeas.ingest.problems import Issue, Problem
from habeas.ingest.quarantine import QuarantinedRow, quarantine_frame, write_quarantine

__all__ = [
    "EXTRA_COLUMNS",
    "MESSAGES",
    "BadMapping",
    "DuplicateColumns",
    "EmptyFile",
    "IngestError",
    "IngestResult",
    "Issue",
    "MissingColumns",
    "Problem",
    "QuarantinedRow",
    "SourceMapping",
    "UnreadableFile",
    "discover",
    "get_language",
    "ingest_file",
    "quarantine_frame",
    "read_mapping",
    "set_language",
    "write_quarantine",
]
