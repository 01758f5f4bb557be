"""Migrated test databases made once and copied, on SQLite and on PostgreSQL.

Applying every migration to an empty database costs about 15 s of CPU. Without templates
``make test`` paid it in each SQLite xdist worker (the second one waiting for the first), in
each PostgreSQL worker, and in the browser and API stages. Here:

- **SQLite**: the first process that needs a test database migrates it as Django always
  does and saves a copy (tests/sqlite_template.py); later processes copy it into their
  in-memory database instead of migrating.
- **PostgreSQL**: ``scripts/test.sh`` migrates one template database on the throwaway cluster
  while mypy runs (a stage that leaves a core idle) and names it in ``ALUHUB_TEST_PG_TEMPLATE``;
  each worker of the postgres stage then creates its database with ``CREATE DATABASE ...
  TEMPLATE`` (Django's ``TEST["TEMPLATE"]``) instead of migrating. Without that variable (a
  plain ``scripts/with-postgres.sh pytest``) each worker migrates, as before.

Both templates are made by Django's own ``create_test_db``, under the test settings (this
module imports pytest before Django reads them, like a test run), so a copy is the database a
worker would have migrated itself.

``python -m tests.database_templates sqlite`` makes the SQLite copy when it is missing;
``python -m tests.database_templates postgres DIR OWNER_PID`` (under
scripts/with-postgres.sh) migrates the PostgreSQL template, writes the cluster's address to
``DIR/url`` and keeps the cluster until ``DIR/release`` appears or the process OWNER_PID ends.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest  # noqa: F401 - aluhub.settings reads TESTING from it: the test settings

#: Names the migrated PostgreSQL template database for the workers of the postgres stage.
PG_TEMPLATE_VARIABLE = "ALUHUB_TEST_PG_TEMPLATE"
PG_TEMPLATE_NAME = "test_aluhub_template"


@contextmanager
def _migrate_replaced_by(replacement: Callable[[], None]) -> Iterator[None]:
    """Inside Django's ``create_test_db``: ``migrate`` runs ``replacement`` instead."""
    from django.core import management

    original = management.call_command

    def call_command(name: str, *args: Any, **kwargs: Any) -> Any:
        if name != "migrate":
            return original(name, *args, **kwargs)
        replacement()
        return None

    management.call_command = call_command  # type: ignore[assignment]
    try:
        yield
    finally:
        management.call_command = original


def sqlite_create_test_db(original: Callable[..., str]) -> Callable[..., str]:
    """Django's ``create_test_db`` for the in-memory SQLite test database, with the migrated
    tables copied from tests/sqlite_template.py's file when it is there, and that file
    written when this process had to migrate."""
    from django.db import connection

    from tests import sqlite_template

    def create_test_db(*args: Any, **kwargs: Any) -> str:
        with sqlite_template.locked() as template:
            if template.exists():

                def load() -> None:
                    connection.ensure_connection()
                    sqlite_template.load(template, connection.connection)

                with _migrate_replaced_by(load):
                    return original(*args, **kwargs)
            name = original(*args, **kwargs)
            sqlite_template.save(connection.connection, template)
            return name

    return create_test_db


def postgres_create_test_db(original: Callable[..., str]) -> Callable[..., str]:
    """Django's ``create_test_db`` for a database created from the migrated template
    (``TEST["TEMPLATE"]``): its tables, its data migrations' rows and its
    ``django_migrations`` rows are the template's, so nothing is left to migrate."""

    def create_test_db(*args: Any, **kwargs: Any) -> str:
        with _migrate_replaced_by(lambda: None):
            return original(*args, **kwargs)

    return create_test_db


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aluhub.settings")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()


def build_sqlite() -> None:
    from django.db import connection

    from tests import sqlite_template

    if sqlite_template.path().exists():
        return
    creation = connection.creation
    if not (
        connection.vendor == "sqlite" and creation.is_in_memory_db(creation._get_test_db_name())  # type: ignore[attr-defined]
    ):
        print("database_templates: the test database is not SQLite in memory: no copy made")
        return
    creation.create_test_db = sqlite_create_test_db(creation.create_test_db)  # type: ignore[method-assign]
    creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)


def build_postgres(directory: Path, owner: int) -> None:
    from django.db import connection

    assert connection.vendor == "postgresql", connection.vendor
    url = os.environ["ALUHUB_DATABASE_URL"]
    connection.settings_dict["TEST"]["NAME"] = PG_TEMPLATE_NAME
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    # CREATE DATABASE ... TEMPLATE refuses a template with a session open on it.
    connection.close()
    partial = directory / "url.partial"
    partial.write_text(url + "\n", encoding="utf-8")
    partial.replace(directory / "url")
    print(f"database_templates: {PG_TEMPLATE_NAME} migrated; holding the cluster", flush=True)
    while not (directory / "release").exists() and _alive(owner):
        time.sleep(0.2)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def main(argv: list[str]) -> int:
    if argv[:1] == ["sqlite"] and len(argv) == 1:
        _setup_django()
        build_sqlite()
        return 0
    if argv[:1] == ["postgres"] and len(argv) == 3 and argv[2].isdigit():
        _setup_django()
        build_postgres(Path(argv[1]), int(argv[2]))
        return 0
    print(
        "usage: python -m tests.database_templates sqlite | postgres DIR OWNER_PID",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
