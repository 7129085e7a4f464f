"""File-level errors of ``habeas import``: nothing of the file is imported.

Row-level trouble never raises: the row goes to quarantine with its reasons
(:mod:`habeas.ingest.quarantine`). These errors are for a file that cannot be read
at all, or a mapping that cannot be trusted; each message names the file (and the
mapping key or the columns) so a user can fix it without reading a traceback.
"""

from __future__ import annotations

from habeas.domain.errors import HabeasError

__all__ = [
    "BadMapping",
    "DuplicateColumns",
    "EmptyFile",
    "IngestError",
    "MissingColumns",
    "UnreadableFile",
]


class IngestError(HabeasError):
    """Base class of the errors that stop a whole file from being imported."""


class BadMapping(IngestError, ValueError):
    """A mapping file is malformed: unknown field, code, option or section."""


class UnreadableFile(IngestError):
    """A list cannot be read: unknown format, wrong encoding, broken XLSX or JSON."""


class DuplicateColumns(UnreadableFile):
    """A column the mapping uses appears more than once in the file's header.

    The importer cannot know which of the two columns is meant. Duplicated
    headers the mapping does not use are kept (the later ones renamed
    ``"Name (2)"``) and do not raise.
    """


class EmptyFile(IngestError):
    """A list has no header, or a header and no data rows."""


class MissingColumns(IngestError):
    """Columns named in the mapping are not in the file's header.

    Attributes
    ----------
    file : str
        The list's file name.
    missing : dict[str, str]
        Canonical field → the column header the mapping expected.
    found : tuple[str, ...]
        The column headers the file has.
    """

    def __init__(self, file: str, missing: dict[str, str], found: tuple[str, ...], hint: str = ""):
        self.file = file
        self.missing = dict(missing)
        self.found = tuple(found)
        listed = ", ".join(f"{h!r} ({f})" for f, h in self.missing.items())
        columns = ", ".join(repr(c) for c in self.found) or "none"
        message = f"{file}: the mapping names columns the file does not have: {listed}. "
        message += f"Columns found: {columns}."
        if hint:
            message += f" {hint}"
        super().__init__(message)
