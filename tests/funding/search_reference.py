"""The first implementation of the finder's search (a Python loop over the rows), kept as
the reference that the array search (``aluhub.funding.search_index``) is compared with by
the equivalence tests and timed against by ``bench/bench_search.py``. Not used by the
application."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language

from aluhub.accounts.selectors import is_staff
from aluhub.common import search
from aluhub.common.regions import REGION_CODES
from aluhub.engines.sizes import SIZE_CLASSES
from aluhub.funding import selectors
from aluhub.funding.search_index import (
    CLOSING_SOON_DAYS,
    FACETS,
    ProgramFilters,
    SearchResult,
    intake_windows_of,
    window_state,
)
from aluhub.funding.selectors import AnyUser
from aluhub.funding.taxonomy import Publication


@dataclass(frozen=True, slots=True)
class Row:
    """What the reference search needs of one program, parsed once per catalogue version."""

    id: int
    published: bool
    keys: frozenset[str]
    key_list: tuple[str, ...]
    continuous_open: bool
    rank_fr: int
    rank_en: int
    status: str
    windows: tuple[dict[str, str], ...]
    name_fr: str
    name_en: str
    amount: float | None
    search_name: str
    search_text: str


def reference_rows(raw: list[tuple[Any, ...]]) -> tuple[Row, ...]:
    """The rows the loop reads, from the catalogue's raw rows (``search_index.COLUMNS``),
    with the reference's own name order (as first written), independent of the index's
    ``_name_ranks``, so that the equivalence tests also check the index's ranks."""
    by_fr = {
        r[0]: i for i, r in enumerate(sorted(raw, key=lambda r: (r[5] or r[6] or "").casefold()))
    }
    by_en = {
        r[0]: i for i, r in enumerate(sorted(raw, key=lambda r: (r[6] or r[5] or "").casefold()))
    }
    return tuple(
        Row(
            id=pk,
            published=publication == Publication.PUBLISHED,
            keys=frozenset(keys.split()),
            key_list=tuple(keys.split()),
            continuous_open=status == "open" and not windows,
            rank_fr=by_fr[pk],
            rank_en=by_en[pk],
            status=status,
            windows=intake_windows_of(windows),
            name_fr=name_fr or name_en or "",
            name_en=name_en or name_fr or "",
            amount=None if amount is None else float(amount),
            search_name=search_name,
            search_text=search_text,
        )
        for (
            pk,
            publication,
            keys,
            status,
            windows,
            name_fr,
            name_en,
            amount,
            search_name,
            search_text,
        ) in raw
    )


def search_programs_reference(
    filters: ProgramFilters,
    *,
    user: AnyUser | None = None,
    today: date | None = None,
    rows: tuple[Row, ...] | None = None,
) -> SearchResult:
    """``search_programs`` as first written (``rows``: a catalogue built by the test
    instead of the database's)."""
    today = today or timezone.localdate()
    if rows is None:
        rows = reference_rows(selectors._catalogue().raw)
    include_all = user is not None and is_staff(user)
    terms = search.parse_query(filters.q)
    selected = {
        "level": filters.level,
        "aid": filters.aid,
        "phase": filters.phase,
        "region": filters.region,
        "size": filters.size,
        "status": filters.status,
    }
    # Per active facet, the keys that satisfy it: its values, or "all" (no restriction).
    active = [
        (f, frozenset([f"{f}:all", *(f"{f}:{v}" for v in values)]))
        for f, values in selected.items()
        if values
    ]
    soon_limit = today + timedelta(days=CLOSING_SOON_DAYS)
    # A row passing every facet counts for all of them (one C-speed Counter.update); a
    # row failing exactly one facet counts only for that facet.
    passing: list[str] = []
    single_fail: dict[str, list[str]] = {f: [] for f in FACETS}
    kept: list[tuple[Row, date | None]] = []
    open_now_count = closing_count = 0
    # The loop below is the hot path at 20,000 programs: locals, no calls when avoidable.
    want_open, want_soon = filters.open_now, filters.closing_soon
    extend_passing = passing.extend
    keep = kept.append
    for row in rows:
        if not (row.published or include_all):
            continue
        if terms and not search.matches(terms, row.search_text):
            continue
        failed = [f for f, wanted in active if row.keys.isdisjoint(wanted)] if active else ()
        if len(failed) > 1:
            continue
        if row.continuous_open:
            is_open, closes, soon = True, None, False  # continuous intake
        elif row.status != "open":
            is_open, closes, soon = False, None, False
        else:
            is_open, closes = window_state(row.status, list(row.windows), today)
            soon = closes is not None and closes <= soon_limit
        if not failed:
            if not want_soon or soon:
                open_now_count += is_open
            if not want_open or is_open:
                closing_count += soon
        if (want_open and not is_open) or (want_soon and not soon):
            continue
        if failed:
            single_fail[failed[0]].extend(row.key_list)
        else:
            extend_passing(row.key_list)
            keep((row, closes))
    facets: dict[str, Counter[str]] = {f: Counter() for f in FACETS}
    for keys, only in [(passing, None), *((k, f) for f, k in single_fail.items())]:
        for key, n in Counter(keys).items():
            name, _, value = key.partition(":")
            if only is None or name == only:
                facets[name][value] += n
    # "all" (no restriction stated) counts under every value.
    for facet, codes in (("region", REGION_CODES), ("size", SIZE_CLASSES)):
        everywhere = facets[facet].pop("all", 0)
        for code in codes:
            if everywhere:
                facets[facet][code] += everywhere

    english = (get_language() or "fr").startswith("en")

    def name_rank(row: Row) -> int:
        return row.rank_en if english else row.rank_fr

    if terms and filters.sort == "relevance":
        kept.sort(
            key=lambda item: (
                -search.relevance(terms, item[0].search_name, item[0].search_text),
                name_rank(item[0]),
            )
        )
    elif filters.sort == "amount":
        # Largest first; unknown amounts last.
        kept.sort(
            key=lambda item: (item[0].amount is None, -(item[0].amount or 0.0), name_rank(item[0]))
        )
    elif filters.sort == "deadline":
        kept.sort(key=lambda item: (item[1] is None, item[1] or today, name_rank(item[0])))
    else:
        kept.sort(key=lambda item: name_rank(item[0]))
    return SearchResult(
        ids=[item[0].id for item in kept],
        facets=facets,
        open_now=open_now_count,
        closing_soon=closing_count,
    )
