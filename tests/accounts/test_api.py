"""The people and invitations API of an organization."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from aluhub.accounts import services
from aluhub.accounts.models import Invitation, MembershipRole
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _bearer(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"Authorization": f"Bearer {services.api_token_create(user=user, name='t').secret}"}


@pytest.fixture
def org_people(db):  # type: ignore[no-untyped-def]
    org = OrganizationFactory(slug="profiles-alma", name="Profilés Alma inc.")
    owner = MembershipFactory(organization=org, role=MembershipRole.OWNER).user
    plain = MembershipFactory(organization=org, role=MembershipRole.MEMBER).user
    return org, owner, plain


URL = "/api/v1/accounts/organizations/profiles-alma"


def test_owner_invites_lists_and_revokes_through_the_api(
    org_people, django_capture_on_commit_callbacks
) -> None:
    _org, owner, _plain = org_people
    client = Client(headers=_bearer(owner))
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            f"{URL}/invitations?lang=en",
            {"email": "new@example.org", "role": "owner"},
            content_type="application/json",
        )
    assert created.status_code == 201
    body = created.json()
    assert (body["email"], body["role"], body["invited_by"], body["expired"]) == (
        "new@example.org",
        "owner",
        owner.email,
        False,
    )
    assert "token" not in str(body)
    assert mail.outbox[-1].subject == "Invitation to join Profilés Alma inc. on AluHub"
    listed = client.get(f"{URL}/invitations").json()
    assert [i["email"] for i in listed["items"]] == ["new@example.org"]
    assert client.delete(f"{URL}/invitations/{body['id']}").status_code == 204
    assert Invitation.objects.get().revoked_at is not None
    assert client.get(f"{URL}/invitations").json()["items"] == []
    assert client.delete(f"{URL}/invitations/{body['id']}").json() == {"detail": "Not found."}


def test_api_refusals_are_4xx_with_detail(org_people) -> None:
    _org, owner, plain = org_people
    client = Client(headers={**_bearer(owner), "Accept-Language": "fr"})
    refused = client.post(
        f"{URL}/invitations", {"email": plain.email}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json() == {"detail": {"email": ["Cette personne est déjà membre."]}}
    as_member = Client(headers=_bearer(plain))
    forbidden = as_member.post(
        f"{URL}/invitations", {"email": "x@example.org"}, content_type="application/json"
    )
    assert (forbidden.status_code, forbidden.json()) == (403, {"detail": "Permission denied."})
    assert as_member.get(f"{URL}/invitations").status_code == 403
    stranger = Client(headers=_bearer(UserFactory()))
    assert stranger.get(f"{URL}/members").status_code == 404


def test_members_list_shows_addresses_to_owners_only(org_people) -> None:
    _org, owner, plain = org_people
    as_owner = Client(headers=_bearer(owner)).get(f"{URL}/members").json()["items"]
    as_member = Client(headers=_bearer(plain)).get(f"{URL}/members").json()["items"]
    assert sorted((m["email"], m["role"]) for m in as_owner) == sorted(
        [(owner.email, "owner"), (plain.email, "member")]
    )
    assert [m["email"] for m in as_member] == [None, None]
