"""The directory searched through the token index: the same profiles in the same order,
and the same facet counts, as the stored-column rule it replaced, for every viewer."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from aluhub.common import search
from aluhub.common.models import SearchToken
from aluhub.directory import selectors, services
from aluhub.directory.models import Certification, DirectoryProfile, Process, ValueChainRole
from aluhub.directory.selectors import DirectoryFilters
from tests.directory.factories import profile
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

WORDS = ["extrusion", "usinage", "soudage", "anodisation", "machining", "welding",
         "profilés", "remorques", "bateaux", "échangeurs"]  # fmt: skip
ALLOYS = ["6061", "6063", "5052", "A356.0"]
FILTERS = [
    DirectoryFilters(),
    DirectoryFilters(q="extrusion"),
    DirectoryFilters(q="soudage aluminium"),
    DirectoryFilters(q="machining"),
    DirectoryFilters(q="welding", region="02"),
    DirectoryFilters(region="02"),
    DirectoryFilters(alloy="A356.0"),
    DirectoryFilters(alloy="6063", process="extrusion"),
    DirectoryFilters(process="anodizing"),
    DirectoryFilters(certification="iso_9001"),
    DirectoryFilters(role="recycler"),
]


@pytest.fixture
def listing() -> list[DirectoryProfile]:
    rng = random.Random(18)
    profiles = []
    for i in range(24):
        hidden = rng.choice(
            [{}, {"processes": "hidden"}, {"region": "members"}, {"sells": "members"}]
        )
        profiles.append(
            profile(
                OrganizationFactory(
                    name=f"{rng.choice(WORDS)} {i}", region=rng.choice(["02", "04", "06"])
                ),
                visibility=hidden,
                listed=i % 7 != 3,
                role=rng.choice(ValueChainRole.values),
                processes=rng.sample(Process.values, rng.randint(0, 3)),
                alloys=rng.sample(ALLOYS, rng.randint(0, 2)),
                certifications=rng.sample(Certification.values, rng.randint(0, 2)),
                sells=" ".join(rng.sample(WORDS, 3)),
            )
        )
    return profiles


def _old_rule(user: Any, filters: DirectoryFilters) -> tuple[list[str], Counter[str]]:
    """The directory before the index: LIKE on the stored columns, facets counted in Python."""
    level = selectors.viewer_level(user)
    own = set()
    if user.is_authenticated:
        own = {m.organization_id for m in user.memberships.all()}
    qs = DirectoryProfile.objects.filter(listed=True).select_related("organization")
    if filters.q:
        column = "search_members" if level == "members" else "search_public"
        qs = search.filter_queryset(qs, column, filters.q)
    column = "facets_members" if level == "members" else "facets_public"
    for name, (_field, prefix) in selectors.FACETS.items():
        wanted = getattr(filters, name)
        if wanted:
            needle = f" {prefix}:{'_'.join(wanted.casefold().split())} "
            qs = qs.filter(
                (Q(organization_id__in=own) & Q(facets_all__contains=needle))
                | (~Q(organization_id__in=own) & Q(**{f"{column}__contains": needle}))
            )
    qs = qs.order_by("sort_name", "pk")
    counts: Counter[str] = Counter()
    for p in qs:
        counts.update((p.facets_all if p.organization_id in own else getattr(p, column)).split())
    return [p.organization.slug for p in qs], counts


def _viewers(listing: list[DirectoryProfile]) -> list[Any]:
    cluster_member = MembershipFactory(organization=OrganizationFactory(is_cluster_member=True))
    owner = MembershipFactory(organization=listing[0].organization)
    MembershipFactory(user=owner.user, organization=listing[1].organization)
    return [AnonymousUser(), cluster_member.user, owner.user]


def test_every_viewer_finds_the_same_profiles_in_the_same_order_with_the_same_counts(
    listing: list[DirectoryProfile],
) -> None:
    for user in _viewers(listing):
        for filters in FILTERS:
            results = selectors.directory_search(user, filters)
            expected, counts = _old_rule(user, filters)
            assert [v.slug for v in results] == expected, (user, filters)
            assert results.count() == len(expected)
            assert results.facet_token_counts() == counts, (user, filters)


def test_the_filters_above_find_some_profiles_and_not_all(listing: list[DirectoryProfile]) -> None:
    anon = AnonymousUser()
    sizes = [selectors.directory_search(anon, f).count() for f in FILTERS]
    assert sizes[0] == sum(1 for p in listing if p.listed)
    assert all(n < sizes[0] for n in sizes[1:]) and any(n > 0 for n in sizes[1:])


def test_unlisting_and_editing_a_profile_update_its_tokens(listing: list[DirectoryProfile]) -> None:
    anon = AnonymousUser()
    p = next(p for p in listing if p.listed)
    services.profile_save(organization=p.organization, by=None, values={"listed": False})
    assert not SearchToken.objects.filter(object_id=p.pk, kind__startswith="directory.").exists()
    services.profile_save(
        organization=p.organization, by=None, values={"listed": True, "sells": "cryolithe"}
    )
    assert [v.slug for v in selectors.directory_search(anon, DirectoryFilters(q="cryolithe"))] == [
        p.organization.slug
    ]
    # The reindex rebuilds every token from the stored columns.
    SearchToken.objects.filter(kind__startswith="directory.").delete()
    assert not selectors.directory_search(anon, DirectoryFilters(q="cryolithe")).count()
    services.profiles_reindex()
    assert selectors.directory_search(anon, DirectoryFilters(q="cryolithe")).count() == 1
