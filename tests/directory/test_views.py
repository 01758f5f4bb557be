from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.directory.factories import profile
from tests.factories import MembershipFactory, OrganizationFactory
from tests.french_text import blank_choices

pytestmark = pytest.mark.django_db


def test_directory_page_in_both_languages_with_map_counts(client: Client) -> None:
    profile(OrganizationFactory(name="Anodisation Nord", region="02"), processes=["anodizing"])
    fr = client.get("/fr/repertoire/?q=anodisation").content.decode()
    en = client.get("/en/directory/?q=anodizing").content.decode()
    assert "Anodisation Nord" in fr and "Anodisation Nord" in en
    # Each tile's name agrees with its count (French: 0 and 1 take the singular).
    assert "02 Saguenay–Lac-Saint-Jean\u00a0: 1 organisation</title>" in fr
    assert "04 Mauricie\u00a0: 0 organisation</title>" in fr
    assert "02 Saguenay–Lac-Saint-Jean: 1 organization</title>" in en
    assert "04 Mauricie: 0 organizations</title>" in en
    assert "<svg" in en and "Anodizing (1)" in en


def test_member_edits_own_profile_with_visibility(client: Client) -> None:
    membership = MembershipFactory(role="member")
    org = membership.organization
    client.force_login(membership.user)
    data = {
        "listed": "on",
        "role": "processor",
        "processes": ["anodizing", "machining"],
        "alloys": "6061, 6063",
        "certifications": ["csa_w47_2"],
        "w47_division": "2",
        "city": "Saguenay",
        "contact_phone": "418 555-0199",
    }
    data.update(
        {
            f"vis_{name}": "public"
            for name in (
                "role",
                "naics_codes",
                "processes",
                "alloys",
                "capacities",
                "capacity_tonnes",
                "certifications",
                "w47_division",
                "region",
                "city",
                "size_class",
                "buys",
                "sells",
                "contact_name",
                "contact_email",
            )
        }
    )
    data["vis_contact_phone"] = "hidden"
    response = client.post(f"/en/directory/{org.slug}/edit/", data)
    assert response.status_code == 302
    mine = client.get(f"/en/directory/{org.slug}/").content.decode()
    assert "418 555-0199" in mine and "Division 2" in mine and "% complete" in mine
    other = Client()
    assert "418 555-0199" not in other.get(f"/en/directory/{org.slug}/").content.decode()


