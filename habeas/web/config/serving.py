"""Checks made only by the processes that serve HTTP (wsgi, asgi, runserver)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

#: Public fallback key for processes that never serve HTTP (CLI, tests, migrations).
INSECURE_SECRET_KEY = "insecure-habeas-key-for-the-cli-and-tests-never-serve-with-it"


def refuse_insecure_key() -> None:
    """Stop a serving process that would sign cookies with the public fallback key.

    Raises
    ------
    ImproperlyConfigured
        When ``HABEAS_SECRET_KEY`` is unset and ``DEBUG`` is off.
    """
    if settings.SECRET_KEY == INSECURE_SECRET_KEY and not settings.DEBUG:
        raise ImproperlyConfigured(
            "HABEAS_SECRET_KEY (or HABEAS_SECRET_KEY_FILE) must be set to serve the web app"
        )
