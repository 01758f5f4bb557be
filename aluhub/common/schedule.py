"""Recurring jobs, run by the worker (``aluhub worker``) instead of cron.

:data:`SCHEDULE` is the table: each job names an ``aluhub`` command and when it runs
(every N minutes, or daily / weekly at a local time in ``TIME_ZONE``). The worker calls
:func:`scheduled_jobs_enqueue` about every 30 seconds; a job that is due gets its
``ScheduledJob.next_run_at`` moved forward by a conditional update, so with several
workers exactly one enqueues it, and :func:`run_scheduled_job` runs the command as a
task and records how it went (listed for staff in the admin). A job missed while no
worker ran runs once when a worker starts again, not once per missed slot. Every
command is idempotent (delivery logs), so running one by hand as well is harmless.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from aluhub.common.models import ScheduledJob
from aluhub.common.tasks_compat import task

logger = logging.getLogger("aluhub.schedule")


@dataclass(frozen=True)
class Job:
    """``command`` every ``every_minutes``, or at ``at`` (local) daily or on ``weekday`` (0=Mon)."""

    name: str
    command: tuple[str, ...]
    every_minutes: int | None = None
    at: time | None = None
    weekday: int | None = None

    def next_after(self, moment: datetime) -> datetime:
        """The first run strictly after ``moment`` (an aware datetime)."""
        if self.every_minutes is not None:
            return moment + timedelta(minutes=self.every_minutes)
        if self.at is None:
            raise ValueError(f"job {self.name}: give every_minutes or at")
        zone = ZoneInfo(settings.TIME_ZONE)
        local = moment.astimezone(zone)
        day = local.date()
        while True:
            candidate = datetime.combine(day, self.at, tzinfo=zone)
            if candidate > local and (self.weekday is None or day.weekday() == self.weekday):
                return candidate.astimezone(ZoneInfo("UTC"))
            day += timedelta(days=1)


MONDAY, SUNDAY = 0, 6

#: The recurring jobs (README "Background worker and scheduled jobs" lists them too).
SCHEDULE: tuple[Job, ...] = (
    Job("emails-retry-overdue", ("retry_emails",), every_minutes=5),
    Job("alerts-immediate", ("send_alerts", "--frequency", "immediate"), every_minutes=10),
    Job("alerts-daily", ("send_alerts", "--frequency", "daily"), at=time(6, 0)),
    Job("alerts-weekly", ("send_alerts", "--frequency", "weekly"), at=time(6, 0), weekday=MONDAY),
    Job("deadline-reminders", ("send_deadline_reminders",), at=time(7, 0)),
    Job("news-immediate", ("send_news_digest", "--frequency", "immediate"), every_minutes=10),
    Job("news-daily", ("send_news_digest", "--frequency", "daily"), at=time(7, 0)),
    Job(
        "news-weekly", ("send_news_digest", "--frequency", "weekly"), at=time(7, 0), weekday=MONDAY
    ),
    Job(
        "job-alerts-immediate",
        ("send_subscriptions", "--channel", "jobs", "--frequency", "immediate"),
        every_minutes=10,
    ),
    Job(
        "job-alerts-daily",
        ("send_subscriptions", "--channel", "jobs", "--frequency", "daily"),
        at=time(7, 15),
    ),
    Job(
        "job-alerts-weekly",
        ("send_subscriptions", "--channel", "jobs", "--frequency", "weekly"),
        at=time(7, 15),
        weekday=MONDAY,
    ),
    Job("listings-expire", ("expire_listings",), at=time(2, 30)),
    Job("action-item-reminders", ("send_action_item_reminders",), at=time(7, 30)),
    Job("event-reminders", ("send_event_reminders",), every_minutes=60),
    Job(
        "event-alerts-immediate",
        ("send_subscriptions", "--channel", "events", "--frequency", "immediate"),
        every_minutes=10,
    ),
    Job(
        "event-alerts-daily",
        ("send_subscriptions", "--channel", "events", "--frequency", "daily"),
        at=time(7, 15),
    ),
    Job(
        "event-alerts-weekly",
        ("send_subscriptions", "--channel", "events", "--frequency", "weekly"),
        at=time(7, 15),
        weekday=MONDAY,
    ),
    Job("links-check", ("check_links",), at=time(3, 0), weekday=SUNDAY),
    Job("uploads-sweep", ("sweep_uploads",), at=time(3, 30)),
    Job("sessions-clear", ("clearsessions",), at=time(3, 45)),
    Job(
        "task-results-prune",
        ("prune_db_task_results", "--min-age-days", "14"),
        at=time(4, 0),
    ),
)


def job_by_name(name: str) -> Job:
    for job in SCHEDULE:
        if job.name == name:
            return job
    raise KeyError(name)


def scheduled_jobs_enqueue(*, now: datetime | None = None) -> list[str]:
    """Enqueue every job that is due at ``now``; answer their names.

    A job seen for the first time is scheduled for its next slot, not run at once.
    """
    now = now or timezone.now()
    enqueued = []
    for job in SCHEDULE:
        row, created = ScheduledJob.objects.get_or_create(
            name=job.name, defaults={"next_run_at": job.next_after(now)}
        )
        if created or row.next_run_at > now:
            continue
        won = ScheduledJob.objects.filter(pk=row.pk, next_run_at=row.next_run_at).update(
            next_run_at=job.next_after(now), last_enqueued_at=now
        )
        if won:
            run_scheduled_job.enqueue(job.name)
            enqueued.append(job.name)
    return enqueued


@task()
def run_scheduled_job(name: str) -> str:
    """Run one job's command; record its output (or error) on its ``ScheduledJob`` row."""
    job = job_by_name(name)
    out = io.StringIO()
    try:
        call_command(*job.command, stdout=out, stderr=out)
    except BaseException as exc:
        outcome = f"{type(exc).__name__}: {exc}"[:2000]
        ScheduledJob.objects.filter(name=name).update(
            last_finished_at=timezone.now(), last_outcome=outcome, last_failed=True
        )
        logger.error("scheduled job %s failed: %s", name, outcome)
        raise
    outcome = " ".join(out.getvalue().split())[:2000]
    ScheduledJob.objects.filter(name=name).update(
        last_finished_at=timezone.now(), last_outcome=outcome, last_failed=False
    )
    return outcome
