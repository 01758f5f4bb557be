# Size: 684 lines, one app's reads; the CeiAl section (220 lines) is the next split.
"""Reads and access rules of the workforce app.

Trades, programs and published, open postings are public. ``get_job_for_user`` is the one
access function for a posting: an open published posting is visible to anyone; a closed,
withdrawn or hidden one only to its organization's members and staff (others get 404).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aluhub.accounts.models import Membership, Organization, Role
from aluhub.accounts.selectors import AnyUser, is_staff
from aluhub.common import capacity as places
from aluhub.common import search, secret_links
from aluhub.common.access import get_for_staff_or_404, require_staff
from aluhub.common.query_params import choice_param, text_param
from aluhub.common.regions import REGION_CODES
from aluhub.engines.careers import TradeProfile

from .models import (
    LEVEL_TO_STUDY,
    Certificate,
    Course,
    CourseLevel,
    CourseSession,
    JobKind,
    JobPosting,
    JobReport,
    JobStatus,
    LabourIndicator,
    Recommendation,
    RecommendationUpdate,
    Registration,
    RegistrationStatus,
    Stage,
    StudyLevel,
    TaxCreditParameter,
    Trade,
    TrainingProgram,
)

__all__ = ["is_staff"]


def levels_for_program_levels(levels: list[str]) -> list[str]:
    return [lvl for lvl, study in LEVEL_TO_STUDY.items() if study in levels]


# --- Trades ------------------------------------------------------------------------
@dataclass(frozen=True)
class TradeFilters:
    q: str = ""
    stage: str = ""
    level: str = ""

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> TradeFilters:
        return cls(
            q=text_param(params, "q", max_length=search.MAX_QUERY),
            stage=choice_param(params, "stage", Stage.values),
            level=choice_param(params, "level", StudyLevel.values),
        )


def trade_search(filters: TradeFilters) -> QuerySet[Trade]:
    qs: QuerySet[Trade] = Trade.objects.all()
    if filters.q:
        qs = search.filter_queryset(qs, "search_text", filters.q)
    if filters.stage:
        qs = qs.filter(slug__in=[t.slug for t in Trade.objects.all() if filters.stage in t.stages])
    if filters.level:
        qs = qs.filter(programs__level__in=levels_for_program_levels([filters.level])).distinct()
    return qs.order_by("teer", "noc_2021", "slug")


def trades_with_programs(filters: TradeFilters) -> list[Trade]:
    """The trades :func:`trade_search` finds, their training programs fetched in one query."""
    return list(trade_search(filters).prefetch_related("programs"))


def trades_by_stage() -> dict[str, list[Trade]]:
    found: dict[str, list[Trade]] = {stage: [] for stage in Stage.values}
    for trade in Trade.objects.order_by("noc_2021", "slug"):
        for stage in trade.stages:
            if stage in found:
                found[stage].append(trade)
    return found


def get_trade(slug: str) -> Trade:
    trade = (
        Trade.objects.filter(slug=slug)
        .prefetch_related(
            Prefetch("programs", queryset=TrainingProgram.objects.order_by("level", "slug")),
            Prefetch("indicators", queryset=LabourIndicator.objects.order_by("region", "year")),
        )
        .first()
    )
    if trade is None:
        raise Http404
    return trade


def trade_for_noc(noc: str) -> Trade | None:
    return Trade.objects.filter(noc_2021=noc).exclude(noc_2021="").first()


# --- Programs -----------------------------------------------------------------------
@dataclass(frozen=True)
class ProgramFilters:
    q: str = ""
    level: str = ""
    region: str = ""
    trade: str = ""
    work_study: bool = False

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> ProgramFilters:
        return cls(
            q=text_param(params, "q", max_length=search.MAX_QUERY),
            level=choice_param(params, "level", TrainingProgram.Level.values),
            region=choice_param(params, "region", REGION_CODES),
            trade=text_param(params, "trade", max_length=80),
            work_study=params.get("work_study") in ("1", "on", "true"),
        )


def program_search(filters: ProgramFilters) -> list[TrainingProgram]:
    qs: QuerySet[TrainingProgram] = TrainingProgram.objects.prefetch_related("trades")
    if filters.q:
        qs = search.filter_queryset(qs, "search_text", filters.q)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.trade:
        qs = qs.filter(trades__slug=filters.trade)
    if filters.work_study:
        qs = qs.filter(work_study=True)
    programs = list(qs.order_by("level", "slug").distinct())
    if filters.region:  # regions is a JSON list: filter in Python, portable across databases
        programs = [p for p in programs if filters.region in p.regions]
    return programs


def get_program(slug: str) -> TrainingProgram:
    program = TrainingProgram.objects.filter(slug=slug).prefetch_related("trades").first()
    if program is None:
        raise Http404
    return program


# --- Job postings -------------------------------------------------------------------
def _member_org_ids(user: AnyUser) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user).values_list("organization_id", flat=True))


def posting_organizations(user: AnyUser) -> QuerySet[Organization]:
    """Organizations ``user`` may post openings for (staff: all; members: their own)."""
    if is_staff(user):
        return Organization.objects.all()
    if not user.is_authenticated or getattr(user, "role", "") != Role.MEMBER:
        return Organization.objects.none()
    return Organization.objects.filter(pk__in=_member_org_ids(user))


def can_post_jobs(user: AnyUser) -> bool:
    return posting_organizations(user).exists()


def get_posting_organizations_for_user(user: AnyUser) -> QuerySet[Organization]:
    """The organizations ``user`` posts openings for; 403 when there is none."""
    organizations = posting_organizations(user)
    if not organizations.exists():
        raise PermissionDenied(
            _(
                "Internships and jobs are posted by the members of a member organization. "
                "Ask your organization's owner to add you as a member, or sign up your "
                "organization."
            )
        )
    return organizations


def tax_credit_parameters() -> list[TaxCreditParameter]:
    """The dated rates of Québec's internship tax credit, with their sources."""
    return list(TaxCreditParameter.objects.all())


