"""Partner initiatives and group documents as people use them: a member answers a call for
partners in French and the lead reads the answer in English; a group member uploads a document
and finds it by a word of its text in the other language; on a desktop and a 390 px phone."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from aluhub.accounts.models import Membership, Organization, Role, User
from aluhub.collab import services, services_initiatives
from aluhub.collab.models import WorkingGroup

PASSWORD = "lingot-de-fonte-2026"
SIZES = [
    pytest.param({"width": 1280, "height": 900}, id="desktop"),
    pytest.param({"width": 390, "height": 844}, id="phone"),
]


def _user(email: str, first: str, org: Organization) -> User:
    user = User.objects.create_user(
        email=email,
        password=PASSWORD,
        role=Role.MEMBER,
        first_name=first,
        email_verified_at=timezone.now(),
    )
    Membership.objects.create(user=user, organization=org, role="owner")
    return user


def _login(page: Page, email: str) -> None:
    page.goto("/fr/compte/connexion/")
    page.get_by_label("Adresse courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def _no_horizontal_overflow(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    viewport = page.evaluate("() => window.innerWidth")
    assert width <= viewport


def _docx(text: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<w:document><w:t>{text}</w:t></w:document>")
    return buf.getvalue()


@pytest.mark.parametrize("viewport", SIZES)
def test_call_for_partners_answered_in_french_read_by_the_lead_in_english(
    page: Page, viewport: dict[str, int]
) -> None:
    page.set_viewport_size(viewport)
    lead_org = Organization.objects.create(name="Recyclage Jonquière", slug="rj", region="02")
    member_org = Organization.objects.create(name="Fonderie Bécancour", slug="fb", region="17")
    lead = _user("lead@example.org", "Maude", lead_org)
    _user("membre@example.org", "Hugo", member_org)
    initiative = services_initiatives.initiative_create(
        slug="boucle-residus",
        title_fr="Boucler la boucle des résidus",
        title_en="Closing the scrap loop",
        status="active",
        partners=[(lead_org, "lead")],
    )
    services_initiatives.initiative_call_set(
        initiative=initiative, by=lead, is_open=True, text_fr="Nous cherchons une fonderie."
    )

    _login(page, "membre@example.org")
    page.goto("/fr/communaute/initiatives/")
    page.get_by_role("link", name="Boucler la boucle des résidus").click()
    expect(page.get_by_text("Nous cherchons une fonderie.")).to_be_visible()
    _no_horizontal_overflow(page)
    page.get_by_role("link", name="Manifester votre intérêt").click()
    page.get_by_label("Ce que votre organisation peut apporter").fill("Nous refondons 200 t/an.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Votre manifestation d’intérêt a été transmise"
    )
    expect(page.get_by_text("Fonderie Bécancour a répondu à cet appel")).to_be_visible()
    _no_horizontal_overflow(page)

    page.context.clear_cookies()
    _login(page, "lead@example.org")
    page.goto("/en/community/initiatives/boucle-residus/")
    expect(page.get_by_role("heading", name="Expressions of interest")).to_be_visible()
    expect(page.get_by_text("Nous refondons 200 t/an.")).to_be_visible()
    page.get_by_role("link", name="Add an update").click()
    page.get_by_label("What happened").fill("First trial melt done.")
    page.get_by_label("Progress (%)").fill("30")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("progress")).to_have_attribute("value", "30")
    _no_horizontal_overflow(page)


@pytest.mark.parametrize("viewport", SIZES)
def test_group_document_uploaded_then_found_in_the_other_language(
    page: Page,
    viewport: dict[str, int],
    tmp_path,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.MEDIA_ROOT = tmp_path
    page.set_viewport_size(viewport)
    org = Organization.objects.create(name="Anodisation Saguenay", slug="as", region="02")
    member = _user("membre@example.org", "Léa", org)
    group = WorkingGroup.objects.create(
        slug="groupe-essai", name="Groupe d'essai", visibility="group"
    )
    services.group_member_add(group=group, user=member, organization=org)
    upload = tmp_path / "essais.docx"
    upload.write_bytes(_docx("Résultats des essais d'anodisation au Saguenay"))

    _login(page, "membre@example.org")
    page.goto("/fr/communaute/groupes-de-travail/groupe-essai/")
    page.get_by_role("link", name="Ajouter un document").click()
    page.get_by_label("Titre").fill("Rapport d'essais")
    page.get_by_label("Qui peut le lire").select_option("members")
    page.get_by_label("Fichier").set_input_files(str(upload))
    page.get_by_role("button", name="Téléverser").click()
    expect(page.get_by_role("status")).to_contain_text("Le document a été ajouté.")
    expect(page.get_by_role("link", name="essais.docx")).to_be_visible()
    _no_horizontal_overflow(page)

    page.goto("/en/community/documents/")
    page.get_by_label("Words").fill("anodizing")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Rapport d'essais")).to_be_visible()
    _no_horizontal_overflow(page)
