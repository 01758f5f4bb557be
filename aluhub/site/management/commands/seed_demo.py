"""``aluhub seed_demo``: demo accounts (one per role) and demo content, clearly marked as demo."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from aluhub.accounts.demo import login_table
from aluhub.site.plugins import demo_seeders


class Command(BaseCommand):
    help = "Create demo accounts (one per role) and demo organizations/content. Safe to rerun."

    def handle(self, *args: Any, **options: Any) -> None:
        for label, seed in demo_seeders():
            for line in seed():
                self.stdout.write(
                    f"[{label}] {line}" if line and not line.startswith(" ") else line
                )
        self.stdout.write("")
        for line in login_table():
            self.stdout.write(line)
