"""``aluhub send_deadline_reminders [--days N]`` (for a daily cron).

Emails the members of each organization with an application still at "interested"
whose next intake deadline is within N days (default 14). Never twice per deadline.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from aluhub.funding_plans.services import reminders_send


class Command(BaseCommand):
    help = "Email reminders before the intake deadlines of tracked applications."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--days", type=int, default=14)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["days"] < 0:
            raise CommandError("--days must be 0 or more")
        report = reminders_send(days=options["days"])
        self.stdout.write(
            f"{report.applications} applications, {report.reminders} reminders, "
            f"{report.emails} emails"
        )
