"""``aluhub setup [--demo | --no-demo]``: migrate, reference data, static files, demo accounts.

Safe to run twice. Demo accounts (published password, a staff account among them) are
created only in debug mode or with ``--demo`` (``make run`` passes it), never by default
on a production database.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Prepare a database and the static files: migrations, reference data, collected "
        "static files, and demo accounts (in debug mode or with --demo)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        demo = parser.add_mutually_exclusive_group()
        demo.add_argument(
            "--demo",
            action="store_true",
            help="create the demo accounts even when debug is off (they have published passwords)",
        )
        demo.add_argument(
            "--no-demo", action="store_true", help="never create the demo accounts (production)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING("1/4 Database migrations"))
        call_command("migrate", interactive=False, verbosity=0, stdout=self.stdout)
        self.stdout.write(self.style.MIGRATE_HEADING("2/4 Reference data"))
        call_command("load_reference_data", stdout=self.stdout)
        self.stdout.write(self.style.MIGRATE_HEADING("3/4 Static files"))
        # With debug off the pages name files from the collected manifest: without it every
        # page would answer 500.
        call_command("collectstatic", interactive=False, verbosity=0, stdout=self.stdout)
        if options["demo"] or (settings.DEBUG and not options["no_demo"]):
            self.stdout.write(self.style.MIGRATE_HEADING("4/4 Demo accounts and content"))
            call_command("seed_demo", stdout=self.stdout)
        else:
            self.stdout.write(
                "4/4 Demo accounts skipped (only in debug mode or with --demo; "
                "they have published passwords)."
            )
        self.stdout.write(self.style.SUCCESS("AluHub is ready."))
