"""Funding pages: the finder (search, facets, sorting, pages; HTMX live update), a
program, the programs-table exports, the export-support directory and "programs for my
company". Views validate, call one selector or service, and render."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, pgettext, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from aluhub.accounts.auth import signed_in_user
from aluhub.accounts.selectors import primary_organization
from aluhub.common import documents
from aluhub.common.lang import active_lang
from aluhub.common.regions import REGION_CODES, region_name
from aluhub.engines import text
from aluhub.engines.matching import SIZE_LABELS

from . import exports, selectors, services
from .forms import FinderForm, ProjectForm, SupportRegionForm
from .models import STALE_AFTER_DAYS, Program
from .selectors import FACETS, ProgramFilters
from .taxonomy import (
    AidType,
    Confidence,
    DeadlineType,
    LegalForm,
    Level,
    Phase,
    SizeClass,
    Status,
    label,
    labels,
)

PAGE_SIZE = 20


def _facet_options(
    facet: str, counts: dict[str, int], filters: ProgramFilters
) -> list[dict[str, Any]]:
    choices: list[tuple[str, str]]
    if facet == "region":
        choices = [(c, f"{c} – {region_name(c)}") for c in REGION_CODES]
    else:
        taxonomy = {
            "level": Level,
            "aid": AidType,
            "phase": Phase,
            "size": SizeClass,
            "status": Status,
        }[facet]
        choices = [(str(v), str(lbl)) for v, lbl in taxonomy.choices]
    chosen = set(getattr(filters, facet))
    return [
        {"value": v, "label": lbl, "count": counts.get(v, 0), "checked": v in chosen}
        for v, lbl in choices
        if counts.get(v, 0) or v in chosen
    ]


def _facet_title(facet: str) -> str:
    return {
        "level": _("Level"),
        "aid": _("Aid type"),
        "phase": _("Development phase"),
        "region": _("Region"),
        "size": _("Company size"),
        "status": _("Status"),
    }[facet]


@require_GET
def finder(request: HttpRequest) -> HttpResponse:
    form = FinderForm(request.GET)
    filters = form.filters()
    result = selectors.search_programs(filters, user=request.user)
    paginator = Paginator(result.ids, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query_string = request.GET.urlencode()

    def facets() -> list[dict[str, Any]]:
        return [
            {
                "name": f,
                "title": _facet_title(f),
                "options": _facet_options(f, result.facets[f], filters),
            }
            for f in FACETS
        ]

    context = {
        "form": form,
        "filters": filters,
        "result": result,
        "page": page,
        # Called by the template only when its cached fragment is missing (a new query or
        # a catalogue change): a cached page reads no program rows.
        "programs": partial(selectors.programs_by_ids, list(page.object_list)),
        "facets": facets,
        "fragment_key": selectors.catalogue_fragment_key(request.user, page.number, query_string),
        "fragment_seconds": settings.FRAGMENT_CACHE_SECONDS,
        # What the "Filters (n)" summary counts: the ticked boxes (the search words are shown
        # in their own box above).
        "active_filters": sum(len(getattr(filters, f)) for f in FACETS)
        + bool(filters.open_now)
        + bool(filters.closing_soon),
        "sort_choices": form.fields["sort"].choices,  # type: ignore[attr-defined]
        "query_string": query_string,
        "export_query": _without_page(request),
    }
    template = "funding/finder.html"
    if getattr(request, "htmx", False) and not request.htmx.boosted:  # type: ignore[attr-defined]
        template = "funding/finder.html#results"
    return render(request, template, context)


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _criteria(program: Any) -> list[tuple[str, str]]:
    """The program's stated eligibility criteria as (label, value) lines."""
    lines: list[tuple[str, str]] = []
    unknown = exports.unknown()

    def rng(low: Any, high: Any, fmt: Any = str) -> str:
        if low is not None and high is not None:
            return _("%(low)s to %(high)s") % {"low": fmt(low), "high": fmt(high)}
        if low is not None:
            return _("at least %(low)s") % {"low": fmt(low)}
        if high is not None:
            return _("at most %(high)s") % {"high": fmt(high)}
        return unknown

    lines.append(
        (
            _("Company size"),
            ", ".join(labels(SizeClass, program.eligible_sizes)) or unknown,
        )
    )
    if program.employees_min is not None or program.employees_max is not None:
        lines.append((_("Employees"), rng(program.employees_min, program.employees_max)))
    if program.revenue_min_cad is not None or program.revenue_max_cad is not None:
        lines.append(
            (
                _("Annual revenue"),
                rng(program.revenue_min_cad, program.revenue_max_cad, exports.money),
            )
        )
    if program.years_in_business_min is not None:
        lines.append(
            (
                _("Years in business, minimum"),
                str(program.years_in_business_min),
            )
        )
    if program.years_in_business_max is not None:
        lines.append(
            (
                _("Years in business, under"),
                str(program.years_in_business_max),
            )
        )
    if program.founder_age_min is not None or program.founder_age_max is not None:
        lines.append(
            (_("Age of the founder"), rng(program.founder_age_min, program.founder_age_max))
        )
    lines.append(
        (
            _("Regions"),
            ", ".join(f"{c} – {region_name(c)}" for c in program.regions) or _("All of Québec"),
        )
    )
    if program.naics_prefixes_allowed:
        lines.append((_("NAICS codes admitted"), ", ".join(program.naics_prefixes_allowed)))
    if program.naics_prefixes_excluded:
        lines.append((_("NAICS codes excluded"), ", ".join(program.naics_prefixes_excluded)))
    if program.legal_forms:
        lines.append((_("Legal forms"), ", ".join(labels(LegalForm, program.legal_forms))))
    if program.requires_export_project:
        lines.append((_("Export project"), _("required")))
    if program.project_cost_min_cad is not None:
        lines.append((_("Minimum project cost"), exports.money(program.project_cost_min_cad)))
    if program.public_aid_cap_pct is not None:
        lines.append((_("Cap on total public aid"), exports.percent(program.public_aid_cap_pct)))
    if program.other_conditions:
        lines.append((_("Other conditions"), program.other_conditions))
    return lines


