"""The report's charts, as inline SVG made offline from Vega-Lite specs.

Every chart is an Altair (Vega-Lite) spec rendered to SVG by vl-convert, with no
JavaScript and no network, so the same string works inside ``report.html`` (Chromium)
and ``report.pdf`` (WeasyPrint). The rules:

- **Language-agnostic.** Every title, axis and legend text comes from the caller, already
  translated. ``lang`` ('es' or 'en') only picks number and date formatting: Spanish
  writes ``1.234,5`` and month names "ene, feb, ..."; English writes ``1,234.5``.
- **Printable.** About 640 px wide (an A4 page at 96 dpi, with margins), DejaVu Sans at
  sizes readable on paper, colour-blind-safe colours (Okabe-Ito for categories);
  detentions are dark blue and deaths dark red throughout.
- **Self-contained and safe to inline.** The XML prolog is removed, the root ``<svg>``
  carries ``role="img"``, ``aria-label`` (the title) and ``class="chart"``, and every
  ``id`` (vl-convert emits clip paths and gradients such as ``clip1``) gets a per-chart
  prefix, so two charts on one page never share an id.
- **Empty is not an error.** A chart with nothing to draw is a small SVG that says the
  no-data label, so a report on a thin data set still builds.

Months are ``'yyyy-mm'`` strings; rows whose month is not one (the caller's
``'(unknown)'`` row, ``None``) are left out of time charts.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"group": ["A", "B"], "n": [1234, 56]})
>>> svg = bar_chart(frame, category="group", value="n", title="People", value_label="n",
...                 lang="es")
>>> svg.startswith("<svg") and "1.234" in svg
True
"""

from __future__ import annotations

import html
import json
import re
import textwrap
from typing import Any

import altair as alt
import pandas as pd
import vl_convert

from habeas.report.svg import finish_svg

__all__ = [
    "DETAINED_COLOR",
    "DIED_COLOR",
    "FONT",
    "PALETTE",
    "WIDTH",
    "bar_chart",
    "estimates_chart",
    "limits_chart",
    "monthly_chart",
    "no_data_svg",
    "occupancy_chart",
    "render_svg",
    "require_columns",
]

#: Font stack of every text in every chart (DejaVu Sans ships with most Linux systems).
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
#: Width of a chart in CSS pixels: an A4 text column at 96 dpi.
WIDTH = 640
#: Detentions: a dark blue.
DETAINED_COLOR = "#1f4e79"
#: Deaths in custody: a dark red.
DIED_COLOR = "#99000d"
#: Okabe-Ito colours (colour-blind safe), yellow left out because it vanishes on paper.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")

_DOCUMENTED_COLOR = "#9ecae1"
_ESTIMATE_COLOR = "#000000"
_LOCALES = {"es": "es-ES", "en": "en-US"}
_NO_DATA = {"es": "sin datos", "en": "no data"}
_MONTH = re.compile(r"^\d{4}-\d{2}$")
# Counts: thousands separators, no trailing ",0"; d3's '~' trims insignificant zeros.
_COUNT_FORMAT = ",~f"


# ---------------------------------------------------------------- rendering


def _locale(lang: str) -> str:
    try:
        return _LOCALES[lang]
    except KeyError:
        raise ValueError(f"lang must be one of {sorted(_LOCALES)}, not {lang!r}") from None


def _no_data(lang: str, label: str | None) -> str:
    _locale(lang)
    return label if label is not None else _NO_DATA[lang]


def _config() -> dict[str, Any]:
    """Vega-Lite config shared by every chart: fonts, sizes, no ARIA noise."""
    return {
        # Vega's automatic ARIA descriptions are English; the root gets our own label.
        "aria": False,
        "font": FONT,
        "background": "white",
        "view": {"stroke": None},
        "title": {"font": FONT, "fontSize": 14, "fontWeight": "bold", "anchor": "start"},
        "axis": {
            "labelFont": FONT,
            "titleFont": FONT,
            "labelFontSize": 11,
            "titleFontSize": 12,
            "titleFontWeight": "normal",
            "labelColor": "#222",
            "titleColor": "#222",
            "gridColor": "#e6e6e6",
            "domainColor": "#888",
            "tickColor": "#888",
        },
        "legend": {
            "labelFont": FONT,
            "titleFont": FONT,
            "labelFontSize": 11,
            "titleFontSize": 12,
            "titleFontWeight": "normal",
            "labelLimit": 260,
        },
        "header": {"labelFont": FONT, "titleFont": FONT},
        "text": {"font": FONT, "fontSize": 11},
    }


