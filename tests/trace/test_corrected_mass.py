"""After a correction, the pages, the declaration PDF and the API give the corrected kg with the
recorded figure and the correction's date beside; the hash still covers the recorded event."""

from __future__ import annotations

import io
from decimal import Decimal
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from aluhub.engines import text
from aluhub.trace import services
from aluhub.trace.models import Event
from tests.trace.factories import Site, day, make_site, melt, receive

pytestmark = pytest.mark.django_db


def corrected_shipment() -> tuple[Site, Event]:
    """1 250 kg shipped, corrected to 1 200 kg."""
    s = make_site()
    lot = melt(s, [(receive(s, "A", "2000").lot, "2000")], "BIL", "2000")  # type: ignore[list-item]
    shipment = services.shipment_record(
        user=s.user, lot=lot, occurred_on=day(3, 5), kg=Decimal(1250), customer_name="C",
        disclose=["kg"],
    )  # fmt: skip
    services.event_correct(user=s.user, event=shipment, kg=Decimal(1200), reason="repesée")
    return s, shipment


def expected(lang: str) -> str:
    today = text.format_date(timezone.localdate(), lang)
    if lang == "fr":
        return f"1\u00a0200\u00a0kg (corrigé le {today}\u202f; 1\u00a0250\u00a0kg enregistrés)"
    return f"1,200\u00a0kg (corrected on {today}; 1,250\u00a0kg recorded)"


def test_verification_page_and_lot_page_show_the_corrected_kg_beside_the_recorded_one() -> None:
    s, shipment = corrected_shipment()
    member = Client()
    member.force_login(s.user)
    for lang in ("fr", "en"):
        with translation.override(lang):
            verify = Client().get(reverse("trace:verify", args=[shipment.public_code]))
            lot = member.get(reverse("trace:lot", args=[shipment.lot_id]))
        assert expected(lang) in unescape(verify.content.decode())
        assert expected(lang) in unescape(lot.content.decode())
    assert services.ledger_verify(site=s.site).broken is None  # the hash is untouched


def test_declaration_pdf_gives_the_corrected_kg_in_each_language() -> None:
    s, shipment = corrected_shipment()
    member = Client()
    member.force_login(s.user)
    pdf = member.get(reverse("trace:declaration", args=[shipment.pk])).content
    words = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split()
    joined = " ".join(words)
    for lang in ("fr", "en"):
        assert " ".join(expected(lang).replace("\u00a0", " ").split()) in joined


def test_api_lot_gives_the_corrected_mass_of_a_corrected_receipt() -> None:
    s = make_site()
    receipt = receive(s, "A", "1000")
    client = Client()
    client.force_login(s.user)
    url = f"/api/v1/trace/lots/{receipt.lot_id}"
    before = client.get(url).json()
    assert (before["current_kg"], before["correction"]) == ("1000.000", None)
    services.event_correct(user=s.user, event=receipt, kg=Decimal(950), reason="repesée")
    after = client.get(url).json()
    assert after["kg"] == "1000"  # declared, as the hash covers it
    assert after["current_kg"] == "950.000"
    assert after["correction"] == {
        "recorded_kg": "1000.000",
        "corrected_on": timezone.localdate().isoformat(),
    }
    assert after["available_kg"] == "950.000"


def test_lot_lists_and_api_list_give_the_corrected_kg_as_the_lot_page_does() -> None:
    s = make_site()
    receipt = receive(s, "A", "1250")
    untouched = receive(s, "B", "300")
    services.event_correct(user=s.user, event=receipt, kg=Decimal(1200), reason="repesée")
    member = Client()
    member.force_login(s.user)
    for lang in ("fr", "en"):
        with translation.override(lang):
            pages = [
                member.get(reverse("trace:site", args=[s.site.pk])),
                member.get(reverse("trace:lots")),
            ]
        for page in pages:
            html = unescape(page.content.decode())
            assert expected(lang) in html
            assert "300\u00a0kg" in html
    items = member.get("/api/v1/trace/lots").json()["items"]
    by_code = {item["code"]: item for item in items}
    assert by_code["A"]["kg"] == "1250.000"  # declared, as the hash covers it
    assert by_code["A"]["current_kg"] == "1200.000"
    assert by_code["A"]["correction"] == {
        "recorded_kg": "1250.000",
        "corrected_on": timezone.localdate().isoformat(),
    }
    assert (by_code["B"]["current_kg"], by_code["B"]["correction"]) == ("300.000", None)
    assert untouched.lot_id == by_code["B"]["id"]


def test_site_page_lists_its_newest_lots_and_links_to_all_of_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The page listed every lot of the site (about 17,000 on a site of the issue-18 benchmark),
    # each now with its corrected mass.
    monkeypatch.setattr(services, "SITE_PAGE_LOTS", 2)
    s = make_site()
    for n, code in enumerate(["OLD", "MID", "NEW"], start=1):
        receive(s, code, "100", on=day(3, n))
    client = Client()
    client.force_login(s.user)
    page = unescape(client.get(reverse("trace:site", args=[s.site.pk])).content.decode())
    table = page.split("<h2>Lots</h2>")[1].split("</table>")[0]
    assert ">NEW<" in table and ">MID<" in table and ">OLD<" not in table
    assert "Les 2 lots les plus récents du site." in page
    link = f"{reverse('trace:lots')}?site={s.site.pk}"
    assert f'href="{link}">Tous les lots de ce site<' in page
    listed = unescape(client.get(link).content.decode())
    assert all(f">{code}<" in listed for code in ("OLD", "MID", "NEW"))
    # A site with no more lots than the page holds gives no link.
    monkeypatch.setattr(services, "SITE_PAGE_LOTS", 3)
    page = client.get(reverse("trace:site", args=[s.site.pk])).content.decode()
    assert "Tous les lots de ce site" not in page
