"""Quarantined rows of an import, and how a later import resolves earlier ones.

A team fixes a quarantined row in its list and imports the list again: the record is
accepted, and the earlier quarantined row must stop asking to be fixed. The match is
by source and ``record_id``; a row whose ``record_id`` is blank cannot be matched and
stays until someone resolves it by hand. Used only inside
:func:`habeas.web.cases.actions.import_result`, within its transaction.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from django.utils import timezone

from habeas.web.cases.models import ImportBatch, QuarantinedRow

if TYPE_CHECKING:
    from habeas.ingest.problems import Problem

#: Ids per UPDATE statement (well under SQLite's limit on parameters).
CHUNK = 500


class QuarantineEntry(NamedTuple):
    """One row of a file going to quarantine, with the ``record_id`` it carries (if any)."""

    row: int
    raw: dict[str, str]
    problems: tuple[Problem, ...]
    record_id: str | None


@dataclass(frozen=True)
class Resolution:
    """How many quarantined rows of earlier imports an import resolved, and how."""

    imported: int = 0
    superseded: int = 0


def resolve_quarantine(batch: ImportBatch, accepted: Set[str], quarantined: Set[str]) -> Resolution:
    """Resolve the open quarantined rows of earlier imports of ``batch``'s source.

    A row whose ``record_id`` is in ``accepted`` (this import stored that record) is
    resolved as imported. A row whose ``record_id`` this import quarantined again is
    resolved as superseded: the newer row, with the newer reasons, is the one to fix,
    so the quarantine lists each row once. Other rows stay open.

    Examples
    --------
    >>> resolve_quarantine(batch, {"CDH-0002"}, set())  # doctest: +SKIP
    Resolution(imported=1, superseded=0)
    """
    open_rows = (
        QuarantinedRow.objects.filter(
            batch__source_id=batch.source_id, resolved=False, record_id__isnull=False
        )
        .exclude(batch=batch)
        .values_list("id", "record_id")
    )
    imported: list[int] = []
    superseded: list[int] = []
    for pk, record_id in open_rows:
        if record_id in accepted:
            imported.append(pk)
        elif record_id in quarantined:
            superseded.append(pk)
    now = timezone.now()
    for ids, how in (
        (imported, QuarantinedRow.Resolution.IMPORTED),
        (superseded, QuarantinedRow.Resolution.SUPERSEDED),
    ):
        for start in range(0, len(ids), CHUNK):
            QuarantinedRow.objects.filter(pk__in=ids[start : start + CHUNK]).update(
                resolved=True, resolution=how, resolved_by_batch=batch, resolved_at=now
            )
    return Resolution(imported=len(imported), superseded=len(superseded))
