"""Spanish first: the report's words go through Django's i18n, its numbers are formatted here.

The report is rendered with Django's template engine and translation machinery, the
same as the web app, so one catalogue style serves both
(``habeas/report/locale/es/LC_MESSAGES/django.po``, compiled .mo kept in the tree).
In a notebook with no web settings, :func:`ensure_django` configures the minimum:
no database, no apps, only i18n.

After changing a translatable string: in ``habeas/report``, run
``DJANGO_SETTINGS_MODULE=habeas.web.config.settings django-admin makemessages -l es
--no-location --no-wrap``, translate the new entries, then ``msgfmt --check-format -o
locale/es/LC_MESSAGES/django.mo locale/es/LC_MESSAGES/django.po``;
tests/report/test_locale.py fails while an entry is untranslated or the .mo is stale.

Numbers: Spanish writes ``12.400`` and ``37,5 %``, English ``12,400`` and ``37.5%``;
dates are ``dd/mm/yyyy`` in both, as in the web app.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

LANGUAGES = ("es", "en")
LOCALE_DIR = Path(__file__).parent / "locale"
TEMPLATE_DIR = Path(__file__).parent / "templates"


def ensure_django() -> None:
    """Configure Django for translation if nothing has configured it yet."""
    from django.conf import settings

    if settings.configured:
        return
    import django

    settings.configure(
        USE_I18N=True,
        LANGUAGE_CODE="es",
        LANGUAGES=[("es", "Español"), ("en", "English")],
        LOCALE_PATHS=[str(LOCALE_DIR)],
        INSTALLED_APPS=[],
    )
    django.setup()


def check_lang(lang: str) -> str:
    """``lang`` if the report speaks it, else a clear error."""
    if lang not in LANGUAGES:
        raise ValueError(f"the report is written in {' or '.join(LANGUAGES)}, not {lang!r}")
    return lang


def number(value: float | int | None, lang: str, *, decimals: int = 0) -> str:
    """``12.400`` (es) or ``12,400`` (en); an em dash for None."""
    if value is None:
        return "—"
    text = f"{value:,.{decimals}f}"
    if lang == "es":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def percent(share: float | None, lang: str, *, decimals: int = 1) -> str:
    """``37,5 %`` (es) or ``37.5%`` (en) of a share in 0..1; an em dash for None."""
    if share is None:
        return "—"
    text = number(100 * share, lang, decimals=decimals)
    return f"{text} %" if lang == "es" else f"{text}%"


def day(value: date | str | None) -> str:
    """dd/mm/yyyy (or mm/yyyy for a month-precision ISO date); an em dash for None."""
    if value is None:
        return "—"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    parts = str(value).split("-")
    return "/".join(reversed(parts))
