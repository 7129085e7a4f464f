"""The report speaks Spanish first: every sentence translated, the compiled .mo current."""

from __future__ import annotations

import ast
import gettext
from collections.abc import Callable
from pathlib import Path

import habeas.report

LOCALE = Path(habeas.report.__file__).parent / "locale"
PO = LOCALE / "es" / "LC_MESSAGES" / "django.po"


def _gettext_calls() -> set[str]:
    """Every literal passed to ``_()`` in the report's modules."""
    found = set()
    for path in Path(habeas.report.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    return found


def test_every_sentence_of_the_report_has_its_spanish(
    read_po: Callable[[Path], dict[str, str]],
) -> None:
    entries = read_po(PO)
    assert not [msgid for msgid, msgstr in entries.items() if msgid and not msgstr]
    missing = _gettext_calls() - set(entries)
    assert not missing, f"run makemessages in habeas/report (see habeas/report/i18n.py): {missing}"


def test_the_compiled_catalogue_is_current(read_po: Callable[[Path], dict[str, str]]) -> None:
    with (PO.with_suffix(".mo")).open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    entries = read_po(PO).items()
    stale = {msgid for msgid, msgstr in entries if msgid and compiled.gettext(msgid) != msgstr}
    assert not stale, "recompile: msgfmt -o django.mo django.po (habeas/report/i18n.py)"
