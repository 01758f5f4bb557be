"""Financing API: the financing plan (the ``funding_plan`` CLI's JSON in and out), the
saved plans and the tracked applications of the caller's organizations."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from aluhub.accounts.auth import AUTH, OPTIONAL_AUTH
from aluhub.common import http
from aluhub.common.http import LimitOffsetPagination
from aluhub.common.lang import active_lang
from aluhub.engines.errors import EngineInputError
from aluhub.engines.funding_plan import in_language
from aluhub.engines.matching import answer_lang, parse_lang

from . import selectors, services
from .models import Application, FinancingPlan

router = Router(tags=["financing"])


@router.post(
    "/plan", auth=OPTIONAL_AUTH, openapi_extra=http.engine_openapi("funding_plan", public=True)
)
def financing_plan(request: HttpRequest, lang: str | None = None) -> dict[str, Any]:
    """Body: the CLI's JSON (`organization`, `project`, `include`, `exclude`,
    `max_public_aid_pct`). Answer: the CLI's JSON output. A bad field answers 422
    `{"detail", "field"}`."""
    data = http.engine_body(request, "funding_plan")
    chosen = parse_lang(lang, "lang") if lang else None
    if chosen is None and isinstance(data, dict) and data.get("lang") is None:
        chosen = active_lang()
    try:
        return services.plan_compute(inputs=data, lang=chosen)
    except EngineInputError as exc:  # the profile's errors said in the answer's language
        raise in_language(exc, answer_lang(data, chosen, active_lang())) from None


class PlanOut(Schema):
    id: int
    title: str
    organization: str
    inputs: dict[str, Any]
    result: dict[str, Any]
    lang: str


def plan_out(plan: FinancingPlan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "title": plan.title,
        "organization": plan.organization.slug,
        "inputs": plan.inputs,
        "result": plan.result,
        "lang": plan.lang,
    }


@router.get("/plans", response=list[PlanOut], auth=AUTH)
@paginate(LimitOffsetPagination)
def list_plans(request: HttpRequest) -> list[dict[str, Any]]:
    """Saved plans of the caller's organizations (staff: all)."""
    return [plan_out(p) for p in selectors.plans_for_user(request.user)]


@router.get("/plans/{pk}", response=PlanOut, auth=AUTH)
def get_plan(request: HttpRequest, pk: int) -> dict[str, Any]:
    return plan_out(selectors.get_plan_for_user(request.user, pk))


class ApplicationOut(Schema):
    id: int
    organization: str
    program: str
    stage: str
    amount_requested_cad: float | None
    amount_approved_cad: float | None
    amount_paid_cad: float | None
    deadline: date | None
    submitted_on: date | None
    decided_on: date | None
    paid_on: date | None


def application_out(a: Application) -> dict[str, Any]:
    def num(value: Any) -> float | None:
        return None if value is None else float(value)

    return {
        "id": a.pk,
        "organization": a.organization.slug,
        "program": a.program.slug,
        "stage": a.stage,
        "amount_requested_cad": num(a.amount_requested_cad),
        "amount_approved_cad": num(a.amount_approved_cad),
        "amount_paid_cad": num(a.amount_paid_cad),
        "deadline": a.deadline,
        "submitted_on": a.submitted_on,
        "decided_on": a.decided_on,
        "paid_on": a.paid_on,
    }


@router.get("/applications", response=list[ApplicationOut], auth=AUTH)
@paginate(LimitOffsetPagination)
def list_applications(request: HttpRequest) -> list[dict[str, Any]]:
    """Tracked applications of the caller's organizations (staff: all)."""
    return [application_out(a) for a in selectors.applications_for_user(request.user)]


@router.get("/applications/{pk}", response=ApplicationOut, auth=AUTH)
def get_application(request: HttpRequest, pk: int) -> dict[str, Any]:
    return application_out(selectors.get_application_for_user(request.user, pk))
