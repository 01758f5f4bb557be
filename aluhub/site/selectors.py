"""Reads of the site shell: the platform's figures on the home page, through the apps'
selectors (the shell counts what they return; it never reads their models)."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import get_language

#: The home page's counting statement, compiled once per database vendor and language. The
#: selectors' querysets hold no value of the moment (only fixed statuses), so their SQL and
#: parameters are the same on every request; building the five querysets and compiling them
#: was most of the home page's own cost. A statement whose parameters hold a date or a time
#: (a selector that one day filters on "now"; SQLite receives them as ISO text) is never kept:
#: it is compiled on every call.
_STATEMENTS: dict[tuple[str, str, str], tuple[tuple[str, ...], str, tuple[Any, ...]]] = {}


def _figure_querysets() -> dict[str, QuerySet[Any]]:
    from aluhub.circular.selectors import active_listings
    from aluhub.funding.selectors import open_programs, published_programs, support_organizations
    from aluhub.learning.selectors import published_resources

    return {
        "programs": published_programs(),
        "open_programs": open_programs(),
        "support_organizations": support_organizations(),
        "resources": published_resources(),
        "listings": active_listings(),
    }


def platform_figures() -> dict[str, int]:
    """What the platform holds today, for the home page (public counts only)."""
    key = (connection.alias, connection.vendor, get_language() or "")
    statement = _STATEMENTS.get(key)
    if statement is None:
        querysets = _figure_querysets()
        sql, params = _count_statement(querysets)
        statement = (tuple(querysets), sql, params)
        if not any(_moment(value) for value in params):
            _STATEMENTS[key] = statement
    names, sql, params = statement
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return {name: int(value) for name, value in zip(names, row, strict=True)}


_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}|\d{2}:\d{2}")


def _moment(value: Any) -> bool:
    """A date, a time or a duration, as an object or as the ISO text SQLite is given."""
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        return True
    return isinstance(value, str) and _ISO_MOMENT.match(value) is not None


def _count_statement(querysets: dict[str, QuerySet[Any]]) -> tuple[str, tuple[Any, ...]]:
    """One statement counting the rows of each queryset (the SQL of each queryset, compiled
    by Django with its parameters, counted in a scalar subquery): one database round trip."""
    parts: list[str] = []
    params: list[Any] = []
    for qs in querysets.values():
        sql, found = qs.order_by().values("pk").query.sql_with_params()
        # SQL compiled by Django from our querysets; values stay parameters: no user input.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted)")  # noqa: S608
        params.extend(found)
    return "SELECT " + ", ".join(parts), tuple(params)
