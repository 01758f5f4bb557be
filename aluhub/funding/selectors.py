# Size: under 600 lines since the array search moved to search_index.py (2026-12-04).
"""Reads of the funding catalogue: the finder's search with facets (the arrays and their
search in :mod:`.search_index`; the catalogue snapshot and the result cache here), the
detail access rule, the engine's view of the catalogue, and the export-support directory."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from aluhub.accounts.models import User
from aluhub.accounts.selectors import is_staff
from aluhub.common import search
from aluhub.common.versions import table_version
from aluhub.engines.matching import Program as EngineProgram

from .engine_bridge import engine_program
from .models import Program, ProgramOrganization, SupportOrganization
from .search_index import (
    CLOSING_SOON_DAYS,
    COLUMNS,
    FACETS,
    SORTS,
    Found,
    ProgramFilters,
    SearchIndex,
    SearchResult,
    parse_day,
    run_search,
    window_state,
)
from .taxonomy import Publication, Status

__all__ = [
    "CLOSING_SOON_DAYS",
    "FACETS",
    "SORTS",
    "ProgramFilters",
    "SearchResult",
    "window_state",
]

AnyUser = User | AnonymousUser


def published_programs() -> QuerySet[Program]:
    return Program.objects.filter(publication=Publication.PUBLISHED)


def open_programs() -> QuerySet[Program]:
    """Published programs whose intake is open."""
    return published_programs().filter(status=Status.OPEN)


def published_slugs(slugs: list[str]) -> set[str]:
    """Which of these slugs name a published program."""
    return set(published_programs().filter(slug__in=slugs).values_list("slug", flat=True))


def program_roles(program: Program) -> QuerySet[ProgramOrganization]:
    """The organizations behind a program (funder, administrator…), with each organization."""
    return program.roles.select_related("organization")


def visible_programs(user: AnyUser) -> QuerySet[Program]:
    """Published programs for everyone; staff also see drafts and archived ones."""
    if is_staff(user):
        return Program.objects.all()
    return published_programs()


#: The columns a program page reads on every request, its body coming from the fragment cache
#: (the heading, the tools' links): the other 50-odd columns are read only on a cache miss.
PROGRAM_HEADING_FIELDS = ("pk", "slug", "publication", "name", "name_fr", "name_en")


def get_program_for_user(
    user: AnyUser, slug: str, *, only: tuple[str, ...] | None = None
) -> Program:
    """The one access rule for a program: published, or any state for cluster staff.
    ``only``: read just those columns (e.g. ``PROGRAM_HEADING_FIELDS``)."""
    programs = visible_programs(user).filter(slug=slug)
    found = (programs.only(*only) if only else programs).first()
    if found is None:
        raise Http404
    return found


class Catalogue:
    """One version of the catalogue: the rows read once (``COLUMNS``), the search index
    built from them on first use."""

    def __init__(self, version: tuple[Any, ...], raw: list[tuple[Any, ...]]) -> None:
        self.version = version
        self.raw = raw
        self._index: SearchIndex | None = None

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            self._index = SearchIndex(self.raw)
        return self._index


_SNAPSHOT: dict[str, Any] = {"catalogue": None, "engine": None}
_LOCK = threading.Lock()


def _catalogue_version() -> tuple[Any, ...]:
    # Every write goes through services, which save (bumping updated_at); a deletion
    # changes the count. One cheap query per request tells whether the snapshot holds.
    return table_version(Program)


def catalogue_fragment_key(user: AnyUser, *parts: object) -> str:
    """The cache key part of a page fragment built from the catalogue (``{% cache %}``).

    It changes whenever any program is saved, added or deleted (every write, admin and
    curation included, saves the program or re-indexes it, bumping ``updated_at``), with the
    language, the day (open/closing states and staleness depend on it) and whether the
    reader is staff (who also sees unpublished programs); ``parts`` add the page's own
    inputs (the query string, a slug).
    """
    count, latest = _catalogue_version()
    return ":".join(
        str(part)
        for part in (
            count,
            latest,
            get_language() or "fr",
            timezone.localdate().isoformat(),
            "staff" if is_staff(user) else "public",
            *parts,
        )
    )


def _catalogue() -> Catalogue:
    """The current catalogue (one version query; the rows are read again only when a
    program changed). Callers keep the returned object for the whole request, so they
    see one consistent version even if another thread replaces it meanwhile."""
    version = _catalogue_version()
    current: Catalogue | None = _SNAPSHOT["catalogue"]
    if current is None or current.version != version:
        raw = list(Program.objects.values_list(*COLUMNS).order_by("id"))
        current = Catalogue(version, raw)
        with _LOCK:
            _SNAPSHOT["catalogue"] = current
            _RESULTS.clear()
    return current


# Identical queries (same catalogue version, filters, language, day and staff flag) are
# answered from here; cleared when the catalogue changes.
_RESULTS: OrderedDict[tuple[Any, ...], Found] = OrderedDict()
RESULT_CACHE_SIZE = 64


def search_programs(
    filters: ProgramFilters, *, user: AnyUser | None = None, today: date | None = None
) -> SearchResult:
    """Ids of the matching programs in the requested order, with facet counts.

    Runs over arrays built once per catalogue version (read again only when a program
    changed), so it behaves the same on SQLite and PostgreSQL and stays fast at 20,000
    programs; identical queries are then answered from a small cache. A query word
    matches when a stored stem starts with its stem. Each facet counts over the other
    facets' filters (the usual "drill sideways" counts).
    """
    today = today or timezone.localdate()
    catalogue = _catalogue()
    include_all = user is not None and is_staff(user)
    english = (get_language() or "fr").startswith("en")
    key: tuple[Any, ...] | None = (catalogue.version, filters, english, today, include_all)
    try:
        hash(key)
    except TypeError:  # lists instead of tuples in the filters: not cacheable
        key = None
    found = None
    if key is not None:
        with _LOCK:
            found = _RESULTS.get(key)
            if found is not None:
                _RESULTS.move_to_end(key)
    if found is None:
        found = run_search(
            catalogue.index, filters, include_all=include_all, english=english, today=today
        )
        if key is not None:
            with _LOCK:
                if _SNAPSHOT["catalogue"] is catalogue:
                    _RESULTS[key] = found
                    while len(_RESULTS) > RESULT_CACHE_SIZE:
                        _RESULTS.popitem(last=False)
    return found.result()


def programs_by_ids(ids: list[int]) -> list[Program]:
    """The programs of ``ids`` in that order, with their organizations."""
    by_id = {
        p.pk: p for p in Program.objects.filter(pk__in=ids).prefetch_related("roles__organization")
    }
    return [by_id[i] for i in ids if i in by_id]


def programs_by_slugs(slugs: list[str]) -> QuerySet[Program]:
    return Program.objects.filter(slug__in=slugs)


def program_organization_names(program: Program, lang: str = "fr") -> list[str]:
    """The program's organizations as a ``lang`` reader sees them (the English name where
    the body has a certain one)."""
    return [r.organization.name_in(lang) for r in program.roles.all()]


def engine_programs() -> list[EngineProgram]:
    """The PUBLISHED programs of the database as the matching engine's ``Program``
    (built again only when the catalogue changed)."""
    # Only the version: building the search index is not needed for the engine.
    version = _catalogue_version()
    cached = _SNAPSHOT["engine"]
    if cached is None or cached[0] != version:
        programs = published_programs().prefetch_related("roles__organization").order_by("slug")
        cached = (version, tuple(engine_program(p) for p in programs))
        _SNAPSHOT["engine"] = cached
    return list(cached[1])


def support_organizations(region: str = "", q: str = "") -> QuerySet[SupportOrganization]:
    """Export-support organizations; with ``region``, those serving it (province-wide
    bodies serve every region). Regional ones first, then province-wide ones."""
    qs = SupportOrganization.objects.all()
    if region:
        keep = [o.pk for o in qs if not o.regions or region in o.regions]
        qs = qs.filter(pk__in=keep)
    if q:
        found = search.search_list(
            qs,
            q,
            key=lambda o: search.document([o.name, o.services_fr, o.services_en]),
        )
        qs = qs.filter(pk__in=[o.pk for o in found])
    return qs.order_by("name")


def next_deadlines(program: Program, today: date) -> list[date]:
    """The program's intake closing dates from ``today`` on, earliest first; none while the
    program is closed or its intake suspended (a recorded window is then no deadline to
    remind anyone of)."""
    if program.status in (Status.CLOSED, Status.PAUSED):
        return []
    out: list[date] = []
    for window in program.intake_windows or []:
        if not isinstance(window, dict):
            continue
        try:
            closes = date.fromisoformat(str(window.get("closes")))
        except ValueError:
            continue
        if closes >= today:
            out.append(closes)
    return sorted(set(out))


@dataclass(frozen=True)
class Window:
    """One dated intake window of a program, as a page shows it."""

    opens: date | None
    closes: date | None
    note: str  # in the active language (the other one when only it exists)
    source_url: str
    current: bool  # open on the day asked
    past: bool  # closed before the day asked
    note_lang: str = ""  # the note's language ("fr" / "en"): a page marks it when not its own


@dataclass(frozen=True)
class Intake:
    """What a program page says about applying, consistent with the status: a program
    that is not open never reads "continuous intake"; a past window reads "next window
    not yet published". ``state`` is one of: ``continuous``, ``window_open``,
    ``window_coming``, ``window_past``, ``calls``, ``annual``, ``paused``, ``closed``,
    ``to_confirm``."""

    state: str
    windows: tuple[Window, ...]
    last_window: Window | None
    next_close: date | None


def program_intake(program: Program, today: date | None = None) -> Intake:
    today = today or timezone.localdate()
    english = (get_language() or "fr").startswith("en")
    windows = []
    for raw in program.intake_windows or []:
        if not isinstance(raw, dict):
            continue
        opens, closes = parse_day(raw.get("opens")), parse_day(raw.get("closes"))
        note_en, note_fr = str(raw.get("note_en") or ""), str(raw.get("note_fr") or "")
        order = (
            [(note_en, "en"), (note_fr, "fr")] if english else [(note_fr, "fr"), (note_en, "en")]
        )
        note, note_lang = next(((text, code) for text, code in order if text), ("", ""))
        windows.append(
            Window(
                opens=opens,
                closes=closes,
                note=note,
                note_lang=note_lang,
                source_url=str(raw.get("source_url") or ""),
                current=(opens is None or opens <= today) and (closes is None or closes >= today),
                past=closes is not None and closes < today,
            )
        )
    windows.sort(key=lambda w: (w.closes or date.max, w.opens or date.min))
    last = windows[-1] if windows else None
    is_open, next_close = window_state(program.status, program.intake_windows, today)
    if program.status == "closed":
        state = "closed"
    elif program.status == "paused":
        state = "paused"
    elif program.status != "open":
        state = "window_past" if windows and all(w.past for w in windows) else "to_confirm"
    elif windows:
        if is_open:
            state = "window_open"
        elif any(not w.past for w in windows):
            state = "window_coming"
        else:
            state = "window_past"
    else:
        state = {"continuous": "continuous", "call": "calls", "annual": "annual"}.get(
            program.deadline_type, "to_confirm"
        )
    return Intake(state=state, windows=tuple(windows), last_window=last, next_close=next_close)
