"""Curation pages: partners' proposals and their review, the staleness report, the CSV
import. Views validate, call one selector or service, and render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aluhub.accounts.auth import signed_in_user
from aluhub.accounts.selectors import is_staff, primary_organization
from aluhub.common.access import staff_required
from aluhub.common.forms import apply_validation_error
from aluhub.common.lang import active_lang
from aluhub.funding import selectors as funding_selectors
from aluhub.funding.curation.models import (
    ImportRowStatus,
    ProposalStatus,
)
from aluhub.funding.models import Program

from . import imports, selectors, services
from .forms import (
    ImportMappingForm,
    ImportUploadForm,
    ProposalForm,
    ReviewForm,
    field_label,
    field_value,
)

View = Callable[..., HttpResponse]


# =================================================================== curation


@login_required
@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    selectors.require_proposer(request.user)
    proposals = selectors.proposals_for_user(request.user)
    return render(
        request,
        "funding/curation/proposal_list.html",
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
    selectors.require_proposer(request.user)
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
                    user=signed_in_user(request),
                    organization=primary_organization(request.user),
                    fields=fields,
                    program=program,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request, _("Thank you: the proposal is sent to the cluster staff.")
                )
                return redirect("funding:proposal_detail", pk=proposal.pk)
    return render(
        request,
        "funding/curation/proposal_form.html",
        {"form": form, "program": program, "duplicates": duplicates},
    )


@login_required
@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.require_proposer(request.user)
    proposal = selectors.get_proposal_for_user(request.user, pk)
    return render(
        request,
        "funding/curation/proposal_detail.html",
        {
            "proposal": proposal,
            "duplicates": selectors.proposal_duplicates(proposal),
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
                proposal=proposal, reviewer=signed_in_user(request), note=form.cleaned_data["note"]
            )
            messages.success(request, _("Approved: the program is updated."))
            return redirect("funding:program_detail", slug=program.slug)
        services.proposal_reject(
            proposal=proposal, reviewer=signed_in_user(request), note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("funding:proposal_detail", pk=proposal.pk)


@staff_required
@require_GET
def stale_report(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "funding/curation/stale_report.html",
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
            batch = imports.import_create(
                user=signed_in_user(request),
                filename=upload.name or "import.csv",
                data=upload.read(imports.MAX_IMPORT_BYTES + 1),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect("funding:import_detail", pk=batch.pk)
    return render(
        request,
        "funding/curation/import_index.html",
        {"form": form, "batches": selectors.import_batches()[:20]},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.get_import_for_user(request.user, pk)
    initial = batch.mapping or imports.guess_mapping(batch.columns)
    is_mapping = request.method == "POST" and request.POST.get("step") == "mapping"
    form = ImportMappingForm(
        request.POST if is_mapping else None, columns=batch.columns, initial_map=initial
    )
    if is_mapping and form.is_valid():
        try:
            imports.import_set_mapping(batch=batch, mapping=form.mapping())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect("funding:import_detail", pk=batch.pk)
    elif request.method == "POST" and request.POST.get("step") == "review":
        try:
            approve = [int(v) for v in request.POST.getlist("approve")]
            reject = [int(v) for v in request.POST.getlist("reject")]
        except ValueError:
            return HttpResponse(status=400)
        written = imports.import_review(
            batch=batch, approve=approve, reject=reject, reviewer=signed_in_user(request)
        )
        messages.success(
            request,
            ngettext("%(count)d program written.", "%(count)d programs written.", written)
            % {"count": written},
        )
        return redirect("funding:import_detail", pk=batch.pk)
    return render(
        request,
        "funding/curation/import_detail.html",
        {
            "batch": batch,
            "form": form,
            # Each row's errors and changes in words, the page's way.
            "rows": [
                (
                    row,
                    imports.import_error_texts(row.errors, active_lang()),
                    [
                        (name, field_label(name), field_value(name, old), field_value(name, new))
                        for name, (old, new) in row.changes.items()
                    ],
                )
                for row in batch.rows.all()
            ],
            "pending": ImportRowStatus.PENDING,
        },
    )
