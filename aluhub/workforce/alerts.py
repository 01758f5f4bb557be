"""The job-alerts channel of the subscriptions core: open postings published since the
alert was saved that match its search and were not yet sent to it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from aluhub.common.mail import site_url
from aluhub.common.regions import region_choices
from aluhub.common.subscriptions import Channel

from . import selectors
from .forms import trade_title
from .models import JobAlert, JobAlertDelivery, JobKind, JobPosting, StudyLevel

JOBS_CHANNEL = "jobs"


def alert_filters(alert: JobAlert) -> selectors.JobFilters:
    return selectors.JobFilters(
        q=alert.q,
        trade=alert.trade.slug if alert.trade_id and alert.trade else "",
        region=alert.region,
        kind=alert.kind,
        level=alert.level,
    )


def describe_alert(alert: JobAlert) -> list[str]:
    """The saved search as lines in the active language."""
    lines = []
    if alert.trade_id and alert.trade:
        lines.append(_("Trade: %(value)s") % {"value": trade_title(alert.trade)})
    if alert.region:
        regions = dict(region_choices())
        lines.append(
            pgettext("job alert", "Region: %(value)s")
            % {"value": regions.get(alert.region, alert.region)}
        )
    if alert.kind:
        lines.append(
            pgettext("job alert", "Type: %(value)s") % {"value": JobKind(alert.kind).label}
        )
    if alert.level:
        lines.append(_("Level of study: %(value)s") % {"value": StudyLevel(alert.level).label})
    if alert.q:
        lines.append(_("Words: %(value)s") % {"value": alert.q})
    return lines or [_("Every new internship and job")]


class JobAlertsChannel(Channel):
    key = JOBS_CHANNEL
    model = JobAlert
    title = gettext_lazy("AluHub internship and job alert")
    confirm_subject = gettext_lazy("Confirm your AluHub internship and job alert")
    url_prefix = "workforce:alert_"
    home_url_name = "workforce:jobs"
    delivery_log = (JobAlertDelivery, "alert", "posting")
    template = "workforce/email/job_alert.txt"
    subject_one = gettext_lazy("New posting: %(title)s")
    subject_many = gettext_lazy("AluHub: %(count)d new postings match your alert")
    item_order = ("created_at", "pk")

    def describe(self, subscription: Any) -> list[str]:
        return describe_alert(subscription)

    def watched(self, subscription: Any, *, now: dt.datetime) -> QuerySet[JobPosting]:
        # Postings published since the alert was saved; the delivery log says what was sent.
        # Open means open on the board: the closing date is a day in Québec, not in UTC.
        return selectors.job_filter(
            selectors.open_jobs(today=timezone.localdate(now)), alert_filters(subscription)
        ).filter(created_at__gte=subscription.created_at, created_at__lte=now)

    def context(self, subscription: Any, items: Sequence[Any]) -> dict[str, Any]:
        return {"jobs": [(job, site_url(reverse("workforce:job", args=[job.pk]))) for job in items]}
