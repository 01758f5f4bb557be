"""Partner-initiative pages: list, initiative page (partners, funding programs, timeline,
indicators, call for partners), and the lead's forms (update, indicator value, call) and a
member's expression of interest."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from aluhub.common.forms import apply_validation_error, valid_filters

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

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _login(request: HttpRequest) -> HttpResponse:
    return redirect(f"{reverse('accounts:login')}?next={request.path}")


def initiative_list(request: HttpRequest) -> HttpResponse:
    form = InitiativeFilterForm(request.GET or None)
    data = valid_filters(form)  # a refused filter drops out alone
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
        "programs": selectors.initiative_programs(initiative),
        "timeline": selectors.initiative_timeline(initiative),
        "indicators": selectors.initiative_indicators(initiative),
        "call_is_open": initiative.call_is_open(),
        "can_answer": selectors.can_answer_call(request.user, initiative),
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


def _initiative_form(
    form_class: type[forms.Form],
    load: Callable[..., tuple[Initiative, dict[str, Any]]],
    save: Callable[..., object],
    *,
    by: str,
    title: StrOrPromise,
    done: StrOrPromise,
    anchor: str,
) -> Callable[..., HttpResponse]:
    """One form page about an initiative, for signed-in users. ``load(request, **url)``
    answers the initiative and what the page needs (its access function raises 403/404):
    ``target`` (the service's keyword arguments), ``form`` (the form's), ``title`` (the
    title's placeholders). On a valid form, ``save(**target, <by>=user, **cleaned_data)``."""

    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, **url: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return _login(request)
        initiative, loaded = load(request, **url)
        form = form_class(request.POST or None, **loaded.get("form", {}))
        user = {by: request.user}
        return _form_page(
            request,
            initiative,
            form,
            title=str(title) % loaded.get("title", {}),
            save=lambda data: save(**loaded["target"], **user, **data),
            done=str(done),
            anchor=anchor,
        )

    return view


def _managed(request: HttpRequest, slug: str) -> tuple[Initiative, dict[str, Any]]:
    initiative = selectors.get_initiative_to_manage(request.user, slug)
    return initiative, {"target": {"initiative": initiative}}


def _managed_call(request: HttpRequest, slug: str) -> tuple[Initiative, dict[str, Any]]:
    initiative, loaded = _managed(request, slug)
    initial = {
        "is_open": initiative.call_open,
        "text_fr": initiative.call_text_fr,
        "text_en": initiative.call_text_en,
        "closes_on": initiative.call_closes_on,
    }
    return initiative, {**loaded, "form": {"initial": initial}}


def _indicator(request: HttpRequest, pk: int) -> tuple[Initiative, dict[str, Any]]:
    indicator = selectors.get_indicator_to_enter(request.user, pk)
    loaded = {"target": {"indicator": indicator}, "title": {"indicator": indicator.name}}
    return indicator.initiative, loaded


def _answerable(request: HttpRequest, slug: str) -> tuple[Initiative, dict[str, Any]]:
    initiative, organizations = selectors.get_initiative_to_answer(request.user, slug)
    return initiative, {
        "target": {"initiative": initiative},
        "form": {"organizations": organizations},
    }


initiative_update_new = _initiative_form(
    InitiativeUpdateForm, _managed, services.initiative_update_add, by="by",
    title=gettext_lazy("Add an update"), anchor="#timeline",
    done=gettext_lazy("The update has been added to the timeline."),
)  # fmt: skip
indicator_value_new = _initiative_form(
    IndicatorValueForm, _indicator, services.indicator_value_add, by="by",
    title=gettext_lazy("Enter a value: %(indicator)s"), anchor="#indicators",
    done=gettext_lazy("The value has been recorded."),
)  # fmt: skip
initiative_call = _initiative_form(
    CallForm, _managed_call, services.initiative_call_set, by="by",
    title=gettext_lazy("Call for partners"), anchor="#call",
    done=gettext_lazy("The call for partners has been saved."),
)  # fmt: skip
interest_new = _initiative_form(
    InterestForm, _answerable, services.interest_express, by="user",
    title=gettext_lazy("Answer the call for partners"), anchor="#call",
    done=gettext_lazy("Your expression of interest has been sent to the lead organization."),
)  # fmt: skip
