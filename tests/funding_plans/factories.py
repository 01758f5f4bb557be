"""Factories of the financing-plan and tracking tests (programs come from
tests/funding/factories.py)."""

from __future__ import annotations

from typing import Any

from aluhub.accounts.models import Organization, User
from aluhub.funding_plans.models import Application, FinancingPlan


def make_plan(
    organization: Organization, *, user: User | None = None, **fields: Any
) -> FinancingPlan:
    values: dict[str, Any] = {
        "title": "Robot cell",
        "inputs": {
            "organization": {"employees": 45, "region": "02"},
            "project": {"goals": ["productivity_automation"], "cost_cad": 1000000},
            "include": [],
            "exclude": [],
        },
        "result": {"lines": [], "total_non_repayable_cad": 0, "total_repayable_cad": 0},
    }
    values.update(fields)
    return FinancingPlan.objects.create(organization=organization, created_by=user, **values)


def plan_member() -> tuple[User, Organization]:
    """A member of a 45-employee aluminium firm (NAICS 331318) in Saguenay–Lac-Saint-Jean,
    the organization its plans are computed for."""
    from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

    user = UserFactory()
    organization = OrganizationFactory(region="02", employees=45, naics_codes=["331318"])
    MembershipFactory(user=user, organization=organization)
    return user, organization


def make_application(organization: Organization, program: Any, **fields: Any) -> Application:
    return Application.objects.create(organization=organization, program=program, **fields)


def computed_plan(
    organization: Organization,
    *,
    user: User | None = None,
    lang: str = "fr",
    title: str = "Cellule robotisée",
    goals: tuple[str, ...] = ("productivity_automation",),
    cost_cad: float = 1_500_000,
    eligible_costs_cad: float | None = 1_200_000,
    **inputs: Any,
) -> FinancingPlan:
    """A plan computed by the engine, as the "new plan" page saves it (``inputs``: include,
    exclude, max_public_aid_pct, units...)."""
    from aluhub.funding_plans import services

    return services.financing_plan_create(
        organization=organization,
        created_by=user,
        title=title,
        inputs=services.plan_inputs(
            organization=organization,
            goals=list(goals),
            cost_cad=cost_cad,
            eligible_costs_cad=eligible_costs_cad,
            **inputs,
        ),
        lang=lang,  # type: ignore[arg-type]
    )
