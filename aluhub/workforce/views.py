"""Pages of the workforce app: trades, training directory, internships and jobs, Table de
concertation tracker (CeiAl's pages are in views_ceial.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from aluhub.accounts.auth import signed_in_user
from aluhub.common import subscription_views
from aluhub.common.access import staff_required
from aluhub.common.forms import apply_validation_error
from aluhub.common.mail import site_url
from aluhub.common.pagination import CappedPaginator
from aluhub.common.regions import region_choices
from aluhub.engines import careers

from . import jsonld, selectors, services
from .alerts import JOBS_CHANNEL
from .forms import (
    JobAlertForm,
    JobPostingForm,
    QuizForm,
    RecommendationForm,
    ReportForm,
    trade_title,
)
from .models import CHAIN, JobKind, Recommendation, Stage, StudyLevel, TrainingProgram

PAGE_SIZE = 20
JOB_COUNT_CAP = 1000
# Geometry of the value-chain diagram (SVG user units).
BOX_W, BOX_H, GAP = 128, 56, 22


def chain_diagram(by_stage: dict[str, list[Any]]) -> dict[str, Any]:
    """Boxes of the chain diagram: one per stage, left to right, with its trade count."""
    boxes = []
    for i, stage in enumerate(CHAIN):
        x = i * (BOX_W + GAP)
        boxes.append(
            {
                "stage": stage.value,
                "label": stage.label,
                "count": len(by_stage.get(stage.value, [])),
                "x": x,
                "text_x": x + BOX_W // 2,
                "arrow_x1": x + BOX_W,
                "arrow_x2": x + BOX_W + GAP - 4,
                "last": i == len(CHAIN) - 1,
            }
        )
    return {
        "boxes": boxes,
        "width": len(CHAIN) * (BOX_W + GAP) - GAP,
        "height": BOX_H,
        "box_w": BOX_W,
        "box_h": BOX_H,
        "mid_y": BOX_H // 2,
    }


# --- Trades ---------------------------------------------------------------------------
def trade_index(request: HttpRequest) -> HttpResponse:
    filters = selectors.TradeFilters.from_params(request.GET)
    by_stage = selectors.trades_by_stage()
    trades = selectors.trades_with_programs(filters)
    cross = [s for s in Stage if s not in CHAIN]
    return render(
        request,
        "workforce/trade_index.html",
        {
            "filters": filters,
            "trades": trades,
            "diagram": chain_diagram(by_stage),
            "chain": [(s, by_stage[s.value]) for s in CHAIN],
            "cross_stages": [(s, by_stage[s.value]) for s in cross],
            "stage_choices": Stage.choices,
            "level_choices": StudyLevel.choices,
            "stage_label": Stage(filters.stage).label if filters.stage else "",
            "level_label": StudyLevel(filters.level).label if filters.level else "",
        },
    )


def trade_detail(request: HttpRequest, slug: str) -> HttpResponse:
    trade = selectors.get_trade(slug)
    indicators = list(trade.indicators.all())
    regions: dict[str, list[Any]] = {}
    for ind in indicators:
        regions.setdefault(ind.region, []).append(ind)
    return render(
        request,
        "workforce/trade_detail.html",
        {
            "trade": trade,
            "stages": [Stage(s) for s in trade.stages],
            "programs": list(trade.programs.all()),
            "indicator_regions": sorted(regions.items()),
            "jobs": selectors.trade_open_jobs(trade),
            "resources": selectors.related_resources(trade, request.user),
            "french_title_missing": not trade.title_fr,
        },
    )


# --- Career discovery -----------------------------------------------------------------
def quiz(request: HttpRequest) -> HttpResponse:
    """The questionnaire and, once answered, its suggestions. The answers travel in the
    query string only: the result page's URL is the shareable result and nothing is stored."""
    lang = get_language() or "fr"
    # Sent with no interest ticked, the address still holds the other answers: the form is
    # bound then, so it says an interest is needed instead of coming back blank.
    answered = any(name in request.GET for name in QuizForm.base_fields)
    form = QuizForm(
        request.GET if answered else None,
        lang=lang,
        initial={"environment": careers.ANY, "level": careers.ANY},
    )
    suggestions: list[careers.Suggestion] = []
    if answered and form.is_valid():
        answers = careers.parse_answers(form.cleaned_data)
        suggestions = careers.suggest(answers, selectors.trade_profiles(lang), lang=lang)
    slugs = {s.slug for s in suggestions}
    trades = {
        t.slug: t for t in selectors.trade_search(selectors.TradeFilters()) if t.slug in slugs
    }
    return render(
        request,
        "workforce/quiz.html",
        {
            "form": form,
            "answered": answered and form.is_valid(),
            "results": [(s, trades[s.slug]) for s in suggestions],
            # To keep or send to someone: SITE_URL, whatever Host the request named.
            "share_url": site_url(request.get_full_path()) if answered else "",
        },
    )


