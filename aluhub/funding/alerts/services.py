"""Funding alerts: what an alert watches, what is new for it, and its subscription.

Alerts read the funding catalogue's history (``funding.ProgramChange``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from aluhub.accounts.models import Organization, User
from aluhub.common import subscriptions
from aluhub.common.lang import lang_of
from aluhub.common.regions import region_name
from aluhub.engines import matching
from aluhub.engines.matching import Lang, ProgramMatch
from aluhub.funding import selectors as funding_selectors
from aluhub.funding.engine_bridge import engine_catalogue, organization_profile
from aluhub.funding.models import Program, ProgramChange
from aluhub.funding.services import ELIGIBILITY_FIELDS
from aluhub.funding.taxonomy import (
    AidType,
    Level,
    Phase,
    SizeClass,
    Status,
    label,
    labels,
)

from . import selectors
from .models import AlertDelivery, AlertKind, AlertSubscription

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


def describe_alert(alert: AlertSubscription) -> list[str]:
    """What an alert watches, as lines in the active language."""
    if alert.kind == AlertKind.COMPANY:
        goals = goals_of(alert)
        return [
            _("Programs matching %(name)s")
            % {"name": alert.organization.name if alert.organization else ""},
            _("Goals: %(goals)s") % {"goals": ", ".join(label(Phase, g) for g in goals)},
        ]
    return describe_search(alert.query)


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
    result = matching.match(request, engine_catalogue())
    return {m.slug: m for m in result.results if m.verdict != "ineligible" and m.relevant}


@dataclass
class AlertItem:
    program: Program
    changes: list[ProgramChange]
    is_new: bool
    groups: list[str]
    reasons: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The program's name in the active language (the e-mail's subject when alone)."""
        return self.program.name


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
    lang = lang_of(translation.get_language())
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


ALERTS_CHANNEL = "funding_alerts"


def alerts_send(
    *, frequency: str | None = None, now: dt.datetime | None = None
) -> subscriptions.DeliveryReport:
    """Email each due alert (of ``frequency``, or all) its new or changed programs, in its
    language. Idempotent: the delivery log makes a second run send nothing new."""
    return subscriptions.deliver_due(channels=[ALERTS_CHANNEL], frequency=frequency, now=now)


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
) -> subscriptions.SubscribeOutcome:
    """Create an alert (or update the same one) with the consent rules of the
    subscriptions core (double opt-in; a confirmed alert changes only by its own link)."""
    if kind not in AlertKind.values:
        raise ValidationError({"kind": _("Choose a kind of alert.")})
    if kind == AlertKind.COMPANY:
        if organization is None or user is None:
            raise ValidationError(_("A company alert needs a signed-in member organization."))
        if not QueryDict(query).getlist("goal"):
            raise ValidationError({"goals": _("Choose at least one goal.")})
    return subscriptions.subscribe(
        channel=subscriptions.get_channel(ALERTS_CHANNEL),
        email=email,
        language=language,
        frequency=frequency,
        user=user,
        match={"kind": kind, "query": query, "organization": organization},
        values={"name": name[:200]},
    )


def alert_unsubscribe(*, alert: AlertSubscription) -> AlertSubscription:
    """Stop an alert (its signed-in owner's button)."""
    channel = subscriptions.get_channel(ALERTS_CHANNEL)
    subscriptions.unsubscribe(channel=channel, token=subscriptions.link_token(channel, alert))
    alert.refresh_from_db()
    return alert