def open_reports() -> QuerySet[JobReport]:
    """Reports of postings staff have not dealt with yet."""
    return JobReport.objects.select_related("posting").filter(resolved=False)


def get_report_for_user(user: AnyUser, pk: int) -> JobReport:
    """A report of a posting, for staff only (403 for others, 404 when missing)."""
    require_staff(user)
    report = JobReport.objects.select_related("posting").filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def can_post_for(user: AnyUser, organization: Organization) -> bool:
    return posting_organizations(user).filter(pk=organization.pk).exists()


def latest_closing_date(today: date) -> date:
    """The furthest closing date a new posting may have: one year after ``today`` (28 February
    after a 29 February)."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


def job_is_open(job: JobPosting, today: date | None = None) -> bool:
    return job.status == JobStatus.PUBLISHED and job.closing_date >= (today or timezone.localdate())


def job_can_change(user: AnyUser, job: JobPosting) -> bool:
    """Withdrawing a posting follows the rule for posting one (``posting_organizations``):
    staff, or a member (member role) of its organization; a student or partner added to the
    organization may do neither."""
    return is_staff(user) or posting_organizations(user).filter(pk=job.organization_id).exists()


def get_job_for_user(user: AnyUser, pk: int, *, for_change: bool = False) -> JobPosting:
    """A posting ``user`` may see (404 otherwise) or, ``for_change``, change (403 otherwise)."""
    job = JobPosting.objects.select_related("organization", "trade").filter(pk=pk).first()
    if job is None:
        raise Http404
    if job_can_change(user, job):
        return job
    if for_change:
        require_job_change(user, job)  # refuses here, with the one reason for changing a posting
    if job_is_open(job):
        return job
    raise Http404


#: The job board's list in the search token index (kept by ``services.job_post``).
JOB_TOKENS = "workforce.job"


def open_jobs(today: date | None = None) -> QuerySet[JobPosting]:
    return JobPosting.objects.select_related("organization", "trade").filter(
        status=JobStatus.PUBLISHED, closing_date__gte=today or timezone.localdate()
    )


def trade_open_jobs(trade: Trade, *, limit: int = 10) -> QuerySet[JobPosting]:
    """The first open postings of a trade, the soonest closing first."""
    return open_jobs().filter(trade=trade).order_by("closing_date")[:limit]


@dataclass(frozen=True)
class JobFilters:
    q: str = ""
    trade: str = ""
    region: str = ""
    kind: str = ""
    level: str = ""

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> JobFilters:
        return cls(
            q=text_param(params, "q", max_length=search.MAX_QUERY),
            trade=text_param(params, "trade", max_length=80),
            region=choice_param(params, "region", REGION_CODES),
            kind=choice_param(params, "kind", JobKind.values),
            level=choice_param(params, "level", StudyLevel.values),
        )

    def as_params(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}

    def is_empty(self) -> bool:
        return not self.as_params()


def job_filter(qs: QuerySet[JobPosting], filters: JobFilters) -> QuerySet[JobPosting]:
    if filters.q:
        qs = search.filter_indexed(qs, JOB_TOKENS, filters.q, document="search_text")
    if filters.trade:
        qs = qs.filter(trade__slug=filters.trade)
    if filters.region:
        qs = qs.filter(region=filters.region)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.level:
        qs = qs.filter(level=filters.level)
    return qs


def job_search(filters: JobFilters) -> QuerySet[JobPosting]:
    return job_filter(open_jobs(), filters).order_by("closing_date", "-created_at")


def jobs_for_organizations(user: AnyUser) -> QuerySet[JobPosting]:
    """Postings of the user's organizations (all states), newest first."""
    if is_staff(user):
        qs = JobPosting.objects.all()
    else:
        qs = JobPosting.objects.filter(organization_id__in=_member_org_ids(user))
    return qs.select_related("organization", "trade").order_by("-created_at")


