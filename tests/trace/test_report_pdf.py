"""The traceability report PDF (trace.documents.report_pdf, used by the site report and
CBAM downloads): the table's figures in the page's language, a blank as "unknown"."""

from __future__ import annotations

import io
import re

from django.utils import translation
from pypdf import PdfReader

from aluhub.trace.documents import report_pdf


def _text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"[\s\u00a0\u202f]+", " ", " ".join(p.extract_text() or "" for p in pages))


def test_the_report_pdf_writes_its_table_in_the_page_language() -> None:
    rows = [["2026-01", 1234.5, 7], ["2026-02", None, 0]]
    with translation.override("fr"):
        fr = _text(report_pdf("Bilan massique", "Période", ["Mois", "Entrées (kg)", "Lots"], rows))
    with translation.override("en"):
        en = _text(report_pdf("Mass balance", "Period", ["Month", "Inputs (kg)", "Lots"], rows))

    assert "Bilan massique" in fr and "Entrées (kg)" in fr
    assert "1 234,500" in fr and "inconnu" in fr
    assert "1,234.500" in en and "unknown" in en
