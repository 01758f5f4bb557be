"""Reads of the funding catalogue: the finder's search with facets, the detail access rule,
the engine's view of the catalogue, and the export-support directory."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from aluhub.accounts.models import User
from aluhub.accounts.selectors import is_staff
from aluhub.engines.matching import Program as EngineProgram

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


def _keys_match(keys: str, facet: str, values: tuple[str, ...]) -> bool:
    return not values or any(f" {facet}:{v} " in keys for v in values)


def search_programs(
    filters: ProgramFilters, *, user: AnyUser | None = None, today: date | None = None
) -> SearchResult:
    """Ids of the matching programs in the requested order, with facet counts.

    The text query runs in the database (``icontains`` on stored stems, portable); the
    facets run in Python on one column of the matching rows, which lets each facet count
    over the other facets' filters (the usual "drill sideways" counts).
    """
    today = today or timezone.localdate()
    qs = visible_programs(user) if user is not None else published_programs()
    terms = query_terms(filters.q)
    for term in terms:
        qs = qs.filter(search_text__contains=" " + term)
    want_relevance = bool(terms) and filters.sort == "relevance"
    columns = ["id", "facet_keys", "status", "intake_windows", "name", "max_amount_cad"]
    if want_relevance:
        columns += ["search_name", "search_text"]
    rows = list(qs.values_list(*columns))

    selected = {
        "level": filters.level,
        "aid": filters.aid,
        "phase": filters.phase,
        "region": filters.region,
        "size": filters.size,
        "status": filters.status,
    }
    active = [(f, v) for f, v in selected.items() if v]
    # Counting trick: a row that passes every facet counts for all of them (one C-speed
    # Counter.update); a row failing exactly one facet counts only for that facet.
    passing: Counter[str] = Counter()
    single_fail: dict[str, Counter[str]] = {f: Counter() for f in FACETS}
    kept: list[tuple[Any, ...]] = []
    open_now_count = closing_count = 0
    for row in rows:
        keys = row[1]
        is_open, closes = window_state(row[2], row[3], today)
        soon = closes is not None and closes <= today + timedelta(days=CLOSING_SOON_DAYS)
        failed = [f for f, values in active if not _keys_match(keys, f, values)]
        date_ok = (not filters.open_now or is_open) and (not filters.closing_soon or soon)
        if not failed:
            if not filters.closing_soon or soon:
                open_now_count += is_open
            if not filters.open_now or is_open:
                closing_count += soon
        if not date_ok or len(failed) > 1:
            continue
        if failed:
            single_fail[failed[0]].update(keys.split())
        else:
            passing.update(keys.split())
            kept.append((row, closes))
    facets: dict[str, Counter[str]] = {f: Counter() for f in FACETS}
    for counter, only in [(passing, None), *((c, f) for f, c in single_fail.items())]:
        for key, n in counter.items():
            name, _, value = key.partition(":")
            if only is None or name == only:
                facets[name][value] += n

    if want_relevance:
        kept.sort(key=lambda item: (-relevance(terms, item[0][6], item[0][7]), item[0][4]))
    elif filters.sort == "amount":
        # Largest first; unknown amounts last.
        kept.sort(key=lambda item: (item[0][5] is None, -(item[0][5] or Decimal(0)), item[0][4]))
    elif filters.sort == "deadline":
        kept.sort(key=lambda item: (item[1] is None, item[1] or today, item[0][4]))
    else:
        kept.sort(key=lambda item: item[0][4].casefold())
    return SearchResult(
        ids=[item[0][0] for item in kept],
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
    """The PUBLISHED programs of the database as the matching engine's ``Program``."""
    programs = published_programs().prefetch_related("roles__organization").order_by("slug")
    return [program_from_record(program_record(p)) for p in programs]


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
