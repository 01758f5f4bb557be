"""Bulk import of teaching resources from a folder and a CSV manifest.

    aluhub import_resources FOLDER --manifest manifest.csv [--publish] [--dry-run]

All-or-nothing: every row is checked first (fields, choices, the file exists inside
FOLDER, its type by content and its size); if any row is bad, each problem is printed as
``row N (line L): field: message`` and nothing is imported (exit status 2). Every line is
English, the messages of the site's checks included. Otherwise
all rows are imported in one transaction (``services.resources_import``), with a progress
bar. Re-running the same manifest updates the resources by slug and adds a file version
only when the bytes changed.
"""

from __future__ import annotations

import csv
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils import translation

from aluhub.common.cli import counted, fail
from aluhub.common.reference import tqdm_progress
from aluhub.learning import files, services
from aluhub.learning.models import (
    Access,
    DisciplineCode,
    Level,
    ResourceLanguage,
    ResourceType,
    TopicCode,
)
from aluhub.learning.services import ResourceImportRow

REQUIRED = ["slug", "title_fr", "summary_fr", "type", "level"]
COLUMNS = [
    "file",
    "slug",
    "title_fr",
    "title_en",
    "summary_fr",
    "summary_en",
    "type",
    "level",
    "disciplines",
    "topics",
    "language",
    "access",
    "license",
    "authors",
    "duration_minutes",
    "video_url",
    "note",
]


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.replace(",", ";").split(";") if v.strip()]


def check_row(
    folder: Path, number: int, line: int, raw: dict[str, str]
) -> tuple[ResourceImportRow, list[str]]:
    errors: list[str] = []
    data = {k: (raw.get(k) or "").strip() for k in COLUMNS}
    for name in REQUIRED:
        if not data[name]:
            errors.append(f"{name}: required")
    choices = {
        "type": ResourceType.values,
        "level": Level.values,
        "language": ResourceLanguage.values,
        "access": Access.values,
    }
    for name, allowed in choices.items():
        if data[name] and data[name] not in allowed:
            errors.append(f"{name}: unknown value {data[name]!r} (allowed: {', '.join(allowed)})")
    disciplines, topics = _split(data["disciplines"]), _split(data["topics"])
    for name, values, allowed in (
        ("disciplines", disciplines, DisciplineCode.values),
        ("topics", topics, TopicCode.values),
    ):
        bad = [v for v in values if v not in allowed]
        if bad:
            errors.append(f"{name}: unknown value(s) {', '.join(bad)}")
    duration: int | None = None
    if data["duration_minutes"]:
        try:
            duration = int(data["duration_minutes"])
            if duration <= 0:
                raise ValueError
        except ValueError:
            errors.append("duration_minutes: not a positive whole number")
    path: Path | None = None
    if data["file"]:
        path = (folder / data["file"]).resolve()
        if folder not in path.parents:
            errors.append(f"file: {data['file']!r} is outside the folder")
            path = None
        elif not path.is_file():
            errors.append(f"file: {data['file']!r} not found in {folder}")
            path = None
        else:
            with open(path, "rb") as fh:
                try:
                    files.validate_upload(fh, name=path.name, size=path.stat().st_size)
                except ValidationError as exc:
                    errors.append(f"file: {' '.join(exc.messages)}")
    elif not data["video_url"]:
        errors.append("file: give a file or a video_url")
    fields = {
        "slug": data["slug"],
        "title_fr": data["title_fr"],
        "title_en": data["title_en"],
        "summary_fr": data["summary_fr"],
        "summary_en": data["summary_en"],
        "type": data["type"],
        "level": data["level"],
        "disciplines": disciplines,
        "topics": topics,
        "language": data["language"] or ResourceLanguage.FR,
        "access": data["access"] or Access.OPEN,
        "license": data["license"] or "CC BY 4.0",
        "authors": data["authors"],
        "duration_minutes": duration,
        "video_url": data["video_url"],
    }
    return ResourceImportRow(number, line, fields, path, data["note"]), errors


class Command(BaseCommand):
    help = "Import teaching resources from a folder and a CSV manifest (all or nothing)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("folder", help="folder holding the files named in the manifest")
        parser.add_argument("--manifest", required=True, help="CSV manifest (UTF-8, header row)")
        parser.add_argument("--publish", action="store_true", help="publish new resources")
        parser.add_argument("--dry-run", action="store_true", help="check the rows only")

    def handle(self, *args: Any, **options: Any) -> None:
        # An operator command writes English (docs/operations.md, "Command-line language"):
        # the site's messages it reuses (file checks, field lengths) come in English too.
        with translation.override("en"):
            self._import(options)

    def _import(self, options: dict[str, Any]) -> None:
        folder = Path(options["folder"]).resolve()
        if not folder.is_dir():
            fail(f"error: {options['folder']}: not a folder")
        try:
            with open(options["manifest"], encoding="utf-8-sig", newline="") as fh:
                reader = csv.DictReader(fh)
                header = reader.fieldnames or []
                missing = [c for c in REQUIRED if c not in header]
                if missing:
                    cut = len(header) == 1 and (";" in header[0] or "\t" in header[0])
                    hint = " (columns are separated by commas)" if cut else ""
                    fail(f"error: manifest: missing column(s) {', '.join(missing)}{hint}")
                raw_rows = [(reader.line_num, r) for r in reader]
                if not raw_rows:
                    fail("error: manifest: has no rows (only its header)")
        except OSError as exc:
            fail(f"error: cannot read {options['manifest']}: {exc.strerror or exc}")
        except UnicodeDecodeError as exc:
            fail(f"error: manifest: not UTF-8 text (byte {exc.start}); save it as CSV UTF-8")
        rows: list[ResourceImportRow] = []
        problems: list[str] = []
        slugs: dict[str, int] = {}
        for number, (line, raw) in enumerate(raw_rows, start=1):
            row, errors = check_row(folder, number, line, raw)
            slug = row.fields["slug"]
            if slug in slugs:
                errors.append(f"slug: {slug!r} already used by row {slugs[slug]}")
            slugs.setdefault(slug, number)
            problems += [f"row {number} (line {line}): {e}" for e in errors]
            rows.append(row)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            problems_found = counted(len(problems), "problem", "problems")
            fail(f"error: {problems_found} in the manifest; nothing was imported")
        if options["dry_run"]:
            self.stdout.write(f"{counted(len(rows), 'row', 'rows')} OK (dry run, nothing imported)")
            return
        try:
            counts = services.resources_import(
                rows=rows, publish=options["publish"], progress=tqdm_progress
            )
        except ValidationError as exc:
            fail(f"error: {' '.join(exc.messages)}; nothing was imported")
        self.stdout.write(
            f"{counted(len(rows), 'row', 'rows')} imported: {counts.created} created, "
            f"{counts.updated} updated, "
            f"{counted(counts.versions, 'new file version', 'new file versions')}"
        )
