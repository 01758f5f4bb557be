"""Writes of financing plans and application tracking (with deadline reminders)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from aluhub.accounts.models import Membership, Organization, User
from aluhub.common import once
from aluhub.common.mail import send_email, site_url
from aluhub.engines.errors import EngineInputError
from aluhub.engines.funding_plan import parse_plan_request, plan
from aluhub.engines.matching import Lang
from aluhub.engines.text import format_date
from aluhub.funding import selectors as funding_selectors
from aluhub.funding.engine_bridge import engine_catalogue, organization_profile
from aluhub.funding.models import Program
from aluhub.funding_plans.models import (
    Application,
    DeadlineReminder,
    FinancingPlan,
    Stage,
)

# =================================================================== financing plans


def plan_inputs(
    *,
    organization: Organization,
    goals: list[str],
    cost_cad: float,
    eligible_costs_cad: float | None,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    max_public_aid_pct: float | None = None,
    timing: str = "",
    units: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """The CLI's JSON for a member organization's project.

    ``units`` gives, for programs paid per intern, hire or year, the project's number of
    units (slug -> count); each such program is pinned, so it stays a line of the plan."""
    units = {slug: n for slug, n in (units or {}).items() if n > 0}
    include = list(include or []) + [s for s in units if s not in (include or [])]
    project: dict[str, Any] = {"goals": goals, "cost_cad": cost_cad}
    if eligible_costs_cad is not None:
        project["eligible_costs_cad"] = eligible_costs_cad
    data: dict[str, Any] = {
        "organization": organization_profile(organization),
        "project": project,
        "include": include,
        "exclude": list(exclude or []),
    }
    if units:
        data["units"] = units
    if max_public_aid_pct is not None:
        data["max_public_aid_pct"] = max_public_aid_pct
    if timing:
        data["timing"] = timing
    return data


def plan_compute(
    *, inputs: Any, lang: Lang | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    """Run the financing-plan engine on the CLI's JSON, on the same catalogue as the
    ``funding_plan`` command (so the page, the API and the CLI give the same numbers).
    Raises EngineInputError naming the bad field."""
    request = parse_plan_request(inputs, today=today or timezone.localdate(), lang=lang)
    return plan(request, engine_catalogue()).to_dict()


@dataclass(frozen=True, slots=True)
class ShownPlan:
    """What a viewer reads of a saved plan: its result in the viewer's language, and whether
    the catalogue changed since the plan was computed (then the stored lines are shown)."""

    result: dict[str, Any]
    catalogue_changed: bool = False


def _amounts(result: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """The figures that make a plan the record: who gives what, and the totals."""
    lines = [
        (line.get("program"), line.get("instrument"), line.get("amount_cad"), line.get("pinned"))
        for line in result.get("lines", [])
    ]
    totals = [
        (key, result.get(key))
        for key in (
            "total_grant_cad",
            "total_tax_credit_cad",
            "total_non_repayable_cad",
            "total_repayable_cad",
            "total_aid_cad",
            "eligible_costs_cad",
            "public_aid_cap_pct",
        )
    ]
    return lines + totals


def plan_result_for(plan_obj: FinancingPlan, lang: Lang) -> ShownPlan:
    """The saved plan's result with its sentences (why, warnings) in ``lang``.

    The stored amounts stay the record: the plan is recomputed from its stored inputs (as
    of the day it was computed) in the other language, and that text is used only when it
    gives the very same amounts; otherwise the stored result is shown with a notice.

    A plan saved before the engine listed the eligible programs it leaves out
    (``left_out``) gets that list the same way, when its amounts are the same again."""
    stored = dict(plan_obj.result)
    if not stored or (plan_obj.lang == lang and "left_out" in stored):
        return ShownPlan(result=stored)
    on = timezone.localdate(plan_obj.updated_at) if plan_obj.updated_at else None
    try:
        again = plan_compute(inputs=plan_obj.inputs, lang=lang, today=on)
    except EngineInputError:
        again = None
    if plan_obj.lang == lang:
        # Its own language: the stored sentences stand, as before.
        if again is not None and _amounts(again) == _amounts(stored):
            stored["left_out"] = again["left_out"]
        return ShownPlan(result=stored)
    if again is None or _amounts(again) != _amounts(stored):
        return ShownPlan(result=stored, catalogue_changed=True)
    return ShownPlan(result=again)


@transaction.atomic
def financing_plan_create(
    *,
    organization: Organization,
    created_by: User | None,
    title: str,
    inputs: dict[str, Any],
    lang: Lang,
    form_token: str = "",
) -> FinancingPlan:
    """Compute and store a plan. ``form_token`` is the page's one-time token: the same form
    sent again (a double click, a resubmitted page) answers the plan it stored."""
    result = plan_compute(inputs=inputs, lang=lang)
    return once.create_once(
        FinancingPlan,
        token=form_token,
        created_by=created_by,
        create=lambda: FinancingPlan.objects.create(
            organization=organization,
            created_by=created_by,
            title=title.strip() or _("Financing plan"),
            inputs=inputs,
            result=result,
            lang=lang,
            form_token=form_token or None,
        ),
    )


@transaction.atomic
def financing_plan_rerun(
    *,
    plan_obj: FinancingPlan,
    lang: Lang,
    pin: str = "",
    exclude: str = "",
    release: str = "",
    units: Mapping[str, int] | None = None,
) -> FinancingPlan:
    """Re-run a saved plan with the organization's current profile, after pinning,
    excluding or releasing (neither pinned nor excluded) one program, or after giving
    the number of units (interns, hires, years) of programs paid per unit: a count pins
    the program, 0 forgets the count (the program stays pinned, amount to confirm)."""
    inputs = dict(plan_obj.inputs)
    counts = {str(s): n for s, n in (inputs.get("units") or {}).items() if isinstance(n, int)}
    for slug, n in (units or {}).items():
        counts.pop(slug, None)
        if n > 0:
            counts[slug] = n
    for slug in (exclude, release):
        counts.pop(slug, None)
    include_list = [s for s in inputs.get("include", []) if isinstance(s, str)]
    exclude_list = [s for s in inputs.get("exclude", []) if isinstance(s, str)]
    for slug in (pin, exclude, release):
        if slug:
            include_list = [s for s in include_list if s != slug]
            exclude_list = [s for s in exclude_list if s != slug]
    if pin:
        include_list.append(pin)
    if exclude:
        exclude_list.append(exclude)
    for slug in counts:
        exclude_list = [s for s in exclude_list if s != slug]
        if slug not in include_list:
            include_list.append(slug)
    inputs["include"], inputs["exclude"] = include_list, exclude_list
    if counts:
        inputs["units"] = counts
    else:
        inputs.pop("units", None)
    inputs["organization"] = organization_profile(plan_obj.organization)
    plan_obj.result = plan_compute(inputs=inputs, lang=lang)
    plan_obj.inputs = inputs
    plan_obj.lang = lang
    plan_obj.save()
    return plan_obj


@transaction.atomic
def financing_plan_delete(*, plan_obj: FinancingPlan) -> None:
    plan_obj.delete()


# =================================================================== applications


#: What an application records besides its program: the keywords of :func:`application_save`
#: and the fields of its form.
APPLICATION_FIELDS = (
    "stage",
    "amount_requested_cad",
    "amount_approved_cad",
    "amount_paid_cad",
    "deadline",
    "submitted_on",
    "decided_on",
    "paid_on",
    "notes",
)


@transaction.atomic
def application_save(
    *,
    organization: Organization,
    program: Program,
    user: User | None,
    application: Application | None = None,
    **values: Any,
) -> Application:
    """Create or update an organization's application to a program."""
    unknown = set(values) - set(APPLICATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    if values.get("stage", Stage.INTERESTED) not in Stage.values:
        raise ValidationError({"stage": _("Choose a stage.")})
    for name in ("amount_requested_cad", "amount_approved_cad", "amount_paid_cad"):
        # The database refuses negatives too (check constraint): say it before, per field.
        if values.get(name) is not None and values[name] < 0:
            raise ValidationError({name: _("An amount cannot be negative.")})
    dates = [values.get(n) for n in ("submitted_on", "decided_on", "paid_on")]
    if dates[0] and dates[1] and dates[1] < dates[0]:
        raise ValidationError({"decided_on": _("The decision cannot come before the submission.")})
    if dates[1] and dates[2] and dates[2] < dates[1]:
        raise ValidationError({"paid_on": _("The payment cannot come before the decision.")})
    approved, paid = values.get("amount_approved_cad"), values.get("amount_paid_cad")
    if approved is not None and paid is not None and paid > approved:
        raise ValidationError(
            {"amount_paid_cad": _("The amount paid cannot exceed the amount approved.")}
        )
    if application is None:
        existing = Application.objects.filter(organization=organization, program=program).first()
        if existing is not None:
            raise ValidationError(
                {"program": _("This program is already tracked for your organization.")}
            )
        application = Application(organization=organization, program=program, created_by=user)
    for name, value in values.items():
        setattr(application, name, value)
    application.save()
    return application


@transaction.atomic
def application_delete(*, application: Application) -> None:
    application.delete()


def application_next_deadline(application: Application, today: dt.date) -> dt.date | None:
    if application.deadline is not None:
        return application.deadline if application.deadline >= today else None
    upcoming = funding_selectors.next_deadlines(application.program, today)
    return upcoming[0] if upcoming else None


@dataclass(frozen=True)
class ReminderReport:
    applications: int
    reminders: int
    emails: int


def reminders_send(*, days: int = 14, today: dt.date | None = None) -> ReminderReport:
    """Email the members of each organization with an "interested" application whose
    next intake deadline is within ``days`` days. One reminder per application and
    deadline, ever (DeadlineReminder is unique)."""
    today = today or timezone.localdate()
    apps = Application.objects.filter(stage=Stage.INTERESTED).select_related(
        "program", "organization"
    )
    count = reminders = emails = 0
    for application in apps:
        count += 1
        deadline = application_next_deadline(application, today)
        if deadline is None or (deadline - today).days > days:
            continue
        with transaction.atomic():
            _row, created = DeadlineReminder.objects.get_or_create(
                application=application, deadline=deadline
            )
            if not created:
                continue
            reminders += 1
            users = User.objects.filter(
                pk__in=Membership.objects.filter(organization=application.organization).values(
                    "user_id"
                ),
                is_active=True,
            )
            for user in users:
                with translation.override(user.preferred_language):
                    body = render_to_string(
                        "funding_plans/email/reminder.txt",
                        {
                            "application": application,
                            "program": application.program,
                            "deadline": deadline,
                            "days": (deadline - today).days,
                            "url": site_url(
                                reverse("funding_plans:application_edit", args=[application.pk])
                            ),
                        },
                    )
                    subject = _("Deadline on %(date)s: %(program)s") % {
                        "date": format_date(deadline, user.preferred_language),
                        "program": application.program.name,
                    }
                    send_email(to=[user.email], subject=subject, body=body)
                    emails += 1
    return ReminderReport(applications=count, reminders=reminders, emails=emails)