def _title(title: str, subtitle: str | None = None) -> dict[str, Any]:
    # Long titles wrap instead of running past the page edge.
    params: dict[str, Any] = {"text": textwrap.wrap(title, 80) or [""]}
    if subtitle:
        params.update(subtitle=subtitle, subtitleFont=FONT, subtitleFontSize=11)
    return params


def render_svg(chart: alt.TopLevelMixin | dict[str, Any], *, title: str, lang: str) -> str:
    """Render a Vega-Lite chart to an SVG string ready to inline in HTML or a PDF.

    Applies the house config, renders offline with ``lang``'s number and date formats,
    and finishes the SVG (no prolog, ``role="img"``, ``aria-label``, ``class="chart"``,
    per-chart ids).

    Parameters
    ----------
    chart : altair chart or dict
        The spec, without config (this function sets it).
    title : str
        Accessible name of the chart (usually its visible title).
    lang : {'es', 'en'}
        Number and date formatting.

    Returns
    -------
    str
        The ``<svg>`` element.

    Examples
    --------
    >>> import altair as alt
    >>> svg = render_svg(alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().encode(x="x:Q"),
    ...                  title="Dot", lang="en")
    >>> 'aria-label="Dot"' in svg
    True
    """
    locale = _locale(lang)
    spec = chart if isinstance(chart, dict) else chart.to_dict()
    spec["config"] = _config()
    svg = vl_convert.vegalite_to_svg(spec, format_locale=locale, time_format_locale=locale)
    return finish_svg(svg, title=title)


def no_data_svg(*, title: str, no_data_label: str, width: int = WIDTH) -> str:
    """A small chart-sized SVG with the title and the no-data label.

    Examples
    --------
    >>> "sin datos" in no_data_svg(title="Muertes por mes", no_data_label="sin datos")
    True
    """
    t, label = html.escape(title, quote=True), html.escape(no_data_label)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" height="70" '
        f'viewBox="0 0 {width} 70" role="img" aria-label="{t}" class="chart chart-empty">'
        f'<rect width="{width}" height="70" fill="white"/>'
        f'<text x="4" y="20" font-family="{FONT}" font-size="14" font-weight="bold" '
        f'fill="#222">{html.escape(title)}</text>'
        f'<text x="4" y="50" font-family="{FONT}" font-size="12" fill="#555">{label}</text>'
        "</svg>"
    )


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts with None for missing values (NaN is not valid JSON)."""
    clean = frame.astype(object).where(frame.notna(), None)
    return [
        {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
        for row in clean.to_dict(orient="records")
    ]


def _data(frame: pd.DataFrame) -> alt.Data:
    return alt.Data(values=_records(frame))


def _js(text: str) -> str:
    """A caller's text as a string literal inside a Vega expression."""
    return json.dumps(text, ensure_ascii=False)


