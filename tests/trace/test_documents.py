"""A shipment's bilingual PDF declaration and the lot's JSON-LD product passport (UNTP DPP)."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import pytest
import segno
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from aluhub.engines.text import format_date
from aluhub.trace import services
from aluhub.trace.models import Event, LedgerSettings, Lot
from tests.trace.factories import Site, day, make_site, melt, receive

pytestmark = pytest.mark.django_db


def client_for(s: Site) -> Client:
    client = Client()
    client.force_login(s.user)
    return client


def shipped(s: Site) -> tuple[Lot, Event]:
    a = receive(s, "A", "600", certified=True, pre_consumer_pct=Decimal(10),
                post_consumer_pct=Decimal(50), co2e_per_kg=Decimal("2.5"),
                co2e_boundary="cradle-to-gate, scopes 1-3", smelt_country="CA",
                cn_code="7601").lot  # fmt: skip
    b = receive(s, "B", "400", pre_consumer_pct=Decimal(0), post_consumer_pct=Decimal(0),
                co2e_per_kg=Decimal("8.0"), co2e_boundary="cradle-to-gate").lot  # fmt: skip
    assert a is not None and b is not None
    out = melt(s, [(a, "600"), (b, "400")], "BIL-9", "950", on=day(3, 1))
    Lot.objects.filter(pk=out.pk).update(cn_code="7604")
    out.refresh_from_db()
    event = services.shipment_record(
        user=s.user, lot=out, occurred_on=day(3, 5), kg=Decimal(300), claim="certified",
        recycled_claim=True, customer_name="Profilés Nord", disclose=["kg", "recycled"],
    )  # fmt: skip
    return out, event


def test_declaration_pdf_is_bilingual_with_lot_kg_claims_method_period_hash_and_url() -> None:
    s = make_site()
    _lot, event = shipped(s)
    response = client_for(s).get(reverse("trace:declaration", args=[event.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
    ).replace("\n", " ")
    assert "Déclaration d’expédition" in text and "Shipment declaration" in text
    assert "BIL-9" in text
    assert "300 kg" in text
    assert "Contenu recyclé 36,0 %" in text  # (600 x 60 %) / 1000 = 36 %
    assert "Recycled content 36.0%" in text  # (no space before % in English)
    assert "Certifié ASI" in text and "ASI certified" in text
    assert "Crédits (ISO 22095)" in text and "Credit (ISO 22095)" in text
    assert "du 1er janvier 2026 au 31 décembre 2026" in text
    assert event.hash[:32] in text.replace(" ", "")
    assert f"/v/{event.public_code}/" in text


def test_printed_and_shared_addresses_start_with_site_url_whatever_host_the_request_names(
    settings: Any,
) -> None:
    """The declaration PDF, the verify page's QR code and the passports built their addresses
    from the request's Host: printed or handed on, they pointed at whatever name was asked."""
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://aluhub.example.ca"
    s = make_site()
    lot, event = shipped(s)
    host = {"HTTP_HOST": "evil.example"}
    pdf = client_for(s).get(reverse("trace:declaration", args=[event.pk]), **host)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "https://aluhub.example.ca/fr/" in text and "evil.example" not in text

    verify = reverse("trace:verify", args=[event.public_code])
    html = Client().get(verify, **host).content.decode()
    qr = segno.make(f"https://aluhub.example.ca{verify}", error="m")
    assert qr.svg_inline(scale=4, title="Code QR de cette page") in html
    assert "evil.example" not in html

    for response in (
        Client().get(f"/api/v1/trace/shipments/{event.public_code}/passport", **host),
        client_for(s).get(f"/api/v1/trace/lots/{lot.pk}/passport", **host),
    ):
        doc = response.json()
        assert doc["id"].startswith("https://aluhub.example.ca/api/v1/trace/")
        assert "evil.example" not in response.content.decode()


def test_declaration_is_for_the_shippers_members_only() -> None:
    s = make_site()
    _lot, event = shipped(s)
    other = make_site("autre")
    assert client_for(other).get(reverse("trace:declaration", args=[event.pk])).status_code == 403


