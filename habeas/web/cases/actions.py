"""Writes of the cases app. Every change to case data goes through a function here.

Each action runs in one transaction: it either happens entirely or not at all. The
:class:`~habeas.web.cases.models.ImportBatch` row is the audit record of an import
(who, when, which file and mapping, with what outcome); the values a re-import
replaces are kept as :class:`~habeas.web.cases.models.RecordRevision` rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from habeas import __version__
from habeas.domain.custody import CustodyError, steps_from_record
from habeas.domain.progress import ProgressCallback, no_progress
from habeas.ingest.problems import Problem
from habeas.web.cases.bulk import insert_rows
from habeas.web.cases.keys import mapping_fingerprint, quarantined_record_id
from habeas.web.cases.models import (
    RECORD_FIELDS,
    CustodyStep,
    ImportBatch,
    QuarantinedRow,
    Record,
    RecordRevision,
    Source,
)
from habeas.web.cases.quarantine import QuarantineEntry, resolve_quarantine
from habeas.web.cases.rows import StoredRow, json_safe, prepare_rows, without_nul

if TYPE_CHECKING:
    from habeas.ingest import IngestResult, SourceMapping

#: Rows per INSERT/UPDATE statement group.
BATCH_SIZE = 2000
#: Quarantine reasons an :class:`ImportSummary` carries for display.
MAX_PROBLEMS = 5


@dataclass(frozen=True)
class ImportSummary:
    """What one import did: counts, and the first few reasons rows were quarantined.

    ``already_imported`` is True when the same file (same SHA-256) had been imported
    for the source before with the same mapping; then nothing was added and
    ``imported_on`` says when. ``remapped`` is True when the same file had been
    imported with another mapping, so it was read again with this one.

    ``absent`` counts the records of the source stored before that this file does not
    list (neither accepted nor quarantined): they are kept, never deleted.
    ``resolved`` counts quarantined rows of earlier imports whose ``record_id`` this
    import accepted; ``superseded`` those whose ``record_id`` it quarantined again.
    """

    source: str
    file: str
    sheet: str | None
    rows: int
    imported: int
    updated: int
    unchanged: int
    quarantined: int
    warnings: int
    already_imported: bool = False
    imported_on: datetime | None = None
    problems: tuple[Problem, ...] = ()
    batch_id: int | None = None
    absent: int = 0
    resolved: int = 0
    superseded: int = 0
    remapped: bool = False

    def __str__(self) -> str:
        if self.already_imported:
            when = f"{self.imported_on:%d/%m/%Y %H:%M}" if self.imported_on else "an earlier run"
            return f"{self.source}: {self.file} already imported on {when}; nothing added"
        text = (
            f"{self.source}: {self.file}: {self.rows} rows, {self.imported} imported, "
            f"{self.updated} updated, {self.unchanged} unchanged, "
            f"{self.quarantined} quarantined, {self.warnings} warnings"
        )
        if self.resolved:
            text += f", {self.resolved} earlier quarantined rows resolved"
        if self.absent:
            text += f"; {self.absent} records of this source are not in this file (kept)"
        return text


def import_result(
    result: IngestResult,
    *,
    imported_by: str = "",
    progress: ProgressCallback | None = None,
) -> ImportSummary:
    """Store an ingested file: records, custody steps and quarantined rows, in one transaction.

    New ``record_id`` values are added; a record whose raw cells or normalised values
    changed is updated and its previous values kept as a revision; identical records
    are left alone. Importing the same file (same SHA-256) for a source again adds
    nothing. Rows the database cannot hold (a value longer than its column, a missing
    or repeated ``record_id``) go to quarantine with the reason, like invalid rows.

    Parameters
    ----------
    result
        What :func:`habeas.ingest.ingest_file` read from one file.
    imported_by
        Who ran the import (the CLI passes the login name), kept on the batch.
    progress
        ``progress(step, done, total)`` callback.

    Returns
    -------
    ImportSummary

    Examples
    --------
    >>> summary = import_result(ingest_file(path, mapping))  # doctest: +SKIP
    >>> summary.imported, summary.quarantined  # doctest: +SKIP
    (790, 22)
    """
    progress = progress or no_progress
    mapping = result.mapping
    mapping_dict = json_safe(mapping.to_dict())
    fingerprint = mapping_fingerprint(mapping_dict)
    file_name = result.file.name
    with transaction.atomic():
        source = _upsert_source(mapping)
        same_file = ImportBatch.objects.filter(source=source, sha256=result.sha256)
        earlier = same_file.filter(mapping_fingerprint=fingerprint).first()
        if earlier is not None:
            return ImportSummary(
                source=source.code,
                file=file_name,
                sheet=result.sheet,
                rows=result.n_rows,
                imported=0,
                updated=0,
                unchanged=0,
                quarantined=0,
                warnings=0,
                already_imported=True,
                imported_on=timezone.localtime(earlier.finished or earlier.started),
                batch_id=earlier.pk,
            )
        remapped = same_file.exists()
        batch = ImportBatch.objects.create(
            source=source,
            file_name=file_name,
            sheet=result.sheet,
            sha256=result.sha256,
            encoding=result.encoding,
            mapping=mapping_dict,
            mapping_fingerprint=fingerprint,
            started=timezone.now(),
            n_rows=result.n_rows,
            habeas_version=__version__,
            imported_by=imported_by,
        )
        rows, refused = prepare_rows(result)
        quarantined = [
            QuarantineEntry(
                q.row, q.raw, tuple(q.problems), quarantined_record_id(q.raw, mapping_dict, q.row)
            )
            for q in result.quarantined
        ] + [
            QuarantineEntry(row, raw, problems, quarantined_record_id(raw, mapping_dict, row))
            for row, raw, problems in refused
        ]
        new, changed, unchanged, stored_ids = _split_by_existing(source, rows)
        accepted_ids = {row.record_id for row in rows}
        quarantined_ids = {q.record_id for q in quarantined if q.record_id is not None}
        absent = len(stored_ids - accepted_ids - quarantined_ids)
        total = len(new) + len(changed) + len(quarantined)
        done = 0

        def advance(n: int) -> None:
            nonlocal done
            done += n
            progress("storing", done, total)

        progress("storing", 0, total)
        _create_records(source, batch, new, advance)
        _update_records(batch, changed, advance)
        _store_quarantine(batch, quarantined, advance)
        resolution = resolve_quarantine(batch, accepted_ids, quarantined_ids)

        problems = [p for q in quarantined for p in q.problems if p.is_error]
        n_warnings = len(result.warnings)
        batch.n_imported = len(new)
        batch.n_updated = len(changed)
        batch.n_unchanged = len(unchanged)
        batch.n_quarantined = len(quarantined)
        batch.n_warnings = n_warnings
        batch.n_absent = absent
        batch.finished = timezone.now()
        batch.save()
    return ImportSummary(
        source=source.code,
        file=file_name,
        sheet=result.sheet,
        rows=result.n_rows,
        imported=len(new),
        updated=len(changed),
        unchanged=len(unchanged),
        quarantined=len(quarantined),
        warnings=n_warnings,
        problems=tuple(problems[:MAX_PROBLEMS]),
        batch_id=batch.pk,
        absent=absent,
        resolved=resolution.imported,
        superseded=resolution.superseded,
        remapped=remapped,
    )


def _upsert_source(mapping: SourceMapping) -> Source:
    kind = str(getattr(mapping, "kind", None) or "other")
    defaults = {"name": mapping.name or mapping.code, "kind": kind, "official": kind == "official"}
    source, created = Source.objects.get_or_create(code=mapping.code, defaults=defaults)
    if not created and any(getattr(source, k) != v for k, v in defaults.items()):
        for key, value in defaults.items():
            setattr(source, key, value)
        source.save(update_fields=list(defaults))
    return source


#: What makes a stored record "changed": its raw cells or its normalised values. Not its
#: warnings: they are sentences about the values, and a new wording or language of the
#: messages must not turn every record with a warning into a revision.
_COMPARED = ("raw", "dui_status", *RECORD_FIELDS)
#: What an update writes (a changed record gets the warnings of its new values).
_STORED = (*_COMPARED, "warnings")


def _split_by_existing(
    source: Source, rows: list[StoredRow]
) -> tuple[list[StoredRow], list[tuple[StoredRow, dict[str, Any]]], list[StoredRow], set[str]]:
    """New rows; changed rows with their stored values; unchanged rows; every stored id."""
    stored = {
        values["record_id"]: values
        for values in Record.objects.filter(source=source).values(
            "id", "record_id", "batch_id", "row", *_STORED
        )
    }
    new, changed, unchanged = [], [], []
    for row in rows:
        old = stored.get(row.record_id)
        if old is None:
            new.append(row)
        elif all(old[name] == row.field(name) for name in _COMPARED):
            unchanged.append(row)
        else:
            changed.append((row, old))
    return new, changed, unchanged, set(stored)


def _record(source: Source, batch: ImportBatch, row: StoredRow) -> Record:
    return Record(
        source=source,
        batch=batch,
        record_id=row.record_id,
        row=row.row,
        raw=row.raw,
        dui_status=row.dui_status,
        warnings=row.warnings,
        **row.values,
    )


def _create_records(
    source: Source, batch: ImportBatch, rows: list[StoredRow], advance: Callable[[int], None]
) -> None:
    # One timestamp for the batch, prepared for the database once.
    now = Record._meta.get_field("created").get_db_prep_save(timezone.now(), connection)
    names = ("source_id", "batch_id", "record_id", "row", "raw", "dui_status", "warnings")
    names += ("created", "updated", *RECORD_FIELDS)
    values = (
        (
            *(source.pk, batch.pk, r.record_id, r.row, r.raw, r.dui_status, r.warnings, now, now),
            *(r.values[name] for name in RECORD_FIELDS),
        )
        for r in rows
    )
    done = 0

    def inserted(total: int) -> None:
        nonlocal done
        advance(total - done)
        done = total

    insert_rows(Record, names, values, ready=("created", "updated"), progress=inserted)
    ids = dict(Record.objects.filter(batch=batch).values_list("record_id", "id"))
    _create_steps(source.code, ((ids[row.record_id], row) for row in rows))


def _update_records(
    batch: ImportBatch,
    changed: list[tuple[StoredRow, dict[str, Any]]],
    advance: Callable[[int], None],
) -> None:
    for start in range(0, len(changed), BATCH_SIZE):
        chunk = changed[start : start + BATCH_SIZE]
        RecordRevision.objects.bulk_create(
            [
                RecordRevision(
                    record_id=old["id"],
                    batch_id=old["batch_id"],
                    replaced_by=batch,
                    row=old["row"],
                    raw=old["raw"],
                    values={name: old[name] for name in RECORD_FIELDS},
                    dui_status=old["dui_status"],
                    warnings=old["warnings"],
                )
                for _, old in chunk
            ]
        )
        records = []
        for row, old in chunk:
            record = _record(batch.source, batch, row)
            record.pk = old["id"]
            records.append(record)
        Record.objects.bulk_update(
            records, ["batch", "row", *_STORED], batch_size=max(1, BATCH_SIZE // 4)
        )
        CustodyStep.objects.filter(record_id__in=[old["id"] for _, old in chunk]).delete()
        _create_steps(batch.source.code, ((old["id"], row) for row, old in chunk))
        advance(len(chunk))


def _create_steps(source_code: str, pairs: Iterable[tuple[int, StoredRow]]) -> None:
    def steps() -> Iterator[tuple[object, ...]]:
        for record_pk, row in pairs:
            canonical = {"source": source_code, "record_id": row.record_id, **row.values}
            try:
                record_steps = steps_from_record(canonical)
            except CustodyError as exc:  # ingest writes canonical dates: this is a bug
                where = f"{source_code} record {row.record_id!r}, row {row.row}"
                raise CustodyError(f"{where}: {exc}") from exc
            for position, step in enumerate(record_steps):
                yield (
                    record_pk,
                    position,
                    str(step.kind),
                    step.date.iso(),
                    str(step.date.precision),
                    step.centre,
                    step.note,
                )

    names = ("record_id", "position", "kind", "date", "precision", "centre", "note")
    insert_rows(CustodyStep, names, steps())


def _store_quarantine(
    batch: ImportBatch,
    quarantined: list[QuarantineEntry],
    advance: Callable[[int], None],
) -> None:
    for start in range(0, len(quarantined), BATCH_SIZE):
        chunk = quarantined[start : start + BATCH_SIZE]
        QuarantinedRow.objects.bulk_create(
            [
                QuarantinedRow(
                    batch=batch,
                    row=q.row,
                    record_id=without_nul(q.record_id),
                    raw=json_safe(q.raw),
                    problems=[json_safe(p.to_dict()) for p in q.problems],
                )
                for q in chunk
            ]
        )
        advance(len(chunk))
