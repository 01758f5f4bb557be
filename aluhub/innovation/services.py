# Size: the assessment, suggestion and request-lifecycle writes share the row lock and mailer.
"""Writes of the innovation pillar, and the translation between models and engines.

Assessments: :func:`assessment_create` scores the answers with the maturity engine and stores
them; :func:`assessment_report` rebuilds the full result (in the page language, with peer
figures) for the result page, the PDF and the API. Technical requests go through the
lifecycle new -> triaged -> assigned -> in progress -> answered -> closed; every move is a
service that refuses a transition the lifecycle does not allow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from aluhub.accounts.models import Organization, User
from aluhub.common import jsonio, once, uploads
from aluhub.common.lang import lang_of
from aluhub.common.mail import send_email, site_url
from aluhub.engines import matching, maturity
from aluhub.engines.errors import EngineInputError
from aluhub.engines.expert_routing import Candidate, Suggestion, WantedTag, rank_experts
from aluhub.funding.engine_bridge import engine_catalogue, file_profile, organization_profile
from aluhub.innovation.questionnaire import load_questionnaire, score_answers

from . import selectors
from .models import Assessment, Attachment, Category, Expert, Message, Status, TechnicalRequest
from .uploads import validate_attachment

Lang = Literal["fr", "en"]
MATURITY_GOALS = ["digital_transformation", "productivity_automation"]
PROGRAMS_SHOWN = 8
# Which program phases serve each maturity dimension (ranks the suggested programs).
DIMENSION_PHASES: dict[str, frozenset[str]] = {
    "strategy_leadership": frozenset({"digital_transformation"}),
    "connectivity_data": frozenset({"digital_transformation"}),
    "automation_robotics": frozenset({"productivity_automation"}),
    "digital_processes": frozenset({"digital_transformation", "productivity_automation"}),
    "cybersecurity": frozenset({"digital_transformation"}),
    "skills_culture": frozenset({"workforce_training"}),
    "energy_sustainability_data": frozenset({"energy_efficiency", "sustainability_circular"}),
}
EXPERTS_SHOWN = 5
# Subjects are translated when sent, in the recipient's language.
SUBJECT_ASSIGNED = gettext_noop("A technical request was assigned to you")
SUBJECT_ANSWERED = gettext_noop("Your technical request was answered")
SUBJECT_NEW = gettext_noop("New technical request to triage")
SUBJECT_IDENTITY = gettext_noop("The requester of a confidential request is now known to you")
SUBJECT_MESSAGE = gettext_noop("New message on a technical request")


# --- Assessments --------------------------------------------------------------------------
def assessment_create(
    *,
    organization: Organization,
    user: User,
    answers: dict[str, int],
    targets: dict[str, int | None],
    form_token: str = "",
) -> Assessment:
    """Score and store a self-assessment (EngineInputError on an incomplete answer set).

    ``form_token`` is the page's one-time token: the same form sent again (a double click,
    a resubmitted page) answers the assessment it stored instead of storing a second one."""
    questionnaire = load_questionnaire()
    document = {"answers": answers, "targets": targets}
    jsonio.validate(document, jsonio.ENGINE_LIMITS["maturity_score"])  # as the API and CLI
    parsed = maturity.parse_assessment(document, questionnaire)
    result = maturity.score_assessment(questionnaire, parsed)
    with transaction.atomic():
        return once.create_once(
            Assessment,
            token=form_token,
            user=user,
            create=lambda: Assessment.objects.create(
                organization=organization,
                user=user,
                questionnaire_version=questionnaire.version,
                size_class=organization.size_class or "",
                answers=dict(parsed.answers),
                targets=dict(parsed.targets),
                # Stored without peers: peers are recomputed when the result is shown.
                result=result.to_dict("fr"),
                form_token=form_token or None,
            ),
        )


def assessment_result(assessment: Assessment) -> maturity.MaturityResult:
    """The engine's result for a stored assessment, with today's anonymized peers."""
    questionnaire = load_questionnaire()
    peers = selectors.peer_levels(
        organization=assessment.organization, size_class=assessment.size_class
    )
    parsed = maturity.parse_assessment(
        {"answers": assessment.answers, "targets": assessment.targets, "peers": peers},
        questionnaire,
    )
    return maturity.score_assessment(questionnaire, parsed)


def maturity_score_json(*, data: Any, lang: Lang) -> dict[str, Any]:
    """Score an answer file (the ``maturity_score`` CLI's and the API's JSON in and out):
    the one scoring path of the command and the API. Raises EngineInputError naming the
    bad field. ``programs`` are the slugs :func:`maturity_programs` suggests (the page's
    suggestions) for the file's optional ``organization`` profile: it needs ``employees``
    and ``region``; ``legal_form``, ``naics``, ``annual_revenue_cad``, ``founded_year`` and
    ``founder_age`` refine it, as in the funding engines' organization object."""
    result, out = score_answers(data, lang)
    profile = file_profile(data.get("organization"))
    out["programs"] = [p.slug for p in maturity_programs(profile, result.weakest, lang=lang)]
    return out


