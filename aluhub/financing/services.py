"""Writes of the financing app: alert subscriptions and their deliveries, financing
plans, application tracking and reminders, program proposals, link checks and CSV imports.

Every write to the funding catalogue goes through the funding app's services
(``program_save``, ``program_set_organizations``, ``program_reindex``), which record the
history that alerts read.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import URLValidator
from django.db import transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from aluhub.accounts.models import Membership, Organization, User
from aluhub.common.regions import REGION_CODES, region_name
from aluhub.engines import matching
from aluhub.engines.errors import EngineInputError
from aluhub.engines.funding_plan import parse_plan_request, plan
from aluhub.engines.matching import Lang, ProgramMatch
from aluhub.engines.sizes import SIZE_CLASSES
from aluhub.funding import selectors as funding_selectors
from aluhub.funding import services as funding_services
from aluhub.funding.engine_source import get_engine_programs
from aluhub.funding.models import Program, ProgramChange
from aluhub.funding.search import fold
from aluhub.funding.services import ELIGIBILITY_FIELDS
from aluhub.funding.taxonomy import (
    AidType,
    DeadlineType,
    Level,
    Phase,
    SizeClass,
    Status,
    labels,
)

from . import selectors
from .models import (
    AlertDelivery,
    AlertKind,
    AlertSubscription,
    Application,
    DeadlineReminder,
    FinancingPlan,
    Frequency,
    ImportBatch,
    ImportRow,
    ImportRowStatus,
    LinkCheck,
    ProgramProposal,
    ProposalKind,
    ProposalStatus,
    Stage,
)


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _lang(value: str | None) -> Lang:
    return "en" if (value or "fr").startswith("en") else "fr"


# =================================================================== alerts

#: ProgramChange keys that make a change worth an alert, by the group named in the email.
MATERIAL_GROUPS: dict[str, tuple[str, ...]] = {
    "status": ("status", "status_note"),
    "amounts": (
        "max_amount_cad",
        "amount_min_cad",
        "amount_basis",
        "cost_share_pct",
        "cost_share_pct_large_firm",
        "public_aid_cap_pct",
    ),
    "deadlines": ("intake_windows", "deadline_type"),
    "eligibility": ELIGIBILITY_FIELDS,
}
MATERIAL_FIELDS: frozenset[str] = frozenset(f for fs in MATERIAL_GROUPS.values() for f in fs)

#: Minimum time between two emails of a daily or weekly alert.
MIN_INTERVAL = {
    Frequency.IMMEDIATE: dt.timedelta(0),
    Frequency.DAILY: dt.timedelta(hours=23),
    Frequency.WEEKLY: dt.timedelta(days=6, hours=12),
}


#: How far before the previous delivery an alert looks for changes (see alert_items).
LOOK_BACK = dt.timedelta(minutes=15)


def change_is_new(change: ProgramChange) -> bool:
    """A creation (every field from nothing) or a publication."""
    slug = change.changes.get("slug")
    if slug is not None and slug[0] is None:
        return True
    publication = change.changes.get("publication")
    return publication is not None and publication[1] == "published"


def change_groups(change: ProgramChange) -> set[str]:
    keys = set(change.changes)
    return {group for group, fields in MATERIAL_GROUPS.items() if keys & set(fields)}


def group_label(group: str) -> str:
    return {
        "status": _("status"),
        "amounts": _("amounts"),
        "deadlines": _("deadlines"),
        "eligibility": _("eligibility"),
    }[group]


def goals_of(alert: AlertSubscription) -> list[str]:
    return [g for g in QueryDict(alert.query or "").getlist("goal") if g in Phase.values]


def organization_profile(organization: Organization) -> dict[str, Any]:
    """The matching engine's ``organization`` object for a member organization."""
    return {
        "employees": organization.employees,
        "region": organization.region,
        "annual_revenue_cad": (
            float(organization.annual_revenue_cad)
            if organization.annual_revenue_cad is not None
            else None
        ),
        "naics": organization.primary_naics or None,
        "founded_year": organization.founded_year,
        "legal_form": organization.legal_form
        if organization.legal_form in matching.LEGAL_FORMS
        else None,
    }


