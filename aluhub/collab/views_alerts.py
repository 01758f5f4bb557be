"""New-event alerts (subscribe; the confirm / unsubscribe / settings pages are the
subscriptions core's) and the private calendar feed ("my events and meetings")."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aluhub.common import documents, subscription_views
from aluhub.common.mail import site_url

from . import ics, selectors, services
from .forms import EventAlertForm


def _alert_filters(request: HttpRequest) -> dict[str, str]:
    """The event list's filters in the address: what the new alert starts from."""
    return {name: request.GET.get(name, "") for name in ("region", "kind", "audience")}


alert_subscribe = subscription_views.subscribe_view(
    channel="events",
    form_class=EventAlertForm,
    request_subscription=services.event_alert_request,
    template="collab/alert_subscribe.html",
    initial=_alert_filters,
    invalid_status=400,
)


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
    # The address is read outside the site (a calendar application): SITE_URL, whatever
    # host name the page was asked for.
    url = (
        site_url(reverse("collab:calendar_feed_ics", args=[selectors.calendar_feed_token(feed)]))
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
    response = ics.ics_response(
        cal,
        filename=documents.export_filename(
            fr="aluhub-mon-calendrier", en="aluhub-my-calendar", ext="ics"
        ),
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
