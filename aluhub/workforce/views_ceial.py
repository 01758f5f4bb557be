"""Pages of CeiAl, the cluster's training centre: catalogue, registration by member
organizations, training record, attendance, certificates, evaluations and staff pages."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_http_methods, require_POST

from aluhub.accounts.auth import signed_in_user
from aluhub.common import documents
from aluhub.common.access import staff_required
from aluhub.common.forms import apply_validation_error
from aluhub.common.mail import site_url

from . import certificates, selectors, services
from .forms import AttendanceForm, CourseForm, EvaluationForm, RegistrationForm, SessionForm
from .models import Course, CourseLevel, CourseSession, Registration, RegistrationStatus


def course_index(request: HttpRequest) -> HttpResponse:
    filters = selectors.CourseFilters.from_params(request.GET)
    return render(
        request,
        "workforce/ceial/course_index.html",
        {
            "filters": filters,
            "courses": list(selectors.course_search(filters)),
            "level_choices": CourseLevel.choices,
            "can_register": selectors.can_register_employees(request.user),
            "is_staff": selectors.is_staff(request.user),
        },
    )


def _course_page(
    request: HttpRequest, course: Course, *, forms: dict[int, RegistrationForm], status: int = 200
) -> HttpResponse:
    organizations = selectors.registering_organizations(request.user)
    sessions = selectors.course_sessions(course)
    if selectors.can_register_employees(request.user):
        for s in sessions:
            if s.registration_open:  # type: ignore[attr-defined]
                forms.setdefault(
                    s.pk, RegistrationForm(organizations=organizations, prefix=f"s{s.pk}")
                )
    return render(
        request,
        "workforce/ceial/course_detail.html",
        {
            "course": course,
            "sessions": [(s, forms.get(s.pk)) for s in sessions],
            "is_staff": selectors.is_staff(request.user),
            "user_id": getattr(request.user, "pk", None),
            "prices": selectors.prices_for_user(request.user, course),
        },
        status=status,
    )


def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _course_page(request, selectors.get_course_for_user(request.user, slug), forms={})


@login_required
@require_POST
def session_register(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.get_session(pk)
    organizations = selectors.get_registering_organizations_for_user(request.user)
    form = RegistrationForm(request.POST, organizations=organizations, prefix=f"s{session.pk}")
    if form.is_valid():
        try:
            reg = services.course_register(
                actor=signed_in_user(request), session=session, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if reg.member_price:
                messages.info(request, _("Your organization pays the price for cluster members."))
            else:
                messages.info(request, _("Your organization pays the price for non-members."))
            if reg.status == RegistrationStatus.CONFIRMED:
                messages.success(request, _("Registration confirmed."))
            else:
                messages.info(
                    request, _("The session is full: the employee is on the waiting list.")
                )
            return redirect("workforce:training_record")
    return _course_page(request, session.course, forms={session.pk: form}, status=400)


@login_required
def training_record(request: HttpRequest) -> HttpResponse:
    """The organization's training record: who took what, when; CSV or XLSX export."""
    selectors.get_registering_organizations_for_user(request.user)
    rows = list(selectors.training_record(request.user))
    export = request.GET.get("format", "")
    if export in ("csv", "xlsx"):
        return _training_record_export(rows, export)
    return render(request, "workforce/ceial/training_record.html", {"registrations": rows})


def _price_paid(registration: Registration) -> tuple[Decimal | None, str]:
    """The amount charged for a registration and its rate (member / non-member): only a
    confirmed seat is charged; blank when the price was unknown when it registered."""
    if registration.status != RegistrationStatus.CONFIRMED:
        return None, ""
    rate = {True: _("member price"), False: _("non-member price"), None: ""}
    return registration.price, rate[registration.member_price]


def _training_record_export(rows: list[Registration], export: str) -> HttpResponse:
    header = [
        _("Organization"),
        _("Employee"),
        _("E-mail"),
        _("Course"),
        _("First day"),
        _("Last day"),
        _("Hours"),
        _("Status"),
        _("Price paid ($)"),
        _("Member or non-member"),
        pgettext("one person", "Present"),
        _("Certificate"),
    ]
    present = {True: _("Yes"), False: _("No"), None: ""}
    body = [
        [
            r.organization.name,
            r.participant_name,
            r.participant_email,
            r.session.course.title,
            r.session.starts_on,
            r.session.ends_on,
            r.session.course.duration_hours,
            r.get_status_display(),
            *_price_paid(r),
            present[r.attended],
            getattr(getattr(r, "certificate", None), "code", ""),
        ]
        for r in rows
    ]
    name = documents.export_filename(
        fr="ceial-registre-formation",
        en="ceial-training-record",
        parts=[f"{timezone.localdate():%Y-%m-%d}"],
        ext=export,
    )
    if export == "csv":
        return cast(HttpResponse, documents.csv_response(header, body, filename=name))
    sheet = documents.Sheet(
        title=_("Training record")[:31],
        rows=[header, *body],
        formats={
            4: documents.DATE,
            5: documents.DATE,
            6: documents.DECIMAL,
            8: documents.DECIMAL,
        },
        freeze="A2",
    )
    return cast(HttpResponse, documents.xlsx_response([sheet], filename=name))


