# Size: one short declaration per block for seven roles; the repeats are data, not logic.
"""The blocks of a role's dashboard, each read through the owning app's selectors.

A block is a title, a few items (label, link, one line of detail), a link to the full page and,
when it has no item, a sentence saying what to do next. This module never touches another
app's models (an import-linter contract keeps it so): every read is a selector call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aluhub.accounts import selectors as accounts
from aluhub.accounts.models import Role, User
from aluhub.challenge import selectors as challenge
from aluhub.circular import selectors as circular
from aluhub.community import selectors as community
from aluhub.funding.alerts import selectors as funding_alerts
from aluhub.funding.curation import selectors as curation
from aluhub.funding_plans import selectors as funding_plans
from aluhub.innovation import selectors as innovation
from aluhub.learning import selectors as learning
from aluhub.workforce import selectors as workforce

LIMIT = 5
# The postings a student looks for (permanent jobs and apprenticeships are for others).
STUDENT_JOB_KINDS = ("internship", "summer")


@dataclass(frozen=True)
class Item:
    label: str
    url: str = ""
    detail: str = ""
    status: str = ""  # "ok", "warn", "bad" or "" (colours the detail badge)


@dataclass
class Block:
    key: str
    title: str
    url: str
    link_label: str
    empty: str
    items: list[Item] = field(default_factory=list)
    action_url: str = ""
    action_label: str = ""


def _day(value: date | datetime | None) -> str:
    """A date, or the local day of a moment, in the page's language."""
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    return formats.date_format(value, "DATE_FORMAT") if value else _("date unknown")


# --- Member ---------------------------------------------------------------------------------
def _for_organization(user: User, block: Block) -> Block:
    """A block about the user's organization: without one, it says how to get one and its
    action registers one (every other action needs the organization)."""
    if accounts.primary_organization(user) is None:
        block.empty = _("Register your organization (or ask its owner to add you) to use this.")
        block.action_url = reverse("accounts:organization_create")
        block.action_label = _("Register an organization")
    return block


def block_applications(user: User, today: date) -> Block:
    next_step = {
        "interested": _("prepare and submit before {date}"),
        "submitted": _("submitted: waiting for the funder's decision"),
        "approved": _("approved: record the payment when it arrives"),
    }
    items = []
    for row in funding_plans.open_applications(user, today=today, limit=LIMIT):
        app = row.application
        if app.stage == "interested" and row.deadline is None:
            detail = _("prepare and submit (deadline unknown)")
        else:
            detail = next_step.get(app.stage, app.get_stage_display()).format(
                date=_day(row.deadline)
            )
        soon = row.deadline is not None and (row.deadline - today).days <= 14
        items.append(
            Item(
                label=app.program.name,
                url=reverse("funding_plans:application_edit", args=[app.pk]),
                detail=detail,
                status="warn" if soon and app.stage == "interested" else "",
            )
        )
    return _for_organization(
        user,
        Block(
            key="applications",
            title=_("My programs and applications"),
            url=reverse("funding_plans:application_list"),
            link_label=_("All my applications"),
            empty=_(
                "No program followed yet. Find the programs for your company, then track the "
                "ones you apply to: their deadlines show here."
            ),
            items=items,
            action_url=reverse("funding:my_programs"),
            action_label=_("Programs for my company"),
        ),
    )


def block_plans(user: User, today: date) -> Block:
    items = [
        Item(
            label=p.title,
            url=reverse("funding_plans:plan_detail", args=[p.pk]),
            detail=_("updated {date}").format(date=_day(p.updated_at)),
        )
        for p in funding_plans.plans_for_user(user)[:LIMIT]
    ]
    return _for_organization(
        user,
        Block(
            key="plans",
            title=_("My financing plans"),
            url=reverse("funding_plans:plan_list"),
            link_label=_("All my plans"),
            empty=_("No plan yet. A plan stacks the programs that can fund one project."),
            items=items,
            action_url=reverse("funding_plans:plan_create"),
            action_label=_("New plan"),
        ),
    )


