# Size: the three chart kinds share their SVG, scale and accessibility helpers in one module.
"""Accessible SVG charts rendered on the server: radar, line and horizontal bar charts.

Problem. Turn labelled numbers into a standalone SVG document (a string) that a page can inline
or serve, with no JavaScript and no ``style`` attribute (the site's Content-Security-Policy
forbids inline styles): colours and strokes are SVG presentation attributes, which a stylesheet
may override through the classes set on every element (``series series-0 current`` ...).

Accessibility: the root has ``role="img"`` and ``aria-labelledby`` pointing to its ``<title>``
and ``<desc>``; the description, unless given, lists every value in words, so a screen reader
user gets the data, not just "chart". Series differ by dash pattern as well as colour
(Okabe-Ito palette, readable by colour-blind users), and every point carries a ``<title>``.

Geometry, in SVG user units (px at scale 1): the radar puts axis i of n at angle
-90 deg + 360 deg * i / n (first axis at the top, clockwise) and value v at distance
radius * v / max_value from the centre. The line chart spaces categories evenly along x and
maps [y_min, y_max] linearly to the plot height. Bars are proportional to value / max_value.
All text goes through ElementTree, which escapes it; characters that XML 1.0 forbids are
dropped, so the output always parses.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET  # noqa: S405 (we build XML, we never parse untrusted XML)
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from aluhub.engines.errors import EngineInputError
from aluhub.engines.text import NBSP, colon, format_list
from aluhub.engines.text import format_number as text_number

Lang = Literal["fr", "en"]

SVG_NS = "http://www.w3.org/2000/svg"
# Okabe-Ito colours, dark enough on white; the yellow one is left out for contrast.
PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#000000",
)
# Eight dash patterns against seven colours: the pair differs for the first 56 series.
DASHES: tuple[str | None, ...] = (
    None,
    "6 4",
    "2 3",
    "8 3 2 3",
    "12 4",
    "1 5",
    "4 2 4 6",
    "10 3 2 3 2 3",
)
GRID_COLOR = "#c8c8c8"
TEXT_COLOR = "#1a1a1a"
FONT_SIZE = 12
LINE_HEIGHT = 14
CHAR_WIDTH = 6.6  # average advance of a 12 px sans-serif glyph, to size label columns
DIGIT_WIDTH = 7.7  # advance of a 12 px sans-serif digit (7.64 in DejaVu Sans): values
# Below this width (user units) a bar chart writes its labels above the bars (phones).
NARROW_BAR_WIDTH = 480
# A chart drawn this wide keeps its 12-unit text at about 12 px on a 390 px phone, and its
# page may scale it up on a wide screen (the chart-fit figure class).
PHONE_WIDTH = 360

_MESSAGES: dict[str, dict[Lang, str]] = {
    "radar": {"fr": "Graphique radar", "en": "Radar chart"},
    "line": {"fr": "Graphique linéaire", "en": "Line chart"},
    "bar": {"fr": "Graphique à barres", "en": "Bar chart"},
    "no_data": {"fr": "Aucune donnée", "en": "No data"},
    "no_value": {"fr": "aucune valeur", "en": "no value"},
    "scale": {"fr": "Échelle de {lo} à {hi}.", "en": "Scale from {lo} to {hi}."},
}

_INVALID_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TOKEN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_COLOR = re.compile(r"^(#[0-9A-Fa-f]{3}|#[0-9A-Fa-f]{6}|[a-z]+)$")


@dataclass(frozen=True, slots=True)
class Series:
    """A named list of values; ``None`` is a missing value (a gap in a line chart)."""

    name: str
    values: tuple[float | None, ...]
    css_class: str = ""
    color: str | None = None


def clean_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (controls, lone surrogates).

    Carriage returns become line feeds, as an XML parser would read them anyway.
    """
    return _INVALID_XML.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n"))


def format_number(value: float, lang: Lang = "fr", digits: int = 2, *, group: bool = True) -> str:
    """Up to ``digits`` decimals, trailing zeros dropped, thousands grouped the language's way
    (``1 250 000,5`` / ``1,250,000.5``; ``group=False``: not grouped); decimal comma in French
    (engines.text, on the float's exact value so that it rounds as Python does; no "-0")."""
    if round(value, digits) == 0:
        value = 0.0
    return text_number(Decimal(value), lang, decimals=digits, min_decimals=0, group=group)


