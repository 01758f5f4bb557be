"""Permission cases of catalogue curation: a partner sees its own proposals, staff
everything (run through tests/funding/matrix.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from aluhub.funding.curation.models import ImportBatch, ProgramProposal
from tests.funding.alerts.factories import make_alert
from tests.funding_plans.factories import make_application, make_plan
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
    return w.once(
        "import",
        lambda: ImportBatch.objects.create(filename="x.csv", csv_text="id\na\n", columns=["id"]),
    )


PLAN_BODY = {
    "organization": {"employees": 45, "region": "02"},
    "project": {"goals": ["growth"], "cost_cad": 100000},
}

CASES = [
    # Curation.
    Case("fin-proposal-list", lambda w: reverse("funding:proposal_list"), expect=PARTNER_PAGE),
    Case("fin-proposal-create", lambda w: reverse("funding:proposal_create"), expect=PARTNER_PAGE),
    Case(
        "fin-proposal-edit",
        lambda w: reverse("funding:proposal_edit", args=[_program(w).slug]),
        expect=PARTNER_PAGE,
    ),
    Case(
        "fin-proposal-detail-partner",
        lambda w: reverse("funding:proposal_detail", args=[_proposal(w).pk]),
        expect=PARTNER_PAGE,
    ),
    Case(
        "fin-proposal-review",
        lambda w: reverse("funding:proposal_review", args=[_fresh_proposal(w).pk]),
        method="post",
        data=lambda w: {"decision": "reject", "note": "no"},
        expect={"anonymous": 302, "staff": 302, "partner": 403},
        default=404,
    ),
    Case("fin-stale-report", lambda w: reverse("funding:stale_report"), expect=STAFF_PAGE),
    Case("fin-import-index", lambda w: reverse("funding:import_index"), expect=STAFF_PAGE),
    Case(
        "fin-import-detail",
        lambda w: reverse("funding:import_detail", args=[_import(w).pk]),
        expect=STAFF_PAGE,
    ),
]
