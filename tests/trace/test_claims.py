"""The claim checker wired into shipping (page and API) and the ledger settings page."""

from __future__ import annotations

from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.trace import services
from aluhub.trace.models import Event, LedgerSettings, Lot
from tests.trace.factories import Site, day, make_site, melt, receive

pytestmark = pytest.mark.django_db


def client_for(s: Site) -> Client:
    client = Client()
    client.force_login(s.user)
    return client


def certified_billet(s: Site, *, co2e: str = "3.2", boundary: str = "cradle-to-gate") -> Lot:
    a = receive(
        s,
        "A",
        "500",
        certified=True,
        pre_consumer_pct=Decimal(20),
        post_consumer_pct=Decimal(30),
        co2e_per_kg=Decimal(co2e),
        co2e_boundary=boundary,
    ).lot
    assert a is not None
    return melt(s, [(a, "500")], "BIL-1", "500", on=day(3, 1))


def test_certified_claim_needs_the_sites_asi_certificate_number() -> None:
    s = make_site(certificate="")
    out = certified_billet(s)
    with pytest.raises(ValidationError) as exc:
        services.shipment_record(
            user=s.user,
            lot=out,
            occurred_on=day(3, 5),
            kg=Decimal(100),
            claim="certified",
            customer_name="C",
        )
    assert "certificat ASI" in " ".join(exc.value.message_dict["claim"])
    assert not Event.objects.filter(kind="ship").exists()
    LedgerSettings.objects.filter(site=s.site).update(asi_certificate_number="ASI-77")
    event = services.shipment_record(
        user=s.user,
        lot=out,
        occurred_on=day(3, 5),
        kg=Decimal(100),
        claim="certified",
        customer_name="C",
    )
    # The certificate is stored on the event and covered by its hash.
    assert event.certificate_number == "ASI-77"
    assert '"certificate_number":"ASI-77"' in services.canonical(event)
    assert services.ledger_verify(site=s.site).broken is None


def test_low_carbon_claim_refused_above_4_kg_and_without_a_cradle_to_gate_boundary() -> None:
    s = make_site()
    out = certified_billet(s, co2e="4.5")
    with pytest.raises(ValidationError) as exc:
        services.shipment_record(
            user=s.user,
            lot=out,
            occurred_on=day(3, 5),
            kg=Decimal(10),
            low_carbon_claim=True,
            customer_name="C",
        )
    assert "4,5\u00a0kg\u00a0CO2e/kg dépasse 4,0" in exc.value.message_dict["low_carbon_claim"][0]
    other = make_site("autre")
    unbounded = certified_billet(other, boundary="")
    with pytest.raises(ValidationError) as exc:
        services.shipment_record(
            user=other.user,
            lot=unbounded,
            occurred_on=day(3, 5),
            kg=Decimal(10),
            low_carbon_claim=True,
            customer_name="C",
        )
    assert "frontière" in exc.value.message_dict["low_carbon_claim"][0]


def test_ship_page_lists_what_the_data_supports_in_french_and_english() -> None:
    s = make_site(certificate="")
    out = certified_billet(s, co2e="4.5")
    client = client_for(s)
    html = client.get(reverse("trace:lot_ship", args=[out.pk])).content.decode()
    # A no-break space before « % » in French, none in English.
    assert (
        "Contenu recyclé 50,0\u00a0% (préconsommation 20,0\u00a0%, postconsommation 30,0\u00a0%"
        in html
    )
    assert "Aluminium bas carbone\u00a0: non disponible" in html
    assert "Certifié ASI\u00a0: non disponible" in html
    with translation.override("en"):
        url = reverse("trace:lot_ship", args=[out.pk])
    english = client.get(url).content.decode()
    assert "Recycled content 50.0% (pre-consumer 20.0%, post-consumer 30.0%" in english
    assert "is above 4.0 kg CO2e/kg (an industry convention, not a legal threshold)" in english