def value_text(value: float, lang: Lang = "fr", *, unit: str = "", money: bool = False) -> str:
    """A value as a chart prints it: grouped, with its ``unit`` after it, or as an amount in
    dollars with ``money`` (``1 250 000 $`` / ``$1,250,000``)."""
    number = format_number(value, lang)
    if money:
        return f"{number}{NBSP}$" if lang == "fr" else f"${number}"
    return f"{number}{unit}"


def _n(value: float) -> str:
    """A coordinate: two decimals at most, so the SVG stays small and byte-stable."""
    return format_number(value, "en", 2, group=False)


def _msg(key: str, lang: Lang) -> str:
    return _MESSAGES[key].get(lang, _MESSAGES[key]["fr"])


def _check_token(value: str, field: str) -> str:
    if value and not _TOKEN.match(value):
        raise EngineInputError(field, "letters, digits, '-' and '_' only, starting with a letter")
    return value


def _check_number(value: float, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise EngineInputError(field, "a finite number is required")
    return float(value)


def _series_style(index: int, series: Series, field: str) -> tuple[str, str | None]:
    color = series.color or PALETTE[index % len(PALETTE)]
    if not _COLOR.match(color):
        raise EngineInputError(f"{field}.color", "a colour is #rgb, #rrggbb or a name")
    return color, DASHES[index % len(DASHES)]


def _classes(*names: str) -> str:
    return " ".join(n for n in names if n)


def _root(
    width: float, height: float, chart_id: str, title: str, desc: str, lang: Lang, kind: str
) -> ET.Element:
    _check_token(chart_id, "chart_id")
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "xml:lang": lang,
            "viewBox": f"0 0 {_n(width)} {_n(height)}",
            "width": _n(width),
            "height": _n(height),
            "role": "img",
            "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
            "id": chart_id,
            "class": f"chart chart-{kind}",
            "font-family": "sans-serif",
            "font-size": str(FONT_SIZE),
            "fill": TEXT_COLOR,
        },
    )
    # A chart without a name is useless to a screen reader: fall back to its kind.
    title = clean_text(title).strip() or _msg(kind, lang)
    ET.SubElement(root, "title", {"id": f"{chart_id}-title"}).text = title
    ET.SubElement(root, "desc", {"id": f"{chart_id}-desc"}).text = clean_text(desc)
    return root


def _text(
    parent: ET.Element,
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    css: str = "",
    size: int | None = None,
) -> ET.Element:
    attrs = {"x": _n(x), "y": _n(y), "text-anchor": anchor}
    if css:
        attrs["class"] = css
    if size is not None:
        attrs["font-size"] = str(size)
    el = ET.SubElement(parent, "text", attrs)
    el.text = clean_text(text)
    return el


def _serialize(root: ET.Element) -> str:
    return ET.tostring(root, encoding="unicode")


def wrap_label(text: str, width: int = 20, max_lines: int = 4) -> list[str]:
    """Split a label into lines of about ``width`` characters at spaces; ellipsis if longer."""
    words = clean_text(text).split()
    lines: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(width - 1, 1)].rstrip() + "…"
    return lines or [""]


