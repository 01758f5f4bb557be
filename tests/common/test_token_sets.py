"""Record sets of the token index as bitmaps (common.token_sets): a query's set holds the
records the index finds, a token's set the records holding it, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aluhub.accounts.models import Organization
from aluhub.common import search, token_sets
from aluhub.common.models import TOKEN_LENGTH
from tests.common.indexed_records import KIND, QUERIES, TEXTS, index_records


@pytest.fixture
def records() -> list[tuple[Organization, str]]:
    return index_records()


def _members(bits: int, records: list[tuple[Organization, str]]) -> set[int]:
    return {org.pk for org, _doc in records if bits >> org.pk & 1}


@pytest.mark.django_db
@pytest.mark.parametrize("q", QUERIES)
def test_a_query_set_holds_the_records_the_index_finds(
    records: list[tuple[Organization, str]], q: str
) -> None:
    bits = token_sets.query_bitmap(KIND, q)
    if not search.parse_query(q):
        assert bits is None  # no term: nothing restricted
        return
    qs = Organization.objects.filter(slug__startswith="record-")
    expected = set(search.filter_indexed(qs, KIND, q).values_list("pk", flat=True))
    assert bits is not None
    assert _members(bits, records) == expected
    assert bits.bit_count() == len(expected)  # no record outside the list


@pytest.mark.django_db
def test_the_queries_above_find_sets_of_several_sizes(
    records: list[tuple[Organization, str]],
) -> None:
    sizes = {q: (token_sets.query_bitmap(KIND, q) or 0).bit_count() for q in QUERIES if q}
    assert sizes["introuvable"] == 0
    assert sizes["automatisation"] == 2 and sizes["welding aluminium"] == 1
    assert 0 < sizes["r"] < len(TEXTS)


@pytest.mark.django_db
def test_each_token_set_holds_the_records_of_its_token(
    records: list[tuple[Organization, str]],
) -> None:
    expected: dict[str, set[int]] = {}
    for org, doc in records:
        for token in doc.split():
            expected.setdefault(token[:TOKEN_LENGTH], set()).add(org.pk)
    found = token_sets.kind_bitmaps(KIND)
    assert {token: _members(bits, records) for token, bits in found.items()} == expected
    assert "=automatis=" in found and found["=automatis="].bit_count() == 2


@given(st.lists(st.integers(min_value=0, max_value=5000), max_size=300))
def test_a_bitmap_holds_exactly_its_ids(ids: list[int]) -> None:
    bits = token_sets.bitmap(ids)
    assert bits.bit_count() == len(set(ids))
    assert all(bits >> i & 1 for i in ids)
    assert bits == token_sets.bitmap(iter(sorted(set(ids), reverse=True)))


@pytest.mark.django_db
def test_the_rarest_term_is_read_first(records: list[tuple[Organization, str]]) -> None:
    """A term no record holds ends the search before a frequent term's records are read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert token_sets.query_bitmap(KIND, "aluminium introuvable") == 0
    reads = [q["sql"] for q in queries.captured_queries if "COUNT(" not in q["sql"].upper()]
    assert len(reads) == 1  # the records of "introuvable" only
    both = token_sets.query_bitmap(KIND, "aluminium soudeur")
    assert both is not None and both.bit_count() == 1
