from __future__ import annotations

import pytest

from aluhub.directory import selectors
from aluhub.directory.selectors import DirectoryFilters
from tests.directory.factories import profile
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _slugs(user, q: str = "", **kw: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [v.slug for v in selectors.directory_search(user, DirectoryFilters(q=q, **kw))]


def test_anodisation_and_anodizing_saguenay_return_the_same_organizations() -> None:
    from django.contrib.auth.models import AnonymousUser

    saguenay = profile(OrganizationFactory(region="02"), processes=["anodizing"], city="Saguenay")
    profile(OrganizationFactory(region="06"), processes=["anodizing"], city="Montréal")
    profile(OrganizationFactory(region="02"), processes=["extrusion"], city="Saguenay")
    anon = AnonymousUser()
    fr = _slugs(anon, "anodisation Saguenay")
    en = _slugs(anon, "anodizing Saguenay")
    assert fr == en == [saguenay.organization.slug]


def test_search_never_matches_a_field_the_viewer_may_not_see() -> None:
    from django.contrib.auth.models import AnonymousUser

    p = profile(buys="cryolite secrète", visibility={"buys": "members"})
    profile(buys="other", visibility={"contact_name": "hidden"}, contact_name="Zebulon")
    assert _slugs(AnonymousUser(), "cryolite") == []
    member = MembershipFactory().user
    assert _slugs(member, "cryolite") == [p.organization.slug]
    assert _slugs(member, "Zebulon") == []


def test_facets_count_visible_values_only() -> None:
    profile(OrganizationFactory(region="02"), processes=["mig"], certifications=["iso_9001"])
    profile(
        OrganizationFactory(region="04"),
        processes=["mig", "tig"],
        visibility={"region": "hidden"},
    )
    results = selectors.directory_search(UserFactory(), DirectoryFilters())
    facets = selectors.facet_counts(results)
    assert facets["process"] == {"mig": 2, "tig": 1}
    assert dict(facets["region"]) == {"02": 1}
    assert selectors.region_counts(facets)["04"] == 0
    assert selectors.region_counts(facets)["02"] == 1


def test_facet_filters_and_unlisted_profiles() -> None:
    a = profile(role="recycler", alloys=["6063"])
    profile(role="processor", alloys=["5052"])
    profile(role="recycler", listed=False)
    user = UserFactory()
    assert _slugs(user, role="recycler") == [a.organization.slug]
    assert _slugs(user, alloy="6063") == [a.organization.slug]


def test_own_members_see_hidden_fields_of_their_profile() -> None:
    p = profile(contact_phone="418 555-0100", visibility={"contact_phone": "hidden"})
    owner = MembershipFactory(organization=p.organization).user
    level = selectors.viewer_level(owner, p.organization)
    assert selectors.profile_visible(p, level).fields["contact_phone"] == "418 555-0100"
    staff = UserFactory(role="staff")
    assert (
        "contact_phone"
        not in selectors.profile_visible(p, selectors.viewer_level(staff, p.organization)).fields
    )


def test_profile_save_refuses_w47_division_without_the_certification() -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        profile(w47_division="1", certifications=["iso_9001"])
    assert "w47_division" in exc.value.message_dict


def test_profile_save_refused_to_another_organization() -> None:
    from django.core.exceptions import PermissionDenied

    from aluhub.directory.services import profile_save

    with pytest.raises(PermissionDenied):
        profile_save(organization=OrganizationFactory(), by=UserFactory(), values={"city": "x"})


def test_facet_filters_never_match_a_field_the_viewer_may_not_see() -> None:
    from django.contrib.auth.models import AnonymousUser

    hidden = profile(
        OrganizationFactory(region="02"),
        processes=["anodizing"],
        visibility={"processes": "hidden", "region": "members"},
    )
    anon = AnonymousUser()
    assert _slugs(anon, process="anodizing") == []
    assert _slugs(anon, region="02") == []
    member = MembershipFactory().user
    assert _slugs(member, region="02") == [hidden.organization.slug]
    assert _slugs(member, process="anodizing") == []
    # The organization's own members find it by its hidden fields and count them.
    owner = MembershipFactory(organization=hidden.organization).user
    assert _slugs(owner, process="anodizing") == [hidden.organization.slug]
    counts = selectors.facet_counts(selectors.directory_search(owner, DirectoryFilters()))
    assert counts["process"] == {"anodizing": 1}
    assert (
        selectors.facet_counts(selectors.directory_search(member, DirectoryFilters()))["process"]
        == {}
    )


def test_results_are_sorted_by_folded_name_and_read_by_slices() -> None:
    for name in ["Zinc", "École Alu", "alcan", "Bécancour"]:
        profile(OrganizationFactory(name=name))
    results = selectors.directory_search(UserFactory(), DirectoryFilters())
    assert results.count() == len(results) == 4
    assert [v.name for v in results[0:2]] == ["alcan", "Bécancour"]
    assert [v.name for v in results[2:4]] == ["École Alu", "Zinc"]
    assert [v.name for v in results] == ["alcan", "Bécancour", "École Alu", "Zinc"]


def test_an_organization_change_reaches_the_stored_facets_and_order() -> None:
    from aluhub.accounts.services import organization_update

    p = profile(OrganizationFactory(region="02", name="Alpha", employees=5))
    org = p.organization
    organization_update(organization=org, region="04", name="Omega", employees=250)
    user = UserFactory()
    assert _slugs(user, region="02") == []
    assert _slugs(user, region="04") == [org.slug]
    assert _slugs(user, size="medium") == [org.slug]
    p.refresh_from_db()
    assert p.sort_name == "omega"


def test_the_migration_fills_the_same_columns_as_the_service() -> None:
    import importlib

    from django.apps import apps

    from aluhub.directory.models import DirectoryProfile

    migration = importlib.import_module("aluhub.directory.migrations.0002_profile_facet_columns")
    p = profile(
        OrganizationFactory(region="02", name="Œuvre Él", employees=40),
        role="recycler",
        processes=["mig", "anodizing"],
        alloys=["a356.0", "6061"],
        certifications=["iso_9001"],
        visibility={"processes": "hidden", "alloys": "members"},
    )
    columns = ["facets_public", "facets_members", "facets_all", "sort_name"]
    expected = DirectoryProfile.objects.values(*columns).get(pk=p.pk)
    assert "process:mig" in expected["facets_all"]
    assert "process:mig" not in expected["facets_members"]
    assert "alloy:a356.0" in expected["facets_members"]
    DirectoryProfile.objects.update(**{c: "" for c in columns})
    migration.fill_columns(apps, None)
    assert DirectoryProfile.objects.values(*columns).get(pk=p.pk) == expected
