"""Fixtures shared by the whole suite."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

#: Fixtures through which a test reaches the database (``db``, ``transactional_db``,
#: ``client`` with a user, factories... all request ``_django_db_helper``; a live server
#: serves pages from it).
DATABASE_FIXTURES = frozenset({"_django_db_helper", "live_server"})


def _uses_database(item: pytest.Item) -> bool:
    from django.test import TransactionTestCase  # Django's TestCase derives from it

    case = getattr(item, "cls", None)
    return bool(
        item.get_closest_marker("django_db")
        or set(getattr(item, "fixturenames", ())) & DATABASE_FIXTURES
        or (isinstance(case, type) and issubclass(case, TransactionTestCase))
    )


def _django_group(item: pytest.Item) -> int:
    """pytest-django's order: database tests, then transactional ones, then the others."""
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    if (
        marker is not None
        and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    ) or fixtures & {"transactional_db", "live_server"}:
        return 1
    return 0 if marker is not None or "db" in fixtures else 2


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> Iterator[None]:
    """Before every other plugin (``-m`` selection included): mark ``database`` every test
    that may touch the database (a ``django_db`` marker, a database fixture, a Django test
    case). pytest-django refuses database access to any other test, so those cannot behave
    differently on PostgreSQL: the PostgreSQL stage of scripts/test.sh selects ``-m
    database`` (docs/testing.md).

    After them (pytest-django has ordered the tests: database, transactional, the others):
    within each group the tests marked slow (a minute or more: the FR/EN crawls, the
    migration test, setup) come first, so that under pytest-xdist they start early and the
    short tests fill in around them, instead of one worker ending on a long test while the
    other idles. The sort is stable: nothing else moves."""
    for item in items:
        if _uses_database(item):
            item.add_marker(pytest.mark.database)
    result = yield
    items.sort(key=lambda item: (_django_group(item), item.get_closest_marker("slow") is None))
    return result


def pytest_collection_finish(session: pytest.Session) -> None:
    """Once every test module is imported (Django, the apps, the libraries: about a million
    objects that live as long as the run), move them out of the garbage collector's sight
    (``gc.freeze``): each full collection during the run then scans only what the tests
    create. Nothing frozen is garbage (modules, classes, test functions), so nothing leaks.
    Measured in docs/benchmarks/testing.md (about 15 % of the CPU time of a test run)."""
    gc.collect()
    gc.freeze()


@contextmanager
def _migrate_replaced_by(template: Path) -> Iterator[None]:
    """Inside Django's ``create_test_db``: ``migrate`` copies the template instead."""
    from django.core import management
    from django.db import connection

    from tests import sqlite_template

    original = management.call_command

    def call_command(name: str, *args: Any, **kwargs: Any) -> Any:
        if name != "migrate":
            return original(name, *args, **kwargs)
        connection.ensure_connection()
        sqlite_template.load(template, connection.connection)
        return None

    management.call_command = call_command  # type: ignore[assignment]
    try:
        yield
    finally:
        management.call_command = original


def _create_test_db_with_template(original: Callable[..., str]) -> Callable[..., str]:
    """Django's ``create_test_db`` for the in-memory SQLite test database, with the migrated
    tables copied from tests/sqlite_template.py's file when it is there, and that file
    written when this process had to migrate."""
    from django.db import connection

    from tests import sqlite_template

    def create_test_db(*args: Any, **kwargs: Any) -> str:
        with sqlite_template.locked() as template:
            if template.exists():
                with _migrate_replaced_by(template):
                    return original(*args, **kwargs)
            name = original(*args, **kwargs)
            sqlite_template.save(connection.connection, template)
            return name

    return create_test_db


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None,
    django_db_use_migrations: bool,
) -> Iterator[None]:
    """pytest-django's hook before it creates the test database: on SQLite (in memory, the
    default), the migrations are applied once and copied afterwards (tests/sqlite_template.py);
    PostgreSQL migrates every time, and so does a run with ``--nomigrations`` (its tables come
    from the models, not from the migrations: never a template)."""
    from django.db import connection

    creation = connection.creation
    in_memory = connection.vendor == "sqlite" and creation.is_in_memory_db(  # type: ignore[attr-defined]
        creation._get_test_db_name()
    )
    if not (in_memory and django_db_use_migrations):
        yield
        return
    creation.create_test_db = _create_test_db_with_template(creation.create_test_db)  # type: ignore[method-assign]
    yield
    del creation.create_test_db


@pytest.fixture(autouse=True)
def _isolated_media_root(
    settings: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """Uploads written by a test go to a temporary folder, never to the developer's var/media."""
    media = tmp_path_factory.mktemp("media")
    settings.MEDIA_ROOT = media  # type: ignore[attr-defined]
    return media


@pytest.fixture(autouse=True)
def _empty_fragment_cache() -> None:
    """Cached page fragments (the default cache) never leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _reset_language() -> Iterator[None]:
    """A test that renders an English page must not leave English active for the next one."""
    yield
    translation.activate("fr")
