from __future__ import annotations

import pytest
from django.test import Client

from tests.learning.factories import PDF_BYTES, make_resource, make_teacher

pytestmark = pytest.mark.django_db


def test_api_list_filters_and_paginates() -> None:
    make_resource("a", level="college", topics=["casting"], title_fr="Moulage au sable")
    make_resource("b", level="university", topics=["rolling"])
    make_resource("draft", status="draft")
    data = Client().get("/api/v1/learning/resources", {"level": "college"}).json()
    assert (data["count"], [r["slug"] for r in data["items"]]) == (1, ["a"])
    data = Client().get("/api/v1/learning/resources", {"q": "moulage"}).json()
    assert [r["slug"] for r in data["items"]] == ["a"]
    data = Client().get("/api/v1/learning/resources", {"topic": "rolling"}).json()
    assert [(r["slug"], r["topics"]) for r in data["items"]] == [("b", ["rolling"])]


def test_api_detail_gives_access_and_download_url_that_protects_the_file() -> None:
    make_resource("r", access="teachers", file=PDF_BYTES)
    data = Client().get("/api/v1/learning/resources/r").json()
    assert (data["access"], data["can_download"]) == ("teachers", False)
    anonymous = Client().get(data["download_url"])
    assert anonymous.status_code in {302, 401, 403}
    assert b"%PDF" not in b"".join(getattr(anonymous, "streaming_content", [anonymous.content]))
    teacher = Client()
    teacher.force_login(make_teacher())
    assert teacher.get("/api/v1/learning/resources/r").json()["can_download"] is True
    assert teacher.get(data["download_url"]).status_code == 200


def test_api_download_url_starts_with_site_url_whatever_host_the_request_names(
    settings: pytest.FixtureRequest,
) -> None:
    settings.ALLOWED_HOSTS = ["*"]  # type: ignore[attr-defined]
    settings.SITE_URL = "https://aluhub.example.ca"  # type: ignore[attr-defined]
    make_resource("r", file=PDF_BYTES)
    data = Client().get("/api/v1/learning/resources/r", HTTP_HOST="evil.example").json()
    assert data["download_url"].startswith("https://aluhub.example.ca/")


def test_api_detail_of_a_draft_is_not_found() -> None:
    make_resource("d", status="draft")
    assert Client().get("/api/v1/learning/resources/d").status_code == 404
