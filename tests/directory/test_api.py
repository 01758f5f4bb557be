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


@pytest.mark.django_db
def test_directory_api_reads_one_window_and_counts_every_match() -> None:
    from tests.directory.factories import profile
    from tests.factories import OrganizationFactory

    for i in range(5):
        profile(OrganizationFactory(name=f"Anodiseur {i}"), processes=["anodizing"])
    profile(OrganizationFactory(name="Autre"), processes=["forging"])
    body = Client().get("/api/v1/community/directory?q=anodisation&limit=2&offset=2").json()
    assert body["count"] == 5
    assert [item["name"] for item in body["items"]] == ["Anodiseur 2", "Anodiseur 3"]
    facet = Client().get("/api/v1/community/directory?process=forging").json()
    assert [item["name"] for item in facet["items"]] == ["Autre"]
