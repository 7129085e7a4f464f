"""Writing a report: report.html (one self-contained file), report.pdf and public/.

The HTML carries its style sheet and its fonts inline and its charts and map as
inline SVG, so it needs no JavaScript and no network: it opens offline, from a USB
stick, in any browser, and looks the same everywhere. WeasyPrint paginates the same
HTML into the PDF (its print rules are in the style sheet).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from habeas.report.build import Report
from habeas.report.i18n import TEMPLATE_DIR, check_lang, day, ensure_django

FONT_DIR = Path(__file__).parent / "fonts"

#: The embedded fonts (see fonts/LICENSE.txt): file → CSS font-weight.
FONTS = {"DejaVuSans.woff2": "normal", "DejaVuSans-Bold.woff2": "bold"}

#: File names inside the output folder.
HTML_NAME = "report.html"
PDF_NAME = "report.pdf"
PUBLIC_DIR = "public"


@dataclass(frozen=True)
class WrittenReport:
    """The paths a report run wrote."""

    html: Path
    pdf: Path | None
    public: list[Path]


def font_faces() -> str:
    """``@font-face`` rules carrying the report's fonts as data: URLs.

    The charts' SVG text names "DejaVu Sans" too, so page and charts look the same on
    a machine without that font, and nothing is fetched.
    """
    rules = []
    for name, weight in FONTS.items():
        data = base64.b64encode((FONT_DIR / name).read_bytes()).decode("ascii")
        rules.append(
            '@font-face { font-family: "DejaVu Sans"; font-style: normal; '
            f"font-weight: {weight}; src: url(data:font/woff2;base64,{data}) "
            'format("woff2"); }'
        )
    return "\n".join(rules)


def render_html(report: Report, lang: str = "es") -> str:
    """The report as one self-contained HTML page in ``lang`` (``es`` or ``en``)."""
    check_lang(lang)
    ensure_django()
    from django.template import Context, Engine
    from django.utils import translation

    from habeas.report.document import document

    engine = Engine(
        dirs=[str(TEMPLATE_DIR)],
        libraries={"i18n": "django.templatetags.i18n"},
        autoescape=True,
    )
    with translation.override(lang):
        sections = document(report, lang)
        title = translation.gettext(
            "Detentions under the state of exception in El Salvador: documented and estimated"
        )
        context = Context(
            {
                "lang": lang,
                "title": title,
                "sections": sections,
                "snapshot": day(report.inputs.snapshot),
                "created": day(report.created.date()),
                "version": report.version,
                "font_faces": font_faces(),
            }
        )
        return engine.get_template("report/report.html").render(context)


def write_pdf(html: str, path: Path) -> Path:
    """Paginate ``html`` into a PDF at ``path`` with WeasyPrint (A4)."""
    import weasyprint

    # No base URL: the page refers to nothing outside itself.
    weasyprint.HTML(string=html, base_url=None).write_pdf(path)
    return path


def write_report(
    report: Report,
    out: Path,
    *,
    lang: str = "es",
    pdf: bool = True,
    public: bool = True,
    min_cell: int = 5,
    microdata: bool = False,
    k: int = 5,
    seed: int = 0,
) -> WrittenReport:
    """Write report.html, report.pdf (unless ``pdf=False``) and public/ into ``out``."""
    from habeas.report.public import write_public

    out.mkdir(parents=True, exist_ok=True)
    html = render_html(report, lang)
    html_path = out / HTML_NAME
    html_path.write_text(html, encoding="utf-8")
    pdf_path = write_pdf(html, out / PDF_NAME) if pdf else None
    public_paths: list[Path] = []
    if public:
        public_paths = write_public(
            report.people,
            out / PUBLIC_DIR,
            min_cell=min_cell,
            include_microdata=microdata,
            k=k,
            seed=seed,
            lang=lang,
        )
    return WrittenReport(html=html_path, pdf=pdf_path, public=public_paths)
