"""Financing pages: alerts (subscribe, confirm, unsubscribe, feed, calendar), financing
plans, application tracking with the staff dashboard, and catalogue curation
(proposals, staleness report, CSV import). Views validate, call one selector or service,
and render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aluhub.accounts.models import Organization, User
from aluhub.accounts.selectors import is_staff, primary_organization
from aluhub.common.regions import region_name
from aluhub.engines.charts import bar_svg
from aluhub.engines.errors import EngineInputError
from aluhub.funding import selectors as funding_selectors
from aluhub.funding.engine_source import get_engine_programs
from aluhub.funding.models import Program
from aluhub.funding.taxonomy import Phase, label

from . import exports, ics, selectors, services
from .forms import (
    AlertForm,
    ApplicationForm,
    CompanyAlertForm,
    ImportMappingForm,
    ImportUploadForm,
    PlanActionForm,
    PlanForm,
    ProposalForm,
    ReviewForm,
    field_label,
    field_value,
)
from .models import AlertKind, ImportRowStatus, ProposalStatus, Stage

View = Callable[..., HttpResponse]


def _lang() -> services.Lang:
    return "en" if (get_language() or "fr").startswith("en") else "fr"


def staff_required(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _apply_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _search_query(params: QueryDict) -> str:
    """The finder's query string without paging."""
    q = params.copy()
    for key in ("page", "csrfmiddlewaretoken"):
        q.pop(key, None)
    return q.urlencode()


# =================================================================== alerts


@require_GET
def alert_index(request: HttpRequest) -> HttpResponse:
    alerts = list(selectors.alerts_for_user(request.user))
    rows = []
    for alert in alerts:
        rows.append(
            {
                "alert": alert,
                "lines": describe_alert(alert),
                "finder": f"{reverse('funding:finder')}?{alert.query}"
                if alert.kind == AlertKind.SEARCH
                else "",
            }
        )
    return render(request, "financing/alert_index.html", {"rows": rows})


def describe_alert(alert: Any) -> list[str]:
    if alert.kind == AlertKind.COMPANY:
        goals = services.goals_of(alert)
        return [
            _("Programs matching %(name)s") % {"name": alert.organization.name},
            _("Goals: %(goals)s") % {"goals": ", ".join(label(Phase, g) for g in goals)},
        ]
    return services.describe_search(alert.query)