@dataclass(frozen=True)
class ProgramSuggestion:
    slug: str
    name: str
    verdict: str
    status: str
    matched_phases: tuple[str, ...]


def match_request_data(profile: Mapping[str, Any]) -> dict[str, Any]:
    """The matching engine's request for a maturity follow-up of an organization profile
    (built by the funding engine bridge, which leaves out a legal form the engine does not
    know, such as public_body, instead of having the request refused)."""
    return {
        "organization": dict(profile),
        "project": {"goals": MATURITY_GOALS},
        "limit": None,
    }


def organization_programs(
    organization: Organization, weakest: Sequence[str], *, lang: Lang = "fr"
) -> list[ProgramSuggestion]:
    """The maturity page's programs for a member organization (its stored profile; a
    profile the engine cannot read suggests nothing, as an incomplete one does)."""
    try:
        return maturity_programs(organization_profile(organization), weakest, lang=lang)
    except EngineInputError:
        return []


def maturity_programs(
    profile: Mapping[str, Any] | None,
    weakest: Sequence[str],
    *,
    lang: Lang = "fr",
    today: date | None = None,
    programs: Sequence[matching.Program] | None = None,
) -> list[ProgramSuggestion]:
    """Funding programs for the digital-transformation and productivity phases, for the
    engines' ``organization`` profile (page, API and CLI all come here).

    Without ``employees`` and ``region`` nothing is suggested (eligibility is unknown). The
    funding matching engine decides eligibility (ineligible and irrelevant programs are
    dropped); the survivors are re-ranked by how many of their phases serve the weakest
    dimensions (weakest first weighs most), the engine's order breaking ties. Raises
    EngineInputError on a profile the engine refuses.
    """
    if not profile or profile.get("employees") is None or not profile.get("region"):
        return []
    request = matching.parse_match_request(
        match_request_data(profile), today=today or timezone.localdate(), lang=lang
    )
    result = matching.match(request, programs if programs is not None else engine_catalogue())
    weights = {code: len(weakest) - i for i, code in enumerate(weakest)}
    ranked = []
    for index, m in enumerate(result.results):
        if m.verdict == "ineligible" or not m.relevant:
            continue
        phases = set(m.program.phases)
        relevance = sum(
            w * len(phases & DIMENSION_PHASES.get(code, frozenset())) for code, w in weights.items()
        )
        ranked.append((-relevance, index, m))
    ranked.sort(key=lambda t: (t[0], t[1]))
    return [
        ProgramSuggestion(
            slug=m.slug,
            name=m.name,
            verdict=m.verdict,
            status=m.program.status,
            matched_phases=m.matched_phases,
        )
        for _r, _i, m in ranked[:PROGRAMS_SHOWN]
    ]


# Expertise tags that serve each maturity dimension (besides the digital category).
DIMENSION_TAGS: dict[str, tuple[str, ...]] = {
    "strategy_leadership": ("digital strategy",),
    "connectivity_data": ("iiot", "data"),
    "automation_robotics": ("automation", "robotics"),
    "digital_processes": ("mes", "quality", "traceability", "maintenance"),
    "cybersecurity": ("cybersecurity",),
    "skills_culture": ("training", "change management"),
    "energy_sustainability_data": ("energy", "carbon"),
}


def _candidates(experts: Sequence[Expert]) -> list[Candidate]:
    return [
        Candidate(
            id=e.pk,
            tags=frozenset(str(t).strip().lower() for t in e.tags),
            languages=frozenset(e.languages),
            load=int(getattr(e, "load", 0) or 0),
        )
        for e in experts
    ]


def _ranked_experts(
    wanted: list[WantedTag], language: str | None, limit: int
) -> list[tuple[Expert, Suggestion]]:
    experts = list(selectors.experts_with_load())
    by_id = {e.pk: e for e in experts}
    suggestions = rank_experts(wanted, _candidates(experts), language=language, limit=limit)
    return [(by_id[s.id], s) for s in suggestions]


