"""A member fills the digital-maturity self-assessment and reads the radar chart page."""

from __future__ import annotations

import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from aluhub.accounts.models import Membership, Organization, Role, User
from aluhub.innovation.questionnaire import load_questionnaire

PASSWORD = "presse-a-extruder-2026"


def test_member_fills_the_self_assessment_and_reads_the_radar(page: Page) -> None:
    org = Organization.objects.create(
        name="Profilés Lac-Saint-Jean", slug="profiles-lac-saint-jean", region="02", employees=40
    )
    user = User.objects.create_user(
        email="membre@example.org",
        password=PASSWORD,
        role=Role.MEMBER,
        first_name="Julie",
        email_verified_at=timezone.now(),
    )
    Membership.objects.create(user=user, organization=org, role="owner")
    page.goto("/fr/compte/connexion/")
    page.get_by_label("Adresse courriel").fill("membre@example.org")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    page.goto("/fr/innovation/")
    page.get_by_role("link", name="Commencer l’autodiagnostic").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Autodiagnostic de maturité numérique"
    )
    questionnaire = load_questionnaire()
    # Submitting with one question left out shows its error and keeps the other answers.
    skipped = questionnaire.questions[-1]
    for i, question in enumerate(questionnaire.questions):
        if question is skipped:
            continue
        group = page.get_by_role("group", name=question.text.fr, exact=True)
        group.get_by_role("radio").nth(2 if i % 2 else 3).check()
    page.get_by_label("Niveau visé pour « Cybersécurité »").select_option("4")
    page.get_by_role("button", name="Voir mon résultat").click()
    expect(page.get_by_text("Choisissez le niveau qui correspond le mieux.")).to_be_visible()
    first = page.get_by_role("group", name=questionnaire.questions[1].text.fr, exact=True)
    expect(first.get_by_role("radio").nth(2)).to_be_checked()

    page.get_by_role("group", name=skipped.text.fr, exact=True).get_by_role("radio").nth(1).check()
    page.get_by_role("button", name="Voir mon résultat").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Résultat de l’autodiagnostic")
    radar = page.locator('svg[role="img"]#maturity-radar')
    expect(radar).to_have_count(1)
    expect(radar.locator("#maturity-radar-title")).to_have_text("Profil de maturité numérique")
    # The title is also the start of the chart's accessible name (aria-labelledby).
    expect(
        page.get_by_role("img", name=re.compile("^Profil de maturité numérique"))
    ).to_be_visible()
    expect(page.get_by_text("Comparaison avec les pairs masquée")).to_be_visible()
    expect(page.get_by_role("link", name="Télécharger le rapport PDF")).to_be_visible()
