"""Model rows -> the funding engines' inputs: the one place for the whole funding family
(funding, funding_plans, alerts, innovation's maturity follow-up).

- :func:`engine_program`: a ``Program`` row becomes the matching engine's ``Program``
  dataclass directly (no CSV text in between).
- :func:`engine_catalogue`: the catalogue the engines rank, fetched one way: the published
  programs of the database (rebuilt only when the catalogue changed), or the reference files
  shipped in ``aluhub/data`` while the database holds none or is not migrated yet.
- :func:`organization_profile` / :func:`engine_organization`: a member organization as the
  engines' ``organization`` object, built once. A legal form the engine does not know
  (e.g. ``public_body``) is left out instead of making the engine refuse the request.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from aluhub.accounts.models import LegalForm, Organization
from aluhub.engines import matching
from aluhub.engines.errors import EngineInputError

if TYPE_CHECKING:
    from aluhub.funding.models import Program


def _number(value: Decimal | float | int | None) -> float | None:
    return None if value is None else float(value)


def _codes(value: Any) -> tuple[str, ...]:
    """A JSON list, or a ``;``-separated text field (``sector_focus``), as a tuple of codes."""
    if isinstance(value, str):
        value = value.split(";")
    return tuple(str(v).strip() for v in (value or ()) if str(v).strip())


def engine_program(p: Program) -> matching.Program:
    """The engine's ``Program`` for a catalogue row (organizations prefetched or not)."""
    name_fr = p.name_fr or ""
    name_en = p.name_en or ""
    return matching.Program(
        slug=p.slug,
        name_fr=name_fr or name_en,
        name_en=name_en or name_fr,
        organization="; ".join(r.organization.name for r in p.roles.all()),
        level=p.level or "",
        aid_types=_codes(p.aid_types),
        phases=_codes(p.phases),
        eligible_sizes=_codes(p.eligible_sizes),
        regions=_codes(p.regions),
        max_amount_cad=_number(p.max_amount_cad),
        cost_share_pct=_number(p.cost_share_pct),
        status=p.status or "unknown",
        # The engine's note is the source's (English) one, as in the reference files.
        status_note=p.status_note_en or p.status_note_fr or "",
        evidence_confidence=p.evidence_confidence or "low",
        # The official page first; the research source only when there is none.
        url=p.url or p.source_url or "",
        employees_min=p.employees_min,
        employees_max=p.employees_max,
        revenue_min_cad=_number(p.revenue_min_cad),
        revenue_max_cad=_number(p.revenue_max_cad),
        years_in_business_min=p.years_in_business_min,
        years_in_business_max=p.years_in_business_max,
        founder_age_min=p.founder_age_min,
        founder_age_max=p.founder_age_max,
        naics_prefixes_allowed=_codes(p.naics_prefixes_allowed),
        naics_prefixes_excluded=_codes(p.naics_prefixes_excluded),
        legal_forms=_codes(p.legal_forms),
        requires_export_project=bool(p.requires_export_project),
        project_cost_min_cad=_number(p.project_cost_min_cad),
        amount_min_cad=_number(p.amount_min_cad),
        amount_basis=p.amount_basis or "project",
        amount_per_unit_cad=_number(p.amount_per_unit_cad),
        plan_instrument=p.plan_instrument or "",
        public_aid_cap_pct=_number(p.public_aid_cap_pct),
        cost_share_pct_large_firm=_number(p.cost_share_pct_large_firm),
        other_conditions_fr=p.other_conditions_fr or "",
        other_conditions_en=p.other_conditions_en or "",
        regions_excluded=_codes(p.regions_excluded),
        sector_focus=_codes(p.sector_focus),
    )


def engine_catalogue() -> list[matching.Program]:
    """The programs every funding engine entry point (page, API, CLI) works on."""
    from django.db.utils import DatabaseError

    from aluhub.funding.catalogue import load_reference_programs
    from aluhub.funding.selectors import engine_programs

    try:
        programs = engine_programs()
    except DatabaseError:  # not migrated yet (a fresh checkout before aluhub setup)
        programs = []
    return programs or load_reference_programs()


def organization_profile(
    organization: Organization, *, founder_age: int | None = None
) -> dict[str, Any]:
    """The engines' ``organization`` object (the CLI's JSON) for a member organization."""
    founded = organization.founded_year
    if founded is not None and founded > timezone.localdate().year:
        # A founding year still to come (a company being set up, a typo) is no fact the
        # engines can check (they refuse it: the pages failed): unknown, as a blank.
        founded = None
    revenue = _number(organization.annual_revenue_cad)
    if revenue is not None and revenue < 0:
        # The profile form takes a negative revenue (a typo, a loss meant as revenue): no
        # fact the engines can check either (they refuse it: the pages failed): unknown.
        revenue = None
    profile: dict[str, Any] = {
        "employees": organization.employees,
        "region": organization.region,
        "annual_revenue_cad": revenue,
        "naics": organization.primary_naics or None,
        "founded_year": founded,
        "legal_form": engine_legal_form(organization.legal_form),
    }
    if founder_age is not None:
        profile["founder_age"] = founder_age
    return profile


def engine_legal_form(value: Any, *, path: str = "organization.legal_form") -> str | None:
    """A member legal form as the engines know it: one the engines do not know (e.g.
    ``public_body``) becomes "not stated"; a value that is no legal form at all is refused."""
    if value in (None, ""):
        return None
    if value not in LegalForm.values:
        raise EngineInputError(path, f"must be one of {', '.join(LegalForm.values)}, or null")
    return str(value) if value in matching.LEGAL_FORMS else None


def file_profile(raw: Any) -> dict[str, Any] | None:
    """An answer file's ``organization`` object (CLI, API) as the engines' profile: the same
    legal-form rule as :func:`organization_profile`; a region may be written as a number."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise EngineInputError("organization", "expected an object")
    profile = dict(raw)
    region = profile.get("region")
    if isinstance(region, int) and not isinstance(region, bool):
        profile["region"] = f"{region:02d}"
    profile["legal_form"] = engine_legal_form(profile.get("legal_form"))
    return profile


def engine_organization(
    organization: Organization, *, today: date, founder_age: int | None = None
) -> matching.Organization:
    """The matching engine's ``Organization`` dataclass (raises EngineInputError when the
    profile lacks what the engine needs, e.g. the number of employees)."""
    return matching.parse_organization(
        organization_profile(organization, founder_age=founder_age), today=today
    )
