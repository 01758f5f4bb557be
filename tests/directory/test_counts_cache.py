"""The directory's total and facet counts are kept in Django's cache under the directory's
version: an identical search is counted once, and no edit (profile service, organization
service, admin re-index, deletion) ever leaves an old count on the page or in the API."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aluhub.accounts.models import Role
from aluhub.accounts.services import organization_update
from aluhub.directory import counting, selectors, services
from aluhub.directory.models import FIELDS
from aluhub.directory.selectors import DirectoryFilters
from tests.directory.factories import profile
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _counted(user: object, filters: DirectoryFilters) -> tuple[int, dict[str, int], int]:
    """Total, facet token counts and the number of queries a fresh search ran for them."""
    with CaptureQueriesContext(connection) as queries:
        results = selectors.directory_search(user, filters)  # type: ignore[arg-type]
        total = results.count()
        facets = dict(results.facet_token_counts())
    return total, facets, len(queries)


def test_an_identical_search_is_counted_once_per_version() -> None:
    for i in range(3):
        profile(OrganizationFactory(name=f"Anodiseur {i}", region="02"), processes=["anodizing"])
    anon = AnonymousUser()
    filters = DirectoryFilters(process="anodizing")
    cold = _counted(anon, filters)
    warm = _counted(anon, filters)
    assert cold[:2] == warm[:2] == (3, cold[1]) and cold[1]["process:anodizing"] == 3
    # Cold: the version, the count and the facet GROUP BY; warm: the version only.
    assert warm[2] < cold[2]
    assert warm[2] == 1


@pytest.mark.parametrize(
    ("url", "before", "after"),
    [
        ("/fr/repertoire/?process=extrusion", "3 organisations", "2 organisations"),
        ("/en/directory/?process=extrusion", "3 organizations", "2 organizations"),
    ],
)
def test_a_profile_edit_through_the_service_shows_new_counts_on_the_next_page(
    client: Client, url: str, before: str, after: str
) -> None:
    orgs = [OrganizationFactory(name=f"Extrudeur {i}", region="02") for i in range(3)]
    for org in orgs:
        profile(org, processes=["extrusion", "machining"])
    page = client.get(url).content.decode()
    assert before in page and "(3)" in page
    services.profile_save(organization=orgs[0], by=None, values={"processes": ["anodizing"]})
    page = client.get(url).content.decode()
    assert after in page and before not in page
    # The facet counts of the other processes follow too (machining 3 -> 2).
    facets = selectors.facet_counts(selectors.directory_search(AnonymousUser(), DirectoryFilters()))
    assert facets["process"]["machining"] == 2 and facets["process"]["anodizing"] == 1


def test_the_profile_editor_page_changes_the_next_counts(client: Client) -> None:
    membership = MembershipFactory(role="member")
    org = membership.organization
    profile(org, processes=["extrusion"])
    profile(OrganizationFactory(), processes=["extrusion"])
    assert "2 organisations" in client.get("/fr/repertoire/?process=extrusion").content.decode()
    client.force_login(membership.user)
    response = client.post(
        f"/fr/repertoire/{org.slug}/modifier/",
        # "listed" unticked: the profile leaves the directory.
        {"processes": ["extrusion"], "alloys": ""}
        | {f"vis_{name}": value for name, value in FIELDS.items()},
    )
    assert response.status_code == 302
    client.logout()
    page = client.get("/fr/repertoire/?process=extrusion").content.decode()
    assert "1 organisation" in page and "2 organisations" not in page


def test_an_organization_change_moves_the_map_counts() -> None:
    org = profile(OrganizationFactory(region="02")).organization
    profile(OrganizationFactory(region="02"))
    anon = AnonymousUser()
    counts = selectors.region_counts(
        selectors.facet_counts(selectors.directory_search(anon, DirectoryFilters()))
    )
    assert (counts["02"], counts["04"]) == (2, 0)
    organization_update(organization=org, region="04")
    counts = selectors.region_counts(
        selectors.facet_counts(selectors.directory_search(anon, DirectoryFilters()))
    )
    assert (counts["02"], counts["04"]) == (1, 1)
    assert selectors.directory_search(anon, DirectoryFilters(region="04")).count() == 1


def test_a_deleted_organization_leaves_the_counts() -> None:
    orgs = [profile(OrganizationFactory(region="02")).organization for _ in range(2)]
    anon = AnonymousUser()
    assert selectors.directory_search(anon, DirectoryFilters(region="02")).count() == 2
    orgs[0].delete()  # the profile goes with it (cascade)
    results = selectors.directory_search(anon, DirectoryFilters(region="02"))
    assert results.count() == 1
    assert results.facet_token_counts()["region:02"] == 1


def test_viewers_never_share_counts_of_fields_they_may_not_see() -> None:
    """The cache keys hold the viewer's level and own organizations: a members-only region
    counted for a member is never served to a visitor, nor a hidden one to others."""
    members_only = profile(OrganizationFactory(region="02"), visibility={"region": "members"})
    hidden = profile(
        OrganizationFactory(region="02", is_cluster_member=False), visibility={"region": "hidden"}
    )
    profile(OrganizationFactory(region="02"))
    member = MembershipFactory(organization=OrganizationFactory(is_cluster_member=True)).user
    owner = MembershipFactory(organization=hidden.organization).user
    filters = DirectoryFilters(region="02")
    seen = {}
    staff = UserFactory(role=Role.STAFF)  # no organization: the same own set as a visitor
    viewers = [("member", member), ("owner", owner), ("staff", staff), ("anon", AnonymousUser())]
    for name, user in viewers:
        results = selectors.directory_search(user, filters)
        seen[name] = (results.count(), results.facet_token_counts()["region:02"])
    assert seen == {"member": (2, 2), "owner": (2, 2), "staff": (2, 2), "anon": (1, 1)}
    # The owner sees its own hidden region, not the members-only one (it is no member).
    owner_results = selectors.directory_search(owner, filters)
    assert members_only.organization.slug not in {v.slug for v in owner_results}
    assert hidden.organization.slug in {v.slug for v in owner_results}


def test_cached_counts_equal_the_counts_of_an_empty_cache() -> None:
    from django.core.cache import cache

    for i, region in enumerate(["02", "02", "04", "06"]):
        profile(
            OrganizationFactory(name=f"Atelier {i}", region=region),
            processes=["machining"] if i % 2 else ["extrusion"],
            alloys=["6061"] if i < 2 else ["6063"],
            sells="profilés extrudés",
        )
    anon = AnonymousUser()
    searches = [DirectoryFilters(), DirectoryFilters(q="profilés"), DirectoryFilters(alloy="6061")]
    warm = [_counted(anon, f)[:2] for f in searches for _ in range(2)][1::2]
    cache.clear()
    cold = [_counted(anon, f)[:2] for f in searches]
    assert warm == cold
    assert [total for total, _facets in cold] == [4, 4, 2]


@pytest.mark.parametrize("sets_read_before", [False, True])
def test_both_ways_of_keeping_facet_sets_give_the_counts_of_the_profiles_shown(
    sets_read_before: bool,
) -> None:
    """Facet sets read from the database for this count, or read before the profiles were
    made and brought up to date change by change: the same counts, those of the visible
    fields of the matching profiles, for every viewer."""
    if sets_read_before:
        for level in ("public", "members"):
            counting.facet_sets(f"facets_{level}", counting.directory_stamp())
    made = [
        profile(
            OrganizationFactory(region=region, is_cluster_member=False),
            visibility=visibility,
            processes=processes,
            sells="profilés",
        )
        for region, visibility, processes in [
            ("02", {}, ["extrusion"]),
            ("02", {"processes": "hidden"}, ["extrusion", "machining"]),
            ("04", {"region": "members"}, ["machining"]),
            ("06", {}, []),
        ]
    ]
    profile(OrganizationFactory(region="02"), listed=False, processes=["extrusion"])
    owner = MembershipFactory(organization=made[1].organization).user
    member = MembershipFactory(organization=OrganizationFactory(is_cluster_member=True)).user
    expected = {
        "anon": {"region:02": 2, "region:06": 1, "process:extrusion": 1, "process:machining": 1},
        # The owner sees its own hidden processes.
        "owner": {"region:02": 2, "region:06": 1, "process:extrusion": 2, "process:machining": 2},
        "member": {
            "region:02": 2,
            "region:04": 1,
            "region:06": 1,
            "process:extrusion": 1,
            "process:machining": 1,
        },
    }
    for name, user in [("anon", AnonymousUser()), ("owner", owner), ("member", member)]:
        results = selectors.directory_search(user, DirectoryFilters(q="profilés"))
        counts = results.facet_token_counts()
        shown = {k: n for k, n in counts.items() if k.startswith(("region:", "process:"))}
        assert shown == expected[name], name
