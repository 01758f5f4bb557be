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


def test_documents_api_lists_and_searches_only_what_the_caller_may_read(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from aluhub.collab import services
    from tests.collab.factories import GroupMemberFactory
    from tests.collab.test_documents import _pdf

    settings.MEDIA_ROOT = tmp_path
    member = GroupMemberFactory()
    made = {}
    for confidentiality, word in [("public", "brasques"), ("group", "cryolithe")]:
        made[confidentiality] = services.group_document_create(
            group=member.group,
            by=member.user,
            title=f"Note {confidentiality}",
            upload=SimpleUploadedFile("n.pdf", _pdf(f"Essais de {word} et de recyclage")),
            confidentiality=confidentiality,
        )
    anonymous = Client().get("/api/v1/community/documents?q=recycling").json()
    assert [d["title"] for d in anonymous["items"]] == ["Note public"]
    assert anonymous["count"] == 1
    item = anonymous["items"][0]
    assert item["group"] == member.group.slug and item["latest_version"]["number"] == 1
    assert Client().get("/api/v1/community/documents?q=cryolithe").json()["count"] == 0
    insider = Client()
    insider.force_login(member.user)
    found = insider.get("/api/v1/community/documents?q=cryolithe").json()
    assert [d["id"] for d in found["items"]] == [made["group"].pk]
    both = insider.get(f"/api/v1/community/documents?group={member.group.slug}").json()
    assert both["count"] == 2
    assert insider.get("/api/v1/community/documents?group=nope").json()["count"] == 0
    hidden = Client().get(f"/api/v1/community/documents/{made['group'].pk}")
    assert hidden.status_code == 404 and "detail" in hidden.json()
    detail = insider.get(f"/api/v1/community/documents/{made['group'].pk}").json()
    assert [v["number"] for v in detail["versions"]] == [1]


def test_document_api_answers_json_to_an_id_that_is_not_a_number(client: Client) -> None:
    # A path the int converter would refuse used to fall through to the HTML 404 page.
    response = client.get("/api/v1/community/documents/null,null")
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


@pytest.mark.parametrize("month", ["2020-13", "2020-00", "2020-1", "mars", "0000-01", "2020-01x"])
def test_events_api_refuses_a_malformed_month(client: Client, month: str) -> None:
    EventFactory()
    response = client.get("/api/v1/community/events", {"month": month}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert response.json() == {"detail": {"month": ["Give a month as YYYY-MM."]}}


def test_events_api_month_selects_the_events_of_that_month(client: Client) -> None:
    from datetime import datetime

    from django.utils import timezone

    starts = datetime(2031, 3, 10, 9, tzinfo=timezone.get_current_timezone())
    EventFactory(slug="mars", starts_at=starts, ends_at=starts)
    EventFactory(slug="plus-tard")
    assert [
        e["slug"] for e in client.get("/api/v1/community/events?month=2031-03").json()["items"]
    ] == ["mars"]
    assert client.get("/api/v1/community/events?month=").json()["count"] == 2
