"""The lot list of a ledger with thousands of lots: the same lots in the same order as the
former query (one organization read from the list's index, several as before), counted up
to 1,000 ("more than 1,000 lots" past it, in French and English, on the page and in the
API), every lot still reachable through the API's windows."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from aluhub.accounts.models import Establishment, Membership
from aluhub.common import search
from aluhub.common.pagination import CappedPaginator
from aluhub.trace import selectors
from aluhub.trace.models import Lot
from tests.factories import MembershipFactory
from tests.trace.factories import Site, day, make_site, receive

pytestmark = pytest.mark.django_db


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def results(client: Client, url: str, **params: object) -> str:
    """The page's count sentence."""
    html = unescape(client.get(url, params).content.decode())
    found = re.search(r'<p id="results">(.*?)</p>', html)
    assert found is not None
    return found.group(1)


def former_query(user: object) -> QuerySet[Lot]:
    """The list's query before the (organization, order) index: the member's
    organizations as a subquery of their memberships, in the list's order."""
    organizations = Membership.objects.filter(user=user).values("organization_id")
    return Lot.objects.filter(organization_id__in=organizations).order_by("-made_on", "code", "pk")


def bulk_lots(s: Site, count: int, *, prefix: str = "B", site: Establishment | None = None) -> None:
    """``count`` lots of ``s``'s organization with their search tokens, as the bench builds
    them (the receipt service would take minutes for a thousand)."""
    lots = [
        Lot(
            organization=s.organization,
            site=site or s.site,
            code=f"{prefix}-{i:05d}",
            material=["billet", "scrap", "primary_ingot"][i % 3],
            alloy=["6061", "6063", ""][i % 4 % 3],
            kg=Decimal(100 + i),
            made_on=dt.date(2025, 1, 1) + dt.timedelta(days=i % 97),
        )
        for i in range(count)
    ]
    Lot.objects.bulk_create(lots)
    search.index_documents(
        selectors.LOT_TOKENS, [(lot.pk, selectors.lot_document(lot)) for lot in lots], fresh=True
    )


def test_one_or_several_organizations_give_the_former_query_s_lots_in_its_order() -> None:
    one = make_site()
    other = make_site("voisin")
    bulk_lots(one, 60)
    bulk_lots(other, 40)
    # The same codes and dates in both organizations: the order's ties go to the lot's id.
    both = other.user
    MembershipFactory(user=both, organization=one.organization)
    filters: list[dict[str, object]] = [
        {},
        {"q": "6063"},
        {"q": "billette 6061"},
        {"material": "scrap"},
        {"site_id": one.site.pk},
        {"start": dt.date(2025, 2, 1), "end": dt.date(2025, 2, 28)},
        {"q": "b-00003"},
    ]
    for user in (one.user, both):
        everything = list(former_query(user))
        assert len(everything) == (60 if user == one.user else 100)
        for f in filters:
            expected = [
                lot.pk for lot in former_query(user).filter(pk__in=[x.pk for x in everything])
            ]
            if f:
                q = str(f.get("q", ""))
                kept = {
                    lot.pk
                    for lot in search.search_list(everything, q, key=selectors.lot_document)
                    if lot.material == f.get("material", lot.material)
                    and lot.site_id == f.get("site_id", lot.site_id)
                    and f.get("start", lot.made_on) <= lot.made_on <= f.get("end", lot.made_on)  # type: ignore[operator]
                }
                expected = [pk for pk in expected if pk in kept]
            found = [lot.pk for lot in selectors.lots_for_user(user, **f)]  # type: ignore[arg-type]
            assert found == expected, (user, f)
            assert expected or f.get("site_id"), f  # every filter but a site finds lots
    assert [lot.code for lot in selectors.lots_for_user(both, q="b-00003")] == ["B-00003"] * 2


