"""An accepted exchange deal becomes a ship / receive pair between the two members' ledgers,
pending until the buyer confirms the kg the seller shipped."""

from __future__ import annotations

from decimal import Decimal
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.circular.models import ContactRequest
from aluhub.trace import services
from aluhub.trace.models import Event, Lot, Transfer
from tests.circular.factories import ListingFactory
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.trace.factories import Site, day, make_site, melt, receive

pytestmark = pytest.mark.django_db


def client_for(s: Site) -> Client:
    client = Client()
    client.force_login(s.user)
    return client


def deal(seller: Site, buyer: Site, *, status: str = "accepted") -> ContactRequest:
    offer = ListingFactory(organization=seller.organization, title="Billettes 6063")
    return ContactRequest.objects.create(
        offer=offer, buyer_organization=buyer.organization, buyer=buyer.user, status=status
    )


def seller_lot(seller: Site) -> Lot:
    a = receive(seller, "S-1", "1000", pre_consumer_pct=Decimal(10),
                post_consumer_pct=Decimal(60), co2e_per_kg=Decimal("1.5"),
                co2e_boundary="cradle-to-gate", smelt_country="CA").lot  # fmt: skip
    assert a is not None
    return melt(seller, [(a, "1000")], "S-BIL", "950", on=day(3, 1))


def test_seller_ships_buyer_confirms_the_same_kg_and_the_pair_links_both_ledgers() -> None:
    seller, buyer = make_site("vendeur"), make_site("acheteur")
    contact = deal(seller, buyer)
    lot = made = seller_lot(seller)
    # One click from the deal's page.
    page = unescape(
        client_for(seller).get(reverse("circular:contact", args=[contact.pk])).content.decode()
    )
    ship_url = reverse("trace:transfer_ship", args=[contact.pk])
    assert ship_url in page
    response = client_for(seller).post(
        ship_url, {"lot": lot.pk, "occurred_on": "2026-03-05", "kg": "400", "claim": "none"}
    )
    assert response.status_code == 302
    transfer = Transfer.objects.get()
    assert transfer.pending
    shipment = transfer.shipment
    assert (shipment.organization_id, shipment.counterparty_id) == (
        seller.organization.pk,
        buyer.organization.pk,
    )
    # The buyer sees it pending, and must confirm the same kg.
    buyer_client = client_for(buyer)
    index = unescape(buyer_client.get(reverse("trace:index")).content.decode())
    confirm_url = reverse("trace:transfer_confirm", args=[transfer.pk])
    assert confirm_url in index
    # Names the two organizations without eliding before them (« de Org vendeur » read wrong).
    assert (
        "400\u00a0kg le 5 mars 2026 (vendeur\u00a0: Org vendeur\u202f; "
        "acheteur\u00a0: Org acheteur)" in index
    )
    wrong = buyer_client.post(confirm_url, {"site": buyer.site.pk, "code": "B-1",
                                            "occurred_on": "2026-03-06", "kg": "390"})  # fmt: skip
    assert wrong.status_code == 200
    assert (
        "400" in unescape(wrong.content.decode()) and 'id="id_kg_error"' in wrong.content.decode()
    )
    assert Transfer.objects.get().pending
    ok = buyer_client.post(confirm_url, {"site": buyer.site.pk, "code": "B-1",
                                         "occurred_on": "2026-03-06", "kg": "400"})  # fmt: skip
    assert ok.status_code == 302
    transfer.refresh_from_db()
    assert not transfer.pending
    receipt = Event.objects.get(pk=transfer.receipt_id)
    assert (receipt.site_id, receipt.source_event_id, receipt.kg) == (
        buyer.site.pk,
        shipment.pk,
        Decimal("400.000"),
    )
    received = Lot.objects.get(code="B-1")
    # The buyer's lot carries the seller's data (the melt's inherited figures).
    assert (received.post_consumer_pct, received.co2e_per_kg) == (
        made.post_consumer_pct,
        made.co2e_per_kg,
    )
    assert received.post_consumer_pct == Decimal("60.000")
    assert received.supplier_organization_id == seller.organization.pk
    assert services.site_mass_balance(buyer.site).inputs_kg == 400
    # Confirmed once only.
    again = buyer_client.post(confirm_url, {"site": buyer.site.pk, "code": "B-2",
                                            "occurred_on": "2026-03-06", "kg": "400"})  # fmt: skip
    assert again.status_code == 200
    assert Event.objects.filter(kind="receive", site=buyer.site).count() == 1


def test_only_the_seller_ships_and_only_an_accepted_deal() -> None:
    seller, buyer = make_site("vendeur"), make_site("acheteur")
    lot = seller_lot(seller)
    pending = deal(seller, buyer, status="pending")
    url = reverse("trace:transfer_ship", args=[pending.pk])
    assert client_for(seller).get(url).status_code == 403
    accepted = deal(seller, make_site("tiers"))
    assert client_for(buyer).get(
        reverse("trace:transfer_ship", args=[accepted.pk])
    ).status_code in (403, 404)
    assert lot.pk
    assert not Transfer.objects.exists()


