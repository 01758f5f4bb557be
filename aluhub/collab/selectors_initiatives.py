"""Reads and access rules of partner initiatives.

:func:`get_initiative_for_user` is the one access function: a published initiative is
public; an unpublished one is seen by cluster staff and the members of its lead
organizations (:func:`initiative_can_manage`, who also post updates, enter indicator
values, open the call for partners and read the expressions of interest).

Live indicators are computed from the other apps through their selectors
(:data:`LIVE_SOURCES`); entered ones show their latest value with its date and source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from aluhub.accounts.models import Membership, Organization, User
from aluhub.accounts.selectors import AnyUser, is_staff
from aluhub.common import search

from .models import (
    ExpressionOfInterest,
    Indicator,
    IndicatorValue,
    Initiative,
    InitiativePartner,
    InitiativeUpdate,
    LiveSource,
    PartnerRole,
    WorkingGroup,
)

if TYPE_CHECKING:
    from aluhub.funding.models import Program


def _exchange_total(attribute: str) -> Callable[[], Decimal]:
    def total() -> Decimal:
        from aluhub.circular.selectors import impact_by_month

        return sum((getattr(month, attribute) for month in impact_by_month()), Decimal(0))

    return total


def _charges_optimized() -> Decimal:
    from aluhub.circular.selectors import charges_optimized

    return Decimal(charges_optimized())


def _recycled_shipped_t() -> Decimal | None:
    """Tonnes of recycled content shipped this calendar year, from traceability (the
    shipments of lots with a recycled share); unknown (None) while fewer organizations than
    the cluster view's anonymity threshold make it up."""
    from aluhub.trace import reports

    year = timezone.localdate().year
    total = Decimal(0)
    organizations: set[int] = set()
    for c in reports.cluster_contributions(year):
        if c.recycled_shipped_kg:
            total += c.recycled_shipped_kg
            organizations.add(c.organization_id)
    if len(organizations) < reports.MIN_ORGANIZATIONS:
        return None
    return (total / 1000).quantize(Decimal("0.001"))


#: Live indicator -> function answering its current value (computed on each read; None:
#: unknown).
LIVE_SOURCES: dict[str, Callable[[], Decimal | None]] = {
    LiveSource.SCRAP_LISTED_T: _exchange_total("listed_t"),
    LiveSource.SCRAP_EXCHANGED_T: _exchange_total("closed_t"),
    LiveSource.SCRAP_MATCHED_T: _exchange_total("matched_t"),
    LiveSource.CHARGES_OPTIMIZED: _charges_optimized,
    LiveSource.RECYCLED_SHIPPED_T: _recycled_shipped_t,
}


def _lead_organization_ids(initiative: Initiative) -> list[int]:
    return list(
        initiative.partners.filter(role=PartnerRole.LEAD).values_list("organization_id", flat=True)
    )


def initiative_can_manage(user: AnyUser, initiative: Initiative) -> bool:
    """Cluster staff and the members of the initiative's lead organizations."""
    if is_staff(user):
        return True
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user_id=user.pk, organization_id__in=_lead_organization_ids(initiative)
    ).exists()


def initiatives_listed(user: AnyUser, *, q: str = "", status: str = "") -> QuerySet[Initiative]:
    visible = Q(published=True)
    if is_staff(user):
        visible = Q()
    elif user.is_authenticated:
        visible |= Q(
            partners__role=PartnerRole.LEAD, partners__organization__memberships__user=user
        )
    qs: QuerySet[Initiative] = Initiative.objects.filter(visible).distinct()
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = search.filter_queryset(qs, "search_text", q)
    return qs.select_related("working_group").order_by("title")


def group_initiatives(user: AnyUser, group: WorkingGroup) -> QuerySet[Initiative]:
    """The initiatives of a working group that the user may see."""
    return initiatives_listed(user).filter(working_group=group)


def get_initiative_for_user(user: AnyUser, slug: str) -> Initiative:
    """The initiative, or 404 when it does not exist or the user may not see it."""
    initiative = Initiative.objects.select_related("working_group").filter(slug=slug).first()
    if initiative is None:
        raise Http404
    if not initiative.published and not initiative_can_manage(user, initiative):
        raise Http404
    return initiative


def require_initiative_manager(user: AnyUser, initiative: Initiative) -> None:
    """Managing an initiative (update, indicators, call for partners) is for its lead
    organization's members and staff (403 with the reason)."""
    if not initiative_can_manage(user, initiative):
        raise PermissionDenied(
            _(
                "An initiative is managed by the members of its lead organization and by the "
                "cluster staff. If your organization leads it, ask your organization's owner "
                "to add you as a member."
            )
        )


def get_initiative_to_manage(user: AnyUser, slug: str) -> Initiative:
    """The initiative its lead organization's members and staff manage (update, call for
    partners); 404 when the user may not see it, 403 when they may not manage it."""
    initiative = get_initiative_for_user(user, slug)
    require_initiative_manager(user, initiative)
    return initiative


def require_answering_member(user: User, organization: Organization) -> None:
    """Answering a call for partners for ``organization`` is for its members (403)."""
    if not Membership.objects.filter(user=user, organization=organization).exists():
        raise PermissionDenied(_("You can answer only for an organization you belong to."))


