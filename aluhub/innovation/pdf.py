"""PDF report of a self-assessment (reportlab): numbers, radar, gap table, next steps."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from aluhub.common import documents
from aluhub.common.documents import pdf_text as escape
from aluhub.engines.maturity import MAX_LEVEL, MaturityResult, level_name, message
from aluhub.engines.text import format_date, format_significant

from .models import Assessment

Lang = Literal["fr", "en"]


def _num(value: float | None, lang: Lang) -> str:
    return "—" if value is None else format_significant(value, lang)


def radar_drawing(result: MaturityResult, lang: Lang) -> Drawing:
    """The radar as reportlab vector graphics: current levels, target, peer median."""
    drawing = Drawing(170 * mm, 105 * mm)
    chart = SpiderChart()
    chart.x, chart.y = int(45 * mm), int(8 * mm)
    chart.width = chart.height = int(85 * mm)
    names = [d.dimension.name.get(lang) for d in result.dimensions]
    data: list[list[float]] = [[float(d.level) for d in result.dimensions]]
    legend = [(message("current", lang), colors.HexColor("#1f5fa8"))]
    if all(d.target is not None for d in result.dimensions):
        data.append([float(d.target or 0) for d in result.dimensions])
        legend.append((message("target", lang), colors.HexColor("#c05a00")))
    if all(d.peers is not None for d in result.dimensions):
        data.append([d.peers.median if d.peers else 0.0 for d in result.dimensions])
        legend.append((message("peers_median", lang), colors.HexColor("#4d7f3a")))
    # A fixed 0..5 scale: a ring per level, so the figure reads like the web chart.
    data.append([float(MAX_LEVEL)] * len(names))
    chart.data = data
    chart.labels = names
    chart.strands.strokeWidth = 1.5
    chart.strands.fillColor = None
    for i, (_label, colour) in enumerate(legend):
        chart.strands[i].strokeColor = colour
    chart.strands[len(data) - 1].strokeColor = colors.HexColor("#c8c8c8")
    chart.strands[len(data) - 1].strokeWidth = 0.5
    chart.spokeLabels.fontSize = 7
    chart.spokeLabels.fontName = documents.FONT
    drawing.add(chart)
    for i, (label, colour) in enumerate(legend):
        drawing.add(
            String(
                2 * mm,
                98 * mm - i * 5 * mm,
                documents.pdf_plain(f"— {label}"),
                fillColor=colour,
                fontSize=8,
                fontName=documents.FONT,
            )
        )
    return drawing


def _table(rows: Sequence[Sequence[object]], widths: Sequence[float]) -> Table:
    table = Table([list(row) for row in rows], colWidths=list(widths), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), documents.FONT_BOLD, 8),
                ("FONT", (0, 1), (-1, -1), documents.FONT, 8),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def assessment_pdf(
    assessment: Assessment,
    result: MaturityResult,
    lang: Lang,
    programs: Sequence[tuple[str, str]] = (),
) -> bytes:
    """The report as PDF bytes; ``programs`` are (slug, name) pairs to list."""
    buffer = io.BytesIO()
    title = _("Digital maturity self-assessment")
    doc = documents.pdf_document(
        buffer, title=title, pagesize=A4, margin_mm=18, topMargin=16 * mm, bottomMargin=16 * mm
    )
    styles = documents.pdf_styles()
    body = styles["BodyText"]
    story: list[object] = [
        Paragraph(escape(title), styles["Title"]),
        Paragraph(
            escape(
                _("%(organization)s, %(date)s")
                % {
                    "organization": assessment.organization.name,
                    "date": format_date(timezone.localdate(assessment.created_at), lang),
                }
            ),
            body,
        ),
        Paragraph(
            escape(_("Overall level: %(overall)s / 5") % {"overall": _num(result.overall, lang)}),
            styles["Heading2"],
        ),
        radar_drawing(result, lang),
        Spacer(1, 4 * mm),
        Paragraph(escape(_("Levels and gaps")), styles["Heading2"]),
    ]
    rows: list[list[object]] = [
        [
            _("Dimension"),
            pgettext("maturity level", "Level"),
            _("Target"),
            _("Gap"),
            _("Peer median"),
        ]
    ]
    for d in result.dimensions:
        rows.append(
            [
                Paragraph(escape(d.dimension.name.get(lang)), body),
                f"{d.level} ({level_name(d.level, lang)})",
                "—" if d.target is None else str(d.target),
                # As the page writes it: a sign before a gap to close only (« +2 », « 0 »).
                "—" if d.gap is None else f"+{d.gap}" if d.gap > 0 else str(d.gap),
                _num(d.peers.median, lang) if d.peers else "—",
            ]
        )
    story.append(_table(rows, [60 * mm, 38 * mm, 18 * mm, 16 * mm, 42 * mm]))
    if not result.peers.shown:
        story.append(
            Paragraph(
                escape(
                    _("Peer comparison hidden: fewer than %(n)s comparable organizations.")
                    % {"n": result.peers.min_peers}
                ),
                body,
            )
        )
    story.append(Paragraph(escape(_("Next steps")), styles["Heading2"]))
    for rec in result.recommendations:
        story.append(
            Paragraph(
                f"<b>{rec.priority}. {escape(rec.dimension.name.get(lang))}</b> — "
                f"{escape(rec.next_steps.get(lang))}",
                body,
            )
        )
    if programs:
        story.append(Paragraph(escape(_("Funding programs to look at")), styles["Heading2"]))
        for slug, name in programs:
            story.append(Paragraph(f"• {escape(name)} ({escape(slug)})", body))
    doc.build(story)
    return buffer.getvalue()
