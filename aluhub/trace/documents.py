"""The traceability reports as PDF: a title, a line saying what the figures cover, and the
report's table (figures in the page's language, three decimals; a blank is "unknown").
Written through :mod:`aluhub.common.documents` (fonts, page setup, text escaping)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from aluhub.common import documents
from aluhub.engines import text


def report_pdf(
    title: str, subtitle: str, header: Sequence[str], rows: Sequence[Sequence[Any]]
) -> bytes:
    """The report table ``header`` + ``rows`` (as the CSV and XLSX downloads have it) as a
    landscape A4 PDF."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import Paragraph, Table, TableStyle

    buffer = io.BytesIO()
    doc = documents.pdf_document(buffer, title=title, pagesize=landscape(A4))
    styles = documents.pdf_styles()
    lang = documents.active_lang()

    def cell(value: Any) -> str:
        if value is None:
            return _("unknown")
        if isinstance(value, float):
            return text.format_number(value, lang, decimals=3)
        return str(value)

    table = Table([list(header), *[[cell(v) for v in row] for row in rows]], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), documents.FONT_BOLD, 8),
                ("FONT", (0, 1), (-1, -1), documents.FONT, 8),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
            ]
        )
    )
    story = [
        Paragraph(documents.pdf_text(title), styles["Title"]),
        Paragraph(documents.pdf_text(subtitle), styles["BodyText"]),
        table,
    ]
    doc.build(story)
    return buffer.getvalue()
