"""``aluhub load_reference_data`` for funding: the 63 programs (aluhub/data/
funding_programs.csv merged with aluhub/funding/criteria.csv) and the 25 export-support
organizations (aluhub/data/export_support_orgs.csv). Upserts by id (= slug); running it
twice changes nothing the second time."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from aluhub.common.reference import LoadSummary, ProgressFactory
from aluhub.common.regions import region_code_for_name
from aluhub.engines.text import french_prose

from . import services
from .catalogue import CRITERIA_COLUMNS, CRITERIA_CSV, PROGRAMS_CSV

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SUPPORT_CSV = DATA_DIR / "export_support_orgs.csv"
SUMMARIES_CSV = Path(__file__).resolve().parent / "summaries.csv"
WINDOWS_CSV = DATA_DIR / "funding_intake_windows.csv"
# The product's own French and English texts for the research notes (same facts).
STATUS_NOTES_CSV = Path(__file__).resolve().parent / "status_notes.csv"
WINDOW_NOTES_CSV = Path(__file__).resolve().parent / "window_notes.csv"
# The official English names of the funding and export-support organizations, where certain
# (the shared files' name -> English name); the others keep their one name.
ORGANIZATION_NAMES_CSV = Path(__file__).resolve().parent / "organization_names.csv"
#: Region cells that mean "the whole province".
ALL_QUEBEC = {"ensemble du québec", "québec", "quebec", "all of québec", "province"}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def program_records(
    programs_csv: Path = PROGRAMS_CSV, criteria_csv: Path = CRITERIA_CSV
) -> list[dict[str, str]]:
    """Program rows merged with their criteria rows (criteria file optional)."""
    programs = _read(programs_csv)
    criteria = {r["id"]: r for r in _read(criteria_csv)} if criteria_csv.exists() else {}
    notes = {r["id"]: r for r in _read(STATUS_NOTES_CSV)} if STATUS_NOTES_CSV.exists() else {}
    records = []
    for row in programs:
        merged = dict(row)
        note = notes.get(row["id"], {})
        merged["status_note_fr"] = note.get("status_note_fr", "")
        merged["status_note_en"] = note.get("status_note_en", "") or row.get("status_note", "")
        extra = criteria.get(row["id"], {})
        for column in CRITERIA_COLUMNS:
            merged[column] = extra.get(column, "") or ""
        records.append(merged)
    return records


def intake_windows(
    path: Path = WINDOWS_CSV, notes_path: Path = WINDOW_NOTES_CSV
) -> dict[str, list[dict[str, str]]]:
    """The dated intake windows of each program (slug -> windows, earliest first): opens,
    closes (ISO, "" = unknown), the source, and the product's note in both languages."""
    notes = {(r["id"], r["opens_on"], r["closes_on"]): r for r in _read(notes_path)}
    found: dict[str, list[dict[str, str]]] = {}
    for row in _read(path):
        key = (row["id"].strip(), row["opens_on"].strip(), row["closes_on"].strip())
        note = notes.get(key, {})
        window = {"opens": key[1], "closes": key[2], "source_url": row["source_url"].strip()}
        window["note_fr"] = note.get("note_fr", "")
        window["note_en"] = note.get("note_en", "") or row.get("window_note", "").strip()
        found.setdefault(key[0], []).append(window)
    for windows in found.values():
        windows.sort(key=lambda w: (w["opens"] or w["closes"], w["closes"]))
    return found


def own_summaries(path: Path = SUMMARIES_CSV) -> dict[str, tuple[str, str]]:
    """Summaries written for the product (id -> (fr, en)), when the file exists."""
    if not path.exists():
        return {}
    return {
        r["id"]: (r["summary_fr"], r["summary_en"])
        for r in _read(path)
        if r.get("summary_fr") or r.get("summary_en")
    }


def region_codes(cell: str) -> list[str]:
    """Codes of a ``;``-separated region cell; "Ensemble du Québec" -> [] (all)."""
    codes: list[str] = []
    for name in (part.strip() for part in (cell or "").split(";")):
        if not name or name.casefold() in ALL_QUEBEC:
            return []
        code = region_code_for_name(name)
        if code is None:
            raise ValueError(f"unknown region name {name!r}")
        codes.append(code)
    return sorted(set(codes))


def load_programs(progress: ProgressFactory, *, loaded_on: date) -> LoadSummary:
    summary = LoadSummary("funding programs")
    records = program_records()
    summaries = own_summaries()
    windows = intake_windows()
    for record in progress(records, total=len(records), desc="funding programs"):
        outcome = services.program_upsert_from_record(
            record=record, loaded_on=loaded_on, summaries=summaries, windows=windows
        )
        setattr(summary, outcome, getattr(summary, outcome) + 1)
    return summary


def english_names(path: Path = ORGANIZATION_NAMES_CSV) -> dict[str, str]:
    """Catalogue name -> the body's official English name (where certain)."""
    return {r["name"].strip(): r["name_en"].strip() for r in _read(path)}


def load_organization_names(path: Path = ORGANIZATION_NAMES_CSV) -> LoadSummary:
    summary = LoadSummary("funding organization English names")
    names = english_names(path)
    summary.updated = services.funding_organization_names_set(english_names=names)
    summary.unchanged = len(names) - summary.updated
    return summary


def load_support_organizations(progress: ProgressFactory) -> LoadSummary:
    summary = LoadSummary("export-support organizations")
    rows = _read(SUPPORT_CSV)
    names = english_names()
    for row in progress(rows, total=len(rows), desc="export-support organizations"):
        outcome = services.support_organization_upsert(
            slug=row["id"].strip(),
            fields={
                "name": row["name"].strip(),
                "name_en": names.get(row["name"].strip(), ""),
                "regions": region_codes(row["region"]),
                "services_fr": french_prose(row["services_fr"].strip()),
                "services_en": row["services_en"].strip(),
                "url": row["url"].strip(),
                "source_url": row["source_url"].strip(),
                "evidence_confidence": row["evidence_confidence"].strip() or "low",
            },
        )
        setattr(summary, outcome, getattr(summary, outcome) + 1)
    return summary


@transaction.atomic
def load_reference(progress: ProgressFactory) -> list[LoadSummary]:
    loaded_on = timezone.localdate()
    summaries = [
        load_programs(progress, loaded_on=loaded_on),
        load_organization_names(),
        load_support_organizations(progress),
    ]
    reindex_search()
    return summaries


def reindex_search() -> int:
    """Rebuild the programs' stored search documents (``aluhub reindex``)."""
    return services.programs_reindex()
