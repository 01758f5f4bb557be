"""``aluhub reindex``: rebuild every stored search document (after the search module or
its synonym list changed). Safe to rerun."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from aluhub.site.plugins import search_reindexers


class Command(BaseCommand):
    help = "Rebuild the stored search documents of every searchable list (safe to rerun)."

    def handle(self, *args: Any, **options: Any) -> None:
        for label, reindex in search_reindexers():
            self.stdout.write(f"[{label}] {reindex()} documents rebuilt")