def test_lot_passport_has_the_untp_dpp_fields() -> None:
    s = make_site()
    lot, event = shipped(s)
    response = client_for(s).get(f"/api/v1/trace/lots/{lot.pk}/passport")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    doc = response.json()
    assert "DigitalProductPassport" in doc["type"]
    assert doc["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert doc["id"].endswith(f"/api/v1/trace/lots/{lot.pk}/passport")
    subject = doc["credentialSubject"]
    product = subject["product"]
    assert (product["batchNumber"], product["dimensions"]["weight"]) == (
        "BIL-9",
        {"value": 950.0, "unit": "KGM"},
    )
    assert product["productCategory"][0]["code"] == "7604"
    assert subject["granularityLevel"] == "batch"
    provenance = {m["mass"]["value"]: m for m in subject["materialsProvenance"]}
    assert provenance[600.0]["massFraction"] == pytest.approx(0.6)
    assert provenance[600.0]["recycledMassFraction"] == pytest.approx(0.6)
    assert provenance[600.0]["recycledMass"] == {"value": 360.0, "unit": "KGM"}
    assert provenance[600.0]["originCountry"] == "CA"
    assert provenance[400.0]["recycledMassFraction"] == 0
    assert subject["circularityScorecard"]["recycledContent"] == pytest.approx(0.36)
    # (600 x 2.5 + 400 x 8.0) kg CO2e over the 950 kg produced
    assert subject["emissionsScorecard"]["carbonFootprint"] == pytest.approx(4700 / 950, abs=1e-4)
    assert subject["emissionsScorecard"]["operationalScope"] == "CradleToGate"
    kinds = {c["id"].rsplit("-", 1)[1]: c for c in subject["conformityClaim"]}
    assert set(kinds) == {"recycled", "asi"}  # 4.95 kg CO2e/kg: no low-carbon claim
    assert kinds["recycled"]["referenceStandard"]["name"] == "ISO 14021"
    assert kinds["asi"]["conformityEvidence"][0]["linkURL"]
    hashes = {
        e["hashDigest"] for t in subject["traceabilityInformation"] for e in t["traceabilityEvent"]
    }
    assert event.hash in hashes
    assert all(len(h) == 64 for h in hashes)


def test_shipment_passport_is_public_and_limited_to_what_was_disclosed() -> None:
    s = make_site()
    _lot, event = shipped(s)
    response = Client().get(f"/api/v1/trace/shipments/{event.public_code}/passport")
    assert response.status_code == 200
    doc = response.json()
    product = doc["credentialSubject"]["product"]
    assert product["batchNumber"] is None  # the lot code was not disclosed
    assert product["producedByParty"] is None
    assert s.organization.name not in response.content.decode()
    assert doc["credentialSubject"]["circularityScorecard"]["recycledContent"] == pytest.approx(
        0.36
    )
    assert doc["credentialSubject"]["emissionsScorecard"]["carbonFootprint"] is None
    claims = [c["id"].rsplit("-", 1)[1] for c in doc["credentialSubject"]["conformityClaim"]]
    assert claims == ["recycled"]  # the certification was not disclosed
    [trace] = doc["credentialSubject"]["traceabilityInformation"]
    assert trace["traceabilityEvent"][0]["hashDigest"] == event.hash
    assert Client().get("/api/v1/trace/shipments/nope/passport").status_code == 404


def test_shipment_passport_keeps_material_and_masses_for_the_shipper_to_disclose() -> None:
    s = make_site()
    lot, _event = shipped(s)

    def public(disclose: list[str]) -> tuple[str, dict[str, Any]]:
        event = services.shipment_record(
            user=s.user, lot=lot, occurred_on=day(3, 6), kg=Decimal(10), customer_name="C",
            disclose=disclose,
        )  # fmt: skip
        response = Client().get(f"/api/v1/trace/shipments/{event.public_code}/passport")
        return response.content.decode(), response.json()["credentialSubject"]

    text, hidden = public([])
    assert "Billette" not in text and '"6063' not in text
    assert hidden["product"]["name"] is None
    assert [m["name"] for m in hidden["materialsProvenance"]] == [None, None]
    assert hidden["product"]["productCategory"] == []
    assert [m["mass"] for m in hidden["materialsProvenance"]] == [None, None]
    assert [m["materialType"] for m in hidden["materialsProvenance"]] == [None, None]
    _text, shown = public(["lot", "kg"])
    assert shown["product"]["name"] == "Billette 6063"
    assert shown["product"]["productCategory"][0]["code"] == "7604"
    # The materials of the 10 kg shipped (60 % and 40 % of it), not of the 950 kg lot.
    assert [m["mass"]["value"] for m in shown["materialsProvenance"]] == [6, 4]


def test_public_passport_weighs_the_shipment_not_the_whole_lot() -> None:
    s = make_site()
    _lot, event = shipped(s)  # 300 kg shipped of the 950 kg lot BIL-9, "kg" disclosed
    page = Client().get(reverse("trace:verify", args=[event.public_code])).content.decode()
    assert "<dt>Masse</dt><dd>300\u00a0kg</dd>" in page
    # The lot's 950 kg nowhere as a figure (the page's hashes and codes are hexadecimal and may
    # hold the digits "950": a figure is not next to another hexadecimal digit).
    assert not re.search(r"(?<![0-9a-fA-F])950(?![0-9a-fA-F])", page)
    doc = Client().get(f"/api/v1/trace/shipments/{event.public_code}/passport").json()
    subject = doc["credentialSubject"]
    assert subject["product"]["dimensions"]["weight"] == {"value": 300.0, "unit": "KGM"}
    assert [m["mass"]["value"] for m in subject["materialsProvenance"]] == [180, 120]
    # 60 % recycled in the 180 kg of lot A
    assert subject["materialsProvenance"][0]["recycledMass"] == {"value": 108.0, "unit": "KGM"}


def test_unknown_footprint_agrees_in_french_on_the_public_page_and_the_declaration() -> None:
    s = make_site()
    lot = receive(s, "A", "500").lot  # no recycled content, no footprint
    assert lot is not None
    event = services.shipment_record(
        user=s.user, lot=lot, occurred_on=day(3, 5), kg=Decimal(100), customer_name="C",
        disclose=["recycled", "co2e"],
    )  # fmt: skip
    page = Client().get(reverse("trace:verify", args=[event.public_code])).content.decode()
    assert "<dt>Empreinte carbone</dt><dd>inconnue</dd>" in page
    assert "<dt>Contenu recyclé</dt><dd>inconnu</dd>" in page
    response = client_for(s).get(reverse("trace:declaration", args=[event.pk]))
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
    ).replace("\n", " ")
    assert "Empreinte carbone inconnue" in text and "Carbon footprint unknown" in text
    assert "Contenu recyclé inconnu " in text


