"""Reads and access rules of the financing app.

One access function per protected object: ``get_plan_for_user``,
``get_application_for_user``, ``get_proposal_for_user``, ``get_alert_for_user``. A member
sees its own organization's plans and applications; a partner its own proposals; cluster
staff everything.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, QueryDict

from aluhub.accounts.models import Organization, Role, User
from aluhub.accounts.selectors import is_staff, organizations_for_user
from aluhub.funding import selectors as funding_selectors
from aluhub.funding.forms import FinderForm
from aluhub.funding.models import STALE_AFTER_DAYS, Program, is_stale
from aluhub.funding.selectors import ProgramFilters, window_state

from .models import (
    STAGES_REACHED,
    AlertSubscription,
    Application,
    FinancingPlan,
    ImportBatch,
    ProgramProposal,
    Stage,
)

AnyUser = User | AnonymousUser


def can_propose(user: AnyUser) -> bool:
    return bool(user.is_authenticated and (is_staff(user) or user.role == Role.PARTNER))


def _member_organizations(user: AnyUser) -> QuerySet[Organization]:
    """Organizations a signed-in user acts for (staff: all)."""
    return organizations_for_user(user)


# ------------------------------------------------------------------ searches


def filters_from_query(query: str) -> ProgramFilters:
    """The finder's filters of a saved query string (the finder's own form parses it, so
    an alert filters exactly as the page it was saved from)."""
    return FinderForm(QueryDict(query or "")).filters()


def programs_for_query(query: str, *, today: date | None = None) -> list[Program]:
    """The published programs matching a finder query string, in the finder's order."""
    result = funding_selectors.search_programs(filters_from_query(query), today=today)
    return funding_selectors.programs_by_ids(result.ids)


def next_deadlines(program: Program, today: date) -> list[date]:
    """The program's intake closing dates from ``today`` on, earliest first."""
    out: list[date] = []
    for window in program.intake_windows or []:
        if not isinstance(window, dict):
            continue
        try:
            closes = date.fromisoformat(str(window.get("closes")))
        except ValueError:
            continue
        if closes >= today:
            out.append(closes)
    return sorted(set(out))


# ------------------------------------------------------------------ alerts


def alerts_for_user(user: AnyUser) -> QuerySet[AlertSubscription]:
    if not user.is_authenticated:
        return AlertSubscription.objects.none()
    return AlertSubscription.objects.filter(user=user, unsubscribed_at__isnull=True)


def get_alert_for_user(user: AnyUser, pk: int) -> AlertSubscription:
    alert = AlertSubscription.objects.filter(pk=pk).first()
    if alert is None or not user.is_authenticated:
        raise Http404
    if alert.user_id != user.pk and not is_staff(user):
        raise Http404
    return alert


# ------------------------------------------------------------------ plans


def plans_for_user(user: AnyUser) -> QuerySet[FinancingPlan]:
    if not user.is_authenticated:
        return FinancingPlan.objects.none()
    if is_staff(user):
        return FinancingPlan.objects.select_related("organization")
    return FinancingPlan.objects.filter(
        organization__in=_member_organizations(user)
    ).select_related("organization")


def get_plan_for_user(user: AnyUser, pk: int) -> FinancingPlan:
    """A plan of one of the user's organizations (staff: any); else 404."""
    plan = plans_for_user(user).filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


# ------------------------------------------------------------------ applications


def applications_for_user(user: AnyUser) -> QuerySet[Application]:
    if not user.is_authenticated:
        return Application.objects.none()
    qs = Application.objects.select_related("program", "organization")
    if is_staff(user):
        return qs
    return qs.filter(organization__in=_member_organizations(user))


def get_application_for_user(user: AnyUser, pk: int) -> Application:
    application = applications_for_user(user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


@dataclass(frozen=True)
class Dashboard:
    """Funds obtained (approved and paid, CAD) by program, phase and region, and the
    funnel (how many applications reached each stage)."""

    by_program: list[tuple[str, Decimal, Decimal]]
    by_phase: list[tuple[str, Decimal, Decimal]]
    by_region: list[tuple[str, Decimal, Decimal]]
    funnel: list[tuple[str, int]]
    applications: int


def _sorted_totals(
    totals: dict[str, list[Decimal]],
) -> list[tuple[str, Decimal, Decimal]]:
    rows = [(key, vals[0], vals[1]) for key, vals in totals.items()]
    rows.sort(key=lambda r: (-r[1], -r[2], r[0]))
    return rows


def funding_dashboard(applications: QuerySet[Application] | None = None) -> Dashboard:
    """Obtained = amount approved (approved or paid stages); paid = amount paid.

    A program listed under several phases counts in each of them: the phase table answers
    "how much went to export projects", not a partition of the total.
    """
    qs = applications if applications is not None else Application.objects.all()
    qs = qs.select_related("program", "organization")
    by_program: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    by_phase: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    by_region: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    reached: dict[str, int] = {s: 0 for s in Stage.values}
    count = 0
    for app in qs:
        count += 1
        for stage in STAGES_REACHED[app.stage]:
            reached[stage] += 1
        if app.stage not in (Stage.APPROVED, Stage.PAID):
            continue
        approved = app.amount_approved_cad or Decimal(0)
        paid = app.amount_paid_cad or Decimal(0)
        keys = [
            (by_program, [app.program.slug]),
            (by_phase, list(app.program.phases) or ["unknown"]),
            (by_region, [app.organization.region]),
        ]
        for table, names in keys:
            for name in names:
                table[name][0] += approved
                table[name][1] += paid
    return Dashboard(
        by_program=_sorted_totals(by_program),
        by_phase=_sorted_totals(by_phase),
        by_region=_sorted_totals(by_region),
        funnel=[(s, reached[s]) for s in Stage.values],
        applications=count,
    )


# ------------------------------------------------------------------ curation


def proposals_for_user(user: AnyUser) -> QuerySet[ProgramProposal]:
    if not user.is_authenticated:
        return ProgramProposal.objects.none()
    if is_staff(user):
        return ProgramProposal.objects.select_related("program", "proposed_by")
    return ProgramProposal.objects.filter(proposed_by=user).select_related("program")


def get_proposal_for_user(user: AnyUser, pk: int, *, for_review: bool = False) -> ProgramProposal:
    """A partner's own proposal (staff: any); reviewing is for staff only."""
    if not user.is_authenticated:
        raise Http404
    proposal = proposals_for_user(user).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    if for_review and not is_staff(user):
        raise PermissionDenied
    return proposal


def stale_programs(today: date | None = None) -> list[Program]:
    """Published and draft programs whose facts were last verified more than
    STALE_AFTER_DAYS days ago (or never), oldest first."""
    programs = [
        p
        for p in Program.objects.exclude(publication="archived").select_related("link_check")
        if is_stale(p.last_verified, today)
    ]
    programs.sort(key=lambda p: (p.last_verified is not None, p.last_verified or date.min))
    return programs


def broken_links() -> list[Program]:
    return list(
        Program.objects.filter(link_check__ok=False).select_related("link_check").order_by("name")
    )


def import_batches() -> QuerySet[ImportBatch]:
    return ImportBatch.objects.all()


def get_import_for_user(user: AnyUser, pk: int) -> ImportBatch:
    if not is_staff(user):
        raise PermissionDenied
    batch = ImportBatch.objects.filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


__all__ = [
    "STALE_AFTER_DAYS",
    "window_state",
]
