"""Financing-plan and application-tracking pages, with the staff dashboard. Views
validate, call one selector or service, and render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aluhub.accounts.auth import signed_in_user
from aluhub.accounts.models import Organization
from aluhub.accounts.selectors import primary_organization
from aluhub.common import documents
from aluhub.common.access import staff_required
from aluhub.common.forms import apply_validation_error
from aluhub.common.lang import active_lang
from aluhub.common.regions import region_name
from aluhub.engines import text
from aluhub.engines.charts import PHONE_WIDTH, bar_svg
from aluhub.engines.errors import EngineInputError
from aluhub.funding.engine_bridge import engine_catalogue
from aluhub.funding.models import Program
from aluhub.funding.taxonomy import Phase, label
from aluhub.funding_plans.models import Application, Stage

from . import exports, presenters, selectors, services
from .forms import ApplicationForm, PlanActionForm, PlanForm, units_label

View = Callable[..., HttpResponse]


# =================================================================== financing plans


def _plan_organization(request: HttpRequest) -> Organization | None:
    return primary_organization(request.user)


@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = selectors.plans_for_user(request.user)
    return render(
        request,
        "funding_plans/plan_list.html",
        {"plans": plans, "organization": _plan_organization(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    organization = _plan_organization(request)
    form = PlanForm(request.POST or None, per_unit=selectors.per_unit_programs(active_lang()))
    usable = organization is not None and organization.employees is not None
    if request.method == "POST" and organization is not None and usable and form.is_valid():
        data = form.cleaned_data
        eligible = data.get("eligible_costs_cad")
        cap = data.get("max_public_aid_pct")
        inputs = services.plan_inputs(
            organization=organization,
            goals=list(data["goals"]),
            cost_cad=float(data["cost_cad"]),
            eligible_costs_cad=float(eligible) if eligible is not None else None,
            max_public_aid_pct=float(cap) if cap is not None else None,
            timing=data.get("timing") or "",
            units=form.units(),
        )
        try:
            plan_obj = services.financing_plan_create(
                organization=organization,
                created_by=signed_in_user(request),
                title=data["title"],
                inputs=inputs,
                lang=active_lang(),
                form_token=data.get("form_token", ""),
            )
        except EngineInputError as exc:
            form.add_error(None, presenters.error_line(exc))
        else:
            return redirect("funding_plans:plan_detail", pk=plan_obj.pk)
    return render(
        request,
        "funding_plans/plan_form.html",
        {"form": form, "organization": organization, "usable": usable},
    )


def _units_text(basis: str, count: int) -> str:
    """ "2 interns", "1 hire", "3 years": the units a per-unit program is counted for."""
    if basis == "per_hire":
        return ngettext("%(count)s hire", "%(count)s hires", count) % {"count": count}
    if basis == "per_year":
        return ngettext("%(count)s year", "%(count)s years", count) % {"count": count}
    return ngettext("%(count)s intern", "%(count)s interns", count) % {"count": count}


def _amount_text(line: dict[str, Any], per_unit: dict[str, selectors.PerUnitProgram]) -> str:
    """The line's amount; a program counted per unit shows its sum ("2 interns × 7,500 $
    = 15,000 $"), a pinned one the plan cannot quantify says so."""
    lang = active_lang()
    if line.get("amount_to_confirm"):
        return exports.amount_to_confirm()
    amount = text.format_money(line.get("amount_cad") or 0, lang)
    program = per_unit.get(line["program"])
    units = line.get("units")
    if program is None or not units:
        return amount
    counted = _units_text(program.basis, units)
    if line.get("bound") == "per_unit" and program.amount_per_unit_cad is not None:
        each = text.format_money(program.amount_per_unit_cad, lang)
        return f"{counted} × {each} = {amount}"
    return f"{amount} ({counted})"


def _plan_context(plan_obj: Any) -> dict[str, Any]:
    # The sentences follow the reader's language; the stored amounts stay the record.
    shown = services.plan_result_for(plan_obj, active_lang())
    result = shown.result
    inputs = plan_obj.inputs
    in_plan = {line["program"] for line in result.get("lines", [])}
    catalogue = sorted(engine_catalogue(), key=lambda p: p.name(active_lang()).casefold())
    names = {p.slug: p.name(active_lang()) for p in catalogue}
    warnings = presenters.plan_warnings(result, names)
    per_unit = {p.slug: p for p in selectors.per_unit_programs(active_lang())}
    counts = inputs.get("units") or {}
    return {
        "plan": plan_obj,
        "result": result,
        "catalogue_changed": shown.catalogue_changed,
        "lines": [
            {
                **line,
                "name": names.get(line["program"], line.get("name", "")),
                "instrument_label": exports.instrument_label(line["instrument"]),
                "bound_label": exports.bound_label(line["bound"]),
                "amount_text": _amount_text(line, per_unit),
                "why": presenters.line_why(line, names),
            }
            for line in result.get("lines", [])
        ],
        # Every per-unit program not excluded takes its number of units here.
        "unit_programs": [
            {
                "slug": p.slug,
                "name": p.name,
                "label": units_label(p),
                "units": counts.get(p.slug),
            }
            for p in per_unit.values()
            if p.slug not in inputs.get("exclude", [])
        ],
        "totals": exports.plan_totals(plan_obj, result),
        "warnings": warnings,
        "left_out": presenters.left_out(result, names),
        "pinned": [(s, names.get(s, s)) for s in inputs.get("include", [])],
        "excluded": [(s, names.get(s, s)) for s in inputs.get("exclude", [])],
        "candidates": [
            (p.slug, p.name(active_lang()))
            for p in catalogue
            if p.slug not in in_plan
            and p.slug not in inputs.get("exclude", [])
            and p.slug not in inputs.get("include", [])
        ],
        "goals": [label(Phase, g) for g in inputs.get("project", {}).get("goals", [])],
        "project": inputs.get("project", {}),
    }