def get_initiative_to_answer(user: AnyUser, slug: str) -> tuple[Initiative, QuerySet[Organization]]:
    """The initiative whose open call for partners ``user`` answers, with the organizations
    they may answer for (403 when the call is closed or none is left; 404 when unseen)."""
    initiative = get_initiative_for_user(user, slug)
    if not initiative.call_is_open():
        raise PermissionDenied(
            _(
                "This call for partners is closed, so it no longer takes answers. To offer "
                "your help anyway, write to the cluster staff (Contact page): they can put "
                "you in touch with the lead organization."
            )
        )
    organizations = interest_organizations(user, initiative)
    if not organizations.exists():
        raise PermissionDenied(
            _(
                "None of your organizations can still answer this call for partners: an "
                "organization answers once, through one of its members, and a partner does "
                "not answer. To answer for another organization, ask its owner to add you as "
                "a member."
            )
        )
    return initiative, organizations


def initiatives_of_partner(organization: Organization) -> list[Initiative]:
    """Every initiative (published or not) that names ``organization`` among its partners."""
    return list(Initiative.objects.filter(partners__organization=organization).distinct())


def initiative_partners(initiative: Initiative) -> QuerySet[InitiativePartner]:
    return initiative.partners.select_related("organization").order_by("role", "organization__name")


def initiative_timeline(initiative: Initiative) -> QuerySet[InitiativeUpdate]:
    return initiative.updates.select_related("author").order_by("-on", "-pk")


def initiative_programs(initiative: Initiative) -> QuerySet[Program]:
    """The funding programs an initiative names, by name."""
    return initiative.programs.order_by("name")


def initiative_program_slugs(initiative: Initiative) -> list[str]:
    """The slugs of the funding programs an initiative names (the API's ``programs``)."""
    return list(initiative.programs.order_by("slug").values_list("slug", flat=True))


@dataclass(frozen=True)
class IndicatorReading:
    """What an indicator shows now: a live value, or the latest entered value (or nothing)."""

    indicator: Indicator
    value: Decimal | None
    measured_on: date | None
    source: str
    live: bool
    history: tuple[IndicatorValue, ...]


def initiative_indicators(initiative: Initiative) -> list[IndicatorReading]:
    readings = []
    for indicator in initiative.indicators.prefetch_related("values").order_by("position", "pk"):
        if indicator.live_source:
            compute = LIVE_SOURCES.get(indicator.live_source)
            readings.append(
                IndicatorReading(
                    indicator=indicator,
                    value=compute() if compute else None,
                    measured_on=timezone.localdate(),
                    source="AluHub",
                    live=True,
                    history=(),
                )
            )
            continue
        values = tuple(
            sorted(indicator.values.all(), key=lambda v: (v.measured_on, v.pk), reverse=True)
        )
        latest = values[0] if values else None
        readings.append(
            IndicatorReading(
                indicator=indicator,
                value=latest.value if latest else None,
                measured_on=latest.measured_on if latest else None,
                source=latest.source if latest else "",
                live=False,
                history=values,
            )
        )
    return readings


def get_indicator_for_user(user: AnyUser, pk: int) -> Indicator:
    """An entered indicator whose values the user may add (404 otherwise)."""
    indicator = Indicator.objects.select_related("initiative").filter(pk=pk).first()
    if indicator is None or not initiative_can_manage(user, indicator.initiative):
        raise Http404
    return indicator


def get_indicator_to_enter(user: AnyUser, pk: int) -> Indicator:
    """An entered indicator whose values the user adds (404 as
    :func:`get_indicator_for_user`; 403 for a live one, computed by AluHub)."""
    indicator = get_indicator_for_user(user, pk)
    if indicator.is_live:
        raise PermissionDenied(_("This indicator is computed by AluHub."))
    return indicator


def interest_organizations(user: AnyUser, initiative: Initiative) -> QuerySet[Organization]:
    """The user's organizations that may still answer the call (not partners, not answered)."""
    if not user.is_authenticated:
        return Organization.objects.none()
    taken = set(initiative.partners.values_list("organization_id", flat=True))
    taken |= set(initiative.expressions_of_interest.values_list("organization_id", flat=True))
    return (
        Organization.objects.filter(memberships__user=user)
        .exclude(pk__in=taken)
        .distinct()
        .order_by("name")
    )


def can_answer_call(user: AnyUser, initiative: Initiative) -> bool:
    """Whether one of the user's organizations may still answer the call."""
    return interest_organizations(user, initiative).exists()


def initiative_interests(initiative: Initiative) -> QuerySet[ExpressionOfInterest]:
    return initiative.expressions_of_interest.select_related("organization", "user").order_by(
        "-created_at"
    )


def interests_sent_by(user: AnyUser, initiative: Initiative) -> QuerySet[ExpressionOfInterest]:
    if not user.is_authenticated:
        return ExpressionOfInterest.objects.none()
    return initiative.expressions_of_interest.filter(
        organization__memberships__user=user
    ).select_related("organization")


def lead_recipients(initiative: Initiative) -> list[object]:
    """The users who read the expressions of interest of ``initiative`` (lead members)."""
    from aluhub.accounts.models import User

    return list(
        User.objects.filter(
            memberships__organization_id__in=_lead_organization_ids(initiative), is_active=True
        ).distinct()
    )
