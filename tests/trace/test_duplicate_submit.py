"""The ship forms record a shipment once per form shown: the same form sent twice (a double
click, a reload after the post) records nothing more; a form opened again records another."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from aluhub.trace.models import Event, Transfer
from tests.trace.factories import Site, day, make_site, melt, receive
from tests.trace.test_exchange import deal, seller_lot

pytestmark = pytest.mark.django_db


def client_for(s: Site) -> Client:
    client = Client()
    client.force_login(s.user)
    return client


def token(client: Client, url: str) -> str:
    """The one-time token of the form as shown."""
    html = client.get(url).content.decode()
    found = re.search(r'name="submission" value="([^"]+)"', html)
    assert found is not None
    return found[1]


def test_ship_form_sent_twice_records_one_shipment_and_a_new_form_records_another() -> None:
    s = make_site()
    lot = melt(s, [(receive(s, "A", "500").lot, "500")], "BIL", "500")  # type: ignore[list-item]
    client = client_for(s)
    url = reverse("trace:lot_ship", args=[lot.pk])
    data = {"occurred_on": day(3, 5).isoformat(), "kg": "100", "customer_name": "C",
            "claim": "none", "disclose": ["kg"], "submission": token(client, url)}  # fmt: skip
    first = client.post(url, data)
    assert first.status_code == 302
    again = client.post(url, data, follow=True)
    assert Event.objects.filter(kind="ship").count() == 1
    assert again.redirect_chain == [(first["Location"], 302)]  # the first one's page
    assert "Ce formulaire avait déjà été envoyé" in unescape(again.content.decode())
    data["submission"] = second = token(client, url)
    assert second != first
    assert client.post(url, data).status_code == 302
    assert Event.objects.filter(kind="ship").count() == 2


def test_a_refused_ship_form_keeps_its_token_and_records_once_corrected() -> None:
    s = make_site()
    lot = melt(s, [(receive(s, "A", "500").lot, "500")], "BIL", "500")  # type: ignore[list-item]
    client = client_for(s)
    url = reverse("trace:lot_ship", args=[lot.pk])
    sent = token(client, url)
    data = {"occurred_on": day(3, 5).isoformat(), "kg": "900", "customer_name": "C",
            "claim": "none", "submission": sent}  # fmt: skip
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert f'name="submission" value="{sent}"' in refused.content.decode()
    data["kg"] = "100"
    assert client.post(url, data).status_code == 302
    assert Event.objects.get(kind="ship").submission == sent


def test_deal_ship_form_sent_twice_records_one_transfer() -> None:
    seller, buyer = make_site("vendeur"), make_site("acheteur")
    contact = deal(seller, buyer)
    lot = seller_lot(seller)
    client = client_for(seller)
    url = reverse("trace:transfer_ship", args=[contact.pk])
    data = {"lot": lot.pk, "occurred_on": "2026-03-05", "kg": "400", "claim": "none",
            "submission": token(client, url)}  # fmt: skip
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 302
    assert again["Location"] == reverse("circular:contact", args=[contact.pk])
    assert (Transfer.objects.count(), Event.objects.filter(kind="ship").count()) == (1, 1)
    data["submission"] = token(client, url)
    assert client.post(url, data).status_code == 302
    assert Transfer.objects.count() == 2
