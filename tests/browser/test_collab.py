"""The collaboration space as people use it: the meeting flow (register, acknowledge the
competition-law reminder, minutes, carried action item) and the directory search, on a desktop
and on a 390 px phone where nothing may overflow horizontally."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from aluhub.accounts.models import Membership, Organization, Role, User
from aluhub.collab import services
from aluhub.collab.models import WorkingGroup
from aluhub.collab.reference import RECYCLING_GROUP_SLUG, load_reference
from aluhub.common.reference import no_progress
from aluhub.directory.services import profile_save

PASSWORD = "lingot-de-fonte-2026"
SIZES = [
    pytest.param({"width": 1280, "height": 900}, id="desktop"),
    pytest.param({"width": 390, "height": 844}, id="phone"),
]


def _user(email: str, first: str, role: str = Role.MEMBER) -> User:
    return User.objects.create_user(
        email=email,
        password=PASSWORD,
        role=role,
        first_name=first,
        email_verified_at=timezone.now(),
    )


def _login(page: Page, email: str) -> None:
    page.goto("/fr/compte/connexion/")
    page.get_by_label("Adresse courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def _no_horizontal_overflow(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    viewport = page.evaluate("() => window.innerWidth")
    assert width <= viewport


@pytest.mark.parametrize("viewport", SIZES)
def test_meeting_flow_from_group_page_to_carried_action_item(
    page: Page, viewport: dict[str, int]
) -> None:
    page.set_viewport_size(viewport)
    load_reference(no_progress)
    group = WorkingGroup.objects.get(slug=RECYCLING_GROUP_SLUG)
    member = _user("membre@example.org", "Julien")
    secretary = _user("secretaire@example.org", "Camille")
    services.group_member_add(group=group, user=member)
    services.group_member_add(group=group, user=secretary, role="secretary")
    start = timezone.now() + timedelta(days=3)
    meeting = services.meeting_create(
        group=group,
        title="Réunion de décembre",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Saguenay",
        agenda=[("Bilan des résidus de production", "decision")],
    )
    services.meeting_create(
        group=group,
        title="Réunion de janvier",
        starts_at=start + timedelta(days=30),
        ends_at=start + timedelta(days=30, hours=2),
        video_url="https://meet.example.org/janvier",
    )

    _login(page, "membre@example.org")
    page.goto("/fr/communaute/groupes-de-travail/")
    page.get_by_role("link", name=re.compile("valorisation et le recyclage")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("valorisation et le recyclage")
    _no_horizontal_overflow(page)
    page.get_by_role("link", name="Réunion de décembre").click()
    page.get_by_role("button", name="M’inscrire à cette réunion").click()
    expect(page.get_by_role("status")).to_contain_text("Vous êtes inscrit à cette réunion.")
    expect(page.get_by_text("Bilan des résidus de production")).to_have_count(0)
    page.get_by_label("J’ai lu ce rappel et je m’y conformerai.").check()
    page.get_by_role("button", name="Confirmer et ouvrir l’ordre du jour").click()
    expect(page.get_by_text("Bilan des résidus de production")).to_be_visible()
    _no_horizontal_overflow(page)

    page.context.clear_cookies()
    _login(page, "secretaire@example.org")
    page.goto(f"/fr/communaute/reunions/{meeting.pk}/compte-rendu/")
    page.get_by_label("Julien").check()
    page.get_by_role("button", name="Enregistrer les présences").click()
    page.locator("#id_text").fill("Adopter le plan de tri des résidus")
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_role("status")).to_contain_text("Décision nº 1 enregistrée.")
    page.locator("#id_title").fill("Rédiger la fiche de tri")
    page.get_by_label("Responsable").select_option(label=member.get_full_name())
    page.get_by_label("Échéance").fill((timezone.localdate() + timedelta(days=20)).isoformat())
    page.get_by_role("button", name="Ajouter l’action").click()
    page.get_by_label("Résumé des échanges").fill("Le groupe a adopté le plan.")
    page.get_by_role("button", name="Publier le compte rendu au groupe").click()
    _no_horizontal_overflow(page)

    page.context.clear_cookies()
    _login(page, "membre@example.org")
    page.goto(f"/fr/communaute/reunions/{meeting.pk}/")
    expect(page.get_by_text("Adopter le plan de tri des résidus")).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("Rédiger la fiche de tri"))).to_be_visible()
    page.get_by_role("link", name=re.compile("valorisation et le recyclage")).first.click()
    page.get_by_role("link", name="Réunion de janvier").click()
    page.get_by_label("J’ai lu ce rappel et je m’y conformerai.").check()
    page.get_by_role("button", name="Confirmer et ouvrir l’ordre du jour").click()
    expect(page.get_by_text("Suivi des actions ouvertes")).to_be_visible()
    expect(page.get_by_text(re.compile("Rédiger la fiche de tri"))).to_be_visible()
    _no_horizontal_overflow(page)


def _open_filters(page: Page) -> None:
    """On a phone the filter panel ships folded ("Filtres (0)"): open it before typing."""
    panel = page.locator("details.filter-panel")
    if panel.get_attribute("open") is None:
        panel.locator("> summary").click()


@pytest.mark.parametrize("viewport", SIZES)
def test_directory_search_in_both_languages(page: Page, viewport: dict[str, int]) -> None:
    page.set_viewport_size(viewport)
    org = Organization.objects.create(
        name="Anodisation Saguenay inc.",
        slug="anodisation-saguenay",
        region="02",
        is_cluster_member=True,
    )
    other = Organization.objects.create(
        name="Extrusions Montréal", slug="extrusions-mtl", region="06"
    )
    profile_save(organization=org, by=None, values={"processes": ["anodizing"], "city": "Saguenay"})
    profile_save(
        organization=other, by=None, values={"processes": ["extrusion"], "city": "Montréal"}
    )
    member = _user("membre2@example.org", "Léa")
    Membership.objects.create(user=member, organization=org, role="owner")

    page.goto("/fr/repertoire/")
    _open_filters(page)
    page.get_by_label("Mots").fill("anodisation Saguenay")
    page.get_by_role("button", name="Chercher").click()
    expect(page.get_by_role("heading", name="1 organisation")).to_be_visible()
    expect(page.get_by_role("link", name="Anodisation Saguenay inc.")).to_be_visible()
    _no_horizontal_overflow(page)

    page.goto("/en/directory/")
    _open_filters(page)
    page.get_by_label("Words").fill("anodizing Saguenay")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 organization")).to_be_visible()
    expect(page.get_by_role("link", name="Anodisation Saguenay inc.")).to_be_visible()
    expect(page.get_by_role("link", name="Extrusions Montréal")).to_have_count(0)
    _no_horizontal_overflow(page)
