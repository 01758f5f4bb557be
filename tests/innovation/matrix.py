"""Permission cases of the innovation pillar: every page and endpoint, every role.

A technical request is seen only by the requester's organization, the assigned expert and
staff; to anyone else it does not exist (404). The world's ``expert`` user is the assigned
expert of the assigned request; ``member`` belongs to the requesting organization.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from aluhub.innovation.models import Attachment, Expert, Status, TechnicalRequest
from aluhub.innovation.questionnaire import load_questionnaire
from tests.permissions import Case, World

SAMPLE = "innovation/matrix/sample.pdf"
SIGNED_IN = ["staff", "member", "other_member", "partner", "student", "teacher", "jury", "expert"]
ALL_SIGNED_IN = {role: 200 for role in SIGNED_IN}
# Users with an organization (member, other_member, partner) may assess and file requests.
WITH_ORG = {"member": 200, "other_member": 200, "partner": 200}


def _assessment(w: World) -> int:
    from aluhub.innovation.services import assessment_create

    def make() -> int:
        answers = {q.code: 2 for q in load_questionnaire().questions}
        return assessment_create(
            organization=w.member_org, user=w.member, answers=answers, targets={}
        ).pk

    return int(w.once("assessment", make))


def _expert(w: World) -> Expert:
    return w.once(
        "expert", lambda: Expert.objects.create(user=w.expert, tags=["casting"], languages=["fr"])
    )


def _request(w: World, *, confidential: bool = False, assigned: bool = True) -> int:
    def make() -> int:
        tech = TechnicalRequest.objects.create(
            organization=w.member_org,
            requester=w.member,
            title="Retassures en fonderie",
            category="casting",
            description="Des retassures.",
            confidential=confidential,
            status=Status.ASSIGNED if assigned else Status.NEW,
            expert=_expert(w) if assigned else None,
        )
        return tech.pk

    return int(w.once(f"request-{confidential}-{assigned}", make))


def _attachment(w: World) -> tuple[int, int]:
    def make() -> tuple[int, int]:
        pk = _request(w)
        # One small shared file, written once (not one per test run) under MEDIA_ROOT.
        if not default_storage.exists(SAMPLE):
            default_storage.save(SAMPLE, ContentFile(b"%PDF-1.4\n%%EOF\n"))
        att = Attachment.objects.create(
            request_id=pk,
            file=SAMPLE,
            original_name="a.pdf",
            kind="pdf",
            size=15,
            uploaded_by=w.member,
        )
        return pk, att.pk

    return w.once("attachment", make)  # type: ignore[no-any-return]


# The three parties of an assigned request; everyone else gets 404.
PARTIES = {"anonymous": 302, "staff": 200, "member": 200, "expert": 200}
PARTIES_API = {"anonymous": 401, "staff": 200, "member": 200, "expert": 200}


def _score_body(w: World) -> dict[str, Any]:
    return {"answers": {q.code: 3 for q in load_questionnaire().questions}}


CASES = [
    Case("innovation-index", lambda w: reverse("innovation:index"), expect={}, default=200),
    Case(
        "innovation-assessment-new",
        lambda w: reverse("innovation:assessment_new"),
        expect={"anonymous": 302, **WITH_ORG},
    ),
    Case(
        "innovation-assessment-history",
        lambda w: reverse("innovation:assessment_history"),
        expect={"anonymous": 302, "staff": 200, **WITH_ORG},
    ),
    Case(
        "innovation-assessment-history-of-member-org",
        lambda w: reverse("innovation:assessment_history") + f"?organization={w.member_org.slug}",
        expect={"anonymous": 302, "staff": 200, "member": 200},
        default=404,
    ),
    Case(
        "innovation-assessment-detail",
        lambda w: reverse("innovation:assessment_detail", args=[_assessment(w)]),
        expect={"anonymous": 302, "staff": 200, "member": 200},
        default=404,
    ),
    Case(
        "innovation-assessment-pdf",
        lambda w: reverse("innovation:assessment_pdf", args=[_assessment(w)]),
        expect={"anonymous": 302, "staff": 200, "member": 200},
        default=404,
    ),
    Case(
        "innovation-request-list",
        lambda w: reverse("innovation:request_list"),
        expect={"anonymous": 302, **ALL_SIGNED_IN},
    ),
    Case(
        "innovation-request-new",
        lambda w: reverse("innovation:request_new"),
        expect={"anonymous": 302, **WITH_ORG},
    ),
    Case(
        "innovation-request-detail",
        lambda w: reverse("innovation:request_detail", args=[_request(w)]),
        expect=PARTIES,
        default=404,
    ),
    Case(
        "innovation-request-detail-confidential",
        lambda w: reverse("innovation:request_detail", args=[_request(w, confidential=True)]),
        expect=PARTIES,
        default=404,
    ),
    Case(
        # Not assigned yet: the expert of the world is no party to it.
        "innovation-request-detail-unassigned",
        lambda w: reverse("innovation:request_detail", args=[_request(w, assigned=False)]),
        expect={"anonymous": 302, "staff": 200, "member": 200},
        default=404,
    ),
    Case(
        "innovation-request-attachment",
        lambda w: reverse("innovation:request_attachment", args=list(_attachment(w))),
        expect=PARTIES,
        default=404,
    ),
    Case(
        "innovation-request-message",
        lambda w: reverse("innovation:request_message", args=[_request(w)]),
        method="post",
        data=lambda w: {"body": "Bonjour"},
        expect={"anonymous": 302, "staff": 302, "member": 302, "expert": 302},
        default=404,
    ),
    Case(
        "innovation-request-triage",
        lambda w: reverse("innovation:request_triage", args=[_request(w, assigned=False)]),
        method="post",
        data=lambda w: {"category": "casting"},
        expect={"anonymous": 302, "staff": 302, "member": 403},
        default=404,
    ),
    Case(
        # Only staff lift the confidentiality of the requester's identity.
        "innovation-request-identity",
        lambda w: reverse("innovation:request_identity", args=[_request(w, confidential=True)]),
        method="post",
        expect={"anonymous": 302, "staff": 302, "member": 403, "expert": 403},
        default=404,
    ),
    Case(
        "innovation-request-assign",
        lambda w: reverse("innovation:request_assign", args=[_request(w)]),
        method="post",
        data=lambda w: {"expert": _expert(w).pk},
        expect={"anonymous": 302, "staff": 302, "member": 403, "expert": 403},
        default=404,
    ),
    Case(
        # The requester may not mark it answered; the expert and staff may (then 302 again:
        # a second "answer" is refused by the lifecycle with a message, not an error page).
        "innovation-request-status-answer",
        lambda w: reverse("innovation:request_status", args=[_request(w)]),
        method="post",
        data=lambda w: {"action": "answer"},
        expect={"anonymous": 302, "staff": 302, "member": 403, "expert": 302},
        default=404,
    ),
    Case(
        "innovation-request-rate",
        lambda w: reverse("innovation:request_rate", args=[_request(w)]),
        method="post",
        data=lambda w: {"rating": "4"},
        expect={"anonymous": 302, "staff": 403, "member": 400, "expert": 403},
        default=404,
    ),
    Case(
        "innovation-expert-list",
        lambda w: reverse("innovation:expert_list"),
        expect={"anonymous": 302, "staff": 200},
    ),
    Case(
        "innovation-dashboard",
        lambda w: reverse("innovation:dashboard"),
        expect={"anonymous": 302, "staff": 200},
    ),
    Case(
        "innovation-dashboard-csv",
        lambda w: reverse("innovation:dashboard_csv"),
        expect={"anonymous": 302, "staff": 200},
    ),
    Case(
        "api-innovation-questionnaire",
        lambda w: "/api/v1/innovation/questionnaire",
        expect={},
        default=200,
    ),
    Case(
        "api-innovation-score",
        lambda w: "/api/v1/innovation/assessments/score",
        method="post",
        data=lambda w: json.dumps(_score_body(w)),  # type: ignore[arg-type,return-value]
        content_type="application/json",
        expect={},
        default=200,
    ),
    Case(
        "api-innovation-requests",
        lambda w: "/api/v1/innovation/requests",
        expect={"anonymous": 401},
        default=200,
    ),
    Case(
        "api-innovation-request-detail",
        lambda w: f"/api/v1/innovation/requests/{_request(w)}",
        expect=PARTIES_API,
        default=404,
    ),
    Case(
        "api-innovation-request-detail-confidential",
        lambda w: f"/api/v1/innovation/requests/{_request(w, confidential=True)}",
        expect=PARTIES_API,
        default=404,
    ),
]
