"""``aluhub setup``: migrate + load_reference_data + seed_demo. Safe to run twice."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Prepare a database: migrations, reference data and (unless --no-demo) demo accounts."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--no-demo",
            action="store_true",
            help="production: do not create demo accounts (they have published passwords)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING("1/3 Database migrations"))
        call_command("migrate", interactive=False, verbosity=0, stdout=self.stdout)
        self.stdout.write(self.style.MIGRATE_HEADING("2/3 Reference data"))
        call_command("load_reference_data", stdout=self.stdout)
        if options["no_demo"]:
            self.stdout.write("3/3 Demo accounts skipped (--no-demo).")
        else:
            self.stdout.write(self.style.MIGRATE_HEADING("3/3 Demo accounts and content"))
            call_command("seed_demo", stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("AluHub is ready."))
