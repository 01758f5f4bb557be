"""The dashboard: each role's first page after login, in French and in English."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from aluhub.accounts.models import Role
from aluhub.accounts.services import role_request_create
from aluhub.challenge.models import Conflict, Score
from aluhub.common.reference import no_progress
from aluhub.workforce.reference import load_reference as load_workforce
from tests.challenge.factories import (
    ApplicationFactory,
    CriterionFactory,
    JurorAssignmentFactory,
    TeamFactory,
)
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.funding.factories import make_program
from tests.funding_plans.factories import make_application
from tests.innovation.factories import ExpertFactory, RequestFactory
from tests.workforce.conftest import post_job

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"

# Block titles each role sees, French then English.
TITLES = {
    Role.MEMBER: (
        [
            "Mes programmes et demandes",
            "Mes plans de financement",
            "Mes alertes de financement",
            "Mes annonces et correspondances",
            "Mes demandes d’expertise",
            "Ma maturité numérique",
        ],
        [
            "My programs and applications",
            "My financing plans",
            "My funding alerts",
            "My listings and matches",
            "My expert requests",
            "My digital maturity",
        ],
    ),
    Role.STUDENT: (
        ["Défi Structure-Al", "Stages et emplois d’été"],
        ["Structure-Al Challenge", "Internships and summer jobs"],
    ),
    Role.TEACHER: (
        [
            "Nouveautés de la bibliothèque",
            "Mes trousses de cours",
            "Mon établissement au Défi Structure-Al",
        ],
        ["New in the library", "My course packs", "My students in the Structure-Al Challenge"],
    ),
    Role.JURY: (["Équipes à évaluer"], ["Teams to score"]),
    Role.EXPERT: (["Demandes qui me sont confiées"], ["Requests assigned to me"]),
    Role.PARTNER: (["Mes propositions de programmes"], ["My program proposals"]),
    Role.STAFF: (["Files d’attente"], ["Queues"]),
}


def _titles(html: str) -> list[str]:
    return re.findall(r'<h2 id="block-[a-z_]+-title">([^<]+)</h2>', html)


@pytest.mark.parametrize("role", list(TITLES))
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_login_lands_on_the_role_dashboard(role: str, lang: str) -> None:
    user = UserFactory(role=role, email=f"{role}-{lang}@example.org")
    client = Client()
    login = "/fr/compte/connexion/" if lang == "fr" else "/en/account/login/"
    response = client.post(login, {"username": user.email, "password": PASSWORD})
    home = "/fr/tableau-de-bord/" if lang == "fr" else "/en/dashboard/"
    assert (response.status_code, response["Location"]) == (302, home)
    html = client.get(home).content.decode()
    fr, en = TITLES[role]
    expected = fr if lang == "fr" else en
    titles = [t.replace("&#x27;", "'") for t in _titles(html)]
    assert titles[: len(expected)] == expected
    # Every role also sees the news; no role sees another role's blocks.
    assert titles[-1] == ("Actualités" if lang == "fr" else "News")
    others = {t for r, (f, e) in TITLES.items() if r != role for t in (f if lang == "fr" else e)}
    assert others.isdisjoint(titles)


def test_member_without_organization_is_told_to_register_one(client: Client) -> None:
    client.force_login(UserFactory(role=Role.MEMBER))
    html = client.get("/fr/tableau-de-bord/").content.decode()
    assert html.count("Inscrivez votre organisation") >= 5
    # Each of those blocks links to the page that registers one (it was a dead end).
    assert html.count(
        '<a href="/fr/compte/organisations/nouvelle/">Inscrire une organisation</a>'
    ) == html.count("Inscrivez votre organisation")


def test_member_sees_application_with_next_step_and_deadline(client: Client) -> None:
    org = OrganizationFactory()
    user = UserFactory(role=Role.MEMBER)
    MembershipFactory(user=user, organization=org)
    program = make_program("aide-test")
    deadline = timezone.localdate() + dt.timedelta(days=7)
    make_application(org, program, stage="interested", deadline=deadline)
    make_application(org, make_program("aide-deux"), stage="submitted")
    make_application(org, make_program("aide-payee"), stage="paid")
    client.force_login(user)
    html = client.get("/en/dashboard/").content.decode()
    block = html.split('id="block-applications"')[1].split("</section>")[0]
    assert "prepare and submit before" in block
    assert "badge-warn" in block  # due within two weeks
    assert "waiting for the funder&#x27;s decision" in block
    assert block.count("<li>") == 2  # the paid one is done
    assert "No program followed yet" not in block


def test_an_application_without_a_known_deadline_says_so_in_words(client: Client) -> None:
    org = OrganizationFactory()
    user = UserFactory(role=Role.MEMBER)
    MembershipFactory(user=user, organization=org)
    make_application(org, make_program("aide-test"), stage="interested", deadline=None)
    client.force_login(user)
    for path, words in (
        ("/fr/tableau-de-bord/", "préparer et déposer (échéance inconnue)"),
        ("/en/dashboard/", "prepare and submit (deadline unknown)"),
    ):
        block = client.get(path).content.decode().split('id="block-applications"')[1]
        assert words in block.split("</section>")[0]
        assert "avant le date" not in block and "before date" not in block


def test_jury_sees_each_team_with_its_status(client: Client) -> None:
    juror = UserFactory(role=Role.JURY)
    assignment = JurorAssignmentFactory(juror=juror, edition__teams_published=True)
    edition = assignment.edition
    criterion = CriterionFactory(edition=edition)
    to_score = TeamFactory(edition=edition, name="Équipe 1")
    scored = TeamFactory(edition=edition, name="Équipe 2")
    conflicted = TeamFactory(edition=edition, name="Équipe 3")
    Score.objects.create(juror=juror, team=scored, criterion=criterion, value=Decimal("7"))
    Conflict.objects.create(juror=juror, team=conflicted)
    client.force_login(juror)
    html = client.get("/fr/tableau-de-bord/").content.decode()
    block = html.split('id="block-jury"')[1].split("</section>")[0]
    rows = re.findall(r"<li>(.*?)</li>", block, re.S)
    statuses = {
        name: re.search(r'dashboard-detail[^"]*">([^<]+)<', row).group(1)  # type: ignore[union-attr]
        for row in rows
        for name in ["Équipe 1", "Équipe 2", "Équipe 3"]
        if name in row
    }
    assert statuses == {
        "Équipe 1": "à évaluer",
        "Équipe 2": "évaluée",
        "Équipe 3": "conflit déclaré",
    }
    assert f"/equipes/{to_score.pk}/" in block


def test_expert_sees_assigned_request_with_business_days(client: Client) -> None:
    expert = ExpertFactory()
    request = RequestFactory(expert=expert, status="assigned", title="Fissures de coulée")
    client.force_login(expert.user)
    html = client.get("/en/dashboard/").content.decode()
    block = html.split('id="block-expert"')[1].split("</section>")[0]
    assert "Fissures de coulée" in block
    assert "no answer yet" in block
    assert f"/requests/{request.pk}/" in block


def test_student_sees_application_status(client: Client) -> None:
    application = ApplicationFactory()
    client.force_login(application.student)
    html = client.get("/fr/tableau-de-bord/").content.decode()
    block = html.split('id="block-challenge"')[1].split("</section>")[0]
    assert f"Édition {application.edition.year}" in block
    assert application.get_status_display() in block


def test_student_who_applied_to_the_open_edition_is_offered_their_application(
    client: Client,
) -> None:
    """The block offered « Poser ma candidature » (and « Les candidatures … ferment ») to a
    student who had applied: the form is refused to them; the action opens the application."""
    application = ApplicationFactory(status="submitted")
    client.force_login(application.student)
    html = client.get("/fr/tableau-de-bord/").content.decode()
    block = html.split('id="block-challenge"')[1].split("</section>")[0]
    with translation.override("fr"):
        mine = reverse("challenge:application", args=[application.pk])
        form = reverse("challenge:apply", args=[application.edition.year])
    assert f'href="{mine}"' in block
    assert "Voir ma candidature" in block
    assert "Poser ma candidature" not in block and form not in block
    english = client.get("/en/dashboard/").content.decode()
    assert "See my application" in english.split('id="block-challenge"')[1]


def test_student_sees_open_internships_and_summer_jobs_but_not_permanent_jobs(
    client: Client,
) -> None:
    load_workforce(no_progress)
    owner = UserFactory(role=Role.MEMBER)
    organization = OrganizationFactory(name="Profilés Saguenay inc.")
    MembershipFactory(user=owner, organization=organization)
    post_job(owner, organization, title="Stagiaire en soudage", kind="internship")
    post_job(owner, organization, title="Emploi d'été en fonderie", kind="summer", city="Alma")
    post_job(owner, organization, title="Opérateur de presse", kind="permanent")
    client.force_login(UserFactory(role=Role.STUDENT))

    html = client.get("/en/dashboard/").content.decode()
    block = html.split('id="block-jobs"')[1].split("</section>")[0]
    assert "Stagiaire en soudage" in block
    assert "Emploi d&#x27;été en fonderie" in block
    assert "Opérateur de presse" not in block
    assert "Profilés Saguenay inc., Alma: apply by" in block
    assert 'href="/en/workforce/jobs/"' in block


def test_member_without_organization_gets_no_action_that_needs_one(client: Client) -> None:
    client.force_login(UserFactory(role=Role.MEMBER))
    html = client.get("/en/dashboard/").content.decode()
    for name in ("New plan", "Post a listing", "New request", "Assess my organization"):
        assert name not in html


def test_staff_queue_counts_only_non_empty_queues(client: Client) -> None:
    staff = UserFactory(role=Role.STAFF)
    role_request_create(user=UserFactory(), role=Role.EXPERT, reason="Soudage FSW.")
    client.force_login(staff)
    html = client.get("/en/dashboard/").content.decode()
    block = html.split('id="block-staff"')[1].split("</section>")[0]
    assert "Role requests to decide" in block
    assert "Library error reports" not in block


def test_organization_owner_sees_members_role_requests(client: Client) -> None:
    org = OrganizationFactory()
    owner, member = UserFactory(), UserFactory()
    MembershipFactory(user=owner, organization=org, role="owner")
    MembershipFactory(user=member, organization=org, role="member")
    role_request_create(user=member, role=Role.TEACHER, reason="Cégep de Jonquière.")
    client.force_login(owner)
    html = client.get("/fr/tableau-de-bord/").content.decode()
    block = html.split('id="block-role_requests"')[1].split("</section>")[0]
    assert member.get_full_name() in block
    assert "Enseignant" in block


def test_exchange_block_lists_requests_to_answer_behind_many_sent_and_no_matches_when_closed(
    client: Client,
) -> None:
    from aluhub.circular.models import ContactRequest, Match
    from tests.circular.factories import ListingFactory

    org = OrganizationFactory()
    user = UserFactory(role=Role.MEMBER)
    MembershipFactory(user=user, organization=org)
    own_offer = ListingFactory(organization=org, title="Copeaux 6063 à céder")
    ContactRequest.objects.create(offer=own_offer, buyer_organization=OrganizationFactory())
    # Six requests the organization sent as a buyer, newer than the one it must answer.
    for n in range(6):
        ContactRequest.objects.create(
            offer=ListingFactory(title=f"Lot d’un autre {n}"), buyer_organization=org
        )
    closed = ListingFactory(
        organization=org, title="Lingots vendus", status="closed", closed_at=timezone.now()
    )
    Match.objects.create(
        offer=closed,
        request=ListingFactory(kind="request", title="Demande ouverte"),
        score=0.9,
        grade_level="exact",
    )
    client.force_login(user)
    html = client.get("/fr/tableau-de-bord/").content.decode()
    block = html.split('id="block-exchange"')[1].split("</section>")[0]
    assert "Prise de contact sur Copeaux 6063 à céder" in block
    assert "Lot d’un autre" not in block
    assert "Lingots vendus" in block
    assert not re.search(r"· \d+ correspondance", block)
