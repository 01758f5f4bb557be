from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from aluhub.funding import services
from tests.funding.factories import make_program, make_support_organization

pytestmark = pytest.mark.django_db

PROFILE = {
    "organization": {
        "employees": 45,
        "annual_revenue_cad": 12000000,
        "region": "02",
        "naics": "331318",
        "founded_year": 2004,
        "legal_form": "corporation",
    },
    "project": {"goals": ["productivity_automation"], "cost_cad": 1500000},
    "limit": 5,
}


def test_programs_list_is_paginated_and_filtered(client: Client) -> None:
    make_program("a", name_fr="Exportation", name_en="Export")
    make_program("b", name_fr="Autre", name_en="Other")
    body = client.get("/api/v1/funding/programs", {"q": "exporter"}).json()
    assert body["count"] == 1
    assert body["items"][0]["slug"] == "a"
    body = client.get("/api/v1/funding/programs", {"limit": 1, "sort": "name"}).json()
    assert (body["count"], len(body["items"])) == (2, 1)


def test_program_detail_and_404_for_drafts(client: Client) -> None:
    make_program("a", founder_age_max=39)
    make_program("d", publication="draft")
    body = client.get("/api/v1/funding/programs/a").json()
    assert (body["slug"], body["founder_age_max"], body["source_url"]) == (
        "a",
        39,
        "https://example.org/source",
    )
    assert client.get("/api/v1/funding/programs/d").status_code == 404


def test_program_detail_shows_every_criterion_with_amounts_as_numbers(client: Client) -> None:
    make_program(
        "c",
        employees_min=5,
        employees_max=499,
        revenue_min_cad=Decimal("250000.50"),
        revenue_max_cad=None,
        years_in_business_min=2,
        founder_age_max=39,
        naics_prefixes_allowed=["331"],
        naics_prefixes_excluded=["3313"],
        legal_forms=["corporation"],
        requires_export_project=True,
        project_cost_min_cad=Decimal("100000"),
        public_aid_cap_pct=Decimal("75"),
        other_conditions_fr="Avoir un plan.",
        other_conditions_en="Have a plan.",
    )
    body = client.get("/api/v1/funding/programs/c", HTTP_ACCEPT_LANGUAGE="en").json()
    criteria = {
        "employees_min": 5,
        "employees_max": 499,
        "revenue_min_cad": 250000.5,
        "revenue_max_cad": None,
        "years_in_business_min": 2,
        "years_in_business_max": None,
        "founder_age_min": None,
        "founder_age_max": 39,
        "naics_prefixes_allowed": ["331"],
        "naics_prefixes_excluded": ["3313"],
        "legal_forms": ["corporation"],
        "requires_export_project": True,
        "project_cost_min_cad": 100000.0,
        "public_aid_cap_pct": 75.0,
        "publication": "published",
    }
    assert {name: body[name] for name in criteria} == criteria
    assert isinstance(body["project_cost_min_cad"], float)
    assert body["other_conditions"] == "Have a plan."
    listed = client.get("/api/v1/funding/programs").json()["items"][0]
    assert "employees_min" not in listed and "other_conditions" not in listed


def test_match_answers_the_cli_format(client: Client) -> None:
    make_program("auto", phases=["productivity_automation"], eligible_sizes=["small"])
    make_program("large", phases=["productivity_automation"], eligible_sizes=["large"])
    response = client.post("/api/v1/funding/match", json.dumps(PROFILE), "application/json")
    body = response.json()
    assert response.status_code == 200
    assert [(r["program"], r["verdict"]) for r in body["results"]] == [
        ("auto", "eligible"),
        ("large", "ineligible"),
    ]
    assert {"criterion", "status", "detail"} == set(body["results"][0]["criteria"][0])


def test_match_bad_field_is_422_naming_it(client: Client) -> None:
    bad = {**PROFILE, "organization": {**PROFILE["organization"], "region": "99"}}
    response = client.post("/api/v1/funding/match", json.dumps(bad), "application/json")
    assert response.status_code == 422
    assert response.json()["field"] == "organization.region"


#: Impossible profiles: the field, the value, the English and the French answers.
YEAR = timezone.localdate().year
IMPOSSIBLE = [
    ("annual_revenue_cad", -5, "must be >= 0", "doit être supérieur ou égal à 0"),
    ("employees", -3, "must be between 0 and 10000000",
     "doit être compris entre 0 et 10\u00a0000\u00a0000"),
    ("founder_age", 500, "must be between 10 and 120", "doit être compris entre 10 et 120"),
    ("founded_year", 1500, f"must be between 1600 and {YEAR}",
     f"doit être compris entre 1600 et {YEAR}"),
    ("founded_year", YEAR + 1, f"must be between 1600 and {YEAR}",
     f"doit être compris entre 1600 et {YEAR}"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "value", "english", "french"), IMPOSSIBLE)
def test_match_and_plan_refuse_an_impossible_profile_in_the_request_language(
    client: Client, name: str, value: int, english: str, french: str
) -> None:
    bad = {**PROFILE, "organization": {**PROFILE["organization"], name: value}}
    for path in ("/api/v1/funding/match", "/api/v1/financing/plan"):
        for lang, detail in (("fr", french), ("en", english)):
            response = client.post(
                path, json.dumps(bad), "application/json", headers={"accept-language": lang}
            )
            assert (response.status_code, response.json()) == (
                422,
                {"detail": detail, "field": f"organization.{name}"},
            )


def test_match_not_json_is_422(client: Client) -> None:
    response = client.post("/api/v1/funding/match", "nope", "application/json")
    assert (response.status_code, response.json()["field"]) == (422, "$")


def test_support_organizations_filter_by_region(client: Client) -> None:
    make_support_organization("sag", regions=["02"])
    make_support_organization("mtl", regions=["06"])
    body = client.get("/api/v1/funding/support-organizations", {"region": "06"}).json()
    assert [o["slug"] for o in body["items"]] == ["mtl"]


def test_programs_list_drops_a_value_that_is_not_a_choice_as_the_finder_does(
    client: Client,
) -> None:
    make_program("quebec", regions=[], status="open")
    make_program("saguenay", regions=["02"], status="open")
    make_program("closed", regions=["02"], status="closed")

    def slugs(query: str) -> list[str]:
        response = client.get(f"/api/v1/funding/programs?{query}")
        assert response.status_code == 200
        return sorted(item["slug"] for item in response.json()["items"])

    # An unknown code filters nothing (it left out the Québec-wide program, or everything)...
    assert slugs("region=99") == ["closed", "quebec", "saguenay"]
    assert slugs("status=zz") == ["closed", "quebec", "saguenay"]
    # ...and the valid values beside it still apply.
    assert slugs("status=open&status=zz&region=02&region=99") == ["quebec", "saguenay"]


def test_program_organizations_carry_their_official_english_name(client: Client) -> None:
    make_program("a", organization="Exportation et développement Canada (EDC)")
    services.funding_organization_names_set(
        english_names={
            "Exportation et développement Canada (EDC)": "Export Development Canada (EDC)"
        }
    )
    body = client.get("/api/v1/funding/programs/a").json()
    assert body["organizations"] == [
        {
            "name": "Exportation et développement Canada (EDC)",
            "name_en": "Export Development Canada (EDC)",
            "role": "administrator",
        }
    ]
