"""Pages of the innovation pillar. Views validate, call one service or selector, render."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from aluhub.accounts.auth import signed_in_user
from aluhub.accounts.selectors import is_staff, primary_organization
from aluhub.common import documents, uploads
from aluhub.common.forms import apply_validation_error
from aluhub.common.lang import active_lang
from aluhub.engines import charts, maturity

from . import selectors, services
from .forms import (
    AssessmentForm,
    AssignForm,
    AttachmentForm,
    MessageForm,
    RatingForm,
    RequestForm,
    TriageForm,
)
from .models import Status
from .pdf import assessment_pdf as build_assessment_pdf
from .questionnaire import load_questionnaire

PAGE_SIZE = 20


def _svg(markup: str) -> str:
    # The chart engine escapes every text it writes (ElementTree serialization).
    return mark_safe(markup)  # noqa: S308


# --- Landing ------------------------------------------------------------------------------
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    context: dict[str, Any] = {
        "can_act": selectors.can_act_for_organization(user),
        "questionnaire": load_questionnaire(),
        "lang": active_lang(),
    }
    if user.is_authenticated:
        org = primary_organization(user)
        context["latest"] = selectors.latest_assessment(org) if org is not None else None
        context["open_requests"] = selectors.open_request_count(user)
    return render(request, "innovation/index.html", context)


# --- Self-assessment ----------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def assessment_new(request: HttpRequest) -> HttpResponse:
    organizations = selectors.get_member_organizations_for_user(request.user)
    questionnaire = load_questionnaire()
    form = AssessmentForm(request.POST or None, questionnaire=questionnaire, lang=active_lang())
    org = primary_organization(request.user)
    wanted = request.POST.get("organization") or request.GET.get("organization")
    if wanted:
        org = selectors.member_organization(request.user, wanted) or org
    if request.method == "POST" and form.is_valid() and org is not None:
        assessment = services.assessment_create(
            organization=org,
            user=signed_in_user(request),
            answers=form.answers(),
            targets=form.targets(),
            form_token=form.cleaned_data["form_token"],
        )
        messages.success(request, _("Your self-assessment is saved."))
        return redirect("innovation:assessment_detail", pk=assessment.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "innovation/assessment_form.html",
        {
            "form": form,
            "groups": form.grouped(),
            "organizations": organizations,
            "organization": org,
            "levels": [
                (level, maturity.level_name(level, active_lang())) for level in maturity.LEVELS
            ],
        },
        status=status,
    )


@login_required
def assessment_history(request: HttpRequest) -> HttpResponse:
    slug = request.GET.get("organization")
    if slug:
        org = selectors.viewable_organization(request.user, slug)
        if org is None:
            raise Http404
    else:
        org = primary_organization(request.user)
    if org is None:
        selectors.require_staff(request.user)  # no organization of one's own: staff only
        return render(
            request,
            "innovation/assessment_history.html",
            {"organization": None, "organizations": selectors.organizations_with_assessments()},
        )
    assessments = list(selectors.assessments_for_organization(org))
    chart = None
    if len(assessments) >= 2:
        history = [
            (timezone.localdate(a.created_at).isoformat(), services.assessment_result(a))
            for a in assessments
        ]
        chart = _svg(maturity.progress(history, active_lang(), width=charts.PHONE_WIDTH))
    return render(
        request,
        "innovation/assessment_history.html",
        {
            "organization": org,
            "assessments": list(reversed(assessments)),
            "progress_chart": chart,
            "can_act": selectors.acts_for_organization(request.user, org),
        },
    )


def _assessment_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    assessment = selectors.get_assessment_for_user(request.user, pk)
    lang = active_lang()
    result = services.assessment_result(assessment)
    history = list(selectors.assessments_for_organization(assessment.organization))
    return {
        "assessment": assessment,
        "result": result,
        "data": result.to_dict(lang),
        "radar": _svg(maturity.radar(result, lang)),
        "programs": services.organization_programs(
            assessment.organization, result.weakest, lang=lang
        ),
        "experts": services.maturity_experts(result.weakest),
        "history_count": len(history),
        "lang": lang,
    }


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    context = _assessment_context(request, pk)
    return render(request, "innovation/assessment_detail.html", context)


@login_required
def assessment_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    context = _assessment_context(request, pk)
    assessment = context["assessment"]
    pdf = build_assessment_pdf(
        assessment,
        context["result"],
        context["lang"],
        [(p.slug, p.name) for p in context["programs"]],
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = documents.export_filename(
        fr="maturite",
        en="maturity",
        parts=[
            assessment.organization.slug,
            f"{timezone.localdate(assessment.created_at):%Y%m%d}",
        ],
        ext="pdf",
    )
    return cast(HttpResponse, documents.attachment(response, name))


# --- Technical requests -------------------------------------------------------------------
@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    qs = selectors.visible_requests(request.user, status=status if status in Status.values else "")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "hidden_identity": selectors.identity_hidden_ids(request.user, page.object_list),
        "status": status,
        "statuses": Status.choices,
        "can_create": selectors.can_act_for_organization(request.user),
        "is_staff": is_staff(request.user),
    }
    if getattr(request, "htmx", False):
        return render(request, "innovation/request_list.html#results", context)
    return render(request, "innovation/request_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    organizations = selectors.get_member_organizations_for_user(request.user)
    form = RequestForm(request.POST or None, request.FILES or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            tech = services.request_create(
                user=signed_in_user(request),
                organization=form.cleaned_data["organization"],
                title=form.cleaned_data["title"],
                category=form.cleaned_data["category"],
                description=form.cleaned_data["description"],
                confidential=form.cleaned_data["confidential"],
                keywords=form.keyword_list(),
                language=form.request_language(),
                files=form.cleaned_data["attachments"],
                form_token=form.cleaned_data["form_token"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Your request is filed. Cluster staff will triage it."))
            return redirect("innovation:request_detail", pk=tech.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "innovation/request_form.html", {"form": form}, status=status)


def _detail_context(request: HttpRequest, tech: Any, **forms: Any) -> dict[str, Any]:
    role = selectors.request_role(request.user, tech)
    context: dict[str, Any] = {
        "tech": tech,
        "role": role,
        "thread": selectors.thread_for_user(request.user, tech),
        "identity_visible": selectors.identity_visible(request.user, tech),
        "attachments": tech.attachments.all(),
        "response_days": selectors.first_response_days(tech),
        "message_form": forms.get("message_form") or MessageForm(),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
    }
    if role == "requester" and tech.status in {Status.ANSWERED, Status.CLOSED}:
        context["rating_form"] = forms.get("rating_form") or RatingForm(
            initial={"rating": tech.rating, "comment": tech.rating_comment}
        )
    if role == "staff" and tech.status != Status.CLOSED:
        # A closed request is neither triaged, assigned nor shared: no suggestions either.
        suggestions = services.request_expert_suggestions(tech)
        context["suggestions"] = suggestions
        context["triage_form"] = TriageForm(initial={"category": tech.category})
        experts = selectors.experts_with_load()
        context["assign_form"] = forms.get("assign_form") or AssignForm(
            experts=experts,
            initial={"expert": suggestions[0][0].pk if suggestions else None},
        )
    return context


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    tech = selectors.get_request_for_user(request.user, pk)
    return render(request, "innovation/request_detail.html", _detail_context(request, tech))


@login_required
@require_POST
def request_message(request: HttpRequest, pk: int) -> HttpResponse:
    tech = selectors.get_request_for_user(request.user, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.message_post(
                request=tech,
                user=signed_in_user(request),
                body=form.cleaned_data["body"],
                form_token=form.cleaned_data["form_token"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect("innovation:request_detail", pk=tech.pk)
    context = _detail_context(request, tech, message_form=form)
    return render(request, "innovation/request_detail.html", context, status=400)


@login_required
@require_POST
def request_files(request: HttpRequest, pk: int) -> HttpResponse:
    tech = selectors.get_request_for_user(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            for upload in form.cleaned_data["attachments"]:
                services.attachment_add(request=tech, user=signed_in_user(request), upload=upload)
        except ValidationError as exc:
            # A closed request: its page shows no upload form to hold the error.
            messages.error(request, " ".join(exc.messages))
        return redirect("innovation:request_detail", pk=tech.pk)
    context = _detail_context(request, tech, attachment_form=form)
    return render(request, "innovation/request_detail.html", context, status=400)


@login_required
def request_attachment(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    attachment = selectors.get_attachment_for_user(request.user, pk, file_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return uploads.private_file(handle, filename=attachment.original_name)


@login_required
@require_POST
def request_triage(request: HttpRequest, pk: int) -> HttpResponse:
    tech = selectors.get_request_for_user(request.user, pk)
    selectors.require_staff(request.user)
    form = TriageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a category."))
    else:
        try:
            services.request_triage(
                request=tech, user=signed_in_user(request), category=form.cleaned_data["category"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("innovation:request_detail", pk=tech.pk)


@login_required
@require_POST
def request_identity(request: HttpRequest, pk: int) -> HttpResponse:
    tech = selectors.get_request_for_user(request.user, pk)
    try:
        services.request_identity_share(request=tech, user=signed_in_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The requester's identity is shared with the expert."))
    return redirect("innovation:request_detail", pk=tech.pk)


@login_required
@require_POST
def request_assign(request: HttpRequest, pk: int) -> HttpResponse:
    tech = selectors.get_request_for_user(request.user, pk)
    selectors.require_staff(request.user)
    form = AssignForm(request.POST, experts=selectors.experts_with_load())
    if not form.is_valid():
        context = _detail_context(request, tech, assign_form=form)
        return render(request, "innovation/request_detail.html", context, status=400)
    try:
        services.request_assign(
            request=tech, user=signed_in_user(request), expert=form.cleaned_data["expert"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The request is assigned."))
    return redirect("innovation:request_detail", pk=tech.pk)


@login_required
@require_POST
def request_status(request: HttpRequest, pk: int) -> HttpResponse:
    tech = selectors.get_request_for_user(request.user, pk)
    actions = {
        "start": services.request_start,
        "answer": services.request_answer,
        "close": services.request_close,
    }
    action = actions.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, _("Unknown action."))
    else:
        try:
            action(request=tech, user=signed_in_user(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("innovation:request_detail", pk=tech.pk)


@login_required
@require_POST
def request_rate(request: HttpRequest, pk: int) -> HttpResponse:
    tech = selectors.get_request_for_user(request.user, pk)
    selectors.require_requester(request.user, tech)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.request_rate(
                request=tech,
                user=signed_in_user(request),
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Thank you for your rating."))
            return redirect("innovation:request_detail", pk=tech.pk)
    context = _detail_context(request, tech, rating_form=form)
    return render(request, "innovation/request_detail.html", context, status=400)


# --- Staff --------------------------------------------------------------------------------
@login_required
def expert_list(request: HttpRequest) -> HttpResponse:
    selectors.require_staff(request.user)
    return render(
        request, "innovation/expert_list.html", {"experts": selectors.experts_with_load()}
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    selectors.require_staff(request.user)
    lang = active_lang()
    data = selectors.dashboard()
    cat_chart = charts.bar_svg(
        [label for _c, label, _n in data.by_category],
        [float(n) for _c, _l, n in data.by_category],
        title=_("Requests by category"),
        chart_id="requests-by-category",
        width=charts.PHONE_WIDTH,
        lang=lang,
    )
    month_chart = (
        charts.line_svg(
            [m for m, _n in data.by_month],
            [charts.Series(name=_("Requests"), values=tuple(float(n) for _m, n in data.by_month))],
            title=_("Requests by month"),
            chart_id="requests-by-month",
            width=charts.PHONE_WIDTH,
            lang=lang,
        )
        if data.by_month
        else None
    )
    response_chart = (
        charts.line_svg(
            [m for m, _d in data.response_by_month],
            [
                charts.Series(
                    name=_("Median business days to first response"),
                    values=tuple(d for _m, d in data.response_by_month),
                )
            ],
            title=_("Median business days to first response, by month of filing"),
            chart_id="response-times",
            width=charts.PHONE_WIDTH,
            lang=lang,
        )
        if data.by_month
        else None
    )
    rating_chart = charts.bar_svg(
        [str(stars) for stars, _n in data.ratings],
        [float(n) for _s, n in data.ratings],
        title=_("Satisfaction ratings (1 to 5)"),
        chart_id="ratings",
        width=charts.PHONE_WIDTH,
        lang=lang,
    )
    return render(
        request,
        "innovation/dashboard.html",
        {
            "data": data,
            "category_chart": _svg(cat_chart),
            "month_chart": _svg(month_chart) if month_chart else None,
            "response_chart": _svg(response_chart) if response_chart else None,
            "rating_chart": _svg(rating_chart),
            # The status codes are English identifiers: show their translated labels.
            "status_rows": [(Status(code).label, n) for code, n in data.by_status],
        },
    )


@login_required
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    selectors.require_staff(request.user)
    rows = selectors.statistics_rows()
    name = documents.export_filename(
        fr="aluhub-demandes-techniques",
        en="aluhub-technical-requests",
        parts=[f"{timezone.localdate():%Y%m%d}"],
        ext="csv",
    )
    columns = [
        "month",
        "category",
        "status",
        "size_class",
        "region",
        "first_response_business_days",
        "rating",
    ]
    return documents.csv_response(
        columns, ([row.get(c) for c in columns] for row in rows), filename=name
    )
