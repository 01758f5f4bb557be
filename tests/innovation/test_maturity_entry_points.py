"""The maturity follow-up's funding programs are one service: the result page, the API and
the ``maturity_score`` command suggest the same programs for the same organization."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.funding.engine_bridge import engine_catalogue
from tests.factories import OrganizationFactory
from tests.innovation.factories import make_assessment, uniform_answers

pytestmark = pytest.mark.django_db
SCORE = "/api/v1/innovation/assessments/score"


def _page(profile: dict[str, Any], lang: str) -> list[str]:
    # Only what the answer file states: no NAICS code, revenue or founding year.
    organization = OrganizationFactory(
        naics_codes=[], annual_revenue_cad=None, founded_year=None, **profile
    )
    assessment = make_assessment(organization, level=1)
    client = Client()
    client.force_login(assessment.user)
    with translation.override(lang):
        url = reverse("innovation:assessment_detail", args=[assessment.pk])
    response = client.get(url)
    assert response.status_code == 200
    return [p.slug for p in response.context["programs"]]


def _answer_file(profile: dict[str, Any]) -> dict[str, Any]:
    return {"answers": uniform_answers(1), "organization": profile}


def _api(profile: dict[str, Any], lang: str) -> list[str]:
    response = Client().post(
        f"{SCORE}?lang={lang}", json.dumps(_answer_file(profile)), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return list(response.json()["programs"])


def _cli(tmp_path: Path, profile: dict[str, Any], lang: str) -> list[str]:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(_answer_file(profile)), encoding="utf-8")
    out = io.StringIO()
    call_command("maturity_score", str(path), "--lang", lang, stdout=out)
    return list(json.loads(out.getvalue())["programs"])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_public_body_gets_the_same_programs_on_the_page_the_api_and_the_cli(
    tmp_path: Path, lang: str
) -> None:
    profile = {"employees": 45, "region": "02", "legal_form": "public_body"}
    page = _page(profile, lang)
    api = _api(profile, lang)
    cli = _cli(tmp_path, profile, lang)
    assert page, "a 45-employee organization of region 02 is offered digital programs"
    assert page == api == cli
    assert set(page) <= {p.slug for p in engine_catalogue()}
    # The engine knows no public_body form: it is read as "not stated" (it used to make the
    # engine refuse the profile, and the page silently suggested nothing).
    unstated = {"employees": 45, "region": "02", "legal_form": ""}
    assert _page(unstated, lang) == page
    assert _api({**unstated, "legal_form": None}, lang) == page


def test_the_answer_file_profile_filters_programs_by_size(tmp_path: Path) -> None:
    micro = _cli(tmp_path, {"employees": 3, "region": "02"}, "fr")
    large = _cli(tmp_path, {"employees": 800, "region": "02"}, "fr")
    catalogue = {p.slug: p for p in engine_catalogue()}
    assert micro and large
    assert micro != large
    for slug in micro:
        program = catalogue[slug]
        assert not program.eligible_sizes or "micro" in program.eligible_sizes
        assert program.employees_min is None or program.employees_min <= 3


def test_without_employees_and_region_no_program_is_suggested(tmp_path: Path) -> None:
    assert _cli(tmp_path, {"employees": 45}, "fr") == []
    assert _api({"region": "02"}, "fr") == []
    doc = {"answers": uniform_answers(1)}
    response = Client().post(SCORE, json.dumps(doc), content_type="application/json")
    assert response.json()["programs"] == []


def test_an_unknown_legal_form_is_refused_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = {"employees": 45, "region": "02", "legal_form": "kingdom"}
    response = Client().post(
        SCORE, json.dumps(_answer_file(profile)), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["field"] == "organization.legal_form"
    with pytest.raises(SystemExit) as exc:
        _cli(tmp_path, profile, "fr")
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "organization.legal_form" in err
