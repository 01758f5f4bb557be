"""Workforce API: trades, training programs, open internships and jobs, CeiAl courses, the
Table de concertation's recommendations (anyone may read).

Lists are paginated (``?limit=&offset=`` -> ``{"items": [...], "count": N}``) and accept
``?q=`` in French or English (the same bilingual search as the pages).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import BeforeValidator

from aluhub.accounts.auth import OPTIONAL_AUTH
from aluhub.common import capacity as places
from aluhub.common.api_lists import filtered_list
from aluhub.common.http import CappedLimitOffsetPagination, LimitOffsetPagination

from . import selectors
from .models import Course, JobPosting, Recommendation, Trade, TrainingProgram

router = Router(tags=["workforce"])

#: A translated text field: a language left blank (None) reads as "".
Text = Annotated[str, BeforeValidator(lambda v: v or "")]


class TradeOut(Schema):
    slug: str
    noc_2021: str
    teer: int | None
    title_fr: Text
    title_en: Text
    title_fr_source: str
    summary_fr: Text
    summary_en: Text
    stages: list[str]
    source_url: str
    url: str

    @staticmethod
    def resolve_url(obj: Trade) -> str:
        return reverse("workforce:trade", args=[obj.slug])


class RegionIndicatorOut(Schema):
    region: str
    region_code: str
    indicator: str
    value: str
    year: str
    source_url: str


class TradeDetailOut(TradeOut):
    indicators: list[RegionIndicatorOut]
    programs: list[str]

    @staticmethod
    def resolve_indicators(obj: Trade) -> list[Any]:
        return list(obj.indicators.all())

    @staticmethod
    def resolve_programs(obj: Trade) -> list[str]:
        return [p.slug for p in obj.programs.all()]


class TrainingProgramOut(Schema):
    slug: str
    code: str
    code_to_confirm: bool
    level: str
    name_fr: Text
    name_en: Text
    #: The shared file's duration (English); ``hours_fr`` / ``hours_en``: both languages.
    hours: str
    hours_fr: Text
    hours_en: Text
    institutions: list[dict[str, str]]
    regions: list[str]
    work_study: bool | None
    trades: list[str]
    source_url: str

    @staticmethod
    def resolve_hours(obj: TrainingProgram) -> str:
        return obj.hours_en or ""

    @staticmethod
    def resolve_trades(obj: TrainingProgram) -> list[str]:
        return [t.slug for t in obj.trades.all()]


class JobOut(Schema):
    id: int
    title: str
    description: str
    organization: str
    trade: str
    noc_2021: str
    kind: str
    region: str
    city: str
    start_date: date | None
    duration: str
    pay_min: float | None
    pay_max: float | None
    pay_unit: str
    level: str
    how_to_apply: str
    closing_date: date
    is_demo: bool
    url: str

    @staticmethod
    def resolve_organization(obj: JobPosting) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_trade(obj: JobPosting) -> str:
        return obj.trade.slug

    @staticmethod
    def resolve_noc_2021(obj: JobPosting) -> str:
        return obj.trade.noc_2021

    @staticmethod
    def resolve_url(obj: JobPosting) -> str:
        return reverse("workforce:job", args=[obj.pk])


@router.get("/trades", response=list[TradeOut], auth=OPTIONAL_AUTH)
@filtered_list(selectors.TradeFilters)
def trades(request: HttpRequest, filters: selectors.TradeFilters) -> object:
    """Trades of the value chain; ``stage`` and ``level`` as on the trades page."""
    return selectors.trade_search(filters)


@router.get("/trades/{slug}", response=TradeDetailOut, auth=OPTIONAL_AUTH)
def trade(request: HttpRequest, slug: str) -> object:
    return selectors.get_trade(slug)


@router.get("/programs", response=list[TrainingProgramOut], auth=OPTIONAL_AUTH)
@filtered_list(selectors.ProgramFilters, fields=("q", "level", "region", "trade"))
def programs(request: HttpRequest, filters: selectors.ProgramFilters) -> object:
    return selectors.program_search(filters)


@router.get("/jobs", response=list[JobOut], auth=OPTIONAL_AUTH)
@filtered_list(selectors.JobFilters, pagination=CappedLimitOffsetPagination)
def jobs(request: HttpRequest, filters: selectors.JobFilters) -> object:
    """Open postings (published, closing date not passed), in the board's order. Like the
    board, `count` stops at 1,000: `count_is_lower_bound` is true when more match."""
    return selectors.job_search(filters)


@router.get("/jobs/{pk}", response=JobOut, auth=OPTIONAL_AUTH)
def job(request: HttpRequest, pk: int) -> object:
    return selectors.get_job_for_user(request.user, pk)


class SessionOut(Schema):
    id: int
    starts_on: date
    ends_on: date
    place: str
    online: bool
    capacity: int
    seats_left: int
    waiting_list: int
    is_demo: bool

    @staticmethod
    def resolve_seats_left(obj: Any) -> int:
        return places.places_left(capacity=obj.capacity, confirmed=obj.confirmed) or 0

    @staticmethod
    def resolve_waiting_list(obj: Any) -> int:
        return int(obj.waitlisted)


class CourseOut(Schema):
    slug: str
    title_fr: Text
    title_en: Text
    description_fr: Text
    description_en: Text
    prerequisites_fr: Text
    prerequisites_en: Text
    level: str
    duration_hours: float | None
    trainer: str
    language: str
    price_member: float | None
    price_non_member: float | None
    is_demo: bool
    sessions: list[SessionOut]
    url: str

    @staticmethod
    def resolve_sessions(obj: Course) -> list[Any]:
        today = timezone.localdate()
        return [s for s in obj.sessions.all() if s.ends_on >= today]

    @staticmethod
    def resolve_url(obj: Course) -> str:
        return reverse("workforce:course", args=[obj.slug])


@router.get("/courses", response=list[CourseOut], auth=OPTIONAL_AUTH)
@filtered_list(selectors.CourseFilters)
def courses(request: HttpRequest, filters: selectors.CourseFilters) -> object:
    """CeiAl's published courses with their coming sessions (seats left, waiting list);
    a blank duration, trainer or price is unknown (null or empty), never guessed."""
    return selectors.course_search(filters)


class RecommendationStepOut(Schema):
    status: str
    status_on: date
    note: str


class RecommendationOut(Schema):
    number: int
    title_fr: Text
    title_en: Text
    detail_fr: Text
    detail_en: Text
    source_title: str
    source_url: str
    status: str
    status_on: date
    status_note: str
    initiatives: list[str]
    history: list[RecommendationStepOut]
    url: str

    @staticmethod
    def resolve_initiatives(obj: Any) -> list[str]:
        return [i.slug for i in obj.visible_initiatives]

    @staticmethod
    def resolve_history(obj: Recommendation) -> list[Any]:
        return list(obj.updates.all())

    @staticmethod
    def resolve_url(obj: Recommendation) -> str:
        return f"{reverse('workforce:recommendations')}#rec-{obj.number}"


@router.get("/recommendations", response=list[RecommendationOut], auth=OPTIONAL_AUTH)
@paginate(LimitOffsetPagination)
def recommendations(request: HttpRequest, q: str = "") -> object:
    """The Table de concertation's recommendations by number, each with its source, its
    dated status history (latest first) and the slugs of the initiatives carrying it out
    that the caller may see; ``?q=`` in French or English."""
    found = []
    for rec, initiatives in selectors.recommendations_for_user(request.user, q=q):
        rec.visible_initiatives = initiatives  # type: ignore[attr-defined]
        found.append(rec)
    return found