def maturity_experts(weakest: Sequence[str]) -> list[tuple[Expert, Suggestion]]:
    """Experts whose tags fit the weakest dimensions (weakest first weighs most)."""
    wanted = [WantedTag(Category.DIGITAL_4_0.value, 1.0)]
    for i, code in enumerate(weakest):
        weight = float(len(weakest) - i) + 1.0
        wanted.append(WantedTag(code, weight))
        wanted += [WantedTag(tag, weight) for tag in DIMENSION_TAGS.get(code, ())]
    return _ranked_experts(wanted, None, EXPERTS_SHOWN)


def request_expert_suggestions(request: TechnicalRequest) -> list[tuple[Expert, Suggestion]]:
    wanted = [WantedTag(request.category, 2.0)] + [
        WantedTag(str(k), 1.0) for k in request.keywords if str(k).strip()
    ]
    return _ranked_experts(wanted, request.language, EXPERTS_SHOWN)


# --- Experts ------------------------------------------------------------------------------
def expert_save(
    *,
    user: User,
    tags: list[str],
    languages: list[str],
    organization: Organization | None = None,
    bio: str = "",
    is_demo: bool = False,
) -> Expert:
    with transaction.atomic():
        expert, _created = Expert.objects.update_or_create(
            user=user,
            defaults={
                "tags": tags,
                "languages": languages,
                "organization": organization,
                "bio": bio,
                "is_demo": is_demo,
                "is_active": True,
            },
        )
        return expert


# --- Technical requests -------------------------------------------------------------------
#: status -> statuses it may move to.
TRANSITIONS: dict[str, set[str]] = {
    Status.NEW: {Status.TRIAGED, Status.ASSIGNED, Status.CLOSED},
    Status.TRIAGED: {Status.ASSIGNED, Status.CLOSED},
    Status.ASSIGNED: {Status.IN_PROGRESS, Status.ANSWERED, Status.CLOSED, Status.ASSIGNED},
    Status.IN_PROGRESS: {Status.ANSWERED, Status.CLOSED, Status.ASSIGNED},
    Status.ANSWERED: {Status.IN_PROGRESS, Status.CLOSED},
    Status.CLOSED: set(),
}


def _check_transition(request: TechnicalRequest, target: str) -> None:
    if target not in TRANSITIONS[request.status]:
        raise ValidationError(
            _("A request cannot go from “%(current)s” to “%(target)s”."),
            code="transition",
            params={
                "current": Status(request.status).label,
                "target": Status(target).label,
            },
        )


def _lock_for(request: TechnicalRequest, target: str) -> None:
    """Inside the caller's transaction: lock the request's row and check ``target`` against
    its state now, not the page's copy (a double click on "Answered" e-mailed the requester
    twice; a page loaded before the request was closed could reopen it)."""
    request.status = (
        TechnicalRequest.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=request.pk)
    )
    _check_transition(request, target)


def _notify(
    user: User | None,
    subject_msgid: str,
    template: str,
    context: dict[str, Any],
    *,
    link_to: TechnicalRequest | None = None,
) -> None:
    if user is None or not user.email:
        return
    with translation.override(user.preferred_language or "fr"):
        subject = _(subject_msgid)
        extra: dict[str, Any] = {"recipient": user}
        if link_to is not None:
            # Reversed inside the override: the link opens in the recipient's language.
            path = reverse("innovation:request_detail", args=[link_to.pk])
            extra["link"] = site_url(path)
        body = render_to_string(template, {**context, **extra})
    send_email(to=[user.email], subject=subject, body=body)


def request_create(
    *,
    user: User,
    organization: Organization,
    title: str,
    category: str,
    description: str,
    confidential: bool,
    keywords: Sequence[str] = (),
    language: str | None = None,
    files: Sequence[UploadedFile] = (),
    form_token: str = "",
) -> TechnicalRequest:
    """File a request for ``organization`` (the user must belong to it) with attachments.

    ``form_token`` is the page's one-time token: the same form sent again (a double click,
    a resubmitted page) answers the request it filed, without a second one (nor a second
    e-mail to staff)."""
    # Staff see every organization, but only members file a request for their own.
    selectors.require_organization_member(user, organization)
    prepared = [_prepare(f) for f in files]

    def create() -> TechnicalRequest:
        request = TechnicalRequest.objects.create(
            organization=organization,
            requester=user,
            title=title.strip(),
            category=category,
            description=description.strip(),
            keywords=[k.strip().lower() for k in keywords if k.strip()],
            language=lang_of(language or user.preferred_language),
            confidential=confidential,
            form_token=form_token or None,
        )
        for f, (kind, content) in zip(files, prepared, strict=True):
            _attach(request=request, user=user, upload=f, kind=kind, content=content)
        transaction.on_commit(lambda: _notify_staff_new(request))
        return request

    with transaction.atomic():
        return once.create_once(TechnicalRequest, token=form_token, create=create, requester=user)