# --- Training directory ---------------------------------------------------------------
def program_index(request: HttpRequest) -> HttpResponse:
    filters = selectors.ProgramFilters.from_params(request.GET)
    return render(
        request,
        "workforce/program_index.html",
        {
            "filters": filters,
            "programs": selectors.program_search(filters),
            "level_choices": TrainingProgram.Level.choices,
            "region_choices": region_choices(),
            # A title with no official French says so in the option's words (trade_title).
            "trade_choices": [
                (t.slug, trade_title(t)) for t in selectors.trade_search(selectors.TradeFilters())
            ],
        },
    )


def program_detail(request: HttpRequest, slug: str) -> HttpResponse:
    program = selectors.get_program(slug)
    return render(
        request,
        "workforce/program_detail.html",
        {"program": program, "institutions": selectors.institution_links(program)},
    )


# --- Internships and jobs -------------------------------------------------------------
def job_index(request: HttpRequest) -> HttpResponse:
    filters = selectors.JobFilters.from_params(request.GET)
    # Counted up to JOB_COUNT_CAP: a frequent word matches tens of thousands of postings.
    page = CappedPaginator(selectors.job_search(filters), PAGE_SIZE, cap=JOB_COUNT_CAP).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "workforce/job_index.html",
        {
            "filters": filters,
            "page": page,
            "kind_choices": JobKind.choices,
            "level_choices": StudyLevel.choices,
            "region_choices": region_choices(),
            # A title with no official French says so in the option's words (trade_title).
            "trade_choices": [
                (t.slug, trade_title(t)) for t in selectors.trade_search(selectors.TradeFilters())
            ],
            "can_post": selectors.can_post_jobs(request.user),
            "alert_url": _alert_url(filters),
        },
    )


def _alert_url(filters: selectors.JobFilters) -> str:
    from urllib.parse import urlencode

    params = filters.as_params()
    url = reverse("workforce:alert_new")
    return f"{url}?{urlencode(params)}" if params else url


def _alert_filters(request: HttpRequest) -> dict[str, str]:
    """The job board's filters in the address: the search the new alert starts from."""
    return selectors.JobFilters.from_params(request.GET).as_params()


#: Save a search of the postings as an e-mail alert (no account needed).
alert_new = subscription_views.subscribe_view(
    channel=JOBS_CHANNEL,
    form_class=JobAlertForm,
    request_subscription=services.job_alert_subscribe,
    template="workforce/alert_form.html",
    initial=_alert_filters,
)


def _job_page(
    request: HttpRequest, job: Any, *, report_form: ReportForm, status: int = 200
) -> HttpResponse:
    """The posting's page; a refused report comes back on the same page with its error."""
    is_open = selectors.job_is_open(job)
    context: dict[str, Any] = {
        "job": job,
        "is_open": is_open,
        "can_change": selectors.job_can_change(request.user, job),
        "report_form": report_form,
        "tax_credit": selectors.tax_credit_parameters() if job.kind == JobKind.INTERNSHIP else [],
    }
    # Search engines list a JobPosting as a real opening: a demo posting carries none.
    if is_open and not job.is_demo:
        page_url = site_url(reverse("workforce:job", args=[job.pk]))  # read by search engines
        context["jsonld"] = jsonld.job_posting(job, url=page_url, lang=get_language() or "fr")
    return render(request, "workforce/job_detail.html", context, status=status)