def test_ship_form_shows_a_refused_claim_under_its_field() -> None:
    s = make_site()
    out = certified_billet(s, co2e="4.5")
    response = client_for(s).post(
        reverse("trace:lot_ship", args=[out.pk]),
        {
            "occurred_on": "2026-03-04",
            "kg": "10",
            "customer_name": "C",
            "claim": "none",
            "low_carbon_claim": "on",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_low_carbon_claim_error"' in html
    assert "dépasse 4,0\u00a0kg\u00a0CO2e/kg" in html
    assert not Event.objects.filter(kind="ship").exists()


def test_api_refuses_unsupported_claims_with_detail_and_verify_page_states_accepted_ones() -> None:
    s = make_site(certificate="ASI-CoC-123")
    out = certified_billet(s)
    client = client_for(s)
    url = f"/api/v1/trace/lots/{out.pk}/shipments"
    body = {
        "date": "2026-03-02",
        "kg": "100",
        "customer": "C",
        "claim": "certified",
        "low_carbon_claim": True,
        "recycled_claim": True,
        "disclose": ["certification", "co2e"],
    }
    LedgerSettings.objects.filter(site=s.site).update(asi_certificate_number="")
    refused = client.post(url, body, "application/json")
    assert refused.status_code == 422
    assert "claim" in refused.json()["detail"]
    LedgerSettings.objects.filter(site=s.site).update(asi_certificate_number="ASI-CoC-123")
    accepted = client.post(url, body, "application/json")
    assert accepted.status_code == 201
    claims = client.get(f"/api/v1/trace/lots/{out.pk}").json()["claims"]
    assert set(claims["statements"]) == {"recycled", "low_carbon", "asi"}
    page = Client().get(reverse("trace:verify", args=[accepted.json()["public_code"]]))
    html = unescape(page.content.decode())
    assert "Certifié ASI (chaîne de traçabilité, certificat ASI-CoC-123)" in html
    assert "convention de l’industrie, pas un seuil légal" in html


def test_settings_page_saves_and_shows_field_errors() -> None:
    s = make_site(certificate="")
    client = client_for(s)
    url = reverse("trace:site_settings", args=[s.site.pk])
    assert "Paramètres du registre" in client.get(url).content.decode()
    bad = client.post(
        url,
        {
            "method": "percentage",
            "conversion_factor": "1.2",
            "period_start": "2026-01-01",
            "opening_balance_kg": "50",
            "opening_stock_kg": "0",
        },
    )
    html = unescape(bad.content.decode())
    assert bad.status_code == 200
    assert "Donnez un facteur de plus de 0 et d’au plus 1." in html
    assert "La méthode du pourcentage n’a pas de solde d’ouverture" in html
    good = client.post(
        url,
        {
            "method": "credit",
            "conversion_factor": "0.95",
            "period_start": "2026-01-01",
            "opening_balance_kg": "50",
            "opening_stock_kg": "0",
            "asi_certificate_number": " ASI-9 ",
        },
    )
    assert good.status_code == 302
    saved = LedgerSettings.objects.get(site=s.site)
    assert (saved.conversion_factor, saved.asi_certificate_number) == (Decimal("0.95"), "ASI-9")
    assert services.site_mass_balance(s.site).closing_balance_kg == 50


def test_settings_refuse_a_period_that_would_end_after_the_year_9999() -> None:
    s = make_site()
    client = client_for(s)
    url = reverse("trace:site_settings", args=[s.site.pk])
    body = {"method": "credit", "conversion_factor": "1", "period_start": "9999-03-01",
            "opening_balance_kg": "0", "opening_stock_kg": "0"}  # fmt: skip
    bad = client.post(url, body)
    assert bad.status_code == 200
    assert list(bad.context["form"].errors) == ["period_start"]
    assert client.get(reverse("trace:site", args=[s.site.pk])).status_code == 200
    body["period_start"] = "9998-12-31"
    assert client.post(url, body).status_code == 302
    assert client.get(reverse("trace:site", args=[s.site.pk])).status_code == 200


def test_settings_that_would_uncover_a_certified_claim_or_break_the_balance_are_refused() -> None:
    # 300 kg shipped "certified" on the opening balance's credits: setting the opening balance
    # to 0 left the claim rejected by the balance while its public page still said
    # "certified"; a factor of 0.5 made 1 000 kg produced from 1 000 kg received impossible
    # and every page of the site's balance an error.
    s = make_site()
    LedgerSettings.objects.filter(site=s.site).update(opening_balance_kg=Decimal(300))
    a = receive(s, "A", "1000").lot
    assert a is not None
    made = melt(s, [(a, "1000")], "BIL-1", "1000", on=day(3, 1))
    services.shipment_record(
        user=s.user, lot=made, occurred_on=day(3, 2), kg=Decimal(300), customer_name="C",
        claim="certified",
    )  # fmt: skip
    client = client_for(s)
    url = reverse("trace:site_settings", args=[s.site.pk])
    body = {"method": "credit", "conversion_factor": "1", "period_start": "2026-01-01",
            "opening_balance_kg": "0", "opening_stock_kg": "0",
            "asi_certificate_number": "ASI-COC-0001"}  # fmt: skip
    uncovered = client.post(url, body)
    assert uncovered.status_code == 200
    assert uncovered.context["form"].non_field_errors() == [
        # « disponible », not « 0 kg disponibles »: French keeps the plural for two and more.
        "Avec ces paramètres, le solde du site ne couvrirait plus l’allégation certifiée de "
        "l’expédition du 2 mars 2026 (lot BIL-1, 300\u00a0kg\u202f; solde disponible\u00a0: "
        "0\u00a0kg)."
    ]
    broken = client.post(url, {**body, "opening_balance_kg": "300", "conversion_factor": "0.5"})
    assert broken.status_code == 200
    assert broken.context["form"].non_field_errors()
    saved = LedgerSettings.objects.get(site=s.site)
    assert (saved.opening_balance_kg, saved.conversion_factor) == (300, 1)
    assert services.site_mass_balance(s.site).rejected_claims == ()
    assert client.post(url, {**body, "opening_balance_kg": "400"}).status_code == 302
