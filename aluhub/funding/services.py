"""Writes to the funding catalogue. Every save of a program goes through
:func:`program_save`, which refreshes the search index and records the change history."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from aluhub.accounts.models import Organization, User
from aluhub.common import search
from aluhub.common.slugs import unique_slug
from aluhub.engines import matching
from aluhub.engines.matching import Lang, MatchResult

from .catalogue import APPLICANT_BOUNDS
from .engine_bridge import engine_catalogue, organization_profile
from .models import (
    FundingOrganization,
    Program,
    ProgramChange,
    ProgramOrganization,
    SupportOrganization,
)
from .taxonomy import AidType, Level, OrganizationRole, Phase, Publication

#: The structured eligibility criteria of a program (what alerts call "eligibility").
ELIGIBILITY_FIELDS: tuple[str, ...] = (
    "eligible_sizes",
    *APPLICANT_BOUNDS,
    "regions",
    "regions_excluded",
    "naics_prefixes_allowed",
    "naics_prefixes_excluded",
    "legal_forms",
    "sector_focus",
    "requires_export_project",
    "project_cost_min_cad",
    "other_conditions_fr",
    "other_conditions_en",
)

#: Fields of a program whose changes are recorded in its history.
TRACKED_FIELDS: tuple[str, ...] = tuple(
    f
    for f in (
        "slug",
        "name_fr",
        "name_en",
        "summary_fr",
        "summary_en",
        "level",
        "aid_types",
        "phases",
        *ELIGIBILITY_FIELDS,
        "public_aid_cap_pct",
        "criteria_evidence",
        "max_amount_cad",
        "amount_min_cad",
        "amount_basis",
        "amount_per_unit_cad",
        "cost_share_pct",
        "cost_share_pct_large_firm",
        "plan_instrument",
        "status",
        "status_note_fr",
        "status_note_en",
        "status_as_of",
        "deadline_type",
        "intake_windows",
        "url",
        "source_url",
        "evidence_confidence",
        "last_verified",
        "publication",
    )
)


def _plain(value: Any) -> Any:
    """A JSON-friendly, comparable form of a field value."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def program_snapshot(program: Program) -> dict[str, Any]:
    return {f: _plain(getattr(program, f)) for f in TRACKED_FIELDS}


def program_facet_keys(program: Program) -> str:
    """Space-padded facet keys. A program open to all regions (or not stating sizes) gets
    ``region:all`` (``size:all``): the search counts it under every region (size), since
    a business there may apply."""
    keys = [f"level:{program.level}", f"status:{program.status}"]
    keys += [f"aid:{a}" for a in program.aid_types]
    keys += [f"phase:{p}" for p in program.phases]
    keys += [f"region:{r}" for r in (program.regions or ["all"])]
    keys += [f"size:{s}" for s in (program.eligible_sizes or ["all"])]
    return " " + " ".join(keys) + " "


def program_labels(program: Program) -> list[str]:
    """The program's facet labels (level, aid types, phases) in French and English."""
    labels: list[object] = [Level(program.level).label] if program.level in Level.values else []
    labels += [AidType(a).label for a in program.aid_types if a in AidType.values]
    labels += [Phase(p).label for p in program.phases if p in Phase.values]
    return search.labels_in_both_languages(labels)


def program_index(program: Program) -> None:
    """Refresh the precomputed search fields (in memory; the caller saves)."""
    organizations = (
        [name for o in program.organizations.all() for name in (o.name, o.name_en) if name]
        if program.pk
        else []
    )
    program.search_name = search.document([program.name_fr, program.name_en])
    program.search_text = search.document(
        [
            program.name_fr,
            program.name_en,
            program.summary_fr,
            program.summary_en,
            program.other_conditions_fr,
            program.other_conditions_en,
            *organizations,
        ],
        program_labels(program),
    )
    program.facet_keys = program_facet_keys(program)


