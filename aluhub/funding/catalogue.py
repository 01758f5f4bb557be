"""The funding catalogue as engine ``Program`` objects (plain Python, no Django).

Two sources share one conversion, :func:`program_from_record`: the reference CSV files
shipped with AluHub (``aluhub/data/funding_programs.csv`` for the programs and
``aluhub/funding/criteria.csv`` for the structured eligibility criteria read from each
program's summary), and later the database, whose rows can be flattened to the same
column names.

A record is a flat mapping of strings. Lists are ``;``-separated. A blank cell means
"not stated" and stays ``None`` / empty; nothing is filled by guess.
``years_in_business_max`` is exclusive ("under N years"); other bounds are inclusive.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from aluhub.engines.matching import (
    AID_TYPES,
    AMOUNT_BASES,
    CONFIDENCE_LEVELS,
    LEGAL_FORMS,
    PHASES,
    PROGRAM_STATUSES,
    REGION_CODES,
    SECTOR_NAICS,
    Program,
)
from aluhub.engines.sizes import SIZE_CLASSES

PACKAGE_DIR = Path(__file__).resolve().parent
PROGRAMS_CSV = PACKAGE_DIR.parent / "data" / "funding_programs.csv"
CRITERIA_CSV = PACKAGE_DIR / "criteria.csv"
# The product's French and English wording of the status notes (same facts as the rows).
STATUS_NOTES_CSV = PACKAGE_DIR / "status_notes.csv"

#: A program's bounds on the applicant: head count, revenue, years in business, founder's age.
APPLICANT_BOUNDS: tuple[str, ...] = (
    "employees_min",
    "employees_max",
    "revenue_min_cad",
    "revenue_max_cad",
    "years_in_business_min",
    "years_in_business_max",
    "founder_age_min",
    "founder_age_max",
)

CRITERIA_COLUMNS: tuple[str, ...] = (
    *APPLICANT_BOUNDS,
    "naics_prefixes_allowed",
    "naics_prefixes_excluded",
    "legal_forms",
    "requires_export_project",
    "project_cost_min_cad",
    "amount_min_cad",
    "amount_basis",
    "amount_per_unit_cad",
    "plan_instrument",
    "public_aid_cap_pct",
    "cost_share_pct_large_firm",
    "regions_excluded",
    "sector_focus",
    "other_conditions_en",
    "other_conditions_fr",
    "evidence",
)


class CatalogueError(ValueError):
    """A record that cannot become a Program; names the program and the column."""

    def __init__(self, slug: str, column: str, message: str) -> None:
        super().__init__(f"{slug or '?'}: {column}: {message}")
        self.slug = slug
        self.column = column
        self.message = message


def _text(record: Mapping[str, str | None], column: str) -> str:
    value = record.get(column)
    return "" if value is None else str(value).strip()


def _list(
    record: Mapping[str, str | None], column: str, slug: str, allowed: tuple[str, ...] | None
) -> tuple[str, ...]:
    items = tuple(part.strip() for part in _text(record, column).split(";") if part.strip())
    if allowed is not None:
        for item in items:
            if item not in allowed:
                raise CatalogueError(slug, column, f"unknown value {item!r}")
    return items


def _number(record: Mapping[str, str | None], column: str, slug: str) -> float | None:
    raw = _text(record, column)
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise CatalogueError(slug, column, f"not a number: {raw!r}") from None
    if value < 0 or value != value:
        raise CatalogueError(slug, column, f"must be >= 0: {raw!r}")
    return value


def _int(record: Mapping[str, str | None], column: str, slug: str) -> int | None:
    value = _number(record, column, slug)
    if value is None:
        return None
    if not value.is_integer():
        raise CatalogueError(slug, column, f"must be a whole number: {value}")
    return int(value)


def _percent(record: Mapping[str, str | None], column: str, slug: str) -> float | None:
    value = _number(record, column, slug)
    if value is not None and value > 100:
        raise CatalogueError(slug, column, f"must be a percentage (0-100): {value}")
    return value


def _choice(
    record: Mapping[str, str | None], column: str, slug: str, allowed: tuple[str, ...], default: str
) -> str:
    value = _text(record, column) or default
    if value not in allowed:
        raise CatalogueError(slug, column, f"must be one of {', '.join(allowed)}")
    return value


def _yes_no(record: Mapping[str, str | None], column: str, slug: str) -> bool:
    value = _text(record, column).lower()
    if value in ("", "no", "false", "0"):
        return False
    if value in ("yes", "true", "1"):
        return True
    raise CatalogueError(slug, column, f"must be yes or no: {value!r}")


def program_from_record(record: Mapping[str, str | None]) -> Program:
    """Build a :class:`Program` from a flat record (the programs CSV's columns plus the
    criteria columns). Raises :class:`CatalogueError` naming the bad column."""
    slug = _text(record, "id")
    if not slug:
        raise CatalogueError(slug, "id", "is required")
    name_fr = _text(record, "name_fr")
    name_en = _text(record, "name_en")
    if not (name_fr or name_en):
        raise CatalogueError(slug, "name_fr", "a name is required")
    plan_instrument = _text(record, "plan_instrument")
    if plan_instrument and plan_instrument not in AID_TYPES:
        raise CatalogueError(slug, "plan_instrument", f"unknown aid type {plan_instrument!r}")
    low_emp, high_emp = _int(record, "employees_min", slug), _int(record, "employees_max", slug)
    if low_emp is not None and high_emp is not None and low_emp > high_emp:
        raise CatalogueError(slug, "employees_max", "is below employees_min")
    return Program(
        slug=slug,
        name_fr=name_fr or name_en,
        name_en=name_en or name_fr,
        organization=_text(record, "organization"),
        level=_text(record, "level"),
        aid_types=_list(record, "aid_types", slug, AID_TYPES),
        phases=_list(record, "phases", slug, PHASES),
        eligible_sizes=_list(record, "eligible_sizes", slug, SIZE_CLASSES),
        regions=_list(record, "regions", slug, REGION_CODES),
        max_amount_cad=_number(record, "max_amount_cad", slug),
        cost_share_pct=_percent(record, "cost_share_pct", slug),
        status=_choice(record, "status", slug, PROGRAM_STATUSES, "unknown"),
        status_note=_text(record, "status_note"),
        evidence_confidence=_choice(record, "evidence_confidence", slug, CONFIDENCE_LEVELS, "low"),
        # The official page first; the research source only when there is none.
        url=_text(record, "url") or _text(record, "source_url"),
        employees_min=low_emp,
        employees_max=high_emp,
        revenue_min_cad=_number(record, "revenue_min_cad", slug),
        revenue_max_cad=_number(record, "revenue_max_cad", slug),
        years_in_business_min=_int(record, "years_in_business_min", slug),
        years_in_business_max=_int(record, "years_in_business_max", slug),
        founder_age_min=_int(record, "founder_age_min", slug),
        founder_age_max=_int(record, "founder_age_max", slug),
        naics_prefixes_allowed=_list(record, "naics_prefixes_allowed", slug, None),
        naics_prefixes_excluded=_list(record, "naics_prefixes_excluded", slug, None),
        legal_forms=_list(record, "legal_forms", slug, LEGAL_FORMS),
        requires_export_project=_yes_no(record, "requires_export_project", slug),
        project_cost_min_cad=_number(record, "project_cost_min_cad", slug),
        amount_min_cad=_number(record, "amount_min_cad", slug),
        amount_basis=_choice(record, "amount_basis", slug, AMOUNT_BASES, "project"),
        amount_per_unit_cad=_number(record, "amount_per_unit_cad", slug),
        plan_instrument=plan_instrument,
        public_aid_cap_pct=_percent(record, "public_aid_cap_pct", slug),
        cost_share_pct_large_firm=_percent(record, "cost_share_pct_large_firm", slug),
        other_conditions_fr=_text(record, "other_conditions_fr"),
        other_conditions_en=_text(record, "other_conditions_en"),
        regions_excluded=_list(
            _with_late(record, "regions_excluded"), "regions_excluded", slug, REGION_CODES
        ),
        sector_focus=_list(
            _with_late(record, "sector_focus"), "sector_focus", slug, tuple(SECTOR_NAICS)
        ),
    )


# Criteria columns added after the database schema was set: a record that lacks the
# column altogether (a row flattened from the database, whose model has no such field
# yet) takes the value of the shipped criteria file for the same slug, so both sources
# give the engines the same programs. A record that has the column, even blank, wins.
LATE_COLUMNS: tuple[str, ...] = ("regions_excluded", "sector_focus")


@cache
def _shipped_criteria() -> dict[str, dict[str, str]]:
    if not CRITERIA_CSV.exists():  # pragma: no cover - the file ships with AluHub
        return {}
    return {row["id"]: row for row in _read_csv(CRITERIA_CSV)}


def _with_late(record: Mapping[str, str | None], column: str) -> Mapping[str, str | None]:
    if column in record:
        return record
    shipped = _shipped_criteria().get(_text(record, "id"), {})
    return {column: shipped.get(column, "")}


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def load_records(
    programs_csv: Path = PROGRAMS_CSV,
    criteria_csv: Path = CRITERIA_CSV,
    *,
    only_known: bool = False,
) -> list[dict[str, str]]:
    """The flat records: each program row merged with its criteria row (by ``id``).

    A criteria row whose program is not in ``programs_csv`` is an error, unless
    ``only_known`` (a catalogue file holding part of the programs, ``--catalogue``).
    """
    programs = _read_csv(programs_csv)
    criteria = {row["id"]: row for row in _read_csv(criteria_csv)}
    known = {row["id"] for row in programs}
    for slug in criteria:
        if slug not in known and not only_known:
            raise CatalogueError(
                slug, "id", f"criteria row for an unknown program in {criteria_csv}"
            )
    notes = {r["id"]: r for r in _read_csv(STATUS_NOTES_CSV)} if STATUS_NOTES_CSV.exists() else {}
    records = []
    for row in programs:
        extra = criteria.get(row["id"], {})
        merged = dict(row)
        for column in CRITERIA_COLUMNS:
            merged[column] = extra.get(column, "") or ""
        # The engine reads the English note, as the database serves it.
        merged["status_note"] = notes.get(row["id"], {}).get("status_note_en") or row.get(
            "status_note", ""
        )
        records.append(merged)
    return records


@cache
def _reference_programs() -> tuple[Program, ...]:
    return tuple(program_from_record(r) for r in load_records())


def load_reference_programs() -> list[Program]:
    """The 63 reference programs with their criteria (read once, then cached)."""
    return list(_reference_programs())