def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.get_job_for_user(request.user, pk)
    return _job_page(request, job, report_form=ReportForm())


@login_required
@require_http_methods(["GET", "POST"])
def job_new(request: HttpRequest) -> HttpResponse:
    organizations = selectors.get_posting_organizations_for_user(request.user)
    form = JobPostingForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = services.job_post(
                actor=signed_in_user(request),
                organization=data["organization"],
                title=data["title"],
                description=data["description"],
                trade=data["noc"],
                kind=data["kind"],
                region=data["region"],
                city=data["city"],
                level=data["level"],
                how_to_apply=data["how_to_apply"],
                closing_date=data["closing_date"],
                start_date=data["start_date"],
                duration=data["duration"],
                pay_min=data["pay_min"],
                pay_max=data["pay_max"],
                pay_unit=data["pay_unit"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Your posting is published."))
            return redirect("workforce:job", pk=job.pk)
    return render(request, "workforce/job_form.html", {"form": form})


@login_required
def job_mine(request: HttpRequest) -> HttpResponse:
    selectors.get_posting_organizations_for_user(request.user)
    return render(
        request,
        "workforce/job_mine.html",
        # "today" tells a posting past its closing date (closed, off the board).
        {"jobs": selectors.jobs_for_organizations(request.user), "today": timezone.localdate()},
    )


@login_required
@require_POST
def job_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.get_job_for_user(request.user, pk, for_change=True)
    services.job_withdraw(actor=signed_in_user(request), job=job)
    messages.success(request, _("The posting is withdrawn."))
    return redirect("workforce:job_mine")


@require_POST
def job_report(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.get_job_for_user(request.user, pk)
    form = ReportForm(request.POST)
    if form.is_valid():
        services.job_report(
            job=job,
            reason=form.cleaned_data["reason"],
            reporter=signed_in_user(request) if request.user.is_authenticated else None,
        )
        messages.success(request, _("Thank you: staff will look at this posting."))
        return redirect("workforce:job", pk=job.pk)
    return _job_page(request, job, report_form=form, status=400)


@staff_required
def staff_reports(request: HttpRequest) -> HttpResponse:
    return render(request, "workforce/staff_reports.html", {"reports": selectors.open_reports()})


@login_required
@require_POST
def staff_report_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report_for_user(request.user, pk)
    services.job_report_resolve(
        actor=signed_in_user(request), report=report, hide=request.POST.get("hide") == "1"
    )
    return redirect(reverse("workforce:staff_reports"))


# --- Table de concertation tracker ----------------------------------------------------
def recommendation_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "workforce/recommendation_index.html",
        {
            "recommendations": selectors.recommendations_for_user(request.user),
            "is_staff": selectors.is_staff(request.user),
        },
    )


def _recommendation_form(request: HttpRequest, rec: Recommendation | None) -> HttpResponse:
    initial: dict[str, Any] = {"status_on": timezone.localdate()}
    if rec is not None:
        initial = {
            "number": rec.number,
            "title_fr": rec.title_fr,
            "title_en": rec.title_en,
            "detail_fr": rec.detail_fr,
            "detail_en": rec.detail_en,
            "source_title": rec.source_title,
            "source_url": rec.source_url,
            "status": rec.status,
            "status_on": rec.status_on,
            "status_note": rec.status_note,
            "initiatives": list(rec.initiatives.all()),
        }
    form = RecommendationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_save(
                actor=signed_in_user(request), recommendation=rec, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The recommendation is saved."))
            return redirect("workforce:recommendations")
    return render(request, "workforce/recommendation_form.html", {"form": form, "rec": rec})


@staff_required
@require_http_methods(["GET", "POST"])
def recommendation_new(request: HttpRequest) -> HttpResponse:
    return _recommendation_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _recommendation_form(request, selectors.get_recommendation_for_user(request.user, pk))
