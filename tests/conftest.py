"""Fixtures shared by the whole suite."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation

#: Fixtures through which a test reaches the database (``db``, ``transactional_db``,
#: ``client`` with a user, factories... all request ``_django_db_helper``; a live server
#: serves pages from it).
DATABASE_FIXTURES = frozenset({"_django_db_helper", "live_server"})
#: The browser stage of scripts/test.sh collects only this folder.
BROWSER_DIR = Path(__file__).resolve().parent / "browser"


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


def stray_browser_tests(items: list[pytest.Item]) -> list[str]:
    """The tests marked ``browser`` that are not in tests/browser."""
    return [
        item.nodeid
        for item in items
        if item.get_closest_marker("browser") and BROWSER_DIR not in item.path.parents
    ]


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
    other idles. The sort is stable: nothing else moves.

    A test marked ``browser`` outside tests/browser is refused: the SQLite and PostgreSQL
    stages leave browser tests out and the browser stage collects only tests/browser, so
    it would run in no stage."""
    for item in items:
        if _uses_database(item):
            item.add_marker(pytest.mark.database)
    result = yield
    stray = stray_browser_tests(items)
    if stray:
        raise pytest.UsageError(
            "marked browser outside tests/browser (no stage of scripts/test.sh would run it): "
            + ", ".join(stray)
        )
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


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None,
    django_db_use_migrations: bool,
) -> Iterator[None]:
    """pytest-django's hook before it creates the test database: it is copied from a
    migrated template when there is one (tests/database_templates.py). On SQLite (in
    memory, the default) the first process migrates and saves the copy; on PostgreSQL
    scripts/test.sh names a migrated template database in ``ALUHUB_TEST_PG_TEMPLATE``, and
    without it each worker migrates. A run with ``--nomigrations`` (its tables come from the
    models, not from the migrations) never uses a template."""
    from django.db import connection

    from tests import database_templates

    creation = connection.creation
    in_memory = connection.vendor == "sqlite" and creation.is_in_memory_db(  # type: ignore[attr-defined]
        creation._get_test_db_name()
    )
    pg_template = os.environ.get(database_templates.PG_TEMPLATE_VARIABLE, "")
    wrap = None
    if in_memory and django_db_use_migrations:
        wrap = database_templates.sqlite_create_test_db
    elif connection.vendor == "postgresql" and pg_template and django_db_use_migrations:
        connection.settings_dict["TEST"]["TEMPLATE"] = pg_template
        wrap = database_templates.postgres_create_test_db
    if wrap is None:
        yield
        return
    creation.create_test_db = wrap(creation.create_test_db)  # type: ignore[method-assign]
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
