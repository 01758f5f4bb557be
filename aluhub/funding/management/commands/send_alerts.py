"""``aluhub send_alerts [--frequency immediate|daily|weekly]`` (for cron).

Emails every confirmed alert the programs that are new or materially changed since its
last delivery. Safe to run as often as wanted: the delivery log never sends a change
twice, and daily/weekly alerts wait for their interval.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from aluhub.common.subscriptions import Frequency
from aluhub.funding.alerts.services import alerts_send


class Command(BaseCommand):
    help = "Send the funding alerts (new or materially changed programs)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--frequency", choices=Frequency.values, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        report = alerts_send(frequency=options["frequency"])
        self.stdout.write(
            f"{report.subscriptions} alerts, {report.emails} emails, {report.items} programs"
        )
