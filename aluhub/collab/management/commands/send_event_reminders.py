"""Remind confirmed registrants of events that start soon (run hourly by the worker)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from aluhub.collab.services import event_reminders_send
from aluhub.common.cli import counted


class Command(BaseCommand):
    help = "E-mail confirmed registrants of events starting within 48 hours (each once)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = event_reminders_send()
        self.stdout.write(f"{counted(sent, 'event reminder', 'event reminders')} queued.")
