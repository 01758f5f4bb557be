"""``aluhub expire_listings``: mark active and reserved listings past their expiry date expired.

Run it daily from cron; it is safe to run any number of times.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from aluhub.circular.services import listings_expire
from aluhub.common.cli import counted


class Command(BaseCommand):
    help = "Mark exchange listings whose expiry date has passed as expired."

    def handle(self, *args: Any, **options: Any) -> None:
        count = listings_expire()
        self.stdout.write(f"{counted(count, 'listing', 'listings')} expired")
