"""Finishing vl-convert's SVG so that many charts can live inline in one page and a PDF.

Split from :mod:`habeas.report.charts`: these functions know SVG text, not charts.
"""

from __future__ import annotations

import hashlib
import html
import re

#: Prefixes already given out in this process (two renders of one chart get two).
_issued_prefixes: set[str] = set()


def finish_svg(svg: str, *, title: str) -> str:
    """Make vl-convert's SVG safe to inline: no prolog, accessible root, unique ids.

    Refuses an SVG that refers to anything outside itself.
    """
    svg = re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
    if re.search(r"""(href\s*=\s*["']?\s*https?:|url\(\s*["']?https?:|@import)""", svg):
        # vl-convert never emits these for our specs; refuse rather than ship a leak.
        raise ValueError("chart SVG refers to an external resource")
    svg = _prefix_ids(_gradients_in_user_space(svg))
    if "xlink:" not in svg.replace("xmlns:xlink", ""):
        svg = svg.replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "", 1)
    root = re.match(r"<svg\b[^>]*>", svg)
    if root is None:
        raise ValueError("vl-convert returned no <svg> element")
    tag = re.sub(r'\s(class|role|aria-label)="[^"]*"', "", root.group(0))
    label = html.escape(title, quote=True)
    tag = tag[:-1] + f' role="img" aria-label="{label}" class="chart">'
    return tag + svg[root.end() :]


def _gradients_in_user_space(svg: str) -> str:
    """Give legend gradients absolute coordinates, which WeasyPrint can paint.

    Vega fills its gradient legend (a ``M0,0h{w}v{h}h-{w}Z`` path) with a gradient in
    the default objectBoundingBox units; WeasyPrint 70 paints those as nothing, so the
    colour bar vanished from the PDF. The same gradient in userSpaceOnUse units,
    scaled by the bar's size, looks identical everywhere.
    """
    boxes = {
        match.group(3): (float(match.group(1)), float(match.group(2)))
        for match in re.finditer(
            r'<path d="M0,0h([\d.]+)v([\d.]+)h-[\d.]+Z" fill="url\(#([^)]+)\)"', svg
        )
    }

    def rescale(match: re.Match[str]) -> str:
        attrs = match.group(1)
        gid = re.search(r'\sid="([^"]+)"', attrs)
        if gid is None or gid.group(1) not in boxes or "gradientUnits" in attrs:
            return match.group(0)
        width, height = boxes[gid.group(1)]

        def scale(coord: re.Match[str]) -> str:
            size = width if coord.group(1).startswith("x") else height
            return f' {coord.group(1)}="{float(coord.group(2)) * size:g}"'

        attrs = re.sub(r'\s([xy][12])="([\d.]+)"', scale, attrs)
        return f'<linearGradient{attrs} gradientUnits="userSpaceOnUse">'

    return re.sub(r"<linearGradient(\s[^>]*)>", rescale, svg)


def _prefix_ids(svg: str) -> str:
    """Give every id a prefix unique to this chart and rewrite the references to it.

    vl-convert numbers ids with a per-process counter (``clip1``, ``gradient_0``), so
    charts rendered by two processes, or cached and inlined later, would clash. Ids are
    renumbered in order of appearance and prefixed by a digest of the chart, which keeps
    the output the same from run to run; a chart rendered twice in one process gets a
    second prefix.
    """
    index = {name: i for i, name in enumerate(dict.fromkeys(re.findall(r'\sid="([^"]+)"', svg)))}
    if not index:
        return svg
    # NUL cannot occur in an SVG document, so it is a safe placeholder for the prefix.
    placeholder = "\x00"

    def rename(match: re.Match[str]) -> str:
        name = match.group(2)
        if name not in index:
            return match.group(0)
        return f"{match.group(1)}{placeholder}{index[name]}{match.group(3)}"

    svg = re.sub(r'(\sid=")([^"]+)(")', rename, svg)
    svg = re.sub(r"(url\(\s*['\"]?#)([^)'\"]+)(['\"]?\s*\))", rename, svg)
    svg = re.sub(r'((?:xlink:)?href="#)([^"]+)(")', rename, svg)
    digest = hashlib.sha1(svg.encode()).hexdigest()[:8]
    prefix, n = f"hc{digest}", 1
    while prefix in _issued_prefixes:
        n += 1
        prefix = f"hc{digest}n{n}"
    _issued_prefixes.add(prefix)
    return svg.replace(placeholder, f"{prefix}-")
