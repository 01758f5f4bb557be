"""Workforce API: trades, programs and jobs, paginated, searchable in French or English."""

from __future__ import annotations

import pytest
from django.test import Client

from aluhub.accounts.models import Organization, User
from tests.workforce.conftest import post_job

pytestmark = pytest.mark.django_db


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
