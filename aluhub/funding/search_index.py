"""The finder's search over the funding catalogue as arrays: one row per program, built
once per catalogue version, so that a search is a few boolean operations, one ``bincount``
for the facet counts and one ``lexsort`` instead of a Python loop over every program.

:mod:`aluhub.funding.selectors` keeps the catalogue snapshot (which version, when to read
the rows again, the result cache) and answers ``search_programs`` with :func:`run_search`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from aluhub.common import search
from aluhub.common.regions import REGION_CODES
from aluhub.engines.sizes import SIZE_CLASSES

from .taxonomy import Publication

FACETS: tuple[str, ...] = ("level", "aid", "phase", "region", "size", "status")
SORTS: tuple[str, ...] = ("relevance", "name", "amount", "deadline")
CLOSING_SOON_DAYS = 30


@dataclass(frozen=True)
class ProgramFilters:
    """What the finder, the API and the exports filter on. Values within a facet are
    alternatives (OR); facets combine with AND."""

    q: str = ""
    level: tuple[str, ...] = ()
    aid: tuple[str, ...] = ()
    phase: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    size: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    open_now: bool = False
    closing_soon: bool = False
    sort: str = "relevance"


@dataclass
class SearchResult:
    ids: list[int]
    facets: dict[str, Counter[str]] = field(default_factory=dict)
    open_now: int = 0
    closing_soon: int = 0

    @property
    def count(self) -> int:
        return len(self.ids)


def parse_day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def window_state(
    status: str, windows: list[dict[str, str]] | None, today: date
) -> tuple[bool, date | None]:
    """(open now, next closing date) from the status and the intake windows.

    A program with status "open" and no dated windows (continuous intake) is open now.
    """
    if status != "open":
        return False, None
    dated = [
        (parse_day(w.get("opens")), parse_day(w.get("closes")))
        for w in (windows or [])
        if isinstance(w, dict)
    ]
    if not dated:
        return True, None
    is_open = False
    next_close: date | None = None
    for opens, closes in dated:
        if (opens is None or opens <= today) and (closes is None or closes >= today):
            is_open = True
            if closes is not None and (next_close is None or closes < next_close):
                next_close = closes
    return is_open, next_close


# The columns read once per catalogue version, in this order.
COLUMNS = (
    "id",
    "publication",
    "facet_keys",
    "status",
    "intake_windows",
    "name_fr",
    "name_en",
    "max_amount_cad",
    "search_name",
    "search_text",
)


def _name_ranks(raw: list[tuple[Any, ...]]) -> tuple[list[int], list[int]]:
    """Position of each row (in ``raw`` order) in the name order of each language."""
    rank_fr = [0] * len(raw)
    rank_en = [0] * len(raw)
    by_fr = sorted(range(len(raw)), key=lambda i: (raw[i][5] or raw[i][6] or "").casefold())
    by_en = sorted(range(len(raw)), key=lambda i: (raw[i][6] or raw[i][5] or "").casefold())
    for rank, i in enumerate(by_fr):
        rank_fr[i] = rank
    for rank, i in enumerate(by_en):
        rank_en[i] = rank
    return rank_fr, rank_en


def intake_windows_of(raw_windows: Any) -> tuple[dict[str, str], ...]:
    return tuple(w for w in (raw_windows or []) if isinstance(w, dict))


class Postings:
    """Which rows hold which stem: the distinct stems of a column, sorted, each with its
    rows (CSR layout), so that all the stems starting with a prefix are one slice.

    ``" <term>"`` occurs in a space-padded text exactly when one of its space-separated
    tokens (after the first space) starts with ``term``; ``" <term> "`` when such a token
    equals ``term`` and a space follows it. A last token with no space after it is stored
    with a NUL suffix: found by prefixes, never by an exact lookup.
    """

    __slots__ = ("terms", "position", "starts", "rows", "size")

    def __init__(self, texts: list[str]) -> None:
        tokens: list[str] = []
        lengths = np.empty(len(texts), dtype=np.int64)
        for i, text in enumerate(texts):
            parts = text.split(" ")[1:]
            if parts and parts[-1]:
                parts[-1] += "\x00"
            tokens += parts
            lengths[i] = len(parts)
        self.terms: list[str] = sorted(set(tokens))
        self.position: dict[str, int] = {t: i for i, t in enumerate(self.terms)}
        self.size = len(texts)
        term_of = np.fromiter(map(self.position.__getitem__, tokens), np.int64, len(tokens))
        row_of = np.repeat(np.arange(len(texts), dtype=np.int32), lengths)
        # Rows grouped by stem; a stable sort keeps each group in row order. (A stem twice
        # in one row would give a repeated row, harmless for the masks built from it.)
        self.rows = row_of[np.argsort(term_of, kind="stable")]
        self.starts = np.concatenate(
            ([0], np.cumsum(np.bincount(term_of, minlength=len(self.terms))))
        )

    def prefix(self, term: str) -> npt.NDArray[np.bool_]:
        """Rows where ``" " + term`` occurs (``term`` is a non-empty stem)."""
        lo = bisect_left(self.terms, term)
        hi = bisect_left(self.terms, term[:-1] + chr(ord(term[-1]) + 1), lo)
        mask = np.zeros(self.size, dtype=np.bool_)
        mask[self.rows[self.starts[lo] : self.starts[hi]]] = True
        return mask

    def matching(self, alternatives: tuple[str, ...]) -> npt.NDArray[np.bool_]:
        """Rows holding one of a query term's alternatives (``search.matches``): as a
        token prefix, or whole when it ends with a space."""
        mask = np.zeros(self.size, dtype=np.bool_)
        for alt in alternatives:
            mask |= self.exact(alt[:-1]) if alt.endswith(" ") else self.prefix(alt)
        return mask

    def exact(self, term: str) -> npt.NDArray[np.bool_]:
        """Rows where ``" " + term + " "`` occurs."""
        mask = np.zeros(self.size, dtype=np.bool_)
        at = self.position.get(term)
        if at is not None:
            mask[self.rows[self.starts[at] : self.starts[at + 1]]] = True
        return mask


@dataclass(frozen=True, slots=True)
class Dates:
    """Per row, on one day: open now, has a next closing date, that date (ordinal), and
    closes within CLOSING_SOON_DAYS."""

    is_open: npt.NDArray[np.bool_]
    has_close: npt.NDArray[np.bool_]
    close_day: npt.NDArray[np.int64]
    soon: npt.NDArray[np.bool_]


class SearchIndex:
    """The catalogue as arrays (one row per program, in id order), built once per version:
    the search is then a few boolean operations, one small matrix product for the facet
    counts and one ``lexsort``, instead of a Python loop over every program."""

    def __init__(self, raw: list[tuple[Any, ...]]) -> None:
        n = len(raw)
        self.size = n
        self.ids = np.array([r[0] for r in raw], dtype=np.int64)
        self.published = np.array([r[1] == Publication.PUBLISHED for r in raw], dtype=np.bool_)
        # Facet keys: one (row, key column) pair per key listed (a key listed twice
        # counts twice, as the Counter of the reference did), and a rows x keys matrix
        # of which row holds which key (for the filters).
        key_lists = [(r[2] or "").split() for r in raw]
        self.keys: list[str] = sorted({k for keys in key_lists for k in keys})
        column = {k: i for i, k in enumerate(self.keys)}
        self.key_col = np.array([column[k] for keys in key_lists for k in keys], dtype=np.int64)
        self.key_row = np.repeat(
            np.arange(n, dtype=np.int64), [len(keys) for keys in key_lists]
        ).astype(np.int64)
        self.present = np.zeros((n, len(self.keys)), dtype=np.bool_)
        self.present[self.key_row, self.key_col] = True
        self.column = column
        self.split_keys = [k.partition(":") for k in self.keys]
        self.facet_columns = {
            f: np.array(
                [i for i, (name, _, _) in enumerate(self.split_keys) if name == f],
                dtype=np.int64,
            )
            for f in FACETS
        }
        ranks = _name_ranks(raw)
        self.rank_fr = np.array(ranks[0], dtype=np.int64)
        self.rank_en = np.array(ranks[1], dtype=np.int64)
        self.amount_known = np.array([r[7] is not None for r in raw], dtype=np.bool_)
        self.amount = np.array(
            [0.0 if r[7] is None else float(r[7]) for r in raw], dtype=np.float64
        )
        self.continuous_open = np.array([r[3] == "open" and not r[4] for r in raw], dtype=np.bool_)
        # Rows whose state depends on the day: open, with intake windows.
        self.dated = [
            (i, intake_windows_of(r[4])) for i, r in enumerate(raw) if r[3] == "open" and r[4]
        ]
        self.text = Postings([r[9] or "" for r in raw])
        self.name = Postings([r[8] or "" for r in raw])
        self._dates: dict[date, Dates] = {}

    def dates(self, today: date) -> Dates:
        found = self._dates.get(today)
        if found is None:
            is_open = self.continuous_open.copy()
            has_close = np.zeros(self.size, dtype=np.bool_)
            close_day = np.zeros(self.size, dtype=np.int64)
            for i, windows in self.dated:
                is_open[i], closes = window_state("open", list(windows), today)
                if closes is not None:
                    has_close[i] = True
                    close_day[i] = closes.toordinal()
            limit = (today + timedelta(days=CLOSING_SOON_DAYS)).toordinal()
            found = Dates(is_open, has_close, close_day, has_close & (close_day <= limit))
            if len(self._dates) >= 4:
                self._dates.clear()
            self._dates[today] = found
        return found


@dataclass(frozen=True, slots=True)
class Found:
    """A computed search, kept in the result cache (the ids as an array: small)."""

    ids: npt.NDArray[np.int64]
    facets: dict[str, dict[str, int]]
    open_now: int
    closing_soon: int

    def result(self) -> SearchResult:
        # Fresh objects on every call: callers may change what they get.
        return SearchResult(
            ids=self.ids.tolist(),
            facets={f: Counter(counts) for f, counts in self.facets.items()},
            open_now=self.open_now,
            closing_soon=self.closing_soon,
        )


def _selected(filters: ProgramFilters) -> dict[str, tuple[str, ...]]:
    return {
        "level": filters.level,
        "aid": filters.aid,
        "phase": filters.phase,
        "region": filters.region,
        "size": filters.size,
        "status": filters.status,
    }


def _add_everywhere(facets: dict[str, Counter[str]]) -> None:
    # "all" (no restriction stated) counts under every value.
    for facet, codes in (("region", REGION_CODES), ("size", SIZE_CLASSES)):
        everywhere = facets[facet].pop("all", 0)
        for code in codes:
            if everywhere:
                facets[facet][code] += everywhere


def run_search(
    index: SearchIndex,
    filters: ProgramFilters,
    *,
    include_all: bool,
    english: bool,
    today: date,
) -> Found:
    terms = search.parse_query(filters.q)
    candidates = np.ones(index.size, dtype=np.bool_) if include_all else index.published.copy()
    for term in terms:
        rows = index.text.matching(term)
        candidates &= rows
    # Per active facet, the rows failing it: they hold none of its values nor "all".
    failing: list[tuple[str, npt.NDArray[np.bool_]]] = []
    for facet, values in _selected(filters).items():
        if values:
            wanted = [f"{facet}:all", *(f"{facet}:{v}" for v in values)]
            columns = [index.column[k] for k in wanted if k in index.column]
            holds = np.any(index.present[:, columns], axis=1)
            failing.append((facet, np.logical_not(holds)))
    if failing:
        failures = np.sum([rows for _, rows in failing], axis=0)
        passing = candidates & (failures == 0)
        candidates &= failures <= 1
    else:
        passing = candidates
    dates = index.dates(today)
    in_window = np.ones(index.size, dtype=np.bool_)
    if filters.open_now:
        in_window &= dates.is_open
    if filters.closing_soon:
        in_window &= dates.soon
    open_now = passing & dates.is_open
    if filters.closing_soon:
        open_now = open_now & dates.soon
    closing_soon = passing & dates.soon
    if filters.open_now:
        closing_soon = closing_soon & dates.is_open
    kept = passing & in_window
    # Drill-sideways counts: the kept rows count for every facet (group 0); a row failing
    # exactly one facet (and nothing else) counts for that facet only (group j). A row is
    # in one group at most, so one bincount over the (row, key) pairs gives every count.
    # (No matrix product: BLAS threads stall for hundreds of ms on a loaded machine.)
    width = len(index.keys)
    group = np.full(index.size, -1, dtype=np.int64)
    group[kept] = 0
    for j, (_facet, rows) in enumerate(failing, start=1):
        group[candidates & rows & in_window] = j
    pair_group = group[index.key_row]
    counted = pair_group >= 0
    sums = np.bincount(
        pair_group[counted] * width + index.key_col[counted],
        minlength=(1 + len(failing)) * width,
    ).reshape(1 + len(failing), width)
    facets: dict[str, Counter[str]] = {f: Counter() for f in FACETS}
    for k in np.flatnonzero(sums[0]):
        name, _, value = index.split_keys[k]
        if name in facets:
            facets[name][value] += int(sums[0, k])
    for j, (facet, _rows) in enumerate(failing, start=1):
        facet_columns = index.facet_columns[facet]
        for k in facet_columns[np.flatnonzero(sums[j, facet_columns])]:
            facets[facet][index.split_keys[k][2]] += int(sums[j, k])
    _add_everywhere(facets)

    found = np.flatnonzero(kept)
    rank = (index.rank_en if english else index.rank_fr)[found]
    if terms and filters.sort == "relevance":
        score = np.zeros(len(found), dtype=np.float64)
        for term in terms:
            # Per term, its best alternative (as ``search.relevance``).
            best = np.zeros(len(found), dtype=np.float64)
            for alt in term:
                # An alternative ending with a space is matched whole (a short stem).
                stem = alt.rstrip(" ")
                none = np.zeros(len(found), np.bool_)
                if alt.endswith(" "):
                    name_exact = text_exact = none
                    name_prefix = index.name.exact(stem)[found]
                    text_prefix = index.text.exact(stem)[found]
                else:
                    name_exact = index.name.exact(stem)[found]
                    name_prefix = index.name.prefix(stem)[found]
                    text_exact = index.text.exact(stem)[found]
                    text_prefix = index.text.prefix(stem)[found]
                points = np.where(name_exact, 4.0, np.where(name_prefix, 3.0, 0.0))
                points += np.where(text_exact, 1.5, np.where(text_prefix, 1.0, 0.0))
                np.maximum(best, points, out=best)
            score += best
        order = np.lexsort((rank, -score))
    elif filters.sort == "amount":
        # Largest first; unknown amounts last.
        known = index.amount_known[found]
        order = np.lexsort((rank, -index.amount[found], ~known))
    elif filters.sort == "deadline":
        has_close = dates.has_close[found]
        day = np.where(has_close, dates.close_day[found], today.toordinal())
        order = np.lexsort((rank, day, ~has_close))
    else:
        order = np.argsort(rank, kind="stable")
    return Found(
        ids=index.ids[found[order]],
        facets={f: dict(c) for f, c in facets.items()},
        open_now=int(np.count_nonzero(open_now)),
        closing_soon=int(np.count_nonzero(closing_soon)),
    )
