"""Writes of the workforce app (keyword-only, typed, inside transaction.atomic)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aluhub.accounts.models import Organization, User
from aluhub.common import search, subscriptions
from aluhub.common.regions import REGION_CODES

from . import selectors
from .models import (
    JobKind,
    JobPosting,
    JobReport,
    JobStatus,
    Stage,
    StudyLevel,
    Trade,
    TrainingProgram,
)


def _labels(values: list[str], choices: type[Stage] | type[JobKind]) -> list[str]:
    return search.labels_in_both_languages(choices(v).label for v in values if v in choices.values)


def trade_document(trade: Trade) -> str:
    programs = list(trade.programs.all())
    return search.document(
        [
            trade.noc_2021,
            trade.title_fr,
            trade.title_en,
            trade.summary_fr,
            trade.summary_en,
            trade.example_titles_fr,
            trade.example_titles_en,
        ],
        [p.name_fr for p in programs] + [p.name_en or "" for p in programs],
        _labels(trade.stages, Stage),
    )


def program_document(program: TrainingProgram) -> str:
    trades = list(program.trades.all())
    return search.document(
        [program.code, program.name_fr, program.name_en, program.hours],
        [i["name"] + " " + i["place"] for i in program.institutions],
        [t.title_fr for t in trades] + [t.title_en for t in trades],
    )


def job_document(job: JobPosting) -> str:
    trade = job.trade
    return search.document(
        [job.title, job.description, job.city, job.organization.name],
        [trade.noc_2021, trade.title_fr, trade.title_en],
        _labels([job.kind], JobKind),
        _labels(trade.stages, Stage),
    )


@transaction.atomic
def search_reindex() -> int:
    """Rebuild the stored search columns of trades, programs and postings."""
    count = 0
    for trade in Trade.objects.prefetch_related("programs"):
        Trade.objects.filter(pk=trade.pk).update(search_text=trade_document(trade))
        count += 1
    for program in TrainingProgram.objects.prefetch_related("trades"):
        TrainingProgram.objects.filter(pk=program.pk).update(search_text=program_document(program))
        count += 1
    for job in JobPosting.objects.select_related("trade", "organization"):
        JobPosting.objects.filter(pk=job.pk).update(search_text=job_document(job))
        count += 1
    return count


def _check_job(
    *, pay_min: Decimal | None, pay_max: Decimal | None, pay_unit: str, closing_date: date
) -> None:
    errors: dict[str, str] = {}
    if pay_min is not None and pay_max is not None and pay_max < pay_min:
        errors["pay_max"] = _("The upper bound of the pay range is below the lower bound.")
    if (pay_min is not None or pay_max is not None) and not pay_unit:
        errors["pay_unit"] = _("Say whether the pay is per hour or per year.")
    if closing_date < date.today():
        errors["closing_date"] = _("The closing date is in the past.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def job_post(
    *,
    actor: User,
    organization: Organization,
    title: str,
    description: str,
    trade: Trade,
    kind: str,
    region: str,
    city: str,
    level: str,
    how_to_apply: str,
    closing_date: date,
    start_date: date | None = None,
    duration: str = "",
    pay_min: Decimal | None = None,
    pay_max: Decimal | None = None,
    pay_unit: str = "",
    is_demo: bool = False,
) -> JobPosting:
    if not selectors.can_post_for(actor, organization):
        raise PermissionDenied
    _check_job(pay_min=pay_min, pay_max=pay_max, pay_unit=pay_unit, closing_date=closing_date)
    job = JobPosting.objects.create(
        organization=organization,
        posted_by=actor,
        title=title,
        description=description,
        trade=trade,
        kind=kind,
        region=region,
        city=city,
        level=level,
        how_to_apply=how_to_apply,
        closing_date=closing_date,
        start_date=start_date,
        duration=duration,
        pay_min=pay_min,
        pay_max=pay_max,
        pay_unit=pay_unit,
        is_demo=is_demo,
    )
    job.search_text = job_document(job)
    job.save(update_fields=["search_text"])
    return job


@transaction.atomic
def job_withdraw(*, actor: User, job: JobPosting) -> JobPosting:
    if not selectors.job_can_change(actor, job):
        raise PermissionDenied
    job.status = JobStatus.WITHDRAWN
    job.save(update_fields=["status", "updated_at"])
    return job


@transaction.atomic
def job_report(*, job: JobPosting, reason: str, reporter: User | None) -> JobReport:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say what is wrong with this posting.")})
    return JobReport.objects.create(posting=job, reporter=reporter, reason=reason[:2000])


@transaction.atomic
def job_report_resolve(*, actor: User, report: JobReport, hide: bool) -> JobReport:
    if not selectors.is_staff(actor):
        raise PermissionDenied
    report.resolved = True
    report.save(update_fields=["resolved"])
    if hide:
        JobPosting.objects.filter(pk=report.posting_id).update(status=JobStatus.HIDDEN)
    return report


def job_alert_subscribe(
    *,
    email: str,
    language: str,
    frequency: str,
    trade: Trade | None = None,
    region: str = "",
    kind: str = "",
    level: str = "",
    q: str = "",
    user: User | None = None,
) -> subscriptions.SubscribeOutcome:
    """Save a search of the postings as an e-mail alert (double opt-in by the core; a
    signed-in user's own verified address is active at once)."""
    from .alerts import JOBS_CHANNEL

    errors: dict[str, str] = {}
    if region and region not in REGION_CODES:
        errors["region"] = _("Choose a region from the list.")
    if kind and kind not in JobKind.values:
        errors["kind"] = _("Choose a type from the list.")
    if level and level not in StudyLevel.values:
        errors["level"] = _("Choose a level from the list.")
    if errors:
        raise ValidationError(errors)
    return subscriptions.subscribe(
        channel=subscriptions.get_channel(JOBS_CHANNEL),
        email=email,
        language=language,
        frequency=frequency,
        user=user,
        match={"trade": trade, "region": region, "kind": kind, "level": level, "q": q.strip()},
    )
