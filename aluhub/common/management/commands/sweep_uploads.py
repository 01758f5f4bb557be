"""``aluhub sweep_uploads [--dry-run]``: delete uploaded files no row references (a day old).

The worker runs it daily (see aluhub/common/schedule.py); see docs/operations.md.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from aluhub.common.cli import counted
from aluhub.common.uploads import uploads_sweep


class Command(BaseCommand):
    help = (
        "Delete the files under the uploads folder that no row references and that are more "
        "than a day old (--dry-run: list and count them, delete nothing)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list, delete nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        names = uploads_sweep(dry_run=options["dry_run"])
        files = counted(len(names), "unreferenced file", "unreferenced files")
        if options["dry_run"]:
            for name in names:
                self.stdout.write(name)
            self.stdout.write(f"{files} would be deleted")
        else:
            self.stdout.write(f"{files} deleted")