# --- Related Alu-Compétences resources ------------------------------------------------
#: Editorial mapping from a value-chain stage to the learning library's topics.
STAGE_TOPICS = {
    Stage.CASTING: ["casting"],
    Stage.EXTRUSION: ["extrusion"],
    Stage.ROLLING: ["rolling"],
    Stage.WELDING: ["joining_welding"],
    Stage.FINISHING: ["corrosion_finishing"],
    Stage.RECYCLING: ["sustainability_recycling"],
    Stage.QUALITY: ["alloys_tempers"],
    Stage.ENGINEERING: ["alloys_tempers", "structural_design"],
    Stage.MAINTENANCE: ["industry_40"],
    Stage.PRIMARY: ["alloys_tempers"],
}


def related_resources(trade: Trade, user: AnyUser, limit: int = 6) -> list[Any]:
    """Published Alu-Compétences resources on the topics of the trade's stages."""
    from aluhub.learning.selectors import resources_visible_to

    topics = sorted({t for s in trade.stages for t in STAGE_TOPICS.get(Stage(s), [])})
    if not topics:
        return []
    qs = resources_visible_to(user).filter(status="published", topics__code__in=topics).distinct()
    return list(qs.order_by("-published_at", "-created_at")[:limit])


# --- Career discovery ----------------------------------------------------------------
#: Indicator values (as published, in either language) that signal demand for a trade.
DEMAND_VALUES = frozenset(
    {
        "labour shortage",
        "good",
        "very good",
        "pénurie de main-d'œuvre",
        "bonnes",
        "très bonnes",
        "déficit de main-d'œuvre disponible",
    }
)


def trade_profiles(lang: str) -> list[TradeProfile]:
    """Every trade as the career engine's input (programs' levels, regions in demand)."""
    profiles = []
    trades = Trade.objects.prefetch_related("programs", "indicators").order_by("slug")
    for trade in trades:
        indicators = [i for i in trade.indicators.all() if i.value.strip() in DEMAND_VALUES]
        title = (trade.title_en if lang == "en" or not trade.title_fr else trade.title_fr) or ""
        profiles.append(
            TradeProfile(
                slug=trade.slug,
                title=title,
                teer=trade.teer,
                interests=tuple(trade.interests),
                environments=tuple(trade.environments),
                program_levels=tuple(sorted({str(p.study_level) for p in trade.programs.all()})),
                demand_regions=tuple(sorted({i.region_code for i in indicators if i.region_code})),
                demand_province=any(i.region == "Québec" for i in indicators),
            )
        )
    return profiles


# --- CeiAl training catalogue -------------------------------------------------------
@dataclass(frozen=True)
class CourseFilters:
    q: str = ""
    level: str = ""

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> CourseFilters:
        return cls(
            q=text_param(params, "q", max_length=search.MAX_QUERY),
            level=choice_param(params, "level", CourseLevel.values),
        )


