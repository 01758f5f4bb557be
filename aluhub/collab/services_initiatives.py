"""Writes of partner initiatives (keyword-only, typed, inside ``transaction.atomic``).

Reused by other apps for their own trackers (e.g. the Table de concertation):
:func:`initiative_create`, :func:`initiative_partner_set`, :func:`initiative_update_add`,
:func:`indicator_add`, :func:`indicator_value_add`, :func:`initiative_call_set`,
:func:`interest_express`. Acting-user checks are made here (``by=``) and raise
``PermissionDenied``; bad input raises ``ValidationError`` keyed by field.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aluhub.accounts.models import Organization, User
from aluhub.common.lang import active_lang
from aluhub.engines.text import format_date

from . import selectors_initiatives as selectors
from .models import (
    ExpressionOfInterest,
    Indicator,
    IndicatorValue,
    Initiative,
    InitiativePartner,
    InitiativeStatus,
    InitiativeUpdate,
    LiveSource,
    PartnerRole,
    WorkingGroup,
)
from .services import _mail


def _check_progress(progress_pct: int | None) -> None:
    if progress_pct is not None and not 0 <= progress_pct <= 100:
        # xgettext:no-python-format
        raise ValidationError({"progress_pct": _("Give a progress between 0 and 100%.")})


@transaction.atomic
def initiative_create(
    *,
    slug: str,
    title_fr: str,
    title_en: str = "",
    summary_fr: str = "",
    summary_en: str = "",
    status: str = InitiativeStatus.IDEA,
    working_group: WorkingGroup | None = None,
    program_ids: Iterable[int] = (),
    partners: Sequence[tuple[Organization, str]] = (),
    published: bool = True,
    source_url: str = "",
    is_demo: bool = False,
) -> Initiative:
    initiative = Initiative(
        slug=slug,
        title_fr=title_fr,
        title_en=title_en,
        summary_fr=summary_fr,
        summary_en=summary_en,
        status=InitiativeStatus(status),
        working_group=working_group,
        published=published,
        source_url=source_url,
        is_demo=is_demo,
    )
    initiative.full_clean()
    initiative.save()
    initiative.programs.set(list(program_ids))
    for organization, role in partners:
        initiative_partner_set(initiative=initiative, organization=organization, role=role)
    return initiative


@transaction.atomic
def initiative_partner_set(
    *, initiative: Initiative, organization: Organization, role: str
) -> InitiativePartner:
    partner, _created = InitiativePartner.objects.update_or_create(
        initiative=initiative, organization=organization, defaults={"role": PartnerRole(role)}
    )
    initiative_reindex(initiative=initiative)  # the document holds the partners' names
    return partner


@transaction.atomic
def initiative_reindex(*, initiative: Initiative) -> None:
    """Store the initiative's search document again (after its partners changed)."""
    initiative.save(update_fields=["search_text"])


def organization_initiatives_refresh(*, organization: Organization) -> int:
    """Store again the search document of every initiative ``organization`` is a partner of
    (it holds the partners' names): every service that writes an organization calls this
    inside its transaction (``accounts.services``), so a renamed partner is found by its new
    name at once. Returns how many initiatives were refreshed."""
    initiatives = selectors.initiatives_of_partner(organization)
    for initiative in initiatives:
        initiative_reindex(initiative=initiative)
    return len(initiatives)


#: The earliest date an update or an indicator value takes: an initiative records no start
#: date, and a slip of the keyboard (year 1, 0202) must not become the first entry of its
#: timeline or the first value of an indicator.
EARLIEST_UPDATE = date(2000, 1, 1)