@transaction.atomic
def program_save(
    *, program: Program, changed_by: User | None = None, origin: str = "edit"
) -> ProgramChange | None:
    """Save ``program`` (new or changed), refresh its index and record what changed.

    Returns the history row, or ``None`` when nothing tracked changed.
    """
    before: dict[str, Any] = {}
    if program.pk is not None:
        old = Program.objects.filter(pk=program.pk).first()
        if old is not None:
            before = program_snapshot(old)
    program_index(program)
    program.save()
    # Read back: the database's types (Decimal, date) are what history compares.
    after = program_snapshot(Program.objects.get(pk=program.pk))
    if before:
        changes = {f: [before[f], after[f]] for f in TRACKED_FIELDS if before[f] != after[f]}
    else:
        changes = {f: [None, v] for f, v in after.items() if v not in (None, "", [])}
    if not changes:
        return None
    return ProgramChange.objects.create(
        program=program, changed_by=changed_by, source=origin, changes=changes
    )


@transaction.atomic
def program_set_publication(
    *, program: Program, publication: str, changed_by: User | None = None
) -> ProgramChange | None:
    if publication not in Publication.values:
        raise ValueError(f"unknown publication state {publication!r}")
    program.publication = publication
    return program_save(program=program, changed_by=changed_by, origin="publication")


def program_publish(*, program: Program, changed_by: User | None = None) -> ProgramChange | None:
    return program_set_publication(
        program=program, publication=Publication.PUBLISHED, changed_by=changed_by
    )


def program_archive(*, program: Program, changed_by: User | None = None) -> ProgramChange | None:
    return program_set_publication(
        program=program, publication=Publication.ARCHIVED, changed_by=changed_by
    )


@transaction.atomic
def funding_organization_get_or_create(*, name: str) -> FundingOrganization:
    name = name.strip()
    org = FundingOrganization.objects.filter(name=name).first()
    if org is not None:
        return org
    slug = unique_slug(FundingOrganization, name, fallback="organization")
    return FundingOrganization.objects.create(name=name, slug=slug)


@transaction.atomic
def funding_organization_names_set(*, english_names: Mapping[str, str]) -> int:
    """Give the funding organizations named in ``english_names`` (catalogue name -> official
    English name) that English name; returns how many changed (0 when run again)."""
    changed = 0
    for organization in FundingOrganization.objects.filter(name__in=list(english_names)):
        wanted = english_names[organization.name].strip()
        if wanted and organization.name_en != wanted:
            organization.name_en = wanted
            funding_organization_save(organization=organization)
            changed += 1
    return changed


@transaction.atomic
def funding_organization_save(*, organization: FundingOrganization) -> None:
    """Save a funding organization (admin) and re-index its programs: their pages and search
    show its name, and the re-index bumps the catalogue version the cached pages depend on."""
    organization.save()
    for program in Program.objects.filter(roles__organization=organization).distinct():
        program_reindex(program=program)


@transaction.atomic
def funding_organization_delete(*, organization: FundingOrganization) -> None:
    """Delete a funding organization (its program roles go with it) and re-index the programs
    that named it."""
    programs = list(Program.objects.filter(roles__organization=organization).distinct())
    organization.delete()
    for program in programs:
        program_reindex(program=program)


@transaction.atomic
def program_set_organizations(*, program: Program, organizations: list[tuple[str, str]]) -> bool:
    """Replace the program's organizations by ``[(name, role), ...]``; True if changed."""
    wanted = {
        (funding_organization_get_or_create(name=name).pk, role)
        for name, role in organizations
        if name.strip()
    }
    for _pk, role in wanted:
        if role not in OrganizationRole.values:
            raise ValueError(f"unknown role {role!r}")
    current = set(program.roles.values_list("organization_id", "role"))
    if current == wanted:
        return False
    program.roles.all().delete()
    ProgramOrganization.objects.bulk_create(
        ProgramOrganization(program=program, organization_id=pk, role=role) for pk, role in wanted
    )
    return True


def _dec(value: str) -> Decimal | None:
    value = (value or "").strip()
    return Decimal(value) if value else None


def _int(value: str) -> int | None:
    value = (value or "").strip()
    return int(float(value)) if value else None