def require_columns(frame: pd.DataFrame, columns: list[str], chart: str) -> None:
    """Raise a clear error when ``frame`` lacks a column ``chart`` needs.

    A frame without rows passes: there is nothing to draw, so the chart says "no data".

    Examples
    --------
    >>> require_columns(pd.DataFrame({"month": ["2022-03"]}), ["month", "died"], "monthly_chart")
    Traceback (most recent call last):
    ...
    ValueError: monthly_chart needs columns ['month', 'died']; missing ['died']
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing and len(frame):
        raise ValueError(f"{chart} needs columns {columns}; missing {missing}")


def _months(frame: pd.DataFrame) -> pd.DataFrame:
    """Keep rows with a 'yyyy-mm' month and add ``date`` (its first day, read as UTC)."""
    month = frame["month"].astype(object)
    keep = month.map(lambda m: isinstance(m, str) and bool(_MONTH.match(m)))
    out = frame.loc[keep.astype(bool)].copy()
    out["date"] = out["month"].astype(str) + "-01"
    return out


def _month_ticks(data: pd.DataFrame) -> dict[str, Any]:
    """One tick per month, quarter, half year or year, so labels never repeat a month."""
    first, last = (
        int(m[:4]) * 12 + int(m[5:7]) for m in (data["month"].min(), data["month"].max())
    )
    n = last - first + 1
    step = 1 if n <= 12 else 3 if n <= 36 else 6 if n <= 72 else 12
    return {"interval": "month", "step": step}  # a utc scale reads it as UTC months


def _band_height(n: int) -> int:
    return max(60, 24 * n)


def _fit(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    # Fit the whole drawing, labels included, into WIDTH.
    return chart.properties(
        width=WIDTH, autosize=alt.AutoSizeParams(type="fit-x", contains="padding")
    )


# ------------------------------------------------------------------- charts


def monthly_chart(
    frame: pd.DataFrame,
    *,
    title: str,
    detained_label: str,
    died_label: str,
    month_label: str,
    lang: str,
    no_data_label: str | None = None,
) -> str:
    """Arrests per month over deaths per month, two panels sharing the month axis.

    Two panels because deaths are about a hundredth of arrests: on one scale the
    deaths would be a flat line.

    Parameters
    ----------
    frame : DataFrame
        Columns ``month`` ('yyyy-mm'), ``detained`` and ``died`` (counts). Rows whose
        month is not 'yyyy-mm' (e.g. ``'(unknown)'``) are left out.
    title, detained_label, died_label, month_label : str
        Chart title, the two panels' axis titles, and the month axis title.
    lang : {'es', 'en'}
        Number and month-name formatting.
    no_data_label : str, optional
        Shown when no month is left; defaults to "sin datos"/"no data".

    Examples
    --------
    >>> import pandas as pd
    >>> months = pd.DataFrame({"month": ["2022-03", "2022-04", "(unknown)"],
    ...                        "detained": [9000, 14000, 30], "died": [5, 20, 0]})
    >>> svg = monthly_chart(months, title="Por mes", detained_label="Detenidas",
    ...                     died_label="Muertes", month_label="Mes", lang="es")
    >>> "abr" in svg
    True
    """
    no_data = _no_data(lang, no_data_label)
    require_columns(frame, ["month", "detained", "died"], "monthly_chart")
    data = _months(frame) if len(frame) else frame
    if data.empty:
        return no_data_svg(title=title, no_data_label=no_data)
    x_field = "utcyearmonth(date):T"
    base = alt.Chart(_data(data[["date", "detained", "died"]])).properties(width=WIDTH - 80)
    top = (
        base.mark_bar(color=DETAINED_COLOR)
        .encode(
            x=alt.X(x_field, axis=alt.Axis(labels=False, ticks=False, title=None, grid=False)),
            y=alt.Y(
                "detained:Q",
                title=detained_label,
                axis=alt.Axis(format=_COUNT_FORMAT, tickMinStep=1),
            ),
        )
        .properties(height=190)
    )
    bottom = (
        base.mark_bar(color=DIED_COLOR)
        .encode(
            x=alt.X(
                x_field,
                title=month_label,
                axis=alt.Axis(
                    format="%b %Y", labelAngle=-40, grid=False, tickCount=_month_ticks(data)
                ),
            ),
            y=alt.Y(
                "died:Q",
                title=died_label,
                axis=alt.Axis(format=_COUNT_FORMAT, tickMinStep=1, tickCount=4),
            ),
        )
        .properties(height=100)
    )
    chart = alt.vconcat(top, bottom, spacing=6, title=_title(title)).resolve_scale(x="shared")
    return render_svg(chart, title=title, lang=lang)


def limits_chart(
    frame: pd.DataFrame,
    *,
    title: str,
    share_label: str,
    lang: str,
    no_data_label: str | None = None,
    color: str | None = None,
) -> str:
    """Horizontal bars of shares (0..1), e.g. people seen by a judge past each legal limit.

    Also the chart for any yes-share (warrant shown, access to counsel): there is no
    separate ``shares_chart``. Each bar is labelled with the percentage and ``n = known``
    (how many people the share is computed over); a row whose share is None shows the
    no-data label instead of a bar.

    Parameters
    ----------
    frame : DataFrame
        Columns ``label`` (str), ``share`` (float 0..1 or None), ``known`` and
        ``unknown`` (counts of people with and without the fact). Drawn in this order.
    title, share_label : str
        Chart title and the share axis title.
    lang : {'es', 'en'}
        Number formatting.
    no_data_label : str, optional
        Text for rows without a share and for an empty frame.
    color : str, optional
        Bar colour; dark blue by default.

    Examples
    --------
    >>> import pandas as pd
    >>> limits = pd.DataFrame({"label": ["72 h", "15 días"], "share": [0.913, None],
    ...                        "known": [1532, 0], "unknown": [10, 1542]})
    >>> svg = limits_chart(limits, title="Plazos", share_label="%", lang="es",
    ...                    no_data_label="sin datos")
    >>> "n = 1.532" in svg and "sin datos" in svg
    True
    """
    no_data = _no_data(lang, no_data_label)
    require_columns(frame, ["label", "share", "known"], "limits_chart")
    if frame.empty:
        return no_data_svg(title=title, no_data_label=no_data)
    data = frame[["label", "share", "known"]].copy()
    data["share"] = pd.to_numeric(data["share"], errors="coerce")
    order = data["label"].astype(str).tolist()
    data["inside"] = data["share"].fillna(0) > 0.75
    text = (
        f"isValid(datum.share) ? format(datum.share, '.0%') + '  (n = ' + "
        f"format(datum.known, ',') + ')' : {_js(no_data)}"
    )
    # Rows without a share get their text at 0; a null x would drop the text too.
    base = alt.Chart(_data(data)).transform_calculate(
        text=text, at="isValid(datum.share) ? datum.share : 0"
    )
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=240))
    x = alt.X(
        "share:Q",
        title=share_label,
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format=".0%", tickCount=5),
    )
    bars = base.mark_bar(color=color or DETAINED_COLOR, height={"band": 0.7}).encode(x=x, y=y)
    # Labels outside the bar, or inside in white when the bar is too long for them.
    outside = (
        base.transform_filter("!datum.inside")
        .mark_text(align="left", dx=4, color="#222")
        .encode(x=alt.X("at:Q", scale=alt.Scale(domain=[0, 1])), y=y, text="text:N")
    )
    inside = (
        base.transform_filter("datum.inside")
        .mark_text(align="right", dx=-4, color="white")
        .encode(x=alt.X("share:Q", scale=alt.Scale(domain=[0, 1])), y=y, text="text:N")
    )
    chart = alt.layer(bars, outside, inside, title=_title(title)).properties(
        height=_band_height(len(data))
    )
    return render_svg(_fit(chart), title=title, lang=lang)


def estimates_chart(
    frame: pd.DataFrame,
    *,
    title: str,
    documented_label: str,
    estimated_label: str,
    lang: str,
    no_data_label: str | None = None,
) -> str:
    """Documented counts as bars, with the estimated total and its interval on top.

    Parameters
    ----------
    frame : DataFrame
        Columns ``label`` (category: a department, "2022-H1" ...), ``documented``
        (int), ``estimate``, ``lower``, ``upper`` (floats, or None where there is no
        estimate: that category gets its bar only). Drawn in this order.
    title, documented_label, estimated_label : str
        Chart title and the two legend entries (the count axis is untitled: the legend
        says what is counted).
    lang : {'es', 'en'}
        Number formatting.
    no_data_label : str, optional
        Shown for an empty frame.

    Examples
    --------
    >>> import pandas as pd
    >>> est = pd.DataFrame({"label": ["San Salvador", "La Paz"], "documented": [1200, 300],
    ...                     "estimate": [2500.0, None], "lower": [1900.0, None],
    ...                     "upper": [3400.0, None]})
    >>> svg = estimates_chart(est, title="Estimación", documented_label="Documentadas",
    ...                       estimated_label="Estimadas (IC 95 %)", lang="es")
    >>> "Estimadas (IC 95 %)" in svg
    True
    """
    no_data = _no_data(lang, no_data_label)
    columns = ["label", "documented", "estimate", "lower", "upper"]
    require_columns(frame, columns, "estimates_chart")
    if frame.empty:
        return no_data_svg(title=title, no_data_label=no_data)
    data = frame[columns].copy()
    for column in ("documented", "estimate", "lower", "upper"):
        data[column] = pd.to_numeric(data[column], errors="coerce")
    order = data["label"].astype(str).tolist()
    data["documented_series"] = documented_label
    data["estimate_series"] = estimated_label
    color = alt.Scale(domain=[documented_label], range=[_DOCUMENTED_COLOR])
    legend = alt.Legend(title=None, orient="top", direction="horizontal", symbolSize=120)
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=200))
    x_axis = alt.Axis(format=_COUNT_FORMAT, tickMinStep=1)
    base = alt.Chart(_data(data))
    bars = base.mark_bar(height={"band": 0.7}).encode(
        x=alt.X("documented:Q", title=None, axis=x_axis),
        y=y,
        color=alt.Color("documented_series:N", scale=color, legend=legend),
    )
    has_estimate = base.transform_filter("isValid(datum.estimate)")
    interval = (
        has_estimate.transform_filter("isValid(datum.lower) && isValid(datum.upper)")
        .mark_rule(color=_ESTIMATE_COLOR, strokeWidth=1.5)
        .encode(x="lower:Q", x2="upper:Q", y=y)
    )
    # The point gets its own (shape) legend, so its legend symbol is a diamond, not a square.
    points = has_estimate.mark_point(filled=True, size=70, opacity=1, color=_ESTIMATE_COLOR).encode(
        x="estimate:Q",
        y=y,
        shape=alt.Shape(
            "estimate_series:N",
            scale=alt.Scale(domain=[estimated_label], range=["diamond"]),
            legend=legend,
        ),
    )
    chart = alt.layer(bars, interval, points, title=_title(title)).properties(
        height=_band_height(len(data))
    )
    return render_svg(_fit(chart), title=title, lang=lang)


def bar_chart(
    frame: pd.DataFrame,
    *,
    category: str,
    value: str,
    title: str,
    value_label: str,
    lang: str,
    color: str | None = None,
    no_data_label: str | None = None,
) -> str:
    """A plain horizontal bar chart, bars in the frame's order, each labelled with its value.

    For deaths by centre, causes of death, counts by group, sex or age.

    Parameters
    ----------
    frame : DataFrame
        Any frame; ``category`` names the label column and ``value`` the numeric one.
    category, value : str
        Column names.
    title, value_label : str
        Chart title and the value axis title.
    lang : {'es', 'en'}
        Number formatting.
    color : str, optional
        Bar colour; dark blue by default (pass :data:`DIED_COLOR` for deaths).
    no_data_label : str, optional
        Shown for an empty frame.

    Examples
    --------
    >>> import pandas as pd
    >>> causes = pd.DataFrame({"cause": ["violencia", "enfermedad"], "deaths": [12, 7]})
    >>> svg = bar_chart(causes, category="cause", value="deaths", title="Causas",
    ...                 value_label="Muertes", lang="es", color=DIED_COLOR)
    >>> "violencia" in svg
    True
    """
    no_data = _no_data(lang, no_data_label)
    require_columns(frame, [category, value], "bar_chart")
    if frame.empty:
        return no_data_svg(title=title, no_data_label=no_data)
    # Fixed internal names: the caller's column names may hold dots or brackets, which
    # Vega-Lite would read as nested fields.
    data = pd.DataFrame(
        {
            "category": frame[category].astype(object).where(frame[category].notna(), "—"),
            "value": pd.to_numeric(frame[value], errors="coerce"),
        }
    )
    order = data["category"].astype(str).tolist()
    whole = bool(data["value"].dropna().eq(data["value"].dropna().round()).all())
    label_format = "," if whole else ",.1f"
    base = alt.Chart(_data(data)).transform_calculate(
        text=f"isValid(datum.value) ? format(datum.value, '{label_format}') : ''"
    )
    y = alt.Y("category:N", sort=order, title=None, axis=alt.Axis(labelLimit=240))
    bars = base.mark_bar(color=color or DETAINED_COLOR, height={"band": 0.7}).encode(
        x=alt.X("value:Q", title=value_label, axis=alt.Axis(format=_COUNT_FORMAT)),
        y=y,
    )
    labels = base.mark_text(align="left", dx=3, color="#222").encode(
        x="value:Q", y=y, text="text:N"
    )
    chart = alt.layer(bars, labels, title=_title(title)).properties(height=_band_height(len(data)))
    return render_svg(_fit(chart), title=title, lang=lang)


def occupancy_chart(
    frame: pd.DataFrame,
    *,
    title: str,
    held_label: str,
    capacity_label: str,
    lang: str,
    top: int = 6,
    no_data_label: str | None = None,
) -> str:
    """People held per month in the ``top`` fullest centres, with each official capacity.

    One line per centre; where the centre's capacity is known it is drawn as a dashed
    line of the same colour, so overcrowding is where a line runs above its dashes.

    Parameters
    ----------
    frame : DataFrame
        Columns ``month`` ('yyyy-mm'), ``centre`` (code), ``name``, ``held`` (int) and
        ``capacity`` (int or None). Rows without a 'yyyy-mm' month are left out.
    title, held_label, capacity_label : str
        Chart title, the y axis title (also the legend entry of the solid lines) and
        the legend entry of the dashed lines.
    lang : {'es', 'en'}
        Number and month-name formatting.
    top : int
        How many centres to draw, chosen by their largest monthly count.
    no_data_label : str, optional
        Shown when nothing is left to draw.

    Examples
    --------
    >>> import pandas as pd
    >>> held = pd.DataFrame({"month": ["2023-01", "2023-02"], "centre": ["cecot"] * 2,
    ...                      "name": ["CECOT"] * 2, "held": [2000, 12000],
    ...                      "capacity": [40000, 40000]})
    >>> svg = occupancy_chart(held, title="Ocupación", held_label="Personas",
    ...                       capacity_label="Capacidad", lang="en")
    >>> "40,000" in svg
    True
    """
    no_data = _no_data(lang, no_data_label)
    require_columns(frame, ["month", "centre", "name", "held", "capacity"], "occupancy_chart")
    if frame.empty:
        return no_data_svg(title=title, no_data_label=no_data)
    data = _months(frame)
    data = data.assign(held=pd.to_numeric(data["held"], errors="coerce")).dropna(subset=["held"])
    if data.empty:
        return no_data_svg(title=title, no_data_label=no_data)
    peaks = data.groupby("centre")["held"].max().sort_values(ascending=False, kind="stable")
    chosen = peaks.index[: max(top, 1)].tolist()
    data = data[data["centre"].isin(chosen)]
    names = {c: str(n) for c, n in data.groupby("centre")["name"].first().items()}
    order = [names[c] for c in chosen]
    capacity = pd.to_numeric(data["capacity"], errors="coerce").groupby(data["centre"]).max()
    caps = pd.DataFrame(
        {"name": [names[c] for c in capacity.dropna().index], "capacity": capacity.dropna()}
    )
    lines = data.assign(name=data["centre"].map(names), kind=held_label)[
        ["date", "name", "held", "kind"]
    ]
    color = alt.Color(
        "name:N",
        sort=order,
        title=None,
        scale=alt.Scale(domain=order, range=list(PALETTE[: len(order)])),
        legend=alt.Legend(orient="bottom", columns=2, symbolType="stroke", symbolStrokeWidth=3),
    )
    dash = alt.StrokeDash(
        "kind:N",
        title=None,
        scale=alt.Scale(domain=[held_label, capacity_label], range=[[1, 0], [6, 4]]),
        legend=alt.Legend(
            orient="top",
            direction="horizontal",
            symbolType="stroke",
            symbolStrokeWidth=2,
            symbolSize=500,
            symbolStrokeColor="#444",
        ),
    )
    y = alt.Y("held:Q", title=held_label, axis=alt.Axis(format=_COUNT_FORMAT, tickMinStep=1))
    x = alt.X(
        "utcyearmonth(date):T",
        title=None,
        axis=alt.Axis(format="%b %Y", labelAngle=-40, tickCount=_month_ticks(data)),
    )
    held = alt.Chart(_data(lines))
    # Lines without point markers: markers would turn the dash legend's lines into dots.
    layers = [held.mark_line(strokeWidth=2).encode(x=x, y=y, color=color, strokeDash=dash)]
    if data["month"].nunique() < 3:
        # A line through one month draws nothing; show the points, with no legend of their own.
        layers.append(
            held.mark_point(filled=True, size=40, opacity=1).encode(
                x=x, y=y, color=alt.Color("name:N", legend=None)
            )
        )
    if not caps.empty:
        capacity_rules = (
            alt.Chart(_data(caps.assign(kind=capacity_label)))
            .mark_rule(strokeWidth=1.5)
            .encode(y=alt.Y("capacity:Q"), color=color, strokeDash=dash)
        )
        layers.append(capacity_rules)
    chart = alt.layer(*layers, title=_title(title)).properties(height=260)
    return render_svg(_fit(chart), title=title, lang=lang)
