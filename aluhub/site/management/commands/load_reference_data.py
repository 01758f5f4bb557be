"""``aluhub load_reference_data``: load every app's shipped reference data (idempotent)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from aluhub.common.reference import no_progress, tqdm_progress
from aluhub.site.plugins import reference_loaders


class Command(BaseCommand):
    help = "Load the reference data shipped in aluhub/data (upsert by id/slug; safe to rerun)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--only", action="append", default=[], help="app label(s) to load")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        progress = no_progress if options["no_progress"] else tqdm_progress
        loaders = [
            (lbl, fn)
            for lbl, fn in reference_loaders()
            if not options["only"] or lbl in options["only"]
        ]
        if not loaders:
            self.stdout.write("No reference data loader found.")
            return
        for label, load in loaders:
            for summary in load(progress):
                self.stdout.write(f"[{label}] {summary}")
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
