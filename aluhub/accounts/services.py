"""Writes for accounts and organizations. Every write is atomic and named <noun>_<verb>."""

from __future__ import annotations

import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aluhub.collab.services_initiatives import organization_initiatives_refresh
from aluhub.common.mail import send_email, site_url
from aluhub.common.secret_links import hash_token
from aluhub.common.slugs import unique_slug
from aluhub.directory.services import organization_entry_refresh
from aluhub.workforce.indexing import organization_jobs_refresh

from .models import (
    GRANTED_ROLES,
    INVITATION_VALID_DAYS,
    INVITATIONS_PENDING_MAX,
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
from .validators import normalize_neq

TOKEN_PREFIX = "alu_"  # noqa: S105 - a public prefix, not a secret


def user_update_profile(
    *, user: User, first_name: str, last_name: str, preferred_language: str
) -> User:
    with transaction.atomic():
        user.first_name = first_name
        user.last_name = last_name
        user.preferred_language = preferred_language
        user.full_clean()
        user.save(update_fields=["first_name", "last_name", "preferred_language"])
    return user


def user_set_role(*, actor: User, user: User, role: str) -> User:
    """Staff assign roles (jury, staff...); members cannot promote themselves."""
    if not actor.is_cluster_staff:
        raise PermissionError("only cluster staff assign roles")
    with transaction.atomic():
        user.role = role
        user.is_staff = role == Role.STAFF or user.is_superuser
        user.save(update_fields=["role", "is_staff"])
    return user


def role_request_create(*, user: User, role: str, reason: str) -> RoleRequest:
    """Ask to be granted ``role``; the request waits in the review queue (staff, and the
    owner of the user's organization for roles other than staff)."""
    from .selectors import primary_organization

    if role not in GRANTED_ROLES:
        raise ValidationError({"role": _("This role is not granted on request.")})
    if user.role == role:
        raise ValidationError({"role": _("You already have this role.")})
    with transaction.atomic():
        if RoleRequest.objects.filter(
            user=user, role=role, status=RoleRequestStatus.PENDING
        ).exists():
            raise ValidationError({"role": _("Your request for this role is already in review.")})
        request = RoleRequest(
            user=user,
            role=role,
            reason=reason.strip(),
            organization=None if role == Role.STAFF else primary_organization(user),
        )
        request.full_clean()
        request.save()
    return request


def role_request_decide(*, request: RoleRequest, decider: User, approve: bool) -> RoleRequest:
    """Approve (the user gets the role) or decline a pending request."""
    from .selectors import role_request_can_decide

    if not role_request_can_decide(decider, request):
        raise PermissionError("only staff or the organization's owner decide this request")
    with transaction.atomic():
        locked = RoleRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != RoleRequestStatus.PENDING:
            raise ValidationError(_("This request was already decided."))
        locked.status = RoleRequestStatus.APPROVED if approve else RoleRequestStatus.DECLINED
        locked.decided_by = decider
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        if approve:
            user = locked.user
            user.role = locked.role
            user.is_staff = locked.role == Role.STAFF or user.is_superuser
            user.save(update_fields=["role", "is_staff"])
    return locked


ORGANIZATION_FIELDS = (
    "name",
    "kind",
    "neq",
    "website",
    "naics_codes",
    "region",
    "employees",
    "annual_revenue_cad",
    "founded_year",
    "legal_form",
)


def organization_create(*, owner: User | None, **fields: Any) -> Organization:
    """Create an organization; ``owner`` (if any) becomes its first owner."""
    fields = {
        k: v
        for k, v in fields.items()
        if k in ORGANIZATION_FIELDS or k in {"is_cluster_member", "member_since", "is_demo", "slug"}
    }
    if "neq" in fields:
        fields["neq"] = normalize_neq(fields["neq"] or "")
    with transaction.atomic():
        org = Organization(**fields)
        if not org.slug:
            org.slug = unique_slug(Organization, org.name, fallback="organization")
        org.full_clean()
        org.save()
        if owner is not None:
            Membership.objects.create(user=owner, organization=org, role=MembershipRole.OWNER)
        organization_entry_refresh(organization=org)
    return org


def organization_update(*, organization: Organization, **fields: Any) -> Organization:
    with transaction.atomic():
        for key, value in fields.items():
            if key not in ORGANIZATION_FIELDS and key not in {"is_cluster_member", "member_since"}:
                raise ValueError(f"unknown field {key}")
            if key == "neq":
                value = normalize_neq(value or "")
            setattr(organization, key, value)
        organization.full_clean()
        organization.save()
        organization_entry_refresh(organization=organization)
        organization_jobs_refresh(organization=organization)
        organization_initiatives_refresh(organization=organization)
    return organization


def organization_admin_save(*, organization: Organization) -> Organization:
    """Save an organization changed in the admin (its form validated the fields) and keep its
    directory entry current, in one transaction."""
    with transaction.atomic():
        organization.save()
        organization_entry_refresh(organization=organization)
        organization_jobs_refresh(organization=organization)
        organization_initiatives_refresh(organization=organization)
    return organization


def establishment_add(
    *, organization: Organization, city: str, region: str, name: str = ""
) -> Establishment:
    with transaction.atomic():
        est = Establishment(organization=organization, city=city, region=region, name=name)
        est.full_clean()
        est.save()
    return est


def establishment_delete(*, establishment: Establishment) -> None:
    with transaction.atomic():
        establishment.delete()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str


def api_token_create(*, user: User, name: str) -> IssuedToken:
    """Issue a token; the clear secret is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:100],
            prefix=secret[: len(TOKEN_PREFIX) + 6],
            token_hash=hash_token(secret),
        )
    return IssuedToken(token=token, secret=secret)


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    with transaction.atomic():
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token


def api_tokens_revoke_all(*, user: User) -> int:
    """Revoke every active token of ``user``; answer how many. Called when the password is
    set (a reset, or staff in the admin): a token made by whoever knew the old password
    must not outlive it, as the old sessions do not (docs/accounts.md)."""
    with transaction.atomic():
        return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )


def api_token_authenticate(secret: str) -> User | None:
    """Return the active user owning ``secret`` and record the use, or None."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# --- Invitations and members -----------------------------------------------------------------


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    secret: str


def _new_invitation_secret() -> tuple[str, str]:
    secret = secrets.token_urlsafe(32)
    return secret, hash_token(secret)


def _send_invitation(*, invitation: Invitation, secret: str, lang: str) -> None:
    """E-mail the link: in the invitee's language when they have an account, else ``lang``
    (the inviter's page language)."""
    from .selectors import user_by_email

    invitee = user_by_email(invitation.email)
    with translation.override(invitee.preferred_language if invitee else lang):
        context = {
            "invitation": invitation,
            "organization": invitation.organization.name,
            "role": invitation.get_role_display(),
            "inviter": invitation.invited_by.get_full_name() if invitation.invited_by else "",
            "link": site_url(reverse("accounts:invitation_accept", args=[secret])),
            "days": INVITATION_VALID_DAYS,
        }
        subject = _("Invitation to join %(organization)s on AluHub") % context
        body = render_to_string("accounts/email/invitation.txt", context)
    send_email(to=[invitation.email], subject=subject, body=body)


def invitation_create(
    *, organization: Organization, actor: User, email: str, role: str, lang: str
) -> IssuedInvitation:
    """Invite ``email`` to join ``organization`` with ``role`` and e-mail the link.

    Refused (field errors): a malformed address, an unknown role, an address already a
    member, an address with a pending invitation (resend that one), more than
    :data:`INVITATIONS_PENDING_MAX` pending invitations. An expired pending invitation to the
    same address is revoked and replaced."""
    from .selectors import is_member, require_member_manager

    require_member_manager(actor, organization)
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": _("Enter a valid email address, such as name@company.ca.")}
        ) from None
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Choose owner or member.")})
    now = timezone.now()
    with transaction.atomic():
        # One inviter at a time per organization: the limit and the duplicate check hold.
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        if is_member(email, organization):
            raise ValidationError({"email": _("This person is already a member.")})
        pending = Invitation.objects.select_for_update().filter(
            organization=organization, accepted_at__isnull=True, revoked_at__isnull=True
        )
        same = pending.filter(email__iexact=email).first()
        if same is not None and same.expires_at > now:
            raise ValidationError(
                {
                    "email": _(
                        "An invitation to this address is already waiting: resend it from "
                        "the list of pending invitations."
                    )
                }
            )
        if same is not None:
            same.revoked_at = now
            same.save(update_fields=["revoked_at"])
        if pending.filter(expires_at__gt=now).count() >= INVITATIONS_PENDING_MAX:
            raise ValidationError(
                {
                    "email": _(
                        "%(max)s invitations are already waiting: revoke some before "
                        "inviting more people."
                    )
                    % {"max": INVITATIONS_PENDING_MAX}
                }
            )
        secret, digest = _new_invitation_secret()
        invitation = Invitation.objects.create(
            organization=organization,
            email=email,
            role=role,
            invited_by=actor,
            token_hash=digest,
            expires_at=now + timedelta(days=INVITATION_VALID_DAYS),
        )
        _send_invitation(invitation=invitation, secret=secret, lang=lang)
    return IssuedInvitation(invitation=invitation, secret=secret)