def block_alerts(user: User, today: date) -> Block:
    alerts = funding_alerts.alerts_for_user(user)[:LIMIT]
    return Block(
        key="alerts",
        title=_("My funding alerts"),
        url=reverse("funding:alert_index"),
        link_label=_("Manage my alerts"),
        empty=_("No alert. Subscribe to a search to hear of new programs and deadlines."),
        items=[
            Item(
                label=a.name or a.get_kind_display(),
                url=reverse("funding:alert_index"),
                detail=a.get_frequency_display()
                if a.is_active
                else _("waiting for the confirmation link"),
                status="" if a.is_active else "warn",
            )
            for a in alerts
        ],
    )


def block_exchange(user: User, today: date) -> Block:
    items = []
    for listing in circular.listings_of_user(user)[:LIMIT]:
        # Matches are offered to an active listing only: a closed, expired or draft one shows
        # its state alone (it read « Conclue · 2 correspondances »).
        n = circular.matches_for_listing(listing).count() if listing.status == "active" else 0
        detail = listing.get_status_display()
        if n:
            detail = ngettext("{status} · {n} match", "{status} · {n} matches", n).format(
                status=detail, n=n
            )
        items.append(
            Item(
                label=listing.title,
                url=reverse("circular:listing", args=[listing.pk]),
                detail=detail,
                status="ok" if n else "",
            )
        )
    for contact in circular.contacts_awaiting_answer(user)[:LIMIT]:
        items.append(
            Item(
                label=_("Contact request on {listing}").format(listing=contact.offer.title),
                url=reverse("circular:contact", args=[contact.pk]),
                detail=_("waiting for your answer"),
                status="warn",
            )
        )
    return _for_organization(
        user,
        Block(
            key="exchange",
            title=_("My listings and matches"),
            url=reverse("circular:mine"),
            link_label=_("My listings and contacts"),
            empty=_("No listing yet. Post the scrap you sell or the scrap you need."),
            items=items,
            action_url=reverse("circular:listing_new"),
            action_label=_("Post a listing"),
        ),
    )


def block_requests(user: User, today: date) -> Block:
    items = [
        Item(
            label=r.title,
            url=reverse("innovation:request_detail", args=[r.pk]),
            detail=r.get_status_display(),
        )
        for r in innovation.visible_requests(user).order_by("-created_at")[:LIMIT]
    ]
    return _for_organization(
        user,
        Block(
            key="requests",
            title=_("My expert requests"),
            url=reverse("innovation:request_list"),
            link_label=_("All my requests"),
            empty=_("No request. Describe a technical challenge and the cluster finds an expert."),
            items=items,
            action_url=reverse("innovation:request_new"),
            action_label=_("New request"),
        ),
    )


def block_maturity(user: User, today: date) -> Block:
    assessments = innovation.maturity_trend(user)
    items = [
        Item(
            label=_day(a.created_at),
            url=reverse("innovation:assessment_detail", args=[a.pk]),
            detail=_("overall level {level} out of 5").format(
                level=formats.number_format(a.overall, 1) if a.overall is not None else "—"
            ),
        )
        for a in reversed(assessments)
    ]
    if len(assessments) >= 2 and assessments[0].overall is not None:
        first, last = assessments[0].overall, assessments[-1].overall or 0.0
        delta = last - first
        trend = (
            _("up {n} since the first assessment shown")
            if delta > 0
            else _("down {n} since the first assessment shown")
            if delta < 0
            else _("unchanged since the first assessment shown")
        ).format(n=formats.number_format(abs(delta), 1))
        items.insert(0, Item(label=_("Trend"), detail=trend, status="ok" if delta > 0 else ""))
    return _for_organization(
        user,
        Block(
            key="maturity",
            title=_("My digital maturity"),
            url=reverse("innovation:assessment_history"),
            link_label=_("All my assessments"),
            empty=_("No assessment yet. The self-assessment takes about fifteen minutes."),
            items=items[: LIMIT + 1],
            action_url=reverse("innovation:assessment_new"),
            action_label=_("Assess my organization"),
        ),
    )


