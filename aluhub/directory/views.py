"""Directory pages: search with facets and the regions map, profile, profile editor, exports,
"Find suppliers". Every field shown comes from ``selectors.profile_visible``."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aluhub.common import documents
from aluhub.common.forms import apply_validation_error
from aluhub.common.lang import active_lang
from aluhub.common.regions import region_name
from aluhub.engines import suppliers as engine
from aluhub.engines.text import format_number

from . import selectors, services, suppliers
from .forms import FIELD_LABELS, SIZE_CHOICES, NeedForm, ProfileForm, SearchForm
from .map import regions_svg
from .models import FIELDS, Certification, Process, ValueChainRole, W47Division

_SIZES = dict(SIZE_CHOICES)
PAGE_SIZE = 20
#: "Find suppliers" shows its ranked matches fifty at a time (it showed the first fifty).
SUPPLIERS_PER_PAGE = 50


def display(name: str, value: Any) -> str:
    """A visible field's value as text in the active language ("" when blank)."""
    if value in (None, "", []):
        return ""
    if name == "role":
        return str(ValueChainRole(value).label)
    if name == "processes":
        return ", ".join(str(Process(v).label) for v in value if v in Process.values)
    if name == "certifications":
        return ", ".join(str(Certification(v).label) for v in value if v in Certification.values)
    if name == "w47_division":
        return str(W47Division(value).label)
    if name == "region":
        return f"{value} – {region_name(value)}"
    if name == "size_class":
        return str(_SIZES.get(value, value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _rows(visible: selectors.VisibleProfile) -> list[tuple[str, str]]:
    """The visible fields as the page shows them: the capacity grouped in the page's language
    (« 1 200 », "1,200"); the exports keep the plain figure (:func:`display`)."""
    rows = []
    for name in FIELDS:
        if name in visible.fields:
            value = visible.fields[name]
            if name == "capacity_tonnes" and value is not None:
                text = format_number(value, active_lang())
            else:
                text = display(name, value)
            if text:
                rows.append((str(FIELD_LABELS[name]), text))
    return rows


def _filters(request: HttpRequest) -> tuple[SearchForm, selectors.DirectoryFilters | None]:
    """The search form and its filters; ``None`` when a filter is invalid (a role or region
    not offered, words over 200 characters): the page then shows the error and no
    organization, and the export is empty, as the API answers none for such a filter (never
    the whole directory under an error)."""
    form = SearchForm(request.GET or None)
    if not form.is_bound:
        return form, selectors.DirectoryFilters()
    if form.is_valid():
        return form, selectors.DirectoryFilters(**form.cleaned_data)
    return form, None


def index(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    results: selectors.DirectoryResults | list[selectors.VisibleProfile]
    if filters is None:
        results = []
        facets: dict[str, Counter[str]] = {name: Counter() for name in selectors.FACETS}
    else:
        found = selectors.directory_search(request.user, filters)
        results, facets = found, selectors.facet_counts(found)
    page: Page[selectors.VisibleProfile] = Paginator(results, PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("region", None)
    query.pop("page", None)
    labelled = {
        "role": [(k, ValueChainRole(k).label, n) for k, n in facets["role"].most_common()],
        "process": [
            (k, Process(k).label, n)
            for k, n in facets["process"].most_common()
            if k in Process.values
        ],
        "certification": [
            (k, Certification(k).label, n)
            for k, n in facets["certification"].most_common()
            if k in Certification.values
        ],
        "alloy": [(k, k, n) for k, n in facets["alloy"].most_common(12)],
        "size": [(k, _SIZES.get(k, k), n) for k, n in facets["size"].most_common()],
    }
    own = selectors.own_profile_slug(request.user)
    context = {
        "form": form,
        "results": [(v, _rows(v)[:4]) for v in page.object_list],
        "page": page,
        "count": page.paginator.count,
        "facets": labelled,
        "map": regions_svg(selectors.region_counts(facets), base_query=query.urlencode()),
        "query": request.GET.urlencode(),
        "own_slug": own,
    }
    return render(request, "directory/index.html", context)


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    profile = selectors.get_profile_for_user(request.user, slug)
    level = selectors.viewer_level(request.user, profile.organization)
    visible = selectors.profile_visible(profile, level)
    completeness = selectors.profile_completeness(profile) if level == "own" else None
    missing = [FIELD_LABELS[name] for name in completeness.missing] if completeness else []
    return render(
        request,
        "directory/detail.html",
        {
            "visible": visible,
            "rows": _rows(visible),
            "own": level == "own",
            # Staff edit any profile: the same link, without the completeness card.
            "can_edit": level == "own"
            or selectors.can_edit_profile(request.user, profile.organization),
            "completeness": completeness,
            "missing": missing,
            "listed": profile.listed,
        },
    )


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    organization = selectors.get_organization_to_edit(request.user, slug)
    profile = getattr(organization, "directory_profile", None)
    initial: dict[str, Any] = {"listed": True}
    if profile is not None:
        initial = {name: getattr(profile, name) for name in services.EDITABLE}
        initial["alloys"] = ", ".join(profile.alloys or [])
        initial.update({f"vis_{name}": profile.visibility_of(name) for name in FIELDS})
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values, visibility = form.values()
        try:
            services.profile_save(
                organization=organization,
                by=request.user,
                values=values,
                visibility=visibility,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Your directory profile has been saved."))
            return redirect("directory:detail", slug=organization.slug)
    return render(request, "directory/edit.html", {"form": form, "organization": organization})


def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """What the viewer may see of the current search, as CSV or XLSX."""
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    _form, filters = _filters(request)
    results: selectors.DirectoryResults | list[selectors.VisibleProfile] = (
        [] if filters is None else selectors.directory_search(request.user, filters)
    )
    header = [_("Organization"), *[str(FIELD_LABELS[name]) for name in FIELDS]]
    rows = [[v.name, *[display(n, v.fields.get(n)) for n in FIELDS]] for v in results]
    name = documents.export_filename(fr="aluhub-repertoire", en="aluhub-directory", ext=fmt)
    if fmt == "csv":
        return documents.csv_response(header, rows, filename=name)
    sheet = documents.Sheet(title=_("Directory"), rows=[header, *rows], freeze="A2", wrap=True)
    return documents.xlsx_response([sheet], filename=name)


def find_suppliers(request: HttpRequest) -> HttpResponse:
    form = NeedForm(request.GET or None)
    matches: Page[engine.Match] | None = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        need = engine.Need(
            process=data["process"],
            alloy=data["alloy"].strip(),
            certification=data["certification"],
            region=data["region"],
            quantity_tonnes=float(data["quantity_tonnes"])
            if data["quantity_tonnes"] is not None
            else None,
        )
        lang = (get_language() or "fr")[:2]
        # Ranked in SQL; the engine scores and explains the page shown.
        results = suppliers.supplier_search(request.user, need, lang=lang)
        matches = Paginator(results, SUPPLIERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "directory/find_suppliers.html", {"form": form, "matches": matches})
