"""Typed readers of the environment for :mod:`habeas.web.config.settings`.

Each reader takes the variable's name and a default, and raises
``ImproperlyConfigured`` on a malformed value, so a typo in a deployment stops the
process at start-up instead of running with a surprising configuration. Secrets may
also be given as a file: ``NAME_FILE=/run/secrets/name`` (Docker and systemd
credentials), which wins over ``NAME``.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    """The variable's value, read from ``NAME_FILE`` when that is set; None if unset or empty."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            value = Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_name}: {exc}") from exc
        return value or None
    value = os.environ.get(name)
    return value if value not in (None, "") else None


def env_str(name: str, default: str | None = None) -> str | None:
    """A text setting (``NAME`` or the contents of ``NAME_FILE``).

    Examples
    --------
    >>> env_str("HABEAS_UNSET_EXAMPLE", "fallback")
    'fallback'
    """
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no setting: 1/0, true/false, yes/no, on/off (any case)."""
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a yes/no value (use 1/0, true/false)")


def env_int(name: str, default: int) -> int:
    """An integer setting."""
    value = _raw(name)
    if value is None:
        return default
    try:
        return int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list setting (blank items dropped)."""
    value = _raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]
