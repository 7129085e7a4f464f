"""Set Django up for the CLI: settings, app registry and an up-to-date database.

Every ``habeas`` command that touches the database calls :func:`setup` first, so the
database is created and migrated on first use by any command, with no separate
``migrate`` step to forget.
"""

from __future__ import annotations

import os

SETTINGS_MODULE = "habeas.web.config.settings"


def setup(database_url: str | None = None, *, migrate: bool = True) -> None:
    """Configure Django and bring the database schema up to date.

    Parameters
    ----------
    database_url
        Overrides ``DATABASE_URL`` for this process. Ignored when Django is already
        configured (inside the test suite or ``manage.py``): the running settings win.
    migrate
        Apply any unapplied migrations, quietly (creates an SQLite file on first use).

    Examples
    --------
    >>> from habeas.web.bootstrap import setup
    >>> setup()  # doctest: +SKIP
    """
    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
        if database_url:
            os.environ["DATABASE_URL"] = database_url
        django.setup()
    if migrate:
        migrate_if_needed()


def unapplied_migrations() -> list[tuple[str, str]]:
    """(app, migration) pairs that the default database still lacks."""
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections["default"])
    targets = executor.loader.graph.leaf_nodes()
    return [(m.app_label, m.name) for m, _ in executor.migration_plan(targets)]


def migrate_if_needed() -> bool:
    """Apply unapplied migrations quietly; True if there were any."""
    if not unapplied_migrations():
        return False
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    return True
