"""API of the innovation pillar."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from aluhub.innovation.questionnaire import load_questionnaire
from tests.factories import OrganizationFactory, UserFactory
from tests.innovation.factories import ExpertFactory, RequestFactory, member_of

pytestmark = pytest.mark.django_db
SCORE = "/api/v1/innovation/assessments/score"


def _answers(level: int) -> dict[str, int]:
    return {q.code: level for q in load_questionnaire().questions}


def test_questionnaire_is_the_answer_template() -> None:
    body = Client().get("/api/v1/innovation/questionnaire").json()
    assert len(body["questions"]) == 21
    assert {q["answer"] for q in body["questions"]} == {None}
    assert [a["level"] for a in body["questions"][0]["answers"]] == [0, 1, 2, 3, 4, 5]


def test_score_returns_levels_and_catalogue_programs() -> None:
    answers = _answers(1)
    answers[load_questionnaire().questions[0].code] = 4  # strategy: (4+1+1)//3 = 2
    body = (
        Client()
        .post(
            SCORE,
            json.dumps(
                {
                    "answers": answers,
                    "targets": {"cybersecurity": 3},
                    "organization": {"employees": 45, "region": "02"},
                }
            ),
            content_type="application/json",
        )
        .json()
    )
    levels = {d["code"]: d["level"] for d in body["dimensions"]}
    assert levels["strategy_leadership"] == 2
    assert all(0 <= v <= 5 for v in levels.values())
    cyber = next(d for d in body["dimensions"] if d["code"] == "cybersecurity")
    assert (cyber["target"], cyber["gap"]) == (3, 2)
    assert body["peers"]["shown"] is False
    from aluhub.funding.catalogue import load_reference_programs

    assert body["programs"]
    assert set(body["programs"]) <= {p.slug for p in load_reference_programs()}


def test_score_unanswered_question_is_422_naming_it() -> None:
    answers = _answers(2)
    code = load_questionnaire().questions[4].code
    answers[code] = None  # type: ignore[assignment]
    response = Client().post(
        SCORE, json.dumps({"answers": answers}), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["field"] == f"answers.{code}"


def test_score_bad_json_is_422_naming_the_document() -> None:
    response = Client().post(SCORE, "{", content_type="application/json")
    assert (response.status_code, response.json()["field"]) == (422, "$")


def test_requests_list_only_visible_ones_paginated() -> None:
    org = OrganizationFactory()
    member = member_of(org)
    mine = [RequestFactory(organization=org) for _ in range(3)]
    RequestFactory(confidential=True)
    client = Client()
    client.force_login(member)
    body = client.get("/api/v1/innovation/requests?limit=2").json()
    assert body["count"] == 3
    assert len(body["items"]) == 2
    assert {i["id"] for i in body["items"]} <= {r.pk for r in mine}


def test_request_detail_for_assigned_expert_and_404_for_other_member() -> None:
    expert = ExpertFactory()
    tech = RequestFactory(expert=expert, status="assigned", confidential=True)
    client = Client()
    client.force_login(expert.user)
    body = client.get(f"/api/v1/innovation/requests/{tech.pk}").json()
    assert (body["id"], body["expert"], body["confidential"]) == (tech.pk, expert.name, True)
    other = Client()
    other.force_login(member_of(OrganizationFactory()))
    assert other.get(f"/api/v1/innovation/requests/{tech.pk}").status_code == 404
    staff = Client()
    staff.force_login(UserFactory(role="staff"))
    assert staff.get(f"/api/v1/innovation/requests/{tech.pk}").status_code == 200
