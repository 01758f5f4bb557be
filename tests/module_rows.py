"""Rows written once for a whole test module, rolled back after its last test.

Loading the funding catalogue costs about a second of CPU per test, and some modules load it
for every one of their tests. A module-scoped fixture written as::

    @pytest.fixture(scope="module")
    def catalogue(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
        with module_rows(django_db_blocker, load=lambda: load_reference(...)):
            yield

loads them once, inside a transaction that stays open while the module's tests run: each
test's own transaction (pytest-django's ``django_db``, Django's ``TestCase``) is then a
savepoint inside it, so whatever a test writes is rolled back after it as before, and the
loaded rows are rolled back after the module's last test (pytest tears a module fixture down
before any test of another module runs on that worker). Only for modules whose every test
asks for the fixture and none is transactional (``transaction=True`` empties the tables).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import transaction
from pytest_django import DjangoDbBlocker


@contextmanager
def module_rows(blocker: DjangoDbBlocker, *, load: Callable[[], object]) -> Iterator[None]:
    """``load`` runs in a transaction left open until the context ends, then rolled back;
    the database is reachable only while loading and rolling back (the tests in between
    reach it through their own ``django_db``)."""
    atomic = transaction.atomic()
    with blocker.unblock():
        atomic.__enter__()
        try:
            load()
        except BaseException as error:
            atomic.__exit__(type(error), error, error.__traceback__)
            raise
    try:
        yield
    finally:
        with blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
