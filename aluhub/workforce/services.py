"""Writes of the workforce app (keyword-only, typed, inside transaction.atomic)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aluhub.accounts.models import Organization, User
from aluhub.common import capacity as places
from aluhub.common import once, search, subscriptions, waiting_list
from aluhub.common.lang import active_lang
from aluhub.common.mail import send_email
from aluhub.common.regions import REGION_CODES
from aluhub.engines import text

from . import selectors
from .indexing import course_document, job_document, recommendation_document
from .models import (
    Certificate,
    Course,
    CourseLanguage,
    CourseLevel,
    CourseSession,
    Evaluation,
    JobKind,
    JobPosting,
    JobReport,
    JobStatus,
    Recommendation,
    RecommendationStatus,
    RecommendationUpdate,
    Registration,
    RegistrationStatus,
    StudyLevel,
    Trade,
)


def _check_job(
    *,
    pay_min: Decimal | None,
    pay_max: Decimal | None,
    pay_unit: str,
    closing_date: date,
    start_date: date | None = None,
) -> None:
    errors: dict[str, str] = {}
    if pay_min is not None and pay_max is not None and pay_max < pay_min:
        errors["pay_max"] = _("The upper bound of the pay range is below the lower bound.")
    if (pay_min is not None or pay_max is not None) and not pay_unit:
        errors["pay_unit"] = _("Say whether the pay is per hour or per year.")
    today = timezone.localdate()
    latest = selectors.latest_closing_date(today)
    if closing_date < today:
        errors["closing_date"] = _("The closing date is in the past.")
    if start_date is not None and start_date < today:
        # Nobody can apply for a job that already started: leave it blank if it is "now".
        errors["start_date"] = _("The start date is in the past.")
    elif closing_date > latest:
        # A posting stays on the board until it closes: one closing in 2099 never leaves.
        errors["closing_date"] = _(
            "The closing date is more than a year away: choose %(date)s or earlier."
        ) % {"date": text.format_date(latest, active_lang())}
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
    selectors.require_poster_for(actor, organization)
    _check_job(
        pay_min=pay_min,
        pay_max=pay_max,
        pay_unit=pay_unit,
        closing_date=closing_date,
        start_date=start_date,
    )
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
    search.index_documents(selectors.JOB_TOKENS, [(job.pk, job.search_text)], fresh=True)
    return job


@transaction.atomic
def job_withdraw(*, actor: User, job: JobPosting) -> JobPosting:
    selectors.require_job_change(actor, job)
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
    selectors.require_workforce_staff(actor)
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


# --- CeiAl training catalogue -------------------------------------------------------
@transaction.atomic
def course_save(*, course: Course) -> Course:
    """Save a course (admin, demo seeder) with its stored search column."""
    course.search_text = course_document(course)
    course.save()
    return course


@transaction.atomic
def course_edit(
    *,
    actor: User,
    course: Course | None,
    slug: str,
    title_fr: str,
    title_en: str,
    description_fr: str,
    description_en: str,
    prerequisites_fr: str,
    prerequisites_en: str,
    level: str,
    language: str,
    duration_hours: Decimal | None,
    trainer: str,
    price_member: Decimal | None,
    price_non_member: Decimal | None,
    is_published: bool,
) -> Course:
    """Create or change a CeiAl course (staff). A blank duration, trainer or price stays
    blank and shows as unknown."""
    selectors.require_workforce_staff(actor)
    errors: dict[str, str] = {}
    clash = Course.objects.filter(slug=slug)
    if course is not None:
        clash = clash.exclude(pk=course.pk)
    if clash.exists():
        errors["slug"] = _("Another course has this identifier.")
    if level not in CourseLevel.values:
        errors["level"] = _("Choose a level from the list.")
    if language not in CourseLanguage.values:
        errors["language"] = _("Choose a language from the list.")
    for field, amount in (
        ("duration_hours", duration_hours),
        ("price_member", price_member),
        ("price_non_member", price_non_member),
    ):
        if amount is not None and amount < 0:
            errors[field] = _("Enter a positive amount or leave it blank.")
    if errors:
        raise ValidationError(errors)
    course = course or Course()
    course.slug = slug
    course.title_fr, course.title_en = title_fr.strip(), title_en.strip()
    course.description_fr, course.description_en = description_fr.strip(), description_en.strip()
    course.prerequisites_fr = prerequisites_fr.strip()
    course.prerequisites_en = prerequisites_en.strip()
    course.level, course.language = level, language
    course.duration_hours, course.trainer = duration_hours, trainer.strip()
    course.price_member, course.price_non_member = price_member, price_non_member
    course.is_published = is_published
    return course_save(course=course)


@transaction.atomic
def session_save(
    *,
    actor: User,
    course: Course,
    session: CourseSession | None,
    starts_on: date,
    ends_on: date,
    place: str,
    online: bool,
    capacity: int,
    trainer_email: str,
) -> CourseSession:
    """Create or change a session of ``course`` (staff). More seats go to the waiting list
    first; fewer seats than confirmed registrations are refused."""
    selectors.require_workforce_staff(actor)
    errors: dict[str, str] = {}
    if ends_on < starts_on:
        errors["ends_on"] = _("The last day cannot be before the first day.")
    if capacity < 1:
        errors["capacity"] = _("A session has at least one seat.")
    if not online and not place.strip():
        errors["place"] = _("Give the place, or tick online.")
    trainer = None
    if trainer_email.strip():
        trainer = User.objects.filter(email__iexact=trainer_email.strip()).first()
        if trainer is None:
            errors["trainer_email"] = _("No account has this e-mail address.")
    if session is not None:
        session = CourseSession.objects.select_for_update().get(pk=session.pk)
        confirmed = Registration.objects.filter(
            session=session, status=RegistrationStatus.CONFIRMED
        ).count()
        if capacity < confirmed:
            errors["capacity"] = ngettext(
                "%(n)d person already has a seat: cancel registrations before removing seats.",
                "%(n)d people already have a seat: cancel registrations before removing seats.",
                confirmed,
            ) % {"n": confirmed}
    if errors:
        raise ValidationError(errors)
    session = session or CourseSession(course=course)
    session.starts_on, session.ends_on = starts_on, ends_on
    session.place, session.online = place.strip(), online
    session.capacity, session.trainer_user = capacity, trainer
    session.save()
    _promote_waiting(session)
    return session


def _registration_email(
    registration: Registration, template: str, subject: str, *, registrar: bool = True
) -> None:
    """Tell the participant (and, with ``registrar``, whoever registered them) about their
    registration, in the language of the page that made the change."""
    to = [registration.participant_email]
    if registrar and registration.registered_by and registration.registered_by.email not in to:
        to.append(registration.registered_by.email)
    body = render_to_string(
        f"workforce/email/{template}.txt",
        {
            "registration": registration,
            "session": registration.session,
            "course": registration.session.course,
            "site": settings.SITE_URL,
            "evaluation_token": selectors.evaluation_token(registration),
        },
    )
    send_email(to=to, subject=subject, body=body)


@transaction.atomic
def course_register(
    *,
    actor: User,
    session: CourseSession,
    organization: Organization,
    participant_name: str,
    participant_email: str,
) -> Registration:
    """Register an employee of ``organization``: a seat while there is one, else the
    waiting list (first come, first served)."""
    selectors.require_registering_for(actor, organization.pk)
    # Lock the session row: two registrations for the last seat are served one at a time.
    session = CourseSession.objects.select_for_update().select_related("course").get(pk=session.pk)
    if not selectors.registration_open(session):
        raise ValidationError(_("Registration is closed: this session has started."))
    email = participant_email.strip().lower()
    active = Registration.objects.filter(session=session).exclude(
        status=RegistrationStatus.CANCELLED
    )
    if active.filter(participant_email=email).exists():
        raise ValidationError(
            {"participant_email": _("This person is already registered to this session.")}
        )
    confirmed = active.filter(status=RegistrationStatus.CONFIRMED).count()
    status = (
        RegistrationStatus.CONFIRMED
        if places.admits(capacity=session.capacity, confirmed=confirmed)
        else RegistrationStatus.WAITLISTED
    )
    price = selectors.price_for(session.course, organization)
    registration = Registration.objects.create(
        session=session,
        organization=organization,
        registered_by=actor,
        participant_name=participant_name.strip(),
        participant_email=email,
        status=status,
        member_price=price.member,
        price=price.amount,
    )
    if status == RegistrationStatus.CONFIRMED:
        subject = _("CeiAl: registration confirmed – %(course)s")
    else:
        subject = _("CeiAl: on the waiting list – %(course)s")
    _registration_email(
        registration, f"registration_{status}", subject % {"course": session.course.title}
    )
    return registration


@transaction.atomic
def registration_cancel(*, actor: User, registration: Registration) -> Registration | None:
    """Cancel a registration; a freed seat goes to the first on the waiting list, who is
    told by e-mail. Returns the promoted registration, if any."""
    selectors.require_registration_change(actor, registration)
    session = (
        CourseSession.objects.select_for_update()
        .select_related("course")
        .get(pk=registration.session_id)
    )
    registration.refresh_from_db()
    if registration.status == RegistrationStatus.CANCELLED:
        return None
    if session.attendance_taken_at is not None:
        raise ValidationError(_("Attendance has been taken: this registration stays."))
    return waiting_list.cancel(registration, promote=lambda: _promote_waiting(session))


def _promote_waiting(session: CourseSession) -> list[Registration]:
    """Give the free seats of a (locked) session to the waiting list and e-mail each person
    promoted: ``common.capacity.to_promote`` decides who (first come, first served). A
    session that has started gives no seat, as it takes no registration: nobody is told a
    seat is theirs for a course under way or past."""
    if not selectors.registration_open(session):
        return []

    def tell(reg: Registration) -> None:
        _registration_email(
            reg,
            "registration_promoted",
            _("CeiAl: a seat is yours – %(course)s") % {"course": session.course.title},
        )

    return waiting_list.promote(
        capacity=session.capacity,
        confirmed=Registration.objects.filter(
            session=session, status=RegistrationStatus.CONFIRMED
        ).count(),
        waiting=Registration.objects.filter(
            session=session, status=RegistrationStatus.WAITLISTED
        ).order_by("created_at", "pk"),
        notify=tell,
    )


@transaction.atomic
def attendance_take(
    *, actor: User, session: CourseSession, present: set[int], today: date | None = None
) -> list[Certificate]:
    """Record who of the confirmed participants was present; each present participant gets
    a certificate of completion (once) and the evaluation link, nobody else. Taking it again
    corrects it: a certificate of someone now marked absent is withdrawn."""
    selectors.require_attendance_taker(actor, session)
    session = CourseSession.objects.select_for_update().select_related("course").get(pk=session.pk)
    if session.starts_on > (today or timezone.localdate()):
        raise ValidationError(_("Attendance is taken once the session has started."))
    confirmed = list(
        Registration.objects.filter(session=session, status=RegistrationStatus.CONFIRMED)
    )
    unknown = present - {r.pk for r in confirmed}
    if unknown:
        raise ValidationError(_("Only confirmed participants can be marked present."))
    issued: list[Certificate] = []
    for reg in confirmed:
        reg.attended = reg.pk in present
        reg.save(update_fields=["attended"])
        if not reg.attended:
            Certificate.objects.filter(registration=reg).delete()
            continue
        cert, created = Certificate.objects.get_or_create(registration=reg)
        if created:
            issued.append(cert)
            # The participant's alone: its evaluation link is their proof, not their
            # employer's (who sees the certificate in the training record).
            _registration_email(
                reg,
                "certificate",
                _("CeiAl: your certificate of completion – %(course)s")
                % {"course": session.course.title},
                registrar=False,
            )
    session.attendance_taken_at = timezone.now()
    session.save(update_fields=["attendance_taken_at"])
    return issued


@transaction.atomic
def evaluation_submit(
    *, registration: Registration, rating: int, useful: bool | None, comment: str
) -> Evaluation:
    """The participant's evaluation of the session: once, and only after attending it."""
    if registration.attended is not True:
        raise ValidationError(_("Only participants marked present can evaluate the session."))
    refusal = _("This session has already been evaluated.")

    def taken() -> bool:
        return Evaluation.objects.filter(registration=registration).exists()

    if taken():
        raise ValidationError(refusal)
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Give a rating from 1 to 5.")})
    # The form sent twice at once: the second gets the same refusal.
    return once.insert_unique(
        lambda: Evaluation.objects.create(
            registration=registration, rating=rating, useful=useful, comment=comment.strip()[:2000]
        ),
        taken=taken,
        refusal=refusal,
    )


