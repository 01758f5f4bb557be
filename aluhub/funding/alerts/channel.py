"""The funding-alerts channel of the subscriptions core: programs new or materially
changed since the alert's last delivery that match its search or its company."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from aluhub.common.mail import site_url
from aluhub.common.subscriptions import Channel

from .models import AlertDelivery, AlertKind, AlertSubscription
from .services import ALERTS_CHANNEL, AlertItem, alert_items, describe_alert, group_label


class FundingAlertsChannel(Channel):
    key = ALERTS_CHANNEL
    model = AlertSubscription
    title = gettext_lazy("AluHub funding alert")
    confirm_subject = gettext_lazy("Confirm your AluHub funding alert")
    url_prefix = "funding:alert_"
    home_url_name = "funding:alert_index"
    template = "funding/alerts/email/alert.txt"
    subject_one = gettext_lazy("AluHub funding alert: %(title)s")
    # Only for two programs or more (one is named by subject_one).
    subject_many = gettext_lazy("AluHub funding alert: %(count)d programs new or changed")

    def describe(self, subscription: Any) -> list[str]:
        return describe_alert(subscription)

    def new_items(self, subscription: Any, *, since: dt.datetime, now: dt.datetime) -> list[Any]:
        return alert_items(subscription, now=now)

    def record(self, subscription: Any, items: Sequence[Any]) -> list[Any]:
        fresh: list[AlertItem] = []
        for item in items:
            created_any = False
            for change in item.changes:
                _row, created = AlertDelivery.objects.get_or_create(
                    subscription=subscription, program=item.program, change=change
                )
                created_any = created_any or created
            if created_any:
                fresh.append(item)
        return fresh

    def context(self, subscription: Any, items: Sequence[Any]) -> dict[str, Any]:
        return {
            "alert": subscription,
            "items": [
                {
                    "program": i.program,
                    "is_new": i.is_new,
                    "groups": [group_label(g) for g in i.groups],
                    "reasons": i.reasons,
                    "url": site_url(reverse("funding:program_detail", args=[i.program.slug])),
                }
                for i in items
            ],
            "is_company": subscription.kind == AlertKind.COMPANY,
        }
