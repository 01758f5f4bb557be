"""New-event alerts (subscribe; the confirm / unsubscribe / settings pages are the
subscriptions core's) and the private calendar feed ("my events and meetings")."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aluhub.common import subscriptions
from aluhub.common.forms import apply_validation_error

from . import ics, selectors, services
from .forms import EventAlertForm


@require_http_methods(["GET", "POST"])
@subscriptions.rate_limited
def alert_subscribe(request: HttpRequest) -> HttpResponse:
    user = request.user if request.user.is_authenticated else None
    initial = {
        "language": request.LANGUAGE_CODE,
        "frequency": "weekly",
        **{name: request.GET.get(name, "") for name in ("region", "kind", "audience")},
    }
    if user is not None:
        initial["email"] = user.email
    form = EventAlertForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.event_alert_request(user=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return render(
                request,
                "common/subscriptions/subscribed.html",
                subscriptions.subscribed_context(subscriptions.get_channel("events"), outcome),
            )
    status = 400 if request.method == "POST" else 200
    return render(request, "collab/alert_subscribe.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def calendar_feed(request: HttpRequest) -> HttpResponse:
    """The signed-in user's private calendar address: create, renew or revoke it."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_feed_revoke(user=request.user)
            messages.success(request, _("Your private calendar address no longer works."))
        else:
            services.calendar_feed_renew(user=request.user)
            messages.success(request, _("Your private calendar address is ready."))
        return redirect("collab:calendar_feed")
    feed = selectors.calendar_feed_of(request.user)
    url = (
        request.build_absolute_uri(reverse("collab:calendar_feed_ics", args=[feed.token]))
        if feed
        else ""
    )
    return render(request, "collab/calendar_feed.html", {"feed": feed, "url": url})


def calendar_feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed itself: no session needed, the secret in the URL is the proof."""
    feed = selectors.get_calendar_feed_by_token(token)
    services.calendar_feed_read(feed=feed)
    events, meetings = selectors.my_calendar(feed.user)
    cal = ics.personal_calendar(_("My AluHub calendar"), events=events, meetings=meetings)
    response = ics.ics_response(cal, filename="aluhub-my-calendar.ics")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
