"""The search token index stays true when records are written outside their pages' services:
the admin's add and change pages go through the services (the new words are found, the old
ones are not), and a record deleted in any way (the admin's delete page, its bulk action, a
queryset delete, a cascade from its organization) leaves no index rows. ``aluhub reindex``
reports and removes the rows of records that are gone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from aluhub.accounts.models import Organization, Role, User
from aluhub.accounts.services import organization_update
from aluhub.common import search
from aluhub.common.models import SearchToken
from aluhub.directory import selectors as directory
from aluhub.directory.selectors import DirectoryFilters
from aluhub.trace import selectors as trace
from aluhub.trace.models import Lot
from aluhub.workforce import selectors as workforce
from aluhub.workforce.models import JobPosting, Trade
from tests.admin_pages import admin_post
from tests.directory.factories import profile
from tests.factories import OrganizationFactory, UserFactory
from tests.trace.factories import make_site, receive
from tests.workforce import conftest as workforce_fixtures
from tests.workforce.conftest import post_job, url

pytestmark = pytest.mark.django_db

# The job board's fixtures: the reference trades, a member organization and its member.
trades = workforce_fixtures.trades
member_org = workforce_fixtures.member_org
member = workforce_fixtures.member

PROFILE_KINDS = list(directory.TOKEN_KINDS.values())


def rows(kinds: list[str] | str, object_id: int) -> int:
    """How many index rows the record ``object_id`` holds in the lists ``kinds``."""
    kinds = [kinds] if isinstance(kinds, str) else kinds
    return SearchToken.objects.filter(kind__in=kinds, object_id=object_id).count()


def board(q: str) -> list[int]:
    return list(workforce.job_search(workforce.JobFilters(q=q)).values_list("pk", flat=True))


def directory_found(q: str) -> list[str]:
    return [v.slug for v in directory.directory_search(UserFactory(), DirectoryFilters(q=q))]


@pytest.fixture
def staff(client: Client) -> User:
    user = UserFactory(role=Role.STAFF, is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def job(trades: None, member: User, member_org: Organization) -> JobPosting:
    return post_job(member, member_org, title="Soudeur de coques", description="Atelier naval.")


# --- The admin's add and change pages go through the services --------------------------


def test_a_posting_changed_in_the_admin_is_found_by_its_new_words_only(
    client: Client, staff: User, job: JobPosting
) -> None:
    assert board("coques") == [job.pk]
    admin_post(
        client, f"/fr/admin/workforce/jobposting/{job.pk}/change/", title="Machiniste de remorques"
    )
    assert board("coques") == []
    assert board("remorques") == [job.pk]
    job.refresh_from_db()
    assert " remorqu" in job.search_text and "coqu" not in job.search_text
    # The board's page finds it by the new word in both languages, not by the old one.
    for lang in ("fr", "en"):
        page = client.get(url("workforce:jobs", lang), {"q": "remorques"})
        assert "Machiniste de remorques" in page.content.decode()
        page = client.get(url("workforce:jobs", lang), {"q": "coques"})
        assert "Machiniste de remorques" not in page.content.decode()


def test_a_posting_added_in_the_admin_is_on_the_board(
    client: Client, staff: User, trades: None, member_org: Organization
) -> None:
    trade = Trade.objects.get(noc_2021="72106")
    admin_post(
        client,
        "/fr/admin/workforce/jobposting/add/",
        organization=member_org.pk,
        posted_by=staff.pk,
        title="Ajusteur de gabarits",
        description="Montage de gabarits de soudage.",
        trade=trade.pk,
        kind="permanent",
        region="02",
        city="Alma",
        level="dep",
        how_to_apply="rh@example.org",
        closing_date=(dt.date.today() + dt.timedelta(days=20)).isoformat(),
        status="published",
        **{"reports-TOTAL_FORMS": 0, "reports-INITIAL_FORMS": 0},
    )
    added = JobPosting.objects.get(title="Ajusteur de gabarits")
    assert board("gabarits") == [added.pk]
    assert rows(workforce.JOB_TOKENS, added.pk) > 0


def test_a_trade_renamed_in_the_admin_renames_what_finds_its_postings(
    client: Client, staff: User, job: JobPosting
) -> None:
    assert board("zinguerie") == []
    trade = job.trade
    admin_post(
        client,
        f"/fr/admin/workforce/trade/{trade.pk}/change/",
        title_fr="Soudeurs en zinguerie",
        **{"indicators-TOTAL_FORMS": 0, "indicators-INITIAL_FORMS": 0},
    )
    assert board("zinguerie") == [job.pk]
    trade.refresh_from_db()
    assert " zinguer" in trade.search_text


def test_a_renamed_organization_s_postings_are_found_by_its_new_name(
    job: JobPosting, member_org: Organization
) -> None:
    assert board("Profilés Saguenay") == [job.pk]
    organization_update(organization=member_org, name="Extrusions Péribonka")
    assert board("Péribonka") == [job.pk]
    assert board("Saguenay inc") == []


def test_a_profile_changed_in_the_admin_is_found_by_its_new_words_only(
    client: Client, staff: User
) -> None:
    entry = profile(OrganizationFactory(slug="atelier-b"), sells="Pontons de quai")
    assert directory_found("pontons") == ["atelier-b"]
    change = f"/fr/admin/directory/directoryprofile/{entry.pk}/change/"
    admin_post(client, change, sells="Escaliers de secours")
    assert directory_found("pontons") == []
    assert directory_found("escaliers") == ["atelier-b"]
    for lang in ("fr", "en"):
        page = client.get(url("directory:index", lang), {"q": "escaliers"})
        assert "/atelier-b/" in page.content.decode()


# --- Deletes leave no index rows ----------------------------------------------------------


def test_the_admin_delete_page_removes_a_posting_s_rows(
    client: Client, staff: User, job: JobPosting
) -> None:
    assert rows(workforce.JOB_TOKENS, job.pk) > 0
    response = client.post(f"/fr/admin/workforce/jobposting/{job.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not JobPosting.objects.filter(pk=job.pk).exists()
    assert rows(workforce.JOB_TOKENS, job.pk) == 0


def test_the_admin_bulk_delete_removes_every_selected_posting_s_rows(
    client: Client, staff: User, trades: None, member: User, member_org: Organization
) -> None:
    jobs = [post_job(member, member_org, title=f"Opérateur {i}") for i in range(3)]
    kept = post_job(member, member_org, title="Opérateur gardé")
    response = client.post(
        "/fr/admin/workforce/jobposting/",
        {
            "action": "delete_selected",
            "_selected_action": [j.pk for j in jobs],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert (
        SearchToken.objects.filter(
            kind=workforce.JOB_TOKENS, object_id__in=[j.pk for j in jobs]
        ).count()
        == 0
    )
    assert rows(workforce.JOB_TOKENS, kept.pk) > 0
    assert board("opérateur") == [kept.pk]


def test_the_admin_delete_page_removes_a_profile_s_rows(client: Client, staff: User) -> None:
    entry = profile(OrganizationFactory(slug="atelier-c"), sells="Pontons")
    assert rows(PROFILE_KINDS, entry.pk) > 0
    response = client.post(
        f"/fr/admin/directory/directoryprofile/{entry.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert rows(PROFILE_KINDS, entry.pk) == 0


def test_deleting_an_organization_removes_its_profile_s_and_postings_rows(
    job: JobPosting, member_org: Organization
) -> None:
    entry = profile(member_org, sells="Pontons")
    other = profile(OrganizationFactory(slug="voisin"), sells="Pontons")
    assert rows(PROFILE_KINDS, entry.pk) > 0 and rows(workforce.JOB_TOKENS, job.pk) > 0
    member_org.delete()  # cascades to its profile and its postings
    assert rows(PROFILE_KINDS, entry.pk) == 0
    assert rows(workforce.JOB_TOKENS, job.pk) == 0
    assert rows(PROFILE_KINDS, other.pk) > 0
    assert directory_found("pontons") == ["voisin"]


def test_the_admin_deletes_an_organization_with_its_index_rows(
    client: Client, staff: User, job: JobPosting, member_org: Organization
) -> None:
    entry = profile(member_org, sells="Pontons")
    response = client.post(
        f"/fr/admin/accounts/organization/{member_org.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Organization.objects.filter(pk=member_org.pk).exists()
    assert rows(PROFILE_KINDS, entry.pk) == 0
    assert rows(workforce.JOB_TOKENS, job.pk) == 0


def test_a_queryset_delete_of_lots_removes_their_rows() -> None:
    site = make_site("fonderie-d")
    receive(site, "LOT-KEPT", "100", alloy="6063")
    lots = [
        Lot.objects.create(
            organization=site.organization,
            site=site.site,
            code=f"LOT-GONE-{i}",
            material="primary_ingot",
            alloy="6061",
            kg=Decimal("10"),
            made_on=dt.date(2026, 2, 1),
        )
        for i in range(2)
    ]
    search.index_documents(trace.LOT_TOKENS, [(lot.pk, trace.lot_document(lot)) for lot in lots])
    gone = [lot.pk for lot in lots]
    assert SearchToken.objects.filter(kind=trace.LOT_TOKENS, object_id__in=gone).count() > 0
    Lot.objects.filter(pk__in=gone).delete()
    assert SearchToken.objects.filter(kind=trace.LOT_TOKENS, object_id__in=gone).count() == 0
    kept = Lot.objects.get(code="LOT-KEPT")
    assert rows(trace.LOT_TOKENS, kept.pk) > 0
    assert [lot.pk for lot in trace.lots_for_user(site.user, q="6063")] == [kept.pk]


# --- aluhub reindex reports and removes orphans -------------------------------------------


def _reindex() -> str:
    out = StringIO()
    call_command("reindex", stdout=out)
    return out.getvalue()


def test_reindex_reports_and_removes_the_rows_of_records_that_are_gone(
    job: JobPosting, member_org: Organization
) -> None:
    entry = profile(OrganizationFactory(slug="atelier-e"), sells="Pontons")
    site = make_site("fonderie-e")
    receive(site, "LOT-E1", "100", alloy="6063")
    lot = Lot.objects.get(code="LOT-E1")
    missing = max(JobPosting.objects.latest("pk").pk, entry.pk, lot.pk) + 1000
    # Rows written by hand for records that do not exist (what a raw SQL delete leaves),
    # and the rows of a list no app declares any more.
    SearchToken.objects.bulk_create(
        [SearchToken(kind=workforce.JOB_TOKENS, object_id=missing, token=t) for t in "abc"]
        + [SearchToken(kind=PROFILE_KINDS[0], object_id=missing, token="x")]
        + [SearchToken(kind=trace.LOT_TOKENS, object_id=missing, token=t) for t in "ab"]
        + [SearchToken(kind="retired.list", object_id=job.pk, token="y")]
    )
    # A lot whose tokens were lost: the reindex rebuilds them.
    SearchToken.objects.filter(kind=trace.LOT_TOKENS, object_id=lot.pk).delete()

    output = _reindex()

    assert f"[index] {workforce.JOB_TOKENS}: 3 orphan index rows removed" in output
    assert f"[index] {PROFILE_KINDS[0]}: 1 orphan index row removed" in output
    assert f"[index] {trace.LOT_TOKENS}: 2 orphan index rows removed" in output
    assert "[index] retired.list: 1 orphan index row removed" in output
    assert "[trace] 1 document rebuilt" in output
    assert SearchToken.objects.filter(object_id=missing).count() == 0
    assert SearchToken.objects.filter(kind="retired.list").count() == 0
    # What exists is still found.
    assert board("coques") == [job.pk]
    assert directory_found("pontons") == ["atelier-e"]
    assert [x.pk for x in trace.lots_for_user(site.user, q="6063")] == [lot.pk]
    # A second run finds nothing left to remove.
    assert "[index] no orphan index rows" in _reindex()


def test_remove_orphans_counts_exactly_the_rows_it_removes() -> None:
    SearchToken.objects.create(kind=trace.LOT_TOKENS, object_id=987_654, token="z")
    assert search.remove_orphans() == {trace.LOT_TOKENS: 1}
    assert search.remove_orphans() == {}
