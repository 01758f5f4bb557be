"""The new-event alerts channel of the subscriptions core: upcoming published events
matching the alert's filter (region, type, audience; blank = any), one e-mail per delivery."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from aluhub.common.regions import region_name
from aluhub.common.subscriptions import Channel

from . import selectors
from .models import Audience, Event, EventAlert, EventAlertDelivery, EventKind

EVENTS_CHANNEL = "events"


def alert_filters(alert: EventAlert) -> selectors.EventFilters:
    """The event list's filters an alert saved (blank = any)."""
    return selectors.EventFilters(region=alert.region, kind=alert.kind, audience=alert.audience)


class EventAlertsChannel(Channel):
    key = EVENTS_CHANNEL
    model = EventAlert
    title = gettext_lazy("AluHub event alerts")
    confirm_subject = gettext_lazy("Confirm your AluHub event alert")
    url_prefix = "collab:alert_"
    home_url_name = "collab:event_list"
    delivery_log = (EventAlertDelivery, "alert", "event")
    template = "collab/email/event_alert.txt"
    item_name = "events"
    subject_one = gettext_lazy("New event: %(title)s")
    subject_many = gettext_lazy("AluHub: %(count)d new events")
    item_order = ("starts_at",)

    def describe(self, subscription: Any) -> list[str]:
        any_value = _("any")
        # « Région : toutes » (feminine), « Type : tous », « Public : tous ».
        any_region = pgettext("any region", "any")
        region = region_name(subscription.region) if subscription.region else any_region
        kind = EventKind(subscription.kind).label if subscription.kind else any_value
        audience = Audience(subscription.audience).label if subscription.audience else any_value
        return [
            _("Region: %(value)s") % {"value": region},
            _("Type: %(value)s") % {"value": kind},
            _("Audience: %(value)s") % {"value": audience},
        ]

    def watched(self, subscription: Any, *, now: dt.datetime) -> QuerySet[Event]:
        """The event list's query: published events not over yet that match the alert."""
        return selectors.events_listed(alert_filters(subscription), now=now)
