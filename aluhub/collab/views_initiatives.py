"""Partner-initiative pages: list, initiative page (partners, funding programs, timeline,
indicators, call for partners), and the lead's forms (update, indicator value, call) and a
member's expression of interest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aluhub.common.forms import apply_validation_error

from . import selectors_initiatives as selectors
from . import services_initiatives as services
from .forms_initiatives import (
    CallForm,
    IndicatorValueForm,
    InitiativeFilterForm,
    InitiativeUpdateForm,
    InterestForm,
)
from .models import Initiative


def _login(request: HttpRequest) -> HttpResponse:
    return redirect(f"{reverse('accounts:login')}?next={request.path}")


def initiative_list(request: HttpRequest) -> HttpResponse:
    form = InitiativeFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    initiatives = selectors.initiatives_listed(
        request.user, q=(data.get("q") or "").strip(), status=data.get("status") or ""
    )
    return render(
        request, "collab/initiative_list.html", {"form": form, "initiatives": initiatives}
    )


def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = selectors.get_initiative_for_user(request.user, slug)
    can_manage = selectors.initiative_can_manage(request.user, initiative)
    context = {
        "initiative": initiative,
        "can_manage": can_manage,
        "partners": selectors.initiative_partners(initiative),
        "programs": initiative.programs.order_by("name"),
        "timeline": selectors.initiative_timeline(initiative),
        "indicators": selectors.initiative_indicators(initiative),
        "call_is_open": initiative.call_is_open(),
        "can_answer": selectors.interest_organizations(request.user, initiative).exists(),
        "sent": selectors.interests_sent_by(request.user, initiative),
        "interests": selectors.initiative_interests(initiative) if can_manage else [],
    }
    return render(request, "collab/initiative_detail.html", context)


def _form_page(
    request: HttpRequest,
    initiative: Initiative,
    form: forms.Form,
    *,
    title: str,
    save: Any,
    done: str,
    anchor: str,
) -> HttpResponse:
    """Validate ``form``, call ``save(cleaned_data)`` (a service) and go back to the
    initiative; on error show the form again with its field errors."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, done)
            return redirect(reverse("collab:initiative_detail", args=[initiative.slug]) + anchor)
    status = 400 if request.method == "POST" else 200
    context = {"initiative": initiative, "form": form, "title": title}
    return render(request, "collab/initiative_form.html", context, status=status)


def _manager_initiative(request: HttpRequest, slug: str) -> Initiative:
    initiative = selectors.get_initiative_for_user(request.user, slug)
    if not selectors.initiative_can_manage(request.user, initiative):
        raise PermissionDenied(_("Only the lead organization and cluster staff can do this."))
    return initiative


@require_http_methods(["GET", "POST"])
def initiative_update_new(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login(request)
    initiative = _manager_initiative(request, slug)
    form = InitiativeUpdateForm(request.POST or None)
    by = request.user
    return _form_page(
        request,
        initiative,
        form,
        title=_("Add an update"),
        save=lambda data: services.initiative_update_add(initiative=initiative, by=by, **data),
        done=_("The update has been added to the timeline."),
        anchor="#timeline",
    )


@require_http_methods(["GET", "POST"])
def indicator_value_new(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login(request)
    indicator = selectors.get_indicator_for_user(request.user, pk)
    if indicator.is_live:
        raise PermissionDenied(_("This indicator is computed by AluHub."))
    form = IndicatorValueForm(request.POST or None)
    by = request.user
    return _form_page(
        request,
        indicator.initiative,
        form,
        title=_("Enter a value: %(indicator)s") % {"indicator": indicator.name},
        save=lambda data: services.indicator_value_add(indicator=indicator, by=by, **data),
        done=_("The value has been recorded."),
        anchor="#indicators",
    )


@require_http_methods(["GET", "POST"])
def initiative_call(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login(request)
    initiative = _manager_initiative(request, slug)
    initial = {
        "is_open": initiative.call_open,
        "text_fr": initiative.call_text_fr,
        "text_en": initiative.call_text_en,
        "closes_on": initiative.call_closes_on,
    }
    form = CallForm(request.POST or None, initial=initial)
    by = request.user
    return _form_page(
        request,
        initiative,
        form,
        title=_("Call for partners"),
        save=lambda data: services.initiative_call_set(initiative=initiative, by=by, **data),
        done=_("The call for partners has been saved."),
        anchor="#call",
    )


@require_http_methods(["GET", "POST"])
def interest_new(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login(request)
    initiative = selectors.get_initiative_for_user(request.user, slug)
    if not initiative.call_is_open():
        raise PermissionDenied(_("This call for partners is closed."))
    organizations = selectors.interest_organizations(request.user, initiative)
    if not organizations.exists():
        raise PermissionDenied(
            _("None of your organizations can still answer this call for partners.")
        )
    form = InterestForm(request.POST or None, organizations=organizations)
    user = request.user
    return _form_page(
        request,
        initiative,
        form,
        title=_("Answer the call for partners"),
        save=lambda data: services.interest_express(initiative=initiative, user=user, **data),
        done=_("Your expression of interest has been sent to the lead organization."),
        anchor="#call",
    )