def test_lot_passport_links_the_mill_certificate_to_its_download() -> None:
    # The evidence named "Mill certificate EN 10204 3.1" pointed at the lot's JSON, which
    # holds no certificate.
    s = make_site()
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    lot = services.receipt_record(
        user=s.user, site=s.site, occurred_on=day(2, 1), kg=Decimal(100),
        lot_data={"code": "A", "material": "billet", "pre_consumer_pct": Decimal(10),
                  "post_consumer_pct": Decimal(20)},
        mill_certificate=SimpleUploadedFile("c.pdf", pdf, "application/pdf"),
    ).lot  # fmt: skip
    assert lot is not None
    client = client_for(s)
    doc = client.get(f"/api/v1/trace/lots/{lot.pk}/passport").json()
    [claim] = doc["credentialSubject"]["conformityClaim"]
    [certificate] = [e for e in claim["conformityEvidence"] if e["linkName"].startswith("Mill")]
    path = certificate["linkURL"].removeprefix(settings.SITE_URL)
    assert path == reverse("trace:lot_certificate", args=[lot.pk])
    download = client.get(path)
    assert b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]


def pdf_words(content: bytes) -> str:
    """The PDF's text, every run of spaces (no-break ones too) as one space."""
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_declaration_outside_the_current_period_says_its_method_and_period_are_todays() -> None:
    """The ledger keeps only its current settings: the declaration of a shipment before the
    current period printed that period (and method) as if they had applied to it."""
    s = make_site()
    _lot, event = shipped(s)  # shipped on 5 March, in the calendar-year period
    client = client_for(s)
    inside = client.get(reverse("trace:declaration", args=[event.pk])).content
    LedgerSettings.objects.filter(site=s.site).update(period_start=day(6, 1))
    outside = client.get(reverse("trace:declaration", args=[event.pk])).content
    fr, en = (format_date(timezone.localdate(), lang) for lang in ("fr", "en"))
    expected = [
        f"(méthode du site au {fr}, date de ce document : le registre ne conserve pas ses "
        "paramètres antérieurs)",
        f"du 1er juin 2026 au 31 mai 2027 (période en cours du site au {fr} : la date de "
        "l’expédition est en dehors de cette période)",
        f"(the site's method on {en}, the date of this document: the ledger does not keep its "
        "former settings)",
        f"June 1, 2026 to May 31, 2027 (the site's current period on {en}: the shipment's date "
        "is outside it)",
    ]
    for words in expected:
        assert " ".join(words.split()) in pdf_words(outside)
    assert "site au" not in pdf_words(inside) and "site's" not in pdf_words(inside)
