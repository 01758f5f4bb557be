"""``aluhub send_news_digest --frequency immediate|daily|weekly``: for cron (see docs/news.md)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from aluhub.common.subscriptions import Frequency
from aluhub.community.services import digest_send


class Command(BaseCommand):
    help = "Email new bulletins to confirmed subscribers of their categories (never twice)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--frequency", choices=Frequency.values, default="immediate")

    def handle(self, *args: Any, **options: Any) -> None:
        report = digest_send(frequency=options["frequency"])
        self.stdout.write(
            f"{report.emails} emails sent ({report.items} bulletins) "
            f"to {report.subscriptions} {options['frequency']} subscriptions."
        )
