"""Server-side SVG of a melt's composition against its limits (no inline style, no script).

One row per limit: the allowed band [min, max] as a rectangle and the melt's value as a
marker, each row on its own scale from 0 to 1.25 x the larger of the bound and the value
(elements differ by orders of magnitude: Fe 0.3 % next to Al 98 %). Numbers are printed, so
the chart reads without its geometry; ``<title>``/``<desc>`` describe it for screen readers.

The chart is drawn 360 units wide, about a phone's width: each row prints its name and numbers
on one line and draws its bar below them, so scaled to a 390 px screen its 12 px text stays
readable (a side-by-side layout 740 units wide shrank to about 6 px).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 (we build XML, never parse it)
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from aluhub.common.lang import active_lang
from aluhub.engines.text import format_list

from .formatting import limit_label, significant

WIDTH = 360
ROW_H = 46  # a line of text, the bar below it, and a gap
TEXT_Y = 14  # baseline of the row's text, from the row's top
BAR_Y = 22  # top of the row's bar


def _fmt(value: float | None) -> str:
    """Four significant digits, in the active language (decimal comma in French)."""
    return significant(value)


def composition_svg(limits: Sequence[Mapping[str, Any]], *, chart_id: str = "composition") -> str:
    """``limits`` are the blend result's ``limits`` rows (name, min, max, value)."""
    width = WIDTH
    height = ROW_H * max(1, len(limits)) + 4
    root = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {width} {height}",
            "width": str(width),
            "height": str(height),
            "role": "img",
            "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
            "class": "chart composition-chart",
        },
    )
    title = ET.SubElement(root, "title", {"id": f"{chart_id}-title"})
    title.text = _("Melt composition against the alloy's limits")
    desc = ET.SubElement(root, "desc", {"id": f"{chart_id}-desc"})
    parts = []
    for row in limits:
        parts.append(
            _("%(name)s: %(value)s%% (min %(min)s, max %(max)s)")
            % {
                "name": limit_label(str(row["name"])),
                "value": _fmt(row.get("value")),
                "min": _fmt(row.get("min")),
                "max": _fmt(row.get("max")),
            }
        )
    desc.text = format_list(parts, active_lang()) or _("No limit.")
    for i, row in enumerate(limits):
        y = 4 + i * ROW_H
        lo, hi, value = row.get("min"), row.get("max"), float(row.get("value") or 0.0)
        top = max(x for x in (lo, hi, value, 1e-9) if x is not None) * 1.25
        group = ET.SubElement(root, "g", {"class": "limit-row"})
        label = ET.SubElement(
            group, "text", {"x": "2", "y": str(y + TEXT_Y), "class": "limit-name"}
        )
        label.text = limit_label(str(row["name"]))
        text = ET.SubElement(
            group,
            "text",
            {
                "x": str(width - 2),
                "y": str(y + TEXT_Y),
                "text-anchor": "end",
                "class": "limit-value-text",
            },
        )
        text.text = _("%(value)s%% (min %(min)s, max %(max)s)") % {
            "value": _fmt(value),
            "min": _fmt(lo),
            "max": _fmt(hi),
        }
        ET.SubElement(
            group,
            "rect",
            {
                "x": "0",
                "y": str(y + BAR_Y + 4),
                "width": str(width),
                "height": "12",
                "fill": "#eeeeee",
                "class": "limit-track",
            },
        )
        band_lo = (lo or 0.0) / top * width
        band_hi = (hi if hi is not None else top) / top * width
        ET.SubElement(
            group,
            "rect",
            {
                "x": f"{band_lo:.2f}",
                "y": str(y + BAR_Y + 4),
                "width": f"{max(0.0, band_hi - band_lo):.2f}",
                "height": "12",
                "fill": "#9ad0a8",
                "class": "limit-band",
            },
        )
        margin = row.get("margin")
        ok = margin is None or float(margin) >= -1e-9
        cx = min(max(min(value, top) / top * width, 2.0), width - 2.0)
        ET.SubElement(
            group,
            "rect",
            {
                "x": f"{cx - 2:.2f}",
                "y": str(y + BAR_Y),
                "width": "4",
                "height": "20",
                "fill": "#0072b2" if ok else "#d55e00",
                "class": "limit-value" + ("" if ok else " limit-violated"),
            },
        )
    return ET.tostring(root, encoding="unicode")
