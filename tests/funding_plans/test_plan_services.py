"""A saved plan reads in the viewer's language, with the stored amounts as the record
(``funding_plans.services.plan_result_for``)."""

from __future__ import annotations

from typing import Any

import pytest

from aluhub.funding_plans import services
from aluhub.funding_plans.models import FinancingPlan
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.funding_plans.factories import computed_plan

pytestmark = pytest.mark.django_db

# The engine's own sentences (aluhub/engines/funding_plan.py), the start of each.
CAP_FR = "Cumul des aides publiques fixé par défaut"
CAP_EN = "Public-aid cap set by default"


def _member() -> tuple[Any, Any]:
    user = UserFactory(preferred_language="fr")
    organization = OrganizationFactory(
        region="02", employees=45, naics_codes=["331318"], founded_year=2004
    )
    MembershipFactory(user=user, organization=organization)
    return user, organization


def _french_plan(organization: Any, user: Any) -> FinancingPlan:
    # No public-aid cap given: the engine warns that it used its default cap.
    return computed_plan(organization, user=user)


def test_plan_result_for_same_language_is_the_stored_result() -> None:
    user, organization = _member()
    plan = _french_plan(organization, user)

    shown = services.plan_result_for(plan, "fr")

    assert (shown.result, shown.catalogue_changed) == (plan.result, False)


def test_plan_result_for_other_language_translates_and_keeps_amounts() -> None:
    user, organization = _member()
    plan = _french_plan(organization, user)
    assert plan.result["lines"]  # the reference catalogue funds this project

    shown = services.plan_result_for(plan, "en")

    assert shown.catalogue_changed is False
    assert [(x["program"], x["amount_cad"]) for x in shown.result["lines"]] == [
        (x["program"], x["amount_cad"]) for x in plan.result["lines"]
    ]
    assert shown.result["total_aid_cad"] == plan.result["total_aid_cad"]
    assert any(w.startswith(CAP_EN) for w in shown.result["warnings"])
    assert not any(w.startswith(CAP_FR) for w in shown.result["warnings"])
    assert [x["why"] for x in shown.result["lines"]] != [x["why"] for x in plan.result["lines"]]
