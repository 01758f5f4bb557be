"""A member records a charge-optimizer melt as a lot, ships part of it with a recycled-content
claim, and an anonymous visitor opens the QR verification page (in French)."""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from aluhub.accounts.models import User
from aluhub.trace.models import Event, Lot
from tests.trace.factories import make_site, receive

PASSWORD = "coulee-de-billettes-2026"


def test_melt_recorded_shipped_with_a_claim_and_verified_anonymously(
    page: Page, browser: Browser, live_server: LiveServer
) -> None:
    s = make_site("fonderie-saguenay")
    User.objects.filter(pk=s.user.pk).update(email_verified_at=timezone.now())
    s.user.set_password(PASSWORD)
    s.user.save()
    zero, full = Decimal(0), Decimal(100)
    receive(
        s, "P1020-A", "20000", co2e_per_kg=Decimal(4), pre_consumer_pct=zero, post_consumer_pct=zero
    )
    receive(
        s,
        "RETAILLES-B",
        "20000",
        material="other",
        co2e_per_kg=Decimal("0.5"),
        pre_consumer_pct=zero,
        post_consumer_pct=full,
    )

    page.goto("/fr/compte/connexion/")
    page.get_by_label("Adresse courriel").fill(s.user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    # The charge optimizer: primary P1020 and a scrap at 1.5 $/kg, 600 kg at most.
    page.goto("/fr/valorisation/optimiseur-lit-de-fusion/")
    page.get_by_label("Alliage visé").select_option("6063")
    page.get_by_label("Masse du bain (kg)").fill("1000")
    page.get_by_label("Prix du métal primaire P1020 ($ CA/kg)").fill("3.30")
    page.get_by_label("Fe du primaire (%)").fill("0.20")
    page.get_by_label("Si du primaire (%)").fill("0.10")
    page.get_by_label("Autres matières (liste collée)").fill(
        "retailles; scrap; 1.5; 600; ; Fe=0.2 Si=0.45 Mg=0.6\n"
        "mg; alloying; 5.2; ; ; Mg=99.8\nsi; alloying; 3.0; ; ; Si=99"
    )
    page.get_by_role("button", name="Optimiser le lit de fusion").click()
    page.get_by_role("button", name="Enregistrer comme coulée (traçabilité)").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Enregistrer la coulée")
    page.get_by_label("Date de la coulée").fill("2026-03-02")
    page.get_by_label("Code du nouveau lot").fill("COULEE-1")
    page.get_by_label("Matière du nouveau lot").select_option("billet")
    page.get_by_label(re.compile(r"^Émissions déclarées du procédé")).fill("100")
    # Each charge line comes from one of the site's lots: the scrap line from the scrap lot.
    for select in page.get_by_label(re.compile(r"^Lot utilisé pour")).all():
        label = select.get_attribute("id") or ""
        name = page.locator(f"label[for='{label}']").inner_text()
        select.select_option(label="RETAILLES-B" if "retailles" in name else "P1020-A")
    page.get_by_role("button", name="Enregistrer la coulée").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Lot COULEE-1")
    melt = Lot.objects.get(code="COULEE-1")
    assert melt.kg == Decimal("1000.000")
    assert melt.post_consumer_pct is not None and melt.post_consumer_pct > 0
    expect(page.get_by_text("Coulée enregistrée comme nouveau lot.")).to_be_visible()

    # Ship part of it with a recycled-content claim.
    page.get_by_role("link", name="Expédier de ce lot").click()
    page.get_by_label("Date d’expédition").fill("2026-03-10")
    page.get_by_label("kg expédiés").fill("400")
    page.get_by_label(re.compile(r"^Client")).fill("Profilés Lac-Saint-Jean")
    page.get_by_label("Déclarer le contenu recyclé").check()
    page.get_by_role("button", name="Enregistrer l’expédition").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vérification d’une expédition")
    shipment = Event.objects.get(kind="ship")
    assert (shipment.kg, shipment.recycled_claim) == (Decimal("400.000"), True)
    verify_path = f"/fr/tracabilite/v/{shipment.public_code}/"

    # An anonymous visitor (fresh context: no session) opens the page the QR code points to.
    anonymous = browser.new_context(base_url=live_server.url, locale="fr-CA")
    try:
        visitor = anonymous.new_page()
        visitor.goto(verify_path)
        expect(visitor.get_by_role("heading", level=1)).to_have_text(
            "Vérification d’une expédition"
        )
        expect(
            visitor.get_by_text("La chaîne du registre de l’expéditeur est intacte")
        ).to_be_visible()
        post = f"{melt.post_consumer_pct.normalize():f}".replace(".", ",")
        expect(visitor.locator("main")).to_contain_text("Contenu recyclé")
        expect(visitor.locator("main")).to_contain_text(post)
        expect(visitor.locator("main")).to_contain_text("400")
        expect(visitor.locator("main")).to_contain_text(shipment.hash)
        # The QR code encodes this page's address, which is printed next to it.
        expect(visitor.locator("figure.qr svg")).to_be_visible()
        expect(visitor.locator("figure.qr a")).to_have_attribute(
            "href", f"{live_server.url}{verify_path}"
        )
        # The shipper's name was not disclosed (not ticked by default).
        expect(visitor.locator("main")).not_to_contain_text(s.organization.name)
    finally:
        anonymous.close()
