"""Writes of the financing app: funding alert subscriptions and their deliveries.

Alerts read the funding catalogue's history (``funding.ProgramChange``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from aluhub.accounts.models import Organization, User
from aluhub.common.mail import send_email
from aluhub.common.regions import region_name
from aluhub.engines import matching
from aluhub.engines.matching import Lang, ProgramMatch
from aluhub.funding import selectors as funding_selectors
from aluhub.funding.engine_bridge import organization_profile
from aluhub.funding.models import Program, ProgramChange
from aluhub.funding.services import ELIGIBILITY_FIELDS
from aluhub.funding.taxonomy import (
    AidType,
    Level,
    Phase,
    SizeClass,
    Status,
    labels,
)

from . import selectors
from .models import AlertDelivery, AlertKind, AlertSubscription, Frequency


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
        send_email(
            to=[alert.email],
            subject=subject,
            body=body,
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
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
        send_email(to=[alert.email], subject=_("Confirm your AluHub funding alert"), body=body)


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
