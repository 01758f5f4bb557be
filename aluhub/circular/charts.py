"""Server-side SVG of a melt's composition against its limits (no inline style, no script).

One row per limit: the allowed band [min, max] as a rectangle and the melt's value as a
marker, each row on its own scale from 0 to 1.25 x the larger of the bound and the value
(elements differ by orders of magnitude: Fe 0.3 % next to Al 98 %). Numbers are printed, so
the chart reads without its geometry; ``<title>``/``<desc>`` describe it for screen readers.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 (we build XML, never parse it)
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from .formatting import limit_label, significant

ROW_H = 28
LABEL_W = 180
BAR_W = 360
VALUE_W = 200


def _fmt(value: float | None) -> str:
    """Four significant digits, in the active language (decimal comma in French)."""
    return significant(value)


def composition_svg(limits: Sequence[Mapping[str, Any]], *, chart_id: str = "composition") -> str:
    """``limits`` are the blend result's ``limits`` rows (name, min, max, value)."""
    width = LABEL_W + BAR_W + VALUE_W
    height = ROW_H * max(1, len(limits)) + 20
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
            _("%(name)s: %(value)s %% (min %(min)s, max %(max)s)")
            % {
                "name": limit_label(str(row["name"])),
                "value": _fmt(row.get("value")),
                "min": _fmt(row.get("min")),
                "max": _fmt(row.get("max")),
            }
        )
    desc.text = "; ".join(parts) or _("No limit.")
    for i, row in enumerate(limits):
        y = 10 + i * ROW_H
        lo, hi, value = row.get("min"), row.get("max"), float(row.get("value") or 0.0)
        top = max(x for x in (lo, hi, value, 1e-9) if x is not None) * 1.25
        group = ET.SubElement(root, "g", {"class": "limit-row"})
        label = ET.SubElement(
            group, "text", {"x": "4", "y": str(y + 17), "class": "limit-name", "font-size": "13"}
        )
        label.text = limit_label(str(row["name"]))
        ET.SubElement(
            group,
            "rect",
            {
                "x": str(LABEL_W),
                "y": str(y + 6),
                "width": str(BAR_W),
                "height": "12",
                "fill": "#eeeeee",
                "class": "limit-track",
            },
        )
        band_lo = (lo or 0.0) / top * BAR_W
        band_hi = (hi if hi is not None else top) / top * BAR_W
        ET.SubElement(
            group,
            "rect",
            {
                "x": f"{LABEL_W + band_lo:.2f}",
                "y": str(y + 6),
                "width": f"{max(0.0, band_hi - band_lo):.2f}",
                "height": "12",
                "fill": "#9ad0a8",
                "class": "limit-band",
            },
        )
        margin = row.get("margin")
        ok = margin is None or float(margin) >= -1e-9
        cx = LABEL_W + min(value, top) / top * BAR_W
        ET.SubElement(
            group,
            "rect",
            {
                "x": f"{cx - 2:.2f}",
                "y": str(y + 2),
                "width": "4",
                "height": "20",
                "fill": "#0072b2" if ok else "#d55e00",
                "class": "limit-value" + ("" if ok else " limit-violated"),
            },
        )
        text = ET.SubElement(
            group,
            "text",
            {"x": str(LABEL_W + BAR_W + 8), "y": str(y + 17), "font-size": "12"},
        )
        text.text = _("%(value)s %% (min %(min)s, max %(max)s)") % {
            "value": _fmt(value),
            "min": _fmt(lo),
            "max": _fmt(hi),
        }
    return ET.tostring(root, encoding="unicode")
