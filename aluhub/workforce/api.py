"""Workforce API: trades, training programs, open internships and jobs, CeiAl courses (anyone
may read).

Lists are paginated (``?limit=&offset=`` -> ``{"items": [...], "count": N}``) and accept
``?q=`` in French or English (the same bilingual search as the pages).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema
from ninja.pagination import paginate

from aluhub.accounts.auth import OPTIONAL_AUTH
from aluhub.common.http import LimitOffsetPagination

from . import selectors
from .models import Course, JobPosting, Trade, TrainingProgram

router = Router(tags=["workforce"])


class TradeOut(Schema):
    slug: str
    noc_2021: str
    teer: int | None
    title_fr: str
    title_en: str
    title_fr_source: str
    summary_fr: str
    summary_en: str
    stages: list[str]
    source_url: str
    url: str

    @staticmethod
    def resolve_title_fr(obj: Trade) -> str:
        return obj.title_fr or ""

    @staticmethod
    def resolve_title_en(obj: Trade) -> str:
        return obj.title_en or ""

    @staticmethod
    def resolve_summary_fr(obj: Trade) -> str:
        return obj.summary_fr or ""

    @staticmethod
    def resolve_summary_en(obj: Trade) -> str:
        return obj.summary_en or ""

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
    name_fr: str
    name_en: str
    hours: str
    institutions: list[dict[str, str]]
    regions: list[str]
    work_study: bool | None
    trades: list[str]
    source_url: str

    @staticmethod
    def resolve_name_fr(obj: TrainingProgram) -> str:
        return obj.name_fr or ""

    @staticmethod
    def resolve_name_en(obj: TrainingProgram) -> str:
        return obj.name_en or ""

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
@paginate(LimitOffsetPagination)
def trades(request: HttpRequest, q: str = "", stage: str = "", level: str = "") -> object:
    """Trades of the value chain; ``stage`` and ``level`` as on the trades page."""
    return selectors.trade_search(
        selectors.TradeFilters.from_params({"q": q, "stage": stage, "level": level})
    )


@router.get("/trades/{slug}", response=TradeDetailOut, auth=OPTIONAL_AUTH)
def trade(request: HttpRequest, slug: str) -> object:
    return selectors.get_trade(slug)


@router.get("/programs", response=list[TrainingProgramOut], auth=OPTIONAL_AUTH)
@paginate(LimitOffsetPagination)
def programs(
    request: HttpRequest, q: str = "", level: str = "", region: str = "", trade: str = ""
) -> object:
    return selectors.program_search(
        selectors.ProgramFilters.from_params(
            {"q": q, "level": level, "region": region, "trade": trade}
        )
    )


@router.get("/jobs", response=list[JobOut], auth=OPTIONAL_AUTH)
@paginate(LimitOffsetPagination)
def jobs(
    request: HttpRequest,
    q: str = "",
    trade: str = "",
    region: str = "",
    kind: str = "",
    level: str = "",
) -> object:
    """Open postings (published, closing date not passed)."""
    return selectors.job_search(
        selectors.JobFilters.from_params(
            {"q": q, "trade": trade, "region": region, "kind": kind, "level": level}
        )
    )


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
        return max(0, obj.capacity - obj.confirmed)

    @staticmethod
    def resolve_waiting_list(obj: Any) -> int:
        return int(obj.waitlisted)


class CourseOut(Schema):
    slug: str
    title_fr: str
    title_en: str
    description_fr: str
    description_en: str
    prerequisites_fr: str
    prerequisites_en: str
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
    def resolve_title_fr(obj: Course) -> str:
        return obj.title_fr or ""

    @staticmethod
    def resolve_title_en(obj: Course) -> str:
        return obj.title_en or ""

    @staticmethod
    def resolve_description_fr(obj: Course) -> str:
        return obj.description_fr or ""

    @staticmethod
    def resolve_description_en(obj: Course) -> str:
        return obj.description_en or ""

    @staticmethod
    def resolve_prerequisites_fr(obj: Course) -> str:
        return obj.prerequisites_fr or ""

    @staticmethod
    def resolve_prerequisites_en(obj: Course) -> str:
        return obj.prerequisites_en or ""

    @staticmethod
    def resolve_sessions(obj: Course) -> list[Any]:
        today = date.today()
        return [s for s in obj.sessions.all() if s.ends_on >= today]

    @staticmethod
    def resolve_url(obj: Course) -> str:
        return reverse("workforce:course", args=[obj.slug])


@router.get("/courses", response=list[CourseOut], auth=OPTIONAL_AUTH)
@paginate(LimitOffsetPagination)
def courses(request: HttpRequest, q: str = "", level: str = "") -> object:
    """CeiAl's published courses with their coming sessions (seats left, waiting list);
    a blank duration, trainer or price is unknown (null or empty), never guessed."""
    return selectors.course_search(selectors.CourseFilters.from_params({"q": q, "level": level}))