#: The reliability of a source in one word ("reliability: low").
RELIABILITY_WORDS = {
    "high": pgettext_lazy("reliability", "high"),
    "medium": pgettext_lazy("reliability", "medium"),
    "low": pgettext_lazy("reliability", "low"),
}


@require_GET
def program_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # The access check reads the heading's columns only; the whole row is read (lazily) only
    # when the page's body is not in the fragment cache (issue 18: pages cost little more
    # than a health check). Every value built from the row is a callable for the same reason.
    heading = selectors.get_program_for_user(
        request.user, slug, only=selectors.PROGRAM_HEADING_FIELDS
    )
    program = cast(
        Program, SimpleLazyObject(lambda: selectors.get_program_for_user(request.user, slug))
    )
    return render(
        request,
        "funding/program_detail.html",
        {
            "heading": heading,
            "program": program,
            "fragment_key": selectors.catalogue_fragment_key(request.user, heading.pk),
            "fragment_seconds": settings.FRAGMENT_CACHE_SECONDS,
            "organizations": selectors.program_roles(heading),
            "level": lambda: label(Level, program.level),
            "aid_types": lambda: labels(AidType, program.aid_types),
            "phases": lambda: labels(Phase, program.phases),
            "status_label": lambda: label(Status, program.status),
            "deadline_label": lambda: label(DeadlineType, program.deadline_type),
            "intake": partial(selectors.program_intake, program),
            "confidence_word": lambda: RELIABILITY_WORDS.get(program.evidence_confidence, ""),
            "colon": text.colon(get_language() or "fr"),
            "confidence_label": lambda: label(Confidence, program.evidence_confidence),
            "criteria": partial(_criteria, program),
            "stale_days": STALE_AFTER_DAYS,
            # "Part des coûts : inconnue" (feminine in French).
            "cost_share": lambda: (
                exports.percent(program.cost_share_pct)
                if program.cost_share_pct is not None
                else pgettext("feminine", "unknown")
            ),
            "max_amount": lambda: exports.money(program.max_amount_cad),
        },
    )


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _download(
    fmt: str, build: dict[str, Callable[[], bytes]], *, fr: str, en: str, parts: list[object]
) -> HttpResponse:
    """An export as a download: ``build[fmt]()`` makes the file (404 for another format), named
    in the page's language with ``parts`` (region, date)."""
    if fmt not in EXPORT_TYPES:
        raise Http404
    name = documents.export_filename(fr=fr, en=en, parts=parts, ext=fmt)
    return documents.attachment(HttpResponse(build[fmt](), content_type=EXPORT_TYPES[fmt]), name)


