"""The Structure-Al Challenge's participation certificate (a PDF in the student's chosen
language), for a student placed in a published team (``selectors.certificate_application``)."""

from __future__ import annotations

import io
from typing import Literal

from django.utils import translation
from django.utils.translation import gettext as _

from .models import Application

Lang = Literal["fr", "en"]


def certificate_pdf(*, application: Application, lang: Lang) -> bytes:
    """A one-page participation certificate (A4 landscape) in ``lang``, on the platform's
    PDF setup (embedded fonts, page number, document language)."""
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    from aluhub.common import documents

    edition = application.edition
    styles = documents.pdf_styles()

    def centred(name: str, size: float) -> ParagraphStyle:
        return ParagraphStyle(
            f"certificate-{name}-{size}",
            parent=styles[name],
            alignment=TA_CENTER,
            fontSize=size,
            leading=size * 1.3,
        )

    buffer = io.BytesIO()
    with translation.override(lang):
        title = str(_("Certificate of participation"))
        line1 = _("is hereby recognized for taking part in the Structure-Al Challenge %(year)s") % {
            "year": edition.year
        }
        team_line = _("Team: %(team)s · %(university)s") % {
            "team": application.team.display_name if application.team else "",
            "university": application.university,
        }
        footer = _("AluQuébec, Québec's aluminium industrial cluster")
        theme = edition.theme
        doc = documents.pdf_document(
            buffer, title=title, pagesize=landscape(A4), margin_mm=25, lang=lang
        )
    story: list[object] = [
        Spacer(1, 20 * mm),
        Paragraph(documents.pdf_text(title), centred("Title", 30)),
        Spacer(1, 18 * mm),
        Paragraph(documents.pdf_text(application.student.get_full_name()), centred("Title", 24)),
        Spacer(1, 10 * mm),
        Paragraph(documents.pdf_text(line1), centred("Normal", 16)),
    ]
    if theme:
        story.append(Paragraph(documents.pdf_text(theme), centred("Normal", 16)))
    story += [
        Spacer(1, 8 * mm),
        Paragraph(documents.pdf_text(team_line), centred("Normal", 16)),
        Spacer(1, 30 * mm),
        Paragraph(documents.pdf_text(footer), centred("Normal", 11)),
    ]
    doc.build(story)
    return buffer.getvalue()
