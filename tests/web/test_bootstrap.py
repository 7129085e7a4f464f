"""Any command creates and migrates the database on first use."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = """
from django.conf import settings
from habeas.web.bootstrap import setup, unapplied_migrations
setup()
print("debug", settings.DEBUG)
print("unapplied", len(unapplied_migrations()))
"""


def run_python(code: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=environment, capture_output=True, text=True
    )


@pytest.fixture
def fresh_folder(tmp_path: Path) -> Path:
    return tmp_path


def test_setup_creates_and_migrates_an_sqlite_file_in_the_current_folder(
    fresh_folder: Path,
) -> None:
    # given a folder without a database, and no DATABASE_URL
    # when
    done = run_python(SCRIPT, fresh_folder, DATABASE_URL="", HABEAS_DEBUG="")
    # then
    assert done.returncode == 0, done.stderr
    assert "unapplied 0" in done.stdout
    assert "debug False" in done.stdout  # off unless asked for
    database = fresh_folder / "habeas.sqlite3"
    with sqlite3.connect(database) as connection:
        tables = {row[0] for row in connection.execute("select name from sqlite_master")}
        (mode,) = connection.execute("pragma journal_mode").fetchone()
    assert {"cases_record", "cases_importbatch", "cases_quarantinedrow"} <= tables
    assert mode == "wal"


def test_setup_on_an_up_to_date_database_changes_nothing(fresh_folder: Path) -> None:
    url = f"sqlite:///{fresh_folder / 'casos.sqlite3'}"
    assert run_python(SCRIPT, fresh_folder, DATABASE_URL=url).returncode == 0
    again = run_python(SCRIPT, fresh_folder, DATABASE_URL=url)
    assert again.returncode == 0, again.stderr
    assert "unapplied 0" in again.stdout
    assert not (fresh_folder / "habeas.sqlite3").exists()


def test_a_malformed_setting_stops_the_command_with_its_name(fresh_folder: Path) -> None:
    done = run_python(SCRIPT, fresh_folder, DATABASE_URL="", HABEAS_DEBUG="quizás")
    assert done.returncode != 0
    assert "HABEAS_DEBUG='quizás' is not a yes/no value" in done.stderr


@pytest.mark.django
def test_setup_creates_the_tables_in_an_empty_postgres_database(fresh_folder: Path) -> None:
    # Runs in the PostgreSQL pass of `make test`: a fresh database, migrated on first use.
    from django.conf import settings

    server = settings.DATABASES["default"]
    if server["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("needs DATABASE_URL=postgres://...")
    import psycopg

    name = "habeas_bootstrap_check"
    base = f"postgres://{server['USER']}@{server['HOST']}:{server['PORT']}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    try:
        done = run_python(SCRIPT, fresh_folder, DATABASE_URL=f"{base}/{name}")
        assert done.returncode == 0, done.stderr
        assert "unapplied 0" in done.stdout
        with psycopg.connect(f"{base}/{name}") as connection:
            found = connection.execute("select to_regclass('cases_record')").fetchone()
        assert found == ("cases_record",)
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