def describe_search(query: str) -> list[str]:
    """The filters of a finder query as lines in the active language."""
    filters = selectors.filters_from_query(query)
    lines: list[str] = []
    if filters.q:
        lines.append(_("Words: %(q)s") % {"q": filters.q})
    named: list[tuple[str, list[str]]] = [
        (_("Level"), labels(Level, list(filters.level))),
        (_("Aid type"), labels(AidType, list(filters.aid))),
        (_("Development phase"), labels(Phase, list(filters.phase))),
        (_("Region"), [f"{c} – {region_name(c)}" for c in filters.region]),
        (_("Company size"), labels(SizeClass, list(filters.size))),
        (_("Status"), labels(Status, list(filters.status))),
    ]
    for title, values in named:
        if values:
            lines.append(_("%(facet)s: %(values)s") % {"facet": title, "values": ", ".join(values)})
    if filters.open_now:
        lines.append(_("Open now"))
    if filters.closing_soon:
        lines.append(_("Closing within 30 days"))
    if not lines:
        lines.append(_("All published programs"))
    return lines


def company_matches(
    organization: Organization, goals: list[str], lang: Lang
) -> dict[str, ProgramMatch]:
    """Published programs the engine does not find ineligible for the organization and
    that serve one of the goals, by slug."""
    if organization.employees is None or not goals:
        return {}
    request = matching.parse_match_request(
        {
            "organization": organization_profile(organization),
            "project": {"goals": goals},
            "limit": None,
        },
        today=timezone.localdate(),
        lang=lang,
    )
    result = matching.match(request, funding_selectors.engine_programs())
    return {m.slug: m for m in result.results if m.verdict != "ineligible" and m.relevant}


@dataclass
class AlertItem:
    program: Program
    changes: list[ProgramChange]
    is_new: bool
    groups: list[str]
    reasons: list[str] = field(default_factory=list)


def alert_items(alert: AlertSubscription, *, now: dt.datetime) -> list[AlertItem]:
    """The programs of the alert that are new or materially changed since its last
    delivery and not delivered yet, each with why it matches (in the active language)."""
    if alert.last_sent_at is not None:
        # A change saved while the previous run was sending may carry a time just before
        # that run's clock; look back a little, the delivery log removes what was sent.
        since = alert.last_sent_at - LOOK_BACK
    else:
        since = alert.confirmed_at or alert.created_at
    changes = list(
        ProgramChange.objects.filter(
            changed_at__gt=since, changed_at__lte=now, program__publication="published"
        )
        .exclude(pk__in=AlertDelivery.objects.filter(subscription=alert).values("change_id"))
        .select_related("program")
        .order_by("changed_at", "pk")
    )
    by_program: dict[int, list[ProgramChange]] = defaultdict(list)
    for change in changes:
        if change_is_new(change) or change_groups(change):
            by_program[change.program_id].append(change)
    if not by_program:
        return []
    lang = _lang(translation.get_language())
    reasons: dict[int, list[str]] = {}
    if alert.kind == AlertKind.COMPANY and alert.organization is not None:
        matches = company_matches(alert.organization, goals_of(alert), lang)
        for pid, program_changes in by_program.items():
            m = matches.get(program_changes[0].program.slug)
            if m is not None:
                reasons[pid] = [c.detail for c in m.criteria if c.status != "fail"]
    else:
        ids = set(funding_selectors.search_programs(selectors.filters_from_query(alert.query)).ids)
        described = describe_search(alert.query)
        reasons = {pid: described for pid in by_program if pid in ids}
    items: list[AlertItem] = []
    for pid, program_changes in by_program.items():
        if pid not in reasons:
            continue
        is_new = any(change_is_new(c) for c in program_changes)
        groups = sorted({g for c in program_changes for g in change_groups(c)})
        items.append(
            AlertItem(
                program=program_changes[0].program,
                changes=program_changes,
                is_new=is_new,
                groups=[] if is_new else groups,
                reasons=reasons[pid],
            )
        )
    items.sort(key=lambda i: (not i.is_new, i.program.name))
    return items


@dataclass(frozen=True)
class AlertReport:
    alerts: int
    emails: int
    programs: int


def _alert_due(alert: AlertSubscription, now: dt.datetime) -> bool:
    if alert.last_sent_at is None:
        return True
    return now - alert.last_sent_at >= MIN_INTERVAL[Frequency(alert.frequency)]


def alerts_send(*, frequency: str | None = None, now: dt.datetime | None = None) -> AlertReport:
    """Email each active alert (of ``frequency``, or all) its new or changed programs, in
    its language. Idempotent: the delivery log makes a second run send nothing new."""
    now = now or timezone.now()
    alerts = AlertSubscription.objects.filter(
        confirmed_at__isnull=False, unsubscribed_at__isnull=True
    ).select_related("organization")
    if frequency is not None:
        if frequency not in Frequency.values:
            raise ValueError(f"unknown frequency {frequency!r}")
        alerts = alerts.filter(frequency=frequency)
    count = emails = programs = 0
    for alert in alerts:
        count += 1
        if not _alert_due(alert, now):
            continue
        sent = alert_deliver(alert=alert, now=now)
        if sent:
            emails += 1
            programs += sent
    return AlertReport(alerts=count, emails=emails, programs=programs)


