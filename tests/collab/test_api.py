from __future__ import annotations

import pytest
from django.test import Client

from tests.collab.factories import EventFactory, GroupMemberFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


def test_working_groups_api_is_paginated_and_searched_in_both_languages(client: Client) -> None:
    WorkingGroupFactory(name_fr="Recyclage de l'aluminium", name_en="Aluminium recycling")
    WorkingGroupFactory(name_fr="Main-d'oeuvre", name_en="Workforce")
    fr = client.get("/api/v1/community/working-groups?q=recyclage").json()
    en = client.get("/api/v1/community/working-groups?q=recycling").json()
    assert fr["count"] == en["count"] == 1
    assert fr["items"][0]["slug"] == en["items"][0]["slug"]
    page = client.get("/api/v1/community/working-groups?limit=1").json()
    assert (page["count"], len(page["items"])) == (2, 1)


def test_private_group_hidden_from_api_for_outsiders(client: Client) -> None:
    member = GroupMemberFactory(group__visibility="group")
    assert client.get("/api/v1/community/working-groups").json()["count"] == 0
    response = client.get(f"/api/v1/community/working-groups/{member.group.slug}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    client.force_login(member.user)
    assert client.get("/api/v1/community/working-groups").json()["count"] == 1


def test_events_api_filters(client: Client) -> None:
    EventFactory(title_fr="Visite d'usine", title_en="Plant visit", region="02", capacity=5)
    EventFactory(title_fr="Webinaire", title_en="Webinar", region="06")
    data = client.get("/api/v1/community/events?q=visit&region=02").json()
    assert [e["title_en"] for e in data["items"]] == ["Plant visit"]
    assert data["items"][0]["places_left"] == 5
    assert client.get("/api/v1/community/events?q=usine").json()["count"] == 1
