"""The typed environment readers behind the settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from habeas.web.config.env import env_bool, env_int, env_list, env_str


def test_it_uses_the_default_when_a_variable_is_unset_or_empty(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("HABEAS_EXAMPLE", raising=False)
    assert env_bool("HABEAS_EXAMPLE", True) is True
    monkeypatch.setenv("HABEAS_EXAMPLE", "")
    assert env_int("HABEAS_EXAMPLE", 5) == 5
    assert env_str("HABEAS_EXAMPLE", "x") == "x"


@pytest.mark.parametrize(("text", "value"), [("1", True), ("Yes", True), ("off", False)])
def test_it_reads_yes_and_no(monkeypatch: pytest.MonkeyPatch, text: str, value: bool) -> None:
    monkeypatch.setenv("HABEAS_EXAMPLE", text)
    assert env_bool("HABEAS_EXAMPLE") is value


def test_it_refuses_a_malformed_yes_no_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HABEAS_DEBUG", "sí, claro")
    with pytest.raises(ImproperlyConfigured, match="HABEAS_DEBUG"):
        env_bool("HABEAS_DEBUG")


def test_it_refuses_a_number_that_is_not_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HABEAS_DB_CONN_MAX_AGE", "60s")
    with pytest.raises(ImproperlyConfigured, match="HABEAS_DB_CONN_MAX_AGE='60s'"):
        env_int("HABEAS_DB_CONN_MAX_AGE", 0)


def test_it_reads_a_secret_from_the_file_named_by_name_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "secret_key"
    secret.write_text("clave-secreta-de-la-instalación\n", encoding="utf-8")
    monkeypatch.setenv("HABEAS_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("HABEAS_SECRET_KEY_FILE", str(secret))
    assert env_str("HABEAS_SECRET_KEY") == "clave-secreta-de-la-instalación"


def test_it_refuses_a_secret_file_that_cannot_be_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HABEAS_SECRET_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="HABEAS_SECRET_KEY_FILE"):
        env_str("HABEAS_SECRET_KEY")


def test_it_splits_a_comma_separated_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HABEAS_ALLOWED_HOSTS", "habeas.example.org, ,localhost")
    assert env_list("HABEAS_ALLOWED_HOSTS", []) == ["habeas.example.org", "localhost"]
