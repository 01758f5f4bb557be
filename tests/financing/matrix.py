"""Permission cases of the financing app: a member sees only its own organization's
plans and tracking, a partner its own proposals, staff everything."""

from __future__ import annotations

import json
from typing import Any

from django.urls import reverse

from aluhub.financing.models import ProgramProposal
from tests.financing.factories import make_alert, make_application, make_plan
from tests.permissions import Case, World

SIGNED_IN = ["staff", "member", "other_member", "partner", "student", "teacher", "jury", "expert"]
ALL_SIGNED_IN = {r: 200 for r in SIGNED_IN}
OWN_ORG_PAGE = {"anonymous": 302, "staff": 200, "member": 200}
OWN_ORG_POST = {"anonymous": 302, "staff": 302, "member": 302}
OWN_ORG_API = {"anonymous": 401, "staff": 200, "member": 200}
STAFF_PAGE = {"anonymous": 302, "staff": 200}
PARTNER_PAGE = {"anonymous": 302, "staff": 200, "partner": 200}


def _program(w: World) -> Any:
    from tests.funding.factories import make_program

    return w.once("program", lambda: make_program("matrix-program"))


def _plan(w: World) -> Any:
    return w.once("plan", lambda: make_plan(w.member_org, user=w.member))


def _application(w: World) -> Any:
    return w.once("application", lambda: make_application(w.member_org, _program(w)))


def _proposal(w: World) -> ProgramProposal:
    return w.once(
        "proposal",
        lambda: ProgramProposal.objects.create(
            kind="new", fields={"name_fr": "Matrix", "level": "regional"}, proposed_by=w.partner
        ),
    )


def _fresh_proposal(w: World) -> ProgramProposal:
    return ProgramProposal.objects.create(
        kind="new", fields={"name_fr": "Matrix fresh", "level": "regional"}, proposed_by=w.partner
    )


def _alert(w: World) -> Any:
    return w.once(
        "alert", lambda: make_alert(email=w.member.email, user=w.member, query="region=02")
    )


def _import(w: World) -> Any:
    from aluhub.financing.models import ImportBatch

    return w.once(
        "import",
        lambda: ImportBatch.objects.create(filename="x.csv", csv_text="id\na\n", columns=["id"]),
    )


PLAN_BODY = {
    "organization": {"employees": 45, "region": "02"},
    "project": {"goals": ["growth"], "cost_cad": 100000},
}

