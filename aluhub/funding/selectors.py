"""Reads of the funding catalogue: the finder's search with facets, the detail access rule,
the engine's view of the catalogue, and the export-support directory."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from aluhub.accounts.models import User
from aluhub.accounts.selectors import is_staff
from aluhub.common.regions import REGION_CODES
from aluhub.engines.matching import Program as EngineProgram
from aluhub.engines.sizes import SIZE_CLASSES

from .catalogue import program_from_record
from .models import Program, SupportOrganization
from .search import query_terms, relevance
from .taxonomy import Publication

AnyUser = User | AnonymousUser

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


def _parse_day(value: Any) -> date | None:
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
        (_parse_day(w.get("opens")), _parse_day(w.get("closes")))
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


def published_programs() -> QuerySet[Program]:
    return Program.objects.filter(publication=Publication.PUBLISHED)


def visible_programs(user: AnyUser) -> QuerySet[Program]:
    """Published programs for everyone; staff also see drafts and archived ones."""
    if is_staff(user):
        return Program.objects.all()
    return published_programs()


def get_program_for_user(user: AnyUser, slug: str) -> Program:
    """The one access rule for a program: published, or any state for cluster staff."""
    program = visible_programs(user).filter(slug=slug).prefetch_related("roles__organization")
    found = program.first()
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True, slots=True)
class _Row:
    """What the search needs of one program, parsed once per catalogue version."""

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


_SNAPSHOT: dict[str, Any] = {"version": None, "rows": (), "engine": None}


def _catalogue_version() -> tuple[Any, ...]:
    # Every write goes through services, which save (bumping updated_at); a deletion
    # changes the count. One cheap aggregate per request tells whether the snapshot holds.
    found = Program.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return (found["n"], found["last"])


def _snapshot() -> tuple[tuple[_Row, ...], tuple[Any, ...]]:
    version = _catalogue_version()
    if _SNAPSHOT["version"] != version:
        raw = list(
            Program.objects.values_list(
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
            ).order_by("id")
        )
        # Name order in each language, computed once: the sorts then compare integers.
        rank_fr = {
            r[0]: i
            for i, r in enumerate(sorted(raw, key=lambda r: (r[5] or r[6] or "").casefold()))
        }
        rank_en = {
            r[0]: i
            for i, r in enumerate(sorted(raw, key=lambda r: (r[6] or r[5] or "").casefold()))
        }
        rows = tuple(
            _Row(
                id=pk,
                published=publication == Publication.PUBLISHED,
                keys=frozenset(keys.split()),
                key_list=tuple(keys.split()),
                continuous_open=status == "open" and not windows,
                rank_fr=rank_fr[pk],
                rank_en=rank_en[pk],
                status=status,
                windows=tuple(w for w in (windows or []) if isinstance(w, dict)),
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
        _SNAPSHOT.update(version=version, rows=rows, engine=None)
    return _SNAPSHOT["rows"], version


def search_programs(
    filters: ProgramFilters, *, user: AnyUser | None = None, today: date | None = None
) -> SearchResult:
    """Ids of the matching programs in the requested order, with facet counts.

    Runs in Python over a snapshot of the catalogue's index columns (read again only when
    a program changed), so it behaves the same on SQLite and PostgreSQL and stays fast at
    20,000 programs. A query word matches when a stored stem starts with its stem. Each
    facet counts over the other facets' filters (the usual "drill sideways" counts).
    """
    today = today or timezone.localdate()
    rows, _version = _snapshot()
    include_all = user is not None and is_staff(user)
    terms = query_terms(filters.q)
    needles = [" " + t for t in terms]
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
    kept: list[tuple[_Row, date | None]] = []
    open_now_count = closing_count = 0
    # The loop below is the hot path at 20,000 programs: locals, no calls when avoidable.
    want_open, want_soon = filters.open_now, filters.closing_soon
    single = needles[0] if len(needles) == 1 else None
    extend_passing = passing.extend
    keep = kept.append
    for row in rows:
        if not (row.published or include_all):
            continue
        if single is not None:
            if single not in row.search_text:
                continue
        elif needles and not all(n in row.search_text for n in needles):
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

    def name_rank(row: _Row) -> int:
        return row.rank_en if english else row.rank_fr

    if terms and filters.sort == "relevance":
        kept.sort(
            key=lambda item: (
                -relevance(terms, item[0].search_name, item[0].search_text),
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


def programs_by_ids(ids: list[int]) -> list[Program]:
    """The programs of ``ids`` in that order, with their organizations."""
    by_id = {
        p.pk: p for p in Program.objects.filter(pk__in=ids).prefetch_related("roles__organization")
    }
    return [by_id[i] for i in ids if i in by_id]


def program_organization_names(program: Program) -> list[str]:
    return [r.organization.name for r in program.roles.all()]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def program_record(program: Program) -> dict[str, str]:
    """The flat record of a program (the reference CSV's column names), for the engine."""
    return {
        "id": program.slug,
        "name_fr": program.name_fr or "",
        "name_en": program.name_en or "",
        "organization": "; ".join(program_organization_names(program)),
        "level": program.level,
        "aid_types": _text(program.aid_types),
        "phases": _text(program.phases),
        "eligible_sizes": _text(program.eligible_sizes),
        "summary_fr": program.summary_fr or "",
        "summary_en": program.summary_en or "",
        "max_amount_cad": _text(program.max_amount_cad),
        "cost_share_pct": _text(program.cost_share_pct),
        "deadline_type": program.deadline_type,
        "url": program.url,
        "source_url": program.source_url,
        "evidence_confidence": program.evidence_confidence,
        "status": program.status,
        "status_note": program.status_note,
        "regions": _text(program.regions),
        "employees_min": _text(program.employees_min),
        "employees_max": _text(program.employees_max),
        "revenue_min_cad": _text(program.revenue_min_cad),
        "revenue_max_cad": _text(program.revenue_max_cad),
        "years_in_business_min": _text(program.years_in_business_min),
        "years_in_business_max": _text(program.years_in_business_max),
        "founder_age_min": _text(program.founder_age_min),
        "founder_age_max": _text(program.founder_age_max),
        "naics_prefixes_allowed": _text(program.naics_prefixes_allowed),
        "naics_prefixes_excluded": _text(program.naics_prefixes_excluded),
        "legal_forms": _text(program.legal_forms),
        "requires_export_project": _text(program.requires_export_project),
        "project_cost_min_cad": _text(program.project_cost_min_cad),
        "amount_min_cad": _text(program.amount_min_cad),
        "amount_basis": program.amount_basis,
        "plan_instrument": program.plan_instrument,
        "public_aid_cap_pct": _text(program.public_aid_cap_pct),
        "cost_share_pct_large_firm": _text(program.cost_share_pct_large_firm),
        "other_conditions_fr": program.other_conditions_fr or "",
        "other_conditions_en": program.other_conditions_en or "",
        "evidence": program.criteria_evidence,
    }


def engine_programs() -> list[EngineProgram]:
    """The PUBLISHED programs of the database as the matching engine's ``Program``
    (built again only when the catalogue changed)."""
    _rows, version = _snapshot()
    cached = _SNAPSHOT["engine"]
    if cached is None or cached[0] != version:
        programs = published_programs().prefetch_related("roles__organization").order_by("slug")
        cached = (version, tuple(program_from_record(program_record(p)) for p in programs))
        _SNAPSHOT["engine"] = cached
    return list(cached[1])


def support_organizations(region: str = "", q: str = "") -> QuerySet[SupportOrganization]:
    """Export-support organizations; with ``region``, those serving it (province-wide
    bodies serve every region). Regional ones first, then province-wide ones."""
    qs = SupportOrganization.objects.all()
    orgs = list(qs)
    if region:
        keep = [o.pk for o in orgs if not o.regions or region in o.regions]
        qs = qs.filter(pk__in=keep)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(services_fr__icontains=q))
    return qs.order_by("name")
