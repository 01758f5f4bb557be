"""The version of a table, for caches that must never show stale data.

A table's version is its row count with the latest ``updated_at``: every write goes
through a service that saves the row (``auto_now`` bumps ``updated_at``), and a deletion
changes the count. One cheap query per request then tells whether what was cached for
that version still holds (the funding catalogue's snapshot and page fragments). The
values are only compared and put in cache keys, never shown.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, models


def table_version(model: type[models.Model], column: str = "updated_at") -> tuple[int, Any]:
    """``(row count, latest value of column)`` of ``model``'s table.

    Two scalar subqueries, not one aggregate: SQLite then answers ``COUNT(*)`` from its
    b-tree and ``MAX`` from an index on the column (0.03 ms) instead of scanning the table
    (3 ms at 20,000 rows); give the column an index."""
    table = connection.ops.quote_name(model._meta.db_table)
    found_field = model._meta.get_field(column)
    if not isinstance(found_field, models.Field) or found_field.column is None:
        raise ValueError(f"{model.__name__}.{column} is not a column")
    quoted = connection.ops.quote_name(found_field.column)
    with connection.cursor() as cursor:
        # Names from the model's metadata, quoted by the backend: no user input.
        sql = f"SELECT (SELECT COUNT(*) FROM {table}), (SELECT MAX({quoted}) FROM {table})"  # noqa: S608
        cursor.execute(sql)
        found = cursor.fetchone()
    return (found[0], found[1]) if found else (0, None)
