"""Django settings of habeas, read from the environment (healthchecks style).

Every value has a default that is safe on a laptop: an SQLite file in the current
folder, ``DEBUG`` off (case data is sensitive even on a test install). Malformed
values raise ``ImproperlyConfigured`` at start-up.

Environment:

- ``DATABASE_URL``: database, e.g. ``postgres://user@host:5432/habeas``; default an
  SQLite file ``habeas.sqlite3`` in the current folder (WAL mode).
- ``HABEAS_SECRET_KEY`` (or ``HABEAS_SECRET_KEY_FILE``): signing key of the web app.
- ``HABEAS_DEBUG``: ``1`` to turn on Django's debug mode (development only).
- ``HABEAS_ALLOWED_HOSTS``: comma-separated host names the web app answers to.
- ``HABEAS_DB_CONN_MAX_AGE``: seconds to keep database connections open (default 0).
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from habeas.web.config.env import env_bool, env_int, env_list, env_str
from habeas.web.config.serving import INSECURE_SECRET_KEY

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("HABEAS_DEBUG", False)

# The secret key signs sessions, CSRF tokens and password-reset links: it only matters
# to a process that serves HTTP. The CLI, the test suite and `manage.py migrate` never
# do, so they may run on a fixed, public, clearly insecure key rather than demand a
# secret on every laptop. The serving entry points (wsgi.py, asgi.py, runserver) refuse
# that key unless DEBUG is on (serving.refuse_insecure_key). (Issue 7 hardens production.)
SECRET_KEY = env_str("HABEAS_SECRET_KEY") or INSECURE_SECRET_KEY

ALLOWED_HOSTS = env_list("HABEAS_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "habeas.web.cases",
    "habeas.web.analysis",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "habeas.web.config.urls"
WSGI_APPLICATION = "habeas.web.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def database_settings(url: str | None) -> dict[str, object]:
    """The ``default`` database from a ``DATABASE_URL`` (None or empty: the SQLite file).

    Examples
    --------
    >>> database_settings("postgres://postgres@127.0.0.1:5432/habeas")["ENGINE"]
    'django.db.backends.postgresql'
    """
    url = url or f"sqlite:///{Path.cwd() / 'habeas.sqlite3'}"
    try:
        config = dict(dj_database_url.parse(url, conn_max_age=env_int("HABEAS_DB_CONN_MAX_AGE", 0)))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL={url!r} is not a database URL: {exc}") from exc
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            # WAL lets readers work while an import writes; NORMAL is durable in WAL mode.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            # Take the write lock at BEGIN, so two writers queue instead of failing with
            # "database is locked" half-way through a transaction.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return config


DATABASES = {"default": database_settings(env_str("DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Spanish first: the people who document cases work in Spanish.
LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Español")), ("en", _("English"))]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "America/El_Salvador"
# habeas/web/locale/es/LC_MESSAGES/django.po is written by hand and its compiled
# django.mo is kept in the tree, so a machine without GNU gettext (msgfmt) still shows
# Spanish. After editing the .po: `manage.py compilemessages -l es --ignore .venv`
# (needs gettext; without --ignore it recompiles every .po under the venv too);
# tests/web/config/test_locale.py fails when the .mo is out of date.
# The report's catalogue (habeas/report/locale) is read too: the CLI renders reports
# with these settings.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR.parent / "report" / "locale"]
# Dates are dd/mm/yyyy in the interface in every language (habeas/web/formats).
FORMAT_MODULE_PATH = ["habeas.web.formats"]

STATIC_URL = "static/"
STATIC_ROOT = env_str("HABEAS_STATIC_ROOT", str(Path.cwd() / "static"))