def course_search(filters: CourseFilters) -> QuerySet[Course]:
    qs: QuerySet[Course] = Course.objects.filter(is_published=True)
    if filters.q:
        qs = search.filter_queryset(qs, "search_text", filters.q)
    if filters.level:
        qs = qs.filter(level=filters.level)
    # The sessions still to come or under way, as on the course page: a past one is no
    # longer on offer.
    coming = sessions_with_counts().filter(ends_on__gte=timezone.localdate())
    return qs.prefetch_related(
        Prefetch("sessions", queryset=coming.order_by("starts_on", "pk"))
    ).order_by("slug")


def sessions_with_counts() -> QuerySet[CourseSession]:
    """Sessions annotated with ``confirmed`` and ``waitlisted`` registration counts."""
    return CourseSession.objects.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
        waitlisted=Count("registrations", filter=Q(registrations__status="waitlisted")),
    )


def get_course_for_user(user: AnyUser, slug: str) -> Course:
    """A published course for anyone; an unpublished one for staff only (404 otherwise)."""
    course = Course.objects.filter(slug=slug).first()
    if course is None or (not course.is_published and not is_staff(user)):
        raise Http404
    return course


def get_course_for_staff(user: AnyUser, slug: str) -> Course:
    """Any course (published or not) for staff to change: 403 for others, 404 when missing."""
    return get_for_staff_or_404(user, Course.objects.all(), slug=slug)


def get_session_for_staff(user: AnyUser, pk: int) -> CourseSession:
    """Any session for staff to change: 403 for others, 404 when missing."""
    sessions = CourseSession.objects.select_related("course", "trainer_user")
    return get_for_staff_or_404(user, sessions, pk=pk)


@dataclass(frozen=True)
class Price:
    """What an organization pays for a course: the member price only for cluster members.
    ``amount`` None means the price is unknown (never guessed)."""

    organization: Organization
    member: bool
    amount: Decimal | None


def price_for(course: Course, organization: Organization) -> Price:
    member = bool(organization.is_cluster_member)
    return Price(
        organization=organization,
        member=member,
        amount=course.price_member if member else course.price_non_member,
    )


def prices_for_user(user: AnyUser, course: Course) -> list[Price]:
    """The price each of ``user``'s registering organizations pays for ``course``."""
    return [price_for(course, org) for org in registering_organizations(user).order_by("name")]


def course_sessions(course: Course, today: date | None = None) -> list[CourseSession]:
    """The course's sessions from today on, with their counts; ``admits`` says whether one
    more registration gets a seat (else it waits)."""
    sessions = list(
        sessions_with_counts()
        .filter(course=course, ends_on__gte=today or timezone.localdate())
        .order_by("starts_on", "pk")
    )
    for s in sessions:
        s.admits = places.admits(capacity=s.capacity, confirmed=s.confirmed)  # type: ignore[attr-defined]
        s.registration_open = registration_open(s, today)  # type: ignore[attr-defined]
    return sessions


def registration_open(session: CourseSession, today: date | None = None) -> bool:
    """Registration to ``session`` closes when it starts: from its first day (Québec time)
    on, nobody registers or joins its waiting list, attendance taken or not."""
    return session.starts_on > (today or timezone.localdate())


def get_session(pk: int) -> CourseSession:
    session = CourseSession.objects.select_related("course").filter(pk=pk).first()
    if session is None or not session.course.is_published:
        raise Http404
    return session


def can_take_attendance(user: AnyUser, session: CourseSession) -> bool:
    return is_staff(user) or (
        user.is_authenticated and session.trainer_user_id == getattr(user, "pk", None)
    )


def get_session_for_trainer(user: AnyUser, pk: int) -> CourseSession:
    """A session whose attendance ``user`` may take: its trainer or staff (403 otherwise)."""
    session = CourseSession.objects.select_related("course").filter(pk=pk).first()
    if session is None:
        raise Http404
    require_attendance_taker(user, session)
    return session


def registering_organizations(user: AnyUser) -> QuerySet[Organization]:
    """Organizations ``user`` may register employees for (staff: all; members: their own)."""
    return posting_organizations(user)


