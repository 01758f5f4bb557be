"""The shipper's disclosure boxes hold on every public surface of a shipment: the verification
page and the public passport (JSON-LD), read by an anonymous visitor."""

from __future__ import annotations

from decimal import Decimal
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.trace import services
from aluhub.trace.models import Event, LedgerSettings
from tests.trace.factories import day, make_site, melt, receive

pytestmark = pytest.mark.django_db


def ship_all_claims(disclose: list[str], slug: str = "fonderie") -> Event:
    """A shipment declaring the three claims (recycled, low-carbon, ASI certified)."""
    s = make_site(slug, certificate="ASI-CoC-123")
    a = receive(s, "A", "500", certified=True, pre_consumer_pct=Decimal(20),
                post_consumer_pct=Decimal(30), co2e_per_kg=Decimal("3.2"),
                co2e_boundary="cradle-to-gate").lot  # fmt: skip
    assert a is not None
    out = melt(s, [(a, "500")], "BIL-1", "500", on=day(3, 1))
    return services.shipment_record(
        user=s.user, lot=out, occurred_on=day(3, 5), kg=Decimal(100), claim="certified",
        recycled_claim=True, low_carbon_claim=True, customer_name="C", disclose=disclose,
    )  # fmt: skip


def public_claims(event: Event) -> tuple[str, set[str]]:
    """The verification page (French, anonymous) and the claim kinds of the public passport."""
    with translation.override("fr"):
        page = Client().get(reverse("trace:verify", args=[event.public_code]))
    assert page.status_code == 200
    doc = Client().get(f"/api/v1/trace/shipments/{event.public_code}/passport").json()
    kinds = {c["id"].rsplit("-", 1)[1] for c in doc["credentialSubject"]["conformityClaim"]}
    return unescape(page.content.decode()), kinds


RECYCLED = "Contenu recyclé 50,0"
LOW_CARBON = "Aluminium bas carbone"
ASI = "Certifié ASI (chaîne de traçabilité, certificat ASI-CoC-123)"


@pytest.mark.one_database
def test_verification_page_and_passport_hide_the_claims_whose_box_was_not_ticked() -> None:
    html, kinds = public_claims(ship_all_claims(["kg"]))
    assert kinds == set()
    assert RECYCLED not in html and LOW_CARBON not in html and ASI not in html
    assert "3,2\u00a0kg" not in html  # the footprint the low-carbon claim states
    assert "Allégations déclarées" not in html


@pytest.mark.one_database
def test_verification_page_and_passport_show_the_same_ticked_claims() -> None:
    html, kinds = public_claims(ship_all_claims(["recycled", "certification"]))
    assert kinds == {"recycled", "asi"}
    assert RECYCLED in html and ASI in html
    assert LOW_CARBON not in html
    html, kinds = public_claims(ship_all_claims(["co2e"], "autre"))
    assert kinds == {"low_carbon"}
    assert LOW_CARBON in html and RECYCLED not in html and ASI not in html


def test_public_passport_names_the_certificate_the_shipment_was_claimed_under() -> None:
    event = ship_all_claims(["certification"])
    LedgerSettings.objects.filter(site=event.site).update(asi_certificate_number="ASI-CoC-999")
    doc = Client().get(f"/api/v1/trace/shipments/{event.public_code}/passport").json()
    [claim] = doc["credentialSubject"]["conformityClaim"]
    assert claim["certificateNumber"] == "ASI-CoC-123"
    assert "ASI-CoC-123" in claim["description"]
