"""Reads and access rules of the innovation pillar.

Who sees what:

* an assessment: the members of its organization and cluster staff
  (:func:`get_assessment_for_user`);
* a technical request: the members of the requester's organization, the assigned expert and
  cluster staff, nobody else (:func:`get_request_for_user`). Every listing goes through
  :func:`visible_requests`, so a request never shows up for a fourth party;
* the expert directory and the dashboard: staff.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from aluhub.accounts.models import Membership, MembershipRole, Organization, Role, User
from aluhub.accounts.selectors import is_staff, organization_can_view, organizations_for_user
from aluhub.common.access import require_staff as require_staff  # the one staff check
from aluhub.engines.business_days import business_days_between

from .models import (
    OPEN_ASSIGNED,
    Assessment,
    Attachment,
    Category,
    Expert,
    Status,
    TechnicalRequest,
)

AnyUser = User | AnonymousUser


# --- Assessments --------------------------------------------------------------------------
def get_assessment_for_user(user: AnyUser, pk: int) -> Assessment:
    """The assessment, or 404 when unknown or not visible to ``user``."""
    assessment = Assessment.objects.select_related("organization", "user").filter(pk=pk).first()
    if assessment is None or not organization_can_view(user, assessment.organization):
        raise Http404
    return assessment


def assessments_for_organization(organization: Organization) -> QuerySet[Assessment]:
    return Assessment.objects.filter(organization=organization).order_by("created_at", "pk")


def organizations_with_assessments() -> QuerySet[Organization]:
    """Organizations that took the self-assessment, by name (staff choose one to see its
    history)."""
    return (
        Organization.objects.filter(maturity_assessments__isnull=False)
        .distinct()
        .order_by("name", "pk")
    )


def latest_assessment(organization: Organization) -> Assessment | None:
    return assessments_for_organization(organization).last()


def peer_levels(*, organization: Organization, size_class: str) -> list[dict[str, int]]:
    """Levels of the latest assessment of every OTHER organization of the same size class.

    Anonymized: only the per-dimension levels leave this function.
    """
    if not size_class:
        return []
    latest: dict[int, dict[str, int]] = {}
    rows = (
        Assessment.objects.filter(size_class=size_class)
        .exclude(organization=organization)
        .order_by("organization_id", "-created_at", "-pk")
        .values_list("organization_id", "result")
    )
    for org_id, result in rows:
        if org_id not in latest:
            latest[org_id] = {d["code"]: d["level"] for d in (result or {}).get("dimensions", [])}
    return list(latest.values())


# --- Experts ------------------------------------------------------------------------------
def experts_with_load() -> QuerySet[Expert]:
    """Active experts with ``load`` = their open assigned requests (an expert whose account
    was deactivated, someone who left, is no longer suggested nor assignable)."""
    return (
        Expert.objects.filter(is_active=True, user__is_active=True)
        .select_related("user", "organization")
        .annotate(load=Count("requests", filter=Q(requests__status__in=OPEN_ASSIGNED)))
    )


def expert_for_user(user: AnyUser) -> Expert | None:
    if not user.is_authenticated:
        return None
    return Expert.objects.filter(user=user).first()


# --- Technical requests -------------------------------------------------------------------
def visible_requests(user: AnyUser, *, status: str = "") -> QuerySet[TechnicalRequest]:
    """The requests ``user`` may see: own organizations', assigned to them, or all (staff);
    only those in ``status`` when one is given."""
    qs = TechnicalRequest.objects.select_related("organization", "expert__user", "requester")
    if not user.is_authenticated:
        return qs.none()
    if status:
        qs = qs.filter(status=status)
    if is_staff(user):
        return qs
    org_ids = Membership.objects.filter(user=user).values("organization_id")
    return qs.filter(Q(organization_id__in=org_ids) | Q(expert__user=user))


def open_request_count(user: AnyUser) -> int:
    """How many of the requests ``user`` may see are not closed."""
    return visible_requests(user).exclude(status=Status.CLOSED).count()


def request_role(user: AnyUser, request: TechnicalRequest) -> str | None:
    """``staff``, ``expert`` (assigned), ``requester`` (organization member) or None."""
    if not user.is_authenticated:
        return None
    if is_staff(user):
        return "staff"
    if request.expert_id is not None and request.expert and request.expert.user_id == user.pk:
        return "expert"
    if Membership.objects.filter(user=user, organization_id=request.organization_id).exists():
        return "requester"
    return None


def get_request_for_user(user: AnyUser, pk: int) -> TechnicalRequest:
    """The request, or 404: a request is invisible (not merely forbidden) to a fourth party."""
    request = (
        TechnicalRequest.objects.select_related("organization", "expert__user", "requester")
        .filter(pk=pk)
        .first()
    )
    if request is None or request_role(user, request) is None:
        raise Http404
    return request


def identity_visible(user: AnyUser, request: TechnicalRequest) -> bool:
    """May ``user`` see who asks (organization, requester's name and email)?

    Staff and the requester's organization always; the assigned expert of a confidential
    request only once staff have shared the identity.
    """
    if not request.confidential or request.identity_shared:
        return request_role(user, request) is not None
    if not user.is_authenticated:
        return False
    if is_staff(user):
        return True
    return Membership.objects.filter(user=user, organization_id=request.organization_id).exists()


def identity_hidden_ids(user: AnyUser, requests: Iterable[TechnicalRequest]) -> set[int]:
    """Among ``requests``, those whose requester ``user`` may not see (for a listing)."""
    return {r.pk for r in requests if not identity_visible(user, r)}


@dataclass(frozen=True)
class ThreadEntry:
    author: str
    body: str
    created_at: datetime


def thread_for_user(user: AnyUser, request: TechnicalRequest) -> list[ThreadEntry]:
    """The message thread as ``user`` may read it: the requester's side goes unnamed for the
    expert while the identity of a confidential request is withheld."""
    hidden = not identity_visible(user, request)
    org_users = (
        set(
            Membership.objects.filter(organization_id=request.organization_id).values_list(
                "user_id", flat=True
            )
        )
        if hidden
        else set()
    )
    if hidden and request.requester_id is not None:
        org_users.add(request.requester_id)
    entries = []
    for m in request.messages.select_related("author"):
        if m.author is None:
            author = _("Former user")
        elif m.author_id in org_users and not is_staff(m.author):
            author = _("Requesting organization")
        else:
            author = m.author.get_full_name() or _("Former user")
        entries.append(ThreadEntry(author=str(author), body=m.body, created_at=m.created_at))
    return entries


def get_attachment_for_user(user: AnyUser, request_pk: int, pk: int) -> Attachment:
    request = get_request_for_user(user, request_pk)
    attachment = Attachment.objects.filter(request=request, pk=pk).first()
    if attachment is None:
        raise Http404
    return attachment


def staff_recipients() -> QuerySet[User]:
    """Active cluster staff, who are told of every new request."""
    return User.objects.filter(role=Role.STAFF, is_active=True).order_by("pk")


def requester_side_recipients(request: TechnicalRequest) -> list[User]:
    """Who hears, by e-mail, what the requesting organization must know (an answer, a message
    of the expert or staff): the requester while still an active member of the organization;
    once the requester has left it (the request's link answers them 404), its active owners,
    or its active members when it has no active owner; nobody when it has none
    (docs/innovation.md)."""
    requester = request.requester
    if (
        requester is not None
        and requester.is_active
        and Membership.objects.filter(
            user=requester, organization_id=request.organization_id
        ).exists()
    ):
        return [requester]
    members = Membership.objects.filter(
        organization_id=request.organization_id, user__is_active=True
    ).select_related("user")
    owners = [m.user for m in members.filter(role=MembershipRole.OWNER).order_by("user_id")]
    return owners or [m.user for m in members.order_by("user_id")]


def member_organizations(user: AnyUser) -> QuerySet[Organization]:
    """Organizations ``user`` acts for (by membership: staff are no exception here)."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user).distinct()


def can_act_for_organization(user: AnyUser) -> bool:
    """May take the self-assessment or file a request: belongs to an organization."""
    return member_organizations(user).exists()


def viewable_organizations(user: AnyUser) -> QuerySet[Organization]:
    return organizations_for_user(user)


def member_organization(user: AnyUser, slug: str) -> Organization | None:
    """The organization with this slug when ``user`` acts for it (else None)."""
    return member_organizations(user).filter(slug=slug).first()


def acts_for_organization(user: AnyUser, organization: Organization) -> bool:
    return member_organizations(user).filter(pk=organization.pk).exists()


def viewable_organization(user: AnyUser, slug: str) -> Organization | None:
    """The organization with this slug when ``user`` may see it (else None)."""
    return viewable_organizations(user).filter(slug=slug).first()


def first_response_days(request: TechnicalRequest, *, today: date | None = None) -> int:
    """Business days from filing to the first response (or, while none, to today, or to the
    closing of a request closed without one: its clock stops there)."""
    start = timezone.localdate(request.created_at)
    if request.first_response_at is not None:
        end = timezone.localdate(request.first_response_at)
    elif request.closed_at is not None:
        end = timezone.localdate(request.closed_at)
    else:
        end = today or timezone.localdate()
    return business_days_between(start, end)


def maturity_trend(user: AnyUser, *, limit: int = 6) -> list[Assessment]:
    """The latest assessments of the user's main organization, oldest first (for a trend)."""
    from aluhub.accounts.selectors import primary_organization

    organization = primary_organization(user)
    if organization is None:
        return []
    latest = Assessment.objects.filter(organization=organization).order_by("-created_at", "-pk")
    return list(reversed(latest[:limit]))


def assigned_requests(user: AnyUser) -> QuerySet[TechnicalRequest]:
    """Open requests assigned to ``user`` as an expert, oldest first."""
    if not user.is_authenticated:
        return TechnicalRequest.objects.none()
    return (
        TechnicalRequest.objects.filter(expert__user=user, status__in=OPEN_ASSIGNED)
        .select_related("organization")
        .order_by("created_at", "pk")
    )


def requests_to_route() -> QuerySet[TechnicalRequest]:
    """New or triaged requests that no expert holds yet (staff's routing queue)."""
    return TechnicalRequest.objects.filter(
        status__in=["new", "triaged"], expert__isnull=True
    ).order_by("created_at", "pk")


# --- Staff dashboard ----------------------------------------------------------------------
@dataclass(frozen=True)
class Dashboard:
    total: int
    confidential: int
    by_category: list[tuple[str, str, int]]  # code, label, count
    by_month: list[tuple[str, int]]  # "YYYY-MM", count
    median_first_response: float | None
    response_by_month: list[tuple[str, float | None]]
    ratings: list[tuple[int, int]]  # stars, count
    mean_rating: float | None
    by_status: list[tuple[str, int]]


def dashboard(*, include_confidential: bool = True) -> Dashboard:
    qs = TechnicalRequest.objects.all()
    total_confidential = qs.filter(confidential=True).count()
    if not include_confidential:
        qs = qs.filter(confidential=False)
    rows = list(
        qs.values_list(
            "category", "created_at", "first_response_at", "rating", "status", "confidential"
        )
    )
    categories = Counter(r[0] for r in rows)
    months = Counter(timezone.localtime(r[1]).strftime("%Y-%m") for r in rows)
    delays: dict[str, list[int]] = defaultdict(list)
    all_delays: list[int] = []
    for _cat, created, first, *_rest in rows:
        if first is None:
            continue
        days = business_days_between(timezone.localdate(created), timezone.localdate(first))
        delays[timezone.localtime(created).strftime("%Y-%m")].append(days)
        all_delays.append(days)
    ratings = Counter(r[3] for r in rows if r[3] is not None)
    rated = [r[3] for r in rows if r[3] is not None]
    statuses = Counter(r[4] for r in rows)
    month_keys = sorted(months)
    return Dashboard(
        total=len(rows),
        confidential=total_confidential,
        by_category=[(c.value, str(c.label), categories.get(c.value, 0)) for c in Category],
        by_month=[(m, months[m]) for m in month_keys],
        median_first_response=statistics.median(all_delays) if all_delays else None,
        response_by_month=[
            (m, statistics.median(delays[m]) if delays.get(m) else None) for m in month_keys
        ],
        ratings=[(stars, ratings.get(stars, 0)) for stars in range(1, 6)],
        mean_rating=round(statistics.fmean(rated), 2) if rated else None,
        by_status=sorted(statuses.items()),
    )


def statistics_rows() -> list[dict[str, Any]]:
    """Anonymized rows for the CSV export: no names, no text; confidential requests left out."""
    out = []
    qs = TechnicalRequest.objects.filter(confidential=False).select_related("organization")
    for r in qs.order_by("created_at", "pk"):
        first = (
            business_days_between(
                timezone.localdate(r.created_at), timezone.localdate(r.first_response_at)
            )
            if r.first_response_at
            else None
        )
        out.append(
            {
                "month": timezone.localtime(r.created_at).strftime("%Y-%m"),
                "category": r.category,
                "status": r.status,
                "size_class": r.organization.size_class or "",
                "region": r.organization.region,
                "first_response_business_days": "" if first is None else first,
                "rating": "" if r.rating is None else r.rating,
            }
        )
    return out


def get_member_organizations_for_user(user: AnyUser) -> QuerySet[Organization]:
    """The organizations the user acts for; 403 for a user who belongs to none (taking the
    self-assessment and filing a request are for members of an organization)."""
    organizations = member_organizations(user)
    if not organizations.exists():
        raise PermissionDenied
    return organizations


def require_organization_member(user: User, organization: Organization) -> None:
    """Filing a request for ``organization`` is for its members (staff see every
    organization but file only for their own): 403 otherwise."""
    if not organization.memberships.filter(user=user).exists():
        raise PermissionDenied


def require_request_party(user: AnyUser, request: TechnicalRequest) -> str:
    """Writing in a request's thread or adding a file: the user's role on it (staff, expert,
    requester), 403 for anyone else."""
    role = request_role(user, request)
    if role is None:
        raise PermissionDenied
    return role


def require_request_handler(user: AnyUser, request: TechnicalRequest) -> None:
    """Starting and answering a request is for staff and its assigned expert (403)."""
    if request_role(user, request) not in {"staff", "expert"}:
        raise PermissionDenied


def require_request_closer(user: AnyUser, request: TechnicalRequest) -> None:
    """Staff close any open request; the requesting organization closes an answered one
    (403 for the expert, for anyone else, and for the requester before the answer)."""
    role = request_role(user, request)
    if role == "expert" or role is None:
        raise PermissionDenied
    if role == "requester" and request.status != Status.ANSWERED:
        raise PermissionDenied


def require_requester(user: AnyUser, request: TechnicalRequest) -> None:
    """Rating the answer to a request is for its requesting organization (403 otherwise)."""
    if request_role(user, request) != "requester":
        raise PermissionDenied
