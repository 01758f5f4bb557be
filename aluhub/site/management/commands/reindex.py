"""``aluhub reindex``: rebuild every stored search document (after the search module or
its synonym list changed) and remove the token-index rows of records that no longer exist.
Safe to rerun."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from aluhub.common import search
from aluhub.common.cli import counted
from aluhub.site.plugins import search_reindexers


class Command(BaseCommand):
    help = (
        "Rebuild the stored search documents of every searchable list and remove the index "
        "rows of deleted records (safe to rerun)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        removed = search.remove_orphans()
        for kind, count in removed.items():
            rows = counted(count, "orphan index row", "orphan index rows")
            self.stdout.write(f"[index] {kind}: {rows} removed")
        if not removed:
            self.stdout.write("[index] no orphan index rows")
        for label, reindex in search_reindexers():
            self.stdout.write(f"[{label}] {counted(reindex(), 'document', 'documents')} rebuilt")
