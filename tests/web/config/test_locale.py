"""Spanish first: every label of the web app has its Spanish, and the compiled .mo is current.

The catalogue is written by hand (habeas/web/locale/es/LC_MESSAGES/django.po) and
compiled to django.mo, which is kept in the tree. These tests read both without GNU
gettext: the .po with a small parser, the .mo with Python's :mod:`gettext`.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterator
from pathlib import Path

from django.apps import AppConfig, apps
from django.conf import settings
from django.contrib import admin
from django.utils import translation
from django.utils.functional import Promise

import habeas.web

LOCALE = Path(habeas.web.__file__).parent / "locale"
PO = LOCALE / "es" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _lazy_strings() -> Iterator[Promise]:
    for config in apps.get_app_configs():
        if config.name.startswith("habeas."):
            yield from _app_strings(config)
    for _, label in settings.LANGUAGES:
        yield label


def _app_strings(config: AppConfig) -> Iterator[Promise]:
    yield config.verbose_name
    for model in config.get_models():
        yield model._meta.verbose_name
        yield model._meta.verbose_name_plural
        for field in model._meta.get_fields():
            yield getattr(field, "verbose_name", None)
            yield getattr(field, "help_text", None)
            for _, label in getattr(field, "choices", None) or ():
                yield label
        model_admin = admin.site._registry.get(model)
        for name in getattr(model_admin, "list_display", ()):
            attribute = getattr(model_admin, name, None)
            yield getattr(attribute, "short_description", None)


def msgids() -> set[str]:
    """The English source of every translatable label of the web app."""
    with translation.override(None):
        return {str(s) for s in _lazy_strings() if isinstance(s, Promise) and str(s)}


def test_every_label_of_the_web_app_has_its_spanish(
    read_po: Callable[[Path], dict[str, str]],
) -> None:
    catalogue = read_po(PO)
    missing = sorted(m for m in msgids() if not catalogue.get(m))
    assert not missing, f"not in {PO.name} (or without msgstr): {missing}"


def test_the_compiled_catalogue_matches_the_po_file(
    read_po: Callable[[Path], dict[str, str]],
) -> None:
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    written = read_po(PO)
    assert {k: v for k, v in compiled.items() if k} == {k: v for k, v in written.items() if k}


def test_the_record_model_speaks_spanish_by_default_and_english_when_asked() -> None:
    from habeas.web.cases.models import Record

    meta = Record._meta
    with translation.override("es"):
        assert str(meta.verbose_name) == "registro"
        assert str(meta.verbose_name_plural) == "registros"
        assert str(meta.get_field("arrest_date").verbose_name) == "fecha de captura"
        assert str(meta.get_field("surname_1").verbose_name) == "primer apellido"
        assert str(meta.get_field("dui_status").verbose_name) == "estado del DUI"
        assert dict(meta.get_field("dui_status").choices)["bad_check_digit"] == (
            "dígito verificador incorrecto"
        )
    with translation.override("en"):
        assert str(meta.verbose_name) == "record"
        assert str(meta.get_field("arrest_date").verbose_name) == "arrest date"
        assert str(meta.get_field("surname_1").verbose_name) == "surname 1"


def test_the_po_file_has_no_label_the_app_no_longer_uses(
    read_po: Callable[[Path], dict[str, str]],
) -> None:
    stale = sorted(set(read_po(PO)) - msgids() - {""})
    assert not stale, f"in {PO.name} but used nowhere: {stale}"
