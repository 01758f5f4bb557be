"""The bilingual certificate of completion of a CeiAl course (PDF, French then English),
with the URL of its public verification page."""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.translation import gettext as _

from aluhub.common import documents
from aluhub.engines import text

from . import durations
from .models import Certificate


def certificate_pdf(cert: Certificate, *, verify_url: str) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    reg = cert.registration
    session = reg.session
    course = session.course
    styles = documents.pdf_styles()
    out = io.BytesIO()
    doc = documents.pdf_document(
        out, title=f"CeiAl – {reg.participant_name}", pagesize=landscape(A4), margin_mm=20
    )
    story: list[object] = []
    for lang in ("fr", "en"):
        with translation.override(lang):
            title = (course.title_fr if lang == "fr" else course.title_en) or course.title_fr
            hours = (
                durations.hours(course.duration_hours)
                if course.duration_hours is not None
                else None
            )
            lines = [
                _("Certificate of completion"),
                _("%(name)s (%(organization)s) completed the course")
                % {
                    "name": reg.participant_name,
                    "organization": reg.organization.name,
                },
                f"«\u00a0{title}\u00a0»" if lang == "fr" else f"“{title}”",
                _("given by CeiAl, from %(start)s to %(end)s")
                % {
                    "start": text.format_date(session.starts_on, lang),
                    "end": text.format_date(session.ends_on, lang),
                },
            ]
            story.append(Paragraph(documents.pdf_text(lines[0]), styles["Title"]))
            for line in lines[1:]:
                story.append(Paragraph(documents.pdf_text(line), styles["Heading3"]))
            if hours:
                story.append(
                    Paragraph(
                        documents.pdf_text(_("Duration: %(hours)s") % {"hours": hours}),
                        styles["Normal"],
                    )
                )
            story.append(Spacer(1, 8 * mm))
    story.append(
        Paragraph(
            documents.pdf_text(f"Vérification / Verification\u00a0: {verify_url} · {cert.code}"),
            styles["Normal"],
        )
    )
    doc.build(story)
    return out.getvalue()
