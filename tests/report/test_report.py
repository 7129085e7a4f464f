"""The report a director hands over: self-contained, in Spanish and English, every share honest."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from habeas.report.render import render_html

# Attributes through which a browser would fetch something.
_FETCHING = {"src", "href", "xlink:href", "srcset", "poster", "data", "action", "background"}


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in _FETCHING and value is not None:
                self.found.append((tag, name, value))
        if tag in ("script", "iframe", "embed", "object"):
            self.found.append((tag, "", ""))


def external_references(html: str) -> list[str]:
    """Everything in ``html`` that would make a browser load something from elsewhere."""
    parser = _References()
    parser.feed(html)
    bad = [
        f"<{tag} {name}={value!r}>"
        for tag, name, value in parser.found
        if not (value.startswith("#") or value.startswith("data:"))
    ]
    bad += re.findall(r"url\(\s*['\"]?(?!#|data:)[^)]*\)", html)
    bad += re.findall(r"@import[^;]*;", html)
    return bad


def test_the_report_loads_nothing_from_outside(written_report) -> None:
    html = written_report.html.read_text(encoding="utf-8")
    assert external_references(html) == []
    assert "<script" not in html  # charts are inline SVG: nothing to run
    assert html.count("src: url(data:font/woff2;base64,") == 2  # the fonts travel with it


def test_the_external_reference_check_catches_what_a_browser_would_load() -> None:
    assert external_references('<img src="https://x.org/a.png">')
    assert external_references('<link rel="stylesheet" href="style.css">')
    assert external_references("<style>body{background:url(http://x.org/b.png)}</style>")
    assert external_references('<script src="app.js"></script>')
    assert external_references('<a href="#deaths">ok</a><svg><use href="#clip1"/></svg>') == []


def test_the_report_is_in_spanish_by_default_and_in_english_on_request(small_report) -> None:
    spanish = render_html(small_report)
    english = render_html(small_report, "en")
    assert '<html lang="es">' in spanish and '<html lang="en">' in english
    assert "Cifras principales" in spanish and "Headline figures" in english
    assert "Metodología" in spanish and "Methods" in english
    # dd/mm/yyyy in both languages.
    assert "31/03/2026" in spanish and "31/03/2026" in english


def test_headline_counts_people_not_records(small_report) -> None:
    people = small_report.inputs.records["person_id"].nunique()
    assert small_report.indicators.people == people < len(small_report.inputs.records)
    html = render_html(small_report, "en")
    assert f">{people:,}<" in html


def test_every_share_names_its_denominator_and_its_unknowns(small_report) -> None:
    html = render_html(small_report, "es")
    lines = re.findall(r"<li>(.*?)</li>", html, flags=re.S)
    shares = [line for line in lines if "respuesta conocida" in line]
    assert len(shares) >= 6
    assert all("se desconoce para" in line for line in shares)


def test_the_methods_section_says_how_linkage_and_estimation_were_done(small_report) -> None:
    html = render_html(small_report, "en")
    methods = html[html.index('id="methods"') :]
    assert "Fellegi-Sunter" in methods
    assert small_report.estimates.method in methods
    assert "habeas indicators --json" in methods
    for source in small_report.inputs.records["source"].unique():
        assert f"<td>{source}</td>" in methods


def test_unsupported_language_is_a_clear_error(small_report) -> None:
    import pytest

    with pytest.raises(ValueError, match="es or en"):
        render_html(small_report, "fr")


def test_indicators_json_holds_every_figure_of_the_report(small_report) -> None:
    import json

    data = json.loads(json.dumps(small_report.to_dict(), allow_nan=False))
    assert data["people"] == small_report.indicators.people
    assert data["indicators"]["due_process"]["hearing_limits"][0]["limit_code"] == "iccpr_48h"
    headline = data["estimates"]["detentions"]["headline"]
    assert headline["method"] == data["estimates"]["method"]
    assert headline["lower"] <= headline["estimate"] <= headline["upper"]
    assert data["snapshot"] == "2026-03-31"
