"""Recurring jobs are enqueued by the worker when due, once, and run as tasks."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from aluhub.circular.models import Listing
from aluhub.common.models import ScheduledJob
from aluhub.common.schedule import SCHEDULE, Job, job_by_name, scheduled_jobs_enqueue
from tests.circular.factories import ListingFactory

MONTREAL = ZoneInfo("America/Toronto")
UTC = ZoneInfo("UTC")


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=MONTREAL)


def test_job_every_minutes_runs_that_long_after() -> None:
    job = Job("x", ("noop",), every_minutes=10)
    assert job.next_after(local(2026, 12, 4, 6, 3)) == local(2026, 12, 4, 6, 13)


def test_job_daily_runs_at_local_time_today_or_tomorrow() -> None:
    job = Job("x", ("noop",), at=dt.time(6, 0))
    assert job.next_after(local(2026, 12, 4, 5, 59)) == local(2026, 12, 4, 6, 0)
    assert job.next_after(local(2026, 12, 4, 6, 0)) == local(2026, 12, 5, 6, 0)


def test_job_daily_keeps_local_hour_across_daylight_saving_change() -> None:
    job = Job("x", ("noop",), at=dt.time(6, 0))
    after = job.next_after(local(2026, 11, 1, 0, 30))  # clocks fall back at 2:00 that night
    assert after.astimezone(MONTREAL).hour == 6
    assert after.astimezone(UTC).hour == 11


def test_job_weekly_runs_on_its_weekday() -> None:
    job = Job("x", ("noop",), at=dt.time(7, 0), weekday=0)
    # Friday 2026-12-04 -> Monday 2026-12-07 at 7:00.
    assert job.next_after(local(2026, 12, 4, 8, 0)) == local(2026, 12, 7, 7, 0)


def test_schedule_names_are_unique_and_commands_exist() -> None:
    from django.core.management import get_commands

    assert len({job.name for job in SCHEDULE}) == len(SCHEDULE)
    assert {job.command[0] for job in SCHEDULE} <= set(get_commands())
    assert job_by_name("alerts-daily").command == ("send_alerts", "--frequency", "daily")


@pytest.mark.django_db
def test_scheduled_jobs_enqueue_each_due_job_once(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    start = local(2026, 12, 4, 6, 3)
    assert scheduled_jobs_enqueue(now=start) == []  # first sight: next slot, not at once
    assert ScheduledJob.objects.count() == len(SCHEDULE)
    a_week_later = start + dt.timedelta(days=8)
    assert sorted(scheduled_jobs_enqueue(now=a_week_later)) == sorted(j.name for j in SCHEDULE)
    assert scheduled_jobs_enqueue(now=a_week_later) == []  # a second worker finds nothing
    assert DBTaskResult.objects.filter(status="READY").count() == len(SCHEDULE)
    daily = ScheduledJob.objects.get(name="alerts-daily")
    assert daily.next_run_at == local(2026, 12, 13, 6, 0)


# The worker closes its database connection after each task (as in production):
# only a transactional test database survives that on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_worker_runs_due_listing_expiry_and_records_its_outcome(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    old = ListingFactory(expires_on=timezone.localdate() - dt.timedelta(days=1))
    scheduled_jobs_enqueue()
    ScheduledJob.objects.filter(name="listings-expire").update(
        next_run_at=timezone.now() - dt.timedelta(minutes=1)
    )
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert Listing.objects.get(pk=old.pk).status == "expired"
    job = ScheduledJob.objects.get(name="listings-expire")
    assert (job.last_failed, job.last_outcome) == (False, "1 listing expired")
    assert job.next_run_at > timezone.now()
