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


# --- Members and invitations: the owner (member) and staff manage member_org's people; a member
# of another organization, and every other role, do not see it (404).
_seq = iter(range(1_000_000))


def _fresh_invitation(w, email: str | None = None):  # type: ignore[no-untyped-def]
    """A new pending invitation of member_org (one per role: a revoke kills it), written
    without its e-mail (a queued message would put rows on the staff's outgoing e-mail page
    that the form crawl of tests/test_form_inputs.py then posts to)."""
    import secrets
    from datetime import timedelta

    from django.utils import timezone

    from aluhub.accounts.models import Invitation
    from aluhub.accounts.services import IssuedInvitation
    from aluhub.common.secret_links import hash_token

    secret = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organization=w.member_org,
        email=email or f"invitee{next(_seq)}@matrix.example.org",
        role="member",
        invited_by=w.member,
        token_hash=hash_token(secret),
        expires_at=timezone.now() + timedelta(days=14),
    )
    return IssuedInvitation(invitation=invitation, secret=secret)


def _fresh_membership(w):  # type: ignore[no-untyped-def]
    from tests.factories import MembershipFactory

    return MembershipFactory(organization=w.member_org, role="member")


MANAGERS = {"anonymous": 302, "staff": 302, "member": 302}

CASES += [
    Case(
        "invitation-create",
        lambda w: reverse("accounts:invitation_create", args=[w.member_org.slug]),
        method="post",
        data=lambda w: {"email": f"new{next(_seq)}@matrix.example.org", "role": "member"},
        expect=MANAGERS,
        default=404,
    ),
    Case(
        "invitation-resend",
        lambda w: reverse(
            "accounts:invitation_resend",
            args=[w.member_org.slug, _fresh_invitation(w).invitation.pk],
        ),
        method="post",
        expect=MANAGERS,
        default=404,
    ),
    Case(
        "invitation-revoke",
        lambda w: reverse(
            "accounts:invitation_revoke",
            args=[w.member_org.slug, _fresh_invitation(w).invitation.pk],
        ),
        method="post",
        expect=MANAGERS,
        default=404,
    ),
    Case(
        "membership-role",
        lambda w: reverse(
            "accounts:membership_role", args=[w.member_org.slug, _fresh_membership(w).pk]
        ),
        method="post",
        data=lambda w: {"role": "owner"},
        expect=MANAGERS,
        default=404,
    ),
    Case(
        "membership-remove",
        lambda w: reverse(
            "accounts:membership_remove", args=[w.member_org.slug, _fresh_membership(w).pk]
        ),
        method="post",
        expect=MANAGERS,
        default=404,
    ),
    Case(
        # Sent to other_member's address: they see the confirmation, a visitor the sign-in
        # choice, everyone else signed in the refusal "sent to another address".
        "invitation-accept-page",
        lambda w: reverse(
            "accounts:invitation_accept",
            args=[
                w.once(
                    "invitation", lambda: _fresh_invitation(w, email=w.other_member.email)
                ).secret
            ],
        ),
        expect={"anonymous": 200, "other_member": 200},
        default=403,
    ),
]

_API_ORG = "/api/v1/accounts/organizations/matrix-member-org"

CASES += [
    Case(
        "api-organization-members",
        lambda w: f"{_API_ORG}/members",
        expect={"anonymous": 401, "staff": 200, "member": 200},
        default=404,
    ),
    Case(
        "api-organization-invitations",
        lambda w: f"{_API_ORG}/invitations",
        expect={"anonymous": 401, "staff": 200, "member": 200},
        default=404,
    ),
    Case(
        "api-invitation-create",
        lambda w: f"{_API_ORG}/invitations",
        method="post",
        content_type="application/json",
        data=lambda w: {"email": f"api{next(_seq)}@matrix.example.org", "role": "member"},
        expect={"anonymous": 401, "staff": 201, "member": 201},
        default=404,
    ),
    Case(
        "api-invitation-revoke",
        lambda w: f"{_API_ORG}/invitations/{_fresh_invitation(w).invitation.pk}",
        method="delete",
        expect={"anonymous": 401, "staff": 204, "member": 204},
        default=404,
    ),
]
