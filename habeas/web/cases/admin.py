"""Read-only admin views of the imported data.

Case data changes only through :mod:`habeas.web.cases.actions` (audited writes), so the
admin shows it and never edits it. Dates show as people in El Salvador write them
(dd/mm/yyyy); the stored values stay ISO.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from habeas.domain.dates import PartialDate, format_date_es
from habeas.web.cases import models
from habeas.web.cases.exports import quarantine_reasons


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


def shown_date(iso: str | None) -> str:
    """An ISO date (``2022-03-27`` or ``2022-03``) as ``27/03/2022`` or ``03/2022``.

    Examples
    --------
    >>> shown_date("2022-03-27"), shown_date("2022-03"), shown_date(None)
    ('27/03/2022', '03/2022', '')
    """
    if not iso:
        return ""
    try:
        return format_date_es(PartialDate.from_iso(iso))
    except ValueError:  # not ISO: show what is stored rather than fail the page
        return iso


def shown_names(record: models.Record) -> str:
    """The name parts of a record in reading order, the alias quoted; else the full name."""
    parts = [record.given_names, record.surname_1, record.surname_2]
    if record.married_surname:
        parts.append(f"de {record.married_surname}")
    name = " ".join(p for p in parts if p) or (record.full_name or "")
    if record.alias:
        name = f'{name} "{record.alias}"'.strip()
    return name


@admin.register(models.Source)
class SourceAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "official", "created")
    search_fields = ("code", "name")


@admin.register(models.ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = (
        "source",
        "file_name",
        "started",
        "n_rows",
        "n_imported",
        "n_updated",
        "n_quarantined",
        "n_absent",
    )
    list_filter = ("source",)
    list_select_related = ("source",)
    search_fields = ("file_name", "sha256")


@admin.register(models.Record)
class RecordAdmin(ReadOnlyAdmin):
    list_display = ("source", "record_id", "names", "arrest_date_shown", "dui", "dui_status")
    list_filter = ("source", "dui_status", "sex", "died_in_custody")
    list_select_related = ("source",)
    search_fields = (
        "record_id",
        "full_name",
        "given_names",
        "surname_1",
        "surname_2",
        "married_surname",
        "alias",
        "dui",
    )

    @admin.display(description=_("names"), ordering="surname_1")
    def names(self, record: models.Record) -> str:
        return shown_names(record)

    @admin.display(description=_("arrest date"), ordering="arrest_date")
    def arrest_date_shown(self, record: models.Record) -> str:
        return shown_date(record.arrest_date)


@admin.register(models.QuarantinedRow)
class QuarantinedRowAdmin(ReadOnlyAdmin):
    list_display = ("source", "record_id", "file", "row", "reasons", "resolved", "resolution")
    list_filter = ("resolved", "resolution", "batch__source")
    list_select_related = ("batch__source",)
    search_fields = ("record_id",)

    @admin.display(description=_("source"), ordering="batch__source__code")
    def source(self, row: models.QuarantinedRow) -> str:
        return row.batch.source.code

    @admin.display(description=_("file"), ordering="batch__file_name")
    def file(self, row: models.QuarantinedRow) -> str:
        return row.batch.file_name

    @admin.display(description=_("reasons"))
    def reasons(self, row: models.QuarantinedRow) -> str:
        return quarantine_reasons(row)
