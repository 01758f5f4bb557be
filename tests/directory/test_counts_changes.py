"""Cached directory counts brought up to date change by change: after any edit (profile
page, service, organization, admin, deletion, new profile, re-index), the next request's
total and facet counts are those of an empty cache, for every viewer (visitor, signed-in
non-member, cluster member, staff, owner of hidden fields), and the first request after an
edit reads no profile (no COUNT, no GROUP BY: the changed profiles only)."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aluhub.accounts.models import Organization, Role
from aluhub.accounts.services import organization_update
from aluhub.common import token_sets
from aluhub.directory import counting, selectors, services
from aluhub.directory.models import DirectoryChange, DirectoryProfile
from aluhub.directory.selectors import DirectoryFilters
from tests.directory.factories import profile
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

WORDS = ["extrusion", "profilés", "soudage", "remorques", "machining", "anodisation"]
ALLOYS = ["6061", "6063", "5052"]
REGIONS = ["02", "04", "06"]
VISIBILITY = ["public", "members", "hidden"]
PROFILES = DirectoryProfile._meta.db_table
SEARCHES = [
    DirectoryFilters(),
    DirectoryFilters(q="extrusion"),
    DirectoryFilters(q="profilés remorques"),
    DirectoryFilters(region="02"),
    DirectoryFilters(process="extrusion"),
    DirectoryFilters(alloy="6063"),
    DirectoryFilters(q="soudage", region="04"),
    DirectoryFilters(process="machining", certification="iso_9001"),
]


def _values(rng: random.Random) -> dict[str, Any]:
    return {
        "processes": rng.sample(["extrusion", "machining", "anodizing", "mig"], rng.randint(0, 2)),
        "alloys": rng.sample(ALLOYS, rng.randint(0, 2)),
        "certifications": rng.sample(["iso_9001", "iso_14001"], rng.randint(0, 1)),
        "sells": " ".join(rng.sample(WORDS, 2)),
        "city": rng.choice(["Alma", "Saguenay", "Laval"]),
        "listed": rng.random() > 0.15,
    }


def _visibility(rng: random.Random) -> dict[str, str]:
    return {name: rng.choice(VISIBILITY) for name in ["processes", "region", "sells", "alloys"]}


def _new_profile(rng: random.Random, i: int) -> DirectoryProfile:
    org = OrganizationFactory(
        name=f"{rng.choice(WORDS)} atelier {i}",
        region=rng.choice(REGIONS),
        is_cluster_member=rng.random() > 0.3,
    )
    return profile(org, visibility=_visibility(rng), **_values(rng))


def _counts(user: Any, filters: DirectoryFilters) -> tuple[int, dict[str, int], list[str]]:
    with CaptureQueriesContext(connection) as queries:
        results = selectors.directory_search(user, filters)
        total = results.count()
        facets = dict(results.facet_token_counts())
    return total, facets, [q["sql"] for q in queries.captured_queries]


def _viewers(owned: Organization) -> list[tuple[str, Any]]:
    member_org = OrganizationFactory(is_cluster_member=True, region="04")
    return [
        ("visitor", AnonymousUser()),
        ("signed-in non-member", UserFactory()),
        ("cluster member", MembershipFactory(organization=member_org).user),
        ("staff", UserFactory(role=Role.STAFF)),
        ("owner of hidden fields", MembershipFactory(organization=owned).user),
    ]


def _assert_up_to_date(viewers: list[tuple[str, Any]], step: str) -> None:
    """Every viewer's counts as brought up to date from the cache equal those counted with
    an empty cache, and bringing them up to date read no profile (the changes only)."""
    updated = {}
    for name, user in viewers:
        for filters in SEARCHES:
            total, facets, sql = _counts(user, filters)
            # No profile read: neither the COUNT nor the facets' GROUP BY ran again.
            assert not [s for s in sql if PROFILES in s], (step, name, filters)
            updated[name, filters] = (total, facets)
    cache.clear()
    for name, user in viewers:
        for filters in SEARCHES:
            assert _counts(user, filters)[:2] == updated[name, filters], (step, name, filters)


def test_counts_after_each_kind_of_edit_equal_a_fresh_count_for_every_viewer() -> None:
    rng = random.Random(1804)
    made = [_new_profile(rng, i) for i in range(14)]
    owned = made[0].organization
    services.profile_save(
        organization=owned,
        by=None,
        values={"processes": ["extrusion", "machining"], "listed": True, "sells": "profilés"},
        visibility={"processes": "hidden", "region": "hidden", "sells": "hidden"},
    )
    viewers = _viewers(owned)
    for _name, user in viewers:  # every search counted once: the cache to bring up to date
        for filters in SEARCHES:
            _counts(user, filters)
    # Each kind of edit three times, in an order drawn once (seeded): 18 edits.
    kinds = ["values", "visibility", "organization", "new", "delete", "admin"] * 3
    rng.shuffle(kinds)
    for step, kind in enumerate(kinds):
        # The owner's profile (hidden fields) is edited too, but never deleted.
        target = rng.choice(made[1:] if kind == "delete" else made)
        if step == 0 or kind == "values":
            services.profile_save(organization=target.organization, by=None, values=_values(rng))
        elif kind == "visibility":
            services.profile_save(
                organization=target.organization, by=None, values={}, visibility=_visibility(rng)
            )
        elif kind == "organization":
            organization_update(
                organization=target.organization,
                name=f"{rng.choice(WORDS)} renommé {step}",
                region=rng.choice(REGIONS),
                employees=rng.choice([5, 45, 300]),
            )
        elif kind == "new":
            made.append(_new_profile(rng, 100 + step))
        elif kind == "delete" and len(made) > 6:
            made.remove(target)
            target.organization.delete()  # the profile goes with it (cascade)
        else:
            edited = DirectoryProfile.objects.select_related("organization").get(pk=target.pk)
            edited.listed = not edited.listed
            edited.processes = ["extrusion"]
            services.profile_admin_save(profile=edited)
        # Several edits between two requests, and each one alone.
        if step % 3 != 1:
            # The facet sets brought up to date from the changes are those of the database.
            stamp = counting.directory_stamp()
            for column in ("facets_public", "facets_members"):
                updated = counting.facet_sets(column, stamp)
                assert updated == counting.read_facet_sets(column), (step, kind, column)
            _assert_up_to_date(viewers, f"step {step}: {kind}")
    assert DirectoryChange.objects.count() > 0  # the edits were numbered


def test_an_edit_shows_on_the_next_page_with_its_counts_fr_en(client: Client) -> None:
    orgs = [OrganizationFactory(name=f"Extrudeur {i}", region="02") for i in range(3)]
    for org in orgs:
        profile(org, processes=["extrusion"], city="Alma")
    for url in ["/fr/repertoire/?process=extrusion", "/en/directory/?process=extrusion"]:
        client.get(url)  # counted: the next request after the edit updates these counts
    services.profile_save(
        organization=orgs[1], by=None, values={"processes": ["extrusion"], "city": "Roberval"}
    )
    services.profile_save(organization=orgs[2], by=None, values={"processes": ["anodizing"]})
    page = client.get("/fr/repertoire/?process=extrusion").content.decode()
    assert "2 organisations" in page and "Roberval" in page and "Extrudeur 2" not in page
    page = client.get("/en/directory/?process=extrusion").content.decode()
    assert "2 organizations" in page and "Roberval" in page and "Extrudeur 2" not in page
    facets = selectors.facet_counts(selectors.directory_search(AnonymousUser(), DirectoryFilters()))
    assert (facets["process"]["extrusion"], facets["process"]["anodizing"]) == (2, 1)


def test_an_edit_of_nothing_counted_keeps_the_cached_counts() -> None:
    made = profile(OrganizationFactory(region="02"), processes=["extrusion"])
    before = counting.directory_version()
    # The website is in no search or facet column: the cached counts still hold.
    organization_update(organization=made.organization, website="https://example.org")
    assert counting.directory_version() == before
    services.profile_save(organization=made.organization, by=None, values={"city": "Alma"})
    assert counting.directory_version() == before + 1


def test_a_change_saved_while_counting_is_counted_by_the_next_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Counts and facet sets read while an edit was committed are not stored under the
    number read before it: the next request counts again and shows the edit."""
    orgs = [profile(OrganizationFactory(region="02")).organization for _ in range(3)]
    filters = DirectoryFilters(region="02")
    read = token_sets.kind_bitmaps

    def edit_while_reading(*args: Any, **kwargs: Any) -> dict[str, int]:
        found = read(*args, **kwargs)
        organization_update(organization=orgs[0], region="04")
        return found

    monkeypatch.setattr(token_sets, "kind_bitmaps", edit_while_reading)
    results = selectors.directory_search(AnonymousUser(), filters)
    assert results.count() == 3
    assert results.facet_token_counts()["region:02"] == 3
    monkeypatch.setattr(token_sets, "kind_bitmaps", read)
    results = selectors.directory_search(AnonymousUser(), filters)
    assert (results.count(), results.facet_token_counts()["region:02"]) == (2, 2)