def _codes(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def program_fields_from_record(
    record: Mapping[str, str],
    *,
    summaries: Mapping[str, tuple[str, str]] | None = None,
    windows: Mapping[str, list[dict[str, str]]] | None = None,
) -> dict[str, Any]:
    """Model field values from a flat catalogue record (CSV columns + criteria columns,
    ``status_note_fr`` / ``status_note_en`` when the product wrote them); with
    ``windows`` (slug -> intake windows), the program's intake windows too."""
    slug = record["id"].strip()
    summary_fr, summary_en = (summaries or {}).get(
        slug, (record.get("summary_fr", ""), record.get("summary_en", ""))
    )
    return {
        "name_fr": record.get("name_fr", "").strip() or record.get("name_en", "").strip(),
        "name_en": record.get("name_en", "").strip() or record.get("name_fr", "").strip(),
        "summary_fr": (summary_fr or "").strip(),
        "summary_en": (summary_en or "").strip(),
        "level": record.get("level", "").strip(),
        "aid_types": _codes(record.get("aid_types", "")),
        "phases": _codes(record.get("phases", "")),
        "eligible_sizes": _codes(record.get("eligible_sizes", "")),
        "employees_min": _int(record.get("employees_min", "")),
        "employees_max": _int(record.get("employees_max", "")),
        "revenue_min_cad": _dec(record.get("revenue_min_cad", "")),
        "revenue_max_cad": _dec(record.get("revenue_max_cad", "")),
        "years_in_business_min": _int(record.get("years_in_business_min", "")),
        "years_in_business_max": _int(record.get("years_in_business_max", "")),
        "founder_age_min": _int(record.get("founder_age_min", "")),
        "founder_age_max": _int(record.get("founder_age_max", "")),
        "regions": _codes(record.get("regions", "")),
        "regions_excluded": _codes(record.get("regions_excluded", "")),
        "naics_prefixes_allowed": _codes(record.get("naics_prefixes_allowed", "")),
        "naics_prefixes_excluded": _codes(record.get("naics_prefixes_excluded", "")),
        "legal_forms": _codes(record.get("legal_forms", "")),
        "sector_focus": (record.get("sector_focus", "") or "").strip(),
        "requires_export_project": (record.get("requires_export_project", "") or "").strip().lower()
        in ("yes", "true", "1"),
        "project_cost_min_cad": _dec(record.get("project_cost_min_cad", "")),
        "other_conditions_fr": (record.get("other_conditions_fr", "") or "").strip(),
        "other_conditions_en": (record.get("other_conditions_en", "") or "").strip(),
        "public_aid_cap_pct": _dec(record.get("public_aid_cap_pct", "")),
        "criteria_evidence": (record.get("evidence", "") or "").strip(),
        "max_amount_cad": _dec(record.get("max_amount_cad", "")),
        "amount_min_cad": _dec(record.get("amount_min_cad", "")),
        "amount_basis": (record.get("amount_basis", "") or "").strip() or "project",
        "amount_per_unit_cad": _dec(record.get("amount_per_unit_cad", "")),
        "cost_share_pct": _dec(record.get("cost_share_pct", "")),
        "cost_share_pct_large_firm": _dec(record.get("cost_share_pct_large_firm", "")),
        "plan_instrument": (record.get("plan_instrument", "") or "").strip(),
        "status": (record.get("status", "") or "").strip() or "unknown",
        "status_note_fr": (record.get("status_note_fr", "") or "").strip(),
        "status_note_en": (
            record.get("status_note_en", "") or record.get("status_note", "") or ""
        ).strip(),
        "deadline_type": (record.get("deadline_type", "") or "").strip() or "unknown",
        "url": (record.get("url", "") or "").strip(),
        "source_url": (record.get("source_url", "") or "").strip(),
        "evidence_confidence": (record.get("evidence_confidence", "") or "").strip() or "low",
        **({} if windows is None else {"intake_windows": list(windows.get(slug, []))}),
    }


def _verified_on(record: Mapping[str, str]) -> date | None:
    """The row's ``verified_on`` (None: never re-checked, or not a date)."""
    try:
        return date.fromisoformat((record.get("verified_on", "") or "").strip())
    except ValueError:
        return None


def _staff_verified(program: Program) -> date | None:
    """The last "last verified" date staff set on the program (curation, admin), if any."""
    if program.pk is None:
        return None
    changes = program.changes.exclude(source="reference").order_by("-changed_at", "-pk")
    for change in changes:
        pair = (change.changes or {}).get("last_verified")
        if isinstance(pair, list) and len(pair) == 2 and pair[1]:
            try:
                return date.fromisoformat(str(pair[1]))
            except ValueError:
                return None
    return None


@transaction.atomic
def program_upsert_from_record(
    *,
    record: Mapping[str, str],
    loaded_on: date,
    summaries: Mapping[str, tuple[str, str]] | None = None,
    windows: Mapping[str, list[dict[str, str]]] | None = None,
    changed_by: User | None = None,
) -> str:
    """Create or update the program of a reference record; returns created/updated/unchanged.

    A new program is published. An update keeps the staff's publication state. "Last
    verified" is the row's ``verified_on`` (None when never re-checked) unless staff
    recorded a later check; "status as of" moves when the status or its note changed.
    """
    slug = record["id"].strip()
    fields = program_fields_from_record(record, summaries=summaries, windows=windows)
    program = Program.objects.filter(slug=slug).first()
    created = program is None
    if program is None:
        program = Program(slug=slug, publication=Publication.PUBLISHED)
    changed = created
    status_changed = created
    for name, value in fields.items():
        if _plain(getattr(program, name)) != _plain(value):
            setattr(program, name, value)
            changed = True
            status_changed = status_changed or name in (
                "status",
                "status_note_fr",
                "status_note_en",
            )
    # "Last verified" is the row's own date (empty: never re-checked), not the load date;
    # a later check recorded by staff stands.
    verified = _verified_on(record)
    staff = _staff_verified(program)
    if staff is not None and (verified is None or staff > verified):
        verified = staff
    if program.last_verified != verified:
        program.last_verified = verified
        changed = True
    if changed:
        if status_changed or program.status_as_of is None:
            program.status_as_of = verified or loaded_on
        program_save(program=program, changed_by=changed_by, origin="reference")
    organization = (record.get("organization", "") or "").strip()
    orgs_changed = program_set_organizations(
        program=program,
        organizations=[(organization, OrganizationRole.ADMINISTRATOR)] if organization else [],
    )
    if orgs_changed:
        # The organization names are part of the search index.
        program_index(program)
        program_reindex(program=program)
    if created:
        return "created"
    return "updated" if changed or orgs_changed else "unchanged"


@transaction.atomic
def support_organization_upsert(*, slug: str, fields: Mapping[str, Any]) -> str:
    """Create or update an export-support body from the reference data. The file dates none
    of its rows, so "last verified" stays what staff recorded (blank: shown as unknown); the
    day the file was loaded is not a verification."""
    org = SupportOrganization.objects.filter(slug=slug).first()
    if org is None:
        SupportOrganization.objects.create(slug=slug, **fields)
        return "created"
    changed = False
    for name, value in fields.items():
        if getattr(org, name) != value:
            setattr(org, name, value)
            changed = True
    if not changed:
        return "unchanged"
    org.save()
    return "updated"


def today() -> date:
    return timezone.localdate()


# ------------------------------------------------------------------ matching (engine)


def programs_match_json(*, data: Any, lang: Lang | None = None) -> MatchResult:
    """Rank the catalogue for the CLI's JSON input (raises EngineInputError)."""
    request = matching.parse_match_request(data, today=timezone.localdate(), lang=lang)
    return matching.match(request, engine_catalogue())


def programs_match_for_organization(
    *,
    organization: Organization,
    goals: list[str],
    cost_cad: float | None,
    export_markets: list[str],
    founder_age: int | None,
    lang: Lang,
    limit: int = matching.DEFAULT_LIMIT,
) -> MatchResult:
    """Rank the catalogue for a member organization's profile and a project."""
    data = {
        "organization": organization_profile(organization, founder_age=founder_age),
        "project": {"goals": goals, "cost_cad": cost_cad, "export_markets": export_markets},
        "limit": limit,
    }
    return programs_match_json(data=data, lang=lang)


@transaction.atomic
def program_reindex(*, program: Program) -> None:
    """Refresh the search fields after the organizations changed (no history row)."""
    program_index(program)
    Program.objects.filter(pk=program.pk).update(
        updated_at=timezone.now(),  # the search snapshot's version
        search_text=program.search_text,
        search_name=program.search_name,
        facet_keys=program.facet_keys,
    )


@transaction.atomic
def programs_reindex() -> int:
    """Rebuild the search fields of every program whose stored ones are out of date (the
    search module or its synonyms changed); returns how many changed."""
    changed = 0
    for program in Program.objects.prefetch_related("organizations"):
        before = (program.search_text, program.search_name, program.facet_keys)
        program_index(program)
        if (program.search_text, program.search_name, program.facet_keys) != before:
            program_reindex(program=program)
            changed += 1
    return changed