def test_only_the_buyer_confirms() -> None:
    seller, buyer = make_site("vendeur"), make_site("acheteur")
    contact = deal(seller, buyer)
    lot = seller_lot(seller)
    from aluhub.trace import exchange

    transfer = exchange.transfer_ship(
        user=seller.user, contact=contact, lot=lot, occurred_on=day(3, 5), kg=Decimal(100)
    )
    url = reverse("trace:transfer_confirm", args=[transfer.pk])
    assert client_for(seller).get(url).status_code == 403
    assert client_for(buyer).get(url).status_code == 200


def test_buyer_cannot_date_the_receipt_before_the_shipment() -> None:
    seller, buyer = make_site("vendeur"), make_site("acheteur")
    contact = deal(seller, buyer)
    from aluhub.trace import exchange

    transfer = exchange.transfer_ship(
        user=seller.user,
        contact=contact,
        lot=seller_lot(seller),
        occurred_on=day(3, 5),
        kg=Decimal(100),
    )
    response = client_for(buyer).post(
        reverse("trace:transfer_confirm", args=[transfer.pk]),
        {"site": buyer.site.pk, "code": "B-1", "occurred_on": "2026-03-04", "kg": "100"},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["occurred_on"]
    assert "5 mars 2026" in response.context["form"].errors["occurred_on"][0]
    assert Transfer.objects.get().pending


@pytest.mark.one_database
def test_the_deals_page_says_a_shipment_with_the_languages_colon() -> None:
    """« Expédition de 400 kg le 5 mars 2026 : en attente … » / 'Shipment of 400 kg on March
    5, 2026: pending …'; the colon stood outside the sentence, glued to it in French."""
    seller, buyer = make_site("vendeur"), make_site("acheteur")
    contact = deal(seller, buyer)
    client_for(seller).post(
        reverse("trace:transfer_ship", args=[contact.pk]),
        {"lot": seller_lot(seller).pk, "occurred_on": "2026-03-05", "kg": "400", "claim": "none"},
    )
    pages = {}
    for lang in ("fr", "en"):
        with translation.override(lang):
            url = reverse("circular:contact", args=[contact.pk])
        pages[lang] = unescape(client_for(seller).get(url).content.decode())
    assert "Expédition de 400\u00a0kg le 5 mars 2026\u00a0: en attente" in pages["fr"]
    assert "Shipment of 400\u00a0kg on March 5, 2026: pending" in pages["en"]


def test_a_corrected_deal_shipment_shows_its_corrected_kg_where_the_buyer_confirms() -> None:
    # The seller recounted 400 kg to 380 kg before the buyer confirmed: the deal's page and
    # the traceability home still said 400 kg, the confirmation page 380 kg.
    seller, buyer = make_site("vendeur"), make_site("acheteur")
    contact = deal(seller, buyer)
    lot = seller_lot(seller)
    client_for(seller).post(
        reverse("trace:transfer_ship", args=[contact.pk]),
        {"lot": lot.pk, "occurred_on": "2026-03-05", "kg": "400", "claim": "none"},
    )
    transfer = Transfer.objects.get()
    services.event_correct(
        user=seller.user, event=transfer.shipment, kg=Decimal(380), reason="Repesée"
    )
    for url in (reverse("trace:index"), reverse("circular:contact", args=[contact.pk])):
        page = unescape(client_for(buyer).get(url).content.decode())
        assert "380\u00a0kg le 5 mars 2026" in page, url
        assert "400\u00a0kg" not in page, url


def test_a_buyer_without_a_site_is_told_why_it_cannot_confirm_yet() -> None:
    # The confirmation form offered an empty list of sites and answered "This field is
    # required.": nothing said the organization needs an establishment first.
    seller = make_site("vendeur")
    org = OrganizationFactory(slug="sans-site", name="Sans site")
    user = UserFactory(email="acheteur@example.org", role="member")
    MembershipFactory(user=user, organization=org)
    offer = ListingFactory(organization=seller.organization, title="Billettes 6063")
    contact = ContactRequest.objects.create(
        offer=offer, buyer_organization=org, buyer=user, status="accepted"
    )
    lot = seller_lot(seller)
    client_for(seller).post(
        reverse("trace:transfer_ship", args=[contact.pk]),
        {"lot": lot.pk, "occurred_on": "2026-03-05", "kg": "400", "claim": "none"},
    )
    client = Client()
    client.force_login(user)
    page = client.get(reverse("trace:transfer_confirm", args=[Transfer.objects.get().pk]))
    html = unescape(page.content.decode())
    assert "Votre organisation n’a pas encore d’établissement" in html
    assert 'name="code"' not in html
