"""Charts and the department map, rendered offline to inline SVG.

Each chart is rendered once per module (vl-convert takes a fraction of a second per
chart) and inspected as XML: what a reader would see is in the marks and texts.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pandas as pd
import pytest
import weasyprint

from habeas.report import charts
from habeas.report.choropleth import MAP_ATTRIBUTION, department_map

SVG = "{http://www.w3.org/2000/svg}"

# ------------------------------------------------------------------ frames

MONTHS = pd.DataFrame(
    {
        "month": ["2022-03", "2022-04", "2022-05", "(unknown)"],
        "detained": [1234, 20500, 800, 77],
        "died": [2, 9, 1, 0],
    }
)
LIMITS = pd.DataFrame(
    {
        "label": ["48 horas (estándar internacional)", "72 horas (Constitución)", "15 días"],
        "share": [0.91, 0.4, None],
        "known": [1532, 1532, 0],
        "unknown": [3, 3, 1535],
    }
)
ESTIMATES = pd.DataFrame(
    {
        "label": ["San Salvador", "Santa Ana", "2022-H1"],
        "documented": [1200, 300, 1500],
        "estimate": [2500.0, None, 3900.0],
        "lower": [1900.0, None, 3100.0],
        "upper": [3400.0, None, 5200.0],
    }
)
CAUSES = pd.DataFrame({"cause": ["golpes", "enfermedad", "sin atención"], "deaths": [1234, 7, 2]})
OCCUPANCY = pd.DataFrame(
    {
        "month": ["2023-01", "2023-02", "2023-03"] * 3,
        "centre": ["cecot"] * 3 + ["izalco"] * 3 + ["tiny"] * 3,
        "name": ["CECOT"] * 3 + ["Izalco"] * 3 + ["Pequeño"] * 3,
        "held": [2000, 9000, 12000, 20000, 21000, 23300, 10, 12, 15],
        "capacity": [40000] * 3 + [None] * 3 + [20] * 3,
    }
)
RATES = pd.DataFrame(
    {
        "department": [f"{n:02d}" for n in range(1, 15)],
        "name": [f"Dep {n}" for n in range(1, 15)],
        "rate": [None if n == 9 else 100.0 * n for n in range(1, 15)],
    }
)


def monthly(frame: pd.DataFrame, lang: str = "es") -> str:
    return charts.monthly_chart(
        frame,
        title="Detenciones y muertes por mes",
        detained_label="Detenidas",
        died_label="Muertes",
        month_label="Mes",
        lang=lang,
    )


def limits(frame: pd.DataFrame, lang: str = "es") -> str:
    return charts.limits_chart(
        frame, title="Plazos legales", share_label="Personas", lang=lang, no_data_label="sin datos"
    )


def estimates(frame: pd.DataFrame, lang: str = "es") -> str:
    return charts.estimates_chart(
        frame,
        title="Documentadas y estimadas",
        documented_label="Documentadas",
        estimated_label="Estimadas (IC 95 %)",
        lang=lang,
    )


def bars(frame: pd.DataFrame, lang: str = "es") -> str:
    return charts.bar_chart(
        frame,
        category="cause",
        value="deaths",
        title="Causas de muerte",
        value_label="Muertes",
        lang=lang,
        color=charts.DIED_COLOR,
    )


def occupancy(frame: pd.DataFrame, lang: str = "es") -> str:
    return charts.occupancy_chart(
        frame,
        title="Ocupación de los centros",
        held_label="Personas presas",
        capacity_label="Capacidad oficial",
        lang=lang,
        top=2,
    )


def department(frame: pd.DataFrame, lang: str = "es") -> str:
    return department_map(
        frame,
        value="rate",
        title="Detenciones por 100.000 adultos",
        legend_title="por 100.000",
        lang=lang,
        no_data_label="sin datos",
    )


BUILDERS: dict[str, tuple[Callable[..., str], pd.DataFrame, str]] = {
    "monthly": (monthly, MONTHS, "Detenciones y muertes por mes"),
    "limits": (limits, LIMITS, "Plazos legales"),
    "estimates": (estimates, ESTIMATES, "Documentadas y estimadas"),
    "bars": (bars, CAUSES, "Causas de muerte"),
    "occupancy": (occupancy, OCCUPANCY, "Ocupación de los centros"),
    "map": (department, RATES, "Detenciones por 100.000 adultos"),
}


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    return {name: build(frame) for name, (build, frame, _) in BUILDERS.items()}


# ----------------------------------------------------------------- helpers


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def marks(svg: str, kind: str) -> list[ET.Element]:
    """The drawn items of every data-mark group of one kind ('rect', 'shape', ...)."""
    found = []
    for group in parse(svg).iter(f"{SVG}g"):
        classes = group.get("class", "").split()
        if f"mark-{kind}" in classes and "role-mark" in classes:
            found += [child for child in group if child.tag != f"{SVG}g"]
    return found


def texts(svg: str) -> list[str]:
    return ["".join(t.itertext()) for t in parse(svg).iter(f"{SVG}text")]


# ------------------------------------------------------------------- tests


@pytest.mark.parametrize("name", BUILDERS)
def test_each_chart_is_an_accessible_self_contained_svg(rendered, name):
    svg = rendered[name]
    root = parse(svg)
    title = BUILDERS[name][2]

    assert svg.startswith("<svg")
    assert root.get("role") == "img"
    assert root.get("aria-label") == title
    assert "chart" in root.get("class", "").split()
    assert any(title in text for text in texts(svg))
    without_namespaces = re.sub(r'xmlns(:\w+)?="[^"]*"', "", svg)
    assert "http" not in without_namespaces
    assert "<image" not in svg and "@import" not in svg


@pytest.mark.parametrize("name", BUILDERS)
def test_every_text_uses_the_house_font(rendered, name):
    families = {t.get("font-family") for t in parse(rendered[name]).iter(f"{SVG}text")}

    assert families == {charts.FONT}


def test_monthly_chart_draws_a_bar_per_known_month_in_each_panel(rendered):
    # (unknown) is dropped: 3 months in the arrests panel and 3 in the deaths panel
    assert len(marks(rendered["monthly"], "rect")) == 6
    fills = {bar.get("fill") for bar in marks(rendered["monthly"], "rect")}
    assert fills == {charts.DETAINED_COLOR, charts.DIED_COLOR}


def test_monthly_chart_writes_spanish_or_english_numbers_and_months(rendered):
    spanish, english = texts(rendered["monthly"]), texts(monthly(MONTHS, lang="en"))

    assert "20.000" in spanish and "abr 2022" in spanish
    assert "20,000" in english and "Apr 2022" in english


def test_limits_chart_labels_each_share_with_its_n_and_says_when_there_is_none(rendered):
    svg = rendered["limits"]
    labels = texts(svg)

    assert len(marks(svg, "rect")) == 2  # the row without a share has no bar
    assert "91% (n = 1.532)" in " ".join(labels).replace("  ", " ")
    assert "sin datos" in labels
    # given order, top to bottom
    order = [t for t in labels if t in set(LIMITS["label"])]
    assert order == LIMITS["label"].tolist()


def test_estimates_chart_draws_bars_for_all_and_intervals_only_where_estimated(rendered):
    svg = rendered["estimates"]

    assert len(marks(svg, "rect")) == 3
    assert len(marks(svg, "rule")) == 2
    assert len(marks(svg, "symbol")) == 2
    assert {"Documentadas", "Estimadas (IC 95 %)"} <= set(texts(svg))


def test_bar_chart_has_one_bar_per_row_with_localised_value_labels(rendered):
    svg = rendered["bars"]
    english = bars(CAUSES, lang="en")

    assert len(marks(svg, "rect")) == len(CAUSES)
    assert "1.234" in texts(svg) and "1,234" in texts(english)
    order = [t for t in texts(svg) if t in set(CAUSES["cause"])]
    assert order == CAUSES["cause"].tolist()


def test_occupancy_chart_draws_the_top_centres_and_dashes_known_capacities(rendered):
    svg = rendered["occupancy"]
    labels = texts(svg)

    assert {"CECOT", "Izalco"} <= set(labels) and "Pequeño" not in labels
    assert len(marks(svg, "line")) == 2
    rules = marks(svg, "rule")
    assert len(rules) == 1  # only CECOT's capacity is known among the top two
    assert rules[0].get("stroke-dasharray") == "6,4"
    assert "40.000" in labels


def test_map_fills_fourteen_departments_darker_where_the_value_is_higher(rendered):
    svg = rendered["map"]
    shapes = marks(svg, "shape")

    assert len(shapes) == 14
    assert len({shape.get("fill") for shape in shapes}) >= 10
    assert "sin datos" in texts(svg)
    assert "Dep 6" in texts(svg)
    assert len(svg) < 150_000


def test_map_departments_are_drawn_as_shapes_not_as_the_whole_sphere(rendered):
    # With the wrong ring winding d3 fills everything outside each department.
    width = float(parse(rendered["map"]).get("width"))
    for shape in marks(rendered["map"], "shape"):
        xs = [float(x) for x in re.findall(r"(-?[\d.]+),", shape.get("d"))]
        assert max(xs) - min(xs) < width / 2


def test_map_gradient_legend_uses_absolute_units_that_weasyprint_paints(rendered):
    gradients = list(parse(rendered["map"]).iter(f"{SVG}linearGradient"))

    assert gradients and all(g.get("gradientUnits") == "userSpaceOnUse" for g in gradients)


def test_map_attribution_names_geoboundaries_and_the_licence():
    assert "geoBoundaries" in MAP_ATTRIBUTION and "CC BY-SA 2.0" in MAP_ATTRIBUTION


def test_two_charts_on_one_page_never_share_an_id(rendered):
    page = rendered["map"] + department(RATES) + rendered["monthly"]
    ids = re.findall(r'\sid="([^"]+)"', page)

    assert ids and len(ids) == len(set(ids))
    for svg in (rendered["map"], rendered["monthly"]):
        own = set(re.findall(r'\sid="([^"]+)"', svg))
        assert set(re.findall(r"url\(#([^)]+)\)", svg)) <= own


def _maps_in_a_new_process(*values: float) -> subprocess.Popen[str]:
    code = (
        "import json, sys, pandas as pd\n"
        "from habeas.report.choropleth import department_map\n"
        "out = [department_map(pd.DataFrame({'department': ['06', '02'], 'name': ['a', 'b'],"
        " 'v': [v, 1.0]}), value='v', title='t', legend_title='l', lang='en',"
        " no_data_label='n') for v in json.loads(sys.argv[1])]\n"
        "print(json.dumps(out))\n"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code, json.dumps(values)], stdout=subprocess.PIPE, text=True
    )


def test_charts_rendered_by_different_processes_still_have_distinct_ids():
    # e.g. figures cached by one run and inlined by another
    first, second = _maps_in_a_new_process(50.0), _maps_in_a_new_process(9.0, 50.0)
    [alone] = json.loads(first.communicate(timeout=60)[0])
    other, again = json.loads(second.communicate(timeout=60)[0])

    assert set(re.findall(r'\sid="([^"]+)"', alone)).isdisjoint(
        re.findall(r'\sid="([^"]+)"', other)
    )
    assert again == alone  # and the same chart comes out byte for byte the same


@pytest.mark.parametrize("name", BUILDERS)
def test_an_empty_frame_gives_a_small_svg_with_the_no_data_label(name):
    build, frame, title = BUILDERS[name]

    svg = build(frame.iloc[:0])

    assert parse(svg).get("role") == "img"
    assert title in texts(svg)
    assert "sin datos" in texts(svg)


@pytest.mark.parametrize("name", BUILDERS)
def test_a_frame_without_columns_also_gives_the_no_data_label(name):
    build, _, _ = BUILDERS[name]

    assert "sin datos" in texts(build(pd.DataFrame()))


@pytest.mark.parametrize("name", BUILDERS)
def test_a_missing_column_is_named_in_the_error(name):
    build, frame, _ = BUILDERS[name]
    column = "rate" if name == "map" else frame.columns[1]  # the map names are optional

    with pytest.raises(ValueError, match=f"missing \\['{column}'\\]"):
        build(frame.drop(columns=column))


def test_months_that_are_all_unknown_count_as_no_data():
    svg = monthly(MONTHS[MONTHS["month"] == "(unknown)"], lang="en")

    assert "no data" in texts(svg)


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="lang"):
        bars(CAUSES, lang="fr")


def test_all_charts_render_into_one_pdf(rendered):
    body = "\n".join(f"<figure>{svg}</figure>" for svg in rendered.values())
    page = (
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<style>@page { size: A4; margin: 2cm } svg { max-width: 100%; height: auto }</style>"
        f"</head><body>{body}</body></html>"
    )

    pdf = weasyprint.HTML(string=page).write_pdf()

    assert pdf.startswith(b"%PDF")