def _notify_staff_new(request: TechnicalRequest) -> None:
    """Tell every active staff user; only the category and title leave the platform."""
    for staff in selectors.staff_recipients():
        _notify(
            staff,
            SUBJECT_NEW,
            "innovation/email/new_request.txt",
            {"request": request},
            link_to=request,
        )


def _prepare(upload: UploadedFile) -> tuple[str, File[Any]]:
    """The checked kind of ``upload`` and what to store: an image is re-encoded without its
    metadata (GPS position, author, camera) by ``common.uploads.clean_image``; other files
    are stored as sent."""
    kind = validate_attachment(upload, name=upload.name or "", size=upload.size or 0)
    if kind in uploads.IMAGE_MIME:
        return kind, ContentFile(uploads.clean_image(upload, kind=kind).data)
    return kind, upload


def _attach(
    *, request: TechnicalRequest, user: User, upload: UploadedFile, kind: str, content: File[Any]
) -> None:
    name = (upload.name or "file").rsplit("/", 1)[-1][:255]
    attachment = Attachment(
        request=request, original_name=name, kind=kind, size=content.size, uploaded_by=user
    )
    # The stored name is neutral: the original name is only shown, never used as a path.
    attachment.file.save(f"{kind}-{timezone.now():%Y%m%d%H%M%S}.{kind}", content, save=False)
    attachment.save()


def attachment_add(*, request: TechnicalRequest, user: User, upload: UploadedFile) -> Attachment:
    """Add a file to the request (its parties, until the request is closed, as messages)."""
    selectors.require_request_party(user, request)
    if request.status == Status.CLOSED:
        raise ValidationError(_("This request is closed."), code="closed")
    kind, content = _prepare(upload)
    with transaction.atomic():
        _attach(request=request, user=user, upload=upload, kind=kind, content=content)
    return request.attachments.order_by("-pk")[0]


def request_triage(*, request: TechnicalRequest, user: User, category: str | None = None) -> None:
    selectors.require_staff(user)
    with transaction.atomic():
        _lock_for(request, Status.TRIAGED)
        if category:
            request.category = category
        request.status = Status.TRIAGED
        request.triaged_at = timezone.now()
        request.save(update_fields=["category", "status", "triaged_at", "updated_at"])


def request_assign(*, request: TechnicalRequest, user: User, expert: Expert) -> None:
    """Assign (or reassign) the request to ``expert`` and tell them, in their language.

    Staff share a confidential requester's identity with one expert: reassigned to another
    expert, the request withholds it again until staff share it with the new one."""
    selectors.require_staff(user)
    if not (expert.is_active and expert.user.is_active):
        raise ValidationError(
            _("This expert is no longer available: choose another one."), code="inactive"
        )
    with transaction.atomic():
        _lock_for(request, Status.ASSIGNED)
        now = timezone.now()
        if request.expert_id is not None and request.expert_id != expert.pk:
            request.identity_shared = False
        request.triaged_at = request.triaged_at or now
        request.expert = expert
        request.status = Status.ASSIGNED
        request.assigned_at = now
        request.save(
            update_fields=[
                "expert",
                "status",
                "assigned_at",
                "triaged_at",
                "identity_shared",
                "updated_at",
            ]
        )
        transaction.on_commit(
            lambda: _notify(
                expert.user,
                SUBJECT_ASSIGNED,
                "innovation/email/assigned.txt",
                {
                    "request": request,
                    "identity_visible": selectors.identity_visible(expert.user, request),
                },
                link_to=request,
            )
        )


def request_identity_share(*, request: TechnicalRequest, user: User) -> None:
    """Staff lift the confidentiality of the requester's identity for the assigned expert;
    not on a closed request (its page no longer offers it)."""
    selectors.require_staff(user)
    if request.identity_shared:
        return
    if request.status == Status.CLOSED:
        raise ValidationError(_("This request is closed."), code="closed")
    with transaction.atomic():
        request.identity_shared = True
        request.save(update_fields=["identity_shared", "updated_at"])
        if request.expert is not None and request.confidential:
            expert_user = request.expert.user
            transaction.on_commit(
                lambda: _notify(
                    expert_user,
                    SUBJECT_IDENTITY,
                    "innovation/email/identity_shared.txt",
                    {"request": request},
                    link_to=request,
                )
            )


