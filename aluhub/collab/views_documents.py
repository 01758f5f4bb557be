"""Group documents: the search page, a document's page with its versions, the upload forms
and the download (served from outside the web root after the access check)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aluhub.common import uploads
from aluhub.common.forms import apply_validation_error

from . import selectors, services
from .forms import DocumentForm, DocumentVersionForm


def _login(request: HttpRequest) -> HttpResponse:
    return redirect(f"{reverse('accounts:login')}?next={request.path}")


def document_search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    documents = selectors.documents_visible(request.user, q=q) if q else []
    return render(request, "collab/document_search.html", {"q": q, "documents": documents})


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.get_group_document_for_user(request.user, pk)
    context = {
        "document": document,
        "group": document.group,
        "versions": selectors.document_versions(document),
        "can_upload": selectors.document_can_upload(request.user, document.group),
    }
    return render(request, "collab/document_detail.html", context)


@require_http_methods(["GET", "POST"])
def document_new(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login(request)
    group = selectors.get_group_for_uploader(request.user, slug)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.group_document_create(
                group=group, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The document has been added."))
            return redirect("collab:document_detail", pk=document.pk)
    status = 400 if request.method == "POST" else 200
    context = {"group": group, "form": form, "title": _("Add a document")}
    return render(request, "collab/document_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def document_version_new(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login(request)
    document = selectors.get_document_for_uploader(request.user, pk)
    form = DocumentVersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.document_version_add(
                document=document, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Version %(n)s has been added.") % {"n": version.number})
            return redirect("collab:document_detail", pk=document.pk)
    status = 400 if request.method == "POST" else 200
    context = {
        "group": document.group,
        "document": document,
        "form": form,
        "title": _("New version of “%(title)s”") % {"title": document.title},
    }
    return render(request, "collab/document_form.html", context, status=status)


def document_download(request: HttpRequest, pk: int, number: int) -> FileResponse:
    document = selectors.get_group_document_for_user(request.user, pk)
    version = selectors.document_version(document, number)
    if version is None:
        raise Http404
    return uploads.private_file(version.file.open("rb"), filename=version.original_name)
