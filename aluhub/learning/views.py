"""Pages of Alu-Compétences. Views validate, call one service or selector, render."""

from __future__ import annotations

import hashlib
import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from aluhub.accounts.auth import signed_in_user
from aluhub.accounts.selectors import is_staff
from aluhub.common import uploads
from aluhub.common.access import require_staff
from aluhub.common.forms import apply_validation_error
from aluhub.common.mail import site_url

from . import selectors, services
from .forms import (
    AddToCollectionForm,
    CollectionForm,
    ErrorReportForm,
    NewVersionForm,
    RatingForm,
    ResolveReportForm,
    ResourceForm,
    StatusForm,
    TeacherApplicationForm,
    TeacherDecisionForm,
)
from .models import ReportStatus, Resource, VerificationStatus

PAGE_SIZE = 20


# --- Catalogue ------------------------------------------------------------------
def index(request: HttpRequest) -> HttpResponse:
    filters = selectors.Filters.from_params(request.GET)
    results = selectors.resource_search(request.user, filters)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "filters": filters,
        "page": page,
        "facets": selectors.resource_facets(request.user, filters),
        "can_curate": selectors.can_curate(request.user),
        "sort_choices": [
            ("newest", _("Newest")),
            ("downloads", _("Most downloaded")),
            ("title", _("Title")),
        ],
    }
    if getattr(request, "htmx", False):
        return render(request, "learning/index.html#results", context)
    if request.user.is_authenticated:
        since = services.visit_record(user=signed_in_user(request))
        context["new_since"] = since
        context["new_resources"] = (
            list(selectors.resources_new_since(request.user, since)[:5]) if since else []
        )
        context["teacher_profile"] = selectors.teacher_profile(request.user)
    return render(request, "learning/index.html", context)


def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _resource_page(request, selectors.get_resource_for_user(request.user, slug))


def _resource_page(
    request: HttpRequest,
    resource: Resource,
    *,
    rating_form: RatingForm | None = None,
    report_form: ErrorReportForm | None = None,
) -> HttpResponse:
    """The resource page; a refused rating or report is shown again in its form with its
    errors (status 400), what was typed kept."""
    can_download = selectors.resource_can_download(request.user, resource)
    average, n_ratings = selectors.rating_summary(resource)
    context: dict[str, Any] = {
        "resource": resource,
        "versions": list(resource.versions.all()),
        "current": resource.current_version,
        "can_download": can_download,
        "can_curate": selectors.can_curate(request.user),
        "is_staff": is_staff(request.user),
        "average": average,
        "n_ratings": n_ratings,
        "ratings": selectors.resource_comments(resource),
        "sources": [u for u in resource.sources.splitlines() if u.strip()],
    }
    if context["can_curate"]:
        context["collection_form"] = AddToCollectionForm(
            collections=selectors.collections_for_user(request.user)
        )
        # A teacher who rated already sees their rating: sending the form again replaces it.
        mine = selectors.user_rating(request.user, resource)
        initial = {"stars": mine.stars, "comment": mine.comment} if mine else None
        context["rating_form"] = rating_form or RatingForm(initial=initial)
    if request.user.is_authenticated:
        context["report_form"] = report_form or ErrorReportForm()
    if context["is_staff"]:
        from .services import TRANSITIONS

        context["next_statuses"] = sorted(TRANSITIONS.get(resource.status, set()))
    refused = rating_form is not None or report_form is not None
    return render(request, "learning/resource_detail.html", context, status=400 if refused else 200)