def test_counts_too_many_changes_old_are_counted_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(counting, "MAX_CHANGES", 2)
    orgs = [profile(OrganizationFactory(region="02")).organization for _ in range(4)]
    anon = AnonymousUser()
    assert selectors.directory_search(anon, DirectoryFilters(region="02")).count() == 4
    for org in orgs[:3]:
        organization_update(organization=org, region="06")
    # Three changes behind (more than MAX_CHANGES): counted again from the database (the
    # listed profiles and the facet index read anew).
    total, facets, sql = _counts(anon, DirectoryFilters(region="02"))
    assert (total, facets["region:02"]) == (1, 1)
    assert [s for s in sql if PROFILES in s and '"listed"' in s]
    assert [s for s in sql if "directory.facets.public" in s]
    # The services keep twice MAX_CHANGES changes.
    assert DirectoryChange.objects.count() == 4


def test_the_reindex_counts_every_search_again() -> None:
    profile(OrganizationFactory(region="02"), processes=["extrusion"])
    anon = AnonymousUser()
    assert selectors.directory_search(anon, DirectoryFilters(process="extrusion")).count() == 1
    before = counting.directory_version()
    services.profiles_reindex()
    assert counting.directory_version() > before + counting.MAX_CHANGES
    assert not DirectoryChange.objects.exists()
    total, facets, sql = _counts(anon, DirectoryFilters(process="extrusion"))
    assert (total, facets["process:extrusion"]) == (1, 1)
    assert [s for s in sql if PROFILES in s and '"listed"' in s]


