"""Funding alert pages: the alerts of a signed-in user, subscribe to a search or to the
programs matching one's company, stop an alert, and the search's Atom feed and deadline
calendar (ICS). Confirm, unsubscribe and settings are the shared subscription pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aluhub.accounts.auth import signed_in_user
from aluhub.accounts.selectors import primary_organization
from aluhub.common import documents, subscription_views, subscriptions
from aluhub.common.forms import apply_validation_error
from aluhub.common.lang import active_lang
from aluhub.common.mail import site_url
from aluhub.engines.text import format_list
from aluhub.funding import selectors as funding_selectors
from aluhub.funding.models import Program

from . import ics, selectors, services
from .forms import AlertForm, CompanyAlertForm
from .models import AlertKind
from .services import ALERTS_CHANNEL

View = Callable[..., HttpResponse]


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
                "lines": services.describe_alert(alert),
                "finder": f"{reverse('funding:finder')}?{alert.query}"
                if alert.kind == AlertKind.SEARCH
                else "",
            }
        )
    return render(request, "funding/alerts/alert_index.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@subscriptions.rate_limited
def alert_subscribe(request: HttpRequest) -> HttpResponse:
    user = request.user if request.user.is_authenticated else None
    if request.method == "POST":
        form = AlertForm(request.POST)
    else:
        form = AlertForm(
            initial={
                "query": _search_query(request.GET),
                "language": active_lang(),
                "email": getattr(user, "email", ""),
            }
        )
    query = _search_query(QueryDict(form.data.get("query", "")) if form.is_bound else request.GET)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.alert_subscribe(
                email=form.cleaned_data["email"],
                kind=AlertKind.SEARCH,
                query=query,
                frequency=form.cleaned_data["frequency"],
                language=form.cleaned_data["language"],
                user=user,
                name=form.cleaned_data["name"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return subscription_views.subscribed_page(request, ALERTS_CHANNEL, outcome)
    return render(
        request,
        "funding/alerts/alert_subscribe.html",
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
    user = signed_in_user(request)
    organization = primary_organization(user)
    form = CompanyAlertForm(request.POST or None)
    usable = organization is not None and organization.employees is not None
    if request.method == "POST" and usable and form.is_valid():
        try:
            outcome = services.alert_subscribe(
                email=user.email,
                kind=AlertKind.COMPANY,
                query=urlencode([("goal", g) for g in form.cleaned_data["goals"]]),
                frequency=form.cleaned_data["frequency"],
                language=user.preferred_language,
                user=user,
                organization=organization,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if outcome.status != "active":
                return subscription_views.subscribed_page(request, ALERTS_CHANNEL, outcome)
            messages.success(request, _("Your alert is saved."))
            return redirect("funding:alert_index")
    return render(
        request,
        "funding/alerts/company_alert.html",
        {"form": form, "organization": organization, "usable": usable},
    )


@login_required
@require_POST
def alert_delete(request: HttpRequest, pk: int) -> HttpResponse:
    alert = selectors.get_alert_for_user(request.user, pk)
    services.alert_unsubscribe(alert=alert)
    messages.success(request, _("The alert is stopped."))
    return redirect("funding:alert_index")


class SearchFeed(Feed):
    """Atom feed of the programs of a finder search, most recently changed first."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest) -> str:
        return _search_query(request.GET)

    def title(self, obj: str) -> str:
        return _("AluHub funding programs: %(search)s") % {
            "search": format_list(services.describe_search(obj), active_lang())
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
        url = site_url(reverse("funding:program_detail", args=[program.slug]))
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
    documents.attachment(
        response, documents.export_filename(fr="aluhub-echeances", en="aluhub-deadlines", ext="ics")
    )
    return response