CASES = [
    # Alerts: public pages, the company alert needs an account.
    Case("fin-alert-index", lambda w: reverse("financing:alert_index"), expect={}, default=200),
    Case(
        "fin-alert-subscribe",
        lambda w: reverse("financing:alert_subscribe") + "?region=02",
        expect={},
        default=200,
    ),
    Case(
        "fin-alert-subscribe-bad-email",
        lambda w: reverse("financing:alert_subscribe"),
        method="post",
        data=lambda w: {"email": "nope", "frequency": "weekly", "language": "fr"},
        expect={},
        default=200,
    ),
    Case("fin-alert-feed", lambda w: reverse("financing:alert_feed"), expect={}, default=200),
    Case(
        "fin-alert-calendar", lambda w: reverse("financing:alert_calendar"), expect={}, default=200
    ),
    Case(
        "fin-alert-unsubscribe-page",
        lambda w: reverse("financing:alert_unsubscribe", args=[_alert(w).token]),
        expect={},
        default=200,
    ),
    Case(
        "fin-alert-confirm-unknown",
        lambda w: reverse("financing:alert_confirm", args=["unknown"]),
        method="post",
        expect={},
        default=404,
    ),
    Case(
        "fin-company-alert",
        lambda w: reverse("financing:company_alert"),
        expect={"anonymous": 302, **ALL_SIGNED_IN},
    ),
    Case(
        "fin-alert-stop-own",
        lambda w: reverse("financing:alert_delete", args=[_alert(w).pk]),
        method="post",
        expect={"anonymous": 302, "staff": 302, "member": 302},
        default=404,
    ),
    # Financing plans.
    Case(
        "fin-plan-list",
        lambda w: reverse("financing:plan_list"),
        expect={"anonymous": 302, **ALL_SIGNED_IN},
    ),
    Case(
        "fin-plan-create",
        lambda w: reverse("financing:plan_create"),
        expect={"anonymous": 302, **ALL_SIGNED_IN},
    ),
    Case(
        "fin-plan-detail-own",
        lambda w: reverse("financing:plan_detail", args=[_plan(w).pk]),
        expect=OWN_ORG_PAGE,
        default=404,
    ),
    Case(
        "fin-plan-export-pdf-own",
        lambda w: reverse("financing:plan_export", args=[_plan(w).pk, "pdf"]),
        expect=OWN_ORG_PAGE,
        default=404,
    ),
    Case(
        "fin-plan-export-xlsx-own",
        lambda w: reverse("financing:plan_export", args=[_plan(w).pk, "xlsx"]),
        expect=OWN_ORG_PAGE,
        default=404,
    ),
    Case(
        "fin-plan-rerun-own",
        lambda w: reverse("financing:plan_rerun", args=[_plan(w).pk]),
        method="post",
        data=lambda w: {"action": "exclude", "program": "rq-c3i-credit-investissement-innovation"},
        expect=OWN_ORG_POST,
        default=404,
    ),
    Case(
        "fin-plan-rerun-bad-action",
        lambda w: reverse("financing:plan_rerun", args=[_plan(w).pk]),
        method="post",
        data=lambda w: {"action": "explode", "program": "x"},
        expect={"anonymous": 302, "staff": 400, "member": 400},
        default=404,
    ),
    Case(
        "fin-plan-delete-own",
        lambda w: reverse(
            "financing:plan_delete", args=[make_plan(w.member_org, user=w.member).pk]
        ),
        method="post",
        data=lambda w: {"confirmed": "1"},
        expect=OWN_ORG_POST,
        default=404,
    ),
    Case(
        "fin-plan-delete-confirm-page",
        lambda w: reverse("financing:plan_delete", args=[_plan(w).pk]),
        expect=OWN_ORG_PAGE,
        default=404,
    ),
    # Application tracking.
    Case(
        "fin-application-list",
        lambda w: reverse("financing:application_list"),
        expect={"anonymous": 302, **ALL_SIGNED_IN},
    ),
    Case(
        "fin-application-create",
        lambda w: reverse("financing:application_create"),
        expect={"anonymous": 302, **ALL_SIGNED_IN},
    ),
    Case(
        "fin-application-edit-own",
        lambda w: reverse("financing:application_edit", args=[_application(w).pk]),
        expect=OWN_ORG_PAGE,
        default=404,
    ),
    Case(
        "fin-application-delete-own",
        lambda w: reverse(
            "financing:application_delete",
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
        lambda w: reverse("financing:application_delete", args=[_application(w).pk]),
        expect=OWN_ORG_PAGE,
        default=404,
    ),
    Case("fin-dashboard", lambda w: reverse("financing:dashboard"), expect=STAFF_PAGE),
    Case(
        "fin-dashboard-export", lambda w: reverse("financing:dashboard_export"), expect=STAFF_PAGE
    ),
    # Curation.
    Case("fin-proposal-list", lambda w: reverse("financing:proposal_list"), expect=PARTNER_PAGE),
    Case(
        "fin-proposal-create", lambda w: reverse("financing:proposal_create"), expect=PARTNER_PAGE
    ),
    Case(
        "fin-proposal-edit",
        lambda w: reverse("financing:proposal_edit", args=[_program(w).slug]),
        expect=PARTNER_PAGE,
    ),
    Case(
        "fin-proposal-detail-partner",
        lambda w: reverse("financing:proposal_detail", args=[_proposal(w).pk]),
        expect=PARTNER_PAGE,
    ),
    Case(
        "fin-proposal-review",
        lambda w: reverse("financing:proposal_review", args=[_fresh_proposal(w).pk]),
        method="post",
        data=lambda w: {"decision": "reject", "note": "no"},
        expect={"anonymous": 302, "staff": 302, "partner": 403},
        default=404,
    ),
    Case("fin-stale-report", lambda w: reverse("financing:stale_report"), expect=STAFF_PAGE),
    Case("fin-import-index", lambda w: reverse("financing:import_index"), expect=STAFF_PAGE),
    Case(
        "fin-import-detail",
        lambda w: reverse("financing:import_detail", args=[_import(w).pk]),
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