@transaction.atomic
def alert_deliver(*, alert: AlertSubscription, now: dt.datetime) -> int:
    """Send one alert's email if it has anything new; returns the number of programs."""
    with translation.override(alert.language):
        items = alert_items(alert, now=now)
        if not items:
            return 0
        fresh: list[AlertItem] = []
        for item in items:
            created_any = False
            for change in item.changes:
                _row, created = AlertDelivery.objects.get_or_create(
                    subscription=alert, program=item.program, change=change
                )
                created_any = created_any or created
            if created_any:
                fresh.append(item)
        if not fresh:
            return 0
        alert.last_sent_at = now
        alert.save(update_fields=["last_sent_at"])
        unsubscribe = _absolute(reverse("financing:alert_unsubscribe", args=[alert.token]))
        context = {
            "alert": alert,
            "items": [
                {
                    "program": i.program,
                    "is_new": i.is_new,
                    "groups": [group_label(g) for g in i.groups],
                    "reasons": i.reasons,
                    "url": _absolute(reverse("funding:program_detail", args=[i.program.slug])),
                }
                for i in fresh
            ],
            "unsubscribe": unsubscribe,
            "is_company": alert.kind == AlertKind.COMPANY,
        }
        body = render_to_string("financing/email/alert.txt", context)
        subject = _("AluHub funding alert: %(count)d program(s) new or changed") % {
            "count": len(fresh)
        }
        EmailMessage(
            subject,
            body,
            to=[alert.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        ).send()
    return len(fresh)


def alert_subscribe(
    *,
    email: str,
    kind: str,
    query: str,
    frequency: str,
    language: str,
    user: User | None = None,
    organization: Organization | None = None,
    name: str = "",
) -> AlertSubscription:
    """Create an alert (or update the same one) and send the confirmation email (double
    opt-in). A signed-in user's own verified address is confirmed at once."""
    email = email.strip().lower()
    if kind not in AlertKind.values:
        raise ValidationError({"kind": _("Choose a kind of alert.")})
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Choose a frequency.")})
    if language not in ("fr", "en"):
        raise ValidationError({"language": _("Choose French or English.")})
    if kind == AlertKind.COMPANY:
        if organization is None or user is None:
            raise ValidationError(_("A company alert needs a signed-in member organization."))
        if not QueryDict(query).getlist("goal"):
            raise ValidationError({"goals": _("Choose at least one goal.")})
    trusted = (
        user is not None
        and user.is_authenticated
        and user.email_verified
        and user.email.lower() == email
    )
    with transaction.atomic():
        alert = (
            AlertSubscription.objects.select_for_update()
            .filter(email=email, kind=kind, query=query, organization=organization)
            .first()
        )
        if alert is None:
            alert = AlertSubscription(email=email, kind=kind, query=query)
        alert.organization = organization
        alert.frequency, alert.language = frequency, language
        alert.name = name[:200]
        if trusted:
            alert.user = user
        if alert.unsubscribed_at is not None:
            alert.unsubscribed_at = None
            alert.confirmed_at = None
        if trusted and alert.confirmed_at is None:
            alert.confirmed_at = timezone.now()
        alert.save()
        if alert.confirmed_at is None:
            saved = alert
            transaction.on_commit(lambda: alert_send_confirmation(alert=saved))
    return alert


def alert_send_confirmation(*, alert: AlertSubscription) -> None:
    with translation.override(alert.language):
        link = _absolute(reverse("financing:alert_confirm", args=[alert.token]))
        body = render_to_string(
            "financing/email/confirm.txt",
            {"link": link, "reasons": describe_search(alert.query)},
        )
        EmailMessage(_("Confirm your AluHub funding alert"), body, to=[alert.email]).send()


@transaction.atomic
def alert_confirm(*, token: str) -> AlertSubscription | None:
    alert = AlertSubscription.objects.select_for_update().filter(token=token).first()
    if alert is not None and alert.confirmed_at is None and alert.unsubscribed_at is None:
        alert.confirmed_at = timezone.now()
        alert.save(update_fields=["confirmed_at"])
    return alert


@transaction.atomic
def alert_unsubscribe(*, token: str) -> AlertSubscription | None:
    alert = AlertSubscription.objects.select_for_update().filter(token=token).first()
    if alert is not None and alert.unsubscribed_at is None:
        alert.unsubscribed_at = timezone.now()
        alert.save(update_fields=["unsubscribed_at"])
    return alert


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
) -> dict[str, Any]:
    """The CLI's JSON for a member organization's project."""
    project: dict[str, Any] = {"goals": goals, "cost_cad": cost_cad}
    if eligible_costs_cad is not None:
        project["eligible_costs_cad"] = eligible_costs_cad
    data: dict[str, Any] = {
        "organization": organization_profile(organization),
        "project": project,
        "include": list(include or []),
        "exclude": list(exclude or []),
    }
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
    request = parse_plan_request(inputs, today=today or dt.date.today(), lang=lang)
    return plan(request, get_engine_programs()).to_dict()


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
    gives the very same amounts; otherwise the stored result is shown with a notice."""
    if plan_obj.lang == lang or not plan_obj.result:
        return ShownPlan(result=dict(plan_obj.result))
    on = timezone.localdate(plan_obj.updated_at) if plan_obj.updated_at else None
    try:
        again = plan_compute(inputs=plan_obj.inputs, lang=lang, today=on)
    except EngineInputError:
        return ShownPlan(result=dict(plan_obj.result), catalogue_changed=True)
    if _amounts(again) != _amounts(plan_obj.result):
        return ShownPlan(result=dict(plan_obj.result), catalogue_changed=True)
    return ShownPlan(result=again)


@transaction.atomic
def financing_plan_create(
    *,
    organization: Organization,
    created_by: User | None,
    title: str,
    inputs: dict[str, Any],
    lang: Lang,
) -> FinancingPlan:
    result = plan_compute(inputs=inputs, lang=lang)
    return FinancingPlan.objects.create(
        organization=organization,
        created_by=created_by,
        title=title.strip() or _("Financing plan"),
        inputs=inputs,
        result=result,
        lang=lang,
    )


@transaction.atomic
def financing_plan_rerun(
    *,
    plan_obj: FinancingPlan,
    lang: Lang,
    pin: str = "",
    exclude: str = "",
    release: str = "",
) -> FinancingPlan:
    """Re-run a saved plan with the organization's current profile, after pinning,
    excluding or releasing (neither pinned nor excluded) one program."""
    inputs = dict(plan_obj.inputs)
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
    inputs["include"], inputs["exclude"] = include_list, exclude_list
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
    allowed = {
        "stage",
        "amount_requested_cad",
        "amount_approved_cad",
        "amount_paid_cad",
        "deadline",
        "submitted_on",
        "decided_on",
        "paid_on",
        "notes",
    }
    unknown = set(values) - allowed
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
    upcoming = selectors.next_deadlines(application.program, today)
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
                        "financing/email/reminder.txt",
                        {
                            "application": application,
                            "program": application.program,
                            "deadline": deadline,
                            "days": (deadline - today).days,
                            "url": _absolute(
                                reverse("financing:application_edit", args=[application.pk])
                            ),
                        },
                    )
                    subject = _("Deadline on %(date)s: %(program)s") % {
                        "date": deadline.isoformat(),
                        "program": application.program.name,
                    }
                    EmailMessage(subject, body, to=[user.email]).send()
                    emails += 1
    return ReminderReport(applications=count, reminders=reminders, emails=emails)


# =================================================================== program fields

#: Program fields that partners may propose and staff may import, with their type.
EDITABLE_FIELDS: dict[str, str] = {
    "name_fr": "text",
    "name_en": "text",
    "summary_fr": "text",
    "summary_en": "text",
    "level": "level",
    "aid_types": "aid_types",
    "phases": "phases",
    "regions": "regions",
    "eligible_sizes": "sizes",
    "employees_min": "int",
    "employees_max": "int",
    "max_amount_cad": "decimal",
    "cost_share_pct": "percent",
    "status": "status",
    "status_note": "text",
    "deadline_type": "deadline_type",
    "url": "url",
    "source_url": "url",
    "other_conditions_fr": "text",
    "other_conditions_en": "text",
    "last_verified": "date",
}

_CODE_LISTS: dict[str, tuple[str, ...]] = {
    "aid_types": tuple(AidType.values),
    "phases": tuple(Phase.values),
    "regions": REGION_CODES,
    "sizes": SIZE_CLASSES,
}
_CHOICES: dict[str, tuple[str, ...]] = {
    "level": tuple(Level.values),
    "status": tuple(Status.values),
    "deadline_type": tuple(DeadlineType.values),
}


def plain(value: Any) -> Any:
    """A JSON-friendly, comparable form of a field value (as the funding history)."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def parse_field(name: str, raw: Any) -> Any:
    """The model value of a proposed or imported field; raises ValueError with a message."""
    kind = EDITABLE_FIELDS[name]
    if isinstance(raw, list):
        text = ";".join(str(v) for v in raw)
    else:
        text = "" if raw is None else str(raw).strip()
    if kind == "text":
        return text
    if kind in _CODE_LISTS:
        codes = [c.strip() for c in text.replace(",", ";").split(";") if c.strip()]
        bad = [c for c in codes if c not in _CODE_LISTS[kind]]
        if bad:
            raise ValueError(_("unknown codes: %(codes)s") % {"codes": ", ".join(bad)})
        return codes
    if kind in _CHOICES:
        if not text and kind in ("status", "deadline_type"):
            return "unknown"
        if text not in _CHOICES[kind]:
            raise ValueError(_("unknown code: %(code)s") % {"code": text})
        return text
    if not text:
        return "" if kind == "url" else None
    if kind in ("decimal", "percent"):
        try:
            number = Decimal(text.replace(" ", "").replace("\u00a0", "").replace(",", "."))
        except InvalidOperation:
            raise ValueError(_("not a number: %(value)s") % {"value": text}) from None
        if not number.is_finite() or number < 0 or (kind == "percent" and number > 100):
            raise ValueError(_("out of range: %(value)s") % {"value": text})
        return number
    if kind == "int":
        try:
            number_int = int(text)
        except ValueError:
            raise ValueError(_("not a whole number: %(value)s") % {"value": text}) from None
        if number_int < 0:
            raise ValueError(_("out of range: %(value)s") % {"value": text})
        return number_int
    if kind == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(_("not a date (YYYY-MM-DD): %(value)s") % {"value": text}) from None
    if kind == "url":
        try:
            URLValidator(schemes=["http", "https"])(text)
        except ValidationError:
            raise ValueError(_("not a web address: %(value)s") % {"value": text}) from None
        return text
    raise ValueError(name)  # pragma: no cover - every kind is handled above


