"""The job board searched through the token index: the same postings in the same order as
the stored-document rule, kept current by the services and rebuilt by the reindex."""

from __future__ import annotations

import pytest
from django.test import Client

from aluhub.accounts.models import Organization, User
from aluhub.common import search
from aluhub.common.models import SearchToken
from aluhub.workforce import indexing, selectors
from aluhub.workforce.models import JobPosting
from tests.workforce.conftest import post_board

# The reference data loaded once for the module (conftest.trades_once).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("trades_once")]

POSTINGS = [
    ("Soudeur aluminium", "Soudage MIG et TIG de structures.", "72106", "job", "02"),
    ("Aluminium welder", "Welding of boat hulls.", "72106", "job", "04"),
    ("Stagiaire en soudage", "Stage d'été à l'atelier.", "72106", "internship", "02"),
    ("Machiniste CNC", "Usinage de pièces de précision.", "72100", "job", "16"),
    ("Opérateur de presse d'extrusion", "Conduite de la presse.", "94100", "job", "04"),
    ("Press operator", "Extrusion press, night shift.", "94100", "internship", "02"),
]
QUERIES = ["", "soudeur", "welder", "soudage", "machiniste cnc", "opérateur", "extrusion",
           "press", "r", "introuvable"]  # fmt: skip


@pytest.fixture
def board(trades: None, member: User, member_org: Organization) -> list[JobPosting]:
    return post_board(member, member_org, POSTINGS)


def _old_rule(filters: selectors.JobFilters) -> list[int]:
    """The board before the index: words matched on the stored column."""
    qs = selectors.open_jobs()
    if filters.q:
        qs = search.filter_queryset(qs, "search_text", filters.q)
    for name in ("region", "kind"):
        if getattr(filters, name):
            qs = qs.filter(**{name: getattr(filters, name)})
    return list(qs.order_by("closing_date", "-created_at").values_list("pk", flat=True))


@pytest.mark.parametrize("q", QUERIES)
@pytest.mark.parametrize("region", ["", "02"])
def test_the_board_finds_the_same_postings_in_the_same_order(
    board: list[JobPosting], q: str, region: str
) -> None:
    filters = selectors.JobFilters(q=q, region=region)
    found = list(selectors.job_search(filters).values_list("pk", flat=True))
    assert found == _old_rule(filters)


def test_the_queries_find_some_postings_and_not_others(board: list[JobPosting]) -> None:
    def titles(q: str) -> set[str]:
        return {j.title for j in selectors.job_search(selectors.JobFilters(q=q))}

    assert titles("welder") == {"Soudeur aluminium", "Aluminium welder", "Stagiaire en soudage"}
    assert titles("machiniste cnc") == {"Machiniste CNC"}
    assert titles("introuvable") == set()
    assert len(titles("")) == len(POSTINGS)


def test_the_page_and_the_api_search_through_the_index(
    client: Client, board: list[JobPosting]
) -> None:
    for lang, path in [("fr", "/fr/main-d-oeuvre/emplois/"), ("en", "/en/workforce/jobs/")]:
        page = client.get(path, {"q": "cnc"})
        assert page.status_code == 200, lang
        body = page.content.decode()
        assert "Machiniste CNC" in body and "Aluminium welder" not in body
    api = client.get("/api/v1/workforce/jobs", {"q": "soudeur"}).json()
    assert {item["title"] for item in api["items"]} == {
        "Soudeur aluminium",
        "Aluminium welder",
        "Stagiaire en soudage",
    }


def test_a_new_posting_is_found_at_once_and_the_reindex_rebuilds_the_tokens(
    board: list[JobPosting],
) -> None:
    assert SearchToken.objects.filter(kind=selectors.JOB_TOKENS).count() > len(POSTINGS)
    SearchToken.objects.filter(kind=selectors.JOB_TOKENS).delete()
    assert not selectors.job_search(selectors.JobFilters(q="soudeur")).exists()
    indexing.search_reindex()
    assert selectors.job_search(selectors.JobFilters(q="soudeur")).count() == 3


def test_a_frequent_word_is_checked_posting_by_posting_with_the_same_results(
    board: list[JobPosting], monkeypatch: pytest.MonkeyPatch
) -> None:
    # With a threshold of 1 token every term takes the EXISTS path (tens of thousands of
    # postings in production): same postings, same order as the rare-term path.
    rare = {q: list(selectors.job_search(selectors.JobFilters(q=q))) for q in QUERIES}
    monkeypatch.setattr(search, "BROAD_TERM", 1)
    for q, expected in rare.items():
        assert list(selectors.job_search(selectors.JobFilters(q=q))) == expected, q
        assert list(
            selectors.job_search(selectors.JobFilters(q=q)).values_list("pk", flat=True)
        ) == _old_rule(selectors.JobFilters(q=q))


def test_the_board_counts_up_to_its_cap_and_says_more(
    client: Client, board: list[JobPosting], monkeypatch: pytest.MonkeyPatch
) -> None:
    from aluhub.workforce import views

    monkeypatch.setattr(views, "JOB_COUNT_CAP", 2)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    page = client.get("/fr/main-d-oeuvre/emplois/", {"q": "soudeur"}).content.decode()
    assert "Plus de 2 offres ouvertes\u00a0: ajoutez un mot ou un filtre" in page
    page = client.get("/en/workforce/jobs/", {"q": "soudeur"}).content.decode()
    assert "More than 2 open postings: add a word or a filter" in page
    # Under the cap: the exact count, as before.
    page = client.get("/en/workforce/jobs/", {"q": "cnc"}).content.decode()
    assert "1 open posting" in page and "More than" not in page


def test_the_capped_paginator_counts_at_most_its_cap(board: list[JobPosting]) -> None:
    from aluhub.common.pagination import CappedPaginator

    qs = selectors.job_search(selectors.JobFilters())
    capped = CappedPaginator(qs, 2, cap=4)
    assert (capped.count, capped.capped, capped.num_pages) == (4, True, 2)
    exact = CappedPaginator(qs, 2, cap=len(POSTINGS))
    assert (exact.count, exact.capped, exact.num_pages) == (len(POSTINGS), False, 3)
    assert [j.pk for j in exact.get_page(3)] == [j.pk for j in qs][4:6]