# --- Table de concertation tracker ------------------------------------------------
@transaction.atomic
def recommendation_save(
    *,
    actor: User,
    recommendation: Recommendation | None,
    number: int,
    title_fr: str,
    title_en: str,
    detail_fr: str,
    detail_en: str,
    source_title: str,
    source_url: str,
    status: str,
    status_on: date,
    status_note: str,
    initiatives: Sequence[Any],
) -> Recommendation:
    """Create or change a recommendation (staff only); its source is required."""
    selectors.require_workforce_staff(actor)
    if status not in RecommendationStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    if status_on > timezone.localdate():
        raise ValidationError({"status_on": _("A status cannot be dated in the future.")})
    clash = Recommendation.objects.filter(number=number)
    if recommendation is not None:
        clash = clash.exclude(pk=recommendation.pk)
    if clash.exists():
        raise ValidationError({"number": _("Another recommendation has this number.")})
    rec = recommendation or Recommendation()
    before = (rec.status, rec.status_on, rec.status_note) if rec.pk else None
    rec.number, rec.title_fr, rec.title_en = number, title_fr.strip(), title_en.strip()
    rec.detail_fr, rec.detail_en = detail_fr.strip(), detail_en.strip()
    rec.source_title, rec.source_url = source_title.strip(), source_url
    rec.status, rec.status_on, rec.status_note = status, status_on, status_note.strip()
    rec.search_text = recommendation_document(rec)
    rec.save()
    rec.initiatives.set(initiatives)
    if before != (rec.status, rec.status_on, rec.status_note):
        RecommendationUpdate.objects.create(
            recommendation=rec,
            status=rec.status,
            status_on=rec.status_on,
            note=rec.status_note,
            author=actor,
        )
    return rec
