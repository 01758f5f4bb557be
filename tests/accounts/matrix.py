"""Permission cases for accounts and organizations."""

from __future__ import annotations

from django.urls import reverse

from tests.permissions import Case

SIGNED_IN = {
    r: 200
    for r in ["staff", "member", "other_member", "partner", "student", "teacher", "jury", "expert"]
}

CASES = [
    Case("home", lambda w: reverse("home"), expect={}, default=200),
    Case("profile", lambda w: reverse("accounts:profile"), expect={"anonymous": 302, **SIGNED_IN}),
    Case("tokens", lambda w: reverse("accounts:tokens"), expect={"anonymous": 302, **SIGNED_IN}),
    Case(
        "organization-list",
        lambda w: reverse("accounts:organization_list"),
        expect={"anonymous": 302, **SIGNED_IN},
    ),
    Case(
        "organization-detail-own",
        lambda w: reverse("accounts:organization_detail", args=[w.member_org.slug]),
        expect={"anonymous": 302, "staff": 200, "member": 200},
        default=404,
    ),
    Case(
        "organization-edit-own",
        lambda w: reverse("accounts:organization_edit", args=[w.member_org.slug]),
        expect={"anonymous": 302, "staff": 200, "member": 200},
        default=404,
    ),
    Case(
        "organization-establishment-add",
        lambda w: reverse("accounts:establishment_add", args=[w.member_org.slug]),
        method="post",
        data=lambda w: {"city": "Alma", "region": "02"},
        expect={"anonymous": 302, "staff": 302, "member": 302},
        default=404,
    ),
    Case("api-me", lambda w: "/api/v1/accounts/me", expect={"anonymous": 401}, default=200),
    Case(
        "api-organization-own",
        lambda w: f"/api/v1/accounts/organizations/{w.member_org.slug}",
        expect={"anonymous": 401, "staff": 200, "member": 200},
        default=404,
    ),
    Case("admin-index", lambda w: "/fr/admin/", expect={"staff": 200}, default=302),
]


def _pending_request(w):  # type: ignore[no-untyped-def]
    from aluhub.accounts.services import role_request_create

    return w.once(
        "role-request",
        lambda: role_request_create(user=w.member, role="expert", reason="matrix"),
    )


CASES += [
    Case(
        "role-request",
        lambda w: reverse("accounts:role_request"),
        expect={"anonymous": 302, **SIGNED_IN},
    ),
    Case(
        "role-request-queue",
        lambda w: reverse("accounts:role_requests"),
        # member, other_member and partner own their organizations: they review their members.
        expect={"anonymous": 302, "staff": 200, "member": 200, "other_member": 200, "partner": 200},
    ),
    Case(
        "role-request-decide",
        lambda w: reverse("accounts:role_request_decide", args=[_pending_request(w).pk]),
        method="post",
        data=lambda w: {"decision": "decline"},
        expect={"anonymous": 302, "staff": 302},
        default=404,
    ),
]
