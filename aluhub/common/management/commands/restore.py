"""``aluhub restore PATH [--force]``: restore an ``aluhub backup`` archive, then migrate.

Every checksum is checked first; a database holding data or a non-empty media folder is
replaced only with ``--force``.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from aluhub.common.backup import BackupError, backup_restore
from aluhub.common.cli import counted, fail


class Command(BaseCommand):
    help = "Restore a backup archive (database and media folder), then migrate."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="archive written by aluhub backup")
        parser.add_argument(
            "--force", action="store_true", help="replace a database that holds data"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup_restore(path=Path(options["path"]), force=options["force"])
        except BackupError as exc:
            fail(f"error: {exc}")
            return
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} "
            f"({counted(len(manifest['files']) - 1, 'media file', 'media files')}) and migrated."
        )
