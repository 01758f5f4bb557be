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
    assert selectors.region_counts(results)["04"] == 0


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