# --- Student ---------------------------------------------------------------------------------
def block_challenge(user: User, today: date) -> Block:
    items = []
    for app in challenge.applications_for_user(user).select_related("edition")[:LIMIT]:
        items.append(
            Item(
                label=_("Edition {year}").format(year=app.edition.year),
                url=reverse("challenge:application", args=[app.pk]),
                detail=app.get_status_display(),
            )
        )
        team = challenge.team_for_student(user, app.edition)
        if team is not None:
            items.append(
                Item(
                    label=_("My team: {team}").format(team=team.display_name),
                    url=reverse("challenge:team", args=[team.pk]),
                    detail=_("submissions due {date}").format(
                        date=_day(app.edition.submission_deadline)
                    ),
                )
            )
    edition = challenge.open_edition()
    # Applied already: the action opens the application, as the edition page does.
    applied = challenge.application_of(user, edition) if edition else None
    action_url = reverse("challenge:apply", args=[edition.year]) if edition else ""
    action_label = _("Apply")
    if applied is not None:
        action_url = reverse("challenge:application", args=[applied.pk])
        action_label = _("See my application")
    elif edition and edition.applications_close:
        items.append(
            Item(
                label=_("Applications for {year} close").format(year=edition.year),
                url=action_url,
                detail=_day(edition.applications_close),
                status="warn",
            )
        )
    return Block(
        key="challenge",
        title=_("Structure-Al Challenge"),
        url=reverse("challenge:my"),
        link_label=_("My challenge"),
        empty=_(
            "No application yet. Applications open once a year; the challenge page gives the dates."
        ),
        items=items,
        action_url=action_url,
        action_label=action_label,
    )


def block_jobs(user: User, today: date) -> Block:
    jobs = workforce.open_jobs(today).filter(kind__in=STUDENT_JOB_KINDS)
    return Block(
        key="jobs",
        title=_("Internships and summer jobs"),
        url=reverse("workforce:jobs"),
        link_label=_("All internships and jobs"),
        empty=_(
            "No internship or summer job is open right now. A job alert tells you when one "
            "is posted."
        ),
        items=[
            Item(
                label=job.title,
                url=reverse("workforce:job", args=[job.pk]),
                detail=_("{organization}, {city}: apply by {date}").format(
                    organization=job.organization.name, city=job.city, date=_day(job.closing_date)
                ),
            )
            for job in jobs.order_by("closing_date", "-created_at")[:LIMIT]
        ],
        action_url=reverse("workforce:alert_new"),
        action_label=_("Get job alerts"),
    )


# --- Teacher ---------------------------------------------------------------------------------
def block_library(user: User, today: date) -> Block:
    profile = learning.teacher_profile(user)
    items = [
        Item(
            label=r.title,
            url=reverse("learning:resource", args=[r.slug]),
            detail=_day(r.published_at) if r.published_at else "",
        )
        for r in learning.latest_resources(limit=LIMIT)
    ]
    if profile is None or profile.status != "verified":
        items.insert(
            0,
            Item(
                label=_("Teacher verification"),
                url=reverse("learning:teacher_apply"),
                detail=profile.get_status_display()
                if profile
                else _("not asked yet: verified teachers build course packs"),
                status="warn",
            ),
        )
    return Block(
        key="library",
        title=_("New in the library"),
        url=reverse("learning:index"),
        link_label=_("The whole library"),
        empty=_("No resource published yet. Share yours: it helps other teachers."),
        items=items,
        # Staff publish the resources: a teacher offers one through the contact page.
        action_url=reverse("contact"),
        action_label=_("Offer a resource to the library"),
    )