def invitation_resend(*, invitation: Invitation, actor: User, lang: str) -> IssuedInvitation:
    """A new link (the older one stops working) valid for another
    :data:`INVITATION_VALID_DAYS` days, e-mailed again."""
    from .selectors import require_member_manager

    require_member_manager(actor, invitation.organization)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_pending:
            raise ValidationError(_("This invitation was already accepted or revoked."))
        secret, digest = _new_invitation_secret()
        locked.token_hash = digest
        locked.expires_at = timezone.now() + timedelta(days=INVITATION_VALID_DAYS)
        locked.invited_by = actor
        locked.save(update_fields=["token_hash", "expires_at", "invited_by"])
        _send_invitation(invitation=locked, secret=secret, lang=lang)
    return IssuedInvitation(invitation=locked, secret=secret)


def invitation_revoke(*, invitation: Invitation, actor: User) -> Invitation:
    """Revoke a pending invitation: its link stops working."""
    from .selectors import require_member_manager

    require_member_manager(actor, invitation.organization)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None:
            raise ValidationError(_("This invitation was already accepted."))
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
    return locked


class InvitationRefused(ValidationError):
    """Why an invitation link cannot be accepted: ``code`` is ``unknown``, ``revoked``,
    ``used``, ``expired`` or ``wrong_account``."""


