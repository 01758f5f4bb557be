"""``aluhub retry_emails [--failed]``: put overdue (or, with ``--failed``, failed) e-mails back.

The worker runs it every 5 minutes (see aluhub/common/schedule.py); staff can also use
the "send again" action of the outgoing e-mails list in the admin.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from aluhub.common.cli import counted
from aluhub.common.mail import outgoing_emails_retry


class Command(BaseCommand):
    help = "Queue again the e-mails whose delivery is overdue (--failed: the failed ones too)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--failed", action="store_true", help="also the failed e-mails")

    def handle(self, *args: Any, **options: Any) -> None:
        count = outgoing_emails_retry(failed=options["failed"])
        self.stdout.write(f"{counted(count, 'e-mail', 'e-mails')} queued again")
