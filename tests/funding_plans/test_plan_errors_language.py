"""The plan engine's refusals in the page's (or the API request's) language: a plan whose
pinned program left the catalogue, an organization profile the engine refuses."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.funding_plans import presenters
from aluhub.funding_plans.models import FinancingPlan
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.funding_plans.factories import computed_plan

pytestmark = pytest.mark.django_db


def _member(**org: Any) -> tuple[Any, Any]:
    user = UserFactory(preferred_language="fr")
    fields = {"region": "02", "employees": 45, "naics_codes": ["331318"], **org}
    organization = OrganizationFactory(**fields)
    MembershipFactory(user=user, organization=organization)
    return user, organization


def _url(lang: str, name: str, *args: Any) -> str:
    with translation.override(lang):
        return reverse(name, args=args)


def test_rerunning_a_plan_whose_pinned_program_left_the_catalogue_says_so_in_the_pages_language(
    client: Client,
) -> None:
    user, organization = _member()
    plan = computed_plan(organization, user=user)
    inputs = {**plan.inputs, "include": ["programme-retire"]}
    FinancingPlan.objects.filter(pk=plan.pk).update(inputs=inputs)
    client.force_login(user)

    french = client.post(_url("fr", "funding_plans:plan_rerun", plan.pk), {"action": "refresh"})
    english = client.post(_url("en", "funding_plans:plan_rerun", plan.pk), {"action": "refresh"})

    assert french.status_code == english.status_code == 400
    assert "Programme 1\u00a0: le programme programme-retire n’est pas au catalogue" in (
        french.content.decode()
    )
    assert "unknown program" not in french.content.decode()
    assert "Program 1: unknown program programme-retire" in english.content.decode()
    assert "include[0]" not in french.content.decode() + english.content.decode()


def test_a_new_plan_refused_by_the_engine_says_why_in_the_pages_language(client: Client) -> None:
    # Saved before the profile form checked the engine's bounds.
    user, _organization = _member(employees=20_000_000)
    client.force_login(user)
    fields = {
        "title": "Cellule",
        "cost_cad": "500000",
        "eligible_costs_cad": "400000",
        "goals": ["innovation_rd"],
    }

    french = client.post(_url("fr", "funding_plans:plan_create"), fields).content.decode()
    english = client.post(_url("en", "funding_plans:plan_create"), fields).content.decode()

    assert ("Nombre d’employés\u00a0: doit être compris entre 0 et 10\u00a0000\u00a0000") in french
    assert "Number of employees: must be between 0 and 10000000" in english
    assert FinancingPlan.objects.count() == 0


@pytest.mark.parametrize(
    ("lang", "says"),
    [("fr", "Programme\u00a0: Choisissez un programme."), ("en", "Program: Choose a program.")],
)
def test_a_plan_action_without_its_program_names_the_field_in_the_pages_language(
    client: Client, lang: str, says: str
) -> None:
    """The page named the form's field by its code, "program: Choose a program."."""
    user, organization = _member()
    plan = computed_plan(organization, user=user)
    client.force_login(user)

    response = client.post(_url(lang, "funding_plans:plan_rerun", plan.pk), {"action": "pin"})

    assert response.status_code == 400
    assert f"<p>{says}</p>" in response.content.decode()


def test_plan_api_refuses_an_unknown_program_in_the_request_language(client: Client) -> None:
    body = {
        "organization": {"employees": 45, "region": "02"},
        "project": {"goals": ["innovation_rd"], "cost_cad": 100_000},
        "include": ["programme-retire"],
    }

    def detail(language: str) -> tuple[int, str]:
        response = client.post(
            "/api/v1/financing/plan",
            data=json.dumps(body),
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE=language,
        )
        return response.status_code, response.json()["detail"]

    assert detail("en") == (422, "unknown program programme-retire")
    assert detail("fr") == (422, "le programme programme-retire n’est pas au catalogue")


@pytest.mark.parametrize(
    ("lang", "path", "label"),
    [
        ("fr", "exclude[1]", "Programme exclu 2"),
        ("en", "exclude[1]", "Excluded program 2"),
        ("fr", "units.mitacs", "Nombre d’unités (Mitacs Accélération)"),
        ("en", "units.mitacs", "Units of Mitacs Accelerate"),
        ("en", "project.goals[0]", "Goal 1"),
        ("fr", "something.else", "something.else"),
    ],
)
def test_plan_input_label_names_the_engines_paths(lang: str, path: str, label: str) -> None:
    names = {"fr": {"mitacs": "Mitacs Accélération"}, "en": {"mitacs": "Mitacs Accelerate"}}

    with translation.override(lang):
        assert presenters.input_label(path, names[lang]) == label


def test_a_program_both_pinned_and_excluded_is_refused_in_french_words(client: Client) -> None:
    """The French refusal named the API's key (« figure aussi dans exclude »)."""
    body = {
        "organization": {"employees": 45, "region": "02"},
        "project": {"goals": ["innovation_rd"], "cost_cad": 100_000},
        "include": ["mitacs"],
        "exclude": ["mitacs"],
    }
    response = client.post(
        "/api/v1/financing/plan",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert (response.status_code, response.json()["detail"]) == (
        422,
        "mitacs est aussi parmi les programmes exclus",
    )