def test_counted_state_reads_the_stored_columns_of_listed_profiles() -> None:
    made = profile(OrganizationFactory(region="02"), processes=["extrusion"], listed=True)
    state = counting.counted_state(made)
    assert state is not None and state["org"] == made.organization_id
    assert (
        state["facets_public"] == made.facets_public
        and "process:extrusion" in state["facets_public"]
    )
    assert set(state) == {"org", *counting.TOKEN_KINDS}
    made.listed = False
    assert counting.counted_state(made) is None


def test_the_unfiltered_counts_read_from_the_index_leave_unlisted_and_deleted_profiles() -> None:
    """The unfiltered facet counts are read from the token index alone (no join with the
    profiles): an unlisted or deleted profile holds no tokens there, so it counts nowhere."""
    made = [profile(OrganizationFactory(region="02"), processes=["extrusion"]) for _ in range(3)]
    services.profile_save(organization=made[0].organization, by=None, values={"listed": False})
    made[1].organization.delete()
    for user in [AnonymousUser(), UserFactory(role=Role.STAFF)]:
        cache.clear()
        total, facets, _sql = _counts(user, DirectoryFilters())
        assert (total, facets["region:02"], facets["process:extrusion"]) == (1, 1, 1)


def _index_reads(sql: list[str]) -> list[str]:
    """The statements that read a facet column's whole token index (the sets read anew)."""
    return [s for s in sql if "GROUP_CONCAT" in s.upper() or "STRING_AGG" in s.upper()]


def test_a_worker_with_an_empty_cache_takes_the_facet_sets_of_the_shared_cache() -> None:
    """Another worker (or this one restarted: its own cache empty) finds the facet sets in
    the shared cache table, brought up to date with the edits made since, instead of
    reading the token index again; a new deployment (both caches empty) reads it."""
    from django.core.cache import caches

    orgs = [profile(OrganizationFactory(region="02"), processes=["extrusion"]) for _ in range(3)]
    anon = AnonymousUser()
    assert selectors.directory_search(anon, DirectoryFilters(region="02")).count() == 3
    services.profile_save(organization=orgs[0].organization, by=None, values={"listed": False})
    organization_update(organization=orgs[1].organization, region="04")
    cache.clear()  # a new worker: its own cache is empty
    total, facets, sql = _counts(anon, DirectoryFilters(q="extrusion"))
    assert (total, facets["region:02"], facets["region:04"]) == (2, 1, 1)
    assert not _index_reads(sql)
    stamp = counting.directory_stamp()
    epoch, now = stamp
    assert caches["shared"].get(f"directory:facet-sets:{epoch}:facets_public")[0] == now
    assert counting.facet_sets("facets_public", stamp) == counting.read_facet_sets("facets_public")
    cache.clear()
    caches["shared"].clear()  # a new deployment
    total, facets, sql = _counts(anon, DirectoryFilters(q="extrusion"))
    assert (total, facets["region:02"]) == (2, 1)
    assert _index_reads(sql)


def test_a_counter_made_again_never_meets_counts_cached_for_its_numbers() -> None:
    """A flushed database (tests between two browser runs, ``aluhub flush``) makes the change
    counter again, numbering from 0: what the caches kept for those numbers belongs to the
    other history and is never read (the counter's epoch is part of every key)."""
    from django.core.cache import caches

    from aluhub.common.models import SearchToken
    from aluhub.directory.models import DirectoryChangeCounter

    for i in range(2):
        profile(OrganizationFactory(name=f"Ancien {i}", region="02"), processes=["extrusion"])
    anon = AnonymousUser()
    before = _counts(anon, DirectoryFilters(region="02"))[:2]
    assert before[0] == 2
    first_epoch = counting.directory_stamp()[0]
    # What a flush does: every table emptied, the caches left as they are.
    SearchToken.objects.all().delete()
    for table in (DirectoryChange, DirectoryChangeCounter):
        table.objects.all().delete()
    DirectoryProfile.objects.all()._raw_delete(DirectoryProfile.objects.db)
    for i in range(2):  # the same number of changes again: the same version numbers
        profile(OrganizationFactory(name=f"Nouveau {i}", region="04"), processes=["mig"])
    assert counting.directory_stamp()[0] != first_epoch
    assert caches["shared"].get(f"directory:facet-sets:{first_epoch}:facets_public") is not None
    after = _counts(anon, DirectoryFilters(region="02"))[:2]
    assert after[0] == 0 and "region:02" not in after[1]
    assert _counts(anon, DirectoryFilters(region="04"))[0] == 2