@require_http_methods(["GET", "POST"])
def alert_subscribe(request: HttpRequest) -> HttpResponse:
    user = request.user if request.user.is_authenticated else None
    if request.method == "POST":
        form = AlertForm(request.POST)
    else:
        form = AlertForm(
            initial={
                "query": _search_query(request.GET),
                "language": _lang(),
                "email": getattr(user, "email", ""),
            }
        )
    query = _search_query(QueryDict(form.data.get("query", "")) if form.is_bound else request.GET)
    if request.method == "POST" and form.is_valid():
        try:
            alert = services.alert_subscribe(
                email=form.cleaned_data["email"],
                kind=AlertKind.SEARCH,
                query=query,
                frequency=form.cleaned_data["frequency"],
                language=form.cleaned_data["language"],
                user=user,
                name=form.cleaned_data["name"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return render(request, "financing/alert_subscribed.html", {"alert": alert})
    return render(
        request,
        "financing/alert_subscribe.html",
        {
            "form": form,
            "lines": services.describe_search(query),
            "query": query,
            "count": len(
                funding_selectors.search_programs(selectors.filters_from_query(query)).ids
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def company_alert(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    organization = primary_organization(user)
    form = CompanyAlertForm(request.POST or None)
    usable = organization is not None and organization.employees is not None
    if request.method == "POST" and usable and form.is_valid():
        try:
            services.alert_subscribe(
                email=user.email,
                kind=AlertKind.COMPANY,
                query=urlencode([("goal", g) for g in form.cleaned_data["goals"]]),
                frequency=form.cleaned_data["frequency"],
                language=user.preferred_language,
                user=user,
                organization=organization,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Your alert is saved."))
            return redirect("financing:alert_index")
    return render(
        request,
        "financing/company_alert.html",
        {"form": form, "organization": organization, "usable": usable},
    )


@require_http_methods(["GET", "POST"])
def alert_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners follow links); POST confirms."""
    if request.method == "POST":
        alert = services.alert_confirm(token=token)
        if alert is None:
            return render(request, "financing/bad_link.html", status=404)
        return render(request, "financing/alert_confirmed.html", {"alert": alert})
    return render(request, "financing/alert_confirm.html", {"token": token})


@csrf_exempt  # RFC 8058 one-click unsubscribe: the mail client POSTs without our cookie.
@require_http_methods(["GET", "POST"])
def alert_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        alert = services.alert_unsubscribe(token=token)
        if alert is None:
            return render(request, "financing/bad_link.html", status=404)
        return render(request, "financing/alert_unsubscribed.html")
    return render(request, "financing/alert_unsubscribe.html", {"token": token})


@login_required
@require_POST
def alert_delete(request: HttpRequest, pk: int) -> HttpResponse:
    alert = selectors.get_alert_for_user(request.user, pk)
    services.alert_unsubscribe(token=alert.token)
    messages.success(request, _("The alert is stopped."))
    return redirect("financing:alert_index")


class SearchFeed(Feed):
    """Atom feed of the programs of a finder search, most recently changed first."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest) -> str:
        return _search_query(request.GET)

    def title(self, obj: str) -> str:
        return _("AluHub funding programs: %(search)s") % {
            "search": "; ".join(services.describe_search(obj))
        }

    def link(self, obj: str) -> str:
        return f"{reverse('funding:finder')}?{obj}"

    def subtitle(self, obj: str) -> str:
        return _("Funding programs for Québec's aluminium businesses.")

    def items(self, obj: str) -> list[Program]:
        programs = selectors.programs_for_query(obj)
        programs.sort(key=lambda p: p.updated_at, reverse=True)
        return programs[:50]

    def item_title(self, item: Program) -> str:
        return item.name

    def item_description(self, item: Program) -> str:
        return item.summary or ""

    def item_link(self, item: Program) -> str:
        return reverse("funding:program_detail", args=[item.slug])

    def item_updateddate(self, item: Program) -> dt.datetime:
        return item.updated_at

    def item_pubdate(self, item: Program) -> dt.datetime:
        return item.created_at


@require_GET
def deadlines_calendar(request: HttpRequest) -> HttpResponse:
    """ICS of the intake windows (openings and deadlines) of a search's programs."""
    query = _search_query(request.GET)
    today = timezone.localdate()
    events: list[ics.CalendarEvent] = []
    for program in selectors.programs_for_query(query):
        url = f"{settings.SITE_URL}{reverse('funding:program_detail', args=[program.slug])}"
        for window in program.intake_windows or []:
            if not isinstance(window, dict):
                continue
            for key, summary in (
                ("closes", _("Deadline: %(name)s")),
                ("opens", _("Intake opens: %(name)s")),
            ):
                try:
                    day = dt.date.fromisoformat(str(window.get(key)))
                except ValueError:
                    continue
                if day < today - dt.timedelta(days=365):
                    continue
                events.append(
                    ics.CalendarEvent(
                        uid_key=f"{program.slug}-{key}",
                        day=day,
                        summary=summary % {"name": program.name},
                        description=program.status_note or "",
                        url=url,
                    )
                )
    body = ics.calendar(
        events,
        name=_("AluHub funding deadlines"),
        domain=settings.SITE_URL.split("://")[-1].split("/")[0].split(":")[0] or "aluhub",
        stamp=dt.datetime.now(dt.UTC),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="aluhub-deadlines.ics"'
    return response


# =================================================================== financing plans


def _plan_organization(request: HttpRequest) -> Organization | None:
    return primary_organization(request.user)


@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = selectors.plans_for_user(request.user)
    return render(
        request,
        "financing/plan_list.html",
        {"plans": plans, "organization": _plan_organization(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    organization = _plan_organization(request)
    form = PlanForm(request.POST or None)
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
        )
        try:
            plan_obj = services.financing_plan_create(
                organization=organization,
                created_by=_user(request),
                title=data["title"],
                inputs=inputs,
                lang=_lang(),
            )
        except EngineInputError as exc:
            form.add_error(None, f"{exc.field}: {exc.message}")
        else:
            return redirect("financing:plan_detail", pk=plan_obj.pk)
    return render(
        request,
        "financing/plan_form.html",
        {"form": form, "organization": organization, "usable": usable},
    )


def _plan_context(plan_obj: Any) -> dict[str, Any]:
    # The sentences follow the reader's language; the stored amounts stay the record.
    shown = services.plan_result_for(plan_obj, _lang())
    result = shown.result
    inputs = plan_obj.inputs
    in_plan = {line["program"] for line in result.get("lines", [])}
    catalogue = sorted(get_engine_programs(), key=lambda p: p.name(_lang()).casefold())
    names = {p.slug: p.name(_lang()) for p in catalogue}
    warnings = exports.plan_warnings(plan_obj, names, result)
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
                "why": exports.readable(line.get("why", ""), names),
            }
            for line in result.get("lines", [])
        ],
        "totals": exports.plan_totals(plan_obj, result),
        "warnings": warnings,
        "pinned": [(s, names.get(s, s)) for s in inputs.get("include", [])],
        "excluded": [(s, names.get(s, s)) for s in inputs.get("exclude", [])],
        "candidates": [
            (p.slug, p.name(_lang()))
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
    return render(request, "financing/plan_detail.html", _plan_context(plan_obj))


@login_required
@require_POST
def plan_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    plan_obj = selectors.get_plan_for_user(request.user, pk)
    form = PlanActionForm(request.POST)
    if not form.is_valid():
        context = _plan_context(plan_obj)
        context["action_errors"] = form.errors
        return render(request, "financing/plan_detail.html", context, status=400)
    action, slug = form.cleaned_data["action"], form.cleaned_data["program"]
    try:
        services.financing_plan_rerun(
            plan_obj=plan_obj,
            lang=_lang(),
            pin=slug if action == "pin" else "",
            exclude=slug if action == "exclude" else "",
            release=slug if action == "release" else "",
        )
    except EngineInputError as exc:
        context = _plan_context(plan_obj)
        context["action_errors"] = {exc.field: [exc.message]}
        return render(request, "financing/plan_detail.html", context, status=400)
    return redirect("financing:plan_detail", pk=plan_obj.pk)


def _confirm_delete(
    request: HttpRequest, *, question: str, action: str, cancel: str, button: str
) -> HttpResponse:
    """The page that asks before deleting (GET, or a POST not yet confirmed: without
    JavaScript the delete button lands here; with it, aluhub.js asked already)."""
    return render(
        request,
        "financing/delete_confirm.html",
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
            action=reverse("financing:plan_delete", args=[plan_obj.pk]),
            cancel=reverse("financing:plan_detail", args=[plan_obj.pk]),
            button=_("Delete this plan"),
        )
    services.financing_plan_delete(plan_obj=plan_obj)
    messages.success(request, _("The plan is deleted."))
    return redirect("financing:plan_list")


@login_required
@require_GET
def plan_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    plan_obj = selectors.get_plan_for_user(request.user, pk)
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    shown = services.plan_result_for(plan_obj, _lang())
    if fmt == "pdf":
        body = exports.plan_pdf(plan_obj, shown.result, shown.catalogue_changed)
        content_type = "application/pdf"
    elif fmt == "xlsx":
        body = exports.plan_xlsx(plan_obj, shown.result, shown.catalogue_changed)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="financing-plan-{plan_obj.pk}.{fmt}"'
    return response


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
        "financing/application_list.html",
        {"rows": rows, "organization": primary_organization(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest) -> HttpResponse:
    organization = primary_organization(request.user)
    initial = {"program": request.GET.get("program", "")}
    form = ApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and organization is not None and form.is_valid():
        try:
            services.application_save(
                organization=organization,
                program=form.cleaned_data["program"],
                user=_user(request),
                **form.values(),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The application is saved."))
            return redirect("financing:application_list")
    return render(
        request,
        "financing/application_form.html",
        {"form": form, "organization": organization, "application": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.get_application_for_user(request.user, pk)
    form = ApplicationForm(request.POST or None, instance=application, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_save(
                organization=application.organization,
                program=application.program,
                user=_user(request),
                application=application,
                **form.values(),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The application is saved."))
            return redirect("financing:application_list")
    return render(
        request,
        "financing/application_form.html",
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
            action=reverse("financing:application_delete", args=[application.pk]),
            cancel=reverse("financing:application_edit", args=[application.pk]),
            button=_("Stop tracking this program"),
        )
    services.application_delete(application=application)
    messages.success(request, _("The application is deleted."))
    return redirect("financing:application_list")


def _stage_label(code: str) -> str:
    return label(Stage, code)


@staff_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    board = selectors.funding_dashboard()
    lang = _lang()
    programs = {
        p.slug: p.name for p in Program.objects.filter(slug__in=[r[0] for r in board.by_program])
    }

    def chart(rows: list[Any], names: Callable[[str], str], title: str, chart_id: str) -> str:
        return bar_svg(
            [names(r[0]) for r in rows],
            [float(r[1]) for r in rows],
            title=title,
            chart_id=chart_id,
            lang=lang,
            # The chart engine writes the unit after the number: "80000 $" is French only.
            unit=" $" if lang == "fr" else " CAD",
        )

    def phase_name(code: str) -> str:
        return label(Phase, code) if code != "unknown" else _("unknown")

    def region_label(code: str) -> str:
        return f"{code} – {region_name(code)}" if code else _("unknown")

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
            [float(n) for _s, n in board.funnel],
            title=_("Applications reaching each stage"),
            chart_id="funnel",
            lang=lang,
        ),
    }
    return render(request, "financing/dashboard.html", context)


@staff_required
@require_GET
def dashboard_export(request: HttpRequest) -> HttpResponse:
    body = exports.applications_csv(selectors.applications_for_user(request.user))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="funding-applications.csv"'
    return response


# =================================================================== curation


def _partner_required(request: HttpRequest) -> None:
    if not selectors.can_propose(request.user):
        raise PermissionDenied


@login_required
@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    _partner_required(request)
    proposals = selectors.proposals_for_user(request.user)
    return render(
        request,
        "financing/proposal_list.html",
        {"proposals": proposals, "is_staff": is_staff(request.user)},
    )


def _proposal_initial(program: Program | None) -> dict[str, Any]:
    if program is None:
        return {"status": "unknown", "deadline_type": "unknown"}
    initial = {
        name: getattr(program, name)
        for name in ProposalForm.base_fields
        if name in services.EDITABLE_FIELDS
    }
    initial["organization"] = "; ".join(r.organization.name for r in program.roles.all())
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    _partner_required(request)
    program = None
    if slug is not None:
        program = funding_selectors.get_program_for_user(request.user, slug)
    form = ProposalForm(request.POST or None, initial=_proposal_initial(program))
    duplicates: list[dict[str, str]] = []
    if request.method == "POST" and form.is_valid():
        fields = form.proposed_fields()
        if program is None and not form.cleaned_data["confirm_not_duplicate"]:
            duplicates = services.find_duplicates(
                names=[fields.get("name_fr", ""), fields.get("name_en", "")],
                url=fields.get("url", ""),
                organization=fields.get("organization", ""),
            )
        if duplicates:
            form.add_error(
                "confirm_not_duplicate",
                _("Similar programs exist; check them, then confirm to send the proposal."),
            )
        else:
            try:
                proposal = services.proposal_create(
                    user=_user(request),
                    organization=primary_organization(request.user),
                    fields=fields,
                    program=program,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(
                    request, _("Thank you: the proposal is sent to the cluster staff.")
                )
                return redirect("financing:proposal_detail", pk=proposal.pk)
    return render(
        request,
        "financing/proposal_form.html",
        {"form": form, "program": program, "duplicates": duplicates},
    )


@login_required
@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _partner_required(request)
    proposal = selectors.get_proposal_for_user(request.user, pk)
    return render(
        request,
        "financing/proposal_detail.html",
        {
            "proposal": proposal,
            "diff": [
                (field_label(name), field_value(name, current), field_value(name, proposed))
                for name, current, proposed in services.proposal_diff(proposal)
            ],
            "review_form": ReviewForm(),
            "can_review": is_staff(request.user) and proposal.status == ProposalStatus.PENDING,
        },
    )


@login_required
@require_POST
def proposal_review(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal_for_user(
        request.user,
        pk,
        for_review=True,
    )
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    try:
        if form.cleaned_data["decision"] == "approve":
            program = services.proposal_approve(
                proposal=proposal, reviewer=_user(request), note=form.cleaned_data["note"]
            )
            messages.success(request, _("Approved: the program is updated."))
            return redirect("funding:program_detail", slug=program.slug)
        services.proposal_reject(
            proposal=proposal, reviewer=_user(request), note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("financing:proposal_detail", pk=proposal.pk)


@staff_required
@require_GET
def stale_report(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "financing/stale_report.html",
        {
            "programs": selectors.stale_programs(),
            "broken": selectors.broken_links(),
            "days": selectors.STALE_AFTER_DAYS,
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def import_index(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.import_create(
                user=_user(request),
                filename=upload.name or "import.csv",
                data=upload.read(services.MAX_IMPORT_BYTES + 1),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return redirect("financing:import_detail", pk=batch.pk)
    return render(
        request,
        "financing/import_index.html",
        {"form": form, "batches": selectors.import_batches()[:20]},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.get_import_for_user(request.user, pk)
    initial = batch.mapping or services.guess_mapping(batch.columns)
    is_mapping = request.method == "POST" and request.POST.get("step") == "mapping"
    form = ImportMappingForm(
        request.POST if is_mapping else None, columns=batch.columns, initial_map=initial
    )
    if is_mapping and form.is_valid():
        try:
            services.import_set_mapping(batch=batch, mapping=form.mapping())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return redirect("financing:import_detail", pk=batch.pk)
    elif request.method == "POST" and request.POST.get("step") == "review":
        try:
            approve = [int(v) for v in request.POST.getlist("approve")]
            reject = [int(v) for v in request.POST.getlist("reject")]
        except ValueError:
            return HttpResponse(status=400)
        written = services.import_review(
            batch=batch, approve=approve, reject=reject, reviewer=_user(request)
        )
        messages.success(request, _("%(count)d program(s) written.") % {"count": written})
        return redirect("financing:import_detail", pk=batch.pk)
    return render(
        request,
        "financing/import_detail.html",
        {
            "batch": batch,
            "form": form,
            "rows": list(batch.rows.all()),
            "pending": ImportRowStatus.PENDING,
        },
    )