@pytest.mark.parametrize(
    ("lang", "more", "exact"),
    [
        ("fr", "Plus de 1\u00a0000 lots\u00a0: ajoutez un mot ou un filtre", "1\u00a0000 lots"),
        ("en", "More than 1,000 lots: add a word or a filter", "1,000 lots"),
    ],
)
def test_the_page_counts_up_to_1000_lots_then_says_more_than(
    lang: str, more: str, exact: str
) -> None:
    s = make_site()
    bulk_lots(s, 1000)
    client = client_for(s.user)
    with translation.override(lang):
        url = reverse("trace:lots")
    assert results(client, url) == exact  # exactly 1,000: counted
    last = unescape(client.get(url, {"page": 40}).content.decode())
    assert "B-00" in last and ("Page 40 sur 40" if lang == "fr" else "Page 40 of 40") in last
    bulk_lots(s, 1, prefix="C")  # one more
    assert results(client, url).startswith(more)
    # A filter under the cap gives the exact count again.
    scrap = Lot.objects.filter(organization=s.organization, material="scrap").count()
    assert results(client, url, material="scrap") == f"{scrap} lots"
    assert results(client, url, q="C-00000") == "1 lot"


def test_the_api_counts_up_to_1000_and_every_lot_stays_reachable() -> None:
    s = make_site()
    bulk_lots(s, 1000)
    client = client_for(s.user)
    body = client.get("/api/v1/trace/lots", {"limit": 5}).json()
    assert (body["count"], body["count_is_lower_bound"]) == (1000, False)
    receive(s, "DERNIER", "10", on=day(1, 2))
    newest_first = client.get("/api/v1/trace/lots", {"limit": 5}).json()
    assert (newest_first["count"], newest_first["count_is_lower_bound"]) == (1000, True)
    assert newest_first["items"][0]["code"] == "DERNIER"
    # Past the count's cap the windows go on, in the page's order.
    tail = client.get("/api/v1/trace/lots", {"limit": 5, "offset": 998}).json()
    expected = [lot.code for lot in former_query(s.user)[998:1001]]
    assert [lot["code"] for lot in tail["items"]] == expected and len(expected) == 3
    found = client.get("/api/v1/trace/lots", {"q": "dernier"}).json()
    assert (found["count"], found["count_is_lower_bound"]) == (1, False)


@pytest.mark.parametrize("q", ["", "6063", "billette 6061", "ferraille", "b-0001"])
def test_pages_read_among_the_counted_keys_are_the_list_s_pages(q: str) -> None:
    s = make_site()
    bulk_lots(s, 120)
    bulk_lots(make_site("voisin"), 30)
    lots = selectors.lots_for_user(s.user, q=q)
    plain = Paginator(lots, 7)
    assert plain.count > 7  # several pages
    keyed = CappedPaginator(lots, 7, rows=selectors.lot_rows())
    assert (keyed.count, keyed.capped, keyed.num_pages) == (plain.count, False, plain.num_pages)
    for number in plain.page_range:
        with CaptureQueriesContext(connection) as page_queries:
            found = [lot.pk for lot in keyed.page(number)]
        assert found == [lot.pk for lot in plain.page(number)], number
        # The page is read by key: the search does not run again.
        assert not any("searchtoken" in x["sql"] for x in page_queries.captured_queries)
    # Past the cap, the pages are the list's own (the first cap rows).
    capped = CappedPaginator(lots, 5, cap=7, rows=selectors.lot_rows())
    assert (capped.count, capped.capped, capped.num_pages) == (7, True, 2)
    assert [lot.pk for lot in capped.page(2)] == [lot.pk for lot in lots[5:7]]


def test_the_page_runs_the_search_once() -> None:
    s = make_site()
    bulk_lots(s, 60)
    client = client_for(s.user)
    with CaptureQueriesContext(connection) as queries:
        html = unescape(client.get(reverse("trace:lots"), {"q": "billette 6061"}).content.decode())
    searched = [x["sql"] for x in queries.captured_queries if "trace_lot" in x["sql"]]
    assert sum("searchtoken" in sql for sql in searched) == 1, searched
    assert "B-00000" in html
