"""Reads the accounts pages use: what they return and how many queries their pages take."""

from __future__ import annotations

import pytest
from django.test import Client

from aluhub.accounts import selectors
from aluhub.accounts.models import Establishment, MembershipRole
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.queries import queries_of_get

pytestmark = pytest.mark.django_db


def test_profile_organizations_are_the_members_own_and_none_for_staff() -> None:
    membership = MembershipFactory()
    OrganizationFactory()  # someone else's
    assert list(selectors.profile_organizations(membership.user)) == [membership.organization]
    assert list(selectors.profile_organizations(UserFactory(role="staff"))) == []


def test_memberships_of_user_and_of_organization() -> None:
    owner = MembershipFactory()
    member = MembershipFactory(organization=owner.organization, role=MembershipRole.MEMBER)
    assert [m.organization for m in selectors.memberships_of_user(owner.user)] == [
        owner.organization
    ]
    assert {m.user for m in selectors.organization_memberships(owner.organization)} == {
        owner.user,
        member.user,
    }


def test_organization_page_queries_do_not_grow_with_members_and_sites(
    django_assert_max_num_queries,
) -> None:
    owner = MembershipFactory()
    org = owner.organization
    client = Client()
    client.force_login(owner.user)
    url = f"/en/account/organizations/{org.slug}/"
    with_one = queries_of_get(client, url)
    for n in range(5):
        MembershipFactory(organization=org, role=MembershipRole.MEMBER)
        Establishment.objects.create(organization=org, city=f"Saguenay {n}", region="02")
    with django_assert_max_num_queries(with_one):
        body = client.get(url).content.decode()
    # The owner and the five members, each with the role select of the people table.
    assert body.count('<select name="role" id="role-') == 6


def test_organization_list_queries_do_not_grow_with_organizations(
    django_assert_max_num_queries,
) -> None:
    staff = UserFactory(role="staff")
    OrganizationFactory()
    client = Client()
    client.force_login(staff)
    with_one = queries_of_get(client, "/en/account/organizations/")
    for _ in range(5):
        org = OrganizationFactory()
        Establishment.objects.create(organization=org, city="Alma", region="02")
    with django_assert_max_num_queries(with_one):
        body = client.get("/en/account/organizations/").content.decode()
    assert body.count('href="/en/account/organizations/aluminium-test-') == 6