def program_field_value(program: Program, name: str) -> Any:
    return plain(getattr(program, name))


# =================================================================== proposals


def normalize_url(url: str) -> str:
    url = (url or "").strip().lower()
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            url = url[len(prefix) :]
    if url.startswith("www."):
        url = url[4:]
    return url.rstrip("/")


NAME_RATIO = 0.85


def name_ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, fold(a).strip(), fold(b).strip()).ratio()


def find_duplicates(
    *, names: Iterable[str], url: str, organization: str, exclude_pk: int | None = None
) -> list[dict[str, str]]:
    """Programs with the same official URL, a near-same name (difflib ratio >= 0.85) and the
    same organization, or, when no organization is given, the same name (accents and case
    aside)."""
    wanted_url = normalize_url(url)
    wanted_org = fold(organization or "").strip()
    names = [n for n in names if n and n.strip()]
    found: list[dict[str, str]] = []
    qs = Program.objects.prefetch_related("roles__organization")
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    for program in qs:
        if wanted_url and normalize_url(program.url) == wanted_url:
            found.append({"slug": program.slug, "name": program.name, "reason": "url"})
            continue
        theirs = [n for n in (program.name_fr, program.name_en) if n]
        if not wanted_org and any(
            fold(a).strip() == fold(b).strip() for a in names for b in theirs
        ):
            # No organization given: the very same name is enough to ask (several bodies
            # may run programs of one name, so with an organization it must match too).
            found.append({"slug": program.slug, "name": program.name, "reason": "same_name"})
            continue
        orgs = {fold(r.organization.name).strip() for r in program.roles.all()}
        if not wanted_org or wanted_org not in orgs:
            continue
        if any(name_ratio(a, b) >= NAME_RATIO for a in names for b in theirs):
            found.append({"slug": program.slug, "name": program.name, "reason": "name"})
    return found