def request_start(*, request: TechnicalRequest, user: User) -> None:
    selectors.require_request_handler(user, request)
    with transaction.atomic():
        _lock_for(request, Status.IN_PROGRESS)
        request.status = Status.IN_PROGRESS
        request.save(update_fields=["status", "updated_at"])


def request_answer(*, request: TechnicalRequest, user: User) -> None:
    selectors.require_request_handler(user, request)
    with transaction.atomic():
        _lock_for(request, Status.ANSWERED)
        now = timezone.now()
        request.status = Status.ANSWERED
        request.answered_at = now
        request.first_response_at = request.first_response_at or now
        request.save(update_fields=["status", "answered_at", "first_response_at", "updated_at"])
        # The requester, or the organization's owners once the requester has left it.
        for recipient in selectors.requester_side_recipients(request):
            transaction.on_commit(
                partial(
                    _notify,
                    recipient,
                    SUBJECT_ANSWERED,
                    "innovation/email/answered.txt",
                    {"request": request},
                    link_to=request,
                )
            )


def request_close(*, request: TechnicalRequest, user: User) -> None:
    """Staff close any open request; the requester's organization closes an answered one."""
    selectors.require_request_closer(user, request)
    with transaction.atomic():
        _lock_for(request, Status.CLOSED)
        request.status = Status.CLOSED
        request.closed_at = timezone.now()
        request.save(update_fields=["status", "closed_at", "updated_at"])


def message_post(
    *, request: TechnicalRequest, user: User, body: str, form_token: str = ""
) -> Message:
    """Add to the thread; the first message of the expert or staff starts the response clock.

    ``form_token`` is the message form's one-time token: the same form sent again (a double
    click on "Send") answers the message it posted, without a second one nor a second
    e-mail to the other side."""
    role = selectors.require_request_party(user, request)
    if request.status == Status.CLOSED:
        raise ValidationError(_("This request is closed."), code="closed")

    def create() -> Message:
        message = Message.objects.create(
            request=request, author=user, body=body.strip(), form_token=form_token or None
        )
        if role in {"staff", "expert"} and request.first_response_at is None:
            request.first_response_at = message.created_at
            request.save(update_fields=["first_response_at", "updated_at"])
        for recipient in _message_recipients(request, author=user, role=role):
            transaction.on_commit(
                partial(
                    _notify,
                    recipient,
                    SUBJECT_MESSAGE,
                    "innovation/email/new_message.txt",
                    {"request": request},
                    link_to=request,
                )
            )
        return message

    with transaction.atomic():
        return once.create_once(Message, token=form_token, create=create, author=user)


def _message_recipients(request: TechnicalRequest, *, author: User, role: str) -> list[User]:
    """Who is told of a new message in the thread (the text stays on the platform): the other
    side. The requester (or, once the requester has left the organization, its owners:
    ``selectors.requester_side_recipients``) hears of the expert's or staff's messages; the
    assigned expert of the requester's and staff's; staff of the requester's while no expert
    is assigned."""
    expert = request.expert.user if request.expert is not None else None
    recipients: list[User | None] = []
    if role in {"staff", "expert"}:
        recipients.extend(selectors.requester_side_recipients(request))
    if role in {"staff", "requester"}:
        recipients.append(expert)
    if role == "requester" and expert is None:
        recipients.extend(selectors.staff_recipients())
    seen: set[int] = set()
    out: list[User] = []
    for person in recipients:
        if person is None or person.pk == author.pk or person.pk in seen or not person.is_active:
            continue
        seen.add(person.pk)
        out.append(person)
    return out


def request_rate(*, request: TechnicalRequest, user: User, rating: int, comment: str = "") -> None:
    selectors.require_requester(user, request)
    if request.status not in {Status.ANSWERED, Status.CLOSED}:
        raise ValidationError(_("A request can be rated once it is answered."), code="not_answered")
    if not 1 <= rating <= 5:
        raise ValidationError(_("A rating is 1 to 5."), code="rating")
    with transaction.atomic():
        request.rating = rating
        request.rating_comment = comment.strip()
        request.rated_at = timezone.now()
        request.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
