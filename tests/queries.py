"""Counting the queries of a page, for the tests that a list's reads do not grow with it.

The selector that owns a read decides its shape (``select_related`` / ``prefetch_related``);
these tests count a page's queries with one row, add rows, and assert with pytest-django's
``django_assert_max_num_queries`` that the page takes no more queries than with one row.
"""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def queries_of_get(client: Client, url: str) -> int:
    """How many queries a GET of ``url`` runs (after one warm-up GET), asserting a 200."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)
