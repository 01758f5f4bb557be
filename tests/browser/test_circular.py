"""A member posts a scrap offer in French and finds it on the exchange, filtered by kind."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Page, expect

from aluhub.accounts.models import Membership, Organization, Role, User
from aluhub.circular.models import Listing
from aluhub.circular.reference import load_reference
from aluhub.common.reference import no_progress

PASSWORD = "lingot-de-fonte-2026"


def test_member_posts_an_offer_and_sees_it_in_the_list(
    page: Page,
    tmp_path: Path,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    load_reference(no_progress)
    org = Organization.objects.create(
        name="Extrusions Test", slug="extrusions-test", region="02", employees=45
    )
    user = User.objects.create_user(
        email="membre@example.org",
        password=PASSWORD,
        role=Role.MEMBER,
        first_name="Julien",
        email_verified_at=timezone.now(),
    )
    Membership.objects.create(user=user, organization=org, role="owner")

    page.goto("/fr/compte/connexion/")
    page.get_by_label("Adresse courriel").fill("membre@example.org")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    page.goto("/fr/valorisation/")
    page.get_by_role("link", name="Parcourir la bourse").click()
    page.get_by_role("link", name="Publier une annonce").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publier une annonce")

    page.get_by_label(re.compile(r"^Type")).select_option("offer")
    page.get_by_label("Titre").fill("Chutes d'extrusion 6063 propres")
    page.get_by_label("Catégorie ISRI").select_option(label="Toto")
    page.get_by_label("Famille ou série d’alliages").select_option("6xxx")
    page.get_by_label(re.compile(r"^Alliage")).select_option("6063")
    page.get_by_label("Forme").select_option("extrusion")
    page.get_by_label("Quantité (t)").fill("12")
    page.get_by_label("Fréquence").select_option("monthly")
    page.get_by_label("Ville").fill("Alma")
    page.get_by_label("Revêtement").select_option("none")
    expiry = timezone.localdate() + dt.timedelta(days=30)
    page.get_by_label("Date d’expiration").fill(expiry.isoformat())
    page.get_by_label("Analyse chimique (facultative)").fill("Fe 0,20 ± 0,02\nSi 0,45\nMg 0,55")
    page.get_by_role("button", name="Enregistrer l’annonce").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Chutes d'extrusion 6063 propres")
    listing = Listing.objects.get()
    assert (listing.status, listing.organization_id) == ("active", org.pk)

    page.goto("/fr/valorisation/bourse/")
    page.get_by_label(re.compile(r"^Type")).select_option("offer")
    results = page.locator("#listing-results")
    expect(results.get_by_role("heading", level=2)).to_have_text("1 annonce")
    expect(results.get_by_role("link", name="Chutes d'extrusion 6063 propres")).to_be_visible()
    # The public card shows the size class, never the organization's name.
    expect(results).to_contain_text("petite entreprise (10 à 99 employés)")
    expect(results).not_to_contain_text("Extrusions Test")
