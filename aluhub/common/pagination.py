"""A paginator for very long lists: it counts at most ``cap`` rows.

Counting every match of a frequent word among tens of thousands of records costs more
than the whole page; the list then says "more than 1,000" and pages through the first
``cap`` (refine the search to see the others)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

#: How many rows a very long list counts before it says "more than" (pages and API).
COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """``rows``: for a list whose filters cost the most (a search through the token index,
    run once for the count and again for the page): the list's own rows without its
    filters (same order, same related rows). The count then reads the keys of up to
    ``cap`` + 1 matches instead of counting them; when those are all the matches, a page
    is read from ``rows`` among those keys, so the filters run once."""

    def __init__(
        self, object_list: Any, per_page: int, *, cap: int = COUNT_CAP, rows: Any = None
    ) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap
        self.rows = rows

    @cached_property
    def _keys(self) -> list[Any]:
        """The keys of up to ``cap`` + 1 matches (any of them: no order needed)."""
        rows: Any = self.object_list
        return list(rows.order_by().values_list("pk", flat=True)[: self.cap + 1])

    @cached_property
    def _counted(self) -> int:
        if self.rows is not None:
            return len(self._keys)
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

    def page(self, number: Any) -> Page:
        if self.rows is None or self.capped:
            return super().page(number)
        # Every match is among the keys: the page is read by key in the list's order.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return Page(self.rows.filter(pk__in=self._keys)[bottom:top], number, self)
