"""Accounts API: who am I, my organizations, their people and invitations."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from aluhub.accounts.auth import AUTH, signed_in_user
from aluhub.common.http import InputSchema, LimitOffsetPagination
from aluhub.common.lang import request_lang

from . import selectors, services
from .models import Invitation, MembershipRole, Organization

router = Router(tags=["accounts"])


class MeOut(Schema):
    email: str
    first_name: str
    last_name: str
    preferred_language: str
    role: str
    email_verified: bool


class OrganizationOut(Schema):
    slug: str
    name: str
    kind: str
    neq: str
    website: str
    naics_codes: list[str]
    region: str
    employees: int | None
    annual_revenue_cad: int | None
    founded_year: int | None
    legal_form: str
    size_class: str | None
    is_cluster_member: bool

    @staticmethod
    def resolve_annual_revenue_cad(obj: Organization) -> int | None:
        return None if obj.annual_revenue_cad is None else int(obj.annual_revenue_cad)


@router.get("/me", response=MeOut, auth=AUTH)
def me(request: HttpRequest) -> object:
    return request.user


@router.get("/organizations", response=list[OrganizationOut], auth=AUTH)
@paginate(LimitOffsetPagination)
def organizations(request: HttpRequest) -> object:
    return selectors.organizations_for_user(request.user)


@router.get("/organizations/{slug}", response=OrganizationOut, auth=AUTH)
def organization(request: HttpRequest, slug: str) -> object:
    return selectors.get_organization_for_user(request.user, slug)


class MemberOut(Schema):
    id: int
    first_name: str
    last_name: str
    #: Shown to the organization's owners and to staff; null for its other members.
    email: str | None
    role: str


@router.get("/organizations/{slug}/members", response=list[MemberOut], auth=AUTH)
@paginate(LimitOffsetPagination)
def organization_members(request: HttpRequest, slug: str) -> object:
    """The organization's people (any of its members, staff)."""
    org = selectors.get_organization_for_user(request.user, slug)
    manager = selectors.organization_can_change(request.user, org)
    return [
        {
            "id": m.pk,
            "first_name": m.user.first_name,
            "last_name": m.user.last_name,
            "email": m.user.email if manager else None,
            "role": m.role,
        }
        for m in selectors.organization_memberships(org)
    ]


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    invited_by: str | None
    created_at: dt.datetime
    expires_at: dt.datetime
    expired: bool

    @staticmethod
    def resolve_invited_by(obj: Invitation) -> str | None:
        return obj.invited_by.email if obj.invited_by else None

    @staticmethod
    def resolve_expired(obj: Invitation) -> bool:
        return obj.is_expired


class InvitationIn(InputSchema):
    email: str = Field(max_length=254)
    role: str = MembershipRole.MEMBER


@router.get("/organizations/{slug}/invitations", response=list[InvitationOut], auth=AUTH)
@paginate(LimitOffsetPagination)
def organization_invitations(request: HttpRequest, slug: str) -> object:
    """Pending invitations (expired ones included), for the owners and staff."""
    org = selectors.get_organization_for_members(request.user, slug)
    return selectors.pending_invitations(org)


@router.post("/organizations/{slug}/invitations", response={201: InvitationOut}, auth=AUTH)
def invitation_create(request: HttpRequest, slug: str, payload: InvitationIn) -> Status:
    """Invite an address; the e-mail goes in the invitee's language when they have an
    account, else in the request's (``?lang=`` or the Accept-Language header)."""
    org = selectors.get_organization_for_members(request.user, slug)
    issued = services.invitation_create(
        organization=org,
        actor=signed_in_user(request),
        email=payload.email,
        role=payload.role,
        lang=request_lang(request),
    )
    return Status(201, issued.invitation)


@router.delete("/organizations/{slug}/invitations/{pk}", response={204: None}, auth=AUTH)
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> Status:
    """Revoke a pending invitation: its link stops working."""
    org = selectors.get_organization_for_user(request.user, slug)
    invitation = selectors.get_invitation_for_manager(request.user, org, pk)
    services.invitation_revoke(invitation=invitation, actor=signed_in_user(request))
    return Status(204, None)
