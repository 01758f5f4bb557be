"""Permission cases for the funding app: public catalogue, member-only matching page."""

from __future__ import annotations

import json

from django.urls import reverse

from tests.funding.alerts.matrix import CASES as ALERT_CASES
from tests.funding.curation.matrix import CASES as CURATION_CASES
from tests.funding.factories import make_program
from tests.permissions import Case, World

SIGNED_IN = {
    r: 200
    for r in ["staff", "member", "other_member", "partner", "student", "teacher", "jury", "expert"]
}


def _program(world: World, publication: str) -> str:
    slug = f"matrix-{publication}"
    world.once(slug, lambda: make_program(slug, publication=publication))
    return slug


MATCH = {
    "organization": {"employees": 20, "region": "02"},
    "project": {"goals": ["export"]},
}

CASES = [
    Case("funding-finder", lambda w: reverse("funding:finder"), expect={}, default=200),
    Case(
        "funding-program-published",
        lambda w: reverse("funding:program_detail", args=[_program(w, "published")]),
        expect={},
        default=200,
    ),
    Case(
        "funding-program-draft",
        lambda w: reverse("funding:program_detail", args=[_program(w, "draft")]),
        expect={"staff": 200},
        default=404,
    ),
    Case("funding-support", lambda w: reverse("funding:support"), expect={}, default=200),
    Case(
        "funding-support-guide-pdf",
        lambda w: reverse("funding:support_export", args=["pdf"]),
        expect={},
        default=200,
    ),
    Case(
        "funding-export-csv",
        lambda w: reverse("funding:export", args=["csv"]),
        expect={},
        default=200,
    ),
    Case(
        "funding-my-programs",
        lambda w: reverse("funding:my_programs"),
        expect={"anonymous": 302, **SIGNED_IN},
    ),
    Case(
        "funding-my-programs-post",
        lambda w: reverse("funding:my_programs"),
        method="post",
        data=lambda w: {"goals": ["export"]},
        expect={"anonymous": 302, **SIGNED_IN},
    ),
    Case("api-funding-programs", lambda w: "/api/v1/funding/programs", expect={}, default=200),
    Case(
        "api-funding-program-draft",
        lambda w: f"/api/v1/funding/programs/{_program(w, 'draft')}",
        expect={"staff": 200},
        default=404,
    ),
    Case(
        "api-funding-match",
        lambda w: "/api/v1/funding/match",
        method="post",
        data=lambda w: json.dumps(MATCH),  # type: ignore[arg-type,return-value]
        content_type="application/json",
        expect={},
        default=200,
    ),
    Case(
        "api-funding-support",
        lambda w: "/api/v1/funding/support-organizations",
        expect={},
        default=200,
    ),
]

# Alert and curation pages (aluhub/funding/alerts/, aluhub/funding/curation/).
CASES += ALERT_CASES + CURATION_CASES