@transaction.atomic
def initiative_update_add(
    *,
    initiative: Initiative,
    by: User | None,
    on: date,
    text: str,
    progress_pct: int | None = None,
    status: str | None = None,
) -> InitiativeUpdate:
    """Add a dated entry to the timeline; the initiative's progress is that of its latest
    dated entry giving one, and ``status`` (if given) becomes its status."""
    if by is not None:
        selectors.require_initiative_manager(by, initiative)
    _check_progress(progress_pct)
    if not text.strip():
        raise ValidationError({"text": _("Say what happened.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("An update cannot be dated in the future.")})
    if on < EARLIEST_UPDATE:
        raise ValidationError(
            {
                "on": _("An update cannot be dated before %(date)s.")
                % {"date": format_date(EARLIEST_UPDATE, active_lang())}
            }
        )
    update = InitiativeUpdate.objects.create(
        initiative=initiative, on=on, text=text.strip(), progress_pct=progress_pct, author=by
    )
    if status:
        initiative.status = InitiativeStatus(status)
        initiative.save(update_fields=["status"])
    initiative_progress_refresh(initiative=initiative)
    return update


@transaction.atomic
def initiative_progress_refresh(*, initiative: Initiative) -> int | None:
    """Set the initiative's progress to that of its latest dated update giving one."""
    latest = initiative.updates.exclude(progress_pct=None).order_by("-on", "-pk").first()
    initiative.progress_pct = latest.progress_pct if latest else None
    initiative.save(update_fields=["progress_pct"])
    return initiative.progress_pct


@transaction.atomic
def indicator_add(
    *,
    initiative: Initiative,
    name_fr: str,
    name_en: str = "",
    unit: str = "",
    live_source: str = "",
) -> Indicator:
    if live_source:
        LiveSource(live_source)
    position = (initiative.indicators.aggregate(n=Max("position"))["n"] or 0) + 1
    return Indicator.objects.create(
        initiative=initiative,
        name_fr=name_fr,
        name_en=name_en,
        unit=unit,
        live_source=live_source,
        position=position,
    )


@transaction.atomic
def indicator_value_add(
    *, indicator: Indicator, by: User | None, value: Decimal, measured_on: date, source: str
) -> IndicatorValue:
    """Enter a value with its date and source (live indicators take no entered value)."""
    if by is not None:
        selectors.require_initiative_manager(by, indicator.initiative)
    if indicator.is_live:
        raise ValidationError({"value": _("This indicator is computed by AluHub.")})
    if not source.strip():
        raise ValidationError({"source": _("Give the source of this value.")})
    if measured_on > timezone.localdate():
        raise ValidationError({"measured_on": _("A value cannot be dated in the future.")})
    if measured_on < EARLIEST_UPDATE:
        raise ValidationError(
            {
                "measured_on": _("A value cannot be dated before %(date)s.")
                % {"date": format_date(EARLIEST_UPDATE, active_lang())}
            }
        )
    return IndicatorValue.objects.create(
        indicator=indicator,
        value=value,
        measured_on=measured_on,
        source=source.strip(),
        entered_by=by,
    )


@transaction.atomic
def initiative_call_set(
    *,
    initiative: Initiative,
    by: User,
    is_open: bool,
    text_fr: str = "",
    text_en: str = "",
    closes_on: date | None = None,
) -> Initiative:
    """Open (with its text) or close the initiative's call for partners."""
    selectors.require_initiative_manager(by, initiative)
    if is_open and not text_fr.strip():
        raise ValidationError({"text_fr": _("Say what partners the initiative is looking for.")})
    if is_open and closes_on is not None and closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("The closing date has already passed.")})
    initiative.call_open = is_open
    if is_open:
        initiative.call_text_fr = text_fr.strip()
        initiative.call_text_en = text_en.strip()
        initiative.call_closes_on = closes_on
    initiative.save(update_fields=["call_open", "call_text_fr", "call_text_en", "call_closes_on"])
    return initiative


@transaction.atomic
def interest_express(
    *,
    initiative: Initiative,
    user: User,
    organization: Organization,
    message: str,
    role: str = PartnerRole.PARTNER,
) -> ExpressionOfInterest:
    """Answer the call for partners for ``organization`` (one answer per organization);
    the lead organization's members are e-mailed (queued)."""
    selectors.require_answering_member(user, organization)
    if not initiative.call_is_open():
        raise ValidationError(_("This call for partners is closed."))
    if initiative.partners.filter(organization=organization).exists():
        raise ValidationError({"organization": _("This organization is already a partner.")})
    if initiative.expressions_of_interest.filter(organization=organization).exists():
        raise ValidationError(
            {"organization": _("This organization has already answered this call.")}
        )
    if not message.strip():
        raise ValidationError({"message": _("Tell the lead organization what you can bring.")})
    interest = ExpressionOfInterest.objects.create(
        initiative=initiative,
        organization=organization,
        user=user,
        role=PartnerRole(role),
        message=message.strip(),
    )
    for recipient in selectors.lead_recipients(initiative):
        _mail(
            user=recipient,  # type: ignore[arg-type]
            subject=lambda: (
                _("Expression of interest: %(initiative)s") % {"initiative": initiative.title}
            ),
            template="collab/email/interest_received.txt",
            context={"interest": interest, "initiative": initiative},
            path=lambda: reverse("collab:initiative_detail", args=[initiative.slug]) + "#interests",
        )
    return interest