def invitation_accept(*, secret: str, user: User) -> Membership:
    """Accept with the link's secret: ``user`` (signed in with the invited address) joins the
    organization with the invited role, and the invitation is used, in one transaction.

    A second POST by the same person (double click) answers their membership again. A used,
    revoked or expired link says so to any account (the page's order), without the address."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("organization")
            .filter(token_hash=hash_token(secret))
            .first()
        )
        if invitation is None:
            raise InvitationRefused(_("This invitation link is not valid."), code="unknown")
        # A dead link says so to anyone, as its page does; only a live one checks the account.
        invited = invitation.email.lower() == user.email.lower()
        mine = Membership.objects.filter(user=user, organization=invitation.organization).first()
        if invitation.accepted_at is not None:
            if invited and mine is not None:
                return mine
            raise InvitationRefused(_("This invitation was already used."), code="used")
        if invitation.revoked_at is not None:
            raise InvitationRefused(_("This invitation was revoked."), code="revoked")
        if invitation.is_expired:
            raise InvitationRefused(_("This invitation has expired."), code="expired")
        if not invited:
            raise InvitationRefused(
                _("This invitation was sent to another address."), code="wrong_account"
            )
        if mine is None:
            mine = Membership.objects.create(
                user=user, organization=invitation.organization, role=invitation.role
            )
        elif invitation.role == MembershipRole.OWNER and mine.role != MembershipRole.OWNER:
            mine.role = MembershipRole.OWNER
            mine.save(update_fields=["role"])
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    return mine


def _last_owner_refused() -> str:
    return _("An organization keeps at least one owner: make another member owner first.")


def membership_owners_check(
    *,
    organization_id: int,
    leaving: Collection[int],
    joining: int = 0,
    field: str | None = None,
) -> None:
    """The last-owner rule, the one check of the pages, the API and the admin: an organization
    that has owners keeps at least one. ``leaving`` are the owner memberships the change removes
    or makes members, ``joining`` the owners it adds; the owners' rows are locked for the
    change. Raises ValidationError (under ``field`` when given)."""
    with transaction.atomic():
        owners = Membership.objects.select_for_update().filter(
            organization_id=organization_id, role=MembershipRole.OWNER
        )
        owner_ids = [m.pk for m in owners]
    if owner_ids and not joining and set(owner_ids) <= set(leaving):
        message = _last_owner_refused()
        raise ValidationError({field: message} if field else message, code="last_owner")


def users_delete_check(*, user_ids: Collection[int]) -> None:
    """Refuse to delete accounts that are an organization's last owners (the last-owner rule,
    :func:`membership_owners_check`): a ValidationError naming those organizations."""
    leaving: dict[int, set[int]] = {}
    names: dict[int, str] = {}
    owned = (
        Membership.objects.filter(user_id__in=user_ids, role=MembershipRole.OWNER)
        .select_related("organization")
        .order_by("organization__name", "pk")
    )
    for membership in owned:
        leaving.setdefault(membership.organization_id, set()).add(membership.pk)
        names[membership.organization_id] = membership.organization.name
    orphaned = []
    for organization_id, pks in leaving.items():
        try:
            membership_owners_check(organization_id=organization_id, leaving=pks)
        except ValidationError:
            orphaned.append(names[organization_id])
    if orphaned:
        message = ngettext(
            "Nothing was deleted: %(names)s would be left without an owner. Make another "
            "member its owner first.",
            "Nothing was deleted: %(names)s would be left without an owner. Make another "
            "member owner of each first.",
            len(orphaned),
        ) % {"names": ", ".join(orphaned)}
        raise ValidationError(message, code="last_owner")


def users_delete(*, user_ids: Collection[int]) -> None:
    """Delete accounts (the admin) after :func:`users_delete_check` in the same transaction,
    the owners' rows locked: two deletions at once cannot leave an organization no owner."""
    with transaction.atomic():
        users_delete_check(user_ids=user_ids)
        User.objects.filter(pk__in=list(user_ids)).delete()


def membership_role_change(*, membership: Membership, actor: User, role: str) -> Membership:
    """Make a member owner, or an owner member (never the last owner)."""
    from .selectors import require_member_manager

    require_member_manager(actor, membership.organization)
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Choose owner or member.")})
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if locked.role == MembershipRole.OWNER and role != MembershipRole.OWNER:
            membership_owners_check(
                organization_id=locked.organization_id, leaving={locked.pk}, field="role"
            )
        locked.role = role
        locked.save(update_fields=["role"])
    return locked


def membership_remove(*, membership: Membership, actor: User) -> None:
    """Remove a member (owners, staff) or leave (the member); never the last owner."""
    from .selectors import require_membership_removal

    require_membership_removal(actor, membership)
    with transaction.atomic():
        locked = Membership.objects.select_for_update().filter(pk=membership.pk).first()
        if locked is None:
            return
        if locked.role == MembershipRole.OWNER:
            membership_owners_check(organization_id=locked.organization_id, leaving={locked.pk})
        locked.delete()