def can_register_employees(user: AnyUser) -> bool:
    return registering_organizations(user).exists()


def get_registering_organizations_for_user(user: AnyUser) -> QuerySet[Organization]:
    """The organizations ``user`` registers employees for; 403 when there is none."""
    organizations = registering_organizations(user)
    if not organizations.exists():
        raise PermissionDenied(
            _(
                "Employees are registered to CeiAl training by the members of their "
                "organization and by the cluster staff. Ask your organization's owner to add "
                "you as a member."
            )
        )
    return organizations


def session_roster(session: CourseSession) -> list[Registration]:
    """The confirmed participants of a session, by name (attendance sheet)."""
    return list(
        session.registrations.filter(status=RegistrationStatus.CONFIRMED)
        .select_related("organization", "certificate")
        .order_by("participant_name", "pk")
    )


def get_registration_for_user(user: AnyUser, pk: int) -> Registration:
    """A registration of one of ``user``'s organizations, or any for staff (404 otherwise:
    participants' names are not to be probed)."""
    reg = (
        Registration.objects.select_related("session__course", "organization").filter(pk=pk).first()
    )
    if reg is None or not (is_staff(user) or reg.organization_id in _member_org_ids(user)):
        raise Http404
    return reg


#: The salt of the evaluation links' signed values (aluhub.common.secret_links).
EVALUATION_PURPOSE = "aluhub.ceial-evaluation"


def evaluation_token(registration: Registration) -> str:
    """The secret of the participant's evaluation link (signed, never stored)."""
    return secret_links.signed_value(EVALUATION_PURPOSE, registration)


def get_registration_by_token(token: str) -> Registration:
    """The registration an evaluation link points to (the token is the proof)."""
    reg = secret_links.row_by_link(
        Registration.objects.select_related("session__course", "organization"),
        purpose=EVALUATION_PURPOSE,
        value=token,
    )
    if reg is None:
        raise Http404
    return reg


def training_record(user: AnyUser) -> QuerySet[Registration]:
    """Who of the user's organizations took (or is registered to) what, and when."""
    qs = Registration.objects.select_related(
        "session__course", "organization", "certificate"
    ).order_by("-session__starts_on", "organization__name", "participant_name")
    if is_staff(user):
        return qs
    return qs.filter(organization_id__in=_member_org_ids(user))


def get_certificate(code: str) -> Certificate:
    cert = (
        Certificate.objects.select_related(
            "registration__session__course", "registration__organization"
        )
        .filter(code=code, registration__attended=True)
        .first()
    )
    if cert is None:
        raise Http404
    return cert


@dataclass(frozen=True)
class SessionStats:
    session: CourseSession
    confirmed: int
    waitlisted: int
    fill_rate: float
    present: int
    evaluations: int
    satisfaction: float | None


def session_stats() -> list[SessionStats]:
    """Fill rate, waiting list and satisfaction of every session, latest first (staff)."""
    qs = (
        sessions_with_counts()
        .select_related("course")
        .annotate(
            present=Count("registrations", filter=Q(registrations__attended=True)),
            evaluations=Count("registrations__evaluation"),
            satisfaction=Avg("registrations__evaluation__rating"),
        )
        .order_by("-starts_on", "pk")
    )
    return [
        SessionStats(
            session=s,
            confirmed=s.confirmed,  # type: ignore[attr-defined]
            waitlisted=s.waitlisted,  # type: ignore[attr-defined]
            fill_rate=100 * s.confirmed / s.capacity,  # type: ignore[attr-defined]
            present=s.present,
            evaluations=s.evaluations,
            satisfaction=s.satisfaction,
        )
        for s in qs
    ]


# --- Table de concertation tracker ------------------------------------------------
def recommendations_for_user(
    user: AnyUser, *, q: str = ""
) -> list[tuple[Recommendation, list[Any]]]:
    """The recommendations matching ``q`` (all when blank), each with the linked initiatives
    ``user`` may see (collab's rule)."""
    visible = visible_initiatives(user)
    recs = recommendation_search(q).prefetch_related("initiatives")
    return [(r, [i for i in r.initiatives.all() if i.pk in visible]) for r in recs]


