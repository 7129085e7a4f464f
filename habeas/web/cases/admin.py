"""Read-only admin views of the imported data.

Case data changes only through :mod:`habeas.web.cases.actions` (audited writes), so the
admin shows it and never edits it.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from habeas.web.cases import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(models.Source)
class SourceAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "official", "created")


@admin.register(models.ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ("source", "file_name", "started", "n_rows", "n_imported", "n_quarantined")
    list_filter = ("source",)


@admin.register(models.Record)
class RecordAdmin(ReadOnlyAdmin):
    list_display = ("source", "record_id", "full_name", "dui", "arrest_date", "person")
    list_filter = ("source",)
    search_fields = ("record_id", "full_name", "surname_1", "dui")


@admin.register(models.QuarantinedRow)
class QuarantinedRowAdmin(ReadOnlyAdmin):
    list_display = ("batch", "row", "resolved")
    list_filter = ("resolved", "batch__source")