def block_challenge_students(user: User, today: date) -> Block:
    """The challenge editions students of a verified teacher's institution applied to."""
    block = Block(
        key="challenge_students",
        title=_("My students in the Structure-Al Challenge"),
        url=reverse("challenge:my"),
        link_label=_("My challenge"),
        empty=_("No student of your institution has applied to an edition yet."),
        items=[
            Item(
                label=_("Edition {year}").format(year=edition.year),
                url=reverse("challenge:teacher_students", args=[edition.year]),
                detail=ngettext("{n} application", "{n} applications", n).format(n=n),
            )
            for edition, n in challenge.teacher_editions(user)[:LIMIT]
        ],
    )
    if not challenge.teacher_institution(user):
        _ask_for_verification(
            block,
            _(
                "Verified teachers follow the students of their institution in the challenge: "
                "status, team and results. Ask for the verification: the cluster staff review it."
            ),
        )
    return block


def block_collections(user: User, today: date) -> Block:
    block = Block(
        key="collections",
        title=_("My course packs"),
        url=reverse("learning:collections"),
        link_label=_("All my course packs"),
        empty=_("No course pack yet. Gather resources for one course and share the link."),
        items=[
            Item(label=c.title, url=reverse("learning:collection", args=[c.pk]))
            for c in learning.collections_for_user(user)[:LIMIT]
        ],
    )
    if not learning.can_curate(user):
        # Course packs are for verified teachers: the way in is the verification request.
        _ask_for_verification(
            block,
            _(
                "Course packs are for verified teachers. Ask for the verification: the cluster "
                "staff review it."
            ),
        )
    return block


def _ask_for_verification(block: Block, empty: str) -> None:
    """A teacher's block that needs the staff's verification: it leads to the request."""
    block.url = reverse("learning:teacher_apply")
    block.link_label = _("Ask to be verified as a teacher")
    block.empty = empty


# --- Jury ------------------------------------------------------------------------------------
def block_jury(user: User, today: date) -> Block:
    labels = {
        "to_score": (_("to score"), "warn"),
        "scored": (_("scored"), "ok"),
        "conflict": (_("conflict declared"), ""),
    }
    items: list[Item] = []
    url = reverse("challenge:index")
    for edition in challenge.jury_editions(user).order_by("-year")[:2]:
        url = reverse("challenge:jury", args=[edition.year])
        if edition.event_end:
            items.append(
                Item(
                    label=_("Edition {year}").format(year=edition.year),
                    url=url,
                    detail=_("event ends {date}").format(date=_day(edition.event_end)),
                )
            )
        for row in challenge.jury_team_statuses(user, edition):
            text, status = labels[row.status]
            items.append(
                Item(
                    label=row.team.display_name,
                    url=reverse("challenge:score", args=[row.team.pk])
                    if row.status != "conflict"
                    else "",
                    detail=text,
                    status=status,
                )
            )
    return Block(
        key="jury",
        title=_("Teams to score"),
        url=url,
        link_label=_("Jury space"),
        empty=_(
            "No team to score yet: the teams show here once the organizers assign you to an "
            "edition and publish its teams."
        ),
        items=items,
    )


# --- Expert ----------------------------------------------------------------------------------
def block_expert(user: User, today: date) -> Block:
    items = []
    for r in innovation.assigned_requests(user)[:LIMIT]:
        days = innovation.first_response_days(r, today=today)
        waiting = r.first_response_at is None
        items.append(
            Item(
                label=r.title,
                url=reverse("innovation:request_detail", args=[r.pk]),
                detail=(
                    ngettext(
                        "no answer yet, {n} business day since filing",
                        "no answer yet, {n} business days since filing",
                        days,
                    )
                    if waiting
                    else ngettext(
                        "first answer after {n} business day",
                        "first answer after {n} business days",
                        days,
                    )
                ).format(n=days),
                status="warn" if waiting else "",
            )
        )
    return Block(
        key="expert",
        title=_("Requests assigned to me"),
        url=reverse("innovation:request_list"),
        link_label=_("All my requests"),
        empty=_("No request assigned to you. Staff route each new request to an expert."),
        items=items,
    )