def _truncate(text: str, chars: int) -> str:
    text = clean_text(text)
    return text if len(text) <= chars else text[: max(chars - 1, 1)].rstrip() + "…"


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """About ``count`` round tick values (1, 2, 2.5 or 5 times a power of ten) covering lo..hi."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw - 1e-12)
    start = math.floor(lo / step + 1e-9) * step
    ticks = []
    value = start
    while value <= hi + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < hi - 1e-9:
        ticks.append(round(value, 10))
    return ticks


def _legend_layout(
    series: Sequence[Series], x0: float, y0: float, width: float
) -> tuple[list[tuple[float, float, str]], float]:
    """Place legend items in rows from (x0, y0): ([(x, y, label)], height used)."""
    placed = []
    x, y = x0, y0
    for s in series:
        label = _truncate(s.name, 40)
        item_width = 34 + len(label) * CHAR_WIDTH + 18
        if x > x0 and x + item_width > x0 + width:
            x, y = x0, y + LINE_HEIGHT + 6
        placed.append((x, y, label))
        x += item_width
    return placed, y - y0 + LINE_HEIGHT + 6


def _legend(
    root: ET.Element,
    series: Sequence[Series],
    styles: Sequence[tuple[str, str | None]],
    x0: float,
    y0: float,
    width: float,
) -> None:
    """Draw the legend in rows from (x0, y0): a line sample (colour and dash) and the name."""
    group = ET.SubElement(root, "g", {"class": "legend"})
    placed, _ = _legend_layout(series, x0, y0, width)
    for i, (s, (color, dash), (x, y, label)) in enumerate(zip(series, styles, placed, strict=True)):
        item = ET.SubElement(
            group, "g", {"class": _classes("legend-item", f"series-{i}", s.css_class)}
        )
        attrs = {
            "x1": _n(x),
            "y1": _n(y - 4),
            "x2": _n(x + 26),
            "y2": _n(y - 4),
            "stroke": color,
            "stroke-width": "3",
        }
        if dash:
            attrs["stroke-dasharray"] = dash
        ET.SubElement(item, "line", attrs)
        _text(item, x + 32, y, label)


# --- Radar ---------------------------------------------------------------------------------


def radar_svg(
    axes: Sequence[str],
    series: Sequence[Series],
    *,
    max_value: float | None = None,
    ticks: int = 5,
    title: str = "",
    desc: str | None = None,
    chart_id: str = "radar",
    lang: Lang = "fr",
    radius: float = 150,
    label_chars: int = 20,
    label_lines: int = 4,
    char_width: float = CHAR_WIDTH,
) -> str:
    """Radar (spider) chart: one axis per label, one closed polygon per series.

    Values must lie in [0, max_value]; ``max_value`` defaults to the largest value (or 1).
    ``ticks`` concentric rings mark max_value * k / ticks. At least 3 axes are required.
    Axis labels wrap at about ``label_chars`` characters on up to ``label_lines`` lines, and
    the chart is made just wide and tall enough to hold them (centred on the radar), so a
    small radius and short lines give a chart narrow enough for a phone. ``char_width`` is the
    average advance of a glyph in user units (raise it when a stylesheet enlarges the text).
    """
    if len(axes) < 3:
        raise EngineInputError("axes", "a radar chart needs at least 3 axes")
    if not series:
        raise EngineInputError("series", "at least one series is required")
    if ticks < 1:
        raise EngineInputError("ticks", "at least one ring")
    n = len(axes)
    values: list[list[float]] = []
    for i, s in enumerate(series):
        _check_token(s.css_class, f"series[{i}].css_class")
        if len(s.values) != n:
            raise EngineInputError(f"series[{i}].values", f"expected {n} values, one per axis")
        row = []
        for j, v in enumerate(s.values):
            if v is None:
                raise EngineInputError(f"series[{i}].values[{j}]", "a radar needs every value")
            v = _check_number(v, f"series[{i}].values[{j}]")
            if v < 0:
                raise EngineInputError(f"series[{i}].values[{j}]", "values must be >= 0")
            row.append(v)
        values.append(row)
    top = max((v for row in values for v in row), default=0.0)
    if max_value is None:
        max_value = top if top > 0 else 1.0
    max_value = _check_number(max_value, "max_value")
    if max_value <= 0:
        raise EngineInputError("max_value", "must be > 0")
    if top > max_value + 1e-9:
        raise EngineInputError("series", f"a value exceeds max_value {format_number(max_value)}")
    styles = [_series_style(i, s, f"series[{i}]") for i, s in enumerate(series)]

    placed_labels = [
        _radar_label(j, n, label, radius, label_chars, label_lines, char_width)
        for j, label in enumerate(axes)
    ]
    half_width = max([radius + 12.0] + [lbl.right for lbl in placed_labels]) + 8
    width = 2 * half_width
    cx = half_width
    cy = max([radius] + [-lbl.top for lbl in placed_labels]) + 8
    legend_y = cy + max([radius] + [lbl.bottom for lbl in placed_labels]) + 12 + FONT_SIZE
    _, legend_h = _legend_layout(series, 16, 0, width - 32)
    height = legend_y + legend_h
    if desc is None:
        desc = _radar_desc(axes, series, values, max_value, lang)
    root = _root(width, height, chart_id, title or _msg("radar", lang), desc, lang, "radar")

    def point(j: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * j / n
        r = radius * value / max_value
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    grid = ET.SubElement(root, "g", {"class": "grid", "fill": "none", "stroke": GRID_COLOR})
    for k in range(1, ticks + 1):
        ring = [point(j, max_value * k / ticks) for j in range(n)]
        ET.SubElement(
            grid,
            "polygon",
            {"class": "ring", "points": " ".join(f"{_n(x)},{_n(y)}" for x, y in ring)},
        )
    for j in range(n):
        x, y = point(j, max_value)
        ET.SubElement(
            grid, "line", {"class": "axis", "x1": _n(cx), "y1": _n(cy), "x2": _n(x), "y2": _n(y)}
        )
    tick_group = ET.SubElement(root, "g", {"class": "tick-labels", "fill": "#595959"})
    for k in range(0, ticks + 1):
        value = max_value * k / ticks
        _, y = point(0, value)
        _text(tick_group, cx + 4, y - 3, format_number(value, lang), size=10)

    labels = ET.SubElement(root, "g", {"class": "axis-labels"})
    for lbl in placed_labels:
        x = cx + lbl.x
        text = ET.SubElement(
            labels,
            "text",
            {"class": "axis-label", "x": _n(x), "y": _n(cy + lbl.y), "text-anchor": lbl.anchor},
        )
        for k, line in enumerate(lbl.lines):
            tspan = ET.SubElement(
                text, "tspan", {"x": _n(x), "dy": "0" if k == 0 else str(LINE_HEIGHT)}
            )
            tspan.text = line

    for i, (s, row, (color, dash)) in enumerate(zip(series, values, styles, strict=True)):
        group = ET.SubElement(root, "g", {"class": _classes("series", f"series-{i}", s.css_class)})
        ET.SubElement(group, "title").text = clean_text(s.name)
        pts = [point(j, v) for j, v in enumerate(row)]
        attrs = {
            "points": " ".join(f"{_n(x)},{_n(y)}" for x, y in pts),
            "fill": color,
            "fill-opacity": "0.12",
            "stroke": color,
            "stroke-width": "2",
            "stroke-linejoin": "round",
        }
        if dash:
            attrs["stroke-dasharray"] = dash
        ET.SubElement(group, "polygon", attrs)
        for j, (x, y) in enumerate(pts):
            dot = ET.SubElement(
                group, "circle", {"cx": _n(x), "cy": _n(y), "r": "3.5", "fill": color}
            )
            ET.SubElement(dot, "title").text = clean_text(
                f"{s.name} — {axes[j]}{colon(lang)} {format_number(row[j], lang)}"
            )
    _legend(root, series, styles, 16, legend_y, width - 32)
    return _serialize(root)


@dataclass(frozen=True, slots=True)
class _RadarLabel:
    """An axis label placed relative to the radar's centre: where its first line starts, how
    it is anchored, and how far it reaches sideways (``right``, either side) and up or down."""

    lines: list[str]
    x: float
    y: float
    anchor: str
    right: float
    top: float
    bottom: float


def _radar_label(
    j: int, n: int, label: str, radius: float, chars: int, max_lines: int, char_width: float
) -> _RadarLabel:
    angle = -math.pi / 2 + 2 * math.pi * j / n
    cos, sin = math.cos(angle), math.sin(angle)
    x, y = (radius + 12) * cos, (radius + 12) * sin
    lines = wrap_label(label, chars, max_lines)
    wide = max(len(line) for line in lines) * char_width
    extra = (len(lines) - 1) * LINE_HEIGHT
    if abs(cos) < 0.15:
        anchor, right = "middle", abs(x) + wide / 2
    else:
        anchor, right = ("start" if cos > 0 else "end"), abs(x) + wide
    if sin < -0.3:
        y0 = y - extra - 2
    elif sin > 0.3:
        y0 = y + FONT_SIZE
    else:
        y0 = y - extra / 2 + 4
    # FONT_SIZE above the first baseline, a few units of descent below the last one.
    return _RadarLabel(lines, x, y0, anchor, right, y0 - FONT_SIZE, y0 + extra + 4)


def _radar_desc(
    axes: Sequence[str],
    series: Sequence[Series],
    values: Sequence[Sequence[float]],
    max_value: float,
    lang: Lang,
) -> str:
    sep = f"{colon(lang)} "
    parts = [_msg("scale", lang).format(lo="0", hi=format_number(max_value, lang))]
    for s, row in zip(series, values, strict=True):
        items = format_list(
            (f"{a} {format_number(v, lang)}" for a, v in zip(axes, row, strict=True)), lang
        )
        parts.append(f"{s.name}{sep}{items}.")
    return " ".join(parts)


# --- Line ----------------------------------------------------------------------------------


def line_svg(
    x_labels: Sequence[str],
    series: Sequence[Series],
    *,
    y_min: float | None = 0,
    y_max: float | None = None,
    title: str = "",
    desc: str | None = None,
    chart_id: str = "line",
    lang: Lang = "fr",
    width: float = 640,
    height: float = 320,
    y_label: str = "",
) -> str:
    """Line chart over categories (e.g. assessment dates); ``None`` values break the line.

    The y range defaults to [min(0, data), nice maximum of the data]; values outside an
    explicit range are refused rather than drawn off the plot.
    """
    n = len(x_labels)
    rows: list[list[float | None]] = []
    for i, s in enumerate(series):
        _check_token(s.css_class, f"series[{i}].css_class")
        if len(s.values) != n:
            raise EngineInputError(f"series[{i}].values", f"expected {n} values, one per label")
        rows.append(
            [
                None if v is None else _check_number(v, f"series[{i}].values[{j}]")
                for j, v in enumerate(s.values)
            ]
        )
    styles = [_series_style(i, s, f"series[{i}]") for i, s in enumerate(series)]
    present = [v for row in rows for v in row if v is not None]
    if not present:
        return _empty_chart("line", title, chart_id, lang, width)
    lo = min(present) if y_min is None else _check_number(y_min, "y_min")
    lo = min(lo, 0.0) if y_min is None else lo
    hi_data = max(present)
    if y_max is None:
        ticks = nice_ticks(lo, hi_data if hi_data > lo else lo + 1)
        hi = ticks[-1]
    else:
        hi = _check_number(y_max, "y_max")
        if hi <= lo:
            raise EngineInputError("y_max", "must be greater than y_min")
        ticks = [t for t in nice_ticks(lo, hi) if t <= hi + 1e-9]
    if min(present) < lo - 1e-9 or hi_data > hi + 1e-9:
        raise EngineInputError("series", "a value lies outside [y_min, y_max]")

    tick_texts = [format_number(t, lang) for t in ticks]
    # Room left of the plot for the widest tick label (10 px digits, 6 units off the axis):
    # a grouped "1 250 000" is wider than the 56 units that fit "1250000".
    left = max(56.0, max(len(t) for t in tick_texts) * DIGIT_WIDTH * 10 / FONT_SIZE + 12)
    right, top = 40.0, 24.0
    bottom = 44.0
    plot_w, plot_h = width - left - right, height - top - bottom
    _, legend_h = _legend_layout(series, left, 0, plot_w)
    total_h = height + legend_h + 8
    if desc is None:
        desc = _line_desc(x_labels, series, rows, lo, hi, lang)
    root = _root(width, total_h, chart_id, title or _msg("line", lang), desc, lang, "line")

    def px(j: int) -> float:
        return left + (plot_w / 2 if n == 1 else plot_w * j / (n - 1))

    def py(v: float) -> float:
        return top + plot_h * (1 - (v - lo) / (hi - lo))

    grid = ET.SubElement(root, "g", {"class": "grid", "stroke": GRID_COLOR})
    tick_labels = ET.SubElement(root, "g", {"class": "tick-labels", "fill": "#595959"})
    for t, label in zip(ticks, tick_texts, strict=True):
        y = py(t)
        ET.SubElement(
            grid, "line", {"x1": _n(left), "y1": _n(y), "x2": _n(left + plot_w), "y2": _n(y)}
        )
        _text(tick_labels, left - 6, y + 4, label, anchor="end", size=10)
    if y_label:
        y_text = _text(root, 14, top + plot_h / 2, y_label, anchor="middle", css="y-label")
        y_text.set("transform", f"rotate(-90 14 {_n(top + plot_h / 2)})")
    # Show as many x labels as fit side by side (at most about 12), every step-th one, so they
    # never overlap however narrow the chart (a phone); the description has them all.
    label_w = min(max((len(clean_text(x)) for x in x_labels), default=1), 14) * CHAR_WIDTH + 8
    fit = max(1, int(plot_w // label_w) + 1) if n > 1 else 1
    step = max(1, math.ceil(n / 12), math.ceil(n / fit))
    x_group = ET.SubElement(root, "g", {"class": "x-labels"})
    for j, label in enumerate(x_labels):
        if j % step == 0:
            _text(x_group, px(j), top + plot_h + 18, _truncate(label, 14), anchor="middle")
    for i, (s, row, (color, dash)) in enumerate(zip(series, rows, styles, strict=True)):
        group = ET.SubElement(root, "g", {"class": _classes("series", f"series-{i}", s.css_class)})
        ET.SubElement(group, "title").text = clean_text(s.name)
        segment: list[tuple[float, float]] = []
        segments: list[list[tuple[float, float]]] = []
        for j, v in enumerate(row):
            if v is None:
                if segment:
                    segments.append(segment)
                segment = []
            else:
                segment.append((px(j), py(v)))
        if segment:
            segments.append(segment)
        for seg in segments:
            if len(seg) < 2:
                continue
            attrs = {
                "points": " ".join(f"{_n(x)},{_n(y)}" for x, y in seg),
                "fill": "none",
                "stroke": color,
                "stroke-width": "2",
                "stroke-linejoin": "round",
            }
            if dash:
                attrs["stroke-dasharray"] = dash
            ET.SubElement(group, "polyline", attrs)
        for j, v in enumerate(row):
            if v is None:
                continue
            dot = ET.SubElement(
                group, "circle", {"cx": _n(px(j)), "cy": _n(py(v)), "r": "3.5", "fill": color}
            )
            ET.SubElement(dot, "title").text = clean_text(
                f"{s.name} — {x_labels[j]}{colon(lang)} {format_number(v, lang)}"
            )
    _legend(root, series, styles, left, height + 4, plot_w)
    return _serialize(root)


def _line_desc(
    x_labels: Sequence[str],
    series: Sequence[Series],
    rows: Sequence[Sequence[float | None]],
    lo: float,
    hi: float,
    lang: Lang,
) -> str:
    sep = f"{colon(lang)} "
    parts = [_msg("scale", lang).format(lo=format_number(lo, lang), hi=format_number(hi, lang))]
    for s, row in zip(series, rows, strict=True):
        items = format_list(
            (
                f"{label} {_msg('no_value', lang) if v is None else format_number(v, lang)}"
                for label, v in zip(x_labels, row, strict=True)
            ),
            lang,
        )
        parts.append(f"{s.name}{sep}{items}.")
    return " ".join(parts)


# --- Bars ----------------------------------------------------------------------------------


def bar_svg(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    max_value: float | None = None,
    unit: str = "",
    money: bool = False,
    title: str = "",
    desc: str | None = None,
    chart_id: str = "bar",
    lang: Lang = "fr",
    width: float = 640,
    color: str = PALETTE[0],
    css_classes: Sequence[str] | None = None,
) -> str:
    """Horizontal bars, one per label, length proportional to value / max_value.

    Values are >= 0 (counts, durations, scores); ``max_value`` defaults to the largest value.
    ``unit`` is appended to printed values (e.g. " j", " %"); ``money`` prints them as
    amounts in dollars (``1 250 000 $`` / ``$1,250,000``). ``css_classes`` optionally tags each
    bar for the stylesheet.
    """
    if len(labels) != len(values):
        raise EngineInputError("values", f"expected {len(labels)} values, one per label")
    if css_classes is not None and len(css_classes) != len(labels):
        raise EngineInputError("css_classes", f"expected {len(labels)} classes")
    if not _COLOR.match(color):
        raise EngineInputError("color", "a colour is #rgb, #rrggbb or a name")
    nums = []
    for j, v in enumerate(values):
        v = _check_number(v, f"values[{j}]")
        if v < 0:
            raise EngineInputError(f"values[{j}]", "values must be >= 0")
        nums.append(v)
    classes = [_check_token(c, f"css_classes[{j}]") for j, c in enumerate(css_classes or [])]
    if not labels:
        return _empty_chart("bar", title, chart_id, lang, width)
    top_value = max(nums)
    if max_value is None:
        max_value = top_value if top_value > 0 else 1.0
    max_value = _check_number(max_value, "max_value")
    if max_value <= 0:
        raise EngineInputError("max_value", "must be > 0")
    if top_value > max_value + 1e-9:
        raise EngineInputError("values", "a value exceeds max_value")

    label_chars = min(max(len(clean_text(label)) for label in labels), 32)
    shown = [value_text(v, lang, unit=unit, money=money) for v in nums]
    # Room right of the longest bar for the widest value, 6 units off the bar: "1 375 000 $"
    # (65 units for its digits) did not fit a fixed 64 and was cut at the chart's edge.
    value_w = max(64.0, max(len(text) for text in shown) * DIGIT_WIDTH + 8)
    bar_h, gap, top = 20.0, 8.0, 12.0
    # A narrow chart (a phone) writes each label on its own line above its bar, whole when it
    # fits the width; a wide one keeps a column of labels left of the bars.
    above = width < NARROW_BAR_WIDTH
    label_w = 0.0 if above else min(label_chars * CHAR_WIDTH + 12, width * 0.4)
    label_h = FONT_SIZE + 4 if above else 0.0
    plot_x = 1.0 if above else label_w + 8
    plot_w = width - plot_x - value_w
    height = top + len(labels) * (label_h + bar_h + gap) + 8
    if desc is None:
        sep = f"{colon(lang)} "
        desc = format_list(
            (f"{label}{sep}{text}" for label, text in zip(labels, shown, strict=True)), lang
        )
    root = _root(width, height, chart_id, title or _msg("bar", lang), desc, lang, "bar")
    ET.SubElement(
        root,
        "line",
        {
            "class": "axis",
            "x1": _n(plot_x),
            "y1": _n(top - 4),
            "x2": _n(plot_x),
            "y2": _n(height - 8),
            "stroke": GRID_COLOR,
        },
    )
    for j, (label, v) in enumerate(zip(labels, nums, strict=True)):
        y = top + j * (label_h + bar_h + gap) + label_h
        group = ET.SubElement(
            root, "g", {"class": _classes("bar", f"bar-{j}", classes[j] if classes else "")}
        )
        ET.SubElement(group, "title").text = clean_text(f"{label}{colon(lang)} {shown[j]}")
        if above:
            _text(group, plot_x, y - 5, _truncate(label, max(int(width / CHAR_WIDTH) - 1, 4)))
        else:
            max_chars = max(int((label_w - 4) / CHAR_WIDTH), 4)
            _text(group, label_w, y + bar_h / 2 + 4, _truncate(label, max_chars), anchor="end")
        bar_w = plot_w * v / max_value
        ET.SubElement(
            group,
            "rect",
            {
                "x": _n(plot_x),
                "y": _n(y),
                "width": _n(bar_w),
                "height": _n(bar_h),
                "fill": color,
            },
        )
        _text(
            group,
            plot_x + bar_w + 6,
            y + bar_h / 2 + 4,
            shown[j],
            css="value",
        )
    return _serialize(root)


def _empty_chart(kind: str, title: str, chart_id: str, lang: Lang, width: float) -> str:
    root = _root(width, 60, chart_id, title or _msg(kind, lang), _msg("no_data", lang), lang, kind)
    _text(root, width / 2, 34, _msg("no_data", lang), anchor="middle", css="no-data")
    return _serialize(root)
