"""Pages of the Structure-Al Challenge. Views validate, call one service or selector, render."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from aluhub.accounts.auth import signed_in_user
from aluhub.accounts.selectors import user_by_email
from aluhub.common import documents, uploads
from aluhub.common.lang import active_lang, lang_of, request_lang

from . import certificates, materials, presenters, selectors, services
from .forms import (
    ApplicationForm,
    ConflictForm,
    DecisionForm,
    JurorAssignForm,
    ScoreSheetForm,
    SubmissionForm,
)
from .models import ApplicationStatus, DeliverableKind, Discipline, Edition, EditionMaterial


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


# --- Public -----------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    editions = selectors.visible_editions(request.user)
    return render(
        request,
        "challenge/index.html",
        {"open_edition": selectors.open_edition(), "editions": editions},
    )


def _category_label(code: str) -> str:
    categories = EditionMaterial.Category
    return str(categories(code).label) if code in categories.values else code


def edition_detail(request: HttpRequest, year: int) -> HttpResponse:
    edition = selectors.get_edition_for_user(request.user, year)
    context = {
        "edition": edition,
        "criteria": edition.criteria.all(),
        "prizes": edition.prizes.all(),
        "materials": edition.materials.all(),
        # Teams write these codes in their bill of materials (editions run on the platform).
        "shared_materials": [
            (row, _category_label(row.category))
            for row in materials.material_rows(lang_of(request.LANGUAGE_CODE))
        ]
        if edition.submission_deadline
        else [],
        "podium": selectors.podium(edition),
        "applications_open": selectors.applications_are_open(edition),
        "cutoff": selectors.submission_cutoff(edition),
        "my_team": selectors.team_for_student(request.user, edition),
        "my_application": selectors.application_of(request.user, edition),
        "is_juror": selectors.is_edition_juror(request.user, edition),
        # Stored as codes ({"engineering": 2}): show the translated discipline names.
        # PostgreSQL's jsonb does not keep key order: list them in the disciplines' order.
        "discipline_minimums": [
            (Discipline(code).label if code in Discipline.values else code, n)
            for code, n in sorted(
                (edition.discipline_minimums or {}).items(),
                key=lambda kv: (
                    Discipline.values.index(kv[0]) if kv[0] in Discipline.values else 99,
                    kv[0],
                ),
            )
        ],
    }
    return render(request, "challenge/edition.html", context)


# --- Students ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, year: int) -> HttpResponse:
    edition = selectors.get_edition_for_user(request.user, year)
    selectors.require_student(request.user)
    user = signed_in_user(request)
    # Applied already: say so before the form is filled in (it was refused once sent).
    existing = selectors.application_of(user, edition)
    form = ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and existing is None and form.is_valid():
        try:
            services.application_submit(
                edition=edition,
                student=user,
                cv=form.cleaned_data["cv"],
                **{k: form.cleaned_data[k] for k in ApplicationForm.Meta.fields},
            )
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(
                request, _("Your application was received. A confirmation email is on its way.")
            )
            return redirect("challenge:my")
    context = {
        "edition": edition,
        "form": form,
        "existing": existing,
        "applications_open": selectors.applications_are_open(edition),
        "institutions": selectors.institution_suggestions(edition),
    }
    return render(request, "challenge/apply.html", context)


@login_required
def my_challenge(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    applications = selectors.applications_for_user(user)
    rows = [(app, selectors.team_for_student(user, app.edition)) for app in applications]
    return render(
        request,
        "challenge/my.html",
        {
            "rows": rows,
            "jury_editions": selectors.jury_editions(user),
            "teacher_institution": selectors.teacher_institution(user),
            "teacher_editions": selectors.teacher_editions(user),
        },
    )


@login_required
def teacher_students(request: HttpRequest, year: int) -> HttpResponse:
    """A verified teacher's read-only list of the edition's applications from their
    institution: status, team once published, rank once the results are."""
    institution = selectors.require_verified_teacher(request.user)
    edition = selectors.get_edition_for_user(request.user, year)
    return render(
        request,
        "challenge/teacher_students.html",
        {
            "edition": edition,
            "institution": institution,
            "applications": selectors.institution_applications(edition, institution),
        },
    )


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.get_application_for_user(request.user, pk)
    return render(request, "challenge/application.html", {"application": app})


@login_required
def application_cv(request: HttpRequest, pk: int) -> FileResponse:
    app = selectors.get_application_cv_for_user(request.user, pk)
    return uploads.private_file(
        app.cv.open("rb"),
        filename=f"cv-{app.edition.year}-{app.pk}.pdf",
        content_type="application/pdf",
    )


@login_required
def certificate(request: HttpRequest, year: int) -> HttpResponse:
    edition = selectors.get_edition_for_user(request.user, year)
    app = selectors.certificate_application(request.user, edition)
    lang = request_lang(request)
    pdf = certificates.certificate_pdf(application=app, lang=lang)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = documents.export_filename(
        fr="attestation", en="certificate", parts=[year, lang], ext="pdf"
    )
    return cast(HttpResponse, documents.attachment(response, name))


# --- Teams and submissions --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = selectors.get_team_for_user(request.user, pk)
    user = signed_in_user(request)
    is_member = selectors.is_team_member(user, team)
    form = SubmissionForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        selectors.require_team_member(user, team)
        if form.is_valid():
            try:
                sub = services.submission_upload(
                    user=user,
                    team=team,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as exc:
                for message in _errors(exc):
                    form.add_error("file", message)
            else:
                messages.success(
                    request,
                    _("Version %(version)s of this deliverable was saved.")
                    % {"version": sub.version},
                )
                return redirect("challenge:team", pk=team.pk)
    cutoff = selectors.submission_cutoff(team.edition)
    context = {
        "team": team,
        "edition": team.edition,
        "members": selectors.team_members(team),
        "submissions": selectors.team_submissions(team),
        "latest": selectors.latest_submissions(team),
        "is_member": is_member,
        "form": form,
        "cutoff": cutoff,
        "late": cutoff is not None and timezone.now() > cutoff,
        "can_score": selectors.is_edition_juror(user, team.edition)
        and not selectors.is_conflicted(user, team),
        "bom_kind": DeliverableKind.BILL_OF_MATERIALS,
    }
    return render(request, "challenge/team.html", context)


@login_required
def submission_file(request: HttpRequest, pk: int) -> FileResponse:
    sub = selectors.get_submission_for_user(request.user, pk)
    return uploads.private_file(sub.file.open("rb"), filename=sub.original_name)


# --- Jury -------------------------------------------------------------------------------


@login_required
def jury_home(request: HttpRequest, year: int) -> HttpResponse:
    edition = selectors.get_edition_for_user(request.user, year)
    selectors.require_jury_access(request.user, edition)
    return _jury_page(request, edition)


def _jury_page(
    request: HttpRequest, edition: Edition, *, refused: dict[str, Any] | None = None
) -> HttpResponse:
    """The jury's teams; a refused conflict declaration is shown open again on its team's row
    with its error and the reason typed (status 400)."""
    user = signed_in_user(request)
    return render(
        request,
        "challenge/jury.html",
        {
            "edition": edition,
            # Cluster staff may open it without being jurors: pointed to the jury's management.
            "is_juror": selectors.is_edition_juror(user, edition),
            "rows": selectors.jury_team_statuses(user, edition),
            "conflict_form": ConflictForm(),
            "refused": refused or {},
        },
        status=400 if refused else 200,
    )


@login_required
@require_POST
def conflict_declare(request: HttpRequest, pk: int) -> HttpResponse:
    team = selectors.get_team_for_user(request.user, pk)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        # Only the reason can fail (too long, a NUL byte): shown on its row, typed text kept.
        refused = {
            "team": team.pk,
            "reason": request.POST.get("reason", ""),
            "error": " ".join(str(e) for e in form.errors["reason"]),
        }
        return _jury_page(request, team.edition, refused=refused)
    try:
        services.conflict_declare(
            juror=signed_in_user(request), team=team, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:  # scoring closed since the page was opened
        for message in _errors(exc):
            messages.error(request, message)
        return redirect("challenge:jury", year=team.edition.year)
    messages.success(request, _("Your conflict of interest was recorded."))
    return redirect("challenge:jury", year=team.edition.year)


@login_required
@require_http_methods(["GET", "POST"])
def score_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    team = selectors.get_team_for_juror(request.user, pk)
    user = signed_in_user(request)
    criteria = list(team.edition.criteria.all())
    mine = selectors.juror_marks(user, team)
    if team.edition.scoring_closed:
        # Read-only: the juror's marks as they stand, no form to fill and have refused.
        if request.method == "POST":
            messages.error(request, _("Scoring is closed for this edition."))
            return redirect("challenge:score", pk=team.pk)
        return render(
            request,
            "challenge/score.html",
            {
                "team": team,
                "edition": team.edition,
                "my_marks": [(c, mine.get(c.pk)) for c in criteria],
                "visible_scores": selectors.other_jurors_scores(user, team),
                "latest": selectors.latest_submissions(team),
            },
        )
    form = ScoreSheetForm(request.POST or None, criteria=criteria, initial_marks=mine)
    if request.method == "POST" and form.is_valid():
        try:
            services.score_sheet_save(juror=user, team=team, marks=form.marks())
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("Your marks were saved."))
            return redirect("challenge:jury", year=team.edition.year)
    return render(
        request,
        "challenge/score.html",
        {
            "team": team,
            "edition": team.edition,
            "form": form,
            "visible_scores": selectors.other_jurors_scores(user, team),
            "latest": selectors.latest_submissions(team),
        },
    )


# --- Organizers (cluster staff) ---------------------------------------------------------


@login_required
def manage_applications(request: HttpRequest, year: int) -> HttpResponse:
    selectors.require_staff(request.user)
    edition = selectors.get_edition_for_user(request.user, year)
    return _applications_page(request, edition)


def _applications_page(
    request: HttpRequest,
    edition: Edition,
    *,
    refused: tuple[int, DecisionForm, str] | None = None,
) -> HttpResponse:
    """The applications with one decision form each; a refused decision (without JavaScript)
    is shown again on its row with its error and the values chosen (status 400)."""
    status = request.GET.get("status", "")
    apps = selectors.applications_for_edition(edition, status)
    rows = []
    for a in apps:
        if refused is not None and refused[0] == a.pk:
            rows.append((a, refused[1], refused[2]))
            continue
        initial = {"status": a.status, "selection_score": a.selection_score}
        rows.append((a, DecisionForm(initial=initial, prefix=f"a{a.pk}"), ""))
    return render(
        request,
        "challenge/manage_applications.html",
        {
            "edition": edition,
            "rows": rows,
            "status": status,
            "statuses": ApplicationStatus.choices,
        },
        status=400 if refused else 200,
    )


@login_required
@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.require_staff(request.user)
    app = selectors.get_application_for_user(request.user, pk)
    form = DecisionForm(request.POST, prefix=f"a{app.pk}")
    error = ""
    if form.is_valid():
        try:
            services.application_decide(
                actor=signed_in_user(request),
                application=app,
                status=form.cleaned_data["status"],
                selection_score=form.cleaned_data["selection_score"],
            )
        except ValidationError as exc:
            error = " ".join(_errors(exc))
    else:
        error = " ".join(str(e) for errs in form.errors.values() for e in errs)
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "challenge/manage_applications.html#application-row",
            {"app": app, "form": form, "row_error": error, "saved": not error},
        )
    if error:
        return _applications_page(request, app.edition, refused=(app.pk, form, error))
    messages.success(request, _("Decision saved."))
    return redirect("challenge:manage_applications", year=app.edition.year)


@login_required
@require_http_methods(["GET", "POST"])
def manage_teams(request: HttpRequest, year: int) -> HttpResponse:
    selectors.require_staff(request.user)
    edition = selectors.get_edition_for_user(request.user, year)
    user = signed_in_user(request)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "form":
                services.teams_form(
                    actor=user, edition=edition, lang=lang_of(request.LANGUAGE_CODE)
                )
                messages.success(request, _("Teams formed. Review them, then publish."))
            elif action in {"publish", "unpublish"}:
                services.teams_publish(actor=user, edition=edition, published=action == "publish")
                messages.success(request, _("Team publication updated."))
        except ValidationError as exc:
            for message in _errors(exc):
                messages.error(request, message)
        return redirect("challenge:manage_teams", year=year)
    return render(
        request,
        "challenge/manage_teams.html",
        {
            "edition": edition,
            "teams": selectors.edition_team_rows(edition),
            "pool_count": len(selectors.accepted_pool(edition)),
            "unassigned": presenters.unplaced_students(edition, active_lang()),
        },
    )


@login_required
@require_POST
def application_lock(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.require_staff(request.user)
    app = selectors.get_application_for_user(request.user, pk)
    try:
        services.application_lock(
            actor=signed_in_user(request), application=app, locked=request.POST.get("locked") == "1"
        )
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    return redirect("challenge:manage_teams", year=app.edition.year)


def _juror_assign(request: HttpRequest, form: JurorAssignForm, edition: Edition) -> None:
    """Assign the juror of ``form``; a refusal is shown under its address, kept as typed."""
    juror = user_by_email(form.cleaned_data["email"])
    if juror is None:
        form.add_error("email", _("No account with this email address."))
        return
    try:
        services.juror_assign(actor=signed_in_user(request), edition=edition, juror=juror)
    except ValidationError as exc:
        for message in _errors(exc):
            form.add_error("email", message)
    else:
        messages.success(request, _("Juror assigned."))


@login_required
@require_http_methods(["GET", "POST"])
def manage_jury(request: HttpRequest, year: int) -> HttpResponse:
    selectors.require_staff(request.user)
    edition = selectors.get_edition_for_user(request.user, year)
    user = signed_in_user(request)
    form = JurorAssignForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "assign":
                form = JurorAssignForm(request.POST)
                if form.is_valid():
                    _juror_assign(request, form, edition)
            elif action in {"close", "reopen"}:
                services.scoring_close(actor=user, edition=edition, closed=action == "close")
                messages.success(request, _("Scoring status updated."))
            elif action == "publish":
                services.results_publish(actor=user, edition=edition)
                messages.success(request, _("Results published."))
        except ValidationError as exc:
            for message in _errors(exc):
                messages.error(request, message)
        if not form.errors:
            return redirect("challenge:manage_jury", year=year)
    rows = selectors.completeness(edition)
    ranking = None
    if selectors.edition_has_criteria(edition):
        result = services.results_compute(edition=edition)
        names = selectors.team_names(edition)
        ranking = [(names.get(r.team, r.team), r) for r in result.ranking]
    return render(
        request,
        "challenge/manage_jury.html",
        {
            "edition": edition,
            "rows": rows,
            "done": sum(1 for r in rows if r.complete),
            "form": form,
            "ranking": ranking,
        },
        status=400 if form.errors else 200,
    )
