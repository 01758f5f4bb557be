"""A refused or missing page is logged as one structured line, without a traceback."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from aluhub.common.logfilters import ExpectedClientErrors
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def console_handler() -> logging.Handler:
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, ExpectedClientErrors) for f in handler.filters)
    ]
    assert len(handlers) == 1  # settings.LOGGING puts the filter on the console handler
    return handlers[0]


def formatted(record: logging.LogRecord) -> str:
    handler = console_handler()
    assert handler.filter(record)
    return handler.format(record)


def test_forbidden_page_logged_as_one_line_without_traceback(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    member = UserFactory()
    client.force_login(member)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/fr/actualites/nouveau/", REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    line = formatted(record)
    assert record.exc_info is None  # Django handed over the PermissionDenied traceback
    assert line == (
        f'client_error status=403 method=GET path="/fr/actualites/nouveau/" user={member.pk} '
        'ip=198.51.100.7 reason="Forbidden (Permission denied)"'
    )


def test_missing_page_logged_as_one_structured_line(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/fr/nowhere/").status_code == 404
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert formatted(record) == (
        'client_error status=404 method=GET path="/fr/nowhere/" user=- ip=127.0.0.1 '
        'reason="Not Found"'
    )


def test_server_error_keeps_its_traceback() -> None:
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: /x",
            (),
            sys.exc_info(),
        )
    record.status_code = 500
    assert "Traceback" in formatted(record)
