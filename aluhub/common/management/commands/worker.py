"""``aluhub worker``: run background tasks (e-mails) and the recurring jobs of the schedule.

It is the ``django-tasks`` database worker (``db_worker``; same options: ``--batch``,
``--interval``, ``--queue-name``, ``--max-tasks``...) plus a scheduler thread that
enqueues the jobs of :data:`aluhub.common.schedule.SCHEDULE` when they are due.
``--batch`` enqueues the due jobs once, runs every ready task and exits (tests, cron).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from argparse import ArgumentParser
from typing import Any

from django.db import close_old_connections, connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from aluhub.common.schedule import scheduled_jobs_enqueue

logger = logging.getLogger("aluhub.schedule")

#: Seconds between two looks at the schedule.
SCHEDULER_INTERVAL = 30.0


def _scheduler_loop(stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            close_old_connections()
            for name in scheduled_jobs_enqueue():
                logger.info("scheduled job %s enqueued", name)
        except Exception:
            logger.exception("the scheduler could not enqueue the due jobs")
        finally:
            connection.close()
        stop.wait(SCHEDULER_INTERVAL)


class Command(db_worker.Command):
    help = "Run background tasks (e-mails) and the scheduled jobs (alerts, digests, reminders)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help="only run tasks; another worker enqueues the scheduled jobs",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options.pop("no_schedule"):
            if options["batch"]:
                scheduled_jobs_enqueue()
            elif not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                # With --reload only the child process (the one running tasks) schedules.
                threading.Thread(
                    target=_scheduler_loop,
                    args=(threading.Event(),),
                    name="aluhub-scheduler",
                    daemon=True,
                ).start()
        if not options["batch"]:
            super().handle(*args, **options)
            return
        # A batch run ends: give the caller (a test, cron) its own signal handlers back.
        saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            super().handle(*args, **options)
        finally:
            for sig, handler in saved.items():
                signal.signal(sig, handler)
