"""The directory entry follows its organization on every path that changes the organization:
the organization page (French and English), the service, the admin and the demo seeder.
(No API endpoint and no import command writes organizations.)"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory

from aluhub.accounts.demo import seed_demo as seed_demo_accounts
from aluhub.accounts.models import Organization, Role
from aluhub.accounts.services import organization_update
from aluhub.common import search
from aluhub.directory.models import DirectoryProfile
from tests.admin_pages import admin_post
from tests.directory.factories import profile
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, organization_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lang", "edit", "directory"),
    [
        ("fr", "/fr/compte/organisations/{}/modifier/", "/fr/repertoire/?q={}"),
        ("en", "/en/account/organizations/{}/edit/", "/en/directory/?q={}"),
    ],
)
def test_renaming_on_the_organization_page_updates_the_directory(
    client: Client, lang: str, edit: str, directory: str
) -> None:
    membership = MembershipFactory(role="owner")
    org = membership.organization
    profile(org, processes=["anodizing"])
    client.force_login(membership.user)
    response = client.post(edit.format(org.slug), organization_form(org, name="Zircon Anodisation"))
    assert response.status_code == 302
    listing = client.get(directory.format("zircon")).content.decode()
    assert "Zircon Anodisation" in listing
    assert DirectoryProfile.objects.get(organization=org).sort_name == "zircon anodisation"


def test_a_region_change_through_the_service_moves_the_stored_facets() -> None:
    org = profile(OrganizationFactory(region="02")).organization
    organization_update(organization=org, region="04")
    entry = DirectoryProfile.objects.get(organization=org)
    assert " region:04 " in entry.facets_all
    assert " region:02 " not in entry.facets_all


def test_an_admin_save_updates_the_directory_entry() -> None:
    org = profile(OrganizationFactory(name="Alpha")).organization
    org.name = "Omega"
    request = RequestFactory().post("/admin/")
    request.user = UserFactory(role=Role.STAFF)
    admin.site._registry[Organization].save_model(request, org, None, True)
    entry = DirectoryProfile.objects.get(organization=org)
    assert (entry.sort_name, Organization.objects.get(pk=org.pk).name) == ("omega", "Omega")
    assert "omega" in entry.search_public


def test_the_demo_seeder_restores_a_demo_name_in_the_directory_entry() -> None:
    seed_demo_accounts()
    org = Organization.objects.filter(is_demo=True).order_by("slug").first()
    assert org is not None
    demo_name = org.name
    Organization.objects.filter(pk=org.pk).update(name="Renamed by hand")
    org.refresh_from_db()
    profile(org)
    assert DirectoryProfile.objects.get(organization=org).sort_name == "renamed by hand"
    seed_demo_accounts()
    entry = DirectoryProfile.objects.get(organization=org)
    assert entry.sort_name == search.fold(demo_name)[:200] != "renamed by hand"


def test_renaming_in_the_admin_change_page_updates_the_directory(client: Client) -> None:
    org = profile(OrganizationFactory(name="Alpha")).organization
    client.force_login(UserFactory(role=Role.STAFF, is_superuser=True))
    url = f"/fr/admin/accounts/organization/{org.pk}/change/"
    admin_post(client, url, name="Omega Extrusion")
    entry = DirectoryProfile.objects.get(organization=org)
    assert entry.sort_name == "omega extrusion"