# --- Partner ---------------------------------------------------------------------------------
def block_partner(user: User, today: date) -> Block:
    items = [
        Item(
            label=p.program.name
            if p.program
            else str(p.fields.get("name_fr") or p.fields.get("name_en") or _("New program")),
            url=reverse("funding:proposal_detail", args=[p.pk]),
            detail=p.get_status_display(),
        )
        for p in curation.proposals_for_user(user).order_by("-pk")[:LIMIT]
    ]
    return Block(
        key="partner",
        title=_("My program proposals"),
        url=reverse("funding:proposal_list"),
        link_label=_("All my proposals"),
        empty=_(
            "As a partner you propose new programs or corrections to the catalogue; staff "
            "review each proposal before it is published."
        ),
        items=items,
        action_url=reverse("funding:proposal_create"),
        action_label=_("Propose a program"),
    )


# --- Staff -----------------------------------------------------------------------------------
def block_staff(user: User, today: date) -> Block:
    queues: list[tuple[str, int, str]] = [
        (
            _("Program proposals to review"),
            curation.proposals_for_user(user).filter(status="pending").count(),
            reverse("funding:proposal_list"),
        ),
        (
            _("Role requests to decide"),
            accounts.role_requests_to_decide(user).count(),
            reverse("accounts:role_requests"),
        ),
        (
            _("Teachers to verify"),
            learning.pending_teachers().filter(status="pending").count(),
            reverse("learning:staff_teachers"),
        ),
        (
            _("Expert requests to route"),
            innovation.requests_to_route().count(),
            reverse("innovation:request_list"),
        ),
        (
            _("Programs to check again (stale)"),
            len(curation.stale_programs(today)),
            reverse("funding:stale_report"),
        ),
        (
            _("Library error reports"),
            learning.error_reports().count(),
            reverse("learning:staff_reports"),
        ),
    ]
    return Block(
        key="staff",
        title=_("Queues"),
        url=reverse("admin:index"),
        link_label=_("Administration"),
        empty=_("Every queue is empty."),
        items=[
            Item(label=label, url=url, detail=str(n), status="warn")
            for label, n, url in queues
            if n
        ],
    )


# --- Everyone --------------------------------------------------------------------------------
def block_role_requests(user: User, today: date) -> Block:
    return Block(
        key="role_requests",
        title=_("Role requests of my members"),
        url=reverse("accounts:role_requests"),
        link_label=_("Review the requests"),
        empty=_("No member of your organization waits for a role."),
        items=[
            Item(
                label=r.user.get_full_name(),
                url=reverse("accounts:role_requests"),
                detail=r.get_role_display(),
                status="warn",
            )
            for r in accounts.role_requests_to_decide(user)[:LIMIT]
        ],
    )


def block_news(user: User, today: date) -> Block:
    return Block(
        key="news",
        title=_("News"),
        url=reverse("community:index"),
        link_label=_("All the news"),
        empty=_("No news yet."),
        items=[
            Item(
                label=b.title,
                url=reverse("community:detail", args=[b.slug]),
                detail=_day(b.published_at),
            )
            for b in community.bulletins_published()[:3]
        ],
    )


BlockFn = Callable[[User, date], Block]

BLOCKS_BY_ROLE: dict[str, list[BlockFn]] = {
    Role.MEMBER: [
        block_applications,
        block_plans,
        block_alerts,
        block_exchange,
        block_requests,
        block_maturity,
    ],
    Role.STUDENT: [block_challenge, block_jobs],
    Role.TEACHER: [block_library, block_collections, block_challenge_students],
    Role.JURY: [block_jury],
    Role.EXPERT: [block_expert],
    Role.PARTNER: [block_partner],
    Role.STAFF: [block_staff],
}


def blocks_for(user: User, *, today: date | None = None) -> list[Block]:
    """The blocks of ``user``'s dashboard, in reading order."""
    today = today or timezone.localdate()
    role = Role.STAFF if accounts.is_staff(user) else user.role
    fns = list(BLOCKS_BY_ROLE.get(role, []))
    if role != Role.STAFF and accounts.can_review_role_requests(user):
        fns.append(block_role_requests)
    fns.append(block_news)
    return [fn(user, today) for fn in fns]
