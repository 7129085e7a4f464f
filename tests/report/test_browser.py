"""A real browser (Debian's Chromium, headless) draws the report; the PDF becomes pages.

Screenshots go to ``test-artifacts/`` (or ``$HABEAS_TEST_ARTIFACTS``) so a person can
look at what the browser drew. Without Chromium or pdftoppm these tests skip, loudly;
CI sets ``HABEAS_REQUIRE_BROWSER=1`` and then they fail instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(os.environ.get("HABEAS_TEST_ARTIFACTS", "test-artifacts"))


def _need(tool: str | None, name: str) -> None:
    if tool is None:
        if os.environ.get("HABEAS_REQUIRE_BROWSER"):
            pytest.fail(f"{name} is required (HABEAS_REQUIRE_BROWSER=1): run scripts/system-deps")
        pytest.skip(f"{name} is not installed: run scripts/system-deps")


@pytest.fixture(scope="module")
def page(written_report):
    _need(CHROMIUM, "Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        tab = browser.new_page(viewport={"width": 1100, "height": 900})
        requests: list[str] = []
        tab.on("request", lambda r: requests.append(r.url))
        tab.goto(written_report.html.resolve().as_uri())
        tab.wait_for_load_state("load")
        tab.requests = requests  # type: ignore[attr-defined]
        yield tab
        browser.close()


def test_the_browser_loads_only_the_file_itself(page) -> None:
    assert [url for url in page.requests if not url.startswith(("file:", "data:"))] == []


def test_the_embedded_fonts_are_the_ones_used(page) -> None:
    statuses = page.evaluate(
        "document.fonts.ready.then(() => Array.from(document.fonts).map(f => f.status))"
    )
    assert statuses == ["loaded", "loaded"]


def test_the_charts_and_the_map_are_drawn(page) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-full.png"), full_page=True)
    charts = page.query_selector_all("figure.chart svg")
    assert len(charts) >= 8
    for chart in charts:
        box = chart.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 60
        marks = chart.eval_on_selector_all("path, rect, line", "els => els.length")
        assert marks > 3
    # The map: 14 departments, filled with more than one colour of the scale.
    map_svg = page.query_selector("#place figure.chart svg")
    fills = map_svg.eval_on_selector_all(
        "path",
        "els => els.map(e => getComputedStyle(e).fill).filter(f => f && f !== 'none')",
    )
    assert len(set(fills)) >= 3
    map_svg.screenshot(path=str(ARTIFACTS / "report-map.png"))
    monthly = page.query_selector("#time figure.chart svg")
    monthly.screenshot(path=str(ARTIFACTS / "report-monthly.png"))
    assert _ink(ARTIFACTS / "report-map.png") > 0.2
    assert _ink(ARTIFACTS / "report-monthly.png") > 0.02


def _ink(png: Path) -> float:
    """Share of a screenshot's pixels that are not white: 0 for an empty drawing."""
    from matplotlib.image import imread

    pixels = imread(png)[..., :3]
    return float((pixels.min(axis=-1) < 0.92).mean())


def test_the_pdf_converts_to_pages(written_report, tmp_path: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    _need(pdftoppm, "pdftoppm (poppler-utils)")
    assert written_report.pdf.read_bytes().startswith(b"%PDF")
    subprocess.run(
        [pdftoppm, "-png", "-r", "40", str(written_report.pdf), str(tmp_path / "page")],
        check=True,
        timeout=120,
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 5
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(pages[1], ARTIFACTS / "report-pdf-page-2.png")
    assert all(_ink(p) > 0.01 for p in pages[:3])