@login_required
@require_POST
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    reg = selectors.get_registration_for_user(request.user, pk)
    try:
        promoted = services.registration_cancel(actor=signed_in_user(request), registration=reg)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The registration is cancelled."))
        if promoted is not None:
            messages.info(request, _("The first person on the waiting list got the seat."))
    return redirect("workforce:training_record")


@login_required
@require_http_methods(["GET", "POST"])
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_for_trainer(request.user, pk)
    registrations = selectors.session_roster(session)
    form = AttendanceForm(
        request.POST if request.method == "POST" else None, registrations=registrations
    )
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.attendance_take(
                actor=signed_in_user(request),
                session=session,
                present={int(v) for v in form.cleaned_data["present"]},
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "Attendance saved; %(n)d new certificate of completion.",
                    "Attendance saved; %(n)d new certificates of completion.",
                    len(issued),
                )
                % {"n": len(issued)},
            )
            return redirect("workforce:session_attendance", pk=session.pk)
    return render(
        request,
        "workforce/ceial/attendance.html",
        {"session": session, "form": form, "registrations": registrations},
    )


def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: anyone holding a certificate's code can check it was issued by CeiAl."""
    cert = selectors.get_certificate(code)
    return render(request, "workforce/ceial/certificate.html", {"cert": cert})


def certificate_download(request: HttpRequest, code: str) -> HttpResponse:
    cert = selectors.get_certificate(code)
    # Printed: SITE_URL, whatever Host the request that made the PDF named.
    verify_url = site_url(reverse("workforce:certificate", args=[cert.code]))
    response = HttpResponse(
        certificates.certificate_pdf(cert, verify_url=verify_url), content_type="application/pdf"
    )
    name = documents.export_filename(
        fr="attestation-ceial", en="ceial-certificate", parts=[cert.code], ext="pdf"
    )
    return cast(HttpResponse, documents.attachment(response, name))


@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, token: str) -> HttpResponse:
    """The participant's short evaluation (the link in the certificate e-mail is the proof)."""
    reg = selectors.get_registration_by_token(token)
    done = hasattr(reg, "evaluation")
    form = EvaluationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not done and form.is_valid():
        try:
            services.evaluation_submit(registration=reg, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Thank you for your evaluation."))
            return redirect("workforce:evaluation", token=token)
    return render(
        request,
        "workforce/ceial/evaluation.html",
        {"registration": reg, "form": form, "done": done, "can_evaluate": reg.attended is True},
    )


@staff_required
def staff_training(request: HttpRequest) -> HttpResponse:
    """Staff: fill rate, waiting list and satisfaction of every session."""
    return render(request, "workforce/ceial/staff_stats.html", {"stats": selectors.session_stats()})


# --- Staff: courses and sessions ------------------------------------------------------
def _course_initial(course: Course) -> dict[str, object]:
    return {
        "slug": course.slug,
        "title_fr": course.title_fr,
        "title_en": course.title_en,
        "description_fr": course.description_fr,
        "description_en": course.description_en,
        "prerequisites_fr": course.prerequisites_fr,
        "prerequisites_en": course.prerequisites_en,
        "level": course.level,
        "language": course.language,
        "duration_hours": course.duration_hours,
        "trainer": course.trainer,
        "price_member": course.price_member,
        "price_non_member": course.price_non_member,
        "is_published": course.is_published,
    }


def _course_form(request: HttpRequest, course: Course | None) -> HttpResponse:
    initial = _course_initial(course) if course else {"is_published": True}
    form = CourseForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.course_edit(
                actor=signed_in_user(request), course=course, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The course is saved."))
            return redirect("workforce:course", slug=saved.slug)
    status = 400 if form.is_bound else 200
    return render(
        request, "workforce/ceial/course_form.html", {"form": form, "course": course}, status=status
    )


@staff_required
@require_http_methods(["GET", "POST"])
def course_new(request: HttpRequest) -> HttpResponse:
    return _course_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _course_form(request, selectors.get_course_for_staff(request.user, slug))


def _session_form(
    request: HttpRequest, course: Course, session: CourseSession | None
) -> HttpResponse:
    initial: dict[str, object] = {}
    if session is not None:
        initial = {
            "starts_on": session.starts_on,
            "ends_on": session.ends_on,
            "online": session.online,
            "place": session.place,
            "capacity": session.capacity,
            "trainer_email": session.trainer_user.email if session.trainer_user else "",
        }
    form = SessionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_save(
                actor=signed_in_user(request), course=course, session=session, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The session is saved."))
            return redirect("workforce:course", slug=course.slug)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "workforce/ceial/session_form.html",
        {"form": form, "course": course, "session": session},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest, slug: str) -> HttpResponse:
    return _session_form(request, selectors.get_course_for_staff(request.user, slug), None)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_for_staff(request.user, pk)
    return _session_form(request, session.course, session)
