"""The search token index (common.search.index_documents / filter_indexed): the same
records as the stored-document rule, found through an index, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from aluhub.accounts.models import Organization
from aluhub.common import search
from aluhub.common.models import SearchToken
from tests.common.indexed_records import KIND, QUERIES, TEXTS, index_records
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records() -> list[tuple[Organization, str]]:
    return index_records()


@pytest.mark.parametrize("q", QUERIES)
def test_the_index_finds_what_the_documents_match(
    records: list[tuple[Organization, str]], q: str
) -> None:
    query = search.parse_query(q)
    expected = {org.pk for org, doc in records if search.matches(query, doc)}
    qs = Organization.objects.filter(slug__startswith="record-")
    found = set(search.filter_indexed(qs, KIND, q).values_list("pk", flat=True))
    assert found == expected
    # And the same rows as the stored-column rule it replaces.
    assert found == {
        org.pk for org, doc in records if search.search_list([doc], q, key=str) == [doc]
    }


def test_the_queries_above_find_something_and_miss_something(
    records: list[tuple[Organization, str]],
) -> None:
    qs = Organization.objects.filter(slug__startswith="record-")
    sizes = {q: search.filter_indexed(qs, KIND, q).count() for q in QUERIES if q}
    assert sizes["introuvable"] == 0
    assert sizes["automatisation"] == 2 and sizes["crédit d'impôt"] == 2
    assert 0 < sizes["r"] < len(TEXTS)


def test_reindexing_a_record_replaces_its_tokens(records: list[tuple[Organization, str]]) -> None:
    org, _doc = records[0]
    qs = Organization.objects.filter(pk=org.pk)
    search.index_documents(KIND, [(org.pk, search.document(["Moulage sous pression"]))])
    assert not search.filter_indexed(qs, KIND, "subvention").exists()
    assert search.filter_indexed(qs, KIND, "moulage").exists()
    search.unindex(KIND, [org.pk])
    assert not SearchToken.objects.filter(kind=KIND, object_id=org.pk).exists()
    # Another list's tokens are not this list's.
    assert not search.filter_indexed(Organization.objects.all(), "other.list", "soudeur").exists()


def test_a_facet_token_is_matched_whole_with_its_punctuation() -> None:
    a = OrganizationFactory(slug="facet-a")
    b = OrganizationFactory(slug="facet-b")
    search.index_documents(
        KIND, [(a.pk, " alloy:a356.0 region:02 "), (b.pk, " alloy:a356_0 region:021 ")]
    )
    qs = Organization.objects.filter(slug__startswith="facet-")
    assert list(search.filter_token(qs, KIND, "alloy:a356.0")) == [a]
    assert list(search.filter_token(qs, KIND, "region:02")) == [a]
    # "_" and "%" are no wildcards in a prefix.
    prefix = SearchToken.objects.filter(kind=KIND, token__tokenprefix="alloy:a356_")
    assert {t.object_id for t in prefix} == {b.pk}
    assert not SearchToken.objects.filter(kind=KIND, token__tokenprefix="alloy:%").exists()


@pytest.mark.parametrize("form", ["exists", "collect"])
@pytest.mark.parametrize("q", QUERIES)
def test_every_form_of_the_index_query_finds_the_same_records(
    records: list[tuple[Organization, str]], q: str, form: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Frequent terms (``EXISTS`` per record: per alternative on SQLite, one with an OR on
    PostgreSQL) and collected frequent terms (``collect``: the records first) find what
    the documents match."""
    query = search.parse_query(q)
    expected = {org.pk for org, doc in records if search.matches(query, doc)}
    qs = Organization.objects.filter(slug__startswith="record-")
    monkeypatch.setattr(search, "BROAD_TERM", 0)  # every term counts as frequent
    found = search.filter_indexed(qs, KIND, q, collect=form == "collect")
    assert set(found.values_list("pk", flat=True)) == expected
