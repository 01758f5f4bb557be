"""Staff notice of new requests, and the requester's identity withheld from the expert of a
confidential request until staff share it (services, pages, API, emails)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.accounts.models import Organization, Role, User
from aluhub.innovation import selectors, services
from aluhub.innovation.models import Status, TechnicalRequest
from tests.factories import OrganizationFactory, UserFactory
from tests.innovation.factories import ExpertFactory, RequestFactory, member_of

pytestmark = pytest.mark.django_db

ORG_NAME = "Fonderie Secrète du Saguenay"
Capture = Callable[..., Any]


def _file(user: User, org: Organization, *, confidential: bool = True) -> TechnicalRequest:
    return services.request_create(
        user=user,
        organization=org,
        title="Porosité des cordons",
        category="joining_welding",
        description="Détails confidentiels du procédé XYZ-42.",
        confidential=confidential,
    )


def _assigned(*, confidential: bool = True) -> tuple[TechnicalRequest, User, User]:
    """An assigned request; returns it, the requester and the expert's user."""
    org = OrganizationFactory(name=ORG_NAME)
    requester = member_of(org, first_name="Josée", last_name="Tremblay", email="josee@fonderie.ca")
    expert = ExpertFactory(user=UserFactory(role=Role.EXPERT, first_name="Marc"))
    tech = RequestFactory(
        organization=org,
        requester=requester,
        confidential=confidential,
        status=Status.ASSIGNED,
        expert=expert,
    )
    return tech, requester, expert.user


# --- 1. Staff are told of each new request ---------------------------------------------------
def test_request_create_emails_each_active_staff_in_their_language(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    fr_staff = UserFactory(role=Role.STAFF, email="fr@cluster.ca", preferred_language="fr")
    en_staff = UserFactory(role=Role.STAFF, email="en@cluster.ca", preferred_language="en")
    UserFactory(role=Role.STAFF, email="gone@cluster.ca", is_active=False)
    UserFactory(role=Role.EXPERT, email="expert@cluster.ca")
    org = OrganizationFactory(name=ORG_NAME)
    requester = member_of(org)
    with django_capture_on_commit_callbacks(execute=True):
        tech = _file(requester, org)
    by_to = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_to) == sorted([fr_staff.email, en_staff.email])
    fr, en = by_to[fr_staff.email], by_to[en_staff.email]
    assert en.subject == "New technical request to triage"
    assert fr.subject == "Nouvelle demande technique à trier"
    assert "Porosité des cordons" in en.body
    assert "Joining and welding" in en.body
    with translation.override("en"):
        en_link = reverse("innovation:request_detail", args=[tech.pk])
    with translation.override("fr"):
        fr_link = reverse("innovation:request_detail", args=[tech.pk])
    assert en_link != fr_link
    assert en_link in en.body
    assert fr_link in fr.body
    # The title only: neither the description nor who asks leaves the platform.
    for message in (fr, en):
        assert "XYZ-42" not in message.body
        assert ORG_NAME not in message.body


