"""Reads of the site shell: the platform's figures on the home page, through the apps'
selectors (the shell counts what they return; it never reads their models)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import QuerySet


def platform_figures() -> dict[str, int]:
    """What the platform holds today, for the home page (public counts only)."""
    from aluhub.circular.selectors import active_listings
    from aluhub.funding.selectors import open_programs, published_programs, support_organizations
    from aluhub.learning.selectors import published_resources

    return _counts(
        {
            "programs": published_programs(),
            "open_programs": open_programs(),
            "support_organizations": support_organizations(),
            "resources": published_resources(),
            "listings": active_listings(),
        }
    )


def _counts(querysets: dict[str, QuerySet[Any]]) -> dict[str, int]:
    """The row count of each queryset, in one database round trip (the SQL of each
    queryset, compiled by Django with its parameters, counted in a scalar subquery)."""
    parts: list[str] = []
    params: list[Any] = []
    for qs in querysets.values():
        sql, found = qs.order_by().values("pk").query.sql_with_params()
        # SQL compiled by Django from our querysets; values stay parameters: no user input.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted)")  # noqa: S608
        params.extend(found)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {name: int(value) for name, value in zip(querysets, row, strict=True)}
