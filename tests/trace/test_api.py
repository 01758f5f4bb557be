"""Traceability API: the engine endpoint, a site's balance, shipments and over-claims."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from aluhub.trace.models import Event
from tests.engines.test_ledger import CREDIT_EVENTS, ledger
from tests.trace.factories import day, make_site, melt, receive

pytestmark = pytest.mark.django_db


def test_mass_balance_endpoint_runs_the_engine() -> None:
    data = ledger(CREDIT_EVENTS, conversion_factor=0.9, opening_balance_kg=100)
    response = Client().post("/api/v1/trace/mass-balance", json.dumps(data), "application/json")
    assert response.status_code == 200
    assert response.json()["closing_balance_kg"] == 500


def test_mass_balance_endpoint_names_the_bad_field() -> None:
    data = ledger(CREDIT_EVENTS, conversion_factor=1.5)
    response = Client().post("/api/v1/trace/mass-balance", json.dumps(data), "application/json")
    assert response.status_code == 422
    assert response.json()["field"] == "conversion_factor"


def test_ship_endpoint_refuses_an_over_claim_with_the_figure() -> None:
    s = make_site()
    a = receive(s, "A", "250", certified=True).lot
    b = receive(s, "B", "750").lot
    assert a is not None and b is not None
    out = melt(s, [(a, "250"), (b, "750")], "BIL-1", "1000", on=day(3, 1))
    client = Client()
    client.force_login(s.user)
    body = {"date": "2026-03-02", "kg": "300", "customer": "C", "claim": "certified"}
    response = client.post(f"/api/v1/trace/lots/{out.pk}/shipments", body, "application/json")
    assert response.status_code == 422
    assert "solde du site (disponible\u00a0: 250\u00a0kg)" in response.json()["detail"]["claim"][0]
    body["kg"] = "250"
    response = client.post(f"/api/v1/trace/lots/{out.pk}/shipments", body, "application/json")
    assert response.status_code == 201
    assert Event.objects.get(pk=response.json()["id"]).claim == "certified"
    balance = client.get(f"/api/v1/trace/sites/{s.site.pk}/mass-balance").json()
    assert balance["claimed_kg"] == 250
    assert balance["closing_balance_kg"] == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"customer": "   "}, "customer_name"),
        ({"disclose": ["kg", "password"]}, "disclose"),
        ({"date": "2026-02-28"}, "occurred_on"),
    ],
)
def test_ship_endpoint_refuses_a_blank_customer_an_unknown_disclosure_or_an_early_date(
    change: dict[str, object], field: str
) -> None:
    s = make_site()
    lot = receive(s, "A", "250", on=day(3, 1)).lot
    assert lot is not None
    client = Client()
    client.force_login(s.user)
    body = {"date": "2026-03-02", "kg": "10", "customer": "C", **change}
    response = client.post(f"/api/v1/trace/lots/{lot.pk}/shipments", body, "application/json")
    assert response.status_code == 422
    assert list(response.json()["detail"]) == [field]
    assert not Event.objects.filter(kind="ship").exists()


def test_ship_endpoint_sent_again_with_its_idempotency_key_records_one_shipment() -> None:
    """A retry after a lost answer (same Idempotency-Key) answers with the first shipment and
    records nothing more; another key, or none, records a real second shipment; another
    member's same key on another lot is another shipment."""
    s, t = make_site(), make_site("laminoir")
    lot = receive(s, "A", "250", on=day(3, 1)).lot
    other_lot = receive(t, "A", "250", on=day(3, 1)).lot
    assert lot is not None and other_lot is not None
    client, other = Client(), Client()
    client.force_login(s.user)
    other.force_login(t.user)
    body = {"date": "2026-03-02", "kg": "10", "customer": "C"}
    url = f"/api/v1/trace/lots/{lot.pk}/shipments"

    def ship(c: Client, address: str, key: str | None) -> dict[str, object]:
        headers = {"Idempotency-Key": key} if key is not None else {}
        response = c.post(address, body, "application/json", headers=headers)
        assert response.status_code == 201
        return dict(response.json())

    first = ship(client, url, "commande-4411")
    assert ship(client, url, "commande-4411") == first
    assert Event.objects.filter(kind="ship").count() == 1
    assert ship(client, url, "commande-4412") != first
    assert ship(client, url, None) != first
    assert ship(other, f"/api/v1/trace/lots/{other_lot.pk}/shipments", "commande-4411") != first
    assert Event.objects.filter(kind="ship").count() == 4
    too_long = client.post(url, body, "application/json", headers={"Idempotency-Key": "k" * 256})
    assert too_long.status_code == 422
    assert "detail" in too_long.json()


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("fr", "Donnez l’allégation sous la forme none ou certified."),
        ("en", "Give the claim as none or certified."),
    ],
)
def test_ship_endpoint_refuses_an_unknown_claim_in_the_requests_language(
    lang: str, said: str
) -> None:
    # It answered "must be none or certified" in English to a French request.
    s = make_site()
    lot = receive(s, "A", "250", on=day(3, 1)).lot
    assert lot is not None
    client = Client()
    client.force_login(s.user)
    body = {"date": "2026-03-02", "kg": "10", "customer": "C", "claim": "certifie"}
    response = client.post(
        f"/api/v1/trace/lots/{lot.pk}/shipments",
        body,
        "application/json",
        headers={"Accept-Language": lang},
    )
    assert response.status_code == 422
    assert response.json()["detail"] == {"claim": [said]}
    assert not Event.objects.filter(kind="ship").exists()
