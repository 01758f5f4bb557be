from __future__ import annotations

import pytest
from django.test import Client

from aluhub.accounts import services
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_openapi_is_openapi_3(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_api_docs_page_is_served(client: Client) -> None:
    assert client.get("/api/v1/docs").status_code == 200


def test_anonymous_me_is_401_with_json_detail(client: Client) -> None:
    response = client.get("/api/v1/accounts/me")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication required."}


def test_bearer_token_authenticates(client: Client) -> None:
    user = UserFactory(email="script@example.org")
    secret = services.api_token_create(user=user, name="script").secret
    response = client.get("/api/v1/accounts/me", headers={"authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    assert response.json()["email"] == "script@example.org"


def test_revoked_token_is_401(client: Client) -> None:
    issued = services.api_token_create(user=UserFactory(), name="x")
    services.api_token_revoke(token=issued.token)
    response = client.get(
        "/api/v1/accounts/me", headers={"authorization": f"Bearer {issued.secret}"}
    )
    assert response.status_code == 401


def test_organizations_list_is_paginated_and_limited_to_mine(client: Client) -> None:
    mine = MembershipFactory()
    MembershipFactory()  # someone else's organization
    client.force_login(mine.user)
    response = client.get("/api/v1/accounts/organizations?limit=10&offset=0")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    assert [o["slug"] for o in data["items"]] == [mine.organization.slug]


def test_other_organization_is_404_json(client: Client) -> None:
    other = MembershipFactory()
    client.force_login(UserFactory())
    response = client.get(f"/api/v1/accounts/organizations/{other.organization.slug}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