def _clean_fields(fields: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Plain (JSON) proposed values and per-field errors."""
    out: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, raw in fields.items():
        if name == "organization":
            out[name] = str(raw or "").strip()
            continue
        if name not in EDITABLE_FIELDS:
            errors[name] = _("This field cannot be proposed.")
            continue
        try:
            out[name] = plain(parse_field(name, raw))
        except ValueError as exc:
            errors[name] = str(exc)
    return out, errors


@transaction.atomic
def proposal_create(
    *,
    user: User,
    organization: Organization | None,
    fields: Mapping[str, Any],
    program: Program | None = None,
    note: str = "",
) -> ProgramProposal:
    """A partner's proposal: a new program (``program`` None) or an edit. For an edit
    only the fields that differ from the program are kept."""
    cleaned, errors = _clean_fields(fields)
    if errors:
        raise ValidationError(errors)
    warnings: list[dict[str, str]] = []
    if program is None:
        if not cleaned.get("name_fr"):
            raise ValidationError({"name_fr": _("A French name is required.")})
        if not cleaned.get("level"):
            raise ValidationError({"level": _("Choose a level.")})
        cleaned = {k: v for k, v in cleaned.items() if v not in (None, "", [])}
        warnings = find_duplicates(
            names=[cleaned.get("name_fr", ""), cleaned.get("name_en", "")],
            url=cleaned.get("url", ""),
            organization=cleaned.get("organization", ""),
        )
    else:
        current_orgs = "; ".join(
            r.organization.name for r in program.roles.select_related("organization")
        )
        cleaned = {
            k: v
            for k, v in cleaned.items()
            if (current_orgs if k == "organization" else program_field_value(program, k)) != v
        }
        if not cleaned:
            raise ValidationError(_("The proposal changes nothing."))
    return ProgramProposal.objects.create(
        kind=ProposalKind.EDIT if program is not None else ProposalKind.NEW,
        program=program,
        fields=cleaned,
        note=note,
        proposed_by=user,
        organization=organization,
        duplicate_warnings=warnings,
    )


def proposal_diff(proposal: ProgramProposal) -> list[tuple[str, Any, Any]]:
    """(field, current value, proposed value) for every proposed field."""
    rows: list[tuple[str, Any, Any]] = []
    program = proposal.program
    for name, value in proposal.fields.items():
        if program is None:
            current: Any = None
        elif name == "organization":
            current = "; ".join(r.organization.name for r in program.roles.all())
        else:
            current = program_field_value(program, name)
        rows.append((name, current, value))
    return rows


def _unique_program_slug(name: str) -> str:
    base = slugify(name)[:100] or "program"
    slug, n = base, 2
    while Program.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def proposal_approve(*, proposal: ProgramProposal, reviewer: User, note: str = "") -> Program:
    """Apply a pending proposal through the funding services (history recorded, alerts
    follow). A new program is published at once: staff approval is the review."""
    if proposal.status != ProposalStatus.PENDING:
        raise ValidationError(_("This proposal has already been reviewed."))
    values = {
        name: parse_field(name, value)
        for name, value in proposal.fields.items()
        if name != "organization"
    }
    organization = proposal.fields.get("organization")
    if proposal.kind == ProposalKind.NEW:
        program = Program(
            slug=_unique_program_slug(values.get("name_fr") or "program"),
            publication="published",
        )
    else:
        if proposal.program is None:
            raise ValidationError(_("The program of this proposal no longer exists."))
        program = proposal.program
    for name, value in values.items():
        setattr(program, name, value)
    if "last_verified" not in values:
        program.last_verified = timezone.localdate()
    funding_services.program_save(program=program, changed_by=reviewer, origin="proposal")
    if organization is not None:
        names = [n.strip() for n in organization.split(";") if n.strip()]
        if funding_services.program_set_organizations(
            program=program, organizations=[(n, "administrator") for n in names]
        ):
            funding_services.program_reindex(program=program)
    proposal.status = ProposalStatus.APPROVED
    proposal.program = program
    proposal.reviewed_by = reviewer
    proposal.reviewed_at = timezone.now()
    proposal.review_note = note
    proposal.save()
    return program


@transaction.atomic
def proposal_reject(*, proposal: ProgramProposal, reviewer: User, note: str = "") -> None:
    if proposal.status != ProposalStatus.PENDING:
        raise ValidationError(_("This proposal has already been reviewed."))
    proposal.status = ProposalStatus.REJECTED
    proposal.reviewed_by = reviewer
    proposal.reviewed_at = timezone.now()
    proposal.review_note = note
    proposal.save()


# =================================================================== link checks

USER_AGENT = "AluHub link checker (+https://aluhub.ca)"


def check_url(url: str, *, timeout: float = 10.0) -> tuple[int | None, str]:
    """(HTTP status, error): HEAD first, then GET when HEAD fails or is refused (some
    servers answer 405 or 403 to HEAD only)."""
    status: int | None = None
    error = ""
    if not url.lower().startswith(("http://", "https://")):
        return None, "not an http(s) address"
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(  # noqa: S310 (scheme checked above)
            url, method=method, headers={"User-Agent": USER_AGENT}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return response.status, ""
        except urllib.error.HTTPError as exc:
            status, error = exc.code, ""
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            status, error = None, str(reason)[:300] or type(exc).__name__
    return status, error


@dataclass(frozen=True)
class LinkReport:
    checked: int
    broken: int


def link_checks_run(
    *, timeout: float = 10.0, programs: Iterable[Program] | None = None
) -> LinkReport:
    """Check the official URL of every non-archived program; store the last result."""
    if programs is None:
        programs = Program.objects.exclude(publication="archived").exclude(url="")
    checked = broken = 0
    for program in programs:
        if not program.url:
            continue
        status, error = check_url(program.url, timeout=timeout)
        ok = status is not None and 200 <= status < 400
        LinkCheck.objects.update_or_create(
            program=program,
            defaults={
                "url": program.url,
                "status_code": status,
                "ok": ok,
                "error": error,
                "checked_at": timezone.now(),
            },
        )
        checked += 1
        broken += not ok
    return LinkReport(checked=checked, broken=broken)


# =================================================================== CSV import

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
IMPORT_KEY = "slug"


def _read_csv(text: str) -> tuple[list[str], list[dict[str, str]]]:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    columns = [c.strip() for c in (reader.fieldnames or []) if c is not None]
    rows = [{(k or "").strip(): (v or "") for k, v in row.items()} for row in reader]
    return columns, rows


@transaction.atomic
def import_create(*, user: User, filename: str, data: bytes) -> ImportBatch:
    """Store an uploaded CSV after checking it is UTF-8 text with a header row."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError({"file": _("The file is larger than 2 MB.")})
    if b"\x00" in data[:4096]:
        raise ValidationError({"file": _("This is not a CSV text file.")})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"file": _("The file must be encoded in UTF-8.")}) from None
    try:
        columns, rows = _read_csv(text)
    except csv.Error:
        raise ValidationError({"file": _("This is not a readable CSV file.")}) from None
    if not columns or len(set(columns)) != len(columns):
        raise ValidationError({"file": _("The first row must name every column once.")})
    if not rows:
        raise ValidationError({"file": _("The file has no data rows.")})
    if len(rows) > MAX_IMPORT_ROWS:
        raise ValidationError({"file": _("The file has more than 5000 rows.")})
    return ImportBatch.objects.create(
        uploaded_by=user, filename=filename[:200], csv_text=text, columns=columns
    )


