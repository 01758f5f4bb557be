"""Factories of the financing tests (programs come from tests/funding/factories.py)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from aluhub.accounts.models import Organization, User
from aluhub.financing.models import AlertSubscription, Application, FinancingPlan


def make_alert(
    *, email: str = "alerts@example.org", query: str = "", language: str = "fr", **fields: Any
) -> AlertSubscription:
    values: dict[str, Any] = {
        "kind": "search",
        "frequency": "immediate",
        "confirmed_at": timezone.now(),
    }
    values.update(fields)
    return AlertSubscription.objects.create(email=email, query=query, language=language, **values)


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


def make_application(organization: Organization, program: Any, **fields: Any) -> Application:
    return Application.objects.create(organization=organization, program=program, **fields)
