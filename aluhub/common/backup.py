"""One-archive backups of the default database and the uploaded files, and their restore.

``aluhub backup PATH`` writes a ``.tar.gz`` holding:

- ``manifest.json``: format, date, database engine, the last applied migration of each
  app, and the size and SHA-256 of every other member;
- ``database.sqlite3`` (SQLite's online backup API: consistent while the server runs and
  writes) or ``database.pgdump`` (``pg_dump --format=custom``);
- ``media/...``: every file under ``MEDIA_ROOT``.

``aluhub restore PATH`` checks every checksum before touching anything, refuses to
overwrite a database that holds data or a non-empty media folder unless ``--force``,
restores (SQLite backup API, or ``pg_restore --clean``), replaces the media folder, then
migrates. An archive is restored into the same database engine it was taken from.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore refused or failed; the message is one line for the operator."""


@dataclass(frozen=True)
class BackupSummary:
    engine: str
    files: int
    bytes: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"unsupported database engine: {vendor}")
    return vendor


def _pg_tool(name: str) -> str:
    """``pg_dump`` / ``pg_restore``: on the PATH, else the newest server's binaries."""
    found = shutil.which(name)
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    if candidates:
        return str(candidates[-1])
    if found:
        return found
    raise BackupError(f"{name} not found: install the PostgreSQL client programs")


def _pg_args_env() -> tuple[list[str], dict[str, str]]:
    params = connection.settings_dict
    args = ["--dbname", str(params["NAME"])]
    if params.get("HOST"):
        args += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    if params.get("USER"):
        args += ["--username", str(params["USER"])]
    env = dict(os.environ)
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 (fixed program, arguments from settings)
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise BackupError(f"{Path(command[0]).name} failed: {last}")


def _dump_database(folder: Path, engine: str) -> Path:
    if engine == "sqlite":
        target = folder / SQLITE_FILE
        connection.ensure_connection()
        source = connection.connection
        with sqlite3.connect(target) as copy:
            source.backup(copy)  # online: pages copied consistently while others write
        copy.close()
        return target
    target = folder / PG_FILE
    args, env = _pg_args_env()
    _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), *args], env)
    return target


def _migrations() -> dict[str, str]:
    recorder = MigrationRecorder(connection)
    last: dict[str, str] = {}
    for app, name in recorder.migration_qs.order_by("id").values_list("app", "name"):
        last[app] = name
    return last


def backup_create(*, path: Path) -> BackupSummary:
    """Write the archive at ``path`` (refused if it exists); answer what it holds."""
    if path.exists():
        raise BackupError(f"{path} already exists: choose a new file name")
    engine = _engine()
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="aluhub-backup-") as tmp:
        database = _dump_database(Path(tmp), engine)
        members: list[tuple[str, Path]] = [(database.name, database)]
        if media_root.is_dir():
            for file in sorted(p for p in media_root.rglob("*") if p.is_file()):
                members.append((f"media/{file.relative_to(media_root).as_posix()}", file))
        entries: list[dict[str, Any]] = [
            {"name": name, "size": file.stat().st_size, "sha256": _sha256(file)}
            for name, file in members
        ]
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": engine,
            "database": database.name,
            "migrations": _migrations(),
            "files": entries,
        }
        manifest_file = Path(tmp) / MANIFEST
        manifest_file.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(manifest_file, arcname=MANIFEST)
            for name, file in members:
                archive.add(file, arcname=name)
        partial.replace(path)
    return BackupSummary(
        engine=engine,
        files=len(members) - 1,
        bytes=sum(int(e["size"]) for e in entries),
    )


def _safe_name(name: str) -> bool:
    pure = PurePosixPath(name)
    return not pure.is_absolute() and ".." not in pure.parts and name == pure.as_posix()


def _extract_checked(archive_path: Path, folder: Path) -> dict[str, Any]:
    """Extract into ``folder`` after checking the manifest; answer the manifest."""
    try:
        archive = tarfile.open(archive_path, "r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"{archive_path}: not a backup archive ({exc})") from exc
    with archive:
        try:
            raw = archive.extractfile(MANIFEST)
            manifest = json.loads(raw.read().decode("utf-8")) if raw else None
        except (KeyError, ValueError) as exc:
            raise BackupError(f"{archive_path}: no readable {MANIFEST}") from exc
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BackupError(f"{archive_path}: unknown backup format")
        expected = {entry["name"]: entry for entry in manifest["files"]}
        seen: set[str] = set()
        for member in archive:
            if member.name == MANIFEST:
                continue
            if member.name not in expected or not member.isfile() or not _safe_name(member.name):
                raise BackupError(f"{archive_path}: unexpected member {member.name!r}")
            source = archive.extractfile(member)
            if source is None:
                raise BackupError(f"{archive_path}: unreadable member {member.name!r}")
            target = folder / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with target.open("wb") as out:
                while block := source.read(CHUNK):
                    digest.update(block)
                    out.write(block)
            if digest.hexdigest() != expected[member.name]["sha256"]:
                raise BackupError(f"{archive_path}: checksum mismatch for {member.name}")
            seen.add(member.name)
        missing = sorted(set(expected) - seen)
        if missing:
            raise BackupError(f"{archive_path}: missing member {missing[0]}")
    return manifest


def _database_holds_data() -> bool:
    tables = set(connection.introspection.table_names())
    if "django_migrations" not in tables:
        return False
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.db_table in tables and model._base_manager.exists():
            return True
    return False


def _restore_sqlite(file: Path) -> None:
    connection.ensure_connection()
    target = connection.connection
    with sqlite3.connect(file) as source:
        source.backup(target)
    source.close()


def _restore_postgresql(file: Path) -> None:
    args, env = _pg_args_env()
    connection.close()
    _run(
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            *args,
            str(file),
        ],
        env,
    )


def backup_restore(*, path: Path, force: bool) -> dict[str, Any]:
    """Restore the archive at ``path``; answer its manifest."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    engine = _engine()
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="aluhub-restore-") as tmp:
        folder = Path(tmp)
        manifest = _extract_checked(path, folder)
        if manifest["engine"] != engine:
            raise BackupError(
                f"the archive holds a {manifest['engine']} database; this server uses {engine}"
            )
        if not force:
            if _database_holds_data():
                raise BackupError("the database holds data: restore with --force to replace it")
            if media_root.is_dir() and any(media_root.iterdir()):
                raise BackupError(f"{media_root} is not empty: restore with --force to replace it")
        database = folder / manifest["database"]
        if engine == "sqlite":
            _restore_sqlite(database)
        else:
            _restore_postgresql(database)
        if media_root.is_dir():
            shutil.rmtree(media_root)
        media_root.mkdir(parents=True, exist_ok=True)
        extracted_media = folder / "media"
        if extracted_media.is_dir():
            shutil.copytree(extracted_media, media_root, dirs_exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    # Cached pages and counts describe the database that was replaced (the directory's counts
    # are numbered by its change log, which goes back with the data): drop them all.
    cache.clear()
    return manifest
