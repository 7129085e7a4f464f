"""The settings: database from DATABASE_URL, language, time zone, the secret key."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from habeas.web.config.serving import INSECURE_SECRET_KEY, refuse_insecure_key
from habeas.web.config.settings import database_settings


def test_the_default_database_is_an_sqlite_file_in_the_current_folder_in_wal_mode(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    config = database_settings(None)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "habeas.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_a_postgres_url_names_server_and_database() -> None:
    config = database_settings("postgres://habeas@db.internal:5433/casos")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "casos")
    assert "OPTIONS" not in config or "init_command" not in config["OPTIONS"]


def test_a_malformed_database_url_stops_start_up() -> None:
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_settings("mongodb://somewhere/casos")


def test_the_interface_is_spanish_first_in_el_salvador_time() -> None:
    assert settings.LANGUAGE_CODE == "es"
    assert [code for code, _ in settings.LANGUAGES] == ["es", "en"]
    assert settings.TIME_ZONE == "America/El_Salvador"
    assert settings.USE_TZ


def test_serving_refuses_the_public_fallback_key() -> None:
    with (
        override_settings(SECRET_KEY=INSECURE_SECRET_KEY, DEBUG=False),
        pytest.raises(ImproperlyConfigured, match="HABEAS_SECRET_KEY"),
    ):
        refuse_insecure_key()


def test_serving_accepts_a_real_key_or_debug_mode() -> None:
    with override_settings(SECRET_KEY="a-real-secret-from-the-vault", DEBUG=False):
        refuse_insecure_key()
    with override_settings(SECRET_KEY=INSECURE_SECRET_KEY, DEBUG=True):
        refuse_insecure_key()
