"""A shipment's declaration as a bilingual PDF (French, then English): lot, kg, claims,
mass-balance method and period, ledger hash, verification address and its QR code."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

from aluhub.common import documents
from aluhub.common.documents import pdf_text as escape
from aluhub.engines import text

from . import services
from .models import Event, Lot, co2e_text

QR_SIZE = 38 * mm


def qr_drawing(url: str) -> Drawing:
    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(
        QR_SIZE, QR_SIZE, transform=[QR_SIZE / (x1 - x0), 0, 0, QR_SIZE / (y1 - y0), 0, 0]
    )
    drawing.add(widget)
    return drawing


def _settings_rows(event: Event, lang: str) -> list[list[Any]]:
    """The site's method and accounting period. The ledger keeps only its current settings:
    for a shipment outside the current period, the rows say they are today's, with the date,
    not the ones in force when it shipped."""
    settings = services.ledger_settings_for(event.site)
    start, end = services.period_of(settings)
    method = str(settings.get_method_display())
    period = _("%(start)s to %(end)s") % {
        "start": text.format_date(start, lang),
        "end": text.format_date(end, lang),
    }
    if not start <= event.occurred_on <= end:
        today = text.format_date(timezone.localdate(), lang)
        method = _(
            "%(method)s (the site's method on %(date)s, the date of this document: the ledger "
            "does not keep its former settings)"
        ) % {"method": method, "date": today}
        period = _(
            "%(period)s (the site's current period on %(date)s: the shipment's date is outside it)"
        ) % {"period": period, "date": today}
    return [[_("Mass-balance method"), method], [_("Accounting period"), period]]


def _rows(event: Event, lot: Lot, lang: str) -> list[list[Any]]:
    recycled = (
        _("unknown")
        if lot.pre_consumer_pct is None or lot.post_consumer_pct is None
        else _("pre-consumer %(pre)s, post-consumer %(post)s")
        % {
            "pre": text.format_percent(lot.pre_consumer_pct, lang),
            "post": text.format_percent(lot.post_consumer_pct, lang),
        }
    )
    boundary = lot.reader_text("co2e_boundary") or _("boundary not stated")
    footprint = (
        pgettext("feminine", "unknown")  # "Empreinte carbone : inconnue"
        if lot.co2e_per_kg is None
        else f"{co2e_text(lot.co2e_per_kg, lang)} — {boundary}"
    )
    return [
        [_("Shipper"), event.organization.name],
        [_("Site"), str(event.site)],
        [_("Customer"), event.counterparty_name or _("unknown")],
        [_("Date shipped"), text.format_date(event.occurred_on, lang)],
        [_("Lot"), f"{lot.code} — {lot.get_material_display()} {lot.alloy} {lot.temper}".strip()],
        # After its corrections, the recorded figure (what the hash covers) beside.
        [_("Mass shipped"), services.mass_text(services.event_masses([event])[event.pk])],
        [_("Recycled content"), recycled],
        [_("Carbon footprint"), footprint],
        [_("Mass-balance claim"), event.get_claim_display()],
        *_settings_rows(event, lang),
        [_("Ledger hash (SHA-256)"), event.hash],
    ]


def _section(event: Event, lot: Lot, url: str, lang: str, styles: Any) -> list[Any]:
    body = styles["BodyText"]
    rows = [
        [Paragraph(escape(label), body), Paragraph(escape(value), body)]
        for label, value in _rows(event, lot, lang)
    ]
    table = Table(rows, colWidths=[50 * mm, 125 * mm])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef2f7")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story: list[Any] = [
        Paragraph(escape(_("Shipment declaration")), styles["Title"]),
        table,
        Spacer(1, 4 * mm),
        Paragraph(escape(_("Declared claims")), styles["Heading2"]),
    ]
    statements = services.shipment_statements(event)
    if statements:
        story += [Paragraph(escape(f"• {statement}"), body) for statement in statements.values()]
    else:
        story.append(Paragraph(escape(_("No environmental claim is made.")), body))
    story += [
        Spacer(1, 4 * mm),
        Paragraph(escape(_("Check this declaration")), styles["Heading2"]),
        Paragraph(
            escape(
                _(
                    "The verification page shows what the shipper chose to disclose and whether "
                    "its ledger chain is intact: %(url)s"
                )
                % {"url": url}
            ),
            body,
        ),
        qr_drawing(url),
    ]
    return story


def declaration_pdf(event: Event, *, urls: Mapping[str, str]) -> bytes:
    """The declaration in French then in English, as PDF bytes; ``urls``: the verification
    page's address in each language (``{"fr": ".../fr/...", "en": ".../en/..."}``)."""
    lot = event.lot
    if lot is None:
        raise ValueError("a shipment has a lot")
    buffer = io.BytesIO()
    with translation.override("fr"):
        title = f"{_('Shipment declaration')} / Shipment declaration — {lot.code}"
    doc = documents.pdf_document(buffer, title=title)
    styles = documents.pdf_styles()
    story: list[Any] = []
    for lang in ("fr", "en"):
        with translation.override(lang):
            if story:
                story.append(PageBreak())
            story += _section(event, lot, urls[lang], lang, styles)
    doc.build(story)
    return buffer.getvalue()