def recommendation_search(q: str) -> QuerySet[Recommendation]:
    """Recommendations matching ``q`` (French or English), by number, with their dated
    status history (latest first)."""
    qs: QuerySet[Recommendation] = Recommendation.objects.all()
    q = q.strip()[: search.MAX_QUERY]
    if q:
        qs = search.filter_queryset(qs, "search_text", q)
    return qs.prefetch_related(
        Prefetch("updates", queryset=RecommendationUpdate.objects.select_related("author"))
    ).order_by("number")


def visible_initiatives(user: AnyUser) -> set[int]:
    """Ids of the collaboration space's initiatives ``user`` may see (collab's rule)."""
    from aluhub.collab.selectors_initiatives import initiatives_listed

    return set(initiatives_listed(user).values_list("pk", flat=True))


def get_recommendation_for_user(user: AnyUser, pk: int) -> Recommendation:
    """A recommendation staff may change (403 for others, 404 when missing)."""
    require_staff(user)
    rec = Recommendation.objects.filter(pk=pk).first()
    if rec is None:
        raise Http404
    return rec


# --- Institutions of a program ----------------------------------------------------
def institution_links(program: TrainingProgram) -> list[dict[str, str]]:
    """The program's institutions, each with the URL of its member-directory page when a
    listed directory profile carries the same name (accents and case aside); no URL is
    made up for the others."""
    from aluhub.directory.models import DirectoryProfile

    profiles = {
        search.fold(p.organization.name): p.organization.slug
        for p in DirectoryProfile.objects.filter(listed=True).select_related("organization")
    }
    links = []
    for inst in program.institutions:
        slug = profiles.get(search.fold(inst.get("name", "")))
        links.append(
            {
                "name": inst.get("name", ""),
                "place": inst.get("place", ""),
                "url": reverse("directory:detail", args=[slug]) if slug else "",
            }
        )
    return links


def university_names() -> list[str]:
    """The universities that teach a bachelor's program of the reference data, by name as
    the shared file writes it in French (the challenge's list of known institutions)."""
    names: dict[str, None] = {}
    for program in TrainingProgram.objects.filter(level=TrainingProgram.Level.BAC):
        for inst in program.institutions_fr or program.institutions or []:
            if inst.get("name"):
                names.setdefault(inst["name"], None)
    return list(names)


# --- access functions the services call (one rule per object, 403) ------------------------


def require_workforce_staff(user: AnyUser) -> None:
    """Moderating reports, CeiAl courses and sessions, recommendations: staff (403 with the
    staff check's reason)."""
    require_staff(user)


def require_poster_for(user: AnyUser, organization: Organization) -> None:
    """Posting a job for ``organization``: its members who may post (403 otherwise)."""
    if not can_post_for(user, organization):
        raise PermissionDenied(
            _(
                "You can post only for an organization you belong to. Ask its owner to add you "
                "as a member."
            )
        )


def require_job_change(user: AnyUser, job: JobPosting) -> None:
    """Withdrawing a posting: whoever may post for its organization, and staff (403
    otherwise)."""
    if not job_can_change(user, job):
        raise PermissionDenied(
            _(
                "A posting is changed by the members of the organization that posted it and "
                "by the cluster staff. Ask that organization's owner to add you as a member."
            )
        )


def require_registering_for(user: AnyUser, organization_id: int) -> None:
    """Registering an employee of an organization to a CeiAl session: a user who registers
    for that organization (403 otherwise)."""
    if not registering_organizations(user).filter(pk=organization_id).exists():
        raise PermissionDenied(
            _(
                "You can register only the employees of an organization you belong to. Ask its "
                "owner to add you as a member."
            )
        )


def require_registration_change(user: AnyUser, registration: Registration) -> None:
    """Cancelling a CeiAl registration: staff, or a user who registers for its organization."""
    if not is_staff(user):
        require_registering_for(user, registration.organization_id)


def require_attendance_taker(user: AnyUser, session: CourseSession) -> None:
    """Taking a session's attendance: its trainer and staff (403 with the reason)."""
    if not can_take_attendance(user, session):
        raise PermissionDenied(
            _(
                "A session's attendance is taken by its trainer and by the cluster staff. If "
                "you give this session, ask the cluster staff to name you its trainer."
            )
        )
