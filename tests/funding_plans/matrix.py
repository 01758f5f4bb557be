"""Permission cases of financing plans and application tracking: a member sees only its own
organization's plans and applications, staff everything."""

from __future__ import annotations

import json
from typing import Any

from django.urls import reverse

from tests.funding_plans.factories import make_application, make_plan
from tests.permissions import Case, World

SIGNED_IN = ["staff", "member", "other_member", "partner", "student", "teacher", "jury", "expert"]
ALL_SIGNED_IN = {r: 200 for r in SIGNED_IN}
OWN_ORG_PAGE = {"anonymous": 302, "staff": 200, "member": 200}
OWN_ORG_POST = {"anonymous": 302, "staff": 302, "member": 302}
OWN_ORG_API = {"anonymous": 401, "staff": 200, "member": 200}
STAFF_PAGE = {"anonymous": 302, "staff": 200}


def _program(w: World) -> Any:
    from tests.funding.factories import make_program

    return w.once("program", lambda: make_program("matrix-program"))


def _plan(w: World) -> Any:
    return w.once("plan", lambda: make_plan(w.member_org, user=w.member))


def _application(w: World) -> Any:
    return w.once("application", lambda: make_application(w.member_org, _program(w)))


PLAN_BODY = {
    "organization": {"employees": 45, "region": "02"},
    "project": {"goals": ["growth"], "cost_cad": 100000},
}

CASES = [
    # Financing plans.
    Case(
        "fin-plan-list",
        lambda w: reverse("funding_plans:plan_list"),
        expect={"anonymous": 302, **ALL_SIGNED_IN},
    ),
    Case(
        "fin-plan-create",
        lambda w: reverse("funding_plans:plan_create"),
        expect={"anonymous": 302, **ALL_SIGNED_IN},
    ),
    Case(
        "fin-plan-detail-own",
        lambda w: reverse("funding_plans:plan_detail", args=[_plan(w).pk]),
        expect=OWN_ORG_PAGE,
        default=404,
    ),
    Case(
        "fin-plan-export-pdf-own",
        lambda w: reverse("funding_plans:plan_export", args=[_plan(w).pk, "pdf"]),
        expect=OWN_ORG_PAGE,
        default=404,
    ),
    Case(
        "fin-plan-export-xlsx-own",
        lambda w: reverse("funding_plans:plan_export", args=[_plan(w).pk, "xlsx"]),
        expect=OWN_ORG_PAGE,
        default=404,
    ),
    Case(
        "fin-plan-rerun-own",
        lambda w: reverse("funding_plans:plan_rerun", args=[_plan(w).pk]),
        method="post",
        data=lambda w: {"action": "exclude", "program": "rq-c3i-credit-investissement-innovation"},
        expect=OWN_ORG_POST,
        default=404,
    ),
    Case(
        "fin-plan-rerun-bad-action",
        lambda w: reverse("funding_plans:plan_rerun", args=[_plan(w).pk]),
        method="post",
        data=lambda w: {"action": "explode", "program": "x"},
        expect={"anonymous": 302, "staff": 400, "member": 400},
        default=404,
    ),
    Case(
        "fin-plan-delete-own",
        lambda w: reverse(
            "funding_plans:plan_delete", args=[make_plan(w.member_org, user=w.member).pk]
        ),
        method="post",
        data=lambda w: {"confirmed": "1"},
        expect=OWN_ORG_POST,
        default=404,
    ),
    Case(
        "fin-plan-delete-confirm-page",
        lambda w: reverse("funding_plans:plan_delete", args=[_plan(w).pk]),
        expect=OWN_ORG_PAGE,
        default=404,
    ),
    # Application tracking.
    Case(
        "fin-application-list",
        lambda w: reverse("funding_plans:application_list"),
        expect={"anonymous": 302, **ALL_SIGNED_IN},
    ),
    Case(
        "fin-application-create",
        lambda w: reverse("funding_plans:application_create"),
        expect={"anonymous": 302, **ALL_SIGNED_IN},
    ),
    Case(
        "fin-application-edit-own",
        lambda w: reverse("funding_plans:application_edit", args=[_application(w).pk]),
        expect=OWN_ORG_PAGE,
        default=404,
    ),
    Case(
        "fin-application-delete-own",
        lambda w: reverse(
            "funding_plans:application_delete",
            args=[
                make_application(
                    w.member_org,
                    __import__("tests.funding.factories", fromlist=["x"]).make_program(
                        f"matrix-del-{__import__('uuid').uuid4().hex[:8]}"
                    ),
                ).pk
            ],
        ),
        method="post",
        data=lambda w: {"confirmed": "1"},
        expect=OWN_ORG_POST,
        default=404,
    ),
    Case(
        "fin-application-delete-confirm-page",
        lambda w: reverse("funding_plans:application_delete", args=[_application(w).pk]),
        expect=OWN_ORG_PAGE,
        default=404,
    ),
    Case("fin-dashboard", lambda w: reverse("funding_plans:dashboard"), expect=STAFF_PAGE),
    Case(
        "fin-dashboard-export",
        lambda w: reverse("funding_plans:dashboard_export"),
        expect=STAFF_PAGE,
    ),
    # API.
    Case(
        "fin-api-plan",
        lambda w: "/api/v1/financing/plan",
        method="post",
        data=lambda w: PLAN_BODY,
        content_type="application/json",
        expect={},
        default=200,
    ),
    Case(
        "fin-api-plan-bad-input",
        lambda w: "/api/v1/financing/plan",
        method="post",
        data=lambda w: json.loads('{"organization": {"employees": -1, "region": "02"}}'),
        content_type="application/json",
        expect={},
        default=422,
    ),
    Case(
        "fin-api-plans",
        lambda w: "/api/v1/financing/plans",
        expect={"anonymous": 401},
        default=200,
    ),
    Case(
        "fin-api-plan-own",
        lambda w: f"/api/v1/financing/plans/{_plan(w).pk}",
        expect=OWN_ORG_API,
        default=404,
    ),
    Case(
        "fin-api-applications",
        lambda w: "/api/v1/financing/applications",
        expect={"anonymous": 401},
        default=200,
    ),
    Case(
        "fin-api-application-own",
        lambda w: f"/api/v1/financing/applications/{_application(w).pk}",
        expect=OWN_ORG_API,
        default=404,
    ),
]