IMPORT_ORGANIZATION = "organization"
IMPORT_TARGETS = (IMPORT_KEY, IMPORT_ORGANIZATION, *EDITABLE_FIELDS)

# Header words people write, folded (lower case, no accents, spaces/dashes as "_").
_HEADER_ALIASES: dict[str, str] = {
    "id": IMPORT_KEY,
    "identifiant": IMPORT_KEY,
    "nom": "name_fr",
    "nom_fr": "name_fr",
    "nom_francais": "name_fr",
    "name": "name_fr",
    "nom_anglais": "name_en",
    "nom_en": "name_en",
    "resume": "summary_fr",
    "resume_fr": "summary_fr",
    "resume_anglais": "summary_en",
    "montant_max": "max_amount_cad",
    "montant_maximal": "max_amount_cad",
    "montant_maximum": "max_amount_cad",
    "taux": "cost_share_pct",
    "taux_d_aide": "cost_share_pct",
    "taux_daide": "cost_share_pct",
    "organisme": IMPORT_ORGANIZATION,
    "organismes": IMPORT_ORGANIZATION,
    "organisation": IMPORT_ORGANIZATION,
    "niveau": "level",
    "statut": "status",
    "lien": "url",
    "source": "source_url",
    "regions": "regions",
    "phases": "phases",
    "types_d_aide": "aid_types",
    "tailles": "eligible_sizes",
    "date_de_verification": "last_verified",
}


