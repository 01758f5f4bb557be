"""``aluhub backup PATH``: the database and the uploaded files in one checked archive.

See aluhub/common/backup.py for the archive's content; README "Backups" for a schedule.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from aluhub.common.backup import BackupError, backup_create
from aluhub.common.cli import counted, fail


class Command(BaseCommand):
    help = "Write the database and the media folder into one .tar.gz with a manifest."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="archive to write, e.g. aluhub-2026-12-04.tar.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_create(path=Path(options["path"]))
        except BackupError as exc:
            fail(f"error: {exc}")
            return
        files = counted(summary.files, "media file", "media files")
        self.stdout.write(
            f"{options['path']}: {summary.engine} database and {files}, "
            f"{summary.bytes} bytes before compression"
        )