def test_profile_form_shows_field_errors(client: Client) -> None:
    membership = MembershipFactory()
    client.force_login(membership.user)
    response = client.post(
        f"/en/directory/{membership.organization.slug}/edit/",
        {"w47_division": "1", "contact_email": "nope"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address." in body


def test_find_suppliers_ranks_with_reasons(client: Client) -> None:
    profile(
        OrganizationFactory(name="Soudure Alma", region="02"),
        processes=["mig"],
        certifications=["csa_w47_2"],
    )
    profile(OrganizationFactory(name="Soudure Laval", region="13"), processes=["mig"])
    body = client.get(
        "/en/directory/find-suppliers/?process=mig&certification=csa_w47_2&region=02"
    ).content.decode()
    assert body.index("Soudure Alma") < body.index("Soudure Laval")
    assert "holds the requested certification" in body
    assert (
        "Describe at least one part of your need."
        in client.get("/en/directory/find-suppliers/?process=").content.decode()
    )


def test_export_xlsx_is_a_workbook(client: Client) -> None:
    profile(city="Saguenay")
    response = client.get("/en/directory/export.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get("/en/directory/export.pdf").status_code == 404


def test_directory_page_is_paginated_and_counts_every_match(client: Client) -> None:
    for i in range(23):
        profile(
            OrganizationFactory(name=f"Extrudeur {i:02d}", region="02"), processes=["extrusion"]
        )
    first = client.get("/fr/repertoire/?process=extrusion").content.decode()
    assert "23 organisations" in first
    assert "Extrudeur 00" in first and "Extrudeur 19" in first and "Extrudeur 20" not in first
    assert "Page 1 sur 2" in first and "Extrusion (23)" in first
    second = client.get("/en/directory/?process=extrusion&page=2").content.decode()
    assert "Extrudeur 20" in second and "Extrudeur 22" in second
    assert "Extrudeur 19" not in second and "Page 2 of 2" in second
    # The map links keep the filters but not the page number.
    assert "page=2&amp;region" not in second and "process=extrusion" in second


def test_french_directory_says_its_own_words(client: Client) -> None:
    """The filters' "All" agrees with each noun ("Rôle : Tous", "Région : Toutes"; the admin's
    "Tout" answered for all of them), the button says "Rechercher" and the owner's link
    "Modifier la fiche" (funding's "Modifier le profil" answered)."""
    membership = MembershipFactory(role="member")
    profile(membership.organization)
    client.force_login(membership.user)
    html = client.get("/fr/repertoire/").content.decode()
    assert blank_choices(html) == {
        "role": "Tous",
        "process": "Tous",
        "certification": "Toutes",
        "region": "Toutes",
        "size": "Toutes",
    }
    assert ">Rechercher</button>" in html
    detail = client.get(f"/fr/repertoire/{membership.organization.slug}/").content.decode()
    assert "Modifier la fiche</a>" in detail


@pytest.mark.one_database
def test_the_yearly_capacity_is_grouped_in_the_pages_language(client: Client) -> None:
    org = OrganizationFactory(slug="alumax-lsj")
    profile(org, visibility={"capacity_tonnes": "public"}, capacity_tonnes=12500)
    fr = client.get("/fr/repertoire/alumax-lsj/").content.decode()
    en = client.get("/en/directory/alumax-lsj/").content.decode()
    assert "<dd>12\u00a0500</dd>" in fr
    assert "<dd>12,500</dd>" in en


@pytest.mark.one_database
def test_the_profile_editor_names_the_organization_without_a_missing_elision(
    client: Client,
) -> None:
    membership = MembershipFactory(organization=OrganizationFactory(name="Alumax Lac-Saint-Jean"))
    client.force_login(membership.user)
    page = client.get(f"/fr/repertoire/{membership.organization.slug}/modifier/").content.decode()
    assert "Fiche du répertoire de l’organisation Alumax Lac-Saint-Jean" in page


@pytest.mark.one_database
def test_the_profiles_completeness_is_written_in_the_pages_language(client: Client) -> None:
    membership = MembershipFactory()
    org = membership.organization
    profile(org, city="Alma")
    client.force_login(membership.user)
    fr = client.get(f"/fr/repertoire/{org.slug}/").content.decode()
    en = client.get(f"/en/directory/{org.slug}/").content.decode()
    percent = re.search(r"Your profile is (\d+)% complete</h2>", en)
    assert percent is not None
    assert f"Votre fiche est remplie à {percent.group(1)}\u00a0%</h2>" in fr


@pytest.mark.parametrize("bad", ["role=bogus", "region=99", "q=" + "x" * 201])
def test_an_invalid_filter_shows_its_error_and_no_organization(client: Client, bad: str) -> None:
    """Not the whole directory under the error: the API answers none for such a filter."""
    profile(OrganizationFactory(name="Anodisation Nord", region="02"))
    page = client.get(f"/en/directory/?{bad}").content.decode()
    assert "errorlist" in page or 'aria-invalid="true"' in page
    assert "Anodisation Nord" not in page and "0 organizations" in page
    csv = client.get(f"/en/directory/export.csv?{bad}").content.decode()
    assert "Anodisation Nord" not in csv
    api = client.get(f"/api/v1/community/directory?{bad}")
    assert api.status_code == 422 or api.json()["count"] == 0


@pytest.mark.one_database
def test_staff_get_the_edit_link_on_any_profile(client: Client) -> None:
    """Staff may edit any profile (the editor answers them 200): its page links to it; a
    member of another organization gets no such link."""
    from tests.factories import UserFactory

    listed = profile(OrganizationFactory(name="Anodisation Nord", region="02"))
    edit = reverse("directory:edit", args=[listed.organization.slug])
    client.force_login(UserFactory(role="staff"))
    page = client.get(reverse("directory:detail", args=[listed.organization.slug])).content.decode()
    assert f'href="{edit}"' in page and client.get(edit).status_code == 200
    client.force_login(MembershipFactory().user)
    page = client.get(reverse("directory:detail", args=[listed.organization.slug])).content.decode()
    assert f'href="{edit}"' not in page
