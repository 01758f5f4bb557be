"""Dates in running text (the declaration PDF, the report's subtitle, the commands' text) are
written the reader's way ("5 mars 2026" / "March 5, 2026"); tables and files stay ISO."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from aluhub.trace import services
from aluhub.trace.models import Event
from tests.trace.factories import day, make_site, melt, receive
from tests.trace.test_mass_balance_command import LEDGER, run

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    pages = PdfReader(io.BytesIO(content)).pages
    return re.sub(r"[\s\u00a0\u202f]+", " ", " ".join(p.extract_text() or "" for p in pages))


def test_declaration_pdf_writes_its_dates_in_each_half_language() -> None:
    s = make_site()
    lot = melt(s, [(receive(s, "A", "500").lot, "500")], "BIL", "500")  # type: ignore[list-item]
    shipment = services.shipment_record(
        user=s.user, lot=lot, occurred_on=day(3, 5), kg=Decimal(100), customer_name="C"
    )
    client = Client()
    client.force_login(s.user)
    text = pdf_text(client.get(reverse("trace:declaration", args=[shipment.pk])).content)
    assert "Date d’expédition 5 mars 2026" in text
    assert "du 1er janvier 2026 au 31 décembre 2026" in text
    assert "Date shipped March 5, 2026" in text
    assert "January 1, 2026 to December 31, 2026" in text
    assert "2026-03-05" not in text and "2026-01-01" not in text


def test_report_pdf_subtitle_writes_the_period_the_pages_way() -> None:
    s = make_site()
    receive(s, "A", "500")
    client = Client()
    client.force_login(s.user)
    for lang, period in [("fr", "du 1er janvier 2026 au 31 décembre 2026"),
                         ("en", "January 1, 2026 to December 31, 2026")]:  # fmt: skip
        with translation.override(lang):
            url = reverse("trace:site_report", args=[s.site.pk, "pdf"])
        text = pdf_text(client.get(url).content)
        assert period in text
        assert "2026-02" in text  # the table's months stay ISO


def test_mass_balance_text_writes_the_period_in_words_and_json_stays_iso() -> None:
    french = " ".join(run("-", "--format", "text", stdin=json.dumps(LEDGER)).split())
    english = " ".join(
        run("-", "--format", "text", "--lang", "en", stdin=json.dumps(LEDGER)).split()
    )
    assert "1er janvier 2025 au 31 décembre 2025" in french
    assert "January 1, 2025 to December 31, 2025" in english
    assert "2025-04-01" in english  # the rejected claims' table stays ISO
    result = json.loads(run("-", "--format", "json", stdin=json.dumps(LEDGER)))
    assert result["period"] == {"start": "2025-01-01", "end": "2025-12-31"}


def test_verify_ledger_dates_a_broken_link_in_words() -> None:
    s = make_site()
    receive(s, "A", "100", on=day(2, 1))
    Event.objects.filter(site=s.site, seq=1).update(kg=Decimal("250"))
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("verify_ledger", "--site", str(s.site.pk), stdout=out)
    assert "broken at event 1 (receive, February 1, 2026)" in out.getvalue()