@login_required
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan_obj = selectors.get_plan_for_user(request.user, pk)
    return render(request, "funding_plans/plan_detail.html", _plan_context(plan_obj))


@login_required
@require_POST
def plan_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    plan_obj = selectors.get_plan_for_user(request.user, pk)
    form = PlanActionForm(request.POST)
    if not form.is_valid():
        context = _plan_context(plan_obj)
        context["action_errors"] = [
            presenters.labelled(
                str(form.fields[name].label or "") if name in form.fields else "", str(error)
            )
            for name, errors in form.errors.items()
            for error in errors
        ]
        return render(request, "funding_plans/plan_detail.html", context, status=400)
    if plan_obj.organization.employees is None:
        # As on the new-plan page: the engine's own answer ("organization.employees: is
        # required") is neither in the page's language nor says what to do.
        context = _plan_context(plan_obj)
        context["profile_incomplete"] = True
        return render(request, "funding_plans/plan_detail.html", context, status=400)
    action, slug = form.cleaned_data["action"], form.cleaned_data["program"]
    try:
        services.financing_plan_rerun(
            plan_obj=plan_obj,
            lang=active_lang(),
            pin=slug if action == "pin" else "",
            exclude=slug if action == "exclude" else "",
            release=slug if action == "release" else "",
            units={slug: form.cleaned_data["units"]} if action == "units" else None,
        )
    except EngineInputError as exc:
        context = _plan_context(plan_obj)
        context["action_errors"] = [presenters.error_line(exc)]
        return render(request, "funding_plans/plan_detail.html", context, status=400)
    return redirect("funding_plans:plan_detail", pk=plan_obj.pk)


