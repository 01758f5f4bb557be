"""``aluhub check_links [--timeout SECONDS]``.

Checks the official URL of every program (HEAD, then GET when HEAD fails) and stores
the last status on ``LinkCheck``; broken links show on the staff staleness report.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from aluhub.funding.curation.services import link_checks_run


class Command(BaseCommand):
    help = "Check the official URLs of the funding programs."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--timeout", type=float, default=10.0)

    def handle(self, *args: Any, **options: Any) -> None:
        report = link_checks_run(timeout=options["timeout"])
        self.stdout.write(f"{report.checked} checked, {report.broken} broken")
