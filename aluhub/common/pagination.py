"""A paginator for very long lists: it counts at most ``cap`` rows.

Counting every match of a frequent word among tens of thousands of records costs more
than the whole page; the list then says "more than 1,000" and pages through the first
``cap`` (refine the search to see the others)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

#: How many rows a very long list counts before it says "more than" (pages and API).
COUNT_CAP = 1000


class CappedPaginator(Paginator):
    def __init__(self, object_list: Any, per_page: int, *, cap: int = COUNT_CAP) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        # COUNT(*) over a subquery with LIMIT cap + 1: the database stops there. How many
        # rows there are does not depend on their order, nor on the related rows read
        # with them: both are left out of the count, so the database takes the first
        # cap + 1 matches in whatever order is cheapest (the job board's word search on
        # PostgreSQL: its rare word's postings by primary key) instead of sorting them.
        rows: Any = self.object_list
        if isinstance(rows, QuerySet) and not rows.query.distinct_fields:
            rows = rows.order_by()  # a copy
            rows.query.select_related = False
        return int(rows[: self.cap + 1].count())

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        """Whether more rows match than were counted."""
        return self._counted > self.cap