def test_request_create_without_staff_sends_nothing(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    org = OrganizationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        _file(member_of(org), org)
    assert mail.outbox == []


def test_request_create_through_the_page_notifies_staff(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    staff = UserFactory(role=Role.STAFF)
    org = OrganizationFactory()
    client = Client()
    client.force_login(member_of(org))
    data = {
        "organization": org.pk,
        "title": "Usinage 6061",
        "category": "casting",
        "description": "Bavures.",
        "keywords": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("innovation:request_new"), data)
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[staff.email]]


# --- 2. The identity of a confidential request --------------------------------------------
def test_identity_visible_by_party_and_flag() -> None:
    tech, requester, expert_user = _assigned()
    staff = UserFactory(role=Role.STAFF)
    colleague = member_of(tech.organization)
    outsider = member_of(OrganizationFactory())
    seen = {
        name: selectors.identity_visible(u, tech)
        for name, u in [
            ("staff", staff),
            ("requester", requester),
            ("colleague", colleague),
            ("expert", expert_user),
            ("outsider", outsider),
        ]
    }
    assert seen == {
        "staff": True,
        "requester": True,
        "colleague": True,
        "expert": False,
        "outsider": False,
    }
    services.request_identity_share(request=tech, user=staff)
    tech.refresh_from_db()
    assert tech.identity_shared is True
    assert selectors.identity_visible(expert_user, tech) is True
    assert selectors.identity_visible(outsider, tech) is False


def test_identity_visible_to_expert_when_not_confidential() -> None:
    tech, _requester, expert_user = _assigned(confidential=False)
    assert selectors.identity_visible(expert_user, tech) is True


@pytest.mark.parametrize("who", ["requester", "expert"])
def test_identity_share_is_staff_only(who: str) -> None:
    tech, requester, expert_user = _assigned()
    user = requester if who == "requester" else expert_user
    with pytest.raises(PermissionDenied):
        services.request_identity_share(request=tech, user=user)
    tech.refresh_from_db()
    assert tech.identity_shared is False


def test_identity_share_emails_the_expert_with_the_organization(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    tech, _requester, expert_user = _assigned()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_identity_share(request=tech, user=UserFactory(role=Role.STAFF))
    assert [m.to for m in mail.outbox] == [[expert_user.email]]
    assert ORG_NAME in mail.outbox[0].body


def test_assigned_email_hides_the_organization_until_shared(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    staff = UserFactory(role=Role.STAFF)
    for shared in (False, True):
        mail.outbox = []
        org = OrganizationFactory(name=f"{ORG_NAME} {shared}")
        tech = RequestFactory(organization=org, confidential=True, identity_shared=shared)
        expert = ExpertFactory()
        with django_capture_on_commit_callbacks(execute=True):
            services.request_assign(request=tech, user=staff, expert=expert)
        assert [m.to for m in mail.outbox] == [[expert.user.email]]
        assert (org.name in mail.outbox[0].body) is shared


def test_thread_hides_the_requester_side_from_the_expert_only() -> None:
    tech, requester, expert_user = _assigned()
    services.message_post(request=tech, user=requester, body="Question")
    services.message_post(request=tech, user=expert_user, body="Réponse")
    with translation.override("en"):
        for_expert = [e.author for e in selectors.thread_for_user(expert_user, tech)]
        for_requester = [e.author for e in selectors.thread_for_user(requester, tech)]
    assert for_expert == ["Requesting organization", expert_user.get_full_name()]
    assert for_requester == [requester.get_full_name(), expert_user.get_full_name()]


def _page(user: User, tech: TechnicalRequest) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("innovation:request_detail", args=[tech.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_detail_page_withholds_identity_from_expert_until_shared() -> None:
    tech, requester, expert_user = _assigned()
    services.message_post(request=tech, user=requester, body="Question")
    page = _page(expert_user, tech)
    for secret in (ORG_NAME, "Tremblay", "josee@fonderie.ca"):
        assert secret not in page
    staff = UserFactory(role=Role.STAFF)
    staff_page = _page(staff, tech)
    assert ORG_NAME in staff_page
    assert reverse("innovation:request_identity", args=[tech.pk]) in staff_page
    requester_page = _page(requester, tech)
    assert ORG_NAME in requester_page
    assert "Tremblay" in requester_page
    services.request_identity_share(request=tech, user=staff)
    shared = _page(expert_user, tech)
    assert ORG_NAME in shared
    assert "Tremblay" in shared


def test_list_page_withholds_the_organization_from_the_expert() -> None:
    tech, requester, expert_user = _assigned()
    client = Client()
    client.force_login(expert_user)
    page = client.get(reverse("innovation:request_list")).content.decode()
    assert tech.title in page
    assert ORG_NAME not in page
    client.force_login(requester)
    assert ORG_NAME in client.get(reverse("innovation:request_list")).content.decode()


def test_identity_view_shares_for_staff_and_refuses_the_expert() -> None:
    tech, _requester, expert_user = _assigned()
    url = reverse("innovation:request_identity", args=[tech.pk])
    client = Client()
    client.force_login(expert_user)
    assert client.post(url).status_code == 403
    tech.refresh_from_db()
    assert tech.identity_shared is False
    client.force_login(UserFactory(role=Role.STAFF))
    assert client.post(url).status_code == 302
    tech.refresh_from_db()
    assert tech.identity_shared is True


def test_api_withholds_identity_from_expert_until_shared() -> None:
    tech, requester, expert_user = _assigned()
    services.message_post(request=tech, user=requester, body="Question")
    client = Client()
    client.force_login(expert_user)
    detail = client.get(f"/api/v1/innovation/requests/{tech.pk}").json()
    assert detail["organization"] is None
    assert detail["identity_hidden"] is True
    assert "Tremblay" not in str(detail)
    listing = client.get("/api/v1/innovation/requests").json()
    assert [(r["id"], r["organization"]) for r in listing["items"]] == [(tech.pk, None)]
    client.force_login(requester)
    mine = client.get(f"/api/v1/innovation/requests/{tech.pk}").json()
    assert (mine["organization"], mine["identity_hidden"]) == (ORG_NAME, False)
    services.request_identity_share(request=tech, user=UserFactory(role=Role.STAFF))
    client.force_login(expert_user)
    shared = client.get(f"/api/v1/innovation/requests/{tech.pk}").json()
    assert (shared["organization"], shared["identity_hidden"]) == (ORG_NAME, False)
    assert shared["messages"][0]["author"] == requester.get_full_name()


def test_reassigned_request_withholds_the_identity_from_the_new_expert(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    # Staff shared who asks with the first expert, not with whoever takes the request next.
    tech, _requester, first = _assigned()
    staff = UserFactory(role=Role.STAFF)
    services.request_identity_share(request=tech, user=staff)
    second = ExpertFactory()
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        services.request_assign(request=tech, user=staff, expert=second)
    tech.refresh_from_db()
    assert tech.identity_shared is False
    assert selectors.identity_visible(second.user, tech) is False
    assert [m.to for m in mail.outbox] == [[second.user.email]]
    assert ORG_NAME not in mail.outbox[0].body
    # Assigned again to the same expert, the shared identity stays shared.
    services.request_identity_share(request=tech, user=staff)
    services.request_assign(request=tech, user=staff, expert=second)
    tech.refresh_from_db()
    assert tech.identity_shared is True


def test_a_closed_request_offers_staff_neither_the_identity_share_nor_experts(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    """Closed, a confidential request no longer shows staff « Share the requester's
    identity » nor « Experts suggérés », and the share is refused (the expert is not told)."""
    tech, _requester, _expert_user = _assigned()
    staff = UserFactory(role=Role.STAFF)
    services.request_close(request=tech, user=staff)
    page = _page(staff, tech)
    url = reverse("innovation:request_identity", args=[tech.pk])
    assert url not in page and "Experts suggérés" not in page
    client = Client()
    client.force_login(staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "Cette demande est fermée." in response.content.decode()
    tech.refresh_from_db()
    assert tech.identity_shared is False and mail.outbox == []