def _header_key(column: str) -> str:
    """``"Taux d'aide"`` -> ``"taux_d_aide"``: accents, case and separators ignored."""
    return "_".join(
        part for part in "".join(c if c.isalnum() else " " for c in fold(column)).split() if part
    )


def guess_mapping(columns: list[str]) -> dict[str, str]:
    """Columns named like a Program field map to it (``id`` maps to the slug), French
    headers too ("nom", "montant maximal", "taux d'aide"...); each field at most once."""
    out: dict[str, str] = {}
    for column in columns:
        key = _header_key(column)
        target = key if key in IMPORT_TARGETS else _HEADER_ALIASES.get(key)
        if target and target not in out.values():
            out[column] = target
    return out


def _new_program_slug(name: str, taken: set[str]) -> str:
    """A slug from the program's name, unique in the catalogue and in this import."""
    base = slugify(name)[:100] or "program"
    slug, n = base, 2
    while slug in taken or Program.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _program_organizations(program: Program | None) -> str | None:
    if program is None:
        return None
    return "; ".join(r.organization.name for r in program.roles.select_related("organization"))


@transaction.atomic
def import_set_mapping(*, batch: ImportBatch, mapping: Mapping[str, str]) -> ImportBatch:
    """Save the column mapping and compute each row's changes against the catalogue."""
    mapping = {c: f for c, f in mapping.items() if f and c in batch.columns}
    targets = list(mapping.values())
    if IMPORT_KEY not in targets and "name_fr" not in targets:
        raise ValidationError(
            _("Map one column to the program identifier (slug) or to the French name.")
        )
    if len(targets) != len(set(targets)):
        raise ValidationError(_("Two columns are mapped to the same field."))
    for target in targets:
        if target not in IMPORT_TARGETS:
            raise ValidationError(_("Unknown field: %(field)s") % {"field": target})
    _columns, rows = _read_csv(batch.csv_text)
    batch.mapping = dict(mapping)
    batch.save(update_fields=["mapping"])
    batch.rows.all().delete()
    key_column = next((c for c, f in mapping.items() if f == IMPORT_KEY), None)
    name_column = next((c for c, f in mapping.items() if f == "name_fr"), None)
    catalogue = list(Program.objects.all())
    programs = {p.slug: p for p in catalogue}
    # Without an identifier a row is the program of the same French name, if there is one.
    by_name = {fold(p.name_fr or ""): p for p in catalogue if p.name_fr}
    taken: set[str] = set()
    new_rows: list[ImportRow] = []
    for line, row in enumerate(rows, start=2):
        slug = (row.get(key_column) or "").strip() if key_column else ""
        name = (row.get(name_column) or "").strip() if name_column else ""
        program = programs.get(slug)
        if not slug and name:
            program = by_name.get(fold(name))
            slug = program.slug if program is not None else _new_program_slug(name, taken)
        changes: dict[str, list[Any]] = {}
        errors: list[str] = []
        if not slug:
            errors.append(_("No identifier."))
        for column, target in mapping.items():
            if target == IMPORT_KEY:
                continue
            if target == IMPORT_ORGANIZATION:
                orgs = "; ".join(n.strip() for n in row.get(column, "").split(";") if n.strip())
                current_orgs = _program_organizations(program)
                if orgs and current_orgs != orgs:
                    changes[target] = [current_orgs, orgs]
                continue
            try:
                value = plain(parse_field(target, row.get(column, "")))
            except ValueError as exc:
                errors.append(f"{column}: {exc}")
                continue
            current = program_field_value(program, target) if program is not None else None
            if program is None and value in (None, "", []):
                continue
            if current != value:
                changes[target] = [current, value]
        if program is None and not errors and not (changes.get("name_fr") and changes.get("level")):
            errors.append(_("A new program needs a French name and a level."))
        if errors:
            status = ImportRowStatus.INVALID
        elif not changes:
            status = ImportRowStatus.UNCHANGED
        else:
            status = ImportRowStatus.PENDING
        new_rows.append(
            ImportRow(
                batch=batch,
                line=line,
                slug=slug[:120],
                program=program,
                changes=changes,
                errors=errors,
                status=status,
            )
        )
    ImportRow.objects.bulk_create(new_rows)
    return batch


