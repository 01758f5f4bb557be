"""Reads and access rules of financing plans and application tracking.

One access function per protected object: ``get_plan_for_user``,
``get_application_for_user``. A member sees its own organization's plans and
applications; cluster staff everything.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from aluhub.accounts.models import Organization, User
from aluhub.accounts.selectors import is_staff, organizations_for_user
from aluhub.funding_plans.models import (
    STAGES_REACHED,
    Application,
    FinancingPlan,
    Stage,
)

AnyUser = User | AnonymousUser


def _member_organizations(user: AnyUser) -> QuerySet[Organization]:
    """Organizations a signed-in user acts for (staff: all)."""
    return organizations_for_user(user)


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


@dataclass(frozen=True)
class PerUnitProgram:
    """A program of the catalogue paid per intern, hire or year: a plan counts it once
    the project's number of units is given."""

    slug: str
    name: str
    basis: str  # per_unit (an intern's internship unit), per_hire, per_year
    amount_per_unit_cad: float | None


def per_unit_programs(lang: str) -> list[PerUnitProgram]:
    """The catalogue's programs paid per unit, by name in ``lang``."""
    from aluhub.engines.matching import Lang
    from aluhub.funding.engine_bridge import engine_catalogue

    language: Lang = "en" if lang == "en" else "fr"
    rows = [
        PerUnitProgram(
            slug=p.slug,
            name=p.name(language),
            basis=p.amount_basis,
            amount_per_unit_cad=p.amount_per_unit_cad,
        )
        for p in engine_catalogue()
        if p.amount_basis != "project"
    ]
    return sorted(rows, key=lambda r: r.name.casefold())


# ------------------------------------------------------------------ applications


def applications_for_user(user: AnyUser) -> QuerySet[Application]:
    if not user.is_authenticated:
        return Application.objects.none()
    qs = Application.objects.select_related("program", "organization")
    if is_staff(user):
        return qs
    return qs.filter(organization__in=_member_organizations(user))


@dataclass(frozen=True)
class OpenApplication:
    """An application still in progress and the date that matters next (None: unknown)."""

    application: Application
    deadline: date | None


def open_applications(user: AnyUser, *, today: date, limit: int = 5) -> list[OpenApplication]:
    """The user's organizations' applications not yet decided or paid, soonest deadline first
    (the application's own deadline, else the program's next intake closing date)."""
    from aluhub.funding.selectors import next_deadlines

    rows = []
    active = applications_for_user(user).exclude(stage__in=[Stage.DENIED, Stage.PAID])
    for application in active:
        deadline = application.deadline
        if deadline is None and application.stage == Stage.INTERESTED:
            upcoming = next_deadlines(application.program, today)
            deadline = upcoming[0] if upcoming else None
        rows.append(OpenApplication(application=application, deadline=deadline))
    rows.sort(key=lambda r: (r.deadline is None, r.deadline or today, r.application.pk))
    return rows[:limit]


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


def program_names(slugs: list[str]) -> dict[str, str]:
    """Slug -> name (in the active language) of the catalogue's programs among ``slugs``."""
    from aluhub.funding.selectors import programs_by_slugs

    return {p.slug: p.name for p in programs_by_slugs(slugs)}