def _reader(request: HttpRequest) -> str:
    """Who downloads, so that a download counts once per reader and day: the signed-in
    user, else the reader's session (started here when there is none; only a hash of its
    key is kept)."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    if request.session.session_key is None:
        request.session["reader"] = True  # a session the response's cookie keeps
        request.session.save()
    key = request.session.session_key or ""
    return "session:" + hashlib.sha256(key.encode()).hexdigest()[:64]


def resource_download(request: HttpRequest, slug: str, number: int | None = None) -> Any:
    try:
        resource = selectors.get_resource_for_user(request.user, slug, for_download=True)
    except PermissionDenied:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise
    version = selectors.resource_version(resource, number)
    if version is None or not default_storage.exists(version.file.name):
        raise Http404
    services.resource_download_record(resource=resource, reader=_reader(request))
    content_type = mimetypes.guess_type(version.filename)[0] or "application/octet-stream"
    return uploads.private_file(
        default_storage.open(version.file.name, "rb"),
        filename=version.filename,
        content_type=content_type,
    )


def resource_thumbnail(request: HttpRequest, slug: str) -> Any:
    """Page 1 of the PDF, only for users who may download the file itself."""
    resource = selectors.get_resource_for_user(request.user, slug, for_download=True)
    version = resource.current_version
    if (
        version is None
        or not version.thumbnail
        or not default_storage.exists(version.thumbnail.name)
    ):
        raise Http404
    return FileResponse(
        default_storage.open(version.thumbnail.name, "rb"), content_type="image/png"
    )


def _first_version(lang: str) -> str:
    with translation.override(lang):
        return _("First version")


@login_required
@require_POST
def resource_rate(request: HttpRequest, slug: str) -> HttpResponse:
    resource = selectors.get_resource_for_user(request.user, slug)
    selectors.require_curator(request.user)
    form = RatingForm(request.POST)
    if form.is_valid():
        services.rating_set(
            resource=resource,
            user=signed_in_user(request),
            stars=form.cleaned_data["stars"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, _("Thank you: your rating was saved."))
        return redirect("learning:resource", slug=resource.slug)
    return _resource_page(request, resource, rating_form=form)


@login_required
@require_POST
def resource_report(request: HttpRequest, slug: str) -> HttpResponse:
    resource = selectors.get_resource_for_user(request.user, slug)
    form = ErrorReportForm(request.POST)
    if form.is_valid():
        services.error_report_create(
            resource=resource,
            reporter=signed_in_user(request),
            message=form.cleaned_data["message"],
        )
        messages.success(request, _("Thank you: staff will look at your report."))
        return redirect("learning:resource", slug=resource.slug)
    return _resource_page(request, resource, report_form=form)


@login_required
@require_POST
def resource_add_to_collection(request: HttpRequest, slug: str) -> HttpResponse:
    resource = selectors.get_resource_for_user(request.user, slug)
    selectors.require_curator(request.user)
    form = AddToCollectionForm(
        request.POST, collections=selectors.collections_for_user(request.user)
    )
    if form.is_valid():
        collection = form.cleaned_data["collection"]
        services.collection_add(collection=collection, resource=resource)
        messages.success(
            request,
            _("Added to the course pack “%(title)s”.") % {"title": collection.title},
        )
    else:
        messages.error(request, _("Choose one of your course packs."))
    return redirect("learning:resource", slug=resource.slug)


@login_required
@require_POST
def resource_status(request: HttpRequest, slug: str) -> HttpResponse:
    require_staff(request.user)
    resource = selectors.get_resource_for_user(request.user, slug)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.resource_set_status(resource=resource, status=form.cleaned_data["status"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Status changed."))
    return redirect("learning:resource", slug=resource.slug)


@login_required
@require_http_methods(["GET", "POST"])
def resource_new_version(request: HttpRequest, slug: str) -> HttpResponse:
    require_staff(request.user)
    resource = selectors.get_resource_for_user(request.user, slug)
    form = NewVersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.resource_version_add(
                resource=resource,
                content=upload,
                filename=upload.name,
                note=form.cleaned_data["note"],
                user=signed_in_user(request),
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            messages.success(request, _("The new version is online."))
            return redirect("learning:resource", slug=resource.slug)
    return render(request, "learning/version_form.html", {"form": form, "resource": resource})


@login_required
@require_http_methods(["GET", "POST"])
def resource_upload(request: HttpRequest) -> HttpResponse:
    require_staff(request.user)
    form = ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        if selectors.resource_slug_taken(data["slug"]):
            form.add_error("slug", _("A resource with this slug already exists."))
        else:
            try:
                resource = _create_with_file(request, data, upload)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The resource was saved as a draft."))
                return redirect("learning:resource", slug=resource.slug)
    return render(request, "learning/resource_form.html", {"form": form})


def _create_with_file(request: HttpRequest, data: dict[str, Any], upload: Any) -> Resource:
    from django.db import transaction

    with transaction.atomic():
        resource, _created = services.resource_save(
            **{**data, "title_en": data["title_en"] or "", "summary_en": data["summary_en"] or ""}
        )
        if upload is not None:
            try:
                services.resource_version_add(
                    resource=resource,
                    content=upload,
                    filename=upload.name,
                    note=_first_version("fr"),
                    note_en=_first_version("en"),
                    user=signed_in_user(request),
                )
            except ValidationError as exc:
                raise ValidationError({"file": exc.messages}) from exc
    return resource


# --- Teachers -------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def teacher_apply(request: HttpRequest) -> HttpResponse:
    profile = selectors.teacher_profile(request.user)
    form = TeacherApplicationForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        was_verified = profile is not None and profile.status == VerificationStatus.VERIFIED
        saved = services.teacher_apply(
            user=signed_in_user(request),
            institution=form.cleaned_data["institution"],
            department=form.cleaned_data["department"],
            institution_email=form.cleaned_data["institution_email"],
        )
        if saved.status == VerificationStatus.VERIFIED:
            messages.success(request, _("Your teacher profile is updated; you stay verified."))
        elif was_verified:
            messages.warning(
                request,
                _(
                    "Your institution or institutional e-mail changed: your profile is back to "
                    "“pending” until staff verify it again."
                ),
            )
        else:
            messages.success(request, _("Thank you: staff will verify your teacher profile."))
        return redirect("learning:teacher_apply")
    return render(request, "learning/teacher_apply.html", {"form": form, "profile": profile})


@login_required
def staff_teachers(request: HttpRequest) -> HttpResponse:
    require_staff(request.user)
    return render(
        request, "learning/staff_teachers.html", {"profiles": selectors.pending_teachers()}
    )


@login_required
@require_POST
def staff_teacher_decide(request: HttpRequest, pk: int) -> HttpResponse:
    profile = selectors.get_teacher_profile_for_staff(request.user, pk)
    form = TeacherDecisionForm(request.POST)
    if not form.is_valid():
        # The list again, this row's form with its errors and what was typed.
        context = {"profiles": selectors.pending_teachers(), "refused": form, "refused_pk": pk}
        return render(request, "learning/staff_teachers.html", context, status=400)
    services.teacher_decide(
        profile=profile,
        staff=signed_in_user(request),
        verified=form.cleaned_data["decision"] == "verify",
        reason=form.cleaned_data["reason"],
    )
    messages.success(request, _("Decision saved."))
    return redirect("learning:staff_teachers")


@login_required
def staff_reports(request: HttpRequest) -> HttpResponse:
    require_staff(request.user)
    status = request.GET.get("status", ReportStatus.OPEN)
    if status not in ReportStatus.values:
        status = ReportStatus.OPEN
    return render(
        request,
        "learning/staff_reports.html",
        {
            "reports": selectors.error_reports(status),
            "status": status,
            "form": ResolveReportForm(),
        },
    )


@login_required
@require_POST
def staff_report_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_error_report_for_staff(request.user, pk)
    form = ResolveReportForm(request.POST)
    if form.is_valid():
        services.error_report_resolve(
            report=report, staff=signed_in_user(request), note=form.cleaned_data["note"]
        )
        messages.success(request, _("Report marked as resolved."))
    return redirect("learning:staff_reports")


# --- Course packs -----------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def collection_list(request: HttpRequest) -> HttpResponse:
    selectors.require_curator(request.user)
    form = CollectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        collection = services.collection_create(
            owner=signed_in_user(request),
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
        )
        messages.success(request, _("Course pack created."))
        return redirect("learning:collection", pk=collection.pk)
    return render(
        request,
        "learning/collection_list.html",
        {"collections": selectors.collections_for_user(request.user), "form": form},
    )


@login_required
def collection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    collection = selectors.get_collection_for_user(request.user, pk)
    # Sent to others: SITE_URL, whatever Host the request named.
    share_url = site_url(
        reverse("learning:collection_shared", args=[selectors.collection_share_token(collection)])
    )
    return render(
        request,
        "learning/collection_detail.html",
        {
            "collection": collection,
            "items": selectors.collection_items(collection, request.user),
            "share_url": share_url,
            "owner_view": True,
        },
    )


@login_required
@require_POST
def collection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an item up or down, remove it, renew the share link or delete the pack."""
    collection = selectors.get_collection_for_user(request.user, pk)
    action = request.POST.get("action", "")
    # A tampered form may name no number: it then names no item, and nothing moves.
    raw_item = request.POST.get("item", "").strip()
    item_id = int(raw_item) if raw_item.isdecimal() else 0
    if action in {"up", "down"}:
        services.collection_move(collection=collection, item_id=item_id, direction=action)
    elif action == "remove":
        services.collection_remove(collection=collection, item_id=item_id)
    elif action == "new_link":
        services.collection_new_share_link(collection=collection)
        messages.success(request, _("A new share link was made; the old one no longer works."))
    elif action == "delete":
        services.collection_delete(collection=collection)
        messages.success(request, _("Course pack deleted."))
        return redirect("learning:collections")
    return redirect("learning:collection", pk=collection.pk)


def collection_shared(request: HttpRequest, token: str) -> HttpResponse:
    collection = selectors.get_collection_by_token(token)
    return render(
        request,
        "learning/collection_detail.html",
        {
            "collection": collection,
            "items": selectors.collection_items(collection, request.user),
            "owner_view": False,
        },
    )
