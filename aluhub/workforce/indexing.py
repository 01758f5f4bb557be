"""What the workforce lists are searched by, and keeping it current: the stored search
documents of trades, programs, postings, CeiAl courses and the Table's recommendations
(``common.search``), and the job board's token index (``search.index_documents``) after an
admin edit of a posting or a trade, an organization's new name, or ``aluhub reindex``.
Writes are keyword-only and atomic, like the app's services."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from aluhub.accounts.models import Organization
from aluhub.common import search

from . import selectors
from .models import (
    Course,
    CourseLevel,
    JobKind,
    JobPosting,
    Recommendation,
    RecommendationStatus,
    Stage,
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
        [program.code, program.name_fr, program.name_en, program.hours_fr, program.hours_en],
        [
            i["name"] + " " + i["place"]
            for i in (program.institutions_fr or []) + (program.institutions_en or [])
        ],
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


def _reindex_jobs(jobs: Iterable[JobPosting]) -> int:
    """Rebuild the stored search column and the tokens of ``jobs`` (read with their trade
    and organization); answer how many."""
    docs = []
    for job in jobs:
        doc = job_document(job)
        if doc != job.search_text:
            JobPosting.objects.filter(pk=job.pk).update(search_text=doc)
        docs.append((job.pk, doc))
    search.index_documents(selectors.JOB_TOKENS, docs)
    return len(docs)


@transaction.atomic
def job_admin_save(*, job: JobPosting) -> JobPosting:
    """Save a posting added or changed in the admin (its form checked the fields) with its
    stored search column and its tokens in the job board's index."""
    job.save()
    _reindex_jobs([job])
    job.refresh_from_db(fields=["search_text"])
    return job


@transaction.atomic
def trade_admin_save(*, trade: Trade) -> Trade:
    """Save a trade changed in the admin: its stored search column, and the tokens of its
    postings (a posting is found by its trade's titles)."""
    trade.save()
    trade.search_text = trade_document(trade)
    Trade.objects.filter(pk=trade.pk).update(search_text=trade.search_text)
    _reindex_jobs(JobPosting.objects.filter(trade=trade).select_related("trade", "organization"))
    return trade


@transaction.atomic
def organization_jobs_refresh(*, organization: Organization) -> int:
    """Keep the organization's postings findable by its current name: every service that
    writes an organization calls this inside its transaction (``accounts.services``)."""
    return _reindex_jobs(
        JobPosting.objects.filter(organization=organization).select_related("trade", "organization")
    )


@transaction.atomic
def search_reindex() -> int:
    """Rebuild the stored search columns of trades, programs, postings, courses and
    recommendations."""
    count = 0
    for trade in Trade.objects.prefetch_related("programs"):
        Trade.objects.filter(pk=trade.pk).update(search_text=trade_document(trade))
        count += 1
    for program in TrainingProgram.objects.prefetch_related("trades"):
        TrainingProgram.objects.filter(pk=program.pk).update(search_text=program_document(program))
        count += 1
    search.unindex(selectors.JOB_TOKENS)
    for job in JobPosting.objects.select_related("trade", "organization"):
        doc = job_document(job)
        JobPosting.objects.filter(pk=job.pk).update(search_text=doc)
        search.index_documents(selectors.JOB_TOKENS, [(job.pk, doc)], fresh=True)
        count += 1
    for course in Course.objects.all():
        Course.objects.filter(pk=course.pk).update(search_text=course_document(course))
        count += 1
    for rec in Recommendation.objects.all():
        Recommendation.objects.filter(pk=rec.pk).update(search_text=recommendation_document(rec))
        count += 1
    return count


def course_document(course: Course) -> str:
    return search.document(
        [course.title_fr, course.title_en, course.description_fr, course.description_en],
        [course.prerequisites_fr, course.prerequisites_en, course.trainer],
        search.labels_in_both_languages([CourseLevel(course.level).label]),
    )


def recommendation_document(rec: Recommendation) -> str:
    return search.document(
        [str(rec.number), rec.title_fr, rec.title_en, rec.detail_fr, rec.detail_en],
        [rec.source_title, rec.status_note],
        search.labels_in_both_languages([RecommendationStatus(rec.status).label]),
    )
