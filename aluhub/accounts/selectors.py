"""Reads and the access rules for accounts and organizations.

``get_organization_for_user`` is the only way views and API handlers fetch an
organization: it answers "may this user see / change this?" in one place.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _

from aluhub.common.access import is_staff
from aluhub.common.secret_links import hash_token

from .models import (
    ApiToken,
    Establishment,
    Invitation,
    Membership,
    MembershipRole,
    Organization,
    Role,
    RoleRequest,
    RoleRequestStatus,
    User,
)

AnyUser = User | AnonymousUser


def organizations_for_user(user: AnyUser) -> QuerySet[Organization]:
    """Organizations the user belongs to (staff: all)."""
    if not user.is_authenticated:
        return Organization.objects.none()
    if is_staff(user):
        return Organization.objects.all()
    return Organization.objects.filter(memberships__user=user).distinct()


def organizations_with_establishments(user: AnyUser) -> QuerySet[Organization]:
    """:func:`organizations_for_user` with each organization's establishments prefetched."""
    return organizations_for_user(user).prefetch_related("establishments")


def profile_organizations(user: AnyUser) -> QuerySet[Organization]:
    """The organizations listed on the user's profile: their own (none for staff, who see
    every organization on the organizations page)."""
    if is_staff(user):
        return Organization.objects.none()
    return organizations_for_user(user)


def memberships_of_user(user: User) -> QuerySet[Membership]:
    """The user's memberships with their organization."""
    return user.memberships.select_related("organization")


def organization_memberships(organization: Organization) -> QuerySet[Membership]:
    """An organization's memberships with their user."""
    return organization.memberships.select_related("user")


def organization_can_view(user: AnyUser, organization: Organization) -> bool:
    if not user.is_authenticated:
        return False
    if is_staff(user):
        return True
    return Membership.objects.filter(user=user, organization=organization).exists()


def organization_can_change(user: AnyUser, organization: Organization) -> bool:
    if not user.is_authenticated:
        return False
    if is_staff(user):
        return True
    return Membership.objects.filter(
        user=user, organization=organization, role=MembershipRole.OWNER
    ).exists()


def get_organization_for_user(
    user: AnyUser, slug: str, *, for_change: bool = False
) -> Organization:
    """Fetch an organization or raise 404 (unknown / not visible) or 403 (read-only)."""
    org = Organization.objects.filter(slug=slug).first()
    if org is None or not organization_can_view(user, org):
        raise Http404
    if for_change and not organization_can_change(user, org):
        raise PermissionDenied
    return org


def primary_organization(user: AnyUser) -> Organization | None:
    """The organization a member acts for by default (owner first, then oldest)."""
    if not user.is_authenticated:
        return None
    membership = (
        Membership.objects.filter(user=user)
        .select_related("organization")
        .order_by("-role", "created_at")  # "owner" sorts after "member": owners first
        .first()
    )
    return membership.organization if membership else None


