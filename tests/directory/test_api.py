from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/community/directory",
    "/api/v1/community/working-groups",
    "/api/v1/community/events",
    "/api/v1/community/initiatives",
]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    "query", ["limit=100000", "limit=0", "offset=-1", "offset=1e3", "offset=9223372036854775808"]
)
def test_community_lists_answer_422_outside_the_pagination_bounds(path: str, query: str) -> None:
    response = Client().get(f"{path}?{query}")
    assert response.status_code == 422
    assert "detail" in response.json()


@pytest.mark.parametrize("path", LISTS)
def test_community_lists_accept_the_largest_limit(path: str) -> None:
    response = Client().get(f"{path}?limit=200&offset=0")
    assert response.status_code == 200
    assert set(response.json()) == {"items", "count"}
