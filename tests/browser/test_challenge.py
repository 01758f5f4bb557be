"""A student applies to the open edition of the Structure-Al Challenge, in French; an organizer
decides on an application from the keyboard."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from aluhub.accounts.models import Role, User
from aluhub.challenge.models import Application, Edition
from tests.challenge.factories import ApplicationFactory, EditionFactory
from tests.factories import UserFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PASSWORD = "lingot-de-fonte-2026"


def test_student_applies_to_the_open_edition(page: Page, tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    now = timezone.now()
    Edition.objects.create(
        year=2098,
        is_demo=True,
        theme_fr="Passerelle piétonne (démo)",
        theme_en="Footbridge (demo)",
        applications_open=now - timedelta(days=1),
        applications_close=now + timedelta(days=5),
    )
    User.objects.create_user(
        email="etudiante@example.org",
        password=PASSWORD,
        role=Role.STUDENT,
        first_name="Léa",
        email_verified_at=now,
    )
    page.goto("/fr/compte/connexion/")
    page.get_by_label("Adresse courriel").fill("etudiante@example.org")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    page.goto("/fr/defi-structure-al/")
    page.get_by_role("link", name="Voir l’édition et poser sa candidature").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Défi Structure-Al 2098")
    page.get_by_role("link", name="Poser ma candidature").click()

    page.get_by_label("Université").fill("Université Laval")
    page.get_by_label("Programme").fill("Architecture")
    page.get_by_label("Discipline").select_option("architecture")
    page.get_by_label("Cycle").select_option("2")
    page.get_by_label("Année d’études").fill("1")
    page.get_by_label("Langues").fill("français, anglais")
    page.get_by_label("Motivation").fill("Concevoir une passerelle en aluminium.")
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(PDF_BYTES)
    page.get_by_label("CV (PDF, 5 Mo au maximum)").set_input_files(str(cv))
    page.get_by_role("button", name="Envoyer ma candidature").click()

    expect(page.get_by_role("status")).to_contain_text("Votre candidature a été reçue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon défi")
    app = Application.objects.get(student__email="etudiante@example.org")
    assert (app.edition.year, app.discipline, app.cycle) == (2098, "architecture", 2)
    assert mail.outbox[-1].subject == "Votre candidature au Défi Structure-Al 2098"


def test_organizer_saves_a_decision_with_the_keyboard_and_hears_it_saved(page: Page) -> None:
    """The row's form swaps its row (HTMX): focus stayed on nothing (the page's start for the
    next Tab) and the "Saved" swapped in already holding its text was not read out."""
    app = ApplicationFactory(edition=EditionFactory(year=2097), status="submitted")
    UserFactory(email="organisatrice@example.org", role=Role.STAFF)
    page.goto("/fr/compte/connexion/")
    page.get_by_label("Adresse courriel").fill("organisatrice@example.org")
    page.get_by_label("Mot de passe").fill("correct-horse-battery")
    page.get_by_role("button", name="Se connecter").click()
    page.goto("/fr/defi-structure-al/2097/gestion/candidatures/")

    page.get_by_label("Décision").select_option("accepted")
    save = page.locator(f"#application-{app.pk}").get_by_role("button", name="Enregistrer")
    save.focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#application-{app.pk} .badge-ok")).to_have_text("Enregistré")
    expect(save).to_be_focused()
    expect(page.locator("#live-status")).to_have_text("Enregistré")
    app.refresh_from_db()
    assert app.status == "accepted"