def api_tokens_for_user(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def get_api_token_for_user(user: AnyUser, pk: int) -> ApiToken:
    token = ApiToken.objects.filter(pk=pk).first()
    if token is None or not user.is_authenticated or token.user_id != user.pk:
        raise Http404
    return token


def login_username(request: HttpRequest, credentials: dict[str, object] | None) -> str:
    """The login the lockout counts failures for (``AXES_USERNAME_CALLABLE``): case folded."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(raw).strip().lower()


# --- Role requests ------------------------------------------------------------------------


def _owned_organization_ids(user: AnyUser) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user_id=user.pk, role=MembershipRole.OWNER).values_list(
            "organization_id", flat=True
        )
    )


def role_request_can_decide(user: AnyUser, request: RoleRequest) -> bool:
    """Staff decide every request; an organization's owner decides its members' requests for
    roles other than staff (never their own)."""
    if not user.is_authenticated:
        return False
    if is_staff(user):
        return True
    return (
        request.role != Role.STAFF
        and request.user_id != user.pk
        and request.organization_id is not None
        and Membership.objects.filter(
            user_id=user.pk, organization_id=request.organization_id, role=MembershipRole.OWNER
        ).exists()
    )


def role_requests_to_decide(user: AnyUser) -> QuerySet[RoleRequest]:
    """Pending requests ``user`` may decide, oldest first."""
    qs = RoleRequest.objects.filter(status=RoleRequestStatus.PENDING).select_related(
        "user", "organization"
    )
    if not user.is_authenticated:
        return qs.none()
    if not is_staff(user):
        qs = (
            qs.filter(organization_id__in=_owned_organization_ids(user))
            .exclude(role=Role.STAFF)
            .exclude(user_id=user.pk)
        )
    return qs.order_by("created_at", "pk")


def can_review_role_requests(user: AnyUser) -> bool:
    return is_staff(user) or (bool(_owned_organization_ids(user)))


def get_role_request_for_user(user: AnyUser, pk: int) -> RoleRequest:
    """A request the user may decide (else 404)."""
    request = RoleRequest.objects.select_related("user", "organization").filter(pk=pk).first()
    if request is None or not role_request_can_decide(user, request):
        raise Http404
    return request


def role_requests_of_user(user: AnyUser) -> QuerySet[RoleRequest]:
    if not user.is_authenticated:
        return RoleRequest.objects.none()
    return RoleRequest.objects.filter(user_id=user.pk).order_by("-created_at")


def closed_accounts_with_email(email: str) -> QuerySet[User]:
    """The deactivated accounts of ``email`` (letter case aside): a reset or a sign-up with
    their address tells their owner whom to ask (services_signup)."""
    return User.objects.filter(email__iexact=email.strip(), is_active=False)


def user_from_link(uidb64: str) -> User | None:
    """The user an e-mail link's ``uidb64`` names (None when it names nobody)."""
    try:
        return User.objects.filter(pk=force_str(urlsafe_base64_decode(uidb64))).first()
    except (ValueError, TypeError, OverflowError):
        return None


def user_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()


def establishment_of(organization: Organization, pk: int) -> Establishment | None:
    return Establishment.objects.filter(organization=organization, pk=pk).first()


def require_role_request_reviewer(user: AnyUser) -> None:
    """403 unless the user reviews role requests (staff, or an organization's owner)."""
    if not can_review_role_requests(user):
        raise PermissionDenied(
            _(
                "Role requests are reviewed by the cluster staff and by each organization's "
                "owner for its members."
            )
        )


# --- Members and invitations ----------------------------------------------------------------
# Who manages an organization's people is organization_can_change: its owners and cluster staff.


def _people_refused() -> str:
    return _("Only the organization's owners and the cluster staff manage its people.")


def require_member_manager(user: AnyUser, organization: Organization) -> None:
    """403 unless ``user`` manages the organization's people (an owner, or cluster staff)."""
    if not organization_can_change(user, organization):
        raise PermissionDenied(_people_refused())


def get_organization_for_members(user: AnyUser, slug: str) -> Organization:
    """An organization whose people ``user`` manages: 404 when they may not see it, 403 when
    they see it without managing its people."""
    org = get_organization_for_user(user, slug)
    require_member_manager(user, org)
    return org


def pending_invitations(organization: Organization) -> QuerySet[Invitation]:
    """The organization's invitations neither accepted nor revoked (expired ones included),
    newest first."""
    return organization.invitations.filter(
        accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("invited_by")


def get_invitation_for_manager(user: AnyUser, organization: Organization, pk: int) -> Invitation:
    """A pending invitation of the organization, for one who manages its people (else 404/403)."""
    require_member_manager(user, organization)
    invitation = pending_invitations(organization).filter(pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation


def membership_can_remove(user: AnyUser, membership: Membership) -> bool:
    """Owners and staff remove anyone; every member may leave (remove themselves)."""
    return user.is_authenticated and (
        membership.user_id == user.pk or organization_can_change(user, membership.organization)
    )


def get_membership_for_removal(user: AnyUser, organization: Organization, pk: int) -> Membership:
    """A membership of the organization that ``user`` may remove (404 when not there)."""
    membership = organization_memberships(organization).filter(pk=pk).first()
    if membership is None:
        raise Http404
    require_membership_removal(user, membership)
    return membership


def require_membership_removal(user: AnyUser, membership: Membership) -> None:
    """403 unless ``user`` may remove ``membership`` (see :func:`membership_can_remove`)."""
    if not membership_can_remove(user, membership):
        raise PermissionDenied(_people_refused())


def get_membership_for_manager(user: AnyUser, organization: Organization, pk: int) -> Membership:
    """A membership of the organization whose role ``user`` may change (owners, staff)."""
    require_member_manager(user, organization)
    membership = organization_memberships(organization).filter(pk=pk).first()
    if membership is None:
        raise Http404
    return membership


def invitation_by_secret(secret: str) -> Invitation | None:
    """The invitation a link's secret opens (whatever its state), or None."""
    return (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(token_hash=hash_token(secret))
        .first()
    )


def invitation_open_to(secret: str, email: str) -> bool:
    """Whether ``secret`` opens a live invitation (not used, revoked or expired) to ``email``."""
    invitation = invitation_by_secret(secret) if secret else None
    return (
        invitation is not None
        and invitation.is_pending
        and not invitation.is_expired
        and invitation.email.lower() == email.strip().lower()
    )


def is_member(email: str, organization: Organization) -> bool:
    return organization.memberships.filter(user__email__iexact=email.strip()).exists()


def masked_email(email: str) -> str:
    """An address shown to someone who may not own it: its first letter and its domain
    (``c…@example.org``)."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}…@{domain}"
