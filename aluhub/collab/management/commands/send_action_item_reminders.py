"""Remind owners of open action items due within a few days (run daily by the worker)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aluhub.collab.services import action_item_reminders_send
from aluhub.common.cli import counted


class Command(BaseCommand):
    help = "E-mail owners of open action items due soon (each item once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="Day to act as today (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today: expected a date as YYYY-MM-DD", returncode=2) from exc
        sent = action_item_reminders_send(today=today)
        self.stdout.write(
            f"{counted(sent, 'action-item reminder', 'action-item reminders')} queued."
        )