@require_GET
def programs_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_TYPES:
        raise Http404  # before the search
    filters = FinderForm(request.GET).filters()
    programs = selectors.programs_by_ids(selectors.search_programs(filters, user=request.user).ids)
    today = timezone.localdate()
    build = {
        "csv": lambda: exports.to_csv(programs),
        "xlsx": lambda: exports.to_xlsx(programs),
        "pdf": lambda: exports.to_pdf(programs, generated_on=today),
    }
    return _download(
        fmt, build, fr="programmes-financement", en="funding-programs", parts=[today.isoformat()]
    )


@require_GET
def support_directory(request: HttpRequest) -> HttpResponse:
    form = SupportRegionForm(request.GET)
    region = form.cleaned_data.get("region", "") if form.is_valid() else ""
    organizations = selectors.support_organizations(region=region)
    context = {
        "form": form,
        "region": region,
        "region_label": region_name(region) if region else "",
        "organizations": organizations,
    }
    template = "funding/support_directory.html"
    if getattr(request, "htmx", False):
        template = "funding/support_directory.html#results"
    return render(request, template, context)


@require_GET
def support_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The guide to export-support organizations (the region chosen on the page, if any)."""
    form = SupportRegionForm(request.GET)
    region = form.cleaned_data.get("region", "") if form.is_valid() else ""
    organizations = list(selectors.support_organizations(region=region))
    today = timezone.localdate()
    build = {
        "csv": lambda: exports.support_to_csv(organizations),
        "xlsx": lambda: exports.support_to_xlsx(organizations),
        "pdf": lambda: exports.support_to_pdf(organizations, region=region, generated_on=today),
    }
    return _download(
        fmt,
        build,
        fr="organismes-soutien-exportation",
        en="export-support-organizations",
        parts=[region, today.isoformat()],
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_programs(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    organization = primary_organization(user)
    form = ProjectForm(request.POST or None)
    result = None
    exporting = False
    if organization is not None and organization.employees is not None:
        if request.method == "POST" and form.is_valid():
            exporting = "export" in form.cleaned_data["goals"] or bool(form.markets())
            cost = form.cleaned_data.get("cost_cad")
            result = services.programs_match_for_organization(
                organization=organization,
                goals=list(form.cleaned_data["goals"]),
                cost_cad=float(cost) if cost is not None else None,
                export_markets=form.markets(),
                founder_age=form.cleaned_data.get("founder_age"),
                lang=active_lang(),
            )
    slugs = [m.slug for m in result.results] if result else []
    return render(
        request,
        "funding/my_programs.html",
        {
            "organization": organization,
            "form": form,
            "result": result,
            # A project that exports: the organizations that help exporters of its region.
            "exporting": exporting,
            # « 35 (petite) », as on the organization's page and in the criteria below.
            "size_label": SIZE_LABELS[organization.size_class][active_lang()]
            if organization and organization.size_class
            else "",
            "known_slugs": selectors.published_slugs(slugs),
        },
    )
