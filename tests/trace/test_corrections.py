"""The correction form (a new event naming the corrected one) and the demo ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aluhub.accounts.demo import seed_demo as seed_accounts
from aluhub.engines.text import format_date
from aluhub.trace import services
from aluhub.trace.demo import seed_demo
from aluhub.trace.models import Event, LedgerSettings, Lot
from tests.trace.factories import Site, day, make_site, melt, receive

pytestmark = pytest.mark.django_db


def client_for(s: Site) -> Client:
    client = Client()
    client.force_login(s.user)
    return client


def test_correction_form_appends_an_event_with_its_reason_and_shows_field_errors() -> None:
    s = make_site()
    receipt = receive(s, "A", "100", certified=True)
    client = client_for(s)
    url = reverse("trace:event_correct", args=[receipt.pk])
    assert "Corriger l’événement 1" in unescape(client.get(url).content.decode())
    missing = client.post(url, {"kg": "90", "reason": ""})
    assert missing.status_code == 200
    assert 'id="id_reason_error"' in missing.content.decode()
    response = client.post(url, {"kg": "90", "reason": "Repesée à la réception"})
    assert response.status_code == 302
    correction = Event.objects.get(kind="adjust")
    assert (correction.corrects_id, correction.kg) == (receipt.pk, Decimal("90.000"))
    assert correction.reason == "Repesée à la réception"
    assert Event.objects.get(pk=receipt.pk).kg == Decimal("100.000")  # never edited
    assert services.site_mass_balance(s.site).inputs_kg == 90
    assert services.ledger_verify(site=s.site).broken is None
    page = unescape(client.get(reverse("trace:site", args=[s.site.pk])).content.decode())
    assert "(événement 1\u00a0: Repesée à la réception)" in page


def test_correction_cannot_leave_a_lot_below_what_was_used() -> None:
    s = make_site()
    receipt = receive(s, "A", "100")
    assert receipt.lot is not None
    melt(s, [(receipt.lot, "80")], "BIL-1", "75", on=day(3, 1))
    response = client_for(s).post(
        reverse("trace:event_correct", args=[receipt.pk]), {"kg": "70", "reason": "Recomptage"}
    )
    assert response.status_code == 200
    assert "-10" in response.content.decode()
    assert not Event.objects.filter(kind="adjust").exists()


def test_only_receipts_and_shipments_have_a_correction_form() -> None:
    s = make_site()
    a = receive(s, "A", "100").lot
    assert a is not None
    out = melt(s, [(a, "100")], "BIL-1", "90", on=day(3, 1))
    transform = Event.objects.get(kind="transform")
    assert out.pk
    url = reverse("trace:event_correct", args=[transform.pk])
    assert client_for(s).get(url).status_code == 404


def test_demo_ledger_is_marked_intact_and_seeded_once() -> None:
    seed_accounts()
    seed_demo()
    assert seed_demo() == ["trace: demo ledger already there"]
    lots = Lot.objects.filter(code__startswith="DEMO-")
    assert lots.count() == 3
    assert all(lot.is_demo for lot in lots)
    events = Event.objects.filter(site=lots.first().site)  # type: ignore[union-attr]
    assert events.count() == 5
    assert all(event.is_demo for event in events)
    site = events.first().site  # type: ignore[union-attr]
    assert services.ledger_verify(site=site).broken is None
    balance = services.site_mass_balance(site)
    assert balance.claimed_kg == 2990  # the shipment as corrected
    assert not balance.rejected_claims


def test_correction_refuses_a_mass_beyond_the_ledger_column_and_keeps_the_reason() -> None:
    # 1e309 once went through the form (no digit limit) and broke every later read of the site.
    s = make_site()
    receipt = receive(s, "A", "100")
    client = client_for(s)
    url = reverse("trace:event_correct", args=[receipt.pk])
    for kg in ("1e309", "123456789012.5"):
        response = client.post(url, {"kg": kg, "reason": "Repesée à la réception"})
        assert response.status_code == 200
        page = unescape(response.content.decode())
        assert 'id="id_kg_error"' in page
        assert "Repesée à la réception" in page
    assert not Event.objects.filter(kind="adjust").exists()
    assert services.site_mass_balance(s.site).inputs_kg == 100


def test_correction_refused_when_the_balance_would_no_longer_cover_a_certified_claim() -> None:
    # A recount once raised a certified shipment past the site's balance: the balance then
    # rejected the claim while its public page and declaration still said "certified".
    s = make_site()
    a = receive(s, "A", "500", certified=True).lot
    b = receive(s, "B", "500").lot
    assert a is not None and b is not None
    made = melt(s, [(a, "500"), (b, "500")], "BIL-1", "1000", on=day(3, 1))
    shipment = services.shipment_record(
        user=s.user, lot=made, occurred_on=day(3, 2), kg=Decimal(400), customer_name="Client",
        claim="certified",
    )  # fmt: skip
    response = client_for(s).post(
        reverse("trace:event_correct", args=[shipment.pk]), {"kg": "600", "reason": "Recomptage"}
    )
    assert response.status_code == 200
    page = unescape(response.content.decode())
    assert (
        "Avec cette correction, le solde du site ne couvrirait plus l’allégation certifiée de "
        "l’expédition du 2 mars 2026 (lot BIL-1, 600\u00a0kg\u202f; solde disponible\u00a0: "
        "500\u00a0kg)."
    ) in page
    assert not Event.objects.filter(kind="adjust").exists()
    assert services.site_mass_balance(s.site).rejected_claims == ()
    assert services.ledger_verify(site=s.site).broken is None
    # A recount the balance still covers goes through.
    client_for(s).post(
        reverse("trace:event_correct", args=[shipment.pk]), {"kg": "450", "reason": "Recomptage"}
    )
    assert services.site_mass_balance(s.site).claimed_kg == 450


def test_correction_refused_when_it_would_leave_the_ledger_without_a_mass_balance() -> None:
    # Factor 0.9: 75 kg produced need 83.4 kg received; a receipt recounted to 81 kg would
    # break the physical check and every page of the site's balance after it.
    s = make_site(factor="0.9")
    receipt = receive(s, "A", "100")
    assert receipt.lot is not None
    melt(s, [(receipt.lot, "80")], "BIL-1", "75", on=day(3, 1))
    response = client_for(s).post(
        reverse("trace:event_correct", args=[receipt.pk]), {"kg": "81", "reason": "Recomptage"}
    )
    assert response.status_code == 200
    assert 'id="id_kg_error"' in response.content.decode()
    assert not Event.objects.filter(kind="adjust").exists()
    assert services.site_mass_balance(s.site).inputs_kg == 100


def test_correction_form_starts_from_the_corrected_figure_and_says_both() -> None:
    # After one correction the form still offered the recorded 100 kg and said "100 kg
    # recorded": sent with a new reason only, it undid the first correction.
    s = make_site()
    receipt = receive(s, "A", "100")
    services.event_correct(user=s.user, event=receipt, kg=Decimal(90), reason="Repesée")
    response = client_for(s).get(reverse("trace:event_correct", args=[receipt.pk]))
    assert response.context["form"]["kg"].value() == Decimal(90)
    page = unescape(response.content.decode())
    today = format_date(timezone.localdate(), "fr")
    assert (
        f"Réception du 1er février 2026, lot A\u00a0: 90\u00a0kg (corrigé le {today}\u00a0; "
        "100\u00a0kg enregistrés)."
    ).replace("\u00a0;", "\u202f;") in page


def test_a_correction_recorded_after_the_period_counts_in_the_periods_balance() -> None:
    # The books of 2025 closed in 2026: a 2025 receipt recounted now (the correction is dated
    # today, after the period) kept its recorded kg in the 2025 balance, while its lot page
    # said the corrected one.
    s = make_site()
    LedgerSettings.objects.filter(site=s.site).update(period_start=dt.date(2025, 1, 1))
    receipt = receive(s, "A", "100", on=dt.date(2025, 6, 1), certified=True)
    services.event_correct(user=s.user, event=receipt, kg=Decimal(90), reason="Recomptage")
    balance = services.site_mass_balance(s.site)
    assert (balance.inputs_kg, balance.certified_inputs_kg) == (90, 90)


def test_correction_form_sent_twice_appends_one_event() -> None:
    s = make_site()
    receipt = receive(s, "A", "100")
    client = client_for(s)
    url = reverse("trace:event_correct", args=[receipt.pk])
    page = client.get(url).content.decode()
    token = page.split('name="submission" value="')[1].split('"')[0]
    data = {"kg": "90", "reason": "Repesée", "submission": token}
    first = client.post(url, data)
    again = client.post(url, data, follow=True)  # a double click, or a reload of the post
    assert first.status_code == 302
    assert Event.objects.filter(kind="adjust").count() == 1
    assert "la correction a été enregistrée une fois, pas deux" in unescape(again.content.decode())
    assert services.ledger_verify(site=s.site).broken is None
    # A new form (a new token) records a second correction on purpose.
    token2 = client.get(url).content.decode().split('name="submission" value="')[1].split('"')[0]
    assert token2 != token
    client.post(url, {"kg": "95", "reason": "Nouvelle pesée", "submission": token2})
    assert Event.objects.filter(kind="adjust").count() == 2
