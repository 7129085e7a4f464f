"""Migrations keep earlier data valid: imports before a schema change still match."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from habeas import __version__
from habeas.ingest import ingest_file, read_mapping
from habeas.web.cases import actions
from habeas.web.cases.actions import import_result
from habeas.web.cases.models import QuarantinedRow

if TYPE_CHECKING:
    from django.apps.registry import Apps

    from tests.conftest import ListMaker

pytestmark = [pytest.mark.django, pytest.mark.django_db(transaction=True)]

BEFORE = [("cases", "0001_initial")]


@pytest.fixture
def old_schema() -> Iterator[Apps]:
    """The database as migration 0001 left it; migrated to the latest afterwards."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        yield executor.loader.project_state(BEFORE).apps
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_a_file_imported_before_the_fingerprint_is_still_already_imported(
    lists: ListMaker, old_schema: Apps
) -> None:
    # given an import stored by the first schema, with one row quarantined
    written = lists.write(lists.csv(lists.rows(3, **{"CDH-0002": {"Sexo": "Z"}})))
    result = ingest_file(written.path, read_mapping(written.mapping))
    model: Any = old_schema.get_model
    source = model("cases", "Source").objects.create(code="cdh", name="CDH", kind="ngo")
    batch = model("cases", "ImportBatch").objects.create(
        source=source,
        file_name=written.path.name,
        sha256=result.sha256,
        mapping=actions.json_safe(result.mapping.to_dict()),
        started=timezone.now(),
        habeas_version=__version__,
    )
    [quarantined] = result.quarantined
    model("cases", "QuarantinedRow").objects.create(
        batch=batch, row=quarantined.row, raw=quarantined.raw, problems=[]
    )
    # when the schema is brought up to date
    migrate_to_latest()
    # then the same file with the same mapping adds nothing
    again = import_result(ingest_file(written.path, read_mapping(written.mapping)))
    assert again.already_imported
    # and the old quarantined row carries its record_id, so a fixed list resolves it
    assert QuarantinedRow.objects.get().record_id == "CDH-0002"
    fixed = lists.write(lists.csv(lists.rows(3)))
    summary = import_result(ingest_file(fixed.path, read_mapping(fixed.mapping)))
    assert summary.resolved == 1
