"""API of the circular module: public fields only, filters, grades, blend errors."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.circular.factories import ListingFactory, grade, member_of
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.usefixtures("reference")


def member_client() -> Client:
    client = Client()
    client.force_login(member_of(OrganizationFactory()))  # type: ignore[arg-type]
    return client


def test_listings_api_never_returns_name_or_address() -> None:
    org = OrganizationFactory(name="Fonderie Cachée", employees=5)
    ListingFactory(organization=org, address="99 rue Secrète", isri_grade=grade("Tense"))
    body = member_client().get("/api/v1/circular/listings").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert "Fonderie Cachée" not in json.dumps(body)
    assert "99 rue Secrète" not in json.dumps(body)
    assert (item["isri_grade"], item["organization_size"]) == ("Tense", "micro")


def test_listings_api_filters_by_grade_and_kind() -> None:
    ListingFactory(isri_grade=grade("Tense"), kind="offer")
    ListingFactory(isri_grade=grade("Tense"), kind="request")
    ListingFactory(isri_grade=grade("Talc"), kind="offer", alloy_family="3xxx")
    body = member_client().get("/api/v1/circular/listings?grade=Tense&kind=offer").json()
    assert [(i["isri_grade"], i["kind"]) for i in body["items"]] == [("Tense", "offer")]


def test_grades_api_is_public_and_bilingual() -> None:
    body = Client().get("/api/v1/circular/grades").json()
    tense = next(g for g in body["grades"] if g["code"] == "Tense")
    assert tense["description_fr"].startswith("Pièces coulées")
    assert {"isri": "Tense", "en13920": "EN 13920-7"} == {
        k: v
        for k, v in next(c for c in body["crosswalk"] if c["isri"] == "Tense").items()
        if k in ("isri", "en13920")
    }


def test_blend_api_answers_like_the_cli() -> None:
    problem = {
        "target": {"mass_kg": 1000},
        "limits": {"Fe": {"max": 0.3}},
        "materials": [
            {"id": "s", "kind": "scrap", "price_per_kg": 1, "composition": {"Fe": 0.6}},
            {"id": "p", "kind": "primary", "price_per_kg": 3, "composition": {"Fe": 0.1}},
        ],
    }
    response = member_client().post(
        "/api/v1/circular/blend", problem, content_type="application/json"
    )
    assert response.status_code == 200
    # 400 kg scrap + 600 kg primary: 400 + 1800 = 2200 $ (see test_services).
    assert response.json()["cost"] == pytest.approx(2200, rel=1e-6)


def test_blend_api_bad_field_is_422_with_field() -> None:
    response = member_client().post(
        "/api/v1/circular/blend",
        {"target": {"mass_kg": 1000, "alloy": "6063"}, "materials": [{"id": "x"}]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["field"] == "materials[0].kind"


def test_blend_api_invalid_json_is_422() -> None:
    response = member_client().post(
        "/api/v1/circular/blend", "{not json", content_type="application/json"
    )
    assert (response.status_code, response.json()["field"]) == (422, "$")


def test_listings_page_and_api_drop_an_unknown_filter_value_alone() -> None:
    # region=99 or grade=nope listed nothing; kind=zz alone was already ignored.
    offer = ListingFactory(isri_grade=grade("Tense"), kind="offer", region="02")
    ListingFactory(isri_grade=grade("Tense"), kind="request", region="02")
    client = member_client()
    for query in ("region=99&kind=offer", "grade=nope&kind=offer", "family=zz&form=zz&kind=offer"):
        api = client.get(f"/api/v1/circular/listings?{query}").json()
        page = client.get(f"/fr/valorisation/bourse/?{query}")
        assert ([i["id"] for i in api["items"]], [x.pk for x in page.context["page"]]) == (
            [offer.pk],
            [offer.pk],
        ), query