def _confirm_delete(
    request: HttpRequest, *, question: str, action: str, cancel: str, button: str
) -> HttpResponse:
    """The page that asks before deleting (GET, or a POST not yet confirmed: without
    JavaScript the delete button lands here; with it, aluhub.js asked already)."""
    return render(
        request,
        "funding_plans/delete_confirm.html",
        {"question": question, "action": action, "cancel": cancel, "button": button},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    plan_obj = selectors.get_plan_for_user(request.user, pk)
    if request.POST.get("confirmed") != "1":
        return _confirm_delete(
            request,
            question=_("Delete the plan “%(title)s”?") % {"title": plan_obj.title},
            action=reverse("funding_plans:plan_delete", args=[plan_obj.pk]),
            cancel=reverse("funding_plans:plan_detail", args=[plan_obj.pk]),
            button=_("Delete this plan"),
        )
    services.financing_plan_delete(plan_obj=plan_obj)
    messages.success(request, _("The plan is deleted."))
    return redirect("funding_plans:plan_list")


@login_required
@require_GET
def plan_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    plan_obj = selectors.get_plan_for_user(request.user, pk)
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    shown = services.plan_result_for(plan_obj, active_lang())
    if fmt == "pdf":
        body = exports.plan_pdf(plan_obj, shown.result, shown.catalogue_changed)
        content_type = "application/pdf"
    else:
        body = exports.plan_xlsx(plan_obj, shown.result, shown.catalogue_changed)
        content_type = documents.XLSX_CONTENT_TYPE
    name = documents.export_filename(
        fr="montage-financier", en="financing-plan", parts=[plan_obj.pk], ext=fmt
    )
    return documents.attachment(HttpResponse(body, content_type=content_type), name)


# =================================================================== application tracking


@login_required
@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
    applications = selectors.applications_for_user(request.user)
    today = timezone.localdate()
    rows = [
        {"application": a, "next_deadline": services.application_next_deadline(a, today)}
        for a in applications
    ]
    return render(
        request,
        "funding_plans/application_list.html",
        {"rows": rows, "organization": primary_organization(request.user)},
    )


def _application_saved(
    request: HttpRequest,
    form: ApplicationForm,
    *,
    organization: Organization,
    program: Program,
    application: Application | None = None,
) -> HttpResponse | None:
    """Save a valid application form (new when ``application`` is None): the redirect to the
    list, or None with the service's refusal put on the form."""
    try:
        services.application_save(
            organization=organization,
            program=program,
            user=signed_in_user(request),
            application=application,
            **form.values(),
        )
    except ValidationError as exc:
        apply_validation_error(form, exc)
        return None
    messages.success(request, _("The application is saved."))
    return redirect("funding_plans:application_list")


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest) -> HttpResponse:
    organization = primary_organization(request.user)
    initial = {"program": request.GET.get("program", "")}
    form = ApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and organization is not None and form.is_valid():
        saved = _application_saved(
            request, form, organization=organization, program=form.cleaned_data["program"]
        )
        if saved is not None:
            return saved
    return render(
        request,
        "funding_plans/application_form.html",
        {"form": form, "organization": organization, "application": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.get_application_for_user(request.user, pk)
    form = ApplicationForm(request.POST or None, instance=application, editing=True)
    if request.method == "POST" and form.is_valid():
        saved = _application_saved(
            request,
            form,
            organization=application.organization,
            program=application.program,
            application=application,
        )
        if saved is not None:
            return saved
    return render(
        request,
        "funding_plans/application_form.html",
        {"form": form, "organization": application.organization, "application": application},
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_delete(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.get_application_for_user(request.user, pk)
    if request.POST.get("confirmed") != "1":
        return _confirm_delete(
            request,
            question=_("Stop tracking “%(program)s”?") % {"program": application.program.name},
            action=reverse("funding_plans:application_delete", args=[application.pk]),
            cancel=reverse("funding_plans:application_edit", args=[application.pk]),
            button=_("Stop tracking this program"),
        )
    services.application_delete(application=application)
    messages.success(request, _("The application is deleted."))
    return redirect("funding_plans:application_list")


def _stage_label(code: str) -> str:
    return label(Stage, code)


@staff_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    board = selectors.funding_dashboard()
    lang = active_lang()
    programs = selectors.program_names([r[0] for r in board.by_program])

    def listed(labels: list[str], values: list[float]) -> str:
        """The chart's description for a screen reader, a list in running text:
        "Intéressée : 2 ; déposée : 1" / "Interested: 2; submitted: 1"."""
        return text.format_list(
            (
                f"{name}{text.colon(lang)} {text.format_number(value, lang)}"
                for name, value in zip(labels, values, strict=True)
            ),
            lang,
        )

    def chart(rows: list[Any], names: Callable[[str], str], title: str, chart_id: str) -> str:
        # Amounts grouped in the page's language, « 80 000 $ » / "$80,000", in the bars'
        # labels and in the description the chart writes ("Programme : 80 000 $ ; …").
        return bar_svg(
            [names(r[0]) for r in rows],
            [float(r[1]) for r in rows],
            money=True,
            title=title,
            chart_id=chart_id,
            lang=lang,
            width=PHONE_WIDTH,  # its labels stay 12 px on a phone (figure.chart-fit)
        )

    stages = [_stage_label(s) for s, _n in board.funnel]
    # Within the list, a stage after the first is a common noun: "… ; déposée : 1".
    stages = stages[:1] + [name[:1].lower() + name[1:] for name in stages[1:]]
    counts = [float(n) for _s, n in board.funnel]

    def phase_name(code: str) -> str:
        return label(Phase, code) if code != "unknown" else pgettext("feminine", "unknown")

    def region_label(code: str) -> str:
        return f"{code} – {region_name(code)}" if code else pgettext("feminine", "unknown")

    context = {
        "board": board,
        "program_names": programs,
        "program_rows": [(programs.get(r[0], r[0]), r[1], r[2]) for r in board.by_program],
        "phase_rows": [(phase_name(r[0]), r[1], r[2]) for r in board.by_phase],
        "region_rows": [(region_label(r[0]), r[1], r[2]) for r in board.by_region],
        "funnel_rows": [(_stage_label(s), n) for s, n in board.funnel],
        "program_chart": chart(
            board.by_program,
            lambda s: programs.get(s, s),
            _("Funds approved by program (CAD)"),
            "by-program",
        ),
        "phase_chart": chart(
            board.by_phase, phase_name, _("Funds approved by phase (CAD)"), "by-phase"
        ),
        "region_chart": chart(
            board.by_region, region_label, _("Funds approved by region (CAD)"), "by-region"
        ),
        "funnel_chart": bar_svg(
            [_stage_label(s) for s, _n in board.funnel],
            counts,
            desc=listed(stages, counts),
            title=_("Applications reaching each stage"),
            chart_id="funnel",
            lang=lang,
            width=PHONE_WIDTH,
        ),
    }
    return render(request, "funding_plans/dashboard.html", context)


@staff_required
@require_GET
def dashboard_export(request: HttpRequest) -> HttpResponse:
    body = exports.applications_csv(selectors.applications_for_user(request.user))
    name = documents.export_filename(
        fr="demandes-de-financement",
        en="funding-applications",
        parts=[timezone.localdate().isoformat()],
        ext="csv",
    )
    return documents.attachment(HttpResponse(body, content_type=documents.CSV_CONTENT_TYPE), name)
