"""Accounts API: who am I, my organizations."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from aluhub.accounts.auth import AUTH
from aluhub.common.http import LimitOffsetPagination

from . import selectors
from .models import Organization

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
