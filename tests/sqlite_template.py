"""A migrated SQLite test database, built once and copied into each test run's database.

Applying every migration to an empty database costs about 15 s of CPU, and ``make test`` paid
it again and again: once per xdist worker of the SQLite stage, once in the browser stage, once
in the API stage. The first run that needs a test database migrates it as Django always does
and saves a copy under ``var/test-db/``; the next runs (the other worker, the later stages, the
next ``make test``) copy that file into their own in-memory database instead of migrating.

The copy is only used while it is exact: its name holds a digest of every Python file of
``aluhub/`` (models, migrations and the code they import), of the installed distributions
and their versions (Django's and the libraries' own migrations) and of the SQLite library's
version. Any change gives another name, so the next run migrates again. The migrations
themselves are still applied for real on SQLite by that first run (``make test`` makes it in
its test-databases stage: tests/database_templates.py), on PostgreSQL once per run (the
template database of tests/database_templates.py, or each worker without it), and by
tests/common/test_financing_migration.py.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.metadata
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIRECTORY = ROOT / "var" / "test-db"


def digest() -> str:
    """What the migrated schema and the rows of the data migrations depend on."""
    h = hashlib.sha256()
    for path in sorted((ROOT / "aluhub").rglob("*.py")):
        h.update(str(path.relative_to(ROOT)).encode())
        h.update(path.read_bytes())
    # A set: the editable install is found twice when the checkout is on sys.path (its
    # aluhub.egg-info), once otherwise; the digest must not depend on sys.path.
    distributions = sorted(
        {f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()}
    )
    h.update("\n".join(distributions).encode())
    h.update(sqlite3.sqlite_version.encode())
    return h.hexdigest()[:20]


def path() -> Path:
    return DIRECTORY / f"migrated-{digest()}.sqlite3"


@contextmanager
def locked() -> Iterator[Path]:
    """The template's path, with an exclusive lock held: a second process waits for the
    first to finish writing it instead of migrating too."""
    DIRECTORY.mkdir(parents=True, exist_ok=True)
    with open(DIRECTORY / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield path()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def save(connection: sqlite3.Connection, target: Path) -> None:
    """Write a migrated database to ``target`` (atomically) and drop stale templates."""
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    copy = sqlite3.connect(partial)
    try:
        connection.backup(copy)
    finally:
        copy.close()
    os.replace(partial, target)
    for old in DIRECTORY.glob("migrated-*.sqlite3"):
        if old != target:
            old.unlink(missing_ok=True)


def load(template: Path, connection: sqlite3.Connection) -> None:
    """Copy the template's tables and rows into ``connection``'s (empty) database."""
    source = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
    try:
        source.backup(connection)
    finally:
        source.close()
