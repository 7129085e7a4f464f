"""The department map: a choropleth of El Salvador's 14 departments, as inline SVG.

Rendered offline like every chart (see :mod:`habeas.report.charts`): an Altair
geoshape spec turned into SVG by vl-convert, with the same fonts, locale rules and
id prefixing. A sequential blue scale (detentions are blue throughout the report)
colours each department by the caller's value, e.g. people detained per 100,000 adults;
a department with no value is grey and the legend names it with the caller's
no-data label. Department names are written small at a point inside each one.

Geometry: geoBoundaries (wmgeolab), CC BY-SA 2.0 (see
habeas/domain/data/el_salvador/README.md). The file is 760 KB, so it is simplified
once per process for the report (Douglas-Peucker at about 200 m, a fraction of a pixel
at this size, then coordinates rounded to 3 decimals) and its rings are rewound:
GeoJSON (RFC 7946) draws exterior rings counter-clockwise, while d3-geo, which Vega
uses, reads rings on the sphere and takes a counter-clockwise exterior for its
complement, i.e. the whole globe minus the department (drawn as one filled rectangle).
So exteriors are made clockwise and holes counter-clockwise, as d3 expects.

Examples
--------
>>> import pandas as pd
>>> rates = pd.DataFrame({"department": ["06", "02"], "name": ["San Salvador", "Santa Ana"],
...                       "rate": [1520.5, 310.0]})
>>> svg = department_map(rates, value="rate", title="Detenciones", legend_title="por 100.000",
...                      lang="es", no_data_label="sin datos")
>>> svg.count("<path") >= 14 and "sin datos" in svg
True
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files
from itertools import pairwise
from typing import Any

import altair as alt
import pandas as pd

from habeas.report.charts import FONT, WIDTH, no_data_svg, render_svg, require_columns

__all__ = ["MAP_ATTRIBUTION", "department_map"]

#: Credit line the report prints under the map (the licence requires attribution).
MAP_ATTRIBUTION = (
    "geoBoundaries (wmgeolab), CC BY-SA 2.0 (see habeas/domain/data/el_salvador/README.md)"
)

_GEOJSON = "data/el_salvador/departments_adm1.geojson"
# Degrees; 0.002° is about 220 m, under half a pixel when the country is 640 px wide.
_TOLERANCE = 0.002
_NO_DATA_COLOR = "#c8c8c8"
_HEIGHT = 340

Point = tuple[float, float]
Ring = list[Point]


# ----------------------------------------------------------------- geometry


def _simplify(ring: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker on a closed ring (iterative: rings have thousands of points)."""
    if len(ring) < 5:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    # A closed ring's two ends coincide, so split it at its farthest point first.
    x0, y0 = ring[0]
    far = max(range(len(ring)), key=lambda i: (ring[i][0] - x0) ** 2 + (ring[i][1] - y0) ** 2)
    keep[far] = True
    stack = [(0, far), (far, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = ring[first], ring[last]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = ring[i]
            if norm == 0:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                d = abs(dy * px - dx * py + bx * ay - by * ax) / norm
            if d > worst:
                worst, index = d, i
        if index > 0 and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    out: Ring = []
    for point, kept in zip(ring, keep, strict=True):
        rounded = (round(point[0], 3), round(point[1], 3))
        if kept and (not out or out[-1] != rounded):
            out.append(rounded)
    if out[0] != out[-1]:
        out.append(out[0])
    return out


def _signed_area(ring: Ring) -> float:
    """Shoelace area, positive when the ring runs counter-clockwise (lon east, lat north)."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(ring)) / 2


def _prepare_polygon(rings: list[Ring]) -> list[Ring] | None:
    """Simplify a polygon and wind it for d3: exterior clockwise, holes counter-clockwise."""
    out = []
    for n, ring in enumerate(rings):
        simple = _simplify([(float(x), float(y)) for x, y in ring], _TOLERANCE)
        if len(simple) < 4:
            if n == 0:
                return None  # an islet smaller than the tolerance
            continue
        clockwise = _signed_area(simple) < 0
        if clockwise != (n == 0):
            simple.reverse()
        out.append(simple)
    return out


def _label_point(polygon: Ring) -> Point:
    """A point inside the polygon: the middle of its widest span at the centroid's latitude.

    The centroid itself can fall outside a bent department; a horizontal scan through
    it always crosses the interior.
    """
    area = _signed_area(polygon)
    if area == 0:
        return polygon[0]
    cy = sum((y1 + y2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in pairwise(polygon)) / (
        6 * area
    )
    crossings = sorted(
        x1 + (cy - y1) * (x2 - x1) / (y2 - y1)
        for (x1, y1), (x2, y2) in pairwise(polygon)
        if (y1 <= cy < y2) or (y2 <= cy < y1)
    )
    spans = list(zip(crossings[::2], crossings[1::2], strict=False))
    if not spans:
        return polygon[0]
    left, right = max(spans, key=lambda s: s[1] - s[0])
    return ((left + right) / 2, cy)


@cache
def _departments() -> tuple[dict[str, Any], ...]:
    """The 14 department features, simplified and rewound, with a label point each."""
    text = files("habeas.domain").joinpath(_GEOJSON).read_text(encoding="utf-8")
    features = []
    for feature in json.loads(text)["features"]:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        prepared = [p for p in (_prepare_polygon(rings) for rings in polygons) if p]
        largest = max(prepared, key=lambda p: abs(_signed_area(p[0])))
        props = feature["properties"]
        features.append(
            {
                "code": props["department_code"],
                "name": props["department"],
                "label": _label_point(largest[0]),
                "geometry": {"type": "MultiPolygon", "coordinates": prepared},
            }
        )
    return tuple(features)


# ---------------------------------------------------------------------- map


def department_map(
    frame: pd.DataFrame,
    *,
    value: str,
    title: str,
    legend_title: str,
    lang: str,
    no_data_label: str,
) -> str:
    """A choropleth of the departments, coloured by ``value``, as an SVG string.

    Parameters
    ----------
    frame : DataFrame
        Columns ``department`` (code '01'..'14'), ``name`` (label written on the map;
        the gazetteer name if missing) and the numeric column ``value``. A department
        missing from the frame, or with a None value, is drawn grey.
    value : str
        Name of the numeric column, e.g. detained per 100,000 adults.
    title, legend_title : str
        Map title and the colour legend's title.
    lang : {'es', 'en'}
        Number formatting in the legend.
    no_data_label : str
        Legend entry of the grey departments; also the whole SVG's text when no
        department has a value.

    Returns
    -------
    str
        The ``<svg>`` element; print :data:`MAP_ATTRIBUTION` near it.

    Examples
    --------
    >>> import pandas as pd
    >>> svg = department_map(pd.DataFrame(columns=["department", "name", "rate"]),
    ...                      value="rate", title="Mapa", legend_title="tasa", lang="en",
    ...                      no_data_label="no data")
    >>> "no data" in svg
    True
    """
    require_columns(frame, ["department", value], "department_map")
    values: dict[str, float] = {}
    names: dict[str, str] = {}
    for row in frame.to_dict(orient="records"):
        code = row.get("department")
        if not isinstance(code, str):
            continue
        number = pd.to_numeric(pd.Series([row.get(value)]), errors="coerce").iloc[0]
        if pd.notna(number):
            values[code] = float(number)
        name = row.get("name")
        if isinstance(name, str) and name:
            names[code] = name
    if not values:
        return no_data_svg(title=title, no_data_label=no_data_label)

    features, labels = [], []
    for dep in _departments():
        known = dep["code"] in values
        properties = {
            "code": dep["code"],
            "value": values.get(dep["code"]),
            "no_data": None if known else no_data_label,
        }
        features.append({"type": "Feature", "properties": properties, "geometry": dep["geometry"]})
        lon, lat = dep["label"]
        labels.append({"lon": lon, "lat": lat, "name": names.get(dep["code"], dep["name"])})

    shapes = alt.Data(values=features, format=alt.DataFormat(type="json"))
    border = {"stroke": "white", "strokeWidth": 0.8}
    coloured = (
        alt.Chart(shapes)
        .transform_filter("isValid(datum.properties.value)")
        .mark_geoshape(**border)
        .encode(
            color=alt.Color(
                "properties.value:Q",
                title=legend_title,
                scale=alt.Scale(scheme="blues", zero=True),
                legend=alt.Legend(
                    orient="bottom",
                    direction="horizontal",
                    format=",~f",
                    gradientLength=260,
                    titleOrient="left",
                ),
            )
        )
    )
    layers = [coloured]
    if len(values) < len(features):
        # A second, nominal colour scale so the legend has a grey "no data" swatch.
        missing = (
            alt.Chart(shapes)
            .transform_filter("!isValid(datum.properties.value)")
            .mark_geoshape(**border)
            .encode(
                fill=alt.Fill(
                    "properties.no_data:N",
                    title=None,
                    scale=alt.Scale(domain=[no_data_label], range=[_NO_DATA_COLOR]),
                    legend=alt.Legend(orient="bottom", symbolType="square"),
                )
            )
        )
        layers.append(missing)
    label_data = alt.Chart(alt.Data(values=labels))
    position = {"longitude": "lon:Q", "latitude": "lat:Q", "text": "name:N"}
    # Names drawn twice, a white outline under dark text, to stay legible on dark blue.
    halo = label_data.mark_text(
        fontSize=9,
        font=FONT,
        stroke="white",
        strokeWidth=2.5,
        strokeJoin="round",
        strokeOpacity=0.85,
    ).encode(**position)
    text = label_data.mark_text(fontSize=9, font=FONT, color="#1a1a1a").encode(**position)
    layers += [halo, text]
    chart = (
        alt.layer(*layers, title=alt.TitleParams(title, anchor="start"))
        .project(type="mercator")
        .properties(width=WIDTH - 12, height=_HEIGHT)
        .resolve_scale(color="independent", fill="independent")
    )
    return _round_paths(render_svg(chart, title=title, lang=lang))


def _round_paths(svg: str) -> str:
    """Round path coordinates to 0.1 px: d3-geo writes ~15 digits, tripling the size."""

    def shorten(match: re.Match[str]) -> str:
        numbers = re.sub(
            r"-?\d+\.\d+",
            lambda m: f"{float(m.group(0)):.1f}".rstrip("0").rstrip("."),
            match.group(2),
        )
        return match.group(1) + numbers + match.group(3)

    return re.sub(r'(\sd=")([^"]*)(")', shorten, svg)
