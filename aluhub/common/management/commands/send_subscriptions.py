"""``aluhub send_subscriptions [--channel KEY ...] [--frequency immediate|daily|weekly]``.

Delivers every due subscription of every channel (news, funding alerts, ...) through
``aluhub.common.subscriptions.deliver_due``. Safe to run as often as wanted.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from aluhub.common.subscriptions import CHANNELS, Frequency, deliver_due


class Command(BaseCommand):
    help = "Send what is new to every due e-mail subscription (all channels or some)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--channel", action="append", default=None)
        parser.add_argument("--frequency", choices=Frequency.values, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        unknown = [c for c in options["channel"] or [] if c not in CHANNELS]
        if unknown:
            raise CommandError(
                f"unknown channel {unknown[0]!r} (known: {', '.join(sorted(CHANNELS))})",
                returncode=2,
            )
        report = deliver_due(channels=options["channel"], frequency=options["frequency"])
        self.stdout.write(
            f"{report.subscriptions} subscriptions, {report.emails} emails, {report.items} items"
        )
