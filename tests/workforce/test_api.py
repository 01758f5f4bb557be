"""Workforce API: trades, programs and jobs, paginated, searchable in French or English."""

from __future__ import annotations

import pytest
from django.test import Client

from aluhub.accounts.models import Organization, User
from aluhub.common.http import CappedLimitOffsetPagination
from tests.workforce.conftest import post_job

# The reference data loaded once for the module (conftest.trades_once).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("trades_once")]


def test_trades_carry_codes_and_both_titles(client: Client, trades: None) -> None:
    body = client.get("/api/v1/workforce/trades?limit=5").json()
    assert body["count"] == 22 and len(body["items"]) == 5
    machinist = client.get("/api/v1/workforce/trades/machinist").json()
    assert machinist["noc_2021"] == "72100"
    assert machinist["title_fr"].startswith("Machinistes")
    assert machinist["title_en"] == "Machinists and machining and tooling inspectors"
    assert all(
        i["year"] and i["source_url"]
        for i in client.get("/api/v1/workforce/trades/welder").json()["indicators"]
    )


@pytest.mark.parametrize(("fr", "en"), [("soudeur", "welder"), ("métallurgie", "metallurgy")])
def test_trade_search_in_either_language(client: Client, trades: None, fr: str, en: str) -> None:
    slugs_fr = {t["slug"] for t in client.get(f"/api/v1/workforce/trades?q={fr}").json()["items"]}
    slugs_en = {t["slug"] for t in client.get(f"/api/v1/workforce/trades?q={en}").json()["items"]}
    assert slugs_fr == slugs_en and slugs_fr


def test_programs_filter_and_flag_unconfirmed_numbers(client: Client, trades: None) -> None:
    body = client.get("/api/v1/workforce/programs?level=DEP").json()
    assert {p["slug"] for p in body["items"]} >= {"dep-soudage-montage", "dep-fonderie"}
    soudage = next(p for p in body["items"] if p["slug"] == "dep-soudage-montage")
    assert soudage["code_to_confirm"] is True and soudage["trades"] == ["welder"]
    assert client.get("/api/v1/workforce/programs?region=02").json()["count"] >= 3


def test_jobs_list_and_unknown_job(
    client: Client, trades: None, member: User, member_org: Organization
) -> None:
    job = post_job(member, member_org)
    body = client.get("/api/v1/workforce/jobs?q=welder").json()
    assert [j["id"] for j in body["items"]] == [job.pk]
    assert body["items"][0]["noc_2021"] == "72106"
    missing = client.get("/api/v1/workforce/jobs/999999")
    assert missing.status_code == 404 and missing.json() == {"detail": "Not found."}


@pytest.mark.parametrize("path", ["trades", "programs", "jobs"])
def test_lists_are_bounded(client: Client, trades: None, path: str) -> None:
    too_many = client.get(f"/api/v1/workforce/{path}?limit=5000")
    assert too_many.status_code == 422 and "detail" in too_many.json()
    too_far = client.get(f"/api/v1/workforce/{path}?offset=-1")
    assert too_far.status_code == 422
    assert client.get(f"/api/v1/workforce/{path}?limit=200").status_code == 200


def _jobs(client: Client, lang: str, **params: object) -> dict[str, object]:
    response = client.get("/api/v1/workforce/jobs", params, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_jobs_count_stops_at_the_board_s_cap_and_says_so(
    client: Client,
    trades: None,
    member: User,
    member_org: Organization,
    lang: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    jobs = [post_job(member, member_org, title=f"Riveteur {i}") for i in range(5)]
    other = post_job(member, member_org, title="Ébarbeur", description="Finition des pièces.")
    # Under the cap: the exact count, and the flag says it is exact.
    body = _jobs(client, lang, limit=2)
    assert body["count"] == 6 and body["count_is_lower_bound"] is False
    monkeypatch.setattr(CappedLimitOffsetPagination, "cap", 3)
    # Over the cap: the count stops there and says more match; the rows are still all there.
    body = _jobs(client, lang, limit=2)
    assert body["count"] == 3 and body["count_is_lower_bound"] is True
    assert len(body["items"]) == 2
    seen = [j["id"] for j in _jobs(client, lang, limit=10)["items"]]
    assert sorted(seen) == sorted(j.pk for j in [*jobs, other])
    assert [j["id"] for j in _jobs(client, lang, offset=4, limit=10)["items"]] == seen[4:]
    # A search under the cap is exact again.
    body = _jobs(client, lang, q="ébarbeur")
    assert body["count"] == 1 and body["count_is_lower_bound"] is False
    # Exactly at the cap is exact (not "more than").
    monkeypatch.setattr(CappedLimitOffsetPagination, "cap", 5)
    body = _jobs(client, lang, q="riveteur", limit=1)
    assert body["count"] == 5 and body["count_is_lower_bound"] is False


def test_the_openapi_document_describes_the_jobs_capped_count(client: Client) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    schema = doc["paths"]["/api/v1/workforce/jobs"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"]
    name = schema["$ref"].rsplit("/", 1)[-1]
    paged = doc["components"]["schemas"][name]
    assert set(paged["required"]) >= {"items", "count", "count_is_lower_bound"}
    assert paged["properties"]["count_is_lower_bound"]["type"] == "boolean"
    assert "cap" in paged["properties"]["count"]["description"]
    # Other lists keep the exact count and no flag.
    trades = doc["paths"]["/api/v1/workforce/trades"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "count_is_lower_bound" not in doc["components"]["schemas"][trades]["properties"]