@transaction.atomic
def import_review(
    *, batch: ImportBatch, approve: Iterable[int], reject: Iterable[int], reviewer: User
) -> int:
    """Apply the approved pending rows (new programs are created as drafts) and mark the
    rejected ones; returns the number of programs written."""
    written = 0
    approve_ids, reject_ids = set(approve), set(reject)
    for row in batch.rows.filter(status=ImportRowStatus.PENDING).select_related("program"):
        if row.pk in reject_ids:
            row.status = ImportRowStatus.REJECTED
            row.save(update_fields=["status"])
            continue
        if row.pk not in approve_ids:
            continue
        program = row.program or Program.objects.filter(slug=row.slug).first()
        if program is None:
            if not row.slug or slugify(row.slug) != row.slug:
                row.status = ImportRowStatus.INVALID
                row.errors = [_("The identifier must be a slug (a-z, 0-9, dashes).")]
                row.save(update_fields=["status", "errors"])
                continue
            program = Program(slug=row.slug, publication="draft")
        organizations = row.changes.get(IMPORT_ORGANIZATION)
        for name, (_old, new) in row.changes.items():
            if name != IMPORT_ORGANIZATION:
                setattr(program, name, parse_field(name, new))
        funding_services.program_save(program=program, changed_by=reviewer, origin="import")
        if organizations is not None:
            names = [n.strip() for n in str(organizations[1]).split(";") if n.strip()]
            if funding_services.program_set_organizations(
                program=program, organizations=[(n, "administrator") for n in names]
            ):
                funding_services.program_reindex(program=program)
        row.program = program
        row.status = ImportRowStatus.APPROVED
        row.save(update_fields=["program", "status"])
        written += 1
    return written
